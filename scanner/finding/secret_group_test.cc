#include "scanner/finding/secret_group.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <random>

#include "scanner/finding/remediation.h"

namespace keysweep {
namespace {

Finding found(const std::string& secret, const std::string& rule, const std::string& source, const std::string& path,
              const std::string& commit = "", uint32_t sequence = 0, Severity severity = Severity::kHigh) {
  Finding f;
  f.secret = secret;
  f.rule_id = rule;
  f.description = rule + " description";
  f.severity = severity;
  f.provenance.source = source;
  f.provenance.path = path;
  f.provenance.commit = commit;
  f.provenance.sequence = sequence;
  f.provenance.date = commit.empty() ? "" : "2026-0" + std::to_string(sequence) + "-01T00:00:00Z";
  f.provenance.blob = commit.empty() ? "" : "b-" + path;
  f.line = sequence + 1;
  f.line_text = "X=" + secret;
  return f;
}

std::vector<Finding> sample() {
  return {found("s1", "hex-key-assignment", "history", "a.env", "c2", 2),
          found("s1", "generic-secret-quoted", "history", "b.py", "c3", 3, Severity::kMedium),
          found("s1", "hex-key-assignment", "history", "a.env", "c5", 5),
          found("s1", "hex-key-assignment", "dir", "a.env"),
          found("s2", "credential-uri", "staged", "db.env"),
          found("s3", "github-pat-classic", "history", "gh.sh", "c4", 4, Severity::kCritical)};
}

}  // namespace

TEST_CASE("secret groups: one per value, whatever rules, sources and input order", "[sweep]") {
  std::vector<Finding> in = sample();
  const Grouped g = group_by_secret(in);
  REQUIRE(g.groups.size() == 3);
  const SecretGroup& s1 = g.groups[0];
  CHECK(s1.secret == "s1");
  CHECK(s1.rules == std::vector<std::string>{"generic-secret-quoted", "hex-key-assignment"});
  CHECK(s1.description == "generic-secret-quoted description");
  CHECK(s1.severity == Severity::kHigh);
  CHECK(s1.commit == "c2");  // the lowest walk sequence
  CHECK(s1.path == "a.env");
  CHECK(s1.commits == std::vector<std::string>{"c2", "c3", "c5"});
  REQUIRE(s1.paths.size() == 2);
  CHECK(s1.paths[0].path == "a.env");
  CHECK(s1.paths[0].introductions == 2);
  CHECK(s1.paths[0].first_commit == "c2");
  CHECK(s1.paths[0].in_worktree);
  CHECK(s1.paths[1].path == "b.py");
  CHECK_FALSE(s1.paths[1].in_worktree);
  CHECK(s1.exposure.in_worktree);
  const SecretGroup& s2 = g.groups[2];
  CHECK(s2.secret == "s2");
  CHECK(s2.commit.empty());
  CHECK(s2.exposure.in_index);
  CHECK(s2.paths[0].in_index);

  // Any input order gives the same groups.
  std::mt19937 rng(7);
  for (int round = 0; round < 20; ++round) {
    std::shuffle(in.begin(), in.end(), rng);
    const Grouped again = group_by_secret(in);
    REQUIRE(again.groups.size() == 3);
    for (size_t i = 0; i < 3; ++i) {
      CHECK(again.groups[i].secret == g.groups[i].secret);
      CHECK(again.groups[i].commits == g.groups[i].commits);
      CHECK(again.groups[i].commit == g.groups[i].commit);
    }
  }
}

TEST_CASE("secret groups: urgency orders pushed and present first, local and removed last", "[sweep]") {
  Grouped g = group_by_secret(sample());
  // s1: pushed, in the work tree; s2: local, staged; s3: only a branch.
  g.groups[0].exposure.remotes = {"origin/main"};
  g.groups[1].exposure.branches = {"feature"};
  g.groups[1].exposure.in_worktree = false;
  CHECK(urgency(g.groups[0]) == 0);
  CHECK(urgency(g.groups[1]) == 3);
  CHECK(urgency(g.groups[2]) == 2);
  std::vector<SecretGroup> sorted = g.groups;
  sort_by_urgency(&sorted);
  CHECK(sorted[0].secret == "s1");
  CHECK(sorted[1].secret == "s2");
  CHECK(sorted[2].secret == "s3");
  // Pushed but removed comes between.
  SecretGroup removed = g.groups[0];
  removed.secret = "s4";
  removed.exposure.in_worktree = false;
  CHECK(urgency(removed) == 1);
}

TEST_CASE("secret groups: reflogs only where no ref reaches; exposed until the last removal", "[sweep]") {
  SecretGroup g;
  g.paths.resize(2);
  g.paths[0].removed_date = "2026-03-01T00:00:00Z";
  g.paths[1].removed_date = "2026-05-01T00:00:00Z";
  add_reach(&g.exposure, Reach::kReflog, "HEAD@{1}");
  settle_exposure(&g);
  CHECK(g.exposure.reflogs == std::vector<std::string>{"HEAD@{1}"});
  CHECK(g.exposure.exposed_until == "2026-05-01T00:00:00Z");
  add_reach(&g.exposure, Reach::kBranch, "main");
  g.exposure.in_worktree = true;
  settle_exposure(&g);
  CHECK(g.exposure.reflogs.empty());
  CHECK(g.exposure.branches == std::vector<std::string>{"main"});
  CHECK(g.exposure.exposed_until.empty());  // still in the work tree
}

TEST_CASE("remediation: the kind comes from the rules and the URI scheme", "[sweep]") {
  const auto kind_of = [](const std::string& rule, const std::string& line, const std::string& secret) {
    SecretGroup g;
    g.rules = {rule};
    g.secret = secret;
    g.line_text = line;
    return remedy_for(g);
  };
  CHECK(kind_of("credential-uri", "DATABASE_URL=postgresql://app:pw1@db/app", "pw1").title == "PostgreSQL password");
  CHECK(kind_of("credential-uri", "REDIS_URL=redis://:pw2@cache:6379/0", "pw2").kind == "broker-password");
  const Remedy redis = kind_of("credential-uri", "REDIS_URL=rediss://:pw2@cache:6379/0", "pw2");
  CHECK(redis.rotate[0].find("masterauth") != std::string::npos);
  CHECK(kind_of("credential-uri", "BROKER=amqp://u:pw3@mq//", "pw3").rotate[0].find("rabbitmqctl") != std::string::npos);
  CHECK(kind_of("fernet-key-assignment", "FERNET_KEY=abc", "abc").rotate[1].find("MultiFernet") != std::string::npos);
  const Remedy hex = kind_of("hex-key-assignment", "SECRET_KEY=ab", "ab");
  CHECK(hex.kind == "hex-key");
  CHECK(hex.rotate[0].find("openssl rand -hex 32") != std::string::npos);
  CHECK(hex.rotate[1].find("_PREVIOUS") != std::string::npos);
  CHECK(kind_of("jwt-signing-secret-double-quoted", "x", "y").rotate[1].find("JWT_SECRET_KEY_PREVIOUS") !=
        std::string::npos);
  CHECK(kind_of("aws-secret-access-key", "x", "y").rotate[0].find("aws iam") != std::string::npos);
  CHECK(kind_of("github-pat-classic", "x", "y").rotate[0].find("github.com/settings/tokens") != std::string::npos);
  CHECK(kind_of("private-key-openssh", "x", "y").rotate[2].find("revoke") != std::string::npos);
  CHECK(kind_of("generic-password-quoted", "x", "y").kind == "password");
  CHECK(kind_of("made-up-rule", "x", "y").kind == "token");
}

}  // namespace keysweep
