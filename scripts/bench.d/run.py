"""Measures liftrec against its peers in one run and writes bench/results.json.

Called by scripts/bench, which has already built .build/release/liftrec and the start-up floor
programs, and runs this with bench/venv's Python (orjson, jsonschema, jsonschema-rs, rfc8785).
Every row compares liftrec with a peer measured in the same run, as a ratio (liftrec / peer in the
row's unit), because the machine is shared and absolute numbers drift between runs.

Usage: run.py [SECTION ...]   SECTION is one of json, verify, scale, record, learn, serve, startup; the default is
                              all of them. A run of only some sections writes bench/results-partial.json
                              (and .md), so it never overwrites a full run's bench/results.json.
"""
import gc
import hashlib
import http.client
import json
import os
import platform
import re
import select
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import orjson

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
BENCH = REPO / "bench"
DATA = BENCH / "data"
WORK = BENCH / "work"
BUILD = BENCH / "build"
LIFTREC = str(REPO / ".build/release/liftrec")
PY = sys.executable
MB = 1_000_000
SERVE_CASE = "simple_ir_add_function"
SECTIONS = ("json", "verify", "scale", "record", "learn", "serve", "startup")
# The verify scale: (cases, suite, runs for the median). The 10,000-case point is the big suite.
SCALE = ((1_000, "scale1k", 15), (10_000, "big", 7), (100_000, "scale100k", 5))

rows = []
notes = []
verify_walls = {}  # cases -> median wall of `liftrec verify`, shared by the verify and scale sections


def say(text):
    print(text, file=sys.stderr, flush=True)


def add_note(text):
    notes.append(text)
    say("note: " + text)


def add_row(name, value, unit, peer, peer_value, bar=None, test=None, ratio=None, check=None):
    """One table row; ratio is liftrec / peer unless given, and met is test(ratio) when there is a bar, or
    check(value, peer_value) for a bar that is not on the ratio (such as a difference)."""
    if ratio is None and value is not None and peer_value:
        ratio = value / peer_value
    if check is not None:
        met = None if value is None or peer_value is None else bool(check(value, peer_value))
    else:
        met = None if test is None or ratio is None else bool(test(ratio))
    rows.append({"name": name, "liftrec": value, "unit": unit, "peer": peer, "peer_value": peer_value,
                 "ratio": ratio, "bar": bar, "met": met})


def unavailable(name, unit, peer, bar, why, peer_value=None):
    rows.append({"name": name, "liftrec": None, "unit": unit, "peer": peer, "peer_value": peer_value,
                 "ratio": None, "bar": bar, "met": None, "note": "not available: " + why})


def run(argv):
    """Runs argv to completion, output discarded: (wall seconds, exit status)."""
    start = time.perf_counter()
    status = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
    return time.perf_counter() - start, status


def median_of(argv, runs, prepare=None, ok=(0,)):
    """Median wall time of `runs` runs of argv, with prepare() untimed before each."""
    walls = []
    for _ in range(runs):
        if prepare:
            prepare()
        wall, status = run(argv)
        if status not in ok:
            raise SystemExit(f"bench: {' '.join(map(str, argv))} exited {status}; run it by hand to see why")
        walls.append(wall)
    return statistics.median(walls)


def peak_memory(argv):
    """Peak RSS of argv in bytes, or None without /usr/bin/time.

    Measured by /usr/bin/time, not by this script's own wait4: a child forked from this large Python process
    carries the parent's resident pages into ru_maxrss until it execs.
    """
    if not Path("/usr/bin/time").exists():
        return None
    report = WORK / "maxrss.txt"
    subprocess.run(["/usr/bin/time", "-f", "%M", "-o", str(report)] + argv, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=True)
    return int(report.read_text().split()[-1]) * 1024


def in_process(function, runs):
    """Median seconds of function() over runs, and its last result.

    As timeit does, the cyclic garbage collector is off while timing, and the previous run's result is freed
    before the clock starts: the peer gets its best case.
    """
    times, result = [], None
    for _ in range(runs):
        result = None
        gc.disable()
        start = time.perf_counter()
        value = function()
        times.append(time.perf_counter() - start)
        gc.enable()
        result = value
    return statistics.median(times), result


def fresh_root(name, files):
    """An empty project root bench/work/name holding files {relative path: source path}."""
    root = WORK / name
    shutil.rmtree(root, ignore_errors=True)
    for relative, source in files.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, root / relative)
    return root


