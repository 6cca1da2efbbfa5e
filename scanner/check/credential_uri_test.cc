#include "scanner/check/credential_uri.h"

#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace keysweep {
namespace {

// The password parse_uri_credential() finds, as raw text; nullopt when none.
std::optional<std::string> parsed_password(std::string_view text) {
  std::optional<UriCredential> cred = parse_uri_credential(text);
  if (!cred) return std::nullopt;
  REQUIRE(cred->password_begin < cred->password_end);
  REQUIRE(cred->password_end <= text.size());
  return std::string(text.substr(cred->password_begin, cred->password_end - cred->password_begin));
}

// Runs the check on `text` placed inside a line, as the matcher would hand it over; returns the
// narrowed secret, or nullopt when the check drops the candidate.
std::optional<std::string> checked_secret(std::string_view text, uint8_t* flags = nullptr) {
  const std::string prefix = "DATABASE_URL=\"";
  const std::string chunk = prefix + std::string(text) + "\"\n";
  Candidate cand;
  cand.chunk = chunk;
  cand.match_begin = 0;
  cand.match_end = chunk.size();
  cand.secret_begin = prefix.size();
  cand.secret_end = prefix.size() + text.size();
  cand.path = "config/settings.py";
  const Candidate before = cand;
  if (!credential_uri_check(cand)) {
    // A dropped candidate is left untouched.
    CHECK(cand.secret_begin == before.secret_begin);
    CHECK(cand.secret_end == before.secret_end);
    return std::nullopt;
  }
  REQUIRE(cand.secret_begin >= before.secret_begin);
  REQUIRE(cand.secret_end <= before.secret_end);
  if (flags) *flags = cand.flags;
  return std::string(cand.secret());
}

// The flags the check sets on `text`, or nullopt when it drops it.
std::optional<uint8_t> checked_flags(std::string_view text) {
  uint8_t flags = 0;
  if (!checked_secret(text, &flags)) return std::nullopt;
  return flags;
}

}  // namespace

TEST_CASE("userinfo password in scheme://user:pass@host", "[credential_uri]") {
  const std::string_view text = "postgres://app:Q3thI6bKY6cRCE3wOZHy@db.internal:5432/orders";
  std::optional<UriCredential> cred = parse_uri_credential(text);
  REQUIRE(cred);
  CHECK(cred->scheme == "postgres");
  CHECK(cred->user == "app");
  CHECK(cred->host == "db.internal");
  CHECK_FALSE(cred->from_query);
  CHECK(checked_secret(text) == "Q3thI6bKY6cRCE3wOZHy");
}

TEST_CASE("schemes with a +dialect and mongodb+srv", "[credential_uri]") {
  CHECK(checked_secret("postgresql+psycopg2://svc:qqYUsFjoeDDgimaZbQqJ@10.0.3.7/app") ==
        "qqYUsFjoeDDgimaZbQqJ");
  CHECK(checked_secret("mysql+pymysql://root:FCvE1dID8bkPZJu0YsI0@mysql:3306/shop?charset=utf8mb4")
        == "FCvE1dID8bkPZJu0YsI0");
  CHECK(checked_secret("mssql+pyodbc://sa:wGQOW7IiAILdzXyWVCHK@sqlhost/db?driver=ODBC+Driver+18")
        == "wGQOW7IiAILdzXyWVCHK");
  CHECK(checked_secret("mongodb+srv://reporting:F6q3efCLmON4aUaxQAEz@cluster0.ab1cd.mongodb.net/"
                       "?retryWrites=true&w=majority") == "F6q3efCLmON4aUaxQAEz");
  std::optional<UriCredential> cred =
      parse_uri_credential("postgresql+psycopg2://svc:qqYUsFjoeDDgimaZbQqJ@10.0.3.7/app");
  REQUIRE(cred);
  CHECK(cred->scheme == "postgresql+psycopg2");
}

TEST_CASE("several hosts: the first one is the host", "[credential_uri]") {
  const std::string_view text =
      "mongodb://etl:c9SeRcTX08mUvBxVeGII@mongo-0.mongo:27017,mongo-1.mongo:27017,"
      "mongo-2.mongo:27017/events?replicaSet=rs0&authSource=admin";
  std::optional<UriCredential> cred = parse_uri_credential(text);
  REQUIRE(cred);
  CHECK(cred->host == "mongo-0.mongo");
  CHECK(checked_secret(text) == "c9SeRcTX08mUvBxVeGII");
  // A documentation host first makes it a documentation-host note; later hosts are not judged.
  CHECK(checked_flags("mongodb://etl:c9SeRcTX08mUvBxVeGII@db1.example.com:27017,"
                      "db2.example.com:27017/events") == kFlagDocumentationHost);
}

