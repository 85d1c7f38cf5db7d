//! `check --fix [--unsafe-fixes]` and `check --diff`: the fixes the rules attach, applied to
//! the text as read (nothing else in the file changes), written or shown as a unified diff. A
//! file that does not parse, whose fixes overlap, or whose fixed text would not parse within
//! its `[limits]` is never written.
//!
//! A fix is written atomically (docs/robustness.md, "What `--fix` writes"): the new text goes
//! to a temporary file in the same directory, is flushed to disk and renamed over the file, with
//! the file's mode (and its owner, where the process may set it). A symbolic link is written
//! through, to its target. Just before, the file is compared with what the fixes were computed
//! from: if it changed, nothing is written to it and the run fails (exit 2). Each real file
//! (device and inode) is written at most once per run, however many paths lead to it.

use std::collections::HashMap;
use std::fs::File;
use std::io::Write;
use std::path::Path;
#[cfg(not(unix))]
use std::path::PathBuf;
use std::sync::Arc;

use astro_preflight_linter::fix::{FixError, FixMode, apply, splice};
use astro_preflight_linter::{Applicability, Settings, check, sanitize};
use astro_preflight_manifest::read::{self, ReadError};

use crate::args::{FixArgs, Format};
use crate::exit::{Failure, Status};
use crate::inputs::{self, Input};

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
    /// Fixes written (with `--diff`: that would be).
    pub fixed: usize,
    /// Files written.
    pub files: usize,
    /// Files left alone because their fixes overlap, the result would not parse, or they
    /// were written already under another path.
    pub refused: usize,
    /// Files that could not be written, or changed while they were being fixed.
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

    /// A file left unchanged; the message names it, sanitised.
    fn warn(&mut self, message: String) {
        self.refused += 1;
        self.messages.push(format!("warning: {message}"));
    }

    /// A file not written (the run fails); the message names it, sanitised.
    fn fail(&mut self, message: String) {
        self.failures += 1;
        self.messages.push(format!("error: {message}"));
    }

    /// Prints the messages about files to stderr.
    fn print_messages(&self) {
        for message in &self.messages {
            eprintln!("{message}");
        }
    }

    fn line(&self) -> String {
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
        if self.failures > 0 {
            line.push_str(&format!(
                "; {} not written (see above)",
                plural(self.failures, "file")
            ));
        }
        line
    }
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
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

/// A real file: device and inode (on other systems, the canonical path).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Identity(#[cfg(unix)] (u64, u64), #[cfg(not(unix))] PathBuf);

#[cfg(unix)]
fn identity(_path: &Path, meta: &std::fs::Metadata) -> Option<Identity> {
    use std::os::unix::fs::MetadataExt;
    Some(Identity((meta.dev(), meta.ino())))
}

#[cfg(not(unix))]
fn identity(path: &Path, _meta: &std::fs::Metadata) -> Option<Identity> {
    std::fs::canonicalize(path).ok().map(Identity)
}

/// One input as the fix pass read it.
struct Read {
    bytes: Vec<u8>,
    /// The real file behind the path; `None` for standard input.
    identity: Option<Identity>,
}

/// Reads an input for fixing; `None` when the check will report why it cannot be read.
fn read_input(input: &Input, max: usize) -> Option<Read> {
    match input {
        Input::Stdin(_) => match inputs::read(input, max) {
            Ok(Ok(bytes)) => Some(Read {
                bytes: bytes.into_owned(),
                identity: None,
            }),
            _ => None,
        },
        Input::Read(path, bytes) => {
            let meta = std::fs::metadata(path).ok()?;
            (bytes.len() <= max).then(|| Read {
                bytes: bytes.clone(),
                identity: identity(path, &meta),
            })
        }
        Input::File(path) => {
            let (file, meta) = read::open_regular(path).ok()?;
            let identity = identity(path, &meta);
            let bytes = read::read_open(file, &meta, max as u64).ok()?;
            Some(Read { bytes, identity })
        }
    }
}

