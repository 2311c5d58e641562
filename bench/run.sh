#!/usr/bin/env bash
# The performance benchmark (`make bench`; figures and verdicts in docs/benchmarks.md).
#
# Builds, seeds CASES (default 1,000,000) cases into bench/out/data (once: skipped when the
# database is already there), measures the disk's durable-commit rate, starts a minimal Beast server
# (the machine's ceiling) and `hotline serve` on loopback, logs in as the demo agent, and runs wrk
# for DURATION (default 15s) each: minimal server, case reads and case registrations, at 1 and 64
# connections. Samples the server's RSS during and after. Prints a table and writes
# bench/out/results.md. Stops everything it started.
#
#   bench/run.sh                      # or: make bench
#   CASES=100000 DURATION=5s bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."

CASES=${CASES:-1000000}
DURATION=${DURATION:-15s}
OUT=bench/out
DATA=$OUT/data
HOTLINE_PORT=${HOTLINE_PORT:-18090}
MINIMAL_PORT=${MINIMAL_PORT:-18091}
BUILD=${BUILD:-build}
mkdir -p "$OUT"

command -v wrk >/dev/null || { echo "bench: wrk is not installed (apt-get install wrk)"; exit 1; }
cmake --build "$BUILD" -j "$(nproc)" --target hotline minimal_server fsync_rate case_read

PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
}
trap cleanup EXIT INT TERM

# ---- 1. seed ---------------------------------------------------------------------------------
if [ -f "$DATA/hotline.db" ]; then
  SEED_NOTE="skipped: $DATA already holds $(sqlite3 "$DATA/hotline.db" 'SELECT COUNT(*) FROM cases') cases (see $OUT/seed.log for the last seeding)"
else
  echo "== seeding $CASES cases into $DATA"
  start=$(date +%s.%N)
  "$BUILD/hotline" --log-level warn seed --data "$DATA" --cases "$CASES" | tee "$OUT/seed.log"
  SEED_S=$(echo "$(date +%s.%N) - $start" | bc)
  echo "wall clock: ${SEED_S} s" >> "$OUT/seed.log"
  SEED_NOTE="seeded $CASES cases in ${SEED_S} s (wall clock)"
fi
CASES=$(sqlite3 "$DATA/hotline.db" 'SELECT MAX(id) FROM cases')
echo "== $SEED_NOTE"

# ---- 2. the disk -----------------------------------------------------------------------------
echo "== fsync rate of the disk under $OUT"
"$BUILD/bench/fsync_rate" "$OUT" 5 | tee "$OUT/fsync.txt"
RAW_FSYNC=$(sed -n 's/^raw append.*= \([0-9]*\) \/s.*/\1/p' "$OUT/fsync.txt")
RAW_FSYNC_OVER=$(sed -n 's/^raw overwrite.*= \([0-9]*\) \/s.*/\1/p' "$OUT/fsync.txt")
SQLITE_FSYNC=$(sed -n 's/^sqlite .*= \([0-9]*\) \/s.*/\1/p' "$OUT/fsync.txt")

# Warm the OS page cache with the database, so that every run reads from memory (a cold 5 GB file
# makes reads a disk benchmark; see docs/benchmarks.md).
cat "$DATA"/hotline.db* > /dev/null 2>&1 || true

# ---- 3. servers ------------------------------------------------------------------------------
"$BUILD/bench/minimal_server" "$MINIMAL_PORT" 2 >"$OUT/minimal.log" 2>&1 &
PIDS+=($!)
"$BUILD/hotline" --log-level warn serve --data "$DATA" --listen "127.0.0.1:$HOTLINE_PORT" \
  >"$OUT/server.log" 2>&1 &
SERVER_PID=$!
PIDS+=($SERVER_PID)
for _ in $(seq 100); do
  curl -sf "http://127.0.0.1:$HOTLINE_PORT/healthz" >/dev/null 2>&1 && \
    curl -sf "http://127.0.0.1:$MINIMAL_PORT/" >/dev/null 2>&1 && break
  sleep 0.1
done
RSS_START=$(ps -o rss= -p "$SERVER_PID" | tr -d ' ')

