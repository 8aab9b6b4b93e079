#!/usr/bin/env bash
# Runs a shrunk schedule's replay file N times, each in a fresh JVM as its printed replay command
# does, and counts the runs that fail with the failure class the shrink report names (issue 21:
# "the replay command reproduces the failure 10 of 10").
#   scripts/verify-replay.sh NEWT_JAR RESULTS_DIR ID [N] [JOBS]
# reads RESULTS_DIR/shrunk/ID.json (failureClass, file), writes runs under RESULTS_DIR/shrunk/ID-verify/,
# prints "ID: k of N reproduced CLASS" and exits 1 unless k = N.
set -euo pipefail
jar=$1 dir=$2 id=$3 n=${4:-10} jobs=${5:-2}
report="$dir/shrunk/$id.json"
class=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["failureClass"])' "$report")
file=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["file"])' "$report")
out="$dir/shrunk/$id-verify"
rm -rf "$out" && mkdir -p "$out"
seq 1 "$n" | xargs -P "$jobs" -I{} sh -c \
  'java -jar "$0" run "$1" --no-shrink --jobs 1 --out "$2/{}" > "$2/{}.log" 2>&1 || true' "$jar" "$file" "$out"
got=0
for k in $(seq 1 "$n"); do
  c=$(python3 - "$out/$k/results.jsonl" <<'PY' 2>/dev/null || echo "no result"
import json, sys
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r["id"] != "golden":
        print(r.get("failureClass") or r["outcome"])
PY
)
  echo "  run $k: $c"
  [ "$c" = "$class" ] && got=$((got + 1))
done
echo "$id: $got of $n reproduced $class"
[ "$got" -eq "$n" ]