def generate_data():
    generator = HERE / "make_data.py"
    stamp = hashlib.sha256(
        generator.read_bytes() + (REPO / "Tests/Fixtures/make_independent_store.py").read_bytes()
        + (REPO / "fixtures/suites/provider.json").read_bytes()
    ).hexdigest()
    stamp_file = DATA / ".stamp"
    if stamp_file.exists() and stamp_file.read_text() == stamp:
        say("data: bench/data is current, not regenerated")
        return
    say("data: generating bench/data (suites of 1,000, 10,000 and 100,000 cases, stores of 2, 20 and 200 MB) ...")
    shutil.rmtree(DATA, ignore_errors=True)
    subprocess.run([PY, str(generator), str(REPO), str(DATA)], check=True)
    stamp_file.write_text(stamp)


def provider_root():
    """A project root whose provider suite verifies: the repo's own if it has a store, else a bench copy."""
    if (REPO / "fixtures/recorded/provider.json").exists():
        return REPO
    suite = REPO / "fixtures/suites/provider.json"
    independent = REPO / "Tests/Fixtures/provider-independent.json"
    same_suite = json.loads(suite.read_text()) == json.loads((REPO / "Tests/Fixtures/provider-suite.json").read_text())
    if same_suite and independent.exists():
        add_note("fixtures/recorded/provider.json is not in this branch; the provider rows use a bench copy of the "
                 "repo's fixtures with Tests/Fixtures/provider-independent.json as its store")
        return fresh_root("provider", {"fixtures/suites/provider.json": suite,
                                       "fixtures/recorded/provider.json": independent})
    root = fresh_root("provider", {"fixtures/suites/provider.json": suite})
    run([LIFTREC, "record", "--suite", "provider", "--root", str(root), "--endpoint", "sim", "--quiet"])
    add_note("fixtures/recorded/provider.json is not in this branch; recorded a bench copy with --endpoint sim")
    return root


def bench_json():
    say("json: parse and pretty sorted write of the big store ...")
    # The trivial-case suite keeps every store key in use, so prune parses and rewrites the whole store while
    # loading the suite costs little: what is left is JSON parsing, writing and process start.
    suite_file = DATA / "big-keys.json"
    store_file = DATA / "big/fixtures/recorded/big.json"
    orphaned = DATA / "big-orphan.json"
    root = fresh_root("prune", {"fixtures/suites/big.json": suite_file, "fixtures/recorded/big.json": orphaned})
    target = root / "fixtures/recorded/big.json"

    def restore():
        shutil.copyfile(orphaned, target)

    prune = [LIFTREC, "prune", "--suite", "big", "--root", str(root), "--quiet"]
    dry = median_of(prune + ["--dry-run"], 7, prepare=restore, ok=(0, 1))
    full = median_of(prune, 7, prepare=restore, ok=(0, 1))
    written = target.read_bytes()

    suite_bytes, orphan_bytes = suite_file.read_bytes(), orphaned.read_bytes()
    parsed_bytes = len(suite_bytes) + len(orphan_bytes)
    json_loads, _ = in_process(lambda: (json.loads(suite_bytes), json.loads(orphan_bytes)), 5)
    orjson_loads, _ = in_process(lambda: (orjson.loads(suite_bytes), orjson.loads(orphan_bytes)), 5)
    store = json.loads(orphan_bytes)
    del store["orphan_removed_by_prune"]
    json_dumps, python_text = in_process(lambda: json.dumps(store, indent=2, sort_keys=True), 5)
    orjson_dumps, _ = in_process(lambda: orjson.dumps(store, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS), 5)
    python_bytes = (python_text + "\n").encode()

    liftrec_parse = parsed_bytes / dry / MB
    add_row("JSON parse, 1 MB suite + 19.8 MB store, whole process (prune --dry-run)", liftrec_parse, "MB/s",
            "orjson.loads", parsed_bytes / orjson_loads / MB, "ratio >= 2", lambda r: r >= 2)
    add_row("JSON parse (same), second peer", liftrec_parse, "MB/s", "json.loads", parsed_bytes / json_loads / MB)
    write_time = full - dry
    if write_time <= 0:
        add_note(f"prune ({full:.3f} s) was not slower than prune --dry-run ({dry:.3f} s): write time below noise")
        write_time = 1e-3
    liftrec_write = len(written) / write_time / MB
    add_row("JSON pretty sorted write + fsync (prune - dry-run)", liftrec_write, "MB/s",
            "json.dumps(indent=2, sort_keys=True)", len(python_bytes) / json_dumps / MB, "ratio >= 10", lambda r: r >= 10)
    add_row("JSON pretty sorted write (same), second peer", liftrec_write, "MB/s",
            "orjson.dumps(INDENT_2|SORT_KEYS)", len(python_bytes) / orjson_dumps / MB)
    probe = WORK / "fsync-probe.json"

    def write_and_sync():
        with open(probe, "wb") as file:
            file.write(python_bytes)
            file.flush()
            os.fsync(file.fileno())

    sync_only, _ = in_process(write_and_sync, 5)
    add_row("JSON write time (prune - dry-run) vs its file I/O alone", write_time, "s",
            "Python write + fsync of the bytes, no serialising", sync_only)
    add_row("prune: parse + rewrite whole store, end to end", full, "s",
            "json.loads + json.dumps in-process", json_loads + json_dumps)
    identical = written == python_bytes
    rows.append({"name": "rewritten store byte-identical to json.dumps", "liftrec": len(written), "unit": "bytes",
                 "peer": "json.dumps + \"\\n\"", "peer_value": len(python_bytes), "ratio": None,
                 "bar": "identical", "met": identical})
    if not identical:
        first = next((i for i, (a, b) in enumerate(zip(written, python_bytes)) if a != b), min(len(written), len(python_bytes)))
        add_note(f"rewritten store differs from json.dumps at byte {first}: {written[first:first + 60]!r} vs {python_bytes[first:first + 60]!r}")