TEST_CASE("redis and rediss with an empty user", "[credential_uri]") {
  const std::string_view text = "redis://:ZRvwPzJgMYWuH1XyyqoO@cache.prod.svc:6379/0";
  std::optional<UriCredential> cred = parse_uri_credential(text);
  REQUIRE(cred);
  CHECK(cred->user.empty());
  CHECK(checked_secret(text) == "ZRvwPzJgMYWuH1XyyqoO");
  CHECK(checked_secret("rediss://default:A4sFnOQYenngM5Pvq1v4@redis-12345.c1.cloud.redislabs.com:"
                       "12345") == "A4sFnOQYenngM5Pvq1v4");
  CHECK_FALSE(checked_secret("redis://:pass@cache:6379/0"));
  CHECK_FALSE(checked_secret("redis://cache:6379/0"));
  CHECK_FALSE(checked_secret("redis://:@cache:6379/0"));
}

TEST_CASE("amqp and amqps broker URLs", "[credential_uri]") {
  CHECK(checked_secret("amqp://celery:DnaGHIqLDyJ3kcbvJq4SD8ca@rabbitmq:5672/celery_vhost") ==
        "DnaGHIqLDyJ3kcbvJq4SD8ca");
  CHECK(checked_secret("amqps://ingest:f474bd53d319f1b12f167c73@b-1234.mq.eu-west-1.amazonaws.com:"
                       "5671") == "f474bd53d319f1b12f167c73");
  CHECK_FALSE(checked_secret("amqp://guest:guest@localhost:5672//"));
}

TEST_CASE("percent-encoded passwords keep their raw span", "[credential_uri]") {
  CHECK(checked_secret("postgres://app:k9%40Fz%3Aw2%2FQx7@db.internal/app") == "k9%40Fz%3Aw2%2FQx7");
  // Placeholder tests look at the decoded value.
  CHECK_FALSE(checked_secret("postgres://app:%3Cpassword%3E@db.internal/app"));
  CHECK_FALSE(checked_secret("postgres://app:%24%7BDB_PASSWORD%7D@db.internal/app"));
  CHECK_FALSE(checked_secret("postgres://app:your%5Fpassword@db.internal/app"));
  // Not an escape: stays as written and is judged as written.
  CHECK(checked_secret("postgres://app:50%zz9Qk2@db.internal/app") == "50%zz9Qk2");
  // User equal to password after decoding.
  CHECK_FALSE(checked_secret("postgres://p%40t:p@t@db.internal/app"));
}

TEST_CASE("':' and '@' inside a password: the last '@' ends the userinfo", "[credential_uri]") {
  CHECK(checked_secret("mysql://deploy:Xa9:f@3!kLq@db.internal:3306/app") == "Xa9:f@3!kLq");
  std::optional<UriCredential> cred =
      parse_uri_credential("mysql://deploy:Xa9:f@3!kLq@db.internal:3306/app");
  REQUIRE(cred);
  CHECK(cred->user == "deploy");
  CHECK(cred->host == "db.internal");
  // '#' and ';' inside a password too.
  CHECK(checked_secret("postgres://app:T7#mq;2Lw@db.internal/app") == "T7#mq;2Lw");
}

TEST_CASE("IPv6 hosts", "[credential_uri]") {
  const std::string_view text = "postgres://app:Hq3NwVp8Rt2LmZ@[::1]:5432/app";
  std::optional<UriCredential> cred = parse_uri_credential(text);
  REQUIRE(cred);
  CHECK(cred->host == "::1");
  CHECK(checked_secret(text) == "Hq3NwVp8Rt2LmZ");
  CHECK(checked_secret("redis://:Hq3NwVp8Rt2LmZ@[fd00:ec2::254]") == "Hq3NwVp8Rt2LmZ");
  // RFC 3849 documentation prefix.
  CHECK(checked_flags("postgres://app:Hq3NwVp8Rt2LmZ@[2001:db8::10]:5432/app") == kFlagDocumentationHost);
  // An unterminated bracket does not crash.
  CHECK_NOTHROW(parse_uri_credential("postgres://app:Hq3NwVp8Rt2LmZ@[::1"));
}

