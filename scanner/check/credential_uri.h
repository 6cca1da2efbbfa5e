// Credential URIs: finding the password inside a connection string.
//
// One parser for every scheme, because connection strings share a shape more than a grammar:
//   scheme://user:pass@host[:port][,host2...]/path?query      (postgres, mysql, mongodb+srv,
//                                                             redis, amqp, https, ...)
//   jdbc:postgresql://host/db?user=u&password=p              (password in query parameters)
//   jdbc:sqlserver://host:1433;databaseName=x;user=u;password=p;
//   jdbc:oracle:thin:user/pass@//host:1521/service
//   Server=host;Database=x;User Id=u;Password=p;             (ADO.NET / ODBC, no scheme)
//   user:pass@tcp(host:3306)/db?parseTime=true               (Go's go-sql-driver/mysql DSN)
//   host=db port=5432 user=u password='p\'q' dbname=x        (libpq keyword/value, no ';')
// The parser is lenient where real files are sloppy (an unencoded '@' or ':' in a password: the
// LAST '@' before the host ends the userinfo) and strict where leniency would invent passwords
// (a password never contains '/', so a path can never become one).
//
// Thread safety: pure functions, no state. Cost: linear in the candidate's length, no
// allocation in the parser (the check allocates to percent-decode the password).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "scanner/check/checks.h"

namespace keysweep {

// How a password is written inside its connection string, which says how to decode it before
// judging it: %XX escapes in URIs and ADO.NET strings, \\ and \' in libpq's quoted values.
enum class PasswordEncoding { kPercent, kBackslash };

// What parse_uri_credential() found. The views point into the parsed text.
struct UriCredential {
  // The password's raw span in the parsed text, [begin, end), not percent-decoded, never empty.
  size_t password_begin = 0;
  size_t password_end = 0;
  std::string_view scheme;  // "postgresql+psycopg2", "jdbc:sqlserver"; empty for ADO.NET/ODBC
  std::string_view user;    // raw (percent-encoded) user name; may be empty (redis://:pw@h)
  std::string_view host;    // first host, raw, without brackets or port; may be empty
  bool from_query = false;  // the password came from a key=value parameter, not the userinfo
  PasswordEncoding encoding = PasswordEncoding::kPercent;
};

// Where a credential is used, judged from its host alone (percent-decoded, case-insensitive).
enum class HostKind {
  kUnknown,        // no host, or a template (${DB_HOST}, {{ host }}, %s)
  kLocal,          // localhost, *.localhost, 127.0.0.0/8, ::1, 0.0.0.0, host.docker.internal,
                   // a Unix socket path (/var/run/mysqld/mysqld.sock)
  kPrivate,        // RFC 1918, link-local, IPv6 unique-local addresses; *.internal, *.local,
                   // *.lan, *.localdomain, *.home.arpa, *.intranet, *.corp, *.svc, *.consul
  kServiceName,    // one label without dots: a compose or Kubernetes service (db, redis, mongo-0)
  kDocumentation,  // example.com/.net/.org and subdomains, *.example, *.test, *.invalid, RFC 5737
                   // and RFC 3849 documentation addresses, "your-host"-style names
  kRemote,         // any other dotted name or address: a host someone else can reach
};
HostKind classify_host(std::string_view raw_host);

// How believable a password is, from its decoded text alone.
enum class PasswordKind {
  kPlaceholder,  // stands for a value supplied elsewhere or names the slot: ${DB_PASSWORD},
                 // <password>, %s, xxxx, ****, changeme, your_password, db_pass
  kWeak,         // a real value, but a throwaway one: test, testpass, dev_password, admin, root
  kPlausible,    // anything else
};
PasswordKind classify_password(std::string_view raw, std::string_view decoded);

// The verdict every connection-string check shares: is this user/password on this host a
// leak, and what kind? nullopt (not a leak) for placeholders, a constant's name made of words
// (ADMIN_PW), well-known sample pairs (scott/tiger, anonymous logins), and for a weak password
// (kWeak, a value made of words by check/made_up.h, or the user name again) anywhere but a
// remote host: a dev default on localhost or a compose service is not a leak, the same value on a
// cloud database is (then kFlagWeak). On a documentation host only a random-looking password is
// reported, with kFlagDocumentationHost. Otherwise 0, a plain finding. `password` is decoded,
// `raw_password` as written; `user` is decoded and may be empty; `host` is raw and may be empty
// (kUnknown).
std::optional<uint8_t> credential_verdict(std::string_view user, std::string_view raw_password,
                                          std::string_view password, std::string_view host);

// Decodes %XX escapes; a '%' not followed by two hex digits stays as it is ("%s" is a format
// directive, not an escape). '+' is left alone: it means space only in form bodies.
std::string percent_decode(std::string_view s);

// Parses a URI-like candidate (text) and finds its password; nullopt when none. Does not judge
// the password: placeholders and documentation hosts are credential_uri_check()'s business.
// Never fails on malformed input: anything it cannot read is "no password".
std::optional<UriCredential> parse_uri_credential(std::string_view text);

// The named check "credential_uri": parses cand.secret() as a whole URI candidate and narrows
// cand.secret_* to the password. Returns false (drop) when there is no password, when the
// credential is not a leak by credential_verdict(), whose flags it sets (the password decoded as its encoding
// says). On false, cand is left unchanged.
bool credential_uri_check(Candidate& cand);

// The named check "password_literal": cand.secret() is the contents of a string literal in a
// password slot (a password= argument, the password position of a connect call, a password:
// option). Decodes \\, \" and \' and judges it with credential_verdict() on the host given
// as a host= / host: string literal in the match (unknown when there is none);
// also drops it when the same literal appears elsewhere in the match (the user name passed as
// the password: connect("localhost", "root", "root")). Letters-only values are kept: the slot
// says what they are.
bool password_literal_check(Candidate& cand);

}  // namespace keysweep