def verify_check(cases, suite, root):
    """Runs `liftrec verify` once and checks it exits 0 and reports every case ok: None if so, else why not."""
    finished = subprocess.run([LIFTREC, "verify", "--suite", suite, "--root", str(root)], capture_output=True, text=True)
    summary = re.search(r"^verify: (\d+) cases: (\d+) ok\b", finished.stdout, re.M)
    if finished.returncode == 0 and summary and int(summary.group(1)) == cases and int(summary.group(2)) == cases:
        return None
    said = summary.group(0) if summary else (finished.stdout.strip().splitlines() or finished.stderr.strip().splitlines() or ["no output"])[-1]
    return f"exit {finished.returncode}, {said[:120]}"


def scale_root(suite):
    return DATA / suite


def verify_wall(cases, suite, runs):
    """Median wall of `liftrec verify` on the suite with `cases` cases (measured once per run of the harness)."""
    if cases not in verify_walls:
        verify_walls[cases] = median_of([LIFTREC, "verify", "--suite", suite, "--root", str(scale_root(suite))], runs)
    return verify_walls[cases]


def canonical_bodies(suite):
    """bench/data/SUITE/canonical-bodies: every case's request body in RFC 8785 form, one after another.

    The bodies are what verify must hash whatever it does, so they are the floor's input. Each body is put together
    from its parts in the order RFC 8785 sorts them, the schema canonicalised once per name; the first body's SHA-256
    is checked against the request_sha256 its fixture stores, so the floor hashes exactly what verify hashes.
    """
    import rfc8785
    target = DATA / suite / "canonical-bodies"
    if target.exists():
        return target
    document = json.loads((DATA / suite / f"fixtures/suites/{suite}.json").read_text())
    defaults = {"max_tokens": 2048, "temperature": 0.3, "top_p": 0.95, **document.get("defaults", {})}
    schemas = {name: rfc8785.dumps(schema) for name, schema in document.get("schemas", {}).items()}
    first = None
    with open(target.with_suffix(".partial"), "wb") as out:
        for case in document["cases"]:
            schema = case["schema"]
            canonical_schema = schemas[schema] if isinstance(schema, str) else rfc8785.dumps(schema)
            part = lambda name: rfc8785.dumps(case.get(name, defaults[name]))
            body = (b'{"max_tokens":' + part("max_tokens") + b',"prompt":' + rfc8785.dumps(case["prompt"])
                    + b',"schema":' + canonical_schema + b',"temperature":' + part("temperature")
                    + b',"top_p":' + part("top_p") + b"}")
            if first is None:
                first = (case["key"], hashlib.sha256(body).hexdigest())
            out.write(body)
    store = json.loads((DATA / suite / f"fixtures/recorded/{suite}.json").read_text())
    stored = store[first[0]]["metadata"]["liftrec"]["request_sha256"]
    if stored != first[1]:
        raise SystemExit(f"bench: the floor's body for {first[0]} hashes to {first[1]}, its fixture says {stored}")
    target.with_suffix(".partial").rename(target)
    return target


def floor_wall(cases, suite, runs):
    """Median wall of openssl hashing the canonical bodies, the suite and the store: the work verify cannot skip."""
    files = [canonical_bodies(suite), DATA / suite / f"fixtures/suites/{suite}.json", DATA / suite / f"fixtures/recorded/{suite}.json"]
    return median_of(["openssl", "dgst", "-sha256"] + [str(f) for f in files], runs), sum(f.stat().st_size for f in files)


def bench_floor(cases, suite, runs):
    if not shutil.which("openssl"):
        unavailable(f"verify {cases:,} cases vs the hashing floor", "s", "openssl dgst -sha256", "ratio <= 2",
                    "openssl is not installed")
        return
    floor, size = floor_wall(cases, suite, runs)
    add_row(f"verify {cases:,} cases vs the hashing floor", verify_wall(cases, suite, runs), "s",
            f"openssl dgst -sha256 over the canonical bodies, suite and store ({size / MB:.0f} MB)", floor,
            "ratio <= 2", lambda r: r <= 2)