TEST_CASE("JDBC URLs with the password in the query", "[credential_uri]") {
  const std::string_view pg =
      "jdbc:postgresql://pg.internal:5432/billing?user=billing&password=Vb7Lq2xNm4Rk9Zp&ssl=true";
  std::optional<UriCredential> cred = parse_uri_credential(pg);
  REQUIRE(cred);
  CHECK(cred->scheme == "jdbc:postgresql");
  CHECK(cred->user == "billing");
  CHECK(cred->host == "pg.internal");
  CHECK(cred->from_query);
  CHECK(checked_secret(pg) == "Vb7Lq2xNm4Rk9Zp");

  CHECK(checked_secret("jdbc:mysql://mysql.internal:3306/shop?useSSL=true&user=shop&password="
                       "Wq8Zt3Lp5Nv1Rx") == "Wq8Zt3Lp5Nv1Rx");
  // XML-escaped ampersands (Tomcat context.xml, Spring XML).
  CHECK(checked_secret("jdbc:mysql://mysql.internal/shop?user=shop&amp;password=Wq8Zt3Lp5Nv1Rx") ==
        "Wq8Zt3Lp5Nv1Rx");
  // Userinfo form that Connector/J also accepts.
  CHECK(checked_secret("jdbc:mysql://shop:Wq8Zt3Lp5Nv1Rx@mysql.internal:3306/shop") ==
        "Wq8Zt3Lp5Nv1Rx");
  CHECK_FALSE(checked_secret("jdbc:postgresql://pg.internal:5432/billing?user=billing"));
  CHECK_FALSE(checked_secret("jdbc:postgresql://pg.internal/billing?user=app&password=${DB_PASSWORD}"));
  CHECK(checked_flags("jdbc:mysql://db.example.com/shop?user=shop&password=Wq8Zt3Lp5Nv1Rx") == kFlagDocumentationHost);
  CHECK_FALSE(checked_secret("jdbc:mysql://db.example.com/shop?user=shop&password=shop-pass-2024"));
}

TEST_CASE("JDBC SQL Server ';' parameters", "[credential_uri]") {
  const std::string_view text =
      "jdbc:sqlserver://sql01.corp.local:1433;databaseName=erp;user=erp_app;password=Jm4Xc9Qw2Lz7;"
      "encrypt=true";
  std::optional<UriCredential> cred = parse_uri_credential(text);
  REQUIRE(cred);
  CHECK(cred->scheme == "jdbc:sqlserver");
  CHECK(cred->host == "sql01.corp.local");
  CHECK(cred->user == "erp_app");
  CHECK(checked_secret(text) == "Jm4Xc9Qw2Lz7");
  // An '@' in a parameter is not userinfo here.
  CHECK(checked_secret("jdbc:sqlserver://sql01;user=erp@corp;password=Jm4Xc9Qw2Lz7") ==
        "Jm4Xc9Qw2Lz7");
  CHECK(checked_secret("jdbc:jtds:sqlserver://sql01:1433/erp;user=erp;password=Jm4Xc9Qw2Lz7") ==
        "Jm4Xc9Qw2Lz7");
  // Host only as a parameter.
  std::optional<UriCredential> named =
      parse_uri_credential("jdbc:sqlserver://;serverName=sql02;user=a;password=Jm4Xc9Qw2Lz7");
  REQUIRE(named);
  CHECK(named->host == "sql02");
  CHECK_FALSE(checked_secret("jdbc:sqlserver://sql01:1433;databaseName=erp;integratedSecurity=true"));
  CHECK_FALSE(checked_secret("jdbc:sqlserver://sql01:1433;user=sa;password=<password>"));
}

TEST_CASE("Oracle thin URLs", "[credential_uri]") {
  const std::string_view text = "jdbc:oracle:thin:hr/Pz8Kw3Nq6Lr@//ora.internal:1521/ORCLPDB1";
  std::optional<UriCredential> cred = parse_uri_credential(text);
  REQUIRE(cred);
  CHECK(cred->scheme == "jdbc:oracle:thin");
  CHECK(cred->user == "hr");
  CHECK(cred->host == "ora.internal");
  CHECK(checked_secret(text) == "Pz8Kw3Nq6Lr");
  CHECK(checked_secret("jdbc:oracle:thin:hr/Pz8Kw3Nq6Lr@ora.internal:1521:ORCL") == "Pz8Kw3Nq6Lr");
  CHECK_FALSE(checked_secret("jdbc:oracle:thin:scott/tiger@localhost:1521:orcl"));
  CHECK_FALSE(checked_secret("jdbc:oracle:thin:@ora.internal:1521:ORCL"));
}

TEST_CASE("query parameters named password, passwd, pwd, pass, secret", "[credential_uri]") {
  for (std::string_view key : {"password", "passwd", "pwd", "pass", "secret", "Password", "PWD"}) {
    const std::string text = "mongodb://mongo.internal:27017/app?user=app&" + std::string(key) +
                             "=Gh5Tn8Wq2Zx4";
    INFO(text);
    CHECK(checked_secret(text) == "Gh5Tn8Wq2Zx4");
  }
  // Other keys are not passwords.
  CHECK_FALSE(checked_secret("https://api.internal/v1/report?user=app&password_hint=Gh5Tn8Wq2Zx4"));
  CHECK_FALSE(checked_secret("https://api.internal/v1/report?token_type=bearer"));
}

