#include "scanner/report/json_stream.h"

#include <string>

namespace keysweep {

void write_nested_json(std::ostream& out, const OrderedJson& value, int depth) {
  const std::string text = value.dump(2, ' ', false, OrderedJson::error_handler_t::replace);
  const std::string pad = "\n" + std::string(2 * depth, ' ');
  size_t pos = 0;
  while (true) {
    const size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) break;
    out.write(text.data() + pos, static_cast<std::streamsize>(nl - pos));
    out << pad;
    pos = nl + 1;
  }
  out.write(text.data() + pos, static_cast<std::streamsize>(text.size() - pos));
}

}  // namespace keysweep
