//! Writing article files: atomic replacement, a one-step backup while a
//! save is under way, and refusing to overwrite a file someone else changed.

use std::fs::{self, File, Metadata};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::{Fingerprint, fingerprint, to_string};
use crate::article::Article;

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
    // The atomic rename already guarantees old-or-new for a crashed
    // process; the backup covers file systems that lose a rename on power
    // failure, and gives the editor something to open if a save fails.
    let backup = make_backup(path);
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
pub(crate) fn write_atomic_with_metadata(path: &Path, bytes: &[u8]) -> Result<Metadata, SaveError> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let prefix = format!(".{name}.");
    remove_stray_temps(&folder, &prefix);
    let mut temp = new_file_builder()
        .prefix(&prefix)
        .suffix(TEMP_SUFFIX)
        .rand_bytes(TEMP_RANDOM)
        .tempfile_in(&folder)
        .map_err(|e| SaveError::io(path, "cannot create a temporary file beside it", e))?;
    temp.write_all(bytes).map_err(|e| SaveError::io(path, "cannot write", e))?;
    temp.as_file().sync_all().map_err(|e| SaveError::io(path, "cannot flush to disk", e))?;
    keep_permissions(path, temp.as_file());
    let file = temp.persist(path).map_err(|e| SaveError::io(path, "cannot replace the file", e.error))?;
    sync_folder(&folder);
    let meta = file.metadata().map_err(|e| SaveError::io(path, "cannot read back the saved file", e))?;
    Ok(meta)
}

const TEMP_SUFFIX: &str = ".tmp";
const TEMP_RANDOM: usize = 6;

/// Removes temporary files that a save of the same file left behind when
/// its process was killed, so at most one (from the latest crash) is ever
/// beside the article. Only names of exactly our pattern are touched; a
/// live save of the same file by another process at the same instant would
/// lose its temporary file and report an error, which beats leaking one
/// file per crash.
fn remove_stray_temps(folder: &Path, prefix: &str) {
    let Ok(entries) = fs::read_dir(folder) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(middle) = name.strip_prefix(prefix).and_then(|rest| rest.strip_suffix(TEMP_SUFFIX)) else {
            continue;
        };
        let is_temp = middle.len() == TEMP_RANDOM && middle.bytes().all(|b| b.is_ascii_alphanumeric());
        if is_temp {
            let _ = fs::remove_file(entry.path());
        }
    }
}

#[cfg(unix)]
fn keep_permissions(path: &Path, temp: &File) {
    // A file someone made group-writable stays group-writable after a save.
    if let Ok(meta) = fs::metadata(path) {
        let _ = temp.set_permissions(meta.permissions());
    }
}

#[cfg(not(unix))]
fn keep_permissions(_: &Path, _: &File) {}

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
