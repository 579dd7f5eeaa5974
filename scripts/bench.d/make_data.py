"""Generates the benchmark data under OUT (bench/data):

- big/fixtures/suites/big.json    10,000 cases on the provider suite's IR schema
- big/fixtures/recorded/big.json  a valid, current store for it (~19 MB), fingerprints from the
                                  independent `rfc8785` package + hashlib, exactly as
                                  Tests/Fixtures/make_independent_store.py computes them
- big-orphan.json                 the big store plus one entry no case uses, which `liftrec prune`
                                  removes by parsing and rewriting the whole store
- big-keys.json                   a suite named "big" with the same 10,000 keys but trivial cases
                                  (schema true, short prompt): prune with it costs little more than
                                  parsing and writing the store, so it isolates the JSON work
- suites/SCHEMA/s64.json, s1000.json
                                  64 and 1,000 cases with no store, copied into a fresh project
                                  root for each record run; SCHEMA "ir" uses the IR schema, "object"
                                  uses {"type": "object"} for when the simulator cannot answer the IR
                                  schema yet

Usage: python make_data.py REPO OUT
Deterministic: the same generator gives the same bytes.
"""
import json
import pathlib
import random
import sys

REPO = pathlib.Path(sys.argv[1])
OUT = pathlib.Path(sys.argv[2])
# The fingerprints come from the same independent code as the tests' store (rfc8785 + hashlib, never liftrec).
sys.path.insert(0, str(REPO / "Tests" / "Fixtures"))
from make_independent_store import facts_for  # noqa: E402
BIG_CASES = 10_000

provider = json.loads((REPO / "fixtures/suites/provider.json").read_text())
IR = provider["schemas"]["ir"]
DEFAULTS = {"max_tokens": 2048, "temperature": 0.0, "top_p": 0.95}
MODEL = provider["model"]

VERBS = ["parse", "merge", "sort", "find", "count", "render", "encode", "decode", "split", "rank",
         "score", "fetch", "cache", "group", "filter", "normalize", "validate", "compress"]
NOUNS = ["items", "tokens", "records", "edges", "intervals", "matrix", "words", "events", "paths",
         "orders", "prices", "samples", "headers", "ranges", "vectors", "nodes", "rows", "keys"]
TYPES = ["int", "str", "float", "bool", "list[int]", "list[str]", "dict[str, int]", "bytes",
         "tuple[int, int]", "Optional[str]", "set[str]", "Iterable[float]"]
WORDS = ("the input is processed in a single pass keeping memory proportional to the output and "
         "every boundary case such as an empty collection a single element duplicated keys or values "
         "near the numeric limits returns a well defined result without raising unless the caller "
         "passes an argument of the wrong type in which case a TypeError names the parameter "
         "résumé naïve café").split()


def sentence(rng, words):
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def hole(rng, kind, n):
    return {
        "description": sentence(rng, 4),
        "identifier": f"{kind}_hole_{n}",
        "kind": kind,
        "type_hint": rng.choice(TYPES),
    }


def ir_response(rng, name):
    params = [f"{rng.choice(NOUNS)}_{i}" for i in range(2)]
    return {
        "assertions": [{"predicate": f"len({params[0]}) >= 0", "rationale": sentence(rng, 4)}],
        "effects": [{"description": sentence(rng, 4), "holes": []}],
        "intent": {
            "holes": [hole(rng, "intent", 1)],
            "rationale": sentence(rng, 3),
            "summary": f"Implement {name}: " + sentence(rng, 3),
        },
        "signature": {
            "holes": [],
            "name": name,
            "parameters": [
                {"description": sentence(rng, 3), "name": p, "type_hint": rng.choice(TYPES)} for p in params
            ],
            "returns": rng.choice(TYPES),
        },
    }


def make_cases(rng, count, prefix, schema):
    cases = []
    for i in range(count):
        name = f"{rng.choice(VERBS)}_{rng.choice(NOUNS)}_{i}"
        case = {
            "key": f"{prefix}_{i:05d}_{name}",
            "prompt": f"Write a Python function {name}. " + sentence(rng, 25),
            "schema": schema,
            "metadata": {"function": name, "test": prefix},
        }
        if i % 7 == 3:
            case["max_tokens"] = 4096
        if i % 11 == 5:
            case["temperature"] = 0.7
        cases.append(case)
    return cases


def suite(name, cases, schemas):
    return {
        "format": "liftrec-suite/1",
        "name": name,
        "description": f"liftrec benchmark suite ({len(cases)} cases)",
        "store": f"fixtures/recorded/{name}.json",
        "model": MODEL,
        "defaults": DEFAULTS,
        "schemas": schemas,
        "cases": cases,
    }


def store_for(the_suite, responses):
    store = {}
    for case in the_suite["cases"]:
        metadata = dict(case.get("metadata", {}))
        metadata["liftrec"] = facts_for(the_suite, case)
        store[case["key"]] = {"metadata": metadata, "original_key": case["key"], "response": responses[case["key"]]}
    return store


def dump(path, value):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value, indent=2, sort_keys=True) + "\n")


def main():
    rng = random.Random(8785)
    root = OUT / "big"
    big = suite("big", make_cases(rng, BIG_CASES, "big", "ir"), {"ir": IR})
    responses = {c["key"]: ir_response(rng, c["metadata"]["function"]) for c in big["cases"]}
    store = store_for(big, responses)
    dump(root / "fixtures/suites/big.json", big)
    dump(root / "fixtures/recorded/big.json", store)
    orphaned = dict(store)
    orphaned["orphan_removed_by_prune"] = {"original_key": "orphan_removed_by_prune", "response": {"x": 1}}
    dump(OUT / "big-orphan.json", orphaned)
    keys = [{"key": c["key"], "prompt": "p", "schema": True} for c in big["cases"]]
    dump(OUT / "big-keys.json", {"format": "liftrec-suite/1", "name": "big", "cases": keys})

    for name, count in (("s64", 64), ("s1000", 1000)):
        cases = make_cases(rng, count, name, "ir")
        dump(OUT / f"suites/ir/{name}.json", suite(name, cases, {"ir": IR}))
        dump(OUT / f"suites/object/{name}.json", suite(name, cases, {"ir": {"type": "object"}}))


main()
