//! The `astro-preflight` command.

mod alloc;
mod args;
mod astro;
mod check;
mod color;
mod commands;
mod egress;
mod exit;
mod fix;
mod handoff;
mod inputs;
mod output;
mod pipeline;
mod render;
mod report;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

use crate::args::{Cli, Command};
use crate::exit::{Failure, Outcome, Status};

/// glibc's `malloc` for a start and one file, mimalloc for many files (see [`alloc`]).
#[global_allocator]
static GLOBAL: alloc::Allocator = alloc::Allocator;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            // Help and version are successes; every other parse error is a usage error.
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    color::set(cli.color);
    let status = match run(cli.command) {
        Ok(status) => status,
        Err(failure) => failure.report(),
    };
    let _ = std::io::stdout().flush();
    status.into()
}

/// Runs a command: its exit status, or why it failed.
fn run(command: Command) -> Outcome {
    match command {
        Command::Check(args) => check::run(&args),
        Command::Rules(args) => commands::rules(&args),
        Command::Schema(args) => commands::schema(&args),
        Command::Facts(args) => commands::facts(&args),
        Command::Handoff(args) => handoff::run(&args),
        Command::Egress(args) => egress::run(&args),
        Command::Tables(args) => astro::tables(&args),
        Command::Generate(args) => commands::generate(&args),
        Command::Server(_) => match astro_preflight_lsp::run_stdio() {
            Ok(true) => Ok(Status::Success),
            Ok(false) => Ok(Status::Problems),
            Err(e) => Err(Failure::error(format!("language server: {e}"))),
        },
    }
}