TEST_CASE("ADO.NET and ODBC connection strings", "[credential_uri]") {
  const std::string_view text =
      "Server=tcp:erp-sql.database.windows.net,1433;Initial Catalog=erp;User ID=erp_app;"
      "Password=Rt6Vb2Nx9Qm4;Encrypt=True;";
  std::optional<UriCredential> cred = parse_uri_credential(text);
  REQUIRE(cred);
  CHECK(cred->scheme.empty());
  CHECK(cred->host == "erp-sql.database.windows.net");
  CHECK(cred->user == "erp_app");
  CHECK(checked_secret(text) == "Rt6Vb2Nx9Qm4");
  // Quoted values may hold ';'.
  CHECK(checked_secret("Data Source=sql01;User Id=app;Password=\"Rt6;Vb2Nx9\";") == "Rt6;Vb2Nx9");
  CHECK(checked_secret("Driver={ODBC Driver 18 for SQL Server};Server=sql01;UID=app;PWD={Rt6;Vb}}2};")
        == "Rt6;Vb}}2");
  CHECK_FALSE(checked_secret("Server=sql01;Database=erp;Trusted_Connection=True;"));
  CHECK_FALSE(checked_secret("Server=myServerAddress;Database=myDataBase;User Id=myUsername;"
                             "Password=myPassword;"));
  CHECK(checked_flags("Server=sql.example.com;User Id=app;Password=Rt6Vb2Nx9Qm4;") == kFlagDocumentationHost);
  CHECK_FALSE(checked_secret("Server=sql.example.com;User Id=app;Password=LONG_RANDOM_PASSWORD;"));
  // Format-string slots in {..} are not ODBC-quoted passwords.
  CHECK_FALSE(checked_secret("Server={0};Database={1};User Id={2};Password={3};"));
  CHECK_FALSE(checked_secret("Server={host};User Id={user};Password={dbPassword};"));
  CHECK_FALSE(checked_secret("Server=sql01;User Id=app;Password={_config[\"DbPassword\"]};"));
  CHECK_FALSE(checked_secret("Server=$DB_HOST;Uid=app;Pwd=%DB_PASSWORD%;"));
}

TEST_CASE("no password means no finding", "[credential_uri]") {
  CHECK_FALSE(parsed_password("postgres://app@db.internal/app"));
  CHECK_FALSE(parsed_password("postgres://db.internal:5432/app"));
  CHECK_FALSE(parsed_password("postgres://app:@db.internal/app"));
  CHECK_FALSE(parsed_password("https://ghp_token@github.com/org/repo.git"));
  CHECK_FALSE(parsed_password("https://github.com/@scope/pkg:1.0"));
  // The '@' is in a query, not in userinfo.
  CHECK_FALSE(parsed_password("redis://cache:6379?client_name=a@b"));
  // A '/' cannot be in a password: the '@' after it is in the path.
  CHECK_FALSE(parsed_password("https://host:8443/users/@alice"));
}

TEST_CASE("placeholders are not findings", "[credential_uri]") {
  for (std::string_view pw :
       {"password", "pass", "passwd", "PASSWORD", "changeme", "secret", "${DB_PASSWORD}",
        "${DB_PASSWORD:-x}", "$DB_PASSWORD", "$(DB_PASSWORD)", "%s", "%(password)s", "<password>",
        "{password}", "{{.Values.db.password}}", "{{password}}", "xxx", "XXXXXXXX", "***",
        "********", "...", "your_password", "yourpassword", "YOUR-PASSWORD-HERE", "mypassword",
        "my_secret_password", "mysecretpassword", "example", "test", "dummy", "<%=ENV['PW']%>",
        "%DB_PASSWORD%", "__DB_PASSWORD__", "#{dbPassword}", "[password]", "db_pass",
        "super_secret", "changeit", "ab12...yz", "Zx9xxxxxxxx"}) {
    const std::string text = "postgres://app:" + std::string(pw) + "@db.internal:5432/app";
    INFO(text);
    REQUIRE(parsed_password(text) == std::string(pw));
    CHECK_FALSE(checked_secret(text));
  }
  // Template syntax with spaces never reaches the host: no password at all.
  CHECK_FALSE(parsed_password("postgres://app:{{ .Values.db.password }}@db.internal:5432/app"));
  // Near misses that are real passwords.
  for (std::string_view pw : {"Pa55w0rd!2024", "passport-9Kq", "$3cr3t-Vk8", "100%Zq7", "x7Q",
                              "Testing-4-Kq9Z"}) {
    const std::string text = "postgres://app:" + std::string(pw) + "@db.internal:5432/app";
    INFO(text);
    CHECK(checked_secret(text) == std::string(pw));
  }
  // A word and a number is a weak password: quiet on a private network, reported elsewhere.
  CHECK_FALSE(checked_secret("postgres://app:secretariat77@db.internal:5432/app"));
  CHECK(checked_flags("postgres://app:secretariat77@db.acme-corp.net:5432/app") == kFlagWeak);
}

