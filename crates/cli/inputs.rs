//! Which files to check: explicit files, directory walks (respecting .gitignore), stdin.

use std::borrow::Cow;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use astro_preflight_manifest::read::{self, ReadError};
use astro_preflight_manifest::recognize::recognize_text;

/// One input to check.
#[derive(Debug, Clone)]
pub enum Input {
    /// A file named on the command line or found in a directory.
    File(PathBuf),
    /// A regular file found in a directory, with its whole content: the manifest test read all
    /// of it (it is smaller than the 64 KiB the test reads), so it is not opened again.
    Read(PathBuf, Vec<u8>),
    /// Standard input, reported under this path.
    Stdin(String),
}

impl Input {
    /// The path as reported.
    pub fn display(&self) -> String {
        match self {
            Input::File(p) | Input::Read(p, _) => display_path(p),
            Input::Stdin(name) => name.clone(),
        }
    }

    /// The file's path, every byte kept; `None` for standard input.
    pub fn file(&self) -> Option<PathBuf> {
        match self {
            Input::File(p) | Input::Read(p, _) => Some(p.clone()),
            Input::Stdin(_) => None,
        }
    }

    /// Where configuration discovery starts.
    pub fn config_dir(&self) -> &Path {
        let path = match self {
            Input::File(p) | Input::Read(p, _) => p.as_path(),
            Input::Stdin(name) => Path::new(name),
        };
        path.parent().unwrap_or(Path::new(""))
    }
}

pub use astro_preflight_linter::pipeline::{describe_io, display_path};

/// A problem with an input that is not a finding about a manifest (exit 2).
#[derive(Debug, Clone)]
pub struct InputError {
    pub path: String,
    pub message: String,
}

/// Expands the command line's paths into inputs, in order, without duplicates. Problems
/// (a missing path, a directory entry that cannot be read) are returned beside the inputs;
/// they never stop the walk.
/// `only_manifests`: apply the directory walk's test (a top-level `install` key, or a file
/// meant to be a manifest) to named files too, skipping the others; for pre-commit, which
/// passes every staged YAML file. Every YAML file skipped is counted in [`Skipped`].
pub fn collect(
    paths: &[PathBuf],
    stdin_filename: Option<&str>,
    only_manifests: bool,
) -> (Vec<Input>, Vec<InputError>, Skipped) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    let mut skipped = Skipped::default();
    let mut seen = Seen::new(paths.len());
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin(stdin_filename.unwrap_or("<stdin>").to_owned()));
            continue;
        }
        match std::fs::metadata(path) {
            Err(e) => errors.push(InputError {
                path: display_path(path),
                message: describe_io(&e),
            }),
            Ok(meta) if meta.is_dir() => {
                walk(path, &mut inputs, &mut errors, &mut seen, &mut skipped)
            }
            Ok(meta) => {
                if only_manifests && meta.is_file() {
                    match is_manifest(path) {
                        Ok((true, _)) => {}
                        Ok((false, _)) => {
                            skipped.count += 1;
                            skipped.named.push(display_path(path));
                            continue;
                        }
                        Err(e) => {
                            errors.push(InputError {
                                path: display_path(path),
                                message: describe_io(&e),
                            });
                            continue;
                        }
                    }
                }
                if seen.first(path) {
                    inputs.push(Input::File(path.clone()));
                }
            }
        }
    }
    (inputs, errors, skipped)
}

/// The YAML files not checked because they are not install manifests.
#[derive(Debug, Default, Clone)]
pub struct Skipped {
    /// Found in directories, or named with `--only-manifests`.
    pub count: usize,
    /// Of those, the ones named on the command line (with `--only-manifests`).
    pub named: Vec<String>,
}

/// The paths already taken, so that a file named twice, or found by two overlapping walks, is
/// checked once. One path on the command line cannot repeat (a walk does not follow links to
/// directories), and hashing each of its files' paths was a tenth of a 10,000-file walk.
struct Seen {
    paths: std::collections::HashSet<PathBuf>,
    can_repeat: bool,
}

impl Seen {
    fn new(arguments: usize) -> Self {
        Seen {
            paths: std::collections::HashSet::new(),
            can_repeat: arguments > 1,
        }
    }

    /// Whether `path` is met for the first time.
    fn first(&mut self, path: &Path) -> bool {
        !self.can_repeat || self.paths.insert(path.to_path_buf())
    }
}

/// What the walk found at one entry, in walk order.
enum Found {
    Error(InputError),
    /// A regular file, or a symbolic link to one, with a YAML extension.
    Candidate {
        path: PathBuf,
        symlink: bool,
    },
}

