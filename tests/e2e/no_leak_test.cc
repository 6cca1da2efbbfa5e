// The no-leak proof: without --show-secrets, no byte keysweep writes anywhere holds a planted
// secret or any 12-character piece of one.
//
// Secrets of every kind the default rules find are made at run time from a seed (nothing
// secret-shaped is committed): a fixed one by default, so that CI is repeatable, or
// KEYSWEEP_NO_LEAK_SEED=N (any number) for soak runs with fresh values. A fixed seed matters for
// the --show-secrets half only: a detection heuristic may turn down a rare random value (a
// 13-digit part with a 7-digit descending run scores under a rule's randomness threshold), and
// such a value is then masked, not reported. Planted several per line, and scanned with every scan
// command: dir (text, JSON, SARIF; stdout and --output), stdin, staged and pre-push on a real git
// repository, with --baseline and with a --config that allowlists one of them and adds a user rule
// (so the rule cache is written). HOME and XDG_CACHE_HOME point into the test's folder, and
// everything keysweep leaves there is read back too. With --show-secrets the secrets do appear,
// so the check can fail.
//
// Paths are shown as they are (doc/output.md: a path is needed to find the file), so a file
// whose name is a token is printed by name; the test checks exactly that.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <cstdlib>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/e2e/run_command.h"
#include "tests/support/fake_secrets.h"
#include "tests/support/temp_dir.h"

namespace keysweep {
namespace {

constexpr const char* kAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

std::string base64url(const std::string& bytes, bool pad) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const uint32_t v = (static_cast<uint8_t>(bytes[i]) << 16) | (static_cast<uint8_t>(bytes[i + 1]) << 8) |
                       static_cast<uint8_t>(bytes[i + 2]);
    for (int s = 18; s >= 0; s -= 6) out += kAlphabet[(v >> s) & 63];
  }
  if (bytes.size() - i == 2) {
    const uint32_t v = (static_cast<uint8_t>(bytes[i]) << 16) | (static_cast<uint8_t>(bytes[i + 1]) << 8);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    if (pad) out += '=';
  } else if (bytes.size() - i == 1) {
    const uint32_t v = static_cast<uint8_t>(bytes[i]) << 16;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    if (pad) out += "==";
  }
  return out;
}

struct Planted {
  std::mt19937_64 rng{seed()};
  static uint64_t seed() {
    if (const char* v = std::getenv("KEYSWEEP_NO_LEAK_SEED"); v && *v) return std::strtoull(v, nullptr, 10);
    return 20261201;
  }
  std::vector<std::string> secrets;  // every value that must never be printed

  std::string chars(size_t n, std::string_view alphabet = kAlnum) { return fake_chars(rng(), n, alphabet); }
  std::string bytes(size_t n) {
    std::string b;
    for (size_t i = 0; i < n; ++i) b += static_cast<char>(rng() & 0xFF);
    return b;
  }
  // A value that must look random to the rules (a digit, mixed case) whatever the draw.
  std::string password(size_t n) { return chars(n - 3) + "7Qx"; }
  const std::string& add(std::string s) {
    secrets.push_back(std::move(s));
    return secrets.back();
  }
};

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Every 12-character piece of `secret` (the whole secret when shorter).
std::vector<std::string> pieces(const std::string& secret) {
  std::vector<std::string> out;
  if (secret.size() <= 12) return {secret};
  for (size_t i = 0; i + 12 <= secret.size(); ++i) out.push_back(secret.substr(i, 12));
  return out;
}

}  // namespace

