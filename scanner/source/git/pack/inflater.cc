#include "scanner/source/git/pack/inflater.h"

#include <libdeflate.h>
#include <zlib.h>

#include <new>
#include <string>

namespace keysweep {

Inflater::Inflater() {
  libdeflate_ = libdeflate_alloc_decompressor();
  if (!libdeflate_) throw std::bad_alloc();
  zstream_ = new z_stream{};
}

Inflater::~Inflater() {
  z_stream* zs = static_cast<z_stream*>(zstream_);
  if (zstream_ready_) inflateEnd(zs);
  delete zs;
  libdeflate_free_decompressor(libdeflate_);
}

Status Inflater::inflate_exact(const unsigned char* in, size_t in_size, unsigned char* out, size_t out_size) {
  unsigned char none = 0;  // libdeflate wants a valid pointer even for an empty output
  size_t consumed = 0;
  const libdeflate_result r =
      libdeflate_zlib_decompress_ex(libdeflate_, in, in_size, out_size ? out : &none, out_size, &consumed, nullptr);
  switch (r) {
    case LIBDEFLATE_SUCCESS:
      break;
    case LIBDEFLATE_SHORT_OUTPUT:
      return Status::error("zlib stream inflates to fewer than the " + std::to_string(out_size) +
                           " bytes its header declares");
    case LIBDEFLATE_INSUFFICIENT_SPACE:
      return Status::error("zlib stream inflates to more than the " + std::to_string(out_size) +
                           " bytes its header declares");
    default:
      return Status::error("corrupt zlib stream");
  }
  if (consumed != in_size) {
    return Status::error("zlib stream ends after " + std::to_string(consumed) + " of the entry's " +
                         std::to_string(in_size) + " data bytes");
  }
  return Status::ok();
}

Result<size_t> Inflater::inflate_prefix(const unsigned char* in, size_t in_size, unsigned char* out, size_t want) {
  z_stream* zs = static_cast<z_stream*>(zstream_);
  if (!zstream_ready_) {
    if (inflateInit(zs) != Z_OK) return Status::error("zlib: cannot initialise");
    zstream_ready_ = true;
  } else if (inflateReset(zs) != Z_OK) {
    return Status::error("zlib: cannot reset");
  }
  // zlib counts in uInt; a prefix needs only the first compressed bytes, so clamp.
  zs->next_in = const_cast<unsigned char*>(in);
  zs->avail_in = static_cast<uInt>(in_size > (1u << 30) ? (1u << 30) : in_size);
  zs->next_out = out;
  zs->avail_out = static_cast<uInt>(want);
  while (zs->avail_out > 0) {
    const int rc = inflate(zs, Z_SYNC_FLUSH);
    if (rc == Z_STREAM_END) break;
    if (rc != Z_OK) return Status::error("corrupt zlib stream");
    if (zs->avail_in == 0) return Status::error("zlib stream truncated");
  }
  return static_cast<size_t>(want - zs->avail_out);
}

}  // namespace keysweep
