//! `check --fix [--unsafe-fixes]` and `check --diff`: the fixes the rules attach, applied to
//! the text as read (nothing else in the file changes), written in place or shown as a unified
//! diff. A file that does not parse, whose fixes overlap, or whose fixed text would not parse is
//! never written.

use std::io::Write;
use std::sync::Arc;

use astro_preflight_linter::fix::{FixError, FixMode, apply};
use astro_preflight_linter::{Applicability, Settings, check};

use crate::args::{FixArgs, Format};
use crate::exit::{Failure, Status};
use crate::inputs::{self, Input};
use crate::render::sanitize_message;

/// The fix mode the flags ask for, if any.
pub fn mode(args: &FixArgs) -> Option<FixMode> {
    (args.fix || args.diff).then_some(if args.unsafe_fixes {
        FixMode::Unsafe
    } else {
        FixMode::Safe
    })
}

/// What the fix pass did.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Fixes applied.
    pub fixed: usize,
    /// Files written.
    pub files: usize,
    /// Files left alone because their fixes overlap or the result would not parse.
    pub refused: usize,
    /// Files that could not be written.
    pub failures: usize,
    /// Unsafe fixes not applied for want of `--unsafe-fixes`.
    pub unsafe_left: usize,
    /// What went wrong with a file (`warning: ...` or `error: ...`), shown with the summary.
    pub messages: Vec<String>,
}

impl Summary {
    pub fn status(&self) -> Status {
        if self.failures > 0 {
            Status::Failure
        } else {
            Status::Success
        }
    }

    fn warn(&mut self, shown: &str, why: impl std::fmt::Display) {
        self.refused += 1;
        self.messages
            .push(format!("warning: {}: {why}", sanitize_message(shown)));
    }

    fn unwritten(&mut self, shown: &str, e: &std::io::Error) {
        self.failures += 1;
        self.messages.push(format!(
            "error: cannot write {}: {}",
            sanitize_message(shown),
            inputs::describe_io(e)
        ));
    }

    /// Prints the messages about files to stderr.
    fn print_messages(&self) {
        for message in &self.messages {
            eprintln!("{message}");
        }
    }

    fn line(&self) -> String {
        let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
        let mut line = format!(
            "fixed {} in {}",
            plural(self.fixed, "problem"),
            plural(self.files, "file")
        );
        if self.unsafe_left > 0 {
            line.push_str(&format!(
                "; {} more with --unsafe-fixes",
                fixes(self.unsafe_left)
            ));
        }
        if self.refused > 0 {
            line.push_str(&format!(
                "; {} left unchanged (see above)",
                plural(self.refused, "file")
            ));
        }
        line
    }
}

fn fixes(n: usize) -> String {
    format!("{n} fix{}", if n == 1 { "" } else { "es" })
}

pub enum Outcome {
    /// `--diff`: the run ends with this status.
    Done(Status),
    /// `--fix`: files written; the check then reports what remains.
    Fixed(Summary),
}

/// Applies (or, with `--diff`, shows) the fixes of every input. Inputs already read are
/// replaced by their fixed text so that the check that follows sees it.
pub fn run(
    args: &FixArgs,
    mode: FixMode,
    inputs: &mut [Input],
    settings: &[Arc<Settings>],
    input_errors: bool,
) -> Result<Outcome, Failure> {
    if args.fix && !args.diff && inputs.iter().any(|i| matches!(i, Input::Stdin(_))) {
        return Err(Failure::error(
            "--fix cannot write back to standard input; use --diff to see the fixes",
        ));
    }
    let mut summary = Summary::default();
    let mut diffs = String::new();
    let mut would_change = 0;
    for (input, settings) in inputs.iter_mut().zip(settings) {
        let shown = input.display();
        let bytes = match inputs::read(input, settings.limits.max_bytes) {
            Ok(Ok(bytes)) => bytes,
            // Too large or unreadable: the check reports it.
            Ok(Err(_)) | Err(_) => continue,
        };
        let Ok(source) = String::from_utf8(bytes) else {
            continue;
        };
        let result = check(source.as_bytes(), settings, None);
        summary.unsafe_left += result
            .diagnostics
            .iter()
            .filter(|d| {
                d.finding.fix.as_ref().is_some_and(|f| {
                    f.applicability == Applicability::Unsafe && mode == FixMode::Safe
                })
            })
            .count();
        let applied = match apply(&source, &result.diagnostics, mode) {
            Ok(applied) if applied.skipped_overlapping > 0 => {
                summary.warn(&shown, "its fixes overlap; the file was not changed");
                continue;
            }
            Ok(applied) => applied,
            Err(e @ (FixError::WouldNotParse(_) | FixError::BadSpan)) => {
                summary.warn(&shown, e);
                continue;
            }
        };
        if applied.fixed == 0 || applied.text == source {
            continue;
        }
        summary.fixed += applied.fixed;
        if args.diff {
            would_change += 1;
            let diff = similar::TextDiff::from_lines(&source, &applied.text);
            diffs.push_str(
                &diff
                    .unified_diff()
                    .context_radius(3)
                    .header(&shown, &shown)
                    .to_string(),
            );
            continue;
        }
        match input {
            Input::File(path) => {
                if let Err(e) = std::fs::write(&*path, applied.text.as_bytes()) {
                    summary.unwritten(&shown, &e);
                    continue;
                }
            }
            Input::Read(path, bytes) => {
                if let Err(e) = std::fs::write(&*path, applied.text.as_bytes()) {
                    summary.unwritten(&shown, &e);
                    continue;
                }
                *bytes = applied.text.into_bytes();
            }
            Input::Stdin(_) => continue,
        }
        summary.files += 1;
    }
    if !args.diff {
        return Ok(Outcome::Fixed(summary));
    }
    let stdout = std::io::stdout();
    let mut lock = stdout.lock();
    let _ = lock.write_all(diffs.as_bytes()).and_then(|()| lock.flush());
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    let mut note = format!(
        "would fix {} in {}",
        plural(summary.fixed, "problem"),
        plural(would_change, "file")
    );
    if summary.unsafe_left > 0 {
        note.push_str(&format!(
            "; {} more with --unsafe-fixes",
            fixes(summary.unsafe_left)
        ));
    }
    summary.print_messages();
    eprintln!("{note}");
    Ok(Outcome::Done(if input_errors || summary.failures > 0 {
        Status::Failure
    } else if would_change > 0 {
        Status::Problems
    } else {
        Status::Success
    }))
}

/// The summary line of `--fix`: after the human report on stdout; on stderr for the machine
/// formats, whose stdout must stay one document.
pub fn print_summary(summary: &Summary, format: Format) {
    summary.print_messages();
    let line = summary.line();
    if format == Format::Human {
        println!("{line}");
    } else {
        eprintln!("{line}");
    }
}
