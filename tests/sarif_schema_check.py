#!/usr/bin/env python3
"""Validates keysweep's SARIF output against the SARIF 2.1.0 JSON schema.

Usage: sarif_schema_check.py <keysweep-binary> <source-dir>
       sarif_schema_check.py --log <sarif-file> <source-dir>

The first form scans a temporary tree holding freshly generated fake secrets (so no secret-shaped literal lives
in this file) and an empty tree, writes SARIF with --output, and checks each log against
<source-dir>/../shared/sarif/sarif-schema-2.1.0.json plus what GitHub code scanning needs beyond
the schema (ruleIndex agreeing with ruleId, non-empty percent-encoded relative uris,
partialFingerprints, "security" rule tags) and that no raw secret reached the file.

The second form checks one log written by someone else (the reporter unit tests, for inputs no
command line produces yet) against the schema and the GitHub checks, expecting results.

Exit status: 0 pass, 1 fail (with a message saying what), 77 skip (schema not available).
"""

import json
import os
import re
import secrets
import string
import subprocess
import sys
import tempfile

SKIP = 77
MAX_RESULTS_PER_RUN = 25000  # GitHub rejects larger runs

# RFC 3986 characters allowed in a URI, with '%' only as part of a %XX escape.
URI_CHARS = re.compile(r"^(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})+$")


class CheckError(Exception):
    pass


def random_from(alphabet, n):
    return "".join(secrets.choice(alphabet) for _ in range(n))


def make_tree(root):
    """Writes files with fake secrets under root; returns the raw secret strings."""
    alnum = string.ascii_letters + string.digits
    github = "ghp_" + random_from(alnum, 36)
    github_fixture = "ghp_" + random_from(alnum, 36)
    github_two = "ghp_" + random_from(alnum, 36)
    github_spaced = "ghp_" + random_from(alnum, 36)
    aws_id = "AKIA" + random_from(string.ascii_uppercase + "234567", 16)
    aws_secret = random_from(alnum + "+/", 40)
    pg_password = random_from(alnum, 20)
    files = {
        "config/app.env": f"APP_ENV=production\nGITHUB_TOKEN={github}\nGITHUB_TOKEN_2={github_two}\n",
        "deploy/aws_credentials": (
            "[default]\n"
            f"aws_access_key_id = {aws_id}\n"
            f"aws_secret_access_key = {aws_secret}\n"
        ),
        "src/settings.py": (
            "import os\n\n"
            f'DATABASE_URL = "postgres://billing:{pg_password}@db.internal.corp:5432/billing"\n'
        ),
        "tests/fixtures/token.txt": f"token: {github_fixture}\n",
        "my docs/read me.md": f"Deploy with `GH_TOKEN={github_spaced} make release`.\n",
    }
    for rel, text in files.items():
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    return [github, github_two, github_fixture, github_spaced, aws_id, aws_secret, pg_password]


def run_keysweep(binary, target, out_path, want_exit, extra=()):
    cmd = [binary, "dir", target, "--format", "sarif", "--output", out_path, *extra]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    if proc.returncode != want_exit:
        raise CheckError(
            f"{' '.join(cmd)} exited {proc.returncode}, expected {want_exit}\n"
            f"stdout:\n{proc.stdout}\nstderr:\n{proc.stderr}")
    if not os.path.exists(out_path):
        raise CheckError(f"{' '.join(cmd)} wrote no {out_path}")
    with open(out_path, encoding="utf-8") as f:
        text = f.read()
    try:
        return text, json.loads(text)
    except json.JSONDecodeError as e:
        raise CheckError(f"{out_path} is not JSON: {e}")


def validate_schema(validator, doc, label):
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
    if errors:
        lines = [f"{label}: {len(errors)} schema error(s):"]
        for e in errors[:10]:
            where = "/".join(str(p) for p in e.absolute_path) or "(root)"
            lines.append(f"  at {where}: {e.message}")
        raise CheckError("\n".join(lines))


def check_uri(uri, has_base, label):
    if not uri:
        raise CheckError(f"{label}: empty artifactLocation.uri (GitHub requires one)")
    if not URI_CHARS.match(uri):
        raise CheckError(f"{label}: uri {uri!r} has characters that must be percent-encoded")
    if has_base:
        first = uri.split("/", 1)[0]
        if uri.startswith("/") or ":" in first:
            raise CheckError(f"{label}: uri {uri!r} with a uriBaseId must be a relative path")