TOKEN=$(curl -sf -X POST -H 'Content-Type: application/json' \
  -d '{"username":"agent","password":"demo"}' "http://127.0.0.1:$HOTLINE_PORT/api/v1/auth/login" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
echo "$TOKEN" > "$OUT/token"

# `hotline seed` leaves the search index of its cases to the server (the search backlog, indexed
# in the background): wait until it is done, so that the runs below measure a quiet server, and
# report how long the catch-up took.
start=$(date +%s.%N)
while [ "$(sqlite3 "$DATA/hotline.db" 'SELECT COUNT(*) FROM search_backlog' 2>/dev/null || echo 0)" != "0" ]; do
  sleep 2
done
INDEX_S=$(echo "$(date +%s.%N) - $start" | bc)
echo "== search backlog indexed by the server in ${INDEX_S} s"
export HOTLINE_TOKEN="$TOKEN" HOTLINE_CASES="$CASES"

# RSS sampler: the largest RSS seen while the runs go on.
echo 0 > "$OUT/rss_max"
( max=0; while kill -0 "$SERVER_PID" 2>/dev/null; do
    r=$(ps -o rss= -p "$SERVER_PID" 2>/dev/null | tr -d ' '); r=${r:-0}
    if [ "$r" -gt "$max" ]; then max=$r; echo "$max" > "$OUT/rss_max"; fi
    sleep 0.5
  done ) &
PIDS+=($!)

# ---- 4. wrk runs -----------------------------------------------------------------------------
ROWS=()
run() {  # name port script conns
  local name=$1 port=$2 script=$3 conns=$4 threads=2
  [ "$conns" -lt 2 ] && threads=1
  local log="$OUT/wrk_${name}_c${conns}.txt"
  local cmd="wrk -t$threads -c$conns -d$DURATION --latency"
  [ -n "$script" ] && cmd="$cmd -s $script"
  cmd="$cmd http://127.0.0.1:$port/"
  echo "== $name, $conns connection(s): $cmd"
  $cmd > "$log" 2>&1 || true
  local rps p50 p99 errs
  rps=$(awk '/^Requests\/sec/ {print $2}' "$log")
  p50=$(awk '$1=="50%" {print $2}' "$log")
  p99=$(awk '$1=="99%" {print $2}' "$log")
  errs=$(awk '/Non-2xx/ {print $5}' "$log"); errs=${errs:-0}
  local sockerr; sockerr=$(grep -o 'Socket errors.*' "$log" || true)
  printf '   %s req/s, p50 %s, p99 %s, non-2xx %s %s\n' "$rps" "$p50" "$p99" "$errs" "$sockerr"
  ROWS+=("| $name | $conns | $rps | $p50 | $p99 | $errs |")
  eval "RPS_${name}_${conns}=$rps; P99_${name}_${conns}=$p99"
}
run minimal "$MINIMAL_PORT" "" 1
run minimal "$MINIMAL_PORT" "" 64
run read "$HOTLINE_PORT" bench/wrk/read.lua 1
run read "$HOTLINE_PORT" bench/wrk/read.lua 64
run register "$HOTLINE_PORT" bench/wrk/register.lua 1
run register "$HOTLINE_PORT" bench/wrk/register.lua 64
sleep 1
RSS_AFTER=$(ps -o rss= -p "$SERVER_PID" | tr -d ' ')
# The CPU cost of a read inside the process, without the network (less sensitive to other jobs).
echo "== in-process cost of a case read"
"$BUILD/bench/case_read" "$DATA" 50000 "$CASES" > "$OUT/case_read.txt" 2>&1 ||
  echo "case_read failed (see above)" >> "$OUT/case_read.txt"
cat "$OUT/case_read.txt"
RSS_MAX=$(cat "$OUT/rss_max")
CASES_AFTER=$(sqlite3 "$DATA/hotline.db" 'SELECT COUNT(*) FROM cases')

# ---- 5. report -------------------------------------------------------------------------------
ms() {  # wrk latency ("1.23ms", "850.00us", "1.02s") in milliseconds
  awk -v v="$1" 'BEGIN { n=v+0; if (v ~ /us$/) n/=1000; else if (v ~ /ms$/) n=n; else if (v ~ /s$/) n*=1000; printf "%.2f", n }'
}
pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", 100*a/b }'; }
yes_no() { awk "BEGIN { print (($1) ? \"MET\" : \"MISSED\") }"; }  # an awk condition
R1=$(pct "$RPS_read_1" "$RPS_minimal_1"); R64=$(pct "$RPS_read_64" "$RPS_minimal_64")
P99R1=$(ms "$P99_read_1"); P99R64=$(ms "$P99_read_64")
{
  echo "# Benchmark results ($(date -u '+%Y-%m-%d %H:%M UTC'))"
  echo
  echo "Machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(free -h | awk '/^Mem/ {print $2}') RAM, $(uname -r)."
  echo "Database: $CASES cases before the runs ($SEED_NOTE; search backlog indexed by the server in ${INDEX_S} s); $CASES_AFTER after. wrk $DURATION per run, loopback."
  echo
  echo "| run | connections | requests/s | p50 | p99 | non-2xx |"
  echo "|---|---|---|---|---|---|"
  printf '%s\n' "${ROWS[@]}"
  echo
  echo "| disk | commits/s |"
  echo "|---|---|"
  echo "| write(4 KiB, appending)+fdatasync | $RAW_FSYNC |"
  echo "| write(4 KiB, overwriting, as a reused WAL)+fdatasync | $RAW_FSYNC_OVER |"
  echo "| SQLite WAL synchronous=FULL, 1 row per commit | $SQLITE_FSYNC |"
  echo
  echo "Server RSS: $((RSS_START/1024)) MB at start, $((RSS_MAX/1024)) MB peak during the runs, $((RSS_AFTER/1024)) MB after."
  echo
  echo "In-process cost of a case read (\`build/bench/case_read\`, CPU time of one thread):"
  echo
  echo '```'
  tail -n +2 "$OUT/case_read.txt"
  echo '```'
  echo
  echo "| target | measured | verdict |"
  echo "|---|---|---|"
  echo "| reads ≥ 50% of the minimal server | c1: ${R1}%, c64: ${R64}% | $(yes_no "$R1 >= 50 && $R64 >= 50") |"
  echo "| p99 read latency < 20 ms | c1: ${P99R1} ms, c64: ${P99R64} ms | $(yes_no "$P99R1 < 20 && $P99R64 < 20") |"
  echo "| ≥ 2,000 acknowledged registrations/s | c64: $RPS_register_64 /s (c1: $RPS_register_1 /s; disk: $SQLITE_FSYNC SQLite commits/s) | $(yes_no "$RPS_register_64 >= 2000") |"
  echo "| RSS < 300 MB | peak $((RSS_MAX/1024)) MB | $(yes_no "$RSS_MAX < 300*1024") |"
} > "$OUT/results.md"
echo
cat "$OUT/results.md"
