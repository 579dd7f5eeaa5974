"""Writes provider-independent.json: a provider store whose fingerprints come from the
independent `rfc8785` package and hashlib, not from liftrec, so the tests can check that
liftrec's fingerprints agree with another RFC 8785 + SHA-256 implementation.

Run once with a Python that has `rfc8785` installed:  python3 make_independent_store.py
"""
import hashlib
import json
import pathlib

import rfc8785

HERE = pathlib.Path(__file__).parent
ENDPOINT_DEFAULTS = {"max_tokens": 2048, "temperature": 0.3, "top_p": 0.95}


def sha(value):
    return hashlib.sha256(rfc8785.dumps(value)).hexdigest()


def ir(name, params):
    return {
        "intent": {"summary": f"Implement the {name} function as described"},
        "signature": {
            "name": name,
            "parameters": [{"name": p, "type_hint": "int"} for p in params],
            "returns": "int",
        },
    }


def facts_for(suite, case):
    """metadata.liftrec for a case of `suite`, with fingerprints from rfc8785 and hashlib (also used by scripts/bench)."""
    schema = case["schema"]
    if isinstance(schema, str):
        schema = suite["schemas"][schema]
    params = {}
    for field in ("max_tokens", "temperature", "top_p"):
        params[field] = case.get(field, suite.get("defaults", {}).get(field, ENDPOINT_DEFAULTS[field]))
    body = {"prompt": case["prompt"], "schema": schema, **params}
    return facts_from(suite, case, params=sha(params), prompt=sha(case["prompt"]), request=sha(body), schema=sha(schema))


def facts_from(suite, case, params, prompt, request, schema):
    """metadata.liftrec for a case of `suite` whose four fingerprints are given (also used by scripts/bench)."""
    facts = {
        "endpoint": "https://example--generate.modal.run",
        "finish_reason": "stop",
        "generation_time_ms": 13290.5,
        "latency_ms": 13301,
        "model": suite["model"],
        "params_sha256": params,
        "prompt_sha256": prompt,
        "recorded_at": "2026-11-24T20:41:00Z",
        "request_sha256": request,
        "schema_sha256": schema,
        "status": "ok",
        "tokens_used": 123,
    }
    if case.get("expect") in ("error", "any"):
        facts["status"] = "error"
        facts["error"] = "Missing required field: prompt"
        facts["finish_reason"] = "error"
    return facts


RESPONSES = {
    "warmup_basic_function": {
        "intent": {"summary": "Write a Python function that returns True."},
        "signature": {"name": "return_true", "parameters": [], "returns": "bool"},
    },
    "simple_ir_add_function": ir("add", ["a", "b"]),
    "xgrammar_constraint_enforcement": {
        "description": "Finds the index of an element in a list.",
        "function_name": "find_element_index",
        "parameters": [{"name": "lst", "type": "list[int]"}, {"name": "element", "type": "int"}],
        "returns": "int | NoneType",
    },
    "schema_tolerance_and_validation": {"name": "sort_items", "complexity": "O(n log n)"},
    "error_handling_missing_fields": None,
    "temperature_test_deterministic_run1": {"name": "add_numbers", "description": "Adds two numbers."},
    "temperature_test_deterministic_run2": {"name": "add_numbers", "description": "Adds two numbers."},
    "max_tokens_quicksort_1024": {"name": "quicksort", "description": "Sorts with a median-of-three pivot."},
    "max_tokens_quicksort_4096": {"name": "quicksort", "description": "Sorts with a median-of-three pivot."},
}

def main():
    suite = json.loads((HERE / "provider-suite.json").read_text())
    store = {}
    for case in suite["cases"]:
        metadata = dict(case.get("metadata", {}))
        metadata["liftrec"] = facts_for(suite, case)
        store[case["key"]] = {"metadata": metadata, "original_key": case["key"], "response": RESPONSES[case["key"]]}
    (HERE / "provider-independent.json").write_text(json.dumps(store, indent=2, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
