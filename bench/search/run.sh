#!/usr/bin/env bash
# Case search benchmarks (`make bench-search`; figures in docs/benchmarks.md, "Case search").
#
# 1M: `hotline seed` (the real store path: every case indexed in its write transaction, bulk
# mode, one merge at the end) into bench/out/search-1m (kept; skipped when present), then recall
# against a substring scan, query latency with filters through SqliteStore::ListCases, and the
# bulk indexing rate and index size (search_bench index empties the index and indexes every case
# as `hotline serve` indexes a bulk load's backlog).
# 10M (SCALE10M=1): a lean corpus (cases rows with text and filter columns only, indexed in 5
# bulk writes of 2M cases) in bench/out/search-10m, measured the same way, then DELETED (~50 GB;
# needs ~60 GB free and ~10 GB of memory).
#
#   bench/search/run.sh                 # or: make bench-search
#   CASES=200000 bench/search/run.sh    # a smaller city
#   SCALE10M=1 bench/search/run.sh      # also the 10M corpus (~15 minutes on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/../.."

CASES=${CASES:-1000000}
BUILD=${BUILD:-build}
OUT=bench/out
mkdir -p "$OUT"
cmake --build "$BUILD" -j "$(nproc)" --target hotline search_bench

DATA=$OUT/search-1m
if [ ! -f "$DATA/hotline.db" ]; then
  echo "== hotline seed --cases $CASES"
  /usr/bin/time -f "seed: %e s wall, %U s user CPU, %M KiB max RSS" \
    "$BUILD/hotline" seed --data "$DATA" --cases "$CASES" --index inline
fi
du -sh "$DATA"
echo "== recall ($CASES cases)"
"$BUILD/bench/search_bench" recall --data "$DATA" --per-class "${PER_CLASS:-20}"
echo "== latency ($CASES cases)"
"$BUILD/bench/search_bench" latency --data "$DATA" --queries "${QUERIES:-500}"
echo "== bulk indexing and index size ($CASES cases)"
"$BUILD/bench/search_bench" index --data "$DATA"

if [ "${SCALE10M:-0}" = 1 ]; then
  BIG=$OUT/search-10m
  rm -rf "$BIG"
  echo "== lean corpus, 10,000,000 cases"
  "$BUILD/bench/search_bench" corpus --data "$BIG" --cases 10000000 --parts 5
  du -sh "$BIG"
  # Recall is measured at 1M (a substring scan of every case per query: hours at 10M; the index
  # finds the same things at any size).
  "$BUILD/bench/search_bench" latency --data "$BIG" --queries "${QUERIES:-500}"
  rm -rf "$BIG"
fi
