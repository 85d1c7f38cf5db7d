//! `check --output FORMAT=PATH`: more reports from the same run, each written to a file.
//!
//! Every path is checked before any work: a temporary file is created beside it (so a path
//! whose directory is missing or not writable, or that is a directory, fails the run at once,
//! exit 2). Once the report is rendered, each temporary file receives its format's report, is
//! flushed to disk and renamed over the path: a reader never sees half a report, and a report
//! that cannot be written leaves the file as it was.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::ValueEnum;

use crate::args::Format;
use crate::exit::Failure;
use crate::inputs;
use crate::report::Report;

/// Standard output for the report. A closed pipe (`| head`) is not an error: what is left is
/// discarded, and the exit code still tells the result.
pub struct Stdout(Option<std::io::StdoutLock<'static>>);

impl Stdout {
    pub fn lock() -> Stdout {
        Stdout(Some(std::io::stdout().lock()))
    }

    /// Runs one write; after a failure, none.
    fn attempt(&mut self, write: impl FnOnce(&mut std::io::StdoutLock) -> std::io::Result<()>) {
        if let Some(out) = &mut self.0
            && write(out).is_err()
        {
            self.0 = None;
        }
    }
}

impl Write for Stdout {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.attempt(|out| out.write_all(bytes));
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.attempt(|out| out.flush());
        Ok(())
    }
}

/// One `--output FORMAT=PATH`.
#[derive(Debug, Clone)]
pub struct Output {
    pub format: Format,
    pub path: PathBuf,
}

/// Parses `FORMAT=PATH` (clap's value parser for `--output`).
pub fn parse(value: &str) -> Result<Output, String> {
    let (format, path) = value
        .split_once('=')
        .ok_or_else(|| format!("`{value}` is not FORMAT=PATH (e.g. sarif=results.sarif)"))?;
    let format = Format::from_str(format, false).map_err(|_| {
        let names: Vec<String> = Format::value_variants()
            .iter()
            .filter_map(|f| f.to_possible_value().map(|v| v.get_name().to_owned()))
            .collect();
        format!("`{format}` is not a format; one of {}", names.join(", "))
    })?;
    if path.is_empty() {
        return Err(format!("`{value}` names no file"));
    }
    Ok(Output {
        format,
        path: PathBuf::from(path),
    })
}

/// A report to be written: its format, the path as shown, the path, and the temporary file
/// beside it that will replace it.
pub struct Pending {
    format: Format,
    shown: String,
    path: PathBuf,
    temp: tempfile::NamedTempFile,
}

/// Prepares every output: fails (exit 2) when a path cannot be written or is named twice.
pub fn prepare(outputs: &[Output]) -> Result<Vec<Pending>, Failure> {
    if !outputs.is_empty() {
        // Past a file-size limit a write fails (and the report is said not written) instead
        // of ending the process.
        crate::fix::ignore_file_size_signal();
    }
    let mut pending: Vec<Pending> = Vec::with_capacity(outputs.len());
    for output in outputs {
        let shown = inputs::display_path(&output.path);
        let cannot = |why: String| Failure::error(format!("cannot write {shown}: {why}"));
        if output.path.is_dir() {
            return Err(cannot("it is a directory".to_owned()));
        }
        let name = output
            .path
            .file_name()
            .ok_or_else(|| cannot("it names no file".to_owned()))?;
        let dir = dir_of(&output.path);
        let same = |p: &Pending| {
            p.path == output.path
                || (p.path.file_name() == Some(name)
                    && std::fs::canonicalize(dir_of(&p.path)).ok()
                        == std::fs::canonicalize(dir).ok())
        };
        if pending.iter().any(same) {
            return Err(Failure::error(format!(
                "--output names {shown} twice; one report a file"
            )));
        }
        let temp = temp_beside(&output.path, dir).map_err(|e| cannot(inputs::describe_io(&e)))?;
        pending.push(Pending {
            format: output.format,
            shown,
            path: output.path.clone(),
            temp,
        });
    }
    Ok(pending)
}

/// The directory a path names its file in (`.` for a bare name).
fn dir_of(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// Renders the report into each file and moves it into place; the messages of the reports
/// that could not be written (the run then fails, exit 2).
pub fn write_all(pending: Vec<Pending>, report: &Report) -> Vec<String> {
    let mut errors = Vec::new();
    for p in pending {
        let mut buffer = Vec::with_capacity(4096);
        let written = crate::render::render(p.format, report, &mut buffer, false)
            .and_then(|()| write_atomic(p.temp, &p.path, &buffer));
        if let Err(e) = written {
            errors.push(format!(
                "cannot write {}: {}",
                p.shown,
                inputs::describe_io(&e)
            ));
        }
    }
    errors
}

/// A temporary file in `dir`, beside `path`, named after it: renamed over `path` once written.
fn temp_beside(path: &Path, dir: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    let name = path.file_name().unwrap_or_default();
    let prefix = format!(".{}.", name.to_string_lossy());
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".astro-preflight");
    // An ordinary file's mode (the umask applies), or the mode of the file it replaces.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).map_or(0o666, |m| m.permissions().mode());
        builder.permissions(std::fs::Permissions::from_mode(mode));
    }
    builder.tempfile_in(dir)
}

/// Writes `bytes` to `path` atomically: a temporary file beside it, flushed, renamed over it
/// (the facts file of `facts --output`).
pub(crate) fn write_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    crate::fix::ignore_file_size_signal();
    write_atomic(temp_beside(path, dir_of(path))?, path, bytes)
}

/// Writes `bytes` into `temp`, flushes it to disk and renames it over `path`, as `--fix` does.
fn write_atomic(
    mut temp: tempfile::NamedTempFile,
    path: &Path,
    bytes: &[u8],
) -> std::io::Result<()> {
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    crate::fix::persist(temp, path).map(drop)
}
