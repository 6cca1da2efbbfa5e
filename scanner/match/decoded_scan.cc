#include "scanner/match/decoded_scan.h"

#include <algorithm>
#include <tuple>

namespace keysweep {

Result<std::unique_ptr<DecodedScan>> DecodedScan::create(std::shared_ptr<const RuleSet> rules) {
  Result<std::unique_ptr<RegionFinder>> finder = RegionFinder::create();
  if (!finder) return finder.status();
  return std::unique_ptr<DecodedScan>(new DecodedScan(std::move(rules), std::move(finder).value()));
}

Status DecodedScan::scan(Matcher& matcher, const Chunk& chunk, MatchSet* out, const RuleGate* gate) {
  if (Status s = matcher.scan(chunk, out, gate); !s) return s;
  // Base64 candidates are the values the rules captured (decode/encoded_regions.h): every match's
  // secret and every capture a check turned down, all of which are in `masked`.
  starts_.clear();
  for (const ByteRange& r : out->masked) starts_.push_back(static_cast<uint32_t>(r.begin));
  for (const Match& m : out->matches) starts_.push_back(static_cast<uint32_t>(m.secret_begin));
  (void)finder_->find(chunk.bytes(), starts_, &regions_);
  if (regions_.regions.empty()) return Status::ok();

  // The derived chunk borrows the regions' buffer and gives it back (no copy, no allocation
  // once the buffer has grown).
  Chunk derived(std::move(regions_.text), Provenance{});
  Status s = matcher.scan(derived, &inner_, gate);
  regions_.text = std::move(derived).take_bytes();
  if (!s) return Status::ok();  // the raw matches stand; the decoded ones are lost
  if (inner_.matches.empty() && inner_.masked.empty()) return Status::ok();

  // Raw matches overlapping [begin, end): out->matches is sorted by secret_begin, so only those
  // starting in [begin - longest raw secret, end) can.
  const size_t raw_count = out->matches.size();
  size_t longest = 0;
  for (const Match& r : out->matches) longest = std::max(longest, r.secret_end - r.secret_begin);
  const auto raw_overlapping = [&](size_t begin, size_t end, auto&& fn) {
    const size_t from = begin > longest ? begin - longest : 0;
    auto it = std::lower_bound(out->matches.begin(), out->matches.begin() + raw_count, from,
                               [](const Match& m, size_t o) { return m.secret_begin < o; });
    for (; it != out->matches.begin() + raw_count && it->secret_begin < end; ++it) {
      if (it->secret_end > begin) fn(*it);
    }
  };
  region_state_.assign(regions_.regions.size(), 0);
  const auto region_index = [&](const EncodedRegion* r) { return static_cast<size_t>(r - regions_.regions.data()); };
  std::vector<bool> drop_raw(raw_count, false);
  const auto& rules = rules_->rules();

  for (const Match& m : inner_.matches) {
    const EncodedRegion* r = regions_.region_at(m.secret_begin);
    if (!r || m.secret_end > r->text_end) continue;  // a separator, or across two regions
    const bool base64 = r->kind == DecodeKind::kBase64;
    if (base64 && (m.secret_end <= r->body_begin || m.secret_begin >= r->body_end)) continue;
    Match mapped;
    mapped.rule = m.rule;
    mapped.flags = m.flags;  // weak, documentation host, checksum: judged on the decoded text
    mapped.secret_begin = regions_.chunk_offset(*r, m.secret_begin, false);
    mapped.secret_end = regions_.chunk_offset(*r, m.secret_end, true);
    // The whole match may reach out of the region (a multi-line rule): clamp it to the region.
    mapped.match_begin = regions_.chunk_offset(*r, std::max<size_t>(m.match_begin, r->text_begin), false);
    mapped.match_end = regions_.chunk_offset(*r, std::min<size_t>(m.match_end, r->text_end), true);
    DecodedMatch d;
    d.kind = r->kind;
    d.match_begin = m.match_begin;
    d.match_end = m.match_end;
    d.secret_begin = m.secret_begin;
    d.secret_end = m.secret_end;
    if (m.name_end > m.name_begin && m.name_begin >= r->text_begin && m.name_end <= r->text_end) {
      mapped.name_begin = regions_.chunk_offset(*r, m.name_begin, false);
      mapped.name_end = regions_.chunk_offset(*r, m.name_end, true);
      d.name_begin = m.name_begin;
      d.name_end = m.name_end;
    }
    if (mapped.secret_end <= mapped.secret_begin) continue;
    bool duplicate = false;
    // A decoded match displaces raw ones only if it is not limited to a few files: one whose
    // rule reports only at some paths (paths) or that is kept only for credential files is
    // absent at most places, and the raw finding must then stand. (exclude_paths is left
    // out: the generic rules all exclude lock files, where the raw rules are excluded too.)
    const CompiledRule& decoded_rule = rules[m.rule];
    const bool everywhere = !(m.flags & kFlagWeakOnlyAtCredentialPaths) && decoded_rule.paths.empty();
    // A binary Kubernetes value is the run itself: the same rule for raw matches on it.
    if ((base64 || r->kind == DecodeKind::kBase64Binary) && everywhere) {
      // The raw matches of a generic rule on the run itself give way (see the header).
      raw_overlapping(r->run_begin, r->run_end, [&](const Match& raw) {
        if (raw.secret_begin >= r->raw_begin && raw.secret_end <= r->raw_end &&
            (rules[raw.rule].rule.fallback || raw.rule == m.rule)) {
          drop_raw[static_cast<size_t>(&raw - out->matches.data())] = true;
        }
      });
    } else {
      raw_overlapping(mapped.secret_begin, mapped.secret_end, [&](const Match& raw) {
        if (raw.rule == m.rule) duplicate = true;
      });
    }
    if (duplicate) continue;
    out->decoded.push_back(d);
    mapped.decoded = static_cast<uint32_t>(out->decoded.size());
    out->matches.push_back(mapped);
    if (base64) region_state_[region_index(r)] = 2;
  }
  // What the derived text masks (its matches' secrets and rejected captures), at the encoded
  // bytes; a base64 run whole.
  for (const ByteRange& mr : inner_.masked) {
    const EncodedRegion* r = regions_.region_at(mr.begin);
    if (!r) continue;
    const size_t end = std::min<size_t>(mr.end, r->text_end);
    if (r->kind == DecodeKind::kBase64) {
      if (end > r->body_begin && mr.begin < r->body_end) {
        region_state_[region_index(r)] = std::max<uint8_t>(region_state_[region_index(r)], 1);
      }
      continue;
    }
    const size_t b = regions_.chunk_offset(*r, mr.begin, false);
    const size_t e = regions_.chunk_offset(*r, end, true);
    if (e > b) out->masked.push_back(ByteRange{b, e});
  }
  for (size_t i = 0; i < regions_.regions.size(); ++i) {
    if (region_state_[i] != 0) out->masked.push_back(ByteRange{regions_.regions[i].run_begin, regions_.regions[i].run_end});
  }
  if (!out->decoded.empty()) out->decoded_text = regions_.text;
  // Drop the raw matches that gave way, then sort raw and decoded together.
  size_t kept = 0;
  for (size_t i = 0; i < out->matches.size(); ++i) {
    if (i < raw_count && drop_raw[i]) continue;
    out->matches[kept++] = out->matches[i];
  }
  out->matches.resize(kept);
  std::sort(out->matches.begin(), out->matches.end(), [](const Match& a, const Match& b) {
    return std::tie(a.secret_begin, a.secret_end, a.rule, a.decoded) <
           std::tie(b.secret_begin, b.secret_end, b.rule, b.decoded);
  });
  // Two decoded matches of one rule mapped onto one span (a secret in two regions): one.
  out->matches.erase(std::unique(out->matches.begin(), out->matches.end(),
                                 [](const Match& a, const Match& b) {
                                   return a.rule == b.rule && a.secret_begin == b.secret_begin &&
                                          a.secret_end == b.secret_end;
                                 }),
                     out->matches.end());
  merge_ranges(&out->masked);
  return Status::ok();
}

}  // namespace keysweep
