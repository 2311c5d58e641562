#!/usr/bin/env bash
# Open311 GeoReport v2 latency (docs/benchmarks.md, section "Open311"). The public endpoints are
# rate-limited per client IP (300 GETs a minute), so this measures single requests one after the
# other with curl rather than throughput with wrk: N (default 30; 8 endpoints × N must stay under
# the limit) requests per endpoint, median and 95th percentile of curl's total time; a refused
# (non-200) answer fails the run. Uses the demo city of 4,000 cases in bench/out/open311
# (created once), serves it on 127.0.0.1:$PORT, and stops what it started.
#
#   bench/open311.sh            # or: N=20 bench/open311.sh
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-30}
PORT=${PORT:-18311}
DATA=bench/out/open311
BIN=${BIN:-build/hotline}
[ -f "$DATA/hotline.db" ] || "$BIN" --log-level warn demo --data "$DATA" --cases 4000 >/dev/null
"$BIN" --log-level warn serve --data "$DATA" --listen 127.0.0.1:$PORT --workers 4 > bench/out/open311-server.log 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
BASE="http://127.0.0.1:$PORT/open311/v2"
ID=$(curl -s "$BASE/requests.json?page_size=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["service_request_id"])')

measure() {  # name url
  local times
  local raw
  raw=$(for _ in $(seq "$N"); do curl -s -o /dev/null -w '%{http_code} %{time_total}\n' "$2"; done)
  if echo "$raw" | grep -qv '^200 '; then echo "open311 bench: $1 answered non-200 (rate limit?)" >&2; exit 1; fi
  times=$(echo "$raw" | awk '{print $2}' | sort -n)
  local count size
  count=$(curl -s "$2" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d) if isinstance(d,list) else 1)' 2>/dev/null || echo "-")
  size=$(curl -s -o /dev/null -w '%{size_download}' "$2")
  printf '| %-44s | %5s | %8s | %8.1f | %8.1f |\n' "$1" "$count" "$size" \
    "$(echo "$times" | awk -v n="$N" 'NR==int(n*0.5+0.5){print $1*1000}')" \
    "$(echo "$times" | awk -v n="$N" 'NR==int(n*0.95+0.5){print $1*1000}')"
}
echo "| request | items | bytes | p50 ms | p95 ms |"
echo "|---|---:|---:|---:|---:|"
measure "services.json" "$BASE/services.json"
measure "services/010204.xml" "$BASE/services/010204.xml"
measure "requests.json (default: 90 days, ≤1000)" "$BASE/requests.json"
measure "requests.xml (default: 90 days, ≤1000)" "$BASE/requests.xml"
measure "requests.json?page_size=50" "$BASE/requests.json?page_size=50"
measure "requests.json?page_size=50&extensions=true" "$BASE/requests.json?page_size=50&extensions=true"
measure "requests/{id}.json" "$BASE/requests/$ID.json"
measure "servicerequestupdates.json (90 days, ≤1000)" "$BASE/servicerequestupdates.json"
