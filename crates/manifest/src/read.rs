//! Reading a file that someone else chose: a manifest, a configuration, a facts file, a CA
//! bundle. Regular files only, never more than a bound, never blocking.
//!
//! The file is opened first (on Unix with `O_NONBLOCK`, so that opening a FIFO returns at once
//! instead of waiting for a writer, and `O_NOCTTY`), then its metadata is read from the open
//! file: what is checked is what is read, even if the path is replaced in between. Anything but
//! a regular file is refused; a file larger than the bound is refused from its metadata without
//! reading it, and a file is read up to the size that metadata gave (a file that grows after it
//! is opened is read as it was: one `read` call for a manifest, not a second to find its end).
//! A size of 0 (what procfs says of its files) is read to its end, cut at the bound plus one.

use std::fmt;
use std::fs::{File, Metadata, OpenOptions};
use std::io::{self, Read};
use std::path::Path;

/// Why a file was not read.
#[derive(Debug)]
pub enum ReadError {
    /// The operating system's error (no such file, permission denied, ...).
    Io(io::Error),
    /// A directory.
    Directory,
    /// A FIFO, a socket or a device.
    NotRegular,
    /// Larger than the bound: `size` is its size, or at least the bytes read.
    TooLarge { size: u64, max: u64 },
    /// Not UTF-8 text ([`text_file`] only): the first invalid byte.
    NotUtf8 { at: usize },
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Io(e) => f.write_str(&describe_io(e)),
            ReadError::Directory => f.write_str("it is a directory"),
            ReadError::NotRegular => f.write_str(
                "it is not a regular file (a FIFO, socket or device); refusing to read it",
            ),
            ReadError::TooLarge { max, .. } => write!(
                f,
                "it is larger than {max} bytes, far more than such a file holds"
            ),
            ReadError::NotUtf8 { at } => {
                write!(
                    f,
                    "it is not UTF-8 text (invalid byte sequence at byte {at})"
                )
            }
        }
    }
}

impl std::error::Error for ReadError {}

impl From<io::Error> for ReadError {
    fn from(e: io::Error) -> ReadError {
        ReadError::Io(e)
    }
}

/// Opens `path` for reading without blocking, and returns it with its metadata when it is a
/// regular file (a symbolic link is followed to its target).
pub fn open_regular(path: &Path) -> Result<(File, Metadata), ReadError> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = match options.open(path) {
        Ok(file) => file,
        // Opening a Unix socket: there is nothing to read.
        #[cfg(unix)]
        Err(e) if e.raw_os_error() == Some(libc::ENXIO) => return Err(ReadError::NotRegular),
        Err(e) => return Err(ReadError::Io(e)),
    };
    let meta = file.metadata()?;
    if meta.is_dir() {
        return Err(ReadError::Directory);
    }
    if !meta.is_file() {
        return Err(ReadError::NotRegular);
    }
    Ok((file, meta))
}

/// Reads an open regular file (from [`open_regular`]), at most `max` bytes.
pub fn read_open(file: File, meta: &Metadata, max: u64) -> Result<Vec<u8>, ReadError> {
    if meta.len() > max {
        return Err(ReadError::TooLarge {
            size: meta.len(),
            max,
        });
    }
    // At most the metadata's size: `Take` answers the read that would find the end itself. The
    // file may shrink while it is read: fewer bytes then.
    let limit = match meta.len() {
        0 => max.saturating_add(1),
        len => len,
    };
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(limit).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(ReadError::TooLarge {
            size: bytes.len() as u64,
            max,
        });
    }
    Ok(bytes)
}

/// The bytes of the regular file at `path`, at most `max` of them.
pub fn regular_file(path: &Path, max: u64) -> Result<Vec<u8>, ReadError> {
    let (file, meta) = open_regular(path)?;
    read_open(file, &meta, max)
}

/// The text of the regular file at `path` (UTF-8), at most `max` bytes.
pub fn text_file(path: &Path, max: u64) -> Result<String, ReadError> {
    let bytes = regular_file(path, max)?;
    String::from_utf8(bytes).map_err(|e| ReadError::NotUtf8 {
        at: e.utf8_error().valid_up_to(),
    })
}

/// An I/O error in words, without the OS error number: `no such file or directory`.
pub fn describe_io(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file or directory".to_owned(),
        io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => {
            let s = e.to_string();
            let s = match s.find(" (os error") {
                Some(i) => &s[..i],
                None => &s,
            };
            // The OS says "Is a directory"; the messages around it are lower case.
            let mut chars = s.chars();
            chars
                .next()
                .map(|c| c.to_lowercase().chain(chars).collect())
                .unwrap_or_default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_regular_file_within_the_bound() {
        let dir = std::env::temp_dir().join(format!("read-rs-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("f.txt");
        std::fs::write(&path, "hello").unwrap();
        assert_eq!(text_file(&path, 5).unwrap(), "hello");
        assert!(matches!(
            regular_file(&path, 4),
            Err(ReadError::TooLarge { size: 5, max: 4 })
        ));
        std::fs::write(&path, b"a\xffb").unwrap();
        assert!(matches!(
            text_file(&path, 10),
            Err(ReadError::NotUtf8 { at: 1 })
        ));
        assert!(matches!(regular_file(&dir, 10), Err(ReadError::Directory)));
        assert!(matches!(
            regular_file(&dir.join("missing"), 10),
            Err(ReadError::Io(_))
        ));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn devices_and_fifos_are_refused_without_blocking() {
        assert!(matches!(
            regular_file(Path::new("/dev/zero"), 10),
            Err(ReadError::NotRegular)
        ));
        let dir = std::env::temp_dir().join(format!("read-fifo-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let fifo = dir.join("p");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(
            made.is_ok_and(|s| s.success()),
            "mkfifo is needed by this test"
        );
        // No writer: a blocking open would wait forever.
        assert!(matches!(
            regular_file(&fifo, 10),
            Err(ReadError::NotRegular)
        ));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