def bench_verify():
    say("verify: 10,000 cases, liftrec and the two Python peers ...")
    root = scale_root("big")
    fast_peer = "Python orjson + jsonschema-rs + rfc8785 + hashlib"
    failure = verify_check(10_000, "big", root)
    if failure:
        rows.append({"name": "verify 10,000 cases: exits 0, all cases ok", "liftrec": None, "unit": "cases",
                     "peer": "-", "peer_value": 10_000, "ratio": None, "bar": "exit 0, all ok", "met": False,
                     "note": "FAILED: " + failure})
        unavailable("verify 10,000 cases vs fast Python peer", "s", fast_peer, "ratio <= 1/40 (>= 40x faster)",
                    "verify failed")
        return
    wall = verify_wall(10_000, "big", 7)
    fast = median_of([PY, str(HERE / "py_verify.py"), "fast", str(root), "big"], 3)
    plain = median_of([PY, str(HERE / "py_verify.py"), "plain", str(root), "big"], 3)
    add_row("verify 10,000 cases vs fast Python peer", wall, "s", fast_peer, fast,
            "ratio <= 1/40 (>= 40x faster)", lambda r: r <= 1 / 40)
    add_row("verify 10,000 cases, second peer", wall, "s", "Python json + jsonschema + rfc8785 + hashlib", plain)
    bench_floor(10_000, "big", 7)


def bench_scale():
    say("scale: liftrec verify at 1,000, 10,000 and 100,000 cases (wall, cost per case, peak memory) ...")
    per_case = {}
    for cases, suite, runs in SCALE:
        label = f"{cases:,}"
        root = scale_root(suite)
        store = root / f"fixtures/recorded/{suite}.json"
        store_size = store.stat().st_size
        memory_bar = {10_000: ("ratio <= 2", lambda r: r <= 2), 100_000: ("ratio <= 1", lambda r: r <= 1)}.get(cases, (None, None))
        failure = verify_check(cases, suite, root)
        rows.append({"name": f"verify {label} cases: exits 0, all cases ok", "liftrec": None if failure else cases,
                     "unit": "cases", "peer": "cases in the suite", "peer_value": cases, "ratio": None,
                     "bar": "exit 0, all ok", "met": failure is None, **({"note": "FAILED: " + failure} if failure else {})})
        if failure:
            add_note(f"liftrec verify --suite {suite} ({label} cases) failed: {failure}; its scale rows are not available")
            unavailable(f"verify {label} cases: wall", "s", "-", None, "verify failed")
            unavailable(f"verify {label} cases: cost per case", "µs/case", "-", None, "verify failed")
            unavailable(f"verify {label} cases: peak memory vs store size", "MB", "store file size", memory_bar[0],
                        "verify failed", store_size / MB)
            continue
        say(f"  {label} cases: {runs} runs ...")
        wall = verify_wall(cases, suite, runs)
        per_case[cases] = wall / cases * 1e6
        if cases == 100_000:
            bench_floor(cases, suite, runs)
            # The fast Python peer takes about half a minute here: one run, for information.
            say("  the fast Python peer at 100,000 cases, once ...")
            peer_wall, status = run([PY, str(HERE / "py_verify.py"), "fast", str(root), suite])
            if status == 0:
                add_row(f"verify {label} cases vs fast Python peer (1 run)", wall, "s",
                        "Python orjson + jsonschema-rs + rfc8785 + hashlib", peer_wall)
            else:
                add_note(f"py_verify.py fast on {suite} exited {status}; its row is left out")
        else:
            add_row(f"verify {label} cases: wall", wall, "s", "-", None)
        add_row(f"verify {label} cases: cost per case", per_case[cases], "µs/case", "-", None)
        argv = [LIFTREC, "verify", "--suite", suite, "--root", str(root)]
        peaks = [peak_memory(argv) for _ in range(1 if cases >= 100_000 else 3)]
        if None in peaks:
            unavailable(f"verify {label} cases: peak memory vs store size", "MB", "store file size", memory_bar[0],
                        "/usr/bin/time is not installed", store_size / MB)
        else:
            add_row(f"verify {label} cases: peak memory vs store size", statistics.median(peaks) / MB, "MB",
                    "store file size", store_size / MB, *memory_bar)
    if 1_000 in per_case and 100_000 in per_case:
        add_row("verify cost per case, 100,000 cases vs 1,000", per_case[100_000], "µs/case",
                "cost per case at 1,000 cases", per_case[1_000], "ratio <= 1.3", lambda r: r <= 1.3)
    else:
        unavailable("verify cost per case, 100,000 cases vs 1,000", "µs/case", "cost per case at 1,000 cases",
                    "ratio <= 1.3", "verify failed at 1,000 or 100,000 cases", per_case.get(1_000))


