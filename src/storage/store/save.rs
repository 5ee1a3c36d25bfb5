//! Writing article files: atomic replacement, a one-step backup while a
//! save is under way, and refusing to overwrite a file someone else changed.

use std::fs::{self, File, Metadata};
use std::io;
use std::path::{Path, PathBuf};

use super::{Fingerprint, fingerprint, to_string};
use crate::model::article::Article;

#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("{}: cannot save: {reason}{}", path.display(), kept_note(backup.as_deref()))]
    Io {
        path: PathBuf,
        reason: String,
        /// The previous version, kept beside the file because this save
        /// failed part of the way.
        backup: Option<PathBuf>,
    },
    #[error(
        "{}: the file was changed on disk (or removed) since it was opened; not saved, so the other version is not lost",
        path.display()
    )]
    ChangedOnDisk { path: PathBuf },
    #[error(
        "{}: not saved: {reason}. Use Save As to write a copy, or change its permissions first",
        path.display()
    )]
    ReadOnly { path: PathBuf, reason: &'static str },
    #[error("{}: this is {what}, not a regular file; not saved", path.display())]
    NotRegular { path: PathBuf, what: &'static str },
    #[error(
        "{}: not saved: the file would be {} MB, and files over {} MB are refused when opened",
        path.display(), bytes / 1_000_000, super::MAX_FILE_BYTES / 1024 / 1024
    )]
    TooLarge { path: PathBuf, bytes: u64 },
}

fn kept_note(backup: Option<&Path>) -> String {
    backup.map(|b| format!("; the previous version is kept at {}", b.display())).unwrap_or_default()
}

impl SaveError {
    pub(crate) fn io(path: &Path, what: &str, source: io::Error) -> SaveError {
        let reason = match source.kind() {
            io::ErrorKind::PermissionDenied => format!("{what}: permission denied"),
            io::ErrorKind::StorageFull => format!("{what}: the disk is full"),
            io::ErrorKind::NotFound => format!("{what}: the folder does not exist"),
            _ => format!("{what}: {source}"),
        };
        SaveError::Io { path: path.to_path_buf(), reason, backup: None }
    }

    fn keeping(self, kept: Option<PathBuf>) -> SaveError {
        match self {
            SaveError::Io { path, reason, backup } => SaveError::Io { path, reason, backup: kept.or(backup) },
            other => other,
        }
    }
}

/// Where `save` keeps the previous version of `path` while it replaces it:
/// `.<name>.bak` in the same folder.
pub fn backup_path(path: &Path) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    path.with_file_name(format!(".{name}.bak"))
}

/// Saves an article atomically: a crash at any instant leaves either the
/// old file or the new one, never a mix.
pub fn save(path: &Path, article: &Article) -> Result<(), SaveError> {
    save_bytes(path, to_string(article).as_bytes()).map(|_| ())
}

/// Saves like `save`, but first checks that the file on disk still holds
/// what `expected` describes (what was loaded or last saved), and refuses
/// with `SaveError::ChangedOnDisk` if another program changed or removed
/// it. `None` means there is nothing to protect (a new file, or Save As
/// onto a file the editor agreed to replace). Returns what is on disk now.
///
/// Another program can still write between the check and the rename; the
/// window is meant to watch the file as well, this check catches the rest.
pub fn save_checked(
    path: &Path,
    article: &Article,
    expected: Option<&Fingerprint>,
) -> Result<Fingerprint, SaveError> {
    if let Some(expected) = expected {
        let now = fingerprint(path)
            .map_err(|e| SaveError::io(path, "cannot read the file on disk to compare it", e))?;
        if !now.is_some_and(|now| now.same_content(expected)) {
            return Err(SaveError::ChangedOnDisk { path: path.to_path_buf() });
        }
    }
    save_bytes(path, to_string(article).as_bytes())
}

/// Replaces `path` with `bytes`, keeping the old file at `backup_path`
/// until the new one is on disk for certain.
fn save_bytes(path: &Path, bytes: &[u8]) -> Result<Fingerprint, SaveError> {
    let target = resolve_target(path);
    check_target(path, &target, Some(bytes.len()))?;
    // The atomic rename already guarantees old-or-new for a crashed
    // process; the backup covers file systems that lose a rename on power
    // failure, and gives the editor something to open if a save fails.
    let backup = make_backup(&target);
    match write_atomic_with_metadata(path, bytes) {
        Ok(meta) => {
            if let Some(backup) = backup {
                // Stale backups are replaced by the next save, so failing
                // to remove this one costs nothing.
                let _ = fs::remove_file(backup);
            }
            Ok(Fingerprint::of(bytes, &meta))
        }
        Err(error) => Err(error.keeping(backup.filter(|b| b.exists()))),
    }
}

