#!/usr/bin/env bash
# The dashboards' counts (GET /api/v1/stats) at city scale (issue 6; docs/benchmarks.md, "Dashboard
# counts at 10 million cases"): a demo city with no cases, N synthetic cases written by SQL (the
# triggers of migration 0014 keep the counts as for every write), then the dashboard's queries timed
# through ReadTx::Stats. About 2.5 GB and 20 minutes for 10 M cases on this 2-core machine; the data
# directory is removed afterwards unless KEEP=1.
#
#   bench/stats/run.sh                 # 10,000,000 cases
#   CASES=1000000 bench/stats/run.sh
set -eu
cd "$(dirname "$0")/../.."
CASES=${CASES:-10000000}
DATA=bench/out/stats-$CASES
cmake --build build --target hotline stats_bench
rm -rf "$DATA"
build/hotline --log-level warn seed --data "$DATA" --cases 0 >/dev/null
build/bench/stats_bench --data "$DATA" --cases "$CASES" --runs "${RUNS:-30}"
[ -n "${KEEP:-}" ] || rm -rf "$DATA"
