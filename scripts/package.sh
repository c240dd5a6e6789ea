#!/usr/bin/env bash
# Builds the Debian package: the release binary, the man pages (from the clap definitions:
# `mtqa man`) and the shell completions (`mtqa completions`), then `cargo deb`. Prints the
# path of the .deb. Needs cargo-deb (`cargo install cargo-deb --locked`).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --bin mtqa
bin=target/release/mtqa
rm -rf target/assets
mkdir -p target/assets/man target/assets/completions
"$bin" man --dir target/assets/man
gzip -9n target/assets/man/*.1
"$bin" completions bash > target/assets/completions/mtqa
"$bin" completions zsh > target/assets/completions/_mtqa
"$bin" completions fish > target/assets/completions/mtqa.fish
cargo deb --no-build --output target/debian/ | tail -n 1