/// Keeps the current file at `backup_path`: a hard link (instant, and the
/// old inode is never written again because saves write a new file), or a
/// copy where links are not supported. Returns `None` when there is nothing
/// to keep or it cannot be kept; the save goes ahead either way.
fn make_backup(path: &Path) -> Option<PathBuf> {
    if !fs::metadata(path).is_ok_and(|meta| meta.is_file()) {
        return None;
    }
    let backup = backup_path(path);
    // A backup left by an earlier failed save guards the same version the
    // file still holds, so it can go.
    let _ = fs::remove_file(&backup);
    if fs::hard_link(path, &backup).is_ok() {
        return Some(backup);
    }
    match copy_synced(path, &backup) {
        Ok(()) => Some(backup),
        Err(_) => {
            // Half a backup would only mislead.
            let _ = fs::remove_file(&backup);
            None
        }
    }
}

fn copy_synced(from: &Path, to: &Path) -> io::Result<()> {
    fs::copy(from, to)?;
    File::open(to)?.sync_all()
}

/// Writes `bytes` to a temporary file in the target's folder, flushes it to
/// disk, renames it over the target and flushes the folder.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), SaveError> {
    write_atomic_with_metadata(path, bytes).map(|_| ())
}

/// `write_atomic`, returning the metadata of the file now at `path`.
///
/// Every write of the product goes through here (Save, `fmt`, rename, the
/// recovery journal, and through `write_output` every export and copied
/// picture), so the rules hold for all of them: a link is written through
/// (the file it points at is replaced, the link stays); a read-only file
/// or one that is not a regular file is refused; nothing is written that
/// loading would refuse as too large; the mode and, where the process may,
/// the owner of the file are kept.
pub(crate) fn write_atomic_with_metadata(path: &Path, bytes: &[u8]) -> Result<Metadata, SaveError> {
    write_with(path, &mut { bytes }, Kind::Article(bytes.len()))
}

/// `write_atomic` for a file only its owner may read (recovery records:
/// unsaved, possibly embargoed text): created 0600 and left 0600, whatever
/// the file had before.
pub fn write_atomic_private(path: &Path, bytes: &[u8]) -> Result<(), SaveError> {
    write_with(path, &mut { bytes }, Kind::Private(bytes.len())).map(|_| ())
}

/// Writes a file an export makes (a page, the feed, the sitemap) the same
/// atomic way: old file or new one, never a fragment, even when the disk
/// fills. Pages are not articles, so the article size limit does not
/// apply; and an export can always be run again, so the flushes that make
/// a save survive a power cut are skipped (ten thousand of them made a
/// site export wait on the disk for minutes).
pub fn write_output(path: &Path, bytes: &[u8]) -> Result<(), SaveError> {
    write_with(path, &mut { bytes }, Kind::Output).map(|_| ())
}

/// `write_output` of everything `from` gives: a picture copied beside
/// an exported page, streamed rather than read whole.
pub fn copy_output(from: &mut dyn io::Read, path: &Path) -> Result<(), SaveError> {
    write_with(path, from, Kind::Output).map(|_| ())
}

/// What is being written, which decides the limits and the flushing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A file Copydesk reads back, of this many bytes.
    Article(usize),
    /// The same, created 0600 whatever the file was.
    Private(usize),
    /// An export's file: no size limit, no flush to disk.
    Output,
}

fn write_with(path: &Path, content: &mut dyn io::Read, kind: Kind) -> Result<Metadata, SaveError> {
    let target = resolve_target(path);
    let len = match kind {
        Kind::Article(len) | Kind::Private(len) => Some(len),
        Kind::Output => None,
    };
    let existing = check_target(path, &target, len)?;
    let folder = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let prefix = format!(".{name}.");
    remove_stray_temps(&folder, &prefix);
    // The process id in the name lets a later save tell a live save's
    // temporary file (leave it) from a killed one's (remove it).
    let mut builder = new_file_builder();
    #[cfg(unix)]
    if let Kind::Private(_) = kind {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o600));
    }
    let mut temp = builder
        .prefix(&format!("{prefix}{}.", std::process::id()))
        .suffix(TEMP_SUFFIX)
        .rand_bytes(TEMP_RANDOM)
        .tempfile_in(&folder)
        .map_err(|e| SaveError::io(path, "cannot create a temporary file beside it", e))?;
    io::copy(content, &mut temp).map_err(|e| SaveError::io(path, "cannot write", e))?;
    if kind != Kind::Output {
        temp.as_file().sync_all().map_err(|e| SaveError::io(path, "cannot flush to disk", e))?;
    }
    if let (Some(existing), false) = (&existing, matches!(kind, Kind::Private(_))) {
        keep_permissions(existing, temp.as_file());
    }
    let file = temp.persist(&target).map_err(|e| SaveError::io(path, "cannot replace the file", e.error))?;
    if kind != Kind::Output {
        sync_folder(&folder);
    }
    let meta = file.metadata().map_err(|e| SaveError::io(path, "cannot read back the saved file", e))?;
    Ok(meta)
}

/// The file a save of `path` replaces: `path` itself, or the file a link
/// at `path` points to (through any chain of links), so the link is kept.
pub(crate) fn resolve_target(path: &Path) -> PathBuf {
    let mut at = path.to_path_buf();
    // A loop of links gives up after as many steps as the kernel allows.
    for _ in 0..40 {
        match fs::symlink_metadata(&at) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let Ok(points_to) = fs::read_link(&at) else { return at };
                at = match at.parent() {
                    Some(folder) if points_to.is_relative() => folder.join(points_to),
                    _ => points_to,
                };
            }
            _ => return at,
        }
    }
    at
}

