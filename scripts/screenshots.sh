#!/usr/bin/env bash
# Regenerates the app screenshots in screenshots/ (egui_kittest renders them on the CPU)
# and the review report screenshot (headless Chromium). Look at each before committing.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --release -p mtqa-gui --test gui -- --ignored screenshots
bash scripts/report-screenshot.sh
ls -la screenshots/
