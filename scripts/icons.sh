#!/usr/bin/env bash
# Renders packaging/icons/mtqa.svg to the PNG sizes of the freedesktop icon theme spec
# (hicolor: 16 22 24 32 48 64 128 256 512), into packaging/icons/SIZExSIZE/mtqa.png.
# Needs rsvg-convert (Debian: librsvg2-bin). The PNGs are committed; run this after
# changing the SVG, and look at them.
set -euo pipefail
cd "$(dirname "$0")/../packaging/icons"
for s in 16 22 24 32 48 64 128 256 512; do
  mkdir -p "${s}x${s}"
  rsvg-convert -w "$s" -h "$s" mtqa.svg -o "${s}x${s}/mtqa.png"
done
ls -1 */mtqa.png
