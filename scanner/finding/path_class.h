// Classifying paths: which findings sit in test data.
//
// Test suites are full of real-looking keys. They are still reported (a live key in a fixture is
// still a leak), but tagged `test-fixture` and given SARIF level `note`, so CI can filter them.
#pragma once

#include <string_view>

namespace keysweep {

// True when a directory component of `path` ('/'-separated) is a conventional test-data folder:
// test, tests, t, testdata, test_data, test-data, fixtures, fixture, __tests__, __fixtures__,
// spec, specs, testing, mocks, __mocks__; or the file name looks like a test (`*_test.go`,
// `test_*.py`, `*.test.js`, `*.spec.ts`, `*Test.java`).
bool is_test_fixture_path(std::string_view path);

}  // namespace keysweep