/// Applies (or, with `--diff`, shows) the fixes of every input. Inputs whose files were
/// written are read again by the check that follows, under every path that leads to them.
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
    if args.fix && !args.diff {
        ignore_file_size_signal();
    }
    let mut summary = Summary::default();
    let mut diffs = String::new();
    let mut would_change = 0;
    // Each real file written, and the path it was written under.
    let mut written: HashMap<Identity, String> = HashMap::new();
    let mut identities = Vec::with_capacity(inputs.len());
    for (input, settings) in inputs.iter().zip(settings) {
        let shown = sanitize::message(&input.display());
        let Some(read) = read_input(input, settings.limits.max_bytes) else {
            identities.push(None);
            continue;
        };
        identities.push(read.identity.clone());
        // Not UTF-8: the check reports it.
        let Ok(source) = String::from_utf8(read.bytes) else {
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
        let applied = match apply(&source, &result.diagnostics, mode, &settings.limits) {
            Ok(applied) if applied.skipped_overlapping > 0 => {
                summary.warn(format!(
                    "{shown}: its fixes overlap; the file was not changed"
                ));
                continue;
            }
            Ok(applied) => applied,
            Err(e @ (FixError::WouldNotParse(_) | FixError::BadSpan)) => {
                summary.warn(format!("{shown}: {}", sanitize::message(&e.to_string())));
                continue;
            }
        };
        if applied.fixed == 0 || applied.text == source {
            continue;
        }
        if args.diff {
            summary.fixed += applied.fixed;
            would_change += 1;
            // What the report shows: the masked text (same offsets), fixed by the same edits.
            let masked = &result.document.source;
            diffs.push_str(&unified_diff(
                &shown,
                masked,
                &splice(masked, &applied.edits),
            ));
            continue;
        }
        let path = match input {
            Input::File(path) | Input::Read(path, _) => path,
            Input::Stdin(_) => continue,
        };
        if let Some(first) = read.identity.as_ref().and_then(|id| written.get(id)) {
            summary.warn(format!(
                "{shown} is the file {first} already fixed in this run: it is not written twice (its remaining findings are in the report)"
            ));
            continue;
        }
        match write_fixed(path, source.as_bytes(), applied.text.as_bytes()) {
            Ok(new) => {
                summary.files += 1;
                summary.fixed += applied.fixed;
                // The file is a new inode now: another path to it finds that one.
                if let Some(id) = identity(path, &new) {
                    written.insert(id, shown.clone());
                }
                if let Some(id) = read.identity {
                    written.insert(id, shown);
                }
            }
            Err(Unwritten::Changed) => summary.fail(format!(
                "{shown} changed while it was being fixed: nothing was written to it; run again"
            )),
            Err(Unwritten::Io(why)) => summary.fail(format!(
                "cannot write {shown}: {}; the file is unchanged",
                sanitize::message(&why)
            )),
        }
    }
    if !args.diff {
        // The check reads what is on disk now, under every path to a file written.
        for (input, id) in inputs.iter_mut().zip(&identities) {
            if let (Input::Read(path, _), Some(id)) = (&*input, id)
                && written.contains_key(id)
            {
                *input = Input::File(path.clone());
            }
        }
        return Ok(Outcome::Fixed(summary));
    }
    let stdout = std::io::stdout();
    let mut lock = stdout.lock();
    let _ = lock.write_all(diffs.as_bytes()).and_then(|()| lock.flush());
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

/// A unified diff of one file, every line of it through the sanitiser: no line of the file
/// can act on the terminal or start a workflow command (a CRLF line ending is kept).
fn unified_diff(shown: &str, old: &str, new: &str) -> String {
    let diff = similar::TextDiff::from_lines(old, new);
    let mut out = format!("--- {shown}\n+++ {shown}\n");
    for hunk in diff.unified_diff().context_radius(3).iter_hunks() {
        out.push_str(&format!("{}\n", hunk.header()));
        for change in hunk.iter_changes() {
            let sign = match change.tag() {
                similar::ChangeTag::Delete => '-',
                similar::ChangeTag::Insert => '+',
                similar::ChangeTag::Equal => ' ',
            };
            let text = change.value();
            let (line, ending) = match text.strip_suffix("\r\n") {
                Some(line) => (line, "\r\n"),
                None => match text.strip_suffix('\n') {
                    Some(line) => (line, "\n"),
                    None => (text, "\n\\ No newline at end of file\n"),
                },
            };
            out.push(sign);
            out.push_str(&sanitize::line(line));
            out.push_str(ending);
        }
    }
    out
}

/// Past a file-size limit (RLIMIT_FSIZE) the kernel sends SIGXFSZ, whose default action ends
/// the process in the middle of writing a temporary file: left behind, nothing reported.
/// Ignored, the write fails with EFBIG, the temporary file is removed and the file is reported
/// as not written.
#[cfg(unix)]
pub(crate) fn ignore_file_size_signal() {
    // SAFETY: `signal` with `SIG_IGN` installs no handler and touches no memory of ours;
    // nothing else in the process sets SIGXFSZ's disposition.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
}

#[cfg(not(unix))]
pub(crate) fn ignore_file_size_signal() {}

/// Why a fixed file was not written.
enum Unwritten {
    /// It is no longer what the fixes were computed from.
    Changed,
    /// The system's error, in words.
    Io(String),
}

impl From<std::io::Error> for Unwritten {
    fn from(e: std::io::Error) -> Unwritten {
        Unwritten::Io(inputs::describe_io(&e))
    }
}

/// Replaces the file at `path` (through symbolic links, the real file) with `new`, if it still
/// holds `expected`: a temporary file beside it, written, given the file's mode and owner,
/// flushed to disk and renamed over it. On any failure the file is left as it was and the
/// temporary file is removed. Returns the metadata of the file written.
fn write_fixed(path: &Path, expected: &[u8], new: &[u8]) -> Result<std::fs::Metadata, Unwritten> {
    let target = std::fs::canonicalize(path)?;
    let dir = target.parent().unwrap_or(Path::new("."));
    let meta = unchanged(&target, expected)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if meta.nlink() > 1 {
            return Err(Unwritten::Io(format!(
                "it has {} hard links, which replacing it would separate",
                meta.nlink()
            )));
        }
    }
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut temp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".astro-preflight-fix")
        .tempfile_in(dir)?;
    temp.write_all(new)?;
    temp.as_file().set_permissions(meta.permissions())?;
    set_owner(temp.as_file(), &meta);
    temp.as_file().sync_all()?;
    // Compared again just before the rename: an edit made while the fixes were computed and
    // written is not overwritten.
    let again = unchanged(&target, expected)?;
    if !same_file(&meta, &again) {
        return Err(Unwritten::Changed);
    }
    let file = persist(temp, &target)?;
    Ok(file.metadata()?)
}

