#!/usr/bin/env bash
# A stream of generated segment records (default 10,000,000: about 2 GB of JSON Lines)
# through `mtqa check -`: peak RSS (issue #15: under 200 MB) and throughput; then the same
# records checked from a file give the same findings (the file name aside).
#   bash scripts/stream-memory.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000000}
cargo build --release --quiet --bin mtqa --example gen_segments
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
target/release/examples/gen_segments "$N" 7 > "$dir/corpus.jsonl"
bytes=$(stat -c %s "$dir/corpus.jsonl")
start=$(date +%s.%N)
status=0
/usr/bin/time -f '%M' -o "$dir/rss" target/release/mtqa check - --format jsonl \
  < "$dir/corpus.jsonl" > "$dir/stream.jsonl" || status=$?
end=$(date +%s.%N)
[ "$status" -le 1 ] || { echo "error: mtqa check - failed ($status)" >&2; exit 1; }
rss_kb=$(tail -n 1 "$dir/rss")
findings=$(wc -l < "$dir/stream.jsonl")
cores=$(nproc)
awk -v n="$N" -v b="$bytes" -v s="$start" -v e="$end" -v r="$rss_kb" -v f="$findings" -v c="$cores" 'BEGIN {
  t = e - s
  printf "stream of %d records (%.2f GB): %.1f s, %.0f segments/s (%.0f per core), %d findings, peak RSS %.1f MB\n", n, b / 1e9, t, n / t, n / t / c, f, r / 1024
}'
[ "$rss_kb" -lt 204800 ] || { echo "error: peak RSS ${rss_kb} KB is 200 MB or more" >&2; exit 1; }
target/release/mtqa check "$dir/corpus.jsonl" --format jsonl > "$dir/file.jsonl" || true
sed "s|\"file\":\"-\"|\"file\":\"$dir/corpus.jsonl\"|" "$dir/stream.jsonl" | cmp - "$dir/file.jsonl"
echo "the same records checked from the file give the same $findings findings"