/// Refuses a save that would replace something it must not, or write more
/// than loading accepts. Returns the metadata of the file being replaced.
fn check_target(path: &Path, target: &Path, len: Option<usize>) -> Result<Option<Metadata>, SaveError> {
    if let Some(len) = len
        && len as u64 > super::MAX_FILE_BYTES
    {
        return Err(SaveError::TooLarge { path: path.to_path_buf(), bytes: len as u64 });
    }
    let meta = match fs::metadata(target) {
        Ok(meta) => meta,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(SaveError::io(path, "cannot look at the file", error)),
    };
    if meta.is_dir() {
        return Err(SaveError::NotRegular { path: path.to_path_buf(), what: "a folder" });
    }
    if !meta.is_file() {
        return Err(SaveError::NotRegular {
            path: path.to_path_buf(),
            what: "a special file (FIFO, device or socket)",
        });
    }
    // The rename only needs a writable folder; the file's own permission
    // is what its owner set, so it decides.
    if meta.permissions().readonly() {
        return Err(SaveError::ReadOnly { path: path.to_path_buf(), reason: "the file is read-only" });
    }
    if !may_write(target) {
        return Err(SaveError::ReadOnly {
            path: path.to_path_buf(),
            reason: "permission denied: you may not write this file",
        });
    }
    Ok(Some(meta))
}

#[cfg(unix)]
fn may_write(path: &Path) -> bool {
    let Ok(name) = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()) else { return false };
    // SAFETY: `name` is a NUL-terminated path that outlives the call.
    unsafe { libc::access(name.as_ptr(), libc::W_OK) == 0 }
}

#[cfg(not(unix))]
fn may_write(_: &Path) -> bool {
    true
}

const TEMP_SUFFIX: &str = ".tmp";
const TEMP_RANDOM: usize = 6;

/// Removes temporary files that a save of the same file left behind when
/// its process was killed, so at most one (from the latest crash) is ever
/// beside the article. Only names of exactly our pattern are touched, and
/// only those of processes that are gone: two `fmt` runs on one file at
/// once leave each other's temporary files alone.
fn remove_stray_temps(folder: &Path, prefix: &str) {
    let Ok(entries) = fs::read_dir(folder) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(middle) = name.strip_prefix(prefix).and_then(|rest| rest.strip_suffix(TEMP_SUFFIX)) else {
            continue;
        };
        let is_random =
            |part: &str| part.len() == TEMP_RANDOM && part.bytes().all(|b| b.is_ascii_alphanumeric());
        let stray = match middle.split_once('.') {
            Some((pid, random)) => {
                is_random(random) && pid.parse::<u32>().is_ok_and(|pid| !process_is_alive(pid))
            }
            // Named before process ids were part of the name.
            None => is_random(middle),
        };
        if stray {
            let _ = fs::remove_file(entry.path());
        }
    }
}

#[cfg(unix)]
fn process_is_alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    let Ok(pid) = libc::pid_t::try_from(pid) else { return false };
    // SAFETY: signal 0 only asks whether the process exists.
    let result = unsafe { libc::kill(pid, 0) };
    result == 0 || io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

#[cfg(not(unix))]
fn process_is_alive(_: u32) -> bool {
    false
}

#[cfg(unix)]
fn keep_permissions(existing: &Metadata, temp: &File) {
    use std::os::unix::fs::{MetadataExt, fchown};
    // A file someone made group-writable stays group-writable after a save.
    let _ = temp.set_permissions(existing.permissions());
    // Only root may give a file to another user; anyone may keep its group
    // when they are in it. Where neither works, the file becomes ours, as
    // any editor's save would make it.
    let ours = temp.metadata().ok();
    if ours.as_ref().is_some_and(|m| m.uid() != existing.uid() || m.gid() != existing.gid())
        && fchown(temp, Some(existing.uid()), Some(existing.gid())).is_err()
    {
        let _ = fchown(temp, None, Some(existing.gid()));
    }
    // chown clears set-id bits; the mode is set again after it.
    let _ = temp.set_permissions(existing.permissions());
}

#[cfg(not(unix))]
fn keep_permissions(_: &Metadata, _: &File) {}

#[cfg(unix)]
fn sync_folder(folder: &Path) {
    // Makes the rename itself durable. Failure here cannot unmake the save,
    // so it is not reported.
    if let Ok(dir) = File::open(folder) {
        let _ = dir.sync_all();
    }
}

#[cfg(not(unix))]
fn sync_folder(_: &Path) {}

#[cfg(test)]
mod tests;

/// Temporary files become articles: create them readable like any file the
/// user makes (0666 less the umask), not private as temp files usually are.
pub(crate) fn new_file_builder<'a, 'b>() -> tempfile::Builder<'a, 'b> {
    let mut builder = tempfile::Builder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    builder
}
