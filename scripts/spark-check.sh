#!/usr/bin/env bash
# The Spark job (examples/spark/check_corpus.py) in local[2] mode on a generated corpus of
# N segments (default 200,000) gives exactly the findings of one `mtqa check` of the file,
# and its summary counts them. Needs Java 17 and PySpark (`.ci/run` installs both):
#   PYTHON=target/py-venv/bin/python bash scripts/spark-check.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-200000}
PYTHON=${PYTHON:-python3}
SPARK_SUBMIT=${SPARK_SUBMIT:-$(dirname "$PYTHON")/spark-submit}
cargo build --release --quiet --bin mtqa --example gen_segments
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
target/release/examples/gen_segments "$N" 42 > "$dir/corpus.jsonl"
status=0
target/release/mtqa check "$dir/corpus.jsonl" --format jsonl > "$dir/single.jsonl" || status=$?
[ "$status" -le 1 ] || { echo "error: mtqa check failed ($status)" >&2; exit 1; }
SPARK_LOCAL_IP=${SPARK_LOCAL_IP:-127.0.0.1} PYSPARK_PYTHON="$PYTHON" PYSPARK_DRIVER_PYTHON="$PYTHON" "$SPARK_SUBMIT" --master 'local[2]' --conf spark.ui.enabled=false --conf spark.ui.showConsoleProgress=false \
  examples/spark/check_corpus.py --mtqa target/release/mtqa --parquet \
  "$dir/corpus.jsonl" "$dir/out" > "$dir/summary.json" 2> "$dir/spark.log" \
  || { tail -n 40 "$dir/spark.log" >&2; exit 1; }
cat "$dir"/out/findings/part-* > "$dir/spark.jsonl"
lines=$(wc -l < "$dir/single.jsonl")
[ "$lines" -gt 1000 ] || { echo "error: only $lines findings in the single run" >&2; exit 1; }
cmp "$dir/single.jsonl" "$dir/spark.jsonl" || { echo "error: the Spark job's findings differ from mtqa check's" >&2; exit 1; }
"$PYTHON" - "$dir" "$lines" "$N" <<'PY'
import glob, json, sys
d, lines, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
s = json.load(open(f"{d}/summary.json"))
assert s["findings"] == lines, (s["findings"], lines)
assert s["segments"] == n, (s["segments"], n)
assert sum(s["by_check"].values()) == lines
flagged = {json.loads(l)["segment"] for l in open(f"{d}/single.jsonl")}
assert s["segments_flagged"] == len(flagged), (s["segments_flagged"], len(flagged))
assert glob.glob(f"{d}/out/findings.parquet/*.parquet"), "no Parquet written"
print(f"summary: {s['findings']} findings on {s['segments_flagged']} of {s['segments']} segments, {s['partitions']} partitions")
PY
echo "the Spark job (local[2], $N segments) gives the $lines findings of mtqa check, byte for byte"