TEST_CASE("password equal to the user name is not a finding", "[credential_uri]") {
  CHECK_FALSE(checked_secret("postgres://postgres:postgres@db:5432/postgres"));
  CHECK_FALSE(checked_secret("amqp://guest:guest@rabbitmq:5672/"));
  CHECK_FALSE(checked_secret("mysql://Root:root@mysql/app"));
  CHECK_FALSE(checked_secret("jdbc:postgresql://db/app?user=app&password=app"));
}

TEST_CASE("documentation hosts: made-up passwords are quiet, random ones are notes", "[credential_uri]") {
  for (std::string_view host :
       {"example.com", "EXAMPLE.ORG", "example.net", "db.example.com", "db.example.org.",
        "mail.example", "db.test", "host.invalid", "192.0.2.10", "198.51.100.7", "203.0.113.99",
        "your-db-host"}) {
    for (std::string_view pw : {"home-pass", "secret-passwd", "LONG_RANDOM_PASSWORD", "password",
                                "dev_password_123"}) {
      const std::string text =
          "postgres://admin:" + std::string(pw) + "@" + std::string(host) + ":5432/app";
      INFO(text);
      CHECK_FALSE(checked_secret(text));
    }
    // Short and typed passwords at a documentation host are examples too.
  for (std::string_view pw : {"xyz", "123", "p4ssw0rd", "Kq8Zt2"}) {
    const std::string text = "https://abc:" + std::string(pw) + "@" + std::string(host) + "/";
    INFO(text);
    CHECK_FALSE(checked_secret(text));
  }
  // People scrub the host name and leave the real password.
    const std::string text = "postgres://admin:Kq8Zt2Wn5Lp3@" + std::string(host) + ":5432/app";
    INFO(text);
    CHECK(checked_flags(text) == kFlagDocumentationHost);
  }
  // Real domains that merely contain the words are findings.
  for (std::string_view host : {"example.com.evil.io", "myexample.com", "test", "db.testing.io",
                                "notexample.org", "localhost"}) {
    const std::string text = "postgres://admin:Kq8Zt2Wn5Lp3@" + std::string(host) + ":5432/app";
    INFO(text);
    CHECK(checked_secret(text) == "Kq8Zt2Wn5Lp3");
  }
}

TEST_CASE("a password made of words: a dev default locally, a weak password at a real host", "[credential_uri]") {
  for (std::string_view host : {"localhost", "127.0.0.1", "LOCALHOST", "[::1]", "10.0.3.7", "172.20.0.5",
                                "192.168.1.20", "db", "postgres", "redis-master", "host.docker.internal",
                                "api.localhost", "0.0.0.0", "pg.internal", "nas.local", "db.home.arpa"}) {
    const std::string text = "postgresql://admin:dev_password_123@" + std::string(host) + ":5432/app";
    INFO(text);
    CHECK_FALSE(checked_secret(text));
  }
  // Remote hosts: the password is in use, however weak.
  CHECK(checked_flags("mongodb://app:testpass@ds048537.mongolab.com:48537/main") == kFlagWeak);
  CHECK(checked_flags("postgresql://admin:dev_password_123@db.acme-corp.net:5432/app") == kFlagWeak);
  CHECK(checked_flags("https://deploy:hunter22@git.acme-corp.net/app.git") == kFlagWeak);
  // Instructions and constant-style names stay placeholders everywhere.
  CHECK_FALSE(checked_secret("postgresql://postgres:ADMIN_PW@prod-db.internal.acme-corp.net:5432/app"));
  CHECK_FALSE(checked_secret("postgresql://postgres:LONG_RANDOM_PASSWORD@db.acme-corp.net:5432/app"));
  CHECK(checked_secret("postgresql://postgres:QX7_KJ2_PLM9W@db.acme-corp.net:5432/app") == "QX7_KJ2_PLM9W");
  // A masked host name was scrubbed for a document.
  CHECK_FALSE(checked_secret("postgresql://postgres:dev_password_123@prod-db.cxxxxxx.eu-central-1.rds.amazonaws.com/app"));
  CHECK(checked_flags("postgresql://postgres:Kq8Zt2Wn5Lp3@prod-db.cxxxxxx.eu-central-1.rds.amazonaws.com/app") ==
        kFlagDocumentationHost);
  CHECK_FALSE(checked_secret("postgresql://admin:your_password@db.acme-corp.net:5432/app"));
  CHECK_FALSE(checked_secret("postgresql://admin:enter-password-here@db.acme-corp.net:5432/app"));
  CHECK_FALSE(checked_secret("postgresql://admin:password@db.acme-corp.net:5432/app"));
  // Not private: 172.32/16 and 172.15/16 are public; fdic.gov is a name.
  CHECK(checked_flags("postgresql://admin:dev_password_123@172.32.0.1/app") == kFlagWeak);
  CHECK(checked_flags("postgresql://admin:dev_password_123@fdic.gov/app") == kFlagWeak);
  // Random passwords keep no flag wherever they are.
  CHECK(checked_flags("postgresql://admin:Kq8Zt2Wn5Lp3@localhost/app") == uint8_t{0});
  CHECK(checked_flags("postgresql://admin:Kq8Zt2Wn5Lp3@db.acme-corp.net/app") == uint8_t{0});
}

