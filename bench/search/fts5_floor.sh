#!/usr/bin/env bash
# FTS5's own cost per token, without our tokenizer (docs/benchmarks.md, "why bulk indexing cannot
# reach 20,000 cases/s with FTS5"): the title and content of the first N cases of a data directory,
# split into the same tokens the `hotline` tokenizer emits for Chinese (every character and every
# pair of neighbours), written as ASCII words and loaded into an FTS5 table with the built-in
# unicode61 tokenizer in one transaction. Prints the tokens and the CPU seconds of the load.
#
#   bench/search/fts5_floor.sh [DATA_DIR] [N]      # defaults: bench/out/data 20000
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA=${1:-bench/out/data}
N=${2:-20000}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
sqlite3 "$DATA/hotline.db" "SELECT replace(title || ' ' || content, char(10), ' ') FROM cases WHERE id <= $N" > "$TMP/docs.txt"
python3 - "$TMP/docs.txt" "$TMP/load.sql" <<'PY'
import sys
docs, out = open(sys.argv[1], encoding='utf-8'), open(sys.argv[2], 'w')
out.write("CREATE VIRTUAL TABLE f USING fts5(c, tokenize='unicode61', detail=full);\n")
out.write("INSERT INTO f(f, rank) VALUES('hashsize', 268435456);\nBEGIN;\n")
n = tokens = 0
for line in docs:
    s = line.strip()
    toks = [s[i] for i in range(len(s))] + [s[i:i + 2] for i in range(len(s) - 1)]
    words = ['z' + ''.join('%x' % ord(c) for c in t) for t in toks if all(c.isalnum() for c in t)]
    tokens += len(words)
    n += 1
    out.write("INSERT INTO f(c) VALUES('%s');\n" % ' '.join(words))
out.write("COMMIT;\n")
print(f"{n} documents, {tokens} tokens ({tokens / max(1, n):.0f} per document)")
PY
/usr/bin/time -f "FTS5 load: %U s user CPU, %e s wall" sqlite3 "$TMP/f.db" < "$TMP/load.sql" > /dev/null
