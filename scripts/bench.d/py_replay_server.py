"""The Python peer of `liftrec replay --serve`: a ThreadingHTTPServer that answers POST /generate
from a liftrec store by the request body's fingerprint, keep-alive on.

Usage: python py_replay_server.py ROOT SUITE
Prints its generate URL as the first stdout line, then serves on 127.0.0.1 (port chosen by the
kernel) until SIGTERM.
"""
import hashlib
import json
import pathlib
import signal
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import rfc8785

ROOT, SUITE = pathlib.Path(sys.argv[1]), sys.argv[2]
ENDPOINT_DEFAULTS = {"max_tokens": 2048, "temperature": 0.3, "top_p": 0.95}


def fingerprint(body):
    return hashlib.sha256(rfc8785.dumps(body)).hexdigest()


def load_replies():
    suite = json.loads((ROOT / "fixtures/suites" / f"{SUITE}.json").read_text())
    store = json.loads((ROOT / suite.get("store", f"fixtures/recorded/{SUITE}.json")).read_text())
    replies = {}
    for entry in store.values():
        facts = entry.get("metadata", {}).get("liftrec") if isinstance(entry, dict) else None
        if facts is None or facts.get("status") != "ok":
            continue
        reply = {
            "ir_json": entry["response"],
            "tokens_used": facts["tokens_used"],
            "generation_time_ms": facts["generation_time_ms"],
            "finish_reason": facts["finish_reason"],
        }
        replies[facts["request_sha256"]] = json.dumps(reply, ensure_ascii=False, separators=(",", ":")).encode()
    return replies


REPLIES = load_replies()
MISS = b'{"error":"no recorded response for this request","ir_json":null,"finish_reason":"error"}'


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
        for field, value in ENDPOINT_DEFAULTS.items():
            body.setdefault(field, value)
        reply = REPLIES.get(fingerprint(body))
        status = 200 if reply is not None else 404
        payload = reply if reply is not None else MISS
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
print(f"http://127.0.0.1:{server.server_address[1]}/generate", flush=True)
server.serve_forever()