TEST_CASE("http basic auth and other schemes", "[credential_uri]") {
  CHECK(checked_secret("https://ci-bot:glpat-Hq3Nw8Vp2Rt6LmZx4Kc1@gitlab.corp.io/group/app.git") ==
        "glpat-Hq3Nw8Vp2Rt6LmZx4Kc1");
  CHECK(checked_secret("ftp://backup:Lw4Nz8Qr2Tx6@files.corp.io/dumps/") == "Lw4Nz8Qr2Tx6");
  CHECK(checked_secret("smtp://alerts:Lw4Nz8Qr2Tx6@smtp.mailgun.org:587") == "Lw4Nz8Qr2Tx6");
}

TEST_CASE("weird inputs do not crash", "[credential_uri]") {
  for (std::string_view text :
       {"", "://", ":///", "://@", "://:@", "://a:b@", "@", ":", "a://", "a://:", "a://@",
        "a://:b@", "1://u:p@h", "+://u:p@h", "jdbc:oracle:", "jdbc:oracle:thin", "jdbc:oracle:thin:",
        "jdbc:oracle:thin:/@", "jdbc:oracle:thin:u/p@", "Password=", "Password=\"", "PWD={",
        "PWD={a}}", ";;;;", "=;=;=", "a://u:p@[", "a://u:p@[]", "jdbc:sqlserver://", "?password=",
        "redis://:p@", "%", "%4", "a://u:%@h"}) {
    INFO(text);
    CHECK_NOTHROW(parse_uri_credential(text));
    CHECK_NOTHROW(checked_secret(text));
  }
  // No host at all still finds the password: the matcher's regex decides what a candidate is.
  CHECK(parsed_password("a://:b@") == "b");
  CHECK_FALSE(parsed_password("://u:p@h"));
  CHECK_FALSE(parsed_password("1://u:p@h"));

  // Very long inputs stay linear.
  const std::string long_user(200000, 'u');
  const std::string long_text = "postgres://" + long_user + ":Kq8Zt2Wn5Lp3@db.internal/app";
  CHECK(parsed_password(long_text) == "Kq8Zt2Wn5Lp3");
  const std::string many_at = "postgres://u:" + std::string(100000, '@') + "/x";
  CHECK_NOTHROW(parse_uri_credential(many_at));
  const std::string many_params(300000, ';');
  CHECK_FALSE(parsed_password(many_params));
  std::string many_equals;
  for (int i = 0; i < 50000; ++i) many_equals += "k=v&";
  CHECK_FALSE(parsed_password("https://h/?" + many_equals));
}


TEST_CASE("Go MySQL DSNs: user:pass@tcp(host:port)/db", "[credential_uri]") {
  const std::string_view text =
      "billing:Jjc8wBjFNBAPHL4UnW7t@tcp(mysql.billing.internal:3306)/billing?parseTime=true";
  std::optional<UriCredential> cred = parse_uri_credential(text);
  REQUIRE(cred);
  CHECK(cred->user == "billing");
  CHECK(cred->host == "mysql.billing.internal");
  CHECK(checked_secret(text) == "Jjc8wBjFNBAPHL4UnW7t");
  // The driver takes the LAST '@' and the FIRST ':': the password may hold both.
  CHECK(checked_secret("svc:Ym@YVu:VKeRWhn@WoyvAS@tcp(10.4.0.12:3306)/svc") == "Ym@YVu:VKeRWhn@WoyvAS");
  CHECK(checked_secret("app:JHOwoBlwwfkzjka9sDkTyyEQ@tcp6([fd00::12]:3306)/app") ==
        "JHOwoBlwwfkzjka9sDkTyyEQ");
  std::optional<UriCredential> sock =
      parse_uri_credential("app:3ot5pawFiFPlaEtj@unix(/var/run/mysqld/mysqld.sock)/app");
  REQUIRE(sock);
  CHECK(sock->host == "/var/run/mysqld/mysqld.sock");
  CHECK(checked_secret("app:3ot5pawFiFPlaEtj@unix(/var/run/mysqld/mysqld.sock)/app") ==
        "3ot5pawFiFPlaEtj");
  // Behind a scheme the host is still the address in the parens.
  std::optional<UriCredential> schemed =
      parse_uri_credential("mysql://root:1TkwFtQewDCtMLGriAockZ@tcp(db.acme-corp.net:3306)/erp");
  REQUIRE(schemed);
  CHECK(schemed->host == "db.acme-corp.net");
  // Format strings and dev defaults.
  CHECK_FALSE(checked_secret("%s:%s@tcp(%s:%d)/%s?charset=utf8mb4"));
  CHECK_FALSE(checked_secret("root:root@tcp(127.0.0.1:3306)/test"));
  CHECK_FALSE(checked_secret("root:secret@tcp(localhost:3306)/app"));
  CHECK_FALSE(parsed_password("app@tcp(db:3306)/app"));
  CHECK_FALSE(parsed_password("user:pass@example(db:3306)/app"));
}

