#!/usr/bin/env bash
# Notification delivery rate (docs/benchmarks.md, "Notifications"): how fast the outbox dispatcher
# drains a backlog into a local HTTP SMS gateway (tests/servers/sms_gateway.py, which fsyncs each
# delivery record).
#
# A demo city in bench/out/notify/; `hotline serve` WITHOUT senders while N cases are registered
# through the API (each queues one citizen SMS, kept pending); then serve again WITH the gateway,
# and the time until the outbox has N more messages sent is measured.
#
#   N=500 bench/notify_drain.sh
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-500}
OUT=bench/out/notify
PORT=${PORT:-18190}
GW_PORT=${GW_PORT:-18191}
BIN=${BIN:-build/hotline}
rm -rf "$OUT"
mkdir -p "$OUT/gateway"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
"$BIN" demo --data "$OUT/data" --cases 0 >/dev/null
wait_up() { for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && return 0; sleep 0.1; done; return 1; }

"$BIN" serve --data "$OUT/data" --listen "127.0.0.1:$PORT" >"$OUT/serve1.log" 2>&1 &
SERVE=$!
wait_up || { echo "bench: serve did not start:"; tail -3 "$OUT/serve1.log"; exit 1; }
TOKEN=$(curl -sf -X POST "http://127.0.0.1:$PORT/api/v1/auth/login" -H 'Content-Type: application/json' \
  -d '{"username":"agent","password":"demo"}' | python3 -c 'import sys,json; print(json.load(sys.stdin)["token"])')
for i in $(seq 1 "$N"); do
  printf -v phone '1380000%04d' "$i"
  curl -sf -o /dev/null -X POST "http://127.0.0.1:$PORT/api/v1/cases" -H "Authorization: Bearer $TOKEN" \
    -H 'Content-Type: application/json' \
    -d "{\"type\":\"help\",\"channel\":\"phone\",\"content\":\"路灯不亮，已经三天了\",\"citizen\":{\"name\":\"张三\",\"phone\":\"$phone\"}}"
done
kill "$SERVE"; wait "$SERVE" || true

/usr/bin/python3 tests/servers/sms_gateway.py --port "$GW_PORT" --dir "$OUT/gateway" >"$OUT/gateway.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 50); do [ -f "$OUT/gateway/ready" ] && break; sleep 0.1; done
START=$(date +%s.%N)
"$BIN" serve --data "$OUT/data" --listen "127.0.0.1:$PORT" --sms-gateway "http://127.0.0.1:$GW_PORT/sms" >"$OUT/serve2.log" 2>&1 &
PIDS+=($!)
count() { { wc -l < "$1"; } 2>/dev/null || echo 0; }
while [ "$(count "$OUT/gateway/delivered.jsonl")" -lt "$N" ]; do sleep 0.05; done
END=$(date +%s.%N)
python3 -c "n=$N; t=$END-$START; print(f'{n} SMS drained in {t:.2f} s (including server start): {n/t:.0f} messages/s')"
DUP=$(count "$OUT/gateway/duplicates.jsonl")
echo "duplicates at the gateway: $DUP"
