#!/usr/bin/env bash
# KPI and export benchmarks (`make bench-kpi`; figures in docs/benchmarks.md):
#  1. the dashboard/KPI queries on the rollups of CASES cases (default 10 million; bench/kpi/kpi_bench.cc),
#     then every query GET /api/v1/kpis can express (group-by × filter set × 30 days / 12 months);
#  2. the Excel export of EXPORT_CASES cases (default 100,000) over HTTP: GET /api/v1/cases?format=xlsx;
#  3. case registrations per second with the rollups kept in the same transaction (wrk, 64 connections).
# Data lives under bench/out/ (gitignored); an existing data directory is reused.
set -euo pipefail
cd "$(dirname "$0")/../.."
CASES=${CASES:-10000000}
EXPORT_CASES=${EXPORT_CASES:-100000}
DURATION=${DURATION:-15s}
PORT=${PORT:-18095}
OUT=bench/out
BUILD=build
mkdir -p "$OUT"
cmake --build "$BUILD" -j2 --target hotline kpi_bench

echo "== 1. KPI queries on the rollups of $CASES cases"
if [ ! -f "$OUT/kpi/hotline.db" ]; then
  "$BUILD/hotline" --log-level warn seed --data "$OUT/kpi" --cases 0
  "$BUILD/bench/kpi_bench" --data "$OUT/kpi" --cases "$CASES" --runs 50 --sweep 5 | tee "$OUT/kpi_queries.txt"
else
  "$BUILD/bench/kpi_bench" --data "$OUT/kpi" --skip-fill --runs 50 --sweep 5 | tee "$OUT/kpi_queries.txt"
fi
du -sh "$OUT/kpi/hotline.db"

echo "== 2. Excel export of $EXPORT_CASES cases"
[ -f "$OUT/export/hotline.db" ] || "$BUILD/hotline" --log-level warn seed --data "$OUT/export" --cases "$EXPORT_CASES" --index inline
"$BUILD/hotline" --log-level warn serve --data "$OUT/export" --listen "127.0.0.1:$PORT" >"$OUT/export_server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
login() {
  curl -sf -X POST -H 'Content-Type: application/json' -d "{\"username\":\"$1\",\"password\":\"demo\"}" \
    "http://127.0.0.1:$PORT/api/v1/auth/login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}
LEADER=$(login leader)
for i in 1 2 3; do
  curl -sf -o "$OUT/export.xlsx" -w "export run $i: %{time_total} s, %{size_download} bytes\n" \
    -H "Authorization: Bearer $LEADER" "http://127.0.0.1:$PORT/api/v1/cases?format=xlsx"
done
python3 - "$OUT/export.xlsx" <<'PY'
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
rows = len(re.findall(rb"<row ", z.read("xl/worksheets/sheet1.xml")))
print(f"export rows (with the header): {rows}")
PY

echo "== 3. registrations with rollups ($DURATION, 64 connections)"
if command -v wrk >/dev/null; then
  export HOTLINE_TOKEN=$(login agent) HOTLINE_CASES=$EXPORT_CASES
  wrk -t2 -c64 -d"$DURATION" --latency -s bench/wrk/register.lua "http://127.0.0.1:$PORT/" | tee "$OUT/kpi_register.txt"
else
  echo "wrk is not installed; skipped"
fi