/// An entry of the walk once a candidate's head is read.
enum Looked {
    Error(InputError),
    Candidate {
        path: PathBuf,
        symlink: bool,
        verdict: io::Result<Verdict>,
    },
}

impl Found {
    /// Reads a candidate's head (see [`is_manifest`]).
    fn look(self) -> Looked {
        match self {
            Found::Error(e) => Looked::Error(e),
            Found::Candidate { path, symlink } => {
                let verdict = is_manifest(&path);
                Looked::Candidate {
                    path,
                    symlink,
                    verdict,
                }
            }
        }
    }
}

/// The most files one task of the thread pool takes: a batch of the walk's entries to read, or
/// a piece of the inputs to check. Rayon splits a run into halves only as far as idle threads
/// steal them, which can leave one core with a long last piece while the other waits (about
/// 10 ms of a 10,000-file check on two cores); pieces this small end within a fraction of a
/// millisecond of each other, for a few hundred tasks in all.
pub const FILES_PER_TASK: usize = 32;

fn walk(
    root: &Path,
    inputs: &mut Vec<Input>,
    errors: &mut Vec<InputError>,
    seen: &mut Seen,
    skipped: &mut Skipped,
) {
    let walker = ignore::WalkBuilder::new(root)
        .follow_links(false)
        .require_git(false)
        // The walk compares siblings only: their paths share every byte up to the file name,
        // so comparing the bytes of the paths orders them as comparing their components would.
        .sort_by_file_path(|a, b| a.as_os_str().cmp(b.as_os_str()))
        .build();
    let errors_before = errors.len();
    // Opening and reading the head of every candidate is most of a walk's time: it is done in
    // the thread pool while the walk goes on (the walk itself on one of its threads), a batch
    // of entries a task, and the batches put back in walk order afterwards. Walking first and
    // reading after left a core idle for the whole walk.
    let (done, batches) = std::sync::mpsc::channel::<(usize, Vec<Looked>)>();
    crate::alloc::spread();
    rayon::scope(|scope| {
        let mut dispatched = 0;
        let mut dispatch = |batch: Vec<Found>| {
            let (index, done) = (dispatched, done.clone());
            dispatched += 1;
            scope.spawn(move |_| {
                let looked = batch.into_iter().map(Found::look).collect();
                // The receiver outlives the scope.
                let _ = done.send((index, looked));
            });
        };
        let mut batch = Vec::with_capacity(FILES_PER_TASK);
        for entry in walker {
            let Some(found) = classify(root, entry) else {
                continue;
            };
            batch.push(found);
            if batch.len() == FILES_PER_TASK {
                dispatch(std::mem::replace(
                    &mut batch,
                    Vec::with_capacity(FILES_PER_TASK),
                ));
            }
        }
        if !batch.is_empty() {
            dispatch(batch);
        }
    });
    drop(done);
    let mut batches: Vec<(usize, Vec<Looked>)> = batches.into_iter().collect();
    batches.sort_unstable_by_key(|(index, _)| *index);
    let mut any = false;
    for looked in batches.into_iter().flat_map(|(_, looked)| looked) {
        let (path, symlink, verdict) = match looked {
            Looked::Error(e) => {
                errors.push(e);
                continue;
            }
            Looked::Candidate {
                path,
                symlink,
                verdict,
            } => (path, symlink, verdict),
        };
        match verdict {
            Ok((true, _)) if symlink && !inside(root, &path) => {
                errors.push(InputError {
                    path: display_path(&path),
                    message: format!(
                        "is a symbolic link to a manifest outside {}; not followed (name the file itself to check it)",
                        display_path(root)
                    ),
                });
            }
            Ok((true, content)) => {
                any = true;
                if seen.first(&path) {
                    inputs.push(match content {
                        Some(bytes) => Input::Read(path, bytes),
                        None => Input::File(path),
                    });
                }
            }
            Ok((false, _)) => skipped.count += 1,
            Err(e) => errors.push(InputError {
                path: display_path(&path),
                message: describe_io(&e),
            }),
        }
    }
    // A directory that yields nothing to check is not a pass: say so (exit 2).
    if !any && errors.len() == errors_before {
        errors.push(InputError {
            path: display_path(root),
            message: "no manifest found: no .yaml or .yml file here has a top-level `install:` key"
                .to_owned(),
        });
    }
}

