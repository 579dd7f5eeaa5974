"""Generates the benchmark data under OUT (bench/data):

- big/fixtures/suites/big.json    10,000 cases on the provider suite's IR schema
- big/fixtures/recorded/big.json  a valid, current store for it (~19.8 MB), fingerprints from the
                                  independent `rfc8785` package + hashlib, with the same facts as
                                  Tests/Fixtures/make_independent_store.py's facts_for (checked
                                  against it on a sample of cases, see fast_facts)
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
- scale1k/, scale100k/            the verify scale suites: 1,000 and 100,000 cases made like big's
                                  (same case and response generator, own random seeds), each with a
                                  valid, current store (~2 MB and ~198 MB), laid out as big/ is

Every store is written exactly as `json.dumps(store, indent=2, sort_keys=True) + "\n"` writes it:
each top-level entry is dumped with json.dumps(indent=2, sort_keys=True) on its own (in a pool of
worker processes) and the entries are joined in sorted key order with one more level of indent,
which is the same text json.dumps makes for the whole store.

Usage: python make_data.py REPO OUT
Deterministic: the same generator gives the same bytes.
"""
import hashlib
import json
import multiprocessing
import os
import pathlib
import random
import sys

import rfc8785

REPO = pathlib.Path(sys.argv[1])
OUT = pathlib.Path(sys.argv[2])
# The fingerprints come from the same independent code as the tests' store (rfc8785 + hashlib, never liftrec).
sys.path.insert(0, str(REPO / "Tests" / "Fixtures"))
from make_independent_store import ENDPOINT_DEFAULTS, facts_for, facts_from  # noqa: E402
BIG_CASES = 10_000
# The verify scale suites: name -> (cases, random seed). The 10,000-case point of the scale is big itself.
SCALES = {"scale1k": (1_000, 1_000), "scale100k": (100_000, 100_000)}
CHUNK = 500          # cases per task in the worker pool
CHECK_EVERY = 97     # every 97th case's facts are also computed by facts_for itself and compared

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


def sha(canonical):
    return hashlib.sha256(canonical).hexdigest()


class Facts:
    """metadata.liftrec for a suite's cases: the same dict as facts_for, computed faster.

    facts_for canonicalises the case's schema with rfc8785 twice per case (alone and inside the
    request body), which is nearly all of its cost. Here each named schema is canonicalised once, and
    the body's RFC 8785 form is put together from rfc8785's forms of its five members in RFC 8785's
    member order (names sorted by UTF-16 code units: max_tokens, prompt, schema, temperature, top_p).
    Every CHECK_EVERY-th case is also computed by facts_for itself and must come out equal.
    """

    def __init__(self, the_suite):
        self.suite = the_suite
        self.schemas = {name: rfc8785.dumps(schema) for name, schema in the_suite.get("schemas", {}).items()}

    def __call__(self, case, check):
        schema = case["schema"]
        canonical_schema = self.schemas[schema] if isinstance(schema, str) else rfc8785.dumps(schema)
        params = {}
        for field in ("max_tokens", "temperature", "top_p"):
            params[field] = case.get(field, self.suite.get("defaults", {}).get(field, ENDPOINT_DEFAULTS[field]))
        canonical_prompt = rfc8785.dumps(case["prompt"])
        body = (b'{"max_tokens":' + rfc8785.dumps(params["max_tokens"]) + b',"prompt":' + canonical_prompt
                + b',"schema":' + canonical_schema + b',"temperature":' + rfc8785.dumps(params["temperature"])
                + b',"top_p":' + rfc8785.dumps(params["top_p"]) + b"}")
        facts = facts_from(self.suite, case, params=sha(rfc8785.dumps(params)), prompt=sha(canonical_prompt),
                           request=sha(body), schema=sha(canonical_schema))
        if check:
            expected = facts_for(self.suite, case)
            if facts != expected:
                raise SystemExit(f"make_data: fast facts differ from facts_for for {case['key']}: {facts} vs {expected}")
        return facts


FACTS = None  # the Facts of the store being written, inherited by the forked workers


def entry_texts(task):
    """[(key, text)] for a chunk of (index, case, response): text is the entry as it appears, indented,
    in json.dumps(store, indent=2, sort_keys=True)."""
    pieces = []
    for index, case, response in task:
        metadata = dict(case.get("metadata", {}))
        metadata["liftrec"] = FACTS(case, index % CHECK_EVERY == 0)
        entry = {"metadata": metadata, "original_key": case["key"], "response": response}
        text = json.dumps(entry, indent=2, sort_keys=True).replace("\n", "\n  ")
        pieces.append((case["key"], f"  {json.dumps(case['key'])}: {text}"))
    return pieces


def chunks(the_suite, responses):
    task = []
    for index, case in enumerate(the_suite["cases"]):
        task.append((index, case, next(responses)))
        if len(task) == CHUNK:
            yield task
            task = []
    if task:
        yield task


def write_store(paths, the_suite, responses, extra=None):
    """Writes the store for the_suite to each of paths (the responses come from the iterator `responses`, one
    per case in order), as json.dumps(store, indent=2, sort_keys=True) + "\n" would; `extra` is
    {path: {key: entry}} of more entries for one of the paths."""
    global FACTS
    FACTS = Facts(the_suite)
    workers = min(os.cpu_count() or 1, 4)
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        pieces = [piece for part in pool.imap(entry_texts, chunks(the_suite, responses)) for piece in part]
    for path in paths:
        more = [(key, f"  {json.dumps(key)}: " + json.dumps(entry, indent=2, sort_keys=True).replace("\n", "\n  "))
                for key, entry in (extra or {}).get(path, {}).items()]
        ordered = sorted(pieces + more, key=lambda piece: piece[0])
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as file:
            file.write("{\n")
            file.write(",\n".join(text for _, text in ordered) if ordered else "")
            file.write("\n}\n" if ordered else "}\n")


def dump(path, value):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value, indent=2, sort_keys=True) + "\n")


def responses_for(rng, the_suite):
    return (ir_response(rng, case["metadata"]["function"]) for case in the_suite["cases"])


def main():
    rng = random.Random(8785)
    root = OUT / "big"
    big = suite("big", make_cases(rng, BIG_CASES, "big", "ir"), {"ir": IR})
    dump(root / "fixtures/suites/big.json", big)
    # big's responses are drawn from rng after its cases and before s64's, as they always were.
    orphaned = OUT / "big-orphan.json"
    write_store([root / "fixtures/recorded/big.json", orphaned], big, responses_for(rng, big),
                {orphaned: {"orphan_removed_by_prune": {"original_key": "orphan_removed_by_prune", "response": {"x": 1}}}})
    keys = [{"key": c["key"], "prompt": "p", "schema": True} for c in big["cases"]]
    dump(OUT / "big-keys.json", {"format": "liftrec-suite/1", "name": "big", "cases": keys})

    for name, count in (("s64", 64), ("s1000", 1000)):
        cases = make_cases(rng, count, name, "ir")
        dump(OUT / f"suites/ir/{name}.json", suite(name, cases, {"ir": IR}))
        dump(OUT / f"suites/object/{name}.json", suite(name, cases, {"ir": {"type": "object"}}))

    for name, (count, seed) in SCALES.items():
        scale_rng = random.Random(seed)
        the_suite = suite(name, make_cases(scale_rng, count, name, "ir"), {"ir": IR})
        dump(OUT / name / f"fixtures/suites/{name}.json", the_suite)
        write_store([OUT / name / f"fixtures/recorded/{name}.json"], the_suite, responses_for(scale_rng, the_suite))


if __name__ == "__main__":
    main()
