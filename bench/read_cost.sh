#!/usr/bin/env bash
# read_cost.sh: the server's own CPU time per case read over HTTP, for comparing builds on a busy
# machine where requests/s move with the load (docs/benchmarks.md, "Case reads — 2026-11-29").
# Starts BIN on DATA, logs in as the demo agent, warms up with `wrk -t2 -c64` for 3 s, then for
# DURATION counts the server process's CPU time (utime+stime from /proc) per request and, when
# `perf` is installed, its pread/futex calls and context switches per request. With several
# binaries it runs them in turn, ROUNDS times, and prints each run and then the medians.
#
#   bench/read_cost.sh [ROUNDS=3] BIN [BIN...]
#   DATA=bench/out/data PORT=18190 DURATION=6 HOTLINE_CASES=1000000 bench/read_cost.sh 5 /tmp/hotline.before build/hotline
set -u
cd "$(dirname "$0")/.."
ROUNDS=$1
shift
DATA=${DATA:-bench/out/data}
PORT=${PORT:-18190}
DURATION=${DURATION:-6}
export HOTLINE_CASES=${HOTLINE_CASES:-1000000}
HZ=$(getconf CLK_TCK)
OUT=$(mktemp)
trap 'rm -f "$OUT" "$OUT".*' EXIT

one() {
  local bin=$1
  "$bin" --log-level warn serve --data "$DATA" --listen "127.0.0.1:$PORT" >"$OUT.log" 2>&1 &
  local sp=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
  HOTLINE_TOKEN=$(curl -sf -X POST -H 'Content-Type: application/json' \
    -d '{"username":"agent","password":"demo"}' "http://127.0.0.1:$PORT/api/v1/auth/login" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
  export HOTLINE_TOKEN
  wrk -t2 -c64 -d3s -s bench/wrk/read.lua "http://127.0.0.1:$PORT/" >/dev/null
  local t0 t1 perf_pid=""
  t0=$(awk '{print $14+$15}' "/proc/$sp/stat")
  if command -v perf >/dev/null; then
    perf stat -x, -e syscalls:sys_enter_pread64,syscalls:sys_enter_futex,context-switches \
      -p "$sp" -o "$OUT.perf" -- sleep "$DURATION" 2>/dev/null &
    perf_pid=$!
  fi
  wrk -t2 -c64 -d"${DURATION}s" -s bench/wrk/read.lua "http://127.0.0.1:$PORT/" >"$OUT.wrk"
  [ -n "$perf_pid" ] && wait "$perf_pid"
  t1=$(awk '{print $14+$15}' "/proc/$sp/stat")
  kill "$sp"
  wait "$sp" 2>/dev/null
  local n rps
  n=$(awk '/requests in/ {print $1}' "$OUT.wrk")
  rps=$(awk '/^Requests\/sec/ {print $2}' "$OUT.wrk")
  printf '%s reads/s %s cpu_us_per_read %.1f' "$(basename "$bin")" "$rps" \
    "$(awk -v t=$((t1 - t0)) -v hz="$HZ" -v n="$n" 'BEGIN {print t / hz * 1e6 / n}')"
  if [ -n "$perf_pid" ] && [ -s "$OUT.perf" ]; then
    awk -F, -v n="$n" '$3 ~ /pread64/ {p=$1} $3 ~ /futex/ {f=$1} $3 ~ /context-switches/ {c=$1}
      END {printf " pread %.2f futex %.3f cswitch %.2f", p/n, f/n, c/n}' "$OUT.perf"
  fi
  echo
}

for _ in $(seq "$ROUNDS"); do
  for bin in "$@"; do one "$bin"; done
done | tee "$OUT.runs"
med() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
for bin in "$@"; do
  b=$(basename "$bin")
  echo "$b: median of $(awk -v b="$b" '$1 == b' "$OUT.runs" | wc -l) runs:" \
    "$(awk -v b="$b" '$1 == b {print $3}' "$OUT.runs" | med) reads/s," \
    "$(awk -v b="$b" '$1 == b {print $5}' "$OUT.runs" | med) us of server CPU per read"
done