def record_schema():
    """The record suites' schema: "ir" when the simulator answers the IR schema validly, else "object"."""
    root = fresh_root("probe", {"fixtures/suites/s64.json": DATA / "suites/ir/s64.json"})
    _, status = run([LIFTREC, "record", "--suite", "s64", "--root", str(root), "--endpoint", "sim", "--quiet"])
    if status == 0:
        return "ir"
    add_note("the simulator's answers fail the IR schema in this branch, so the record rows use the same "
             "cases with schema {\"type\": \"object\"}")
    return "object"


def bench_record():
    say("record: 64 cases at 200 ms and concurrency 8, then 1,000 cases at zero latency ...")
    schema = record_schema()
    walls = []
    for attempt in range(5):
        root = fresh_root("record64", {"fixtures/suites/s64.json": DATA / f"suites/{schema}/s64.json"})
        wall, status = run([LIFTREC, "record", "--suite", "s64", "--root", str(root),
                               "--endpoint", "sim:latency=200ms", "--concurrency", "8", "--all", "--quiet"])
        if status != 0:
            raise SystemExit(f"bench: record of s64 exited {status} (attempt {attempt + 1})")
        walls.append(wall)
    add_row("record 64 cases, latency 200 ms, concurrency 8", statistics.median(walls), "s",
            "ideal 64/8 x 0.2 s", 1.6, "ratio <= 1.15", lambda r: r <= 1.15)

    results = []
    for _ in range(3):
        root = fresh_root("record1000", {"fixtures/suites/s1000.json": DATA / f"suites/{schema}/s1000.json"})
        out, err = WORK / "record1000.out", WORK / "record1000.err"
        with open(out, "wb") as stdout, open(err, "wb") as stderr:
            start = time.perf_counter()
            process = subprocess.Popen([LIFTREC, "record", "--suite", "s1000", "--root", str(root), "--endpoint", "sim",
                                        "--quiet"], stdout=stdout, stderr=stderr)
            # Waits without reaping, so the exited process's /proc/PID/io still holds its final counters.
            os.waitid(os.P_PID, process.pid, os.WEXITED | os.WNOWAIT)
            wall = time.perf_counter() - start
            io = dict(line.split(": ") for line in Path(f"/proc/{process.pid}/io").read_text().split("\n") if line)
            status = process.wait()
        if status != 0:
            raise SystemExit(f"bench: record of s1000 exited {status}; see {err}")
        written = int(io["wchar"]) - out.stat().st_size - err.stat().st_size
        results.append((wall, written, int(io["write_bytes"]), (root / "fixtures/recorded/s1000.json").stat().st_size))
    wall = statistics.median(r[0] for r in results)
    written = statistics.median(r[1] for r in results)
    store = results[-1][3]
    add_row("record 1,000 cases, zero latency (wall)", wall, "s", "-", None)
    add_row("record 1,000 cases: bytes written (wchar) vs final store", written / MB, "MB", "final store size", store / MB,
            "ratio < 3", lambda r: r < 3)
    add_row("record 1,000 cases: block-layer write_bytes vs final store", statistics.median(r[2] for r in results) / MB,
            "MB", "final store size", store / MB)


def learn_wall(count):
    """Wall seconds for `replay --serve --learn` to learn `count` distinct chat requests from the simulator, sent one
    after another over one keep-alive connection, through to the server's exit (the suite and store written)."""
    root = WORK / f"learn{count}"
    shutil.rmtree(root, ignore_errors=True)
    (root / "fixtures/suites").mkdir(parents=True)
    start = time.perf_counter()
    process, url = start_server([LIFTREC, "replay", "--serve", "--root", str(root), "--upstream", "sim", "--record-missing",
                                 "--learn", "learned", "--quiet"])
    if url is None:
        raise SystemExit("bench: replay --serve --learn printed no URL")
    port = int(url.split(":")[2].split("/")[0])
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    for number in range(count):
        body = json.dumps({"model": "m", "messages": [{"role": "user", "content": f"Question {number}: what is {number} squared?"}]})
        connection.request("POST", "/v1/chat/completions", body, {"Content-Type": "application/json"})
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            raise SystemExit(f"bench: learning request {number} got HTTP {response.status}")
    connection.close()
    stop(process)
    wall = time.perf_counter() - start
    learned = json.loads((root / "fixtures/suites/learned.json").read_text())["cases"]
    if len(learned) != count:
        raise SystemExit(f"bench: learned {len(learned)} cases of {count}")
    return wall


