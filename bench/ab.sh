#!/usr/bin/env bash
# Interleaved A/B of case reads against the minimal server, for comparing two builds on a busy
# machine (docs/benchmarks.md, issue 2): starts the minimal server and BIN on the database that
# `make bench` seeded, then runs, back to back, minimal c1, read c1, minimal c64, read c64 (wrk,
# DURATION each) and prints one line with the two same-minute ratios and the server's RSS.
#
#   bench/ab.sh build/hotline [8s]
#   bench/ab.sh /tmp/hotline.before 8s; bench/ab.sh build/hotline 8s   # alternate, several times
set -u
cd "$(dirname "$0")/.."
BIN=$1
DUR=${2:-8s}
PORT=${PORT:-18190}
MPORT=${MPORT:-18191}
DATA=${DATA:-bench/out/data}
CASES=${HOTLINE_CASES:-1000000}
build/bench/minimal_server "$MPORT" 2 >/dev/null 2>&1 &
MP=$!
"$BIN" --log-level warn serve --data "$DATA" --listen "127.0.0.1:$PORT" >bench/out/ab_server.log 2>&1 &
SP=$!
trap 'kill $SP $MP 2>/dev/null; wait $SP $MP 2>/dev/null' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
HOTLINE_TOKEN=$(curl -sf -X POST -H 'Content-Type: application/json' \
  -d '{"username":"agent","password":"demo"}' "http://127.0.0.1:$PORT/api/v1/auth/login" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
export HOTLINE_TOKEN HOTLINE_CASES=$CASES
r() { wrk "$@" 2>&1 | awk '/^Requests\/sec/ {r=$2} $1=="99%" {p=$2} /Non-2xx/ {e=$5} END {printf "%s (p99 %s%s)", r, p, e ? ", non-2xx " e : ""}'; }
m1=$(r -t1 -c1 -d"$DUR" --latency "http://127.0.0.1:$MPORT/")
r1=$(r -t1 -c1 -d"$DUR" --latency -s bench/wrk/read.lua "http://127.0.0.1:$PORT/")
m64=$(r -t2 -c64 -d"$DUR" --latency "http://127.0.0.1:$MPORT/")
r64=$(r -t2 -c64 -d"$DUR" --latency -s bench/wrk/read.lua "http://127.0.0.1:$PORT/")
RSS=$(ps -o rss= -p "$SP" | tr -d ' ')
pct() { awk -v a="${1%% *}" -v b="${2%% *}" 'BEGIN { printf "%.0f%%", 100*a/b }'; }
echo "$(date -u +%H:%M) $(basename "$BIN") c1: read $r1 / minimal $m1 = $(pct "$r1" "$m1") |" \
  "c64: read $r64 / minimal $m64 = $(pct "$r64" "$m64") | RSS $((RSS/1024)) MB |" \
  "load $(cut -d' ' -f1 /proc/loadavg)"
