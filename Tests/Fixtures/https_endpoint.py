#!/usr/bin/env python3
"""A loopback HTTPS endpoint speaking the Modal protocol, for liftrec's end-to-end tests.

usage: https_endpoint.py CERT KEY -- COMMAND [ARG...]

Serves GET /health, GET /warmup and POST /generate over TLS with CERT and KEY on 127.0.0.1 and a free
port, runs COMMAND with every "{url}" in its arguments replaced by the generate URL, and exits with
COMMAND's status. Each generate reply is a schema-free object echoing the prompt.
"""
import http.server
import json
import ssl
import subprocess
import sys
import threading


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def reply(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path == "/health":
            self.reply(200, {"status": "healthy", "model": "loopback-https", "gpu": "none", "backend": "python"})
        elif self.path == "/warmup":
            self.reply(200, {"status": "warm", "model_loaded": True, "model": "loopback-https"})
        else:
            self.reply(404, {"error": "no route " + self.path})

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))) or b"{}")
        if self.path != "/generate" or "prompt" not in body:
            self.reply(200, {"error": "Missing required field: prompt", "status": 400})
            return
        self.reply(200, {"ir_json": {"echo": body["prompt"]}, "tokens_used": 1, "generation_time_ms": 1.0,
                         "finish_reason": "stop"})

    def log_message(self, *args):
        pass


def main():
    if len(sys.argv) < 5 or sys.argv[3] != "--":
        sys.exit(__doc__)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(sys.argv[1], sys.argv[2])
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = "https://127.0.0.1:%d/generate" % server.server_address[1]
    command = [argument.replace("{url}", url) for argument in sys.argv[4:]]
    sys.exit(subprocess.run(command).returncode)


if __name__ == "__main__":
    main()
