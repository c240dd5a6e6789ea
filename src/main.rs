//! The `mtqa` binary: parses arguments and hands them to the library.

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use clap::Parser;

fn main() {
    let cli = mtqa::cli::Cli::parse();
    let code = match mtqa::cli::run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("mtqa: {e:#}");
            2
        }
    };
    std::process::exit(code);
}