def check_github_rules(doc, label, want_results):
    runs = doc.get("runs", [])
    if len(runs) != 1:
        raise CheckError(f"{label}: expected exactly one run, got {len(runs)}")
    run = runs[0]
    rules = run["tool"]["driver"].get("rules", [])
    ids = [r["id"] for r in rules]
    if ids != sorted(ids) or len(set(ids)) != len(ids):
        raise CheckError(f"{label}: tool.driver.rules must be unique and sorted by id")
    for r in rules:
        tags = r.get("properties", {}).get("tags", [])
        if "security" not in tags or "security-severity" not in r.get("properties", {}):
            raise CheckError(f"{label}: rule {r['id']} lacks the security tag or security-severity")
    results = run.get("results")
    if results is None:
        raise CheckError(f"{label}: run.results missing")
    if want_results and not results:
        raise CheckError(f"{label}: no results for a tree full of secrets")
    if not want_results and results:
        raise CheckError(f"{label}: {len(results)} result(s) for an empty tree")
    if len(results) > MAX_RESULTS_PER_RUN:
        raise CheckError(f"{label}: {len(results)} results exceed GitHub's {MAX_RESULTS_PER_RUN}")
    for i, res in enumerate(results):
        where = f"{label}: results[{i}]"
        index = res.get("ruleIndex")
        if not isinstance(index, int) or not 0 <= index < len(rules):
            raise CheckError(f"{where}: ruleIndex {index!r} out of range")
        if rules[index]["id"] != res.get("ruleId"):
            raise CheckError(f"{where}: ruleId {res.get('ruleId')} but rules[{index}] is "
                             f"{rules[index]['id']}")
        if not res.get("partialFingerprints", {}).get("keysweep/v1"):
            raise CheckError(f"{where}: partialFingerprints['keysweep/v1'] missing")
        loc = res["locations"][0]["physicalLocation"]
        art = loc["artifactLocation"]
        check_uri(art.get("uri", ""), "uriBaseId" in art, where)
        if loc.get("region", {}).get("startLine", 0) < 1:
            raise CheckError(f"{where}: region.startLine missing")
    return results


def check_log(validator, log_path):
    """The --log form: one SARIF file checked as the scan's logs are."""
    try:
        with open(log_path, encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        print(f"FAIL: {log_path}: {e}")
        return 1
    try:
        validate_schema(validator, doc, log_path)
        results = check_github_rules(doc, log_path, want_results=True)
    except CheckError as e:
        print(f"FAIL: {e}")
        return 1
    print(f"PASS: {log_path} validates ({len(results)} results)")
    return 0


def main(argv):
    log_path = None
    if len(argv) == 4 and argv[1] == "--log":
        log_path = argv[2]
        argv = [argv[0], None, argv[3]]
    if len(argv) != 3:
        print("\n".join(__doc__.strip().splitlines()[2:4]), file=sys.stderr)
        return 1
    binary, source_dir = argv[1], argv[2]
    schema_path = os.path.join(source_dir, "..", "shared", "sarif", "sarif-schema-2.1.0.json")
    if not os.path.exists(schema_path):
        print("SKIP: ../shared/sarif not found")
        return SKIP
    try:
        import jsonschema
    except ImportError:
        print("FAIL: python3-jsonschema is not installed")
        return 1
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    # The validator the schema's own $schema names (draft-04 for the OASIS file).
    validator_class = jsonschema.validators.validator_for(schema, default=jsonschema.Draft7Validator)
    validator_class.check_schema(schema)
    validator = validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)
    if log_path is not None:
        return check_log(validator, log_path)

    try:
        with tempfile.TemporaryDirectory(prefix="keysweep-sarif-") as work:
            tree = os.path.join(work, "tree")
            empty = os.path.join(work, "empty")
            out = os.path.join(work, "out")
            for d in (tree, empty, out):
                os.makedirs(d)
            raw = make_tree(tree)

            text, doc = run_keysweep(binary, tree, os.path.join(out, "out.sarif"), want_exit=1)
            validate_schema(validator, doc, "secrets tree")
            results = check_github_rules(doc, "secrets tree", want_results=True)
            leaked = [s for s in raw if s in text]
            if leaked:
                raise CheckError(f"secrets tree: {len(leaked)} raw secret(s) in the SARIF "
                                 "without --show-secrets")
            for res in results:
                uri = res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                if " " in uri:
                    raise CheckError(f"secrets tree: unencoded space in uri {uri!r}")
                if "tests/fixtures/token.txt" in uri and res.get("level") != "note":
                    raise CheckError(f"secrets tree: finding in test data has level "
                                     f"{res.get('level')!r}, expected 'note'")

            # The per-file cap becomes a toolExecutionNotification of the invocation.
            _, doc = run_keysweep(binary, tree, os.path.join(out, "capped.sarif"), want_exit=1,
                                  extra=["--max-findings-per-file", "1"])
            validate_schema(validator, doc, "capped tree")
            check_github_rules(doc, "capped tree", want_results=True)
            notes = doc["runs"][0]["invocations"][0].get("toolExecutionNotifications", [])
            capped = [n for n in notes if "--max-findings-per-file" in n["message"]["text"]]
            if not capped:
                raise CheckError("capped tree: no toolExecutionNotification for the cap")

            _, doc = run_keysweep(binary, empty, os.path.join(out, "empty.sarif"), want_exit=0)
            validate_schema(validator, doc, "empty tree")
            check_github_rules(doc, "empty tree", want_results=False)
    except CheckError as e:
        print(f"FAIL: {e}")
        return 1
    except (OSError, subprocess.TimeoutExpired) as e:
        print(f"FAIL: running {binary}: {e}")
        return 1
    print(f"PASS: SARIF validates against {os.path.normpath(schema_path)} "
          f"({len(results)} results; empty tree: 0)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