TEST_CASE("several hosts each with a userinfo: the first '@' ends the first", "[credential_uri]") {
  const std::string_view text =
      "postgresql://app:GQcMngqo8cNOkzCI6w@pg1.internal:5432,app:GQcMngqo8cNOkzCI6w@pg2.internal/app";
  std::optional<UriCredential> cred = parse_uri_credential(text);
  REQUIRE(cred);
  CHECK(cred->host == "pg1.internal");
  CHECK(checked_secret(text) == "GQcMngqo8cNOkzCI6w");
  CHECK_FALSE(checked_secret("postgresql://user:secret@host1:123,user:secret@host2:456/somedb"));
}

TEST_CASE("libpq keyword/value strings", "[credential_uri]") {
  const std::string_view text =
      "host=pg.acme.internal port=5432 user=orders password=ivg7JsbcIkF86CTcjT22 dbname=orders";
  std::optional<UriCredential> cred = parse_uri_credential(text);
  REQUIRE(cred);
  CHECK(cred->user == "orders");
  CHECK(cred->host == "pg.acme.internal");
  CHECK(cred->encoding == PasswordEncoding::kBackslash);
  CHECK(checked_secret(text) == "ivg7JsbcIkF86CTcjT22");
  // Quoted values with \' escapes and spaces around '='; the raw span keeps the backslash.
  CHECK(checked_secret("dbname = etl host = 10.2.0.7 password = 'Ip5X\\'SS7i 5tt39EPAKgV'") ==
        "Ip5X\\'SS7i 5tt39EPAKgV");
  CHECK(checked_secret("host=a.db.internal,b.db.internal user=app password=jMkZQBNkxyb5AqKbBLKz2") ==
        "jMkZQBNkxyb5AqKbBLKz2");
  CHECK_FALSE(checked_secret("host=db_host port=3306 user=apache password=###### dbname=auth"));
  CHECK_FALSE(checked_secret("host=%s port=%d user=%s password=%s dbname=%s"));
  CHECK_FALSE(checked_secret("host=localhost user=postgres password=postgres dbname=app"));
  CHECK_FALSE(checked_secret("host=localhost dbname=app password='unterminated"));
  CHECK_FALSE(parsed_password("host=pg.acme.internal user=app dbname=app"));
}

TEST_CASE("classify_host", "[credential_uri]") {
  CHECK(classify_host("") == HostKind::kUnknown);
  CHECK(classify_host("${DB_HOST}") == HostKind::kUnknown);
  for (std::string_view h : {"localhost", "LOCALHOST.", "api.localhost", "127.0.0.1", "127.3.4.5",
                             "::1", "[::1]", "0.0.0.0", "host.docker.internal",
                             "/tmp/.s.PGSQL.5432", "%2Ftmp%2Fmongodb-27017.sock"}) {
    INFO(h);
    CHECK(classify_host(h) == HostKind::kLocal);
  }
  for (std::string_view h : {"10.0.3.7", "172.16.0.1", "172.31.255.2", "192.168.1.20",
                             "169.254.1.1", "fd00:ec2::17", "db.acme.internal", "pg.corp",
                             "redis-master.cache.svc.cluster.local", "mongo-0.mongo.svc",
                             "nas.lan", "vault.service.consul"}) {
    INFO(h);
    CHECK(classify_host(h) == HostKind::kPrivate);
  }
  for (std::string_view h : {"db", "redis", "mongo-0", "orders_db"}) {
    INFO(h);
    CHECK(classify_host(h) == HostKind::kServiceName);
  }
  for (std::string_view h : {"db.example.com", "example.org", "mail.example", "db.test",
                             "198.51.100.7", "2001:db8::1", "your-db-host"}) {
    INFO(h);
    CHECK(classify_host(h) == HostKind::kDocumentation);
  }
  for (std::string_view h : {"ds048537.mlab-hosted.net", "cluster0.x7kq2.mongodb.net",
                             "orders.c0abcdefgh.eu-west-1.rds.amazonaws.com", "172.32.0.1",
                             "8.8.4.4", "2a00:1450::1", "172.15.0.1"}) {
    INFO(h);
    CHECK(classify_host(h) == HostKind::kRemote);
  }
}

