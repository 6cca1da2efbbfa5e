// Credential URIs: finding the password inside a connection string.
//
// One parser for every scheme, because connection strings share a shape more than a grammar:
//   scheme://user:pass@host[:port][,host2...]/path?query      (postgres, mysql, mongodb+srv,
//                                                             redis, amqp, https, ...)
//   jdbc:postgresql://host/db?user=u&password=p              (password in query parameters)
//   jdbc:sqlserver://host:1433;databaseName=x;user=u;password=p;
//   jdbc:oracle:thin:user/pass@//host:1521/service
//   Server=host;Database=x;User Id=u;Password=p;             (ADO.NET / ODBC, no scheme)
// The parser is lenient where real files are sloppy (an unencoded '@' or ':' in a password: the
// LAST '@' before the host ends the userinfo) and strict where leniency would invent passwords
// (a password never contains '/', so a path can never become one).
//
// Thread safety: pure functions, no state. Cost: linear in the candidate's length, no
// allocation in the parser (the check allocates to percent-decode the password).
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "scanner/check/checks.h"

namespace keysweep {

// What parse_uri_credential() found. The views point into the parsed text.
struct UriCredential {
  // The password's raw span in the parsed text, [begin, end), not percent-decoded, never empty.
  size_t password_begin = 0;
  size_t password_end = 0;
  std::string_view scheme;  // "postgresql+psycopg2", "jdbc:sqlserver"; empty for ADO.NET/ODBC
  std::string_view user;    // raw (percent-encoded) user name; may be empty (redis://:pw@h)
  std::string_view host;    // first host, raw, without brackets or port; may be empty
  bool from_query = false;  // the password came from a key=value parameter, not the userinfo
};

// Parses a URI-like candidate (text) and finds its password; nullopt when none. Does not judge
// the password: placeholders and documentation hosts are credential_uri_check()'s business.
// Never fails on malformed input: anything it cannot read is "no password".
std::optional<UriCredential> parse_uri_credential(std::string_view text);

// The named check "credential_uri": parses cand.secret() as a whole URI candidate and narrows
// cand.secret_* to the password. Returns false (drop) when there is no password, when the
// password is a placeholder (${VAR}, <password>, changeme, xxx, ...; tested percent-decoded),
// equals the user name (postgres:postgres), is a well-known example pair (scott/tiger), or the
// host is a documentation host (example.com/.net/.org and subdomains, *.example, *.test,
// *.invalid, RFC 5737/3849 documentation addresses). On false, cand is left unchanged.
bool credential_uri_check(Candidate& cand);

}  // namespace keysweep
