#include "scanner/check/made_up.h"

#include <array>
#include <cstdint>
#include <string>

#include "scanner/check/base64.h"
#include "scanner/check/word_list.h"

namespace keysweep {
namespace {

// Words of the trade that a dictionary does not hold but secret phrases are written with.
// Sorted, lower-case; each is 3+ letters (shorter ones are in kShortWords).
constexpr std::array<std::string_view, 93> kTradeWords = {
    "acct", "admin", "aes", "amqp", "ansible", "api", "apikey", "app", "auth", "aws", "azure",
    "backend", "bcrypt", "cert", "cfg", "cli", "conf", "config", "cred", "creds", "crypto", "dev",
    "devops", "django", "dns", "docker", "dotenv", "dsn", "elastic", "env", "fernet", "frontend",
    "ftp", "gcp", "git", "github", "gitlab", "grafana", "hardcoded", "hmac", "http", "https",
    "jenkins", "jwt", "kafka", "kube", "kubernetes", "ldap", "localdev", "localhost", "mariadb",
    "minio", "mongo", "mongodb", "mqtt", "mysql", "nginx", "npm", "oauth", "passwd", "pgsql",
    "postgres", "postgresql", "prod", "psql", "pwd", "rabbitmq", "redis", "repo", "rsa", "sdk",
    "sendgrid", "sentry", "sftp", "sha", "signup", "smtp", "sql", "ssh", "ssl", "stripe", "svc",
    "svn", "terraform", "tls", "tmp", "todo", "twilio", "uri", "url", "userid", "username", "uuid"};

// One- and two-letter parts that phrases use ("my-db-pw", "key_of_the_day"). Parts this short
// do not count towards the words' share; too many of them and the value is not made up.
constexpr std::array<std::string_view, 29> kShortWords = {
    "a",  "an", "as", "at", "be", "by", "ci", "db", "do", "go", "i",  "id", "in", "io", "is",
    "it", "me", "my", "no", "of", "ok", "on", "or", "pw", "qa", "so", "to", "up", "we"};

template <size_t N>
bool in_sorted(const std::array<std::string_view, N>& list, std::string_view w) {
  size_t lo = 0, hi = N;
  while (lo < hi) {
    const size_t mid = (lo + hi) / 2;
    const int c = list[mid].compare(w);
    if (c == 0) return true;
    if (c < 0) lo = mid + 1; else hi = mid;
  }
  return false;
}

bool is_word(std::string_view w) {
  return in_sorted(kTradeWords, w) || is_english_word(w);
}

// True when `w` (lower-case letters) is a word or a run of words of 3+ letters each
// ("hardcoded" = hard + coded, "devpassword" = dev + password). Dynamic programming over the
// prefix lengths: ok[i] says w[0, i) splits into words.
bool is_compound(std::string_view w) {
  if (w.size() < 6 || w.size() > 24) return false;
  std::array<bool, 25> ok{};
  ok[0] = true;
  for (size_t end = 3; end <= w.size(); ++end) {
    for (size_t begin = 0; begin + 3 <= end && !ok[end]; ++begin) {
      if (ok[begin] && is_word(w.substr(begin, end - begin))) ok[end] = true;
    }
  }
  return ok[w.size()];
}

// A small number: at most 4 digits, or up to 10 counted in order or repeated (12345, 67890,
// 54321, 0000), as people type them.
bool small_number(std::string_view d) {
  if (d.size() <= 4) return true;
  if (d.size() > 10) return false;
  int step = 0;
  for (size_t i = 1; i < d.size(); ++i) {
    int s = d[i] - d[i - 1];
    if (d[i - 1] == '9' && d[i] == '0') s = 1;
    if (d[i - 1] == '0' && d[i] == '9') s = -1;
    if (s < -1 || s > 1 || (i > 1 && s != step)) return false;
    step = s;
  }
  return true;
}

bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Separators a phrase is joined with; any other punctuation counts as a symbol, and more than
// two symbols is a generated password, not a phrase ("Welcome2024!" has one).
bool is_joiner(char c) {
  return c == '_' || c == '-' || c == '.' || c == ' ' || c == '/' || c == ':' || c == '+' || c == ',';
}

struct Tally {
  size_t word_letters = 0;  // letters in parts that are words of 3+ letters
  size_t words = 0;
  size_t shorts = 0;
};

// Judges one letter part (case preserved in `part`); false when it is not made of words.
bool take_letters(std::string_view part, Tally* t) {
  std::string w(part);
  for (char& c : w) {
    if (is_upper(c)) c = static_cast<char>(c - 'A' + 'a');
  }
  if (w.size() <= 2) {
    if (!in_sorted(kShortWords, w)) return false;
    ++t->shorts;
    return true;
  }
  if (!is_word(w) && !is_compound(w)) return false;
  t->word_letters += w.size();
  ++t->words;
  return true;
}

// Splits a run of letters at camelCase humps ("mySecretKey" -> my|Secret|Key, "HTTPServer" ->
// HTTP|Server) and judges each part.
bool take_letter_run(std::string_view run, Tally* t) {
  size_t begin = 0;
  for (size_t i = 1; i < run.size(); ++i) {
    const bool hump = (is_lower(run[i - 1]) && is_upper(run[i])) ||
                      (is_upper(run[i - 1]) && is_upper(run[i]) && i + 1 < run.size() && is_lower(run[i + 1]));
    if (hump) {
      if (!take_letters(run.substr(begin, i - begin), t)) return false;
      begin = i;
    }
  }
  return take_letters(run.substr(begin), t);
}

}  // namespace

bool made_of_words(std::string_view value) {
  if (value.size() < 6 || value.size() > 128) return false;
  Tally t;
  size_t symbols = 0;
  size_t i = 0;
  while (i < value.size()) {
    const char c = value[i];
    size_t j = i + 1;
    if (is_lower(c) || is_upper(c)) {
      while (j < value.size() && (is_lower(value[j]) || is_upper(value[j]))) ++j;
      if (!take_letter_run(value.substr(i, j - i), &t)) return false;
    } else if (is_digit(c)) {
      while (j < value.size() && is_digit(value[j])) ++j;
      if (!small_number(value.substr(i, j - i))) return false;
    } else if (static_cast<unsigned char>(c) >= 0x80 || static_cast<unsigned char>(c) < 0x20) {
      return false;  // not a phrase typed in ASCII
    } else if (!is_joiner(c) && ++symbols > 2) {
      return false;
    }
    i = j;
  }
  return t.word_letters >= 6 && t.word_letters * 2 >= value.size() && t.shorts <= t.words;
}

bool base64_of_words(std::string_view value) {
  if (value.size() < 8 || value.size() % 4 != 0) return false;
  const std::optional<std::string> text = base64_decode_text(value);
  if (!text) return false;
  if (made_of_words(*text)) return true;
  const size_t colon = text->find(':');
  return colon != std::string::npos && made_of_words(std::string_view(*text).substr(colon + 1));
}

}  // namespace keysweep
