#!/usr/bin/env bash
# Makes screenshots/review-report.png: the HTML review report of the sample reports (their
# automatic findings saved with `check --save`, every fix applied) and of the MQM ratings
# fixture, rendered by headless Chromium (Debian's `chromium`).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --release --bin mtqa
MTQA="$PWD/target/release/mtqa"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for f in corpora/en-from-fr-flood.txt corpora/en-from-es-election.txt corpora/en-from-fr-segments.jsonl corpora/en-from-es-bridge.tsv; do
  cp "$f" "$work/"
  (cd "$work" && MTQA_NOW=2026-01-01T00:00:00Z "$MTQA" check --save "$(basename "$f")" >/dev/null 2>&1 || true)
done
(cd "$work" && "$MTQA" score --threshold 10 --format html -o report.html en-from-fr-flood.txt en-from-es-election.txt en-from-fr-segments.jsonl en-from-es-bridge.tsv || true)
chromium --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
  --no-first-run --disable-sync --hide-scrollbars --user-data-dir="$work/profile" \
  --window-size=1200,2400 --screenshot="$PWD/screenshots/review-report.png" "file://$work/report.html" 2>/dev/null
echo "wrote screenshots/review-report.png"
