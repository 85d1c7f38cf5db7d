//! How a command ends: a [`Status`], or a [`Failure`] that `main` prints, once, before the
//! process exits with its status.

use std::io::{self, Write};

use crate::render::sanitize_message;

/// The exit status of a run, ordered by gravity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// 0: nothing to report.
    Success,
    /// 1: errors found (warnings too under `--deny-warnings`), fixes to make (`--diff`), hosts
    /// unreachable (`egress`), a hand-off refused, an editor gone without a shutdown.
    Problems,
    /// 2: the tool could not do its job (an input or a side file unreadable, a configuration
    /// invalid, a file not written).
    Failure,
}

impl Status {
    /// The process's exit code.
    pub fn code(self) -> u8 {
        match self {
            Status::Success => 0,
            Status::Problems => 1,
            Status::Failure => 2,
        }
    }
}

impl From<Status> for std::process::ExitCode {
    fn from(status: Status) -> std::process::ExitCode {
        std::process::ExitCode::from(status.code())
    }
}

/// Why a command stopped.
#[derive(Debug)]
pub enum Failure {
    /// The tool could not do its job: `error: MESSAGE` (exit 2).
    Error(String),
    /// A graphical report of a bad configuration, already rendered (exit 2).
    Report(String),
    /// The input was refused (a hand-off of a manifest with errors): what to show first (its
    /// findings), then `error: MESSAGE` (exit 1).
    Refused { findings: String, message: String },
}

impl Failure {
    pub fn error(message: impl std::fmt::Display) -> Failure {
        Failure::Error(message.to_string())
    }

    /// Prints the failure to stderr; its exit status.
    pub fn report(self) -> Status {
        let mut stderr = io::stderr().lock();
        match self {
            Failure::Error(message) => {
                let _ = writeln!(stderr, "error: {}", sanitize_message(&message));
                Status::Failure
            }
            Failure::Report(text) => {
                let _ = stderr.write_all(text.as_bytes());
                Status::Failure
            }
            Failure::Refused { findings, message } => {
                let _ = stderr.write_all(findings.as_bytes());
                let _ = writeln!(stderr, "error: {}", sanitize_message(&message));
                Status::Problems
            }
        }
    }
}

/// What a command returns to `main`.
pub type Outcome = Result<Status, Failure>;
