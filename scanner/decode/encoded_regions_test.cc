#include "scanner/decode/encoded_regions.h"

#include <catch2/catch.hpp>

#include <string>
#include "tests/support/base64_encode.h"

namespace keysweep {
namespace {


struct Found {
  std::unique_ptr<RegionFinder> finder;
  EncodedRegions regions;
};

// Where the rules would capture a value, roughly: after a blank, '=', ':' or a quote.
std::vector<uint32_t> value_starts(std::string_view chunk) {
  std::vector<uint32_t> starts;
  for (size_t p = 1; p < chunk.size(); ++p) {
    const char c = chunk[p - 1];
    if (c == ' ' || c == '=' || c == ':' || c == '"' || c == '\'') starts.push_back(static_cast<uint32_t>(p));
  }
  return starts;
}

Found find(std::string_view chunk, const std::vector<uint32_t>* starts = nullptr) {
  Found f;
  auto finder = RegionFinder::create();
  REQUIRE(finder);
  f.finder = std::move(finder).value();
  REQUIRE(f.finder->find(chunk, starts ? *starts : value_starts(chunk), &f.regions));
  return f;
}

std::string_view region_text(const EncodedRegions& rs, const EncodedRegion& r) {
  return std::string_view(rs.text).substr(r.text_begin, r.text_end - r.text_begin);
}

// Random values generated for these tests (python3 secrets); the hosts are invented.
constexpr std::string_view kUri = "postgresql://billing_svc:cRqGSJhPYnxWBEE3jbX3@db.quarry-ledger.internal:5432/billing";
constexpr std::string_view kToken = "p7oRu3jnEZkLQ0rEgMzsIzZDg39RBsxf";

TEST_CASE("decode: a base64 value after a secret-like name, with its name context", "[decode]") {
  const std::string value = b64(kToken);
  const std::string chunk = "x = 1\nAPI_SECRET=\"" + value + "\"\n";
  Found f = find(chunk);
  REQUIRE(f.regions.regions.size() == 1);
  const EncodedRegion& r = f.regions.regions[0];
  CHECK(r.kind == DecodeKind::kBase64);
  CHECK(region_text(f.regions, r) == "API_SECRET=\"" + std::string(kToken) + "\"");
  CHECK(chunk.substr(r.run_begin, r.run_end - r.run_begin) == value);
  CHECK(r.raw_begin == chunk.find("API_SECRET"));
  // Context maps 1:1; decoded byte d to the group 4 * (d / 3), an end to 4 * ceil(d / 3).
  CHECK(f.regions.chunk_offset(r, r.text_begin + 4, false) == r.raw_begin + 4);
  CHECK(f.regions.chunk_offset(r, r.body_begin, false) == r.run_begin);
  CHECK(f.regions.chunk_offset(r, r.body_begin + 5, false) == r.run_begin + 4);
  CHECK(f.regions.chunk_offset(r, r.body_begin + 5, true) == r.run_begin + 8);
  CHECK(f.regions.chunk_offset(r, r.body_end, true) == r.run_end);
  CHECK(f.regions.chunk_offset(r, r.text_end, true) == r.raw_end);
  CHECK(f.regions.text.back() == '\n');
}

TEST_CASE("decode: base64 that is not text, malformed or short is not decoded", "[decode]") {
  const std::string binary = b64(std::string("\x01\x9f\xfe\x00\x13\x88\xaa\xbb\xcc\xdd\xee\xff\x10\x20", 14));
  CHECK(find("password: " + binary + "\n").regions.regions.empty());
  // A run of length 4k+1 is never base64.
  const std::string unpadded = b64(kToken.substr(0, 30));
  REQUIRE(unpadded.size() == 40);
  CHECK(find("password: " + unpadded + "A\n").regions.regions.empty());
  CHECK(find("password: " + unpadded + "\n").regions.regions.size() == 1);
  CHECK(find("token: abc\n").regions.regions.empty());
  // Only where a rule captured a value (or in a Secret manifest's data).
  const std::vector<uint32_t> none;
  CHECK(find("checksum: " + b64(kToken) + "\n", &none).regions.regions.empty());
  // A capture that starts inside the run: the run is taken from its start.
  const std::string line = "checksum: " + b64(kToken) + "\n";
  const std::vector<uint32_t> inside{static_cast<uint32_t>(line.find(':') + 6)};
  Found mid = find(line, &inside);
  REQUIRE(mid.regions.regions.size() == 1);
  CHECK(mid.regions.regions[0].run_begin == line.find(':') + 2);
  // Wrong padding: three '=' (the run takes two, which are then one too many).
  const std::string padded = b64("short-secret-value12");
  REQUIRE(padded.back() == '=');
  CHECK(find("password: " + padded + "==\n").regions.regions.empty());
}

TEST_CASE("decode: Basic credentials and Kubernetes Secret data values", "[decode]") {
  const std::string basic = b64("x-access-token:" + std::string(kToken));
  Found f = find("Authorization: Basic " + basic + "\r\n");
  REQUIRE(f.regions.regions.size() == 1);
  CHECK(region_text(f.regions, f.regions.regions[0]) == "Basic x-access-token:" + std::string(kToken));

  const std::string yaml = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: billing-db\ntype: Opaque\ndata:\n"
                           "  url: " + b64(kUri) + "\n  note: " + b64("plain words, not base64") + "\n"
                           "  count: MTI=\nother:\n  url: " + b64(kUri) + "\n";
  const std::vector<uint32_t> none;
  Found k = find(yaml, &none);
  REQUIRE(k.regions.regions.size() == 2);
  CHECK(region_text(k.regions, k.regions.regions[0]) == "url: " + std::string(kUri));
  CHECK(region_text(k.regions, k.regions.regions[1]) == "note: plain words, not base64");
  // Without `kind: Secret`, a `data:` key is an ordinary one.
  CHECK(find("kind: ConfigMap\ndata:\n  url: " + b64(kUri) + "\n", &none).regions.regions.empty());
  CHECK(find(yaml, &none).regions.regions.size() == 2);
}

TEST_CASE("decode: each Kubernetes Secret data value follows the header line", "[decode]") {
  const std::vector<uint32_t> none;
  const std::string yaml = "kind: Secret\ndata:\n  bin: " + b64(std::string("\x01\x02\xff\xfe\x00\x10\x80\x81\x82", 9) + "xyzxyzx") +
                           "\n  url: " + b64(kUri) + "\n";
  Found k = find(yaml, &none);
  REQUIRE(k.regions.regions.size() == 2);
  // The binary value (16 bytes, 12 distinct) is copied as it is after its own header.
  const std::string bin_b64 = b64(std::string("\x01\x02\xff\xfe\x00\x10\x80\x81\x82", 9) + "xyzxyzx");
  const EncodedRegion& b = k.regions.regions[0];
  CHECK(b.kind == DecodeKind::kBase64Binary);
  CHECK(region_text(k.regions, b) == "bin: " + bin_b64);
  CHECK(b.text_begin == kKubernetesBinaryHeader.size());
  CHECK(k.regions.chunk_offset(b, b.text_begin + 5, false) == yaml.find(bin_b64));
  CHECK(k.regions.chunk_offset(b, b.text_end, true) == yaml.find(bin_b64) + bin_b64.size());
  const EncodedRegion& r = k.regions.regions[1];
  CHECK(region_text(k.regions, r) == "url: " + std::string(kUri));
  // Each value that decoded has its header, right before its region.
  CHECK(k.regions.text == std::string(kKubernetesBinaryHeader) + "bin: " + bin_b64 + "\n" +
                              std::string(kKubernetesSecretHeader) + "url: " + std::string(kUri) + "\n");
  CHECK(r.text_begin == kKubernetesBinaryHeader.size() + 5 + bin_b64.size() + 1 + kKubernetesSecretHeader.size());
  // Binary that is too short, or has fewer than 8 distinct bytes (zeros), is left out.
  const std::string dull = "kind: Secret\ndata:\n  zero: " + b64(std::string(32, '\0')) + "\n  short: " +
                           b64(std::string("\x01\x02\xff\xfe\x00\x10\x80\x81\x82", 9)) + "\n";
  CHECK(find(dull, &none).regions.regions.empty());
  // Outside a Secret's data map, binary values are not copied.
  const std::string bin_line = "password: " + bin_b64 + "\n";
  const std::vector<uint32_t> bin_at = {static_cast<uint32_t>(bin_line.find(": ") + 2)};
  CHECK(find(bin_line, &bin_at).regions.regions.empty());
  // The same value captured by a rule (pass 2's starts) is still decoded once, with its header.
  const std::vector<uint32_t> starts = {static_cast<uint32_t>(yaml.find(b64(kUri)))};
  Found c = find(yaml, &starts);
  REQUIRE(c.regions.regions.size() == 2);
  CHECK(c.regions.text.find(std::string(kKubernetesSecretHeader)) == r.text_begin - kKubernetesSecretHeader.size());
  // Outside a Secret's data map no header is written.
  const std::string plain = "password: " + b64(kUri) + "\n";
  const std::vector<uint32_t> at = {static_cast<uint32_t>(plain.find(": ") + 2)};
  CHECK(find(plain, &at).regions.text.find('\x01') == std::string::npos);
}

TEST_CASE("decode: a Kubernetes Secret data value written as a block scalar", "[decode]") {
  const std::vector<uint32_t> none;
  for (const std::string header : {"|", ">", "|-", ">+", "|2", "| # wrapped"}) {
    const std::string yaml = "apiVersion: v1\nkind: Secret\ndata:\n  url: " + header + "\n    " + b64(kUri) +
                             "\n  plain: " + b64("plain words, not base64") + "\nmetadata:\n  name: db\n";
    Found k = find(yaml, &none);
    REQUIRE(k.regions.regions.size() == 2);
    const EncodedRegion& r = k.regions.regions[0];
    CHECK(region_text(k.regions, r) == "url: " + header + "\n    " + std::string(kUri));
    CHECK(r.raw_begin == yaml.find("url:"));
    CHECK(r.run_begin == yaml.find(b64(kUri)));
    CHECK(region_text(k.regions, k.regions.regions[1]) == "plain: plain words, not base64");
  }
  // The block must be more indented than its key; a key line below it is not its value.
  const std::string flat = "kind: Secret\ndata:\n  url: |\n  other: " + b64(kUri) + "\n";
  Found f = find(flat, &none);
  REQUIRE(f.regions.regions.size() == 1);
  CHECK(region_text(f.regions, f.regions.regions[0]) == "other: " + std::string(kUri));
}

TEST_CASE("decode: JSON escapes map back exactly", "[decode]") {
  const std::string chunk = "{\"source\": [\"aws_secret_access_key = \\\"k\\u00e9y\\\\x\\\"\\n\", \"y\"]}\nnext line\n";
  Found f = find(chunk);
  REQUIRE(f.regions.regions.size() == 1);
  const EncodedRegion& r = f.regions.regions[0];
  CHECK(r.kind == DecodeKind::kJsonEscape);
  CHECK(r.raw_begin == 0);
  CHECK(r.raw_end == chunk.find('\n'));
  const std::string_view text = region_text(f.regions, r);
  CHECK(text == "{\"source\": [\"aws_secret_access_key = \"k\xC3\xA9y\\x\"\n\", \"y\"]}");
  // Every decoded offset maps to the chunk: 1:1 before the first escape, then shifted by what
  // each escape saved; the decoded "é" (2 bytes) stands for the 6 bytes of \u00e9.
  const size_t q = text.find("\"k");
  CHECK(f.regions.chunk_offset(r, r.text_begin + q, false) == chunk.find("\\\"k"));
  CHECK(f.regions.chunk_offset(r, r.text_begin + q + 1, false) == chunk.find("k\\u"));
  CHECK(f.regions.chunk_offset(r, r.text_begin + q + 2, false) == chunk.find("\\u00e9"));
  CHECK(f.regions.chunk_offset(r, r.text_begin + q + 4, false) == chunk.find("y\\\\"));
  // Monotonic over the whole region.
  size_t prev = 0;
  for (size_t o = r.text_begin; o <= r.text_end; ++o) {
    const size_t c = f.regions.chunk_offset(r, o, false);
    CHECK(c >= prev);
    CHECK(c <= r.raw_end);
    prev = c;
  }
}

TEST_CASE("decode: truncated and unknown escapes are kept as they are", "[decode]") {
  std::string out;
  std::vector<std::pair<uint32_t, uint32_t>> points;
  unescape_json("a\\\"b\\u12\\q\\uD83D\\uDE00\\uD800x\\", 0, &out, &points);
  CHECK(out == "a\"b\\u12\\q\xF0\x9F\x98\x80\xEF\xBF\xBDx\\");
  REQUIRE(points.size() == 3);
  CHECK(points[0] == std::make_pair(2u, 3u));
}

TEST_CASE("decode: no region in ordinary code; other escapes do not start one", "[decode]") {
  CHECK(find("int main() { printf(\"%d\\n\", 1); return 0; }\n").regions.regions.empty());
  CHECK(find("s = \"a \\\"quoted\\\" word\"; p = \"C:\\\\dir\"\n").regions.regions.empty());
  // An escaped quote next to an assignment, either side, starts one.
  CHECK(find("s = \"password = \\\"x\\\"\"\n").regions.regions.size() == 1);
  CHECK(find("{\"body\": \"{\\\"password\\\":1}\"}\n").regions.regions.size() == 1);
}

TEST_CASE("decode: a huge base64 run is decoded from its first 16 KiB only", "[decode]") {
  std::string plain;
  while (plain.size() < 30000) plain += "line of config text, key=value; ";
  const std::string value = b64(plain);
  Found f = find("secret: " + value + "\n");
  REQUIRE(f.regions.regions.size() == 1);
  const EncodedRegion& r = f.regions.regions[0];
  CHECK(r.run_end - r.run_begin == RegionFinder::kMaxBase64Run);
  CHECK(r.body_end - r.body_begin == RegionFinder::kMaxBase64Run / 4 * 3);
}

TEST_CASE("decode: at most kMaxEncodedBytes of a chunk are decoded", "[decode]") {
  std::string chunk;
  const std::string line = "{\"log\": \"password = \\\"" + std::string(kToken) + "\\\"\"}\n";
  while (chunk.size() < 3 * RegionFinder::kMaxEncodedBytes) chunk += line;
  Found f = find(chunk);
  CHECK(f.regions.truncated);
  size_t taken = 0;
  for (const EncodedRegion& r : f.regions.regions) taken += r.raw_end - r.raw_begin;
  CHECK(taken <= RegionFinder::kMaxEncodedBytes);
  CHECK(taken > RegionFinder::kMaxEncodedBytes - 2 * line.size());
  CHECK(f.regions.text.size() <= RegionFinder::kMaxEncodedBytes + f.regions.regions.size());
}

TEST_CASE("decode: is_text accepts UTF-8 text and refuses binary", "[decode]") {
  CHECK(is_text("user:p\xC3\xA4ss\tword\r\n"));
  CHECK_FALSE(is_text(""));
  CHECK_FALSE(is_text(std::string("a\0b", 3)));
  CHECK_FALSE(is_text("\xC3"));
  CHECK_FALSE(is_text("\xC0\xAF"));
  CHECK_FALSE(is_text("\xED\xA0\x80"));
}

}  // namespace
}  // namespace keysweep

namespace keysweep {
namespace {

TEST_CASE("decode: an escaped secret assignment is found at every alignment", "[decode]") {
  // The search for \" reads 8 bytes at a time: the escape at each offset of a word, and at the
  // very end of the chunk.
  for (size_t pad = 0; pad < 20; ++pad) {
    const std::string chunk = std::string(pad, 'x') + "\\n password = \\\"v\\\"";
    Found f = find(chunk, nullptr);
    REQUIRE(f.regions.regions.size() == 1);
    CHECK(region_text(f.regions, f.regions.regions[0]) == std::string(pad, 'x') + "\n password = \"v\"");
    CHECK(f.regions.chunk_offset(f.regions.regions[0], f.regions.regions[0].text_end, true) == chunk.size());
  }
}

}  // namespace
}  // namespace keysweep
