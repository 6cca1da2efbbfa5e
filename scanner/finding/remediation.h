// Remediation: what to rotate for a secret group, and how (`keysweep sweep`'s plan, step 1).
//
// The kind is read from the rules that found the secret (rule ids are stable: doc/rules.md) and,
// for a credential URI, from its scheme on the line (postgresql://, redis://, amqp://): a hex
// signing key, a JWT signing secret, a Fernet key, a database or broker password, a provider or
// cloud token (with the provider's page or command), a private key, a password, or a token of
// unknown issuer. Each kind has its steps, concrete and in order; the purge and verify steps are
// the same for every secret and are the sweep reporter's business.
//
// Thread safety: pure functions. Errors: none (an unknown rule is a token of unknown issuer).
#pragma once

#include <string>
#include <vector>

#include "scanner/finding/secret_group.h"

namespace keysweep {

struct Remedy {
  std::string kind;                 // "hex-key", "jwt-secret", "fernet-key", "database-password",
                                    // "broker-password", "provider-token", "private-key",
                                    // "password", "token"
  std::string title;                // one line: "PostgreSQL password", "GitHub token"
  std::vector<std::string> rotate;  // the steps, in order (Markdown-safe plain text, `code`)
};

Remedy remedy_for(const SecretGroup& group);

}  // namespace keysweep
