//! The `mtqa` binary: parses arguments ([`cli`]) and hands them to the core (`mtqa-core`)
//! or to the desktop app (`mtqa-gui`, feature `gui`).

#![deny(missing_docs)]
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod cli;

use clap::Parser;

fn main() {
    let cli = cli::Cli::parse();
    let code = match cli::run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("mtqa: {e:#}");
            2
        }
    };
    std::process::exit(code);
}
