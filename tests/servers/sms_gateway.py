#!/usr/bin/python3
"""A small HTTP SMS gateway for the notification tests: it records what it is sent.

POST /sms with JSON {"id", "to", "text"}, headers "Authorization: Bearer KEY" and
"Idempotency-Key". The gateway delivers each idempotency key once: the first request with a key is
appended to DIR/delivered.jsonl, a repeat (a client retrying after a crash) to DIR/duplicates.jsonl
and answered 200 like the first. Every request is first logged to DIR/requests.jsonl.

Control files in DIR, for tests: "fail" (answer 503), "reject" (answer 400), "delay" (holding a
number of seconds: wait that long after logging the request, before delivering and answering).

Usage: sms_gateway.py --port PORT --dir DIR [--key KEY]
"""
import argparse
import json
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOCK = threading.Lock()


def append(path, record):
    with LOCK, open(path, "a", encoding="utf-8") as f:
        f.write(json.dumps(record, ensure_ascii=False) + "\n")
        f.flush()
        os.fsync(f.fileno())


def delivered_keys(path):
    keys = set()
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    keys.add(json.loads(line)["key"])
    return keys


class Handler(BaseHTTPRequestHandler):
    def log_message(self, fmt, *args):
        pass

    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        d = self.server.dir
        length = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(length)
        key = self.headers.get("Idempotency-Key", "")
        auth = self.headers.get("Authorization", "")
        append(os.path.join(d, "requests.jsonl"), {"key": key, "path": self.path, "at": time.time()})
        if self.path != "/sms":
            return self.answer(404, {"error": "no such path"})
        if self.server.key and auth != "Bearer " + self.server.key:
            return self.answer(401, {"error": "bad key"})
        try:
            msg = json.loads(raw.decode("utf-8"))
        except ValueError:
            return self.answer(400, {"error": "not JSON"})
        if not key or msg.get("id") != key or not msg.get("to") or not msg.get("text"):
            return self.answer(400, {"error": "id, to, text and Idempotency-Key are required"})
        delay = os.path.join(d, "delay")
        if os.path.exists(delay):
            with open(delay) as f:
                time.sleep(float(f.read().strip() or "0"))
        if os.path.exists(os.path.join(d, "fail")):
            return self.answer(503, {"error": "gateway unavailable"})
        if os.path.exists(os.path.join(d, "reject")):
            return self.answer(400, {"error": "rejected"})
        record = {"key": key, "to": msg["to"], "text": msg["text"], "at": time.time()}
        with self.server.delivered_lock:
            if key in self.server.delivered:
                append(os.path.join(d, "duplicates.jsonl"), record)
                return self.answer(200, {"status": "duplicate", "id": key})
            self.server.delivered.add(key)
            append(os.path.join(d, "delivered.jsonl"), record)
        return self.answer(200, {"status": "delivered", "id": key})


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--dir", required=True)
    p.add_argument("--key", default="")
    a = p.parse_args()
    os.makedirs(a.dir, exist_ok=True)
    server = ThreadingHTTPServer(("127.0.0.1", a.port), Handler)
    server.dir = a.dir
    server.key = a.key
    server.delivered = delivered_keys(os.path.join(a.dir, "delivered.jsonl"))
    server.delivered_lock = threading.Lock()
    with open(os.path.join(a.dir, "ready"), "w") as f:
        f.write(str(a.port))
    server.serve_forever()


if __name__ == "__main__":
    main()