TEST_CASE("no-leak: without --show-secrets no output, report or cache file holds a planted secret",
          "[e2e][redaction][no-leak]") {
  TempDir tmp;
  Planted p;
  const std::string github = p.add("ghp_" + p.chars(36));
  const std::string aws_id = p.add("AKIA" + p.chars(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"));
  const std::string aws_secret = p.add(p.chars(38, std::string(kAlnum) + "+/") + "9a");
  const std::string slack = p.add("xoxb-" + p.chars(12, "0123456789") + "-" + p.chars(13, "0123456789") + "-" + p.chars(24));
  const std::string stripe = p.add("sk_live_" + p.chars(30));
  const std::string hex_key = p.add(p.chars(64, "0123456789abcdef"));
  const std::string fernet = p.add(base64url(p.bytes(32), true));
  const std::string urlsafe = p.add(base64url(p.bytes(32), false));
  const std::string pg_password = p.add(p.password(20));
  const std::string redis_password = p.add(p.password(24));
  const std::string json_id = p.add("AKIA" + p.chars(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"));
  const std::string json_secret = p.add(p.chars(38, std::string(kAlnum) + "+/") + "4b");
  const std::string unknown = p.add(p.chars(40));  // no rule knows it; it shares a line with one
  std::string pem = "-----BEGIN RSA PRIVATE KEY-----\n";
  for (int i = 0; i < 12; ++i) pem += p.add(p.chars(64, std::string(kAlnum) + "+/")) + "\n";
  pem += p.add(p.chars(40, std::string(kAlnum) + "+/")) + "==\n-----END RSA PRIVATE KEY-----";
  // A file named like a token: shown by its path, as documented.
  const std::string token_name = "ghp_" + p.chars(36);

  const std::string tree = tmp.path() + "/repo";
  const std::string env_text =
      "GITHUB_TOKEN=" + github + " AWS_ACCESS_KEY_ID=" + aws_id + " AWS_SECRET_ACCESS_KEY=" + aws_secret + "\n" +
      "SLACK_BOT_TOKEN=" + slack + " STRIPE_SECRET_KEY=" + stripe + " SECRET_KEY=" + hex_key + "\n" +
      "FERNET_KEY=" + fernet + " API_TOKEN=" + urlsafe + " NOTE=" + unknown + "\n" +
      "DATABASE_URL=postgresql://app:" + pg_password + "@db.prod.acmecorp.io:5432/app REDIS_URL=redis://:" +
      redis_password + "@cache.prod.acmecorp.io:6379/0\n";
  tmp.write("repo/config/app.env", env_text);
  tmp.write("repo/config/creds.json", "{\"id\":\"" + json_id + "\",\"secret\":\"" + json_secret + "\"}\n");
  tmp.write("repo/keys/deploy.pem", pem + "\n");
  tmp.write("repo/tokens/" + token_name, "nothing secret in here, only a name\nGITHUB_TOKEN=" + github + "\n");

  const std::string home = tmp.path() + "/home";
  const std::string cache = tmp.path() + "/cache";
  const std::string out = tmp.path() + "/out";
  std::filesystem::create_directories(home);
  std::filesystem::create_directories(cache);
  std::filesystem::create_directories(out);
  const auto env = [&](std::vector<std::string> argv) {
    std::vector<std::string> cmd = {"env", "-u", "GIT_DIR", "-u", "GIT_WORK_TREE", "-u", "GIT_INDEX_FILE",
                                    "GIT_CONFIG_NOSYSTEM=1", "HOME=" + home, "XDG_CACHE_HOME=" + cache,
                                    "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.invalid",
                                    "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.invalid"};
    cmd.insert(cmd.end(), argv.begin(), argv.end());
    return cmd;
  };

  std::vector<std::pair<std::string, std::string>> written;  // (what, bytes)
  const auto keysweep = [&](const std::string& label, std::vector<std::string> args, const std::string& cwd = "",
                            const std::string& input = "") {
    args.insert(args.begin(), KEYSWEEP_BINARY);
    CommandResult r = run_command(env(args), cwd, input);
    INFO(label << ": " << r.err_text);
    CHECK((r.exit_code == 0 || r.exit_code == 1));
    written.emplace_back(label + " stdout", r.out_text);
    written.emplace_back(label + " stderr", r.err_text);
    return r;
  };

  // dir, every format, to stdout and to --output.
  for (const std::string format : {"text", "json", "sarif"}) {
    keysweep("dir " + format, {"dir", tree, "--format", format});
    keysweep("dir " + format + " -o", {"dir", tree, "--format", format, "--output", out + "/report." + format});
  }
  // The reports give the fingerprints for a baseline and an allowlist.
  const nlohmann::json report = nlohmann::json::parse(slurp(out + "/report.json"));
  std::string github_fp, aws_id_fp;
  std::vector<std::string> rules_found;
  for (const auto& f : report["findings"]) {
    if (f["rule_id"] == "github-pat-classic" && f["path"].get<std::string>().find("app.env") != std::string::npos) {
      github_fp = f["fingerprint"];
    }
    if (f["rule_id"] == "aws-access-key-id" && f["path"].get<std::string>().find("app.env") != std::string::npos) {
      aws_id_fp = f["fingerprint"];
    }
    rules_found.push_back(f["rule_id"]);
  }
  REQUIRE(!github_fp.empty());
  REQUIRE(!aws_id_fp.empty());
  // Each kind was found by some rule (else this test would prove less than it claims).
  for (const char* rule : {"github-pat-classic", "aws-access-key-id", "aws-secret-access-key", "slack-bot-token",
                           "stripe-secret-key", "private-key-rsa"}) {
    INFO(rule);
    CHECK(std::find(rules_found.begin(), rules_found.end(), rule) != rules_found.end());
  }

  // --baseline suppressing the GitHub token, which still shares a line with reported findings.
  tmp.write("baseline.json", "{\"findings\": [{\"fingerprint\": \"" + github_fp + "\"}]}\n");
  keysweep("dir --baseline", {"dir", tree, "--format", "json", "--baseline", tmp.path() + "/baseline.json"});
  // --config allowlisting the AWS key id, with a user rule so that the rule cache is written.
  tmp.write("keysweep.toml",
            "[[rule]]\nid = \"acme-internal\"\ndescription = \"ACME internal token\"\n"
            "regex = '''\\b(?P<secret>acme_[A-Za-z0-9]{24})\\b'''\nkeywords = [\"acme_\"]\n\n"
            "[allowlist]\nfingerprints = [\"" + aws_id_fp + "\"]\n");
  for (const std::string format : {"text", "json", "sarif"}) {
    keysweep("dir --config " + format, {"dir", tree, "--format", format, "--config", tmp.path() + "/keysweep.toml"});
  }
  // stdin.
  keysweep("stdin", {"stdin", "--format", "json", "--label", "app.env"}, "", env_text + pem + "\n");
  keysweep("stdin text", {"stdin"}, "", env_text);

  // staged and pre-push on a real repository.
  const auto git = [&](std::vector<std::string> args) {
    args.insert(args.begin(), "git");
    CommandResult r = run_command(env(args), tree);
    INFO(r.err_text);
    REQUIRE(r.exit_code == 0);
    return r.out_text;
  };
  git({"init", "-q", "-b", "main"});
  git({"add", "-A"});
  for (const std::string format : {"text", "json", "sarif"}) {
    keysweep("staged " + format, {"staged", tree, "--format", format});
  }
  keysweep("staged -o", {"staged", tree, "--format", "json", "--output", out + "/staged.json"});
  git({"commit", "-q", "-m", "add config"});
  std::string head = git({"rev-parse", "HEAD"});
  head.erase(head.find_last_not_of("\n") + 1);
  const std::string push_line = "refs/heads/main " + head + " refs/heads/main " + std::string(40, '0') + "\n";
  for (const std::string format : {"text", "json", "sarif"}) {
    keysweep("pre-push " + format, {"pre-push", "origin", "--repo", tree, "--format", format}, "", push_line);
  }
  keysweep("pre-push -o", {"pre-push", "origin", "--repo", tree, "--format", "sarif", "--output", out + "/push.sarif"}, "",
           push_line);
  for (const std::string format : {"text", "json", "sarif"}) {
    keysweep("history " + format, {"history", "--all", "--repo", tree, "--format", format});
  }
  keysweep("history -o", {"history", "--repo", tree, "--format", "json", "--output", out + "/history.json"});

  // Everything keysweep left in the report folder, HOME and the cache.
  std::vector<std::string> listed;
  for (const std::string& root : {out, home, cache}) {
    for (const auto& e : std::filesystem::recursive_directory_iterator(root)) {
      if (!e.is_regular_file()) continue;
      listed.push_back(e.path().string());
      written.emplace_back(e.path().string(), slurp(e.path().string()));
    }
  }
  std::string list;
  for (const std::string& f : listed) list += "  " + f + "\n";
  INFO("files read back:\n" << list);
  CHECK(listed.size() >= 6);  // 3 dir reports, staged, pre-push, and the user-rule cache
  bool cache_written = false;
  for (const std::string& f : listed) cache_written |= f.rfind(cache, 0) == 0;
  CHECK(cache_written);

  size_t leaks = 0;
  for (const auto& [what, bytes] : written) {
    for (const std::string& secret : p.secrets) {
      for (const std::string& piece : pieces(secret)) {
        if (bytes.find(piece) != std::string::npos) {
          if (++leaks <= 10) FAIL_CHECK(what << " holds '" << piece << "', a piece of a planted secret");
          break;
        }
      }
    }
  }
  CHECK(leaks == 0);

  // The file named like a token is reported by its path, as it is.
  bool path_shown = false;
  for (const auto& [what, bytes] : written) path_shown |= bytes.find("tokens/" + token_name) != std::string::npos;
  CHECK(path_shown);

  // With --show-secrets the same secrets are printed, so the check above can fail.
  for (const std::string format : {"text", "json", "sarif"}) {
    CommandResult shown = run_command(env({KEYSWEEP_BINARY, "dir", tree, "--format", format, "--show-secrets"}));
    for (const std::string& secret : p.secrets) {
      INFO(format << ": " << secret);
      // SARIF shows each finding's secret (message and snippet), not its whole line.
      if (format == "sarif" && (secret == unknown || secret == json_secret)) continue;
      CHECK(shown.out_text.find(secret) != std::string::npos);
    }
  }
}

}  // namespace keysweep