TEST_CASE("a weak password is a leak on a remote host only", "[credential_uri]") {
  CHECK(checked_secret("mongodb://app:testpass@ds048537.mlab-hosted.net:48537/main") ==
        "testpass");
  CHECK(checked_secret("postgres://postgres:postgres@orders.c0abcdefgh.rds.amazonaws.com/o") ==
        "postgres");
  CHECK(checked_secret("mysql://root:admin@203.0.114.9/app") == "admin");
  for (std::string_view host : {"localhost", "127.0.0.1", "db", "db.acme.internal", "10.1.2.3",
                                "db.example.com", ""}) {
    for (std::string_view pw : {"testpass", "test", "admin", "dev_password", "app"}) {
      const std::string text = "postgres://app:" + std::string(pw) + "@" + std::string(host) + "/app";
      INFO(text);
      CHECK_FALSE(checked_secret(text));
    }
  }
  // Placeholders stay placeholders on every host.
  for (std::string_view pw : {"password", "your_password", "${PW}", "xxxxxx", "changeme"}) {
    const std::string text = "mongodb://app:" + std::string(pw) + "@cluster0.x7kq2.mongodb.net/x";
    INFO(text);
    CHECK_FALSE(checked_secret(text));
  }
  CHECK(classify_password("testpass", "testpass") == PasswordKind::kWeak);
  CHECK(classify_password("db_password", "db_password") == PasswordKind::kPlaceholder);
  CHECK(classify_password("defaultPassword", "defaultPassword") == PasswordKind::kWeak);
  CHECK(classify_password("BmCOpUD7wJdmHONBH", "BmCOpUD7wJdmHONBH") == PasswordKind::kPlausible);
}

namespace {

// Runs password_literal on the literal `pw` inside `before` + pw + `after`.
bool literal_kept(std::string_view before, std::string_view pw, std::string_view after) {
  const std::string chunk = std::string(before) + std::string(pw) + std::string(after);
  Candidate cand;
  cand.chunk = chunk;
  cand.match_begin = 0;
  cand.match_end = chunk.size();
  cand.secret_begin = before.size();
  cand.secret_end = before.size() + pw.size();
  return password_literal_check(cand);
}

}  // namespace

TEST_CASE("password_literal: a literal in a password slot", "[credential_uri]") {
  CHECK(literal_kept("psycopg2.connect(host=h, password=\"", "1wqgeIPfkdUH3TPxjHIlcLz", "\")"));
  // Letters only, one case: the slot says it is a password.
  CHECK(literal_kept("pymysql.connect(passwd='", "lejwxmaibtpl", "')"));
  CHECK(literal_kept("getConnection(url, \"etl\", \"", "Zx\\\"P6cTTGGghGy0", "\")"));
  CHECK_FALSE(literal_kept("connect(password=\"", "{}", "\".format(pw))"));
  CHECK_FALSE(literal_kept("connect(password='", "your_password", "')"));
  CHECK_FALSE(literal_kept("connect(password='", "********", "')"));
  CHECK_FALSE(literal_kept("connect(password='", "test", "')"));
  CHECK_FALSE(literal_kept("connect(password='", "${DB_PASSWORD}", "')"));
  CHECK_FALSE(literal_kept("mysqli_connect('localhost', 'shop', '", "shop", "', 'shop')"));
  CHECK_FALSE(literal_kept("mysqli_connect(\"localhost\", \"root\", \"", "root", "\")"));
  // A weak password counts when the call names a remote host.
  CHECK(literal_kept("psycopg2.connect(host=\"pg.c8w2kq.eu-west-1.rds.amazonaws.com\", password=\"",
                     "admin", "\")"));
  CHECK(literal_kept("new Pool({ \"host\": 'pg.acme-corp.net', password: '", "testpass", "' })"));
  CHECK_FALSE(literal_kept("new Pool({ host: 'localhost', password: '", "testpass", "' })"));
  CHECK_FALSE(literal_kept("connect(ghost='pg.acme-corp.net', password='", "admin", "')"));
}

}  // namespace keysweep
