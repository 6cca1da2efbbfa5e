#include "scanner/finding/remediation.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

namespace keysweep {
namespace {

bool any_rule(const SecretGroup& g, std::string_view prefix) {
  return std::any_of(g.rules.begin(), g.rules.end(), [&](const std::string& r) { return r.rfind(prefix, 0) == 0; });
}

// The URI scheme in front of the secret on its line ("postgresql" for postgresql://u:pw@h),
// lower-cased; empty when there is none.
std::string scheme_on_line(const SecretGroup& g) {
  const std::string_view line = g.line_text;
  const size_t at = line.find(g.secret);
  const size_t sep = line.rfind("://", at == std::string_view::npos ? line.size() : at);
  if (sep == std::string_view::npos) return "";
  size_t b = sep;
  while (b > 0 && (std::isalnum(static_cast<unsigned char>(line[b - 1])) || line[b - 1] == '+' ||
                   line[b - 1] == '.' || line[b - 1] == '-')) {
    --b;
  }
  std::string s(line.substr(b, sep - b));
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  // "postgresql+psycopg2" -> "postgresql"
  if (const size_t plus = s.find('+'); plus != std::string::npos) s.resize(plus);
  return s;
}

struct Provider {
  std::string_view rule_prefix;
  std::string_view name;
  std::string_view revoke;  // where or how to revoke and reissue
};

// Where each provider revokes and reissues (its own console page or CLI).
constexpr std::array<Provider, 28> kProviders = {{
    {"aws-", "AWS",
     "create a new access key (`aws iam create-access-key --user-name USER`), deploy it, then "
     "`aws iam update-access-key --status Inactive` and `aws iam delete-access-key --access-key-id OLD_ID` "
     "(IAM console: Users, Security credentials); check CloudTrail for the old key's use"},
    {"github-", "GitHub",
     "revoke it at https://github.com/settings/tokens (an app's token: the app's settings page; an "
     "organisation's fine-grained tokens: Settings, Personal access tokens) and issue a new one; check the "
     "security log for its use"},
    {"gitlab-", "GitLab", "revoke it under User settings, Access tokens (or the project's or group's Access tokens, "
                          "or CI/CD settings for runner and trigger tokens) and issue a new one"},
    {"slack-", "Slack", "revoke it at https://api.slack.com/apps (the app's OAuth & Permissions page; a webhook: "
                        "Incoming Webhooks, remove it) and reinstall the app for a new token"},
    {"stripe-", "Stripe", "roll the key at https://dashboard.stripe.com/apikeys (webhook secrets: Developers, Webhooks, "
                          "Roll secret) and deploy the new one"},
    {"gcp-", "Google Cloud", "`gcloud iam service-accounts keys create new.json --iam-account SA`, deploy it, then "
                             "`gcloud iam service-accounts keys delete OLD_KEY_ID --iam-account SA`"},
    {"google-", "Google", "delete or regenerate the key or client secret in the Google Cloud console, APIs & "
                          "Services, Credentials, and restrict the new one"},
    {"azure-", "Azure", "regenerate the key in the Azure portal (storage account: Access keys, Rotate; app "
                        "registration: Certificates & secrets, New client secret, then delete the old one; DevOps: "
                        "User settings, Personal access tokens, Revoke)"},
    {"npm", "npm", "`npm token revoke TOKEN_ID` (list them with `npm token list`) and create a new token"},
    {"pypi-", "PyPI", "remove the token at https://pypi.org/manage/account/token/ and create a new one"},
    {"openai-", "OpenAI", "revoke the key at https://platform.openai.com/api-keys and create a new one"},
    {"anthropic-", "Anthropic", "disable the key at https://console.anthropic.com/settings/keys and create a new one"},
    {"twilio-", "Twilio", "create a new API key or rotate the auth token in the Twilio console, then delete the old one"},
    {"sendgrid-", "SendGrid", "delete the API key under Settings, API Keys and create a new one"},
    {"mailgun-", "Mailgun", "rotate the API key under API Security in the Mailgun dashboard"},
    {"datadog-", "Datadog", "revoke the key under Organization Settings, API Keys and create a new one"},
    {"heroku-", "Heroku", "`heroku authorizations:revoke ID` (or Account settings, API Key, Regenerate)"},
    {"digitalocean-", "DigitalOcean", "delete the token under API, Tokens and generate a new one"},
    {"cloudflare-", "Cloudflare", "roll or delete the token under My Profile, API Tokens (the Global API Key: View, "
                                  "Change) and create a scoped token instead"},
    {"shopify-", "Shopify", "rotate the app's credentials in the Partner dashboard or the store's app settings"},
    {"vault-", "HashiCorp Vault", "`vault token revoke TOKEN` (an unseal key: `vault operator rekey`)"},
    {"docker-", "Docker registry", "change the registry password or revoke the access token (Docker Hub: Account "
                                   "settings, Personal access tokens), then `docker login` again"},
    {"huggingface-", "Hugging Face", "invalidate the token at https://huggingface.co/settings/tokens and create a new one"},
    {"sentry-", "Sentry", "revoke the token under Settings, Auth Tokens and create a new one"},
    {"telegram-", "Telegram", "send /revoke to @BotFather for the bot and use the new token"},
    {"discord-", "Discord", "reset the token in the Developer Portal (Bot, Reset Token; a webhook: delete it)"},
    {"okta-", "Okta", "revoke the token in the Admin Console, Security, API, Tokens and create a new one"},
    {"jwt", "JWT", "the token itself expires or is revoked by rotating the key that signed it (see below)"},
}};

const char* const kRestart = "restart or redeploy every service that reads it, then confirm the old value is "
                             "refused";

// Database and broker passwords in a URI, by scheme: how the server changes them.
struct SchemeRemedy {
  std::array<std::string_view, 2> schemes;
  const char* kind;
  const char* title;
  const char* on_server;
};

constexpr std::array<SchemeRemedy, 5> kSchemes = {{
    {{"redis", "rediss"}, "broker-password", "Redis password",
     "on the server: `CONFIG SET requirepass NEW` (and `CONFIG REWRITE`), or `ACL SETUSER USER >NEW <OLD` for an "
     "ACL user; on every replica also `CONFIG SET masterauth NEW`"},
    {{"amqp", "amqps"}, "broker-password", "RabbitMQ password", "on the broker: `rabbitmqctl change_password USER NEW`"},
    {{"postgres", "postgresql"}, "database-password", "PostgreSQL password",
     "on the server: `ALTER ROLE name WITH PASSWORD 'NEW';` (psql `\\password name` keeps it out of the history)"},
    {{"mysql", "mariadb"}, "database-password", "MySQL password",
     "on the server: `ALTER USER 'name'@'host' IDENTIFIED BY 'NEW';`"},
    {{"mongodb", "mongodb+srv"}, "database-password", "MongoDB password",
     "in mongosh: `db.changeUserPassword('name', passwordPrompt())`"},
}};

}  // namespace

Remedy remedy_for(const SecretGroup& g) {
  Remedy r;
  if (any_rule(g, "private-key") || any_rule(g, "openvpn-static-key") || any_rule(g, "age-secret-key")) {
    r.kind = "private-key";
    r.title = "Private key";
    r.rotate = {"generate a new key pair (`ssh-keygen -t ed25519` for SSH, `openssl genpkey -algorithm ed25519` "
                "or your CA's process for TLS)",
                "install the new public key or certificate where the old one is trusted, and remove the old public key "
                "(authorized_keys, deploy keys, the host's TLS configuration)",
                "if a certificate was issued for the old key, revoke it with the CA that issued it",
                kRestart};
    return r;
  }
  if (any_rule(g, "fernet")) {
    r.kind = "fernet-key";
    r.title = "Fernet key";
    r.rotate = {"generate a new key: `python3 -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'`",
                "put it first in a `MultiFernet([new, old])` list, so tokens made with either key still decrypt",
                "re-encrypt every stored token with `MultiFernet.rotate(token)`",
                "then drop the old key from the list and from the secret store",
                kRestart};
    return r;
  }
  const std::string scheme = scheme_on_line(g);
  const bool uri = any_rule(g, "credential-uri") || !scheme.empty();
  if (uri) {
    for (const SchemeRemedy& m : kSchemes) {
      if (std::find(m.schemes.begin(), m.schemes.end(), scheme) == m.schemes.end()) continue;
      r.kind = m.kind;
      r.title = m.title;
      r.rotate = {m.on_server, "update the secret store", kRestart};
      return r;
    }
  }
  if (any_rule(g, "jwt-signing-secret") || any_rule(g, "dotnet-jwt-key")) {
    r.kind = "jwt-secret";
    r.title = "JWT signing secret";
    r.rotate = {"generate a new secret: `openssl rand -hex 32`",
                "deploy it as the current key and keep the old one as the previous key for verification only "
                "(`JWT_SECRET_KEY_CURRENT` / `JWT_SECRET_KEY_PREVIOUS`), so sessions signed with it survive the switch",
                "after the longest token lifetime has passed, remove the previous key",
                kRestart};
    return r;
  }
  for (const Provider& p : kProviders) {
    if (any_rule(g, p.rule_prefix)) {
      r.kind = "provider-token";
      r.title = std::string(p.name) + " credential";
      r.rotate = {std::string(p.revoke), "update the secret store", kRestart};
      return r;
    }
  }
  if (any_rule(g, "hex-key") || any_rule(g, "laravel-app-key") || any_rule(g, "rails-") ||
      any_rule(g, "wordpress-auth-salt") || any_rule(g, "urlsafe-token")) {
    r.kind = "hex-key";
    r.title = "Signing or encryption key";
    r.rotate = {"generate a new key: `openssl rand -hex 32` (URL-safe tokens: "
                "`python3 -c 'import secrets; print(secrets.token_urlsafe(32))'`)",
                "for JWT or session keys: deploy it as the current key and keep the old one as the previous key "
                "(`*_CURRENT` / `*_PREVIOUS`) until sessions signed with it have expired; data encrypted with the "
                "old key must be re-encrypted",
                kRestart};
    return r;
  }
  const bool password = uri || std::any_of(g.rules.begin(), g.rules.end(), [](const std::string& id) {
                          return id.find("password") != std::string::npos || id.find("netrc") != std::string::npos ||
                                 id.find("pgpass") != std::string::npos || id.find("basic-auth") != std::string::npos ||
                                 id.find("connection-string") != std::string::npos;
                        });
  if (password) {
    r.kind = "password";
    r.title = uri && !scheme.empty() ? scheme + " password" : "Password";
    r.rotate = {"change the password on the system it opens (the account, database or service named next to it)",
                "update the secret store", kRestart};
    return r;
  }
  r.kind = "token";
  r.title = "Token or key";
  r.rotate = {"find the issuer (the name next to it, the service it is sent to) and revoke it there",
              "issue a new one and update the secret store", kRestart};
  return r;
}

}  // namespace keysweep