def bench_learn():
    say("learn: replay --serve --learn of 300 and 3,000 requests from the simulator ...")
    per = {count: statistics.median(learn_wall(count) for _ in range(3)) / count for count in (300, 3000)}
    add_row("learning: cost per learned request at 3,000 vs at 300", per[3000] * 1000, "ms", "same, at 300 requests",
            per[300] * 1000, "ratio <= 1.3", lambda r: r <= 1.3)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(argv):
    """Starts a server that prints its URL as its first stdout line: (process, URL or None)."""
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    ready, _, _ = select.select([process.stdout], [], [], 15)
    line = process.stdout.readline().decode(errors="replace").strip() if ready else ""
    if not line.startswith("http://"):
        stop(process)
        return process, None
    # Keeps reading what the server prints after its URL, so a full pipe never stalls it mid-benchmark.
    threading.Thread(target=process.stdout.read, daemon=True).start()
    return process, line


def stop(process):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wrk(url, script):
    out = subprocess.run(["wrk", "-t2", "-c64", "-d10s", "--latency", "-s", str(script), url],
                         capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    value, unit = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
    p99 = float(value) * {"us": 1e-3, "ms": 1, "s": 1e3}[unit]
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors += int(non2xx.group(1)) if non2xx else 0
    return rps, p99, errors


def bench_serve(root):
    say("replay --serve: wrk -t2 -c64 -d10s against liftrec, nginx and the Python server ...")
    bar_rps, bar_p99 = "ratio >= 0.6", "p99 <= nginx p99 + 1 ms"
    missing = [tool for tool in ("wrk", "nginx") if shutil.which(tool) is None]
    if missing:
        unavailable("replay --serve req/s vs nginx", "req/s", "nginx static file", bar_rps, f"{', '.join(missing)} not installed")
        return
    suite = json.loads((root / "fixtures/suites/provider.json").read_text())
    case = next(c for c in suite["cases"] if c["key"] == SERVE_CASE)
    schema = suite["schemas"][case["schema"]] if isinstance(case["schema"], str) else case["schema"]
    endpoint_defaults = {"max_tokens": 2048, "temperature": 0.3, "top_p": 0.95}
    body = {"prompt": case["prompt"], "schema": schema}
    for field in ("max_tokens", "temperature", "top_p"):
        body[field] = case.get(field, suite.get("defaults", {}).get(field, endpoint_defaults[field]))
    body_text = json.dumps(body, separators=(",", ":"), ensure_ascii=False)
    script = WORK / "post.lua"
    script.write_text('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
                      f"wrk.body = [==[{body_text}]==]\n")
    reply = subprocess.run([LIFTREC, "replay", "--suite", "provider", "--root", str(root), "--only", SERVE_CASE],
                           capture_output=True, check=True).stdout.split(b"\n")[0]

    nginx_dir = WORK / "nginx"
    shutil.rmtree(nginx_dir, ignore_errors=True)
    (nginx_dir / "www").mkdir(parents=True)
    (nginx_dir / "www/generate").write_bytes(reply)
    port = free_port()
    user = "user root;\n" if os.geteuid() == 0 else ""
    # A POST to a static file is a 405 in nginx; error_page turns it into the file itself, so nginx reads the
    # request body and answers with the reply bytes, as the replay server does.
    (nginx_dir / "nginx.conf").write_text(f"""{user}worker_processes auto;
daemon off;
pid {nginx_dir}/nginx.pid;
error_log {nginx_dir}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {nginx_dir}/body;
    proxy_temp_path {nginx_dir}/proxy;
    fastcgi_temp_path {nginx_dir}/fastcgi;
    uwsgi_temp_path {nginx_dir}/uwsgi;
    scgi_temp_path {nginx_dir}/scgi;
    default_type application/json;
    server {{
        listen 127.0.0.1:{port};
        root {nginx_dir}/www;
        location = /generate {{ error_page 405 =200 $uri; }}
    }}
}}
""")

    results = {}
    liftrec, url = start_server([LIFTREC, "replay", "--serve", "--port", "0", "--suite", "provider", "--root", str(root)])
    if url is None:
        add_note("`liftrec replay --serve` does not print its URL in this branch (the serve command is being "
                 "written elsewhere); the replay rows are marked not available")
    else:
        try:
            check_reply(url, body_text, reply)
            results["liftrec"] = wrk(url, script)
        finally:
            stop(liftrec)
    nginx = subprocess.Popen(["nginx", "-p", str(nginx_dir), "-c", str(nginx_dir / "nginx.conf"), "-e",
                              str(nginx_dir / "error.log")], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        nginx_url = f"http://127.0.0.1:{port}/generate"
        wait_for(nginx_url, body_text)
        check_reply(nginx_url, body_text, reply)
        results["nginx"] = wrk(nginx_url, script)
    finally:
        stop(nginx)
    python, python_url = start_server([PY, str(HERE / "py_replay_server.py"), str(root), "provider"])
    if python_url is None:
        raise SystemExit("bench: py_replay_server.py did not start; run it by hand to see why")
    try:
        check_reply(python_url, body_text, reply)
        results["python"] = wrk(python_url, script)
    finally:
        stop(python)

    nginx_rps, nginx_p99, _ = results["nginx"]
    python_rps, python_p99, _ = results["python"]
    if "liftrec" not in results:
        why = "replay --serve is not in this branch"
        unavailable("replay --serve req/s vs nginx", "req/s", "nginx static file", bar_rps, why, nginx_rps)
        unavailable("replay --serve req/s, second peer", "req/s", "Python ThreadingHTTPServer", None, why, python_rps)
        unavailable("replay --serve p99 latency vs nginx p99", "ms", "nginx p99, same run", bar_p99, why, nginx_p99)
        unavailable("replay --serve errors at 64 connections", "count", "bar", "0", why, 0)
        return
    rps, p99, errors = results["liftrec"]
    add_row("replay --serve req/s vs nginx", rps, "req/s", "nginx static file", nginx_rps, bar_rps, lambda r: r >= 0.6)
    add_row("replay --serve req/s, second peer", rps, "req/s", "Python ThreadingHTTPServer", python_rps)
    # The p99 bar is a difference, not a ratio: at most 1 ms above nginx's own p99 in the same run.
    add_row("replay --serve p99 latency vs nginx p99", p99, "ms", "nginx p99, same run", nginx_p99, bar_p99,
            check=lambda mine, theirs: mine <= theirs + 1.0)
    rows.append({"name": "replay --serve errors at 64 connections", "liftrec": errors, "unit": "count",
                 "peer": "nginx errors", "peer_value": results["nginx"][2], "ratio": None, "bar": "0", "met": errors == 0})
    say(f"  p99: liftrec {p99:.2f} ms ({p99 - nginx_p99:+.2f} ms vs nginx), nginx {nginx_p99:.2f} ms, Python {python_p99:.2f} ms")


def wait_for(url, body):
    for _ in range(100):
        try:
            urllib.request.urlopen(urllib.request.Request(url, data=body.encode()), timeout=1).read()
            return
        except OSError:
            time.sleep(0.05)
    raise SystemExit(f"bench: nothing answers at {url}")


def check_reply(url, body, reply):
    got = urllib.request.urlopen(urllib.request.Request(url, data=body.encode(),
                                                        headers={"Content-Type": "application/json"}), timeout=5).read()
    if json.loads(got) != json.loads(reply):
        raise SystemExit(f"bench: {url} answered {got[:200]!r}, not the recorded reply {reply[:200]!r}")


def record_startup_root(root):
    """A bench copy of the provider suite and its store in which `liftrec record --endpoint sim` has nothing to
    record (every case fresh), so timing it measures start-up: loading the suite and store and planning."""
    suite_file = root / "fixtures/suites/provider.json"
    store = json.loads(suite_file.read_text()).get("store", "fixtures/recorded/provider.json")
    copy = fresh_root("record-startup", {"fixtures/suites/provider.json": suite_file, store: root / store})
    argv = [LIFTREC, "record", "--suite", "provider", "--root", str(copy), "--endpoint", "sim"]
    for attempt in range(2):
        finished = subprocess.run(argv, capture_output=True, text=True)
        if finished.returncode != 0:
            raise SystemExit(f"bench: {' '.join(argv)} exited {finished.returncode}:\n{finished.stderr}")
        if re.search(r"^record: 0 recorded\b", finished.stdout + finished.stderr, re.M):
            return copy
        if attempt == 0:
            add_note("the provider store copy was not fresh for `record --endpoint sim`; it was recorded once before "
                     "timing record's start-up")
    raise SystemExit(f"bench: {' '.join(argv)} still records something on its second run:\n{finished.stdout}")


def bench_startup(root):
    say("start-up: liftrec verify and record --suite provider beside the Swift floors ...")
    record_root = record_startup_root(root)
    commands = {
        "liftrec verify --suite provider": f"{LIFTREC} verify --suite provider --root {root}",
        "liftrec record --suite provider (nothing to record)":
            f"{LIFTREC} record --suite provider --root {record_root} --endpoint sim --quiet",
        "Glibc only": str(BUILD / "floor-glibc"),
        "Foundation only": str(BUILD / "floor-foundation"),
        "Foundation + FoundationNetworking": str(BUILD / "floor-networking"),
    }
    _, status = run(commands["liftrec verify --suite provider"].split())
    if status not in (0, 1):
        raise SystemExit(f"bench: liftrec verify --suite provider exited {status}; run it by hand to see why")
    if status == 1:
        add_note("liftrec verify --suite provider reports findings on the provider store; its start-up is timed anyway")
    if shutil.which("hyperfine"):
        export = WORK / "hyperfine.json"
        argv = ["hyperfine", "-N", "--warmup", "5", "--runs", "60", "--export-json", str(export), "--style", "none"]
        argv += ["--ignore-failure"] if status == 1 else []
        for name, command in commands.items():
            argv += ["-n", name, command]
        finished = subprocess.run(argv, capture_output=True, text=True)
        if finished.returncode != 0:
            raise SystemExit(f"bench: hyperfine failed:\n{finished.stderr}")
        medians = {r["command"]: r["median"] for r in json.loads(export.read_text())["results"]}
    else:
        add_note("hyperfine is not installed; start-up times are this script's own median of 60 runs after 5 warm-ups")
        medians = {}
        for name, command in commands.items():
            argv = command.split()
            median_of(argv, 5, ok=(0, 1))
            medians[name] = median_of(argv, 60, ok=(0, 1))
    verify = medians["liftrec verify --suite provider"] * 1e3
    add_row("start-up: verify --suite provider", verify, "ms", "Foundation-only program",
            medians["Foundation only"] * 1e3, "ratio <= 1.5", lambda r: r <= 1.5)
    add_row("start-up: verify --suite provider, floor", verify, "ms", "Glibc-only program", medians["Glibc only"] * 1e3)
    add_row("start-up: verify --suite provider, HTTP stack", verify, "ms", "Foundation + FoundationNetworking program",
            medians["Foundation + FoundationNetworking"] * 1e3)
    record = medians["liftrec record --suite provider (nothing to record)"] * 1e3
    add_row("start-up: record --suite provider --endpoint sim, all fresh", record, "ms", "Foundation-only program",
            medians["Foundation only"] * 1e3, "ratio <= 1.5", lambda r: r <= 1.5)
    add_row("start-up: record (same), HTTP stack", record, "ms", "Foundation + FoundationNetworking program",
            medians["Foundation + FoundationNetworking"] * 1e3)


def machine():
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), "unknown")
    swift = subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout.splitlines()
    commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    return {"nproc": os.cpu_count(), "model_name": model, "swift_version": swift[0] if swift else "unknown",
            "python_version": platform.python_version(), "kernel": platform.release(), "commit": commit,
            "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}


def number(value):
    if value is None:
        return "-"
    if isinstance(value, int):
        return f"{value:,}"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:#.3g}" if abs(value) < 10 else f"{value:.1f}"


def table():
    header = ["measurement", "liftrec", "peer", "peer value", "ratio", "bar", "met"]
    lines = []
    for r in rows:
        met = {True: "yes", False: "NO", None: "-"}[r["met"]]
        liftrec = r.get("note") or f"{number(r['liftrec'])} {r['unit']}"
        peer_value = "-" if r["peer_value"] is None else f"{number(r['peer_value'])} {r['unit']}"
        ratio = "-" if r["ratio"] is None else f"{r['ratio']:.3g}"
        lines.append([r["name"], liftrec, r["peer"], peer_value, ratio, r["bar"] or "-", met])
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    # A "|" inside a cell (such as INDENT_2|SORT_KEYS) would end the cell in Markdown.
    out += ["| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |" for cells in lines]
    return "\n".join(out)


def main():
    chosen = sys.argv[1:] or list(SECTIONS)
    unknown = [name for name in chosen if name not in SECTIONS]
    if unknown:
        raise SystemExit(f"bench: unknown section {', '.join(unknown)}; the sections are {', '.join(SECTIONS)}")
    full = set(chosen) == set(SECTIONS)
    WORK.mkdir(parents=True, exist_ok=True)
    generate_data()
    info = machine()
    info["sections"] = [name for name in SECTIONS if name in chosen]
    provider = provider_root() if {"serve", "startup"} & set(chosen) else None
    steps = {"json": bench_json, "verify": bench_verify, "scale": bench_scale, "record": bench_record, "learn": bench_learn,
             "serve": lambda: bench_serve(provider), "startup": lambda: bench_startup(provider)}
    for name in SECTIONS:
        if name in chosen:
            steps[name]()
    text = table()
    print(f"\nliftrec benchmarks, {info['date']}, commit {info['commit']}")
    print(f"machine: {info['nproc']} x {info['model_name']}; {info['swift_version']}; Python {info['python_version']}")
    if not full:
        print(f"sections: {', '.join(info['sections'])} (a partial run)")
    print()
    print(text)
    for line in notes:
        print("\nnote: " + line)
    stem = "results" if full else "results-partial"
    (BENCH / f"{stem}.json").write_text(json.dumps({"machine": info, "rows": rows, "notes": notes}, indent=2,
                                                   ensure_ascii=False) + "\n")
    (BENCH / f"{stem}.md").write_text(text + "\n")
    print(f"\nwrote bench/{stem}.json and bench/{stem}.md (the table above, as Markdown)")
    missed = [r["name"] for r in rows if r["met"] is False]
    if missed:
        print("bars not met: " + "; ".join(missed))


main()
