// Placeholder filter: values that stand for a secret without being one.
//
// Documentation, templates and example configs are full of them: `${DB_PASSWORD}`, `$TOKEN`,
// `{{ .Values.key }}`, `<your-token>`, `%(password)s`, `xxxxxxxx`, `****`, `changeme`,
// AWS's documented `...EXAMPLE` key. A rule applies this filter to its secret unless it sets
// `placeholder_filter = false`.
//
// Thread safety: pure function.
#pragma once

#include <string_view>

namespace keysweep {

// True when `value` is a placeholder, template, variable reference or well-known dummy.
bool looks_like_placeholder(std::string_view value);

}  // namespace keysweep