/// Renames a temporary file, written and flushed, over `target` (in the same directory), then
/// puts the rename itself on disk (the directory's entry). `--fix` and `--output` write so.
pub(crate) fn persist(temp: tempfile::NamedTempFile, target: &Path) -> std::io::Result<File> {
    let file = temp.persist(target).map_err(|e| e.error)?;
    let dir = match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    if let Ok(dir) = File::open(dir) {
        let _ = dir.sync_all();
    }
    Ok(file)
}

/// The metadata of `target` when it is still a regular file holding exactly `expected`.
fn unchanged(target: &Path, expected: &[u8]) -> Result<std::fs::Metadata, Unwritten> {
    let (file, meta) = read::open_regular(target).map_err(|e| match e {
        ReadError::Io(e) => Unwritten::from(e),
        _ => Unwritten::Changed,
    })?;
    match read::read_open(file, &meta, expected.len() as u64) {
        Ok(now) if now == expected => Ok(meta),
        Ok(_) | Err(ReadError::TooLarge { .. }) => Err(Unwritten::Changed),
        Err(ReadError::Io(e)) => Err(Unwritten::from(e)),
        Err(_) => Err(Unwritten::Changed),
    }
}

#[cfg(unix)]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    (a.dev(), a.ino()) == (b.dev(), b.ino())
}

#[cfg(not(unix))]
fn same_file(_: &std::fs::Metadata, _: &std::fs::Metadata) -> bool {
    true
}

/// Gives the temporary file the original's owner and group, where the process may (root, or
/// its own group); otherwise it keeps the process's.
#[cfg(unix)]
fn set_owner(file: &File, meta: &std::fs::Metadata) {
    use std::os::unix::fs::MetadataExt;
    if std::os::unix::fs::fchown(file, Some(meta.uid()), Some(meta.gid())).is_err() {
        let _ = std::os::unix::fs::fchown(file, None, Some(meta.gid()));
    }
}

#[cfg(not(unix))]
fn set_owner(_: &File, _: &std::fs::Metadata) {}

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
