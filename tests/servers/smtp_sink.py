#!/usr/bin/python3
"""A local SMTP server (aiosmtpd) for the notification tests: it accepts every message and stores it.

Each message is saved raw as DIR/NNNN.eml and summarised, decoded, as one JSON line in
DIR/messages.jsonl: {"message_id", "from", "to" (envelope recipients), "subject" (RFC 2047
decoded), "body" (transfer-decoded text), "content_type"}.

Usage: smtp_sink.py --port PORT --dir DIR
"""
import argparse
import asyncio
import email
import email.policy
import json
import os
import signal
import threading

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, directory):
        self.dir = directory
        self.lock = threading.Lock()
        self.count = len([n for n in os.listdir(directory) if n.endswith(".eml")])

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        part = msg.get_body(preferencelist=("plain",)) or msg
        with self.lock:
            self.count += 1
            name = os.path.join(self.dir, "%04d.eml" % self.count)
            with open(name, "wb") as f:
                f.write(raw)
            record = {
                "message_id": str(msg.get("Message-ID", "")),
                "from": str(msg.get("From", "")),
                "to": list(envelope.rcpt_tos),
                "subject": str(msg.get("Subject", "")),
                "body": part.get_content() if part.get_content_maintype() == "text" else "",
                "content_type": msg.get_content_type(),
                "file": os.path.basename(name),
            }
            with open(os.path.join(self.dir, "messages.jsonl"), "a", encoding="utf-8") as f:
                f.write(json.dumps(record, ensure_ascii=False) + "\n")
                f.flush()
                os.fsync(f.fileno())
        return "250 Message accepted for delivery"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--dir", required=True)
    a = p.parse_args()
    os.makedirs(a.dir, exist_ok=True)
    controller = Controller(Sink(a.dir), hostname="127.0.0.1", port=a.port)
    controller.start()
    with open(os.path.join(a.dir, "ready"), "w") as f:
        f.write(str(a.port))
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
