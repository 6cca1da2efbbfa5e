#!/usr/bin/env python3
"""Writes the generated seed corpora of the fuzz targets (tests/fuzz/) into OUT/<target>/.

Seeds come from the repository's own material, so nothing is committed in bulk: the corpus/
files, the rule files (rules/*.toml, whole and one [[rule]] per seed) and their examples.
Deterministic: the same tree gives the same seeds. Usage: fuzz_seeds.py ROOT OUT
"""
import hashlib
import json
import os
import random
import sys
import tomllib


def write(out, target, data):
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogateescape")
    d = os.path.join(out, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, hashlib.sha1(data).hexdigest()), "wb") as f:
        f.write(data)


def main():
    root, out = sys.argv[1], sys.argv[2]
    rng = random.Random(7)
    corpus = []
    for base, _, files in os.walk(os.path.join(root, "corpus")):
        for name in sorted(files):
            path = os.path.join(base, name)
            with open(path, "rb") as f:
                corpus.append((os.path.relpath(path, root), f.read()))
    corpus.sort()
    rule_files = sorted(os.path.join(root, "rules", n) for n in os.listdir(os.path.join(root, "rules"))
                        if n.endswith(".toml"))
    examples, uri_examples, fingerprints, rule_ids = [], [], [], []
    for path in rule_files:
        with open(path, "rb") as f:
            text = f.read()
        write(out, "config", text)
        # One rule per seed: small inputs are cheap to run and to mutate.
        for block in text.split(b"\n[[rule]]")[1:]:
            write(out, "rule_file", b"[[rule]]" + block)
            write(out, "config", b"[extend]\ndisabled_rules = [\"generic-password\"]\n\n[[rule]]" + block)
        for rule in tomllib.loads(text.decode()).get("rule", []):
            for ex in rule.get("examples", []) + rule.get("negative_examples", []):
                t = ex["text"] if isinstance(ex, dict) else ex
                examples.append(t)
                write(out, "regex_lines", rule["regex"] + "\0" + t)
                if "credential_uri" in rule.get("checks", []):
                    uri_examples.append(t)
            fingerprints.append(hashlib.sha256(rule["id"].encode()).hexdigest()[:32])
            rule_ids.append(rule["id"])

    for rel, data in corpus:
        write(out, "matcher", data)
        write(out, "chunk_lines", data)
        lines = data.split(b"\n")
        write(out, "patch_lines", data)  # an added file
        changed = list(lines)
        if changed:
            changed.insert(rng.randrange(len(changed) + 1), b"inserted = 1")
            del changed[rng.randrange(len(changed))]
        write(out, "patch_lines", data + b"\0" + b"\n".join(changed))
        # Reporter input: five '\n'-separated fields per finding (see tests/fuzz/report_input.h).
        fields = []
        for line in lines[:16]:
            cut = sorted(rng.sample(range(len(line) + 1), 2)) if len(line) > 1 else [0, len(line)]
            fields += [rel.encode(), b"rule-" + str(len(fields)).encode(), line[:cut[0]], line[cut[0]:cut[1]],
                       line[cut[1]:]]
        report_input = bytes([rng.randrange(256)]) + b"\n".join(fields)
        write(out, "json_report", report_input)
        write(out, "sarif_report", report_input)
    for t in examples:
        write(out, "matcher", t)
    for t in uri_examples:
        write(out, "credential_uri", t)
        for word in t.split():
            if "://" in word or "=" in word:
                write(out, "credential_uri", word)

    # Baselines: JSON reports and SARIF logs of several sizes, in keysweep's shape.
    for n in (0, 1, 5, len(fingerprints)):
        findings = [{"rule_id": "r%d" % i, "path": "p/%d.txt" % i, "line": i + 1, "fingerprint": fp}
                    for i, fp in enumerate(fingerprints[:n])]
        write(out, "baseline", json.dumps({"keysweep_json_version": 1, "tool": {"name": "keysweep"},
                                           "findings": findings, "summary": {"findings": n}}, indent=2))
        results = [{"ruleId": f["rule_id"], "partialFingerprints": {"keysweep/v1": f["fingerprint"]}}
                   for f in findings]
        write(out, "baseline", json.dumps({"version": "2.1.0", "runs": [
            {"tool": {"driver": {"name": "keysweep"}}, "results": results}]}, indent=2))

    # Baseline files (scanner/finding/baseline_file.h), one record per line: 0, 1, a few and all
    # the rules' fingerprints with their rule ids and corpus paths as hints, sorted as written,
    # then shuffled with repeats as a union merge leaves them.
    header = ('{"keysweep_baseline":1,"salt":"%s","kdf":{"alg":"argon2id13","opslimit":3,"memlimit":1048576},'
              '"entries":[\n' % hashlib.sha256(b"salt").hexdigest()[:32])
    paths = [rel for rel, _ in corpus] or ["a.txt"]
    for n in (0, 1, 5, len(fingerprints)):
        lines = sorted(json.dumps({"fp": fp, "rules": [rule_ids[i]], "paths": [paths[i % len(paths)]]},
                                  separators=(",", ":"), ensure_ascii=False) + ",\n"
                       for i, fp in enumerate(fingerprints[:n]))
        write(out, "baseline_file", header + "".join(lines) + '{"end":true}]}\n')
        merged = lines + lines[: n // 2]
        rng.shuffle(merged)
        write(out, "baseline_file", header + "".join(merged) + '{"end":true}]}\n')

    # History caches (scanner/cache/clean_blob_cache.h) of the corpus files' git blob ids, under
    # the key the fuzz target checks (the SHA-256 of ""): 0, 1, a few and all of them.
    key = hashlib.sha256(b"").hexdigest()
    blobs = sorted(set((hashlib.sha1(b"blob %d\0" % len(data) + data).digest(), len(data)) for _, data in corpus))
    for n in (0, 1, 7, len(blobs)):
        body = ("keysweep-history-cache 1 %s %d\n" % (key, n)).encode()
        body += b"".join(i + size.to_bytes(8, "big") for i, size in blobs[:n])
        write(out, "clean_blob_cache", body + hashlib.sha256(body).hexdigest().encode() + b"\n")


if __name__ == "__main__":
    main()