/// What the walk makes of one entry: a candidate, a problem, or nothing (not a YAML file, a
/// directory, a link to a directory).
fn classify(root: &Path, entry: Result<ignore::DirEntry, ignore::Error>) -> Option<Found> {
    let error = |path: &Path, message: String| {
        Some(Found::Error(InputError {
            path: display_path(path),
            message,
        }))
    };
    let entry = match entry {
        Ok(entry) => entry,
        Err(e) => return error(root, e.to_string()),
    };
    let path = entry.path();
    let yaml = path.extension().is_some_and(|e| e == "yaml" || e == "yml");
    let kind = entry.file_type()?;
    if !yaml || kind.is_dir() {
        return None;
    }
    if kind.is_symlink() {
        // Symbolic links to files are followed, never to directories: a walk does not loop or
        // leave the tree.
        match std::fs::metadata(path) {
            Ok(target) if target.is_dir() => return None,
            Ok(target) if target.is_file() => {}
            Ok(_) => {
                return error(
                    path,
                    "is a symbolic link to something that is not a regular file (a FIFO, socket or device); skipped".to_owned(),
                );
            }
            Err(e) => {
                let why = match e.kind() {
                    io::ErrorKind::NotFound => "its target does not exist".to_owned(),
                    _ => describe_io(&e),
                };
                return error(
                    path,
                    format!("is a symbolic link that cannot be followed: {why}"),
                );
            }
        }
    } else if !kind.is_file() {
        return error(
            path,
            "is not a regular file (a FIFO, socket or device); skipped".to_owned(),
        );
    }
    Some(Found::Candidate {
        path: path.to_path_buf(),
        symlink: kind.is_symlink(),
    })
}

/// Whether `path` (a symbolic link) resolves to a file inside the directory `root`.
fn inside(root: &Path, path: &Path) -> bool {
    match (std::fs::canonicalize(root), std::fs::canonicalize(path)) {
        (Ok(root), Ok(target)) => target.starts_with(root),
        _ => false,
    }
}

/// Whether a file is a manifest, and its whole content when the look read all of it.
type Verdict = (bool, Option<Vec<u8>>);

/// Whether a YAML file found in a directory is checked: a manifest (a top-level `install`
/// key, in block or flow style) or a file meant to be one, which `manifest-unrecognized`
/// reports (a key within edit distance 2 of `install`, or two of a manifest's other keys; see
/// `astro_preflight_manifest::recognize`). Only the first 64 KiB are looked at; that is where
/// a manifest's keys are. With the verdict, the file's whole content when it is shorter than
/// that.
fn is_manifest(path: &Path) -> io::Result<Verdict> {
    const HEAD: usize = 64 * 1024;
    // Opened without blocking and checked to be a regular file: the entry may have been
    // replaced by a FIFO since the walk saw it.
    let (file, meta) = read::open_regular(path).map_err(|e| match e {
        ReadError::Io(e) => e,
        other => io::Error::other(other.to_string()),
    })?;
    // Up to the size the metadata gives, as `read::read_open` reads: one `read` call for a
    // manifest. A size of 0 (procfs) is read up to the head's bound.
    let limit = match meta.len() {
        0 => HEAD as u64,
        len => len.min(HEAD as u64),
    };
    let mut head = Vec::with_capacity(limit as usize);
    file.take(limit).read_to_end(&mut head)?;
    // Bytes, not text: the keys are ASCII, and a file that is not UTF-8 is the loader's to
    // report.
    let checked = recognize_text(&head).is_checked();
    let whole = (checked && head.len() < HEAD).then(|| {
        head.shrink_to_fit();
        head
    });
    Ok((checked, whole))
}

/// Reads an input, refusing what is not a regular file and reading no more than `max + 1`
/// bytes; a file the walk has read already is borrowed. `Ok(Err(size))`: the file is larger
/// than `max`.
pub fn read(input: &Input, max: usize) -> Result<Result<Cow<'_, [u8]>, u64>, String> {
    match input {
        Input::Stdin(_) => {
            let mut bytes = Vec::new();
            io::stdin()
                .lock()
                .take(max as u64 + 1)
                .read_to_end(&mut bytes)
                .map_err(|e| describe_io(&e))?;
            if bytes.len() > max {
                return Ok(Err(bytes.len() as u64));
            }
            Ok(Ok(Cow::Owned(bytes)))
        }
        Input::Read(_, bytes) => {
            if bytes.len() > max {
                return Ok(Err(bytes.len() as u64));
            }
            Ok(Ok(Cow::Borrowed(bytes)))
        }
        Input::File(path) => match read::regular_file(path, max as u64) {
            Ok(bytes) => Ok(Ok(Cow::Owned(bytes))),
            Err(ReadError::TooLarge { size, .. }) => Ok(Err(size)),
            Err(ReadError::Directory) => Err("is a directory, not a manifest file".to_owned()),
            Err(ReadError::NotRegular) => Err(
                "is not a regular file (a FIFO, socket or device); refusing to read it".to_owned(),
            ),
            Err(e) => Err(e.to_string()),
        },
    }
}
