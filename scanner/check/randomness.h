// Randomness score: how much a string looks like the output of a random generator.
//
// A fixed Shannon-entropy cut is wrong for keys: the plug-in entropy of a short random string is
// biased low (a random 32-hex key averages ~3.66 bits/char, not 4, with a spread of ~0.12), so a
// cut at 3.5 drops about one real key in ten to one in five. Instead the score divides the
// entropy by its *expected* value for a uniformly random string of the same length over the
// smallest standard alphabet holding the string's characters (digits 10, hex 16, base64 and
// url-safe 64, printable ASCII 94). Random strings score about 1; the score is clamped to [0, 1].
//
// Structure that entropy misses scores 0: a string that repeats with a period of at most half
// its length ("deadbeefdeadbeef"), or one with a run of 6 or more characters stepping by -1, 0
// or +1 ("abcdef", "000000", "987654"), which a random 32-hex string shows about once in 10^4.
//
// Thread safety: pure functions.
#pragma once

#include <string_view>

namespace keysweep {

double randomness_score(std::string_view s);

// Expected plug-in Shannon entropy (bits per character) of a uniformly random string of length
// n over an alphabet of `alphabet` symbols. Exposed for tests.
double expected_entropy(size_t n, size_t alphabet);

// Plug-in Shannon entropy (bits per character).
double shannon_entropy(std::string_view s);

}  // namespace keysweep
