//! The one way Copydesk opens a file to read it: only regular files, and
//! never in a way that can block (a FIFO opened for reading waits for a
//! writer forever; a device can do anything).

use std::fs::{self, File, Metadata};
use std::io;
use std::path::Path;

/// Why a path could not be opened for reading.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("cannot read the file: {0}")]
    Io(#[from] io::Error),
    #[error("this is a folder, not a file")]
    Folder,
    #[error("this is {0}, not a regular file; only regular files are read")]
    NotRegular(&'static str),
}

impl OpenError {
    /// The same error as an `io::Error`, for callers that speak io.
    pub fn into_io(self) -> io::Error {
        match self {
            OpenError::Io(error) => error,
            OpenError::Folder => io::Error::new(io::ErrorKind::IsADirectory, OpenError::Folder.to_string()),
            other => io::Error::new(io::ErrorKind::InvalidInput, other.to_string()),
        }
    }
}

/// Opens `path` for reading if, and only if, it is a regular file (a link
/// to one is followed). The kind is checked before opening, so nothing is
/// opened that could block or have side effects, and again on the open
/// handle (non-blocking), so a file swapped for a FIFO in between is still
/// refused. Returns the handle's metadata, which describes what is read.
pub fn open_regular(path: &Path) -> Result<(File, Metadata), OpenError> {
    let before = fs::metadata(path)?;
    refuse_unless_regular(&before)?;
    let file = open_nonblocking(path)?;
    let meta = file.metadata()?;
    refuse_unless_regular(&meta)?;
    Ok((file, meta))
}

fn refuse_unless_regular(meta: &Metadata) -> Result<(), OpenError> {
    let kind = meta.file_type();
    if kind.is_file() {
        return Ok(());
    }
    if kind.is_dir() {
        return Err(OpenError::Folder);
    }
    Err(OpenError::NotRegular(describe(&kind)))
}

#[cfg(unix)]
fn describe(kind: &fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_fifo() {
        "a named pipe (FIFO)"
    } else if kind.is_socket() {
        "a socket"
    } else if kind.is_block_device() || kind.is_char_device() {
        "a device"
    } else {
        "not a file"
    }
}

#[cfg(not(unix))]
fn describe(_: &fs::FileType) -> &'static str {
    "not a file"
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    // O_NONBLOCK makes opening a FIFO return at once; on a regular file it
    // changes nothing about reading.
    fs::OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY).open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> io::Result<File> {
    File::open(path)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn refuses_folders_fifos_and_devices() {
        let dir = tempfile::tempdir().expect("temp dir");
        let fifo = dir.path().join("pipe.ron");
        nix_mkfifo(&fifo);
        assert!(matches!(open_regular(&fifo), Err(OpenError::NotRegular(_))));
        assert!(matches!(open_regular(dir.path()), Err(OpenError::Folder)));
        assert!(matches!(open_regular(Path::new("/dev/null")), Err(OpenError::NotRegular("a device"))));
        let file = dir.path().join("story.ron");
        fs::write(&file, "text").expect("write");
        let (_, meta) = open_regular(&file).expect("a regular file opens");
        assert_eq!(meta.len(), 4);
    }

    pub(crate) fn nix_mkfifo(path: &Path) {
        let name = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).expect("no NUL");
        // SAFETY: `name` is a valid NUL-terminated path for the call.
        let made = unsafe { libc::mkfifo(name.as_ptr(), 0o644) };
        assert_eq!(made, 0, "mkfifo {}", path.display());
    }
}
