"""The Python peer of `liftrec verify`: the same checks, written the way a team would in Python.

Usage: python py_verify.py plain|fast ROOT SUITE

- plain: json + jsonschema (Draft7Validator, compiled once per schema) + rfc8785 + hashlib
- fast:  orjson + jsonschema_rs (validator compiled once per schema) + rfc8785 + hashlib

For every case: resolve its schema, build the request body liftrec would POST, take
the SHA-256 of its RFC 8785 form and compare it with the stored request_sha256, check the fixture's
status (an error reply where the case expects one) and finish_reason, and validate the response
against the schema. Orphan entries are counted. Prints one summary line; exits 1 if any case fails,
as `liftrec verify` does.
"""
import hashlib
import pathlib
import sys

import rfc8785

MODE, ROOT, SUITE = sys.argv[1], pathlib.Path(sys.argv[2]), sys.argv[3]
ENDPOINT_DEFAULTS = {"max_tokens": 2048, "temperature": 0.3, "top_p": 0.95}

if MODE == "fast":
    import jsonschema_rs
    import orjson

    loads = orjson.loads

    def compile_schema(schema):
        return jsonschema_rs.Draft7Validator(schema).is_valid
else:
    import json

    import jsonschema

    loads = json.loads

    def compile_schema(schema):
        return jsonschema.Draft7Validator(schema).is_valid


def store_key(key):
    if len(key) > 100:
        return "hash_" + hashlib.sha256(key.encode()).hexdigest()[:16]
    return key


def main():
    suite = loads((ROOT / "fixtures/suites" / f"{SUITE}.json").read_bytes())
    store = loads((ROOT / suite.get("store", f"fixtures/recorded/{SUITE}.json")).read_bytes())
    defaults = suite.get("defaults", {})
    named = {name: compile_schema(schema) for name, schema in suite.get("schemas", {}).items()}
    counts = {"ok": 0, "missing": 0, "stale": 0, "invalid": 0, "error": 0, "legacy": 0}
    in_use = set()
    for case in suite["cases"]:
        schema = case["schema"]
        if isinstance(schema, str):
            is_valid = named[schema]
            schema = suite["schemas"][schema]
        else:
            is_valid = compile_schema(schema)
        params = {f: case.get(f, defaults.get(f, ENDPOINT_DEFAULTS[f])) for f in ("max_tokens", "temperature", "top_p")}
        body = {"prompt": case["prompt"], "schema": schema, **params}
        key = store_key(case["key"])
        in_use.add(key)
        entry = store.get(key)
        if entry is None:
            counts["missing"] += 1
            continue
        facts = entry.get("metadata", {}).get("liftrec") if isinstance(entry, dict) else None
        if facts is None:
            counts["legacy"] += 1
            continue
        if hashlib.sha256(rfc8785.dumps(body)).hexdigest() != facts.get("request_sha256"):
            counts["stale"] += 1
        elif case.get("expect") == "error":
            counts["ok" if facts.get("status") == "error" else "error"] += 1
        elif facts.get("status") != "ok" or facts.get("finish_reason") == "length":
            counts["error"] += 1
        elif not is_valid(entry.get("response")):
            counts["invalid"] += 1
        else:
            counts["ok"] += 1
    orphans = len(set(store) - in_use)
    print(f"py-verify ({MODE}): {len(suite['cases'])} cases: {counts}; {orphans} orphans")
    return 0 if counts["ok"] == len(suite["cases"]) else 1


sys.exit(main())
