#!/usr/bin/env bash
# Knowledge-base search latency (docs/benchmarks.md, "Knowledge base search"): a demo city whose
# knowledge base is grown to ARTICLES published articles (variants of the 53 demo articles, imported
# through POST /api/v1/knowledge/import?publish=true in batches of 2,000), then wrk on the intake
# panel's query (bench/wrk/knowledge.lua) with 1 and 64 connections. Run from the repository root.
set -euo pipefail
ARTICLES=${ARTICLES:-10000}
DURATION=${DURATION:-15s}
PORT=${PORT:-18095}
OUT=bench/out/kb
rm -rf "$OUT" && mkdir -p "$OUT"
build/hotline --log-level warn demo --data "$OUT/data" --cases 100 > "$OUT/demo.log"
build/hotline --log-level warn serve --data "$OUT/data" --listen 127.0.0.1:$PORT > "$OUT/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
sleep 1
login() { curl -s -X POST -d "{\"username\":\"$1\",\"password\":\"demo\"}" http://127.0.0.1:$PORT/api/v1/auth/login \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'; }
REVIEWER=$(login reviewer)
login agent > "$OUT/token"
curl -s -H "Authorization: Bearer $REVIEWER" "http://127.0.0.1:$PORT/api/v1/knowledge/export" > "$OUT/base.json"
python3 - "$OUT" "$ARTICLES" <<'PY'
import json, random, sys
out, n = sys.argv[1], int(sys.argv[2])
base = [a for a in json.load(open(f"{out}/base.json"))["articles"]]
places = ["江东区", "江西区", "高新区", "临江区", "马王堆街道", "东塘街道", "城区", "各街道"]
random.seed(7)
batch, k = [], 0
for i in range(n):
    a = random.choice(base)
    paras = a["body"].split("\n")
    random.shuffle(paras)
    batch.append({"title": f"{a['title']}（{random.choice(places)}·{i}）", "body": "\n".join(paras),
                  "category": a["category"], "unit_code": a["unit_code"], "tags": a["tags"],
                  "audience": a["audience"]})
    if len(batch) == 2000 or i == n - 1:
        json.dump({"articles": batch}, open(f"{out}/import_{k}.json", "w"), ensure_ascii=False)
        batch, k = [], k + 1
PY
for f in "$OUT"/import_*.json; do
  curl -s -o /dev/null -w "import $(basename "$f"): HTTP %{http_code} in %{time_total}s\n" -X POST \
    -H "Authorization: Bearer $REVIEWER" -H 'Content-Type: application/json' --data-binary @"$f" \
    "http://127.0.0.1:$PORT/api/v1/knowledge/import?publish=true"
done | tee "$OUT/import.txt"
export HOTLINE_TOKEN_FILE="$OUT/token"
wrk -t1 -c1 -d"$DURATION" --latency -s bench/wrk/knowledge.lua http://127.0.0.1:$PORT/ | tee "$OUT/wrk_c1.txt"
wrk -t2 -c64 -d"$DURATION" --latency -s bench/wrk/knowledge.lua http://127.0.0.1:$PORT/ | tee "$OUT/wrk_c64.txt"
