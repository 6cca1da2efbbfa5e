#include "scanner/source/chunk_stream.h"

#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "scanner/decode/transcode.h"

namespace keysweep {
namespace {

constexpr size_t kReadStep = 4u << 20;  // largest single read() into a window buffer

uint32_t utf16_unit(std::string_view s, size_t i, TextEncoding e) {
  const auto b0 = static_cast<uint32_t>(static_cast<unsigned char>(s[i]));
  const auto b1 = static_cast<uint32_t>(static_cast<unsigned char>(s[i + 1]));
  return e == TextEncoding::kUtf16Le ? (b0 | b1 << 8) : (b0 << 8 | b1);
}

}  // namespace

FdReader::~FdReader() {
  if (owned_ && fd_ >= 0) ::close(fd_);
}

Result<size_t> FdReader::read(char* buf, size_t n) {
  while (true) {
    const ssize_t got = ::read(fd_, buf, n);
    if (got >= 0) {
      if (remaining_) *remaining_ -= std::min<uint64_t>(*remaining_, static_cast<uint64_t>(got));
      return static_cast<size_t>(got);
    }
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      // A pipe left in non-blocking mode by whoever set up our stdin: wait for data.
      pollfd p{fd_, POLLIN, 0};
      (void)::poll(&p, 1, -1);
      continue;
    }
    return Status::error("reading " + name_ + ": " + std::strerror(errno));
  }
}

Result<size_t> MemoryReader::read(char* buf, size_t n) {
  const size_t k = std::min(n, bytes_.size() - pos_);
  std::memcpy(buf, bytes_.data() + pos_, k);
  pos_ += k;
  return k;
}

WindowGeometry WindowGeometry::normalized() const {
  WindowGeometry g;
  g.window_size = std::clamp(window_size, kMinWindow, kMaxWindow) & ~size_t{3};
  g.overlap = overlap & ~size_t{3};
  return g;
}

ChunkStream::ChunkStream(Provenance provenance, DetectedEncoding encoding, std::string head,
                         std::unique_ptr<ByteReader> rest, WindowGeometry geometry, uint64_t read_limit,
                         bool check_overflow)
    : provenance_(std::move(provenance)),
      encoding_(encoding),
      reader_(std::move(rest)),
      geometry_(geometry.normalized()),
      read_limit_(read_limit),
      check_overflow_(check_overflow),
      buf_(std::move(head)) {
  total_read_ = buf_.size();
  eof_ = reader_ == nullptr;
}

Status ChunkStream::fill(uint64_t target_end) {
  const uint64_t span = target_end - buf_begin_;
  while (!eof_ && buf_end() < target_end) {
    if (total_read_ >= read_limit_) {
      if (check_overflow_) {
        char c;
        Result<size_t> n = reader_->read(&c, 1);
        if (!n) return n.status();
        if (*n > 0) over_limit_ = true;
      }
      eof_ = true;
      break;
    }
    const size_t want = static_cast<size_t>(std::min({target_end - buf_end(), read_limit_ - total_read_,
                                                      static_cast<uint64_t>(kReadStep)}));
    if (buf_.size() + want > buf_.capacity()) {
      // Grow to what this window needs, never to what the input's length says.
      uint64_t cap = std::max<uint64_t>(buf_.size() + want, 2 * static_cast<uint64_t>(buf_.capacity()));
      if (std::optional<uint64_t> rem = reader_->remaining()) cap = buf_.size() + std::max<uint64_t>(*rem, want);
      buf_.reserve(static_cast<size_t>(std::min(cap, span)));
    }
    const size_t old = buf_.size();
    buf_.resize(old + want);
    Result<size_t> n = reader_->read(buf_.data() + old, want);
    if (!n) {
      buf_.resize(old);
      return n.status();
    }
    buf_.resize(old + *n);
    total_read_ += *n;
    if (*n == 0) eof_ = true;
  }
  return Status::ok();
}

uint64_t ChunkStream::next_start() const {
  uint64_t s = owned_end_ > geometry_.overlap ? owned_end_ - geometry_.overlap : 0;
  s = std::max(s, buf_begin_);
  const TextEncoding e = encoding_.encoding;
  if ((e == TextEncoding::kUtf16Le || e == TextEncoding::kUtf16Be) && s >= buf_begin_ + 2 && s + 2 <= buf_end()) {
    const uint32_t here = utf16_unit(buf_, static_cast<size_t>(s - buf_begin_), e);
    const uint32_t before = utf16_unit(buf_, static_cast<size_t>(s - 2 - buf_begin_), e);
    if (here >= 0xDC00 && here <= 0xDFFF && before >= 0xD800 && before <= 0xDBFF) s -= 2;
  }
  return s;
}

Result<std::optional<ChunkStream::Window>> ChunkStream::next() {
  if (last_) return std::optional<Window>();
  const uint64_t w = geometry_.window_size;
  const uint64_t v = geometry_.overlap;
  ChunkOrigin origin;
  uint64_t owned_begin = 0;
  if (!started_) {
    started_ = true;
    if (Status st = fill(w + v); !st) return st;
    // The byte-order mark is not text: leave it out so line 1's columns start after it.
    const size_t bom = std::min(encoding_.bom_size, buf_.size());
    buf_.erase(0, bom);
    buf_begin_ = bom;
    origin = ChunkOrigin{bom, 1, 1};
  } else {
    origin = chunk_->origin_at(next_mark_);
    origin.offset = next_begin_;
    if (transcoded_) {
      text_ = std::move(*chunk_).take_bytes();
    } else {
      buf_ = std::move(*chunk_).take_bytes();
    }
    chunk_.reset();
    buf_.erase(0, static_cast<size_t>(next_begin_ - buf_begin_));
    buf_begin_ = next_begin_;
    owned_begin = owned_end_;
    if (Status st = fill(owned_begin + w + v); !st) return st;
  }
  if (eof_) {
    owned_end_ = buf_end();
    last_ = true;
  } else {
    owned_end_ = owned_begin + w;
    next_begin_ = next_start();
  }
  const size_t mark = last_ ? buf_.size() : static_cast<size_t>(next_begin_ - buf_begin_);
  if (encoding_.encoding == TextEncoding::kUtf8) {
    transcoded_ = false;
    next_mark_ = mark;
    chunk_.emplace(std::move(buf_), provenance_, origin);
  } else {
    transcoded_ = true;
    Transcoded t = transcode_to_utf8(buf_, encoding_.encoding, mark, &text_);
    next_mark_ = t.mark_text;
    chunk_.emplace(std::move(text_), provenance_, origin, std::move(t.map));
  }
  return std::optional<Window>(Window{&*chunk_, owned_begin, owned_end_});
}

}  // namespace keysweep
