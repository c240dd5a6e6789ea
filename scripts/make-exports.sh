#!/usr/bin/env bash
# Regenerates corpora/exports/: every sample report checked (`check --save`) and exported
# in every format it can take. Timestamps are fixed (MTQA_NOW) so the files are
# reproducible; tests/formats.rs checks that the committed files are up to date.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -n "${MTQA:-}" ] || cargo build --quiet --bin mtqa
MTQA="${MTQA:-$PWD/target/debug/mtqa}"
export MTQA_NOW=2026-01-01T00:00:00Z
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out_dir="${EXPORTS_DIR:-corpora/exports}"
rm -rf "$out_dir"
mkdir -p "$out_dir"
for f in corpora/*.txt corpora/*.jsonl corpora/*.tsv; do
  case "$f" in *.expected.tsv) continue ;; esac
  name=$(basename "$f")
  stem=${name%.*}
  cp "$f" "$work/$name"
  (cd "$work" && "$MTQA" check --save "$name" >/dev/null 2>&1 || true)
  for fmt in tmx xliff tsv jsonl parallel text mqm-tsv; do
    ext=$fmt
    case $fmt in xliff) ext=xlf ;; mqm-tsv) ext=mqm.tsv ;; text) ext=corrected.txt ;; esac
    (cd "$work" && "$MTQA" export "$name" --apply-fixes --format "$fmt" -o "out.$ext" >/dev/null 2>&1) || continue
    for out in "$work"/out.*; do
      mv "$out" "$out_dir/$stem.${out##*/out.}"
    done
  done
done
ls "$out_dir" | wc -l
