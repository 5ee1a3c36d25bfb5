//! The journal folder: one record file per unsaved document, written
//! atomically, listed at start-up, with unreadable files moved aside.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use super::{DATA_DIR_ENV, Record, RecoveryError};
use crate::storage::store::{self, LoadError, LoadErrorKind};

/// The folder of recovery records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Journal {
    dir: PathBuf,
}

/// What `Journal::list` found.
#[derive(Debug)]
pub enum Recovered {
    /// A record that reads back; `id` is what `write`, `remove` and the
    /// writer call it.
    Record { id: String, record: Box<Record> },
    /// A file that does not read as a record. It was moved into the
    /// journal's `corrupt/` folder (`moved_to`, also the path in `error`),
    /// never deleted, so nothing is lost if the reader is what is wrong;
    /// `moved_to` is `None` when it could not be moved or was left in place
    /// on purpose (a record from a newer Copydesk).
    Corrupt { file_name: String, moved_to: Option<PathBuf>, error: LoadError },
}

const EXTENSION: &str = "ron";
const CORRUPT: &str = "corrupt";

impl Journal {
    /// A journal kept in `dir` (created on the first write).
    pub fn in_dir(dir: impl Into<PathBuf>) -> Journal {
        Journal { dir: dir.into() }
    }

    /// `<data>/recovery/`, where `<data>` is `$COPYDESK_DATA_DIR` if set,
    /// else the platform's data folder for Copydesk.
    pub fn default_location() -> Result<Journal, RecoveryError> {
        let data = match std::env::var_os(DATA_DIR_ENV) {
            Some(dir) if !dir.is_empty() => PathBuf::from(dir),
            _ => directories::ProjectDirs::from("", "", "Copydesk")
                .ok_or(RecoveryError::NoDataDir)?
                .data_dir()
                .to_path_buf(),
        };
        Ok(Journal::in_dir(data.join("recovery")))
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The file that holds record `id`.
    pub fn path_of(&self, id: &str) -> Result<PathBuf, RecoveryError> {
        if !is_valid_id(id) {
            return Err(RecoveryError::BadId(id.to_string()));
        }
        Ok(self.dir.join(format!("{id}.{EXTENSION}")))
    }

    /// Replaces record `id` atomically: a crash leaves the previous record
    /// or this one, never a mix.
    pub fn write(&self, id: &str, record: &Record) -> Result<(), RecoveryError> {
        let path = self.path_of(id)?;
        let text =
            record.to_ron().map_err(|e| RecoveryError::Encode { id: id.into(), message: e.to_string() })?;
        self.create_dir()?;
        store::write_atomic_private(&path, text.as_bytes())?;
        Ok(())
    }

    /// Creates the journal folder, private to its owner (0700): records
    /// hold unsaved, possibly embargoed text. A folder that is already
    /// there is made private too.
    fn create_dir(&self) -> Result<(), RecoveryError> {
        let fail = |source| RecoveryError::CreateDir { path: self.dir.clone(), source };
        let mut builder = fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
            builder.mode(0o700);
            builder.create(&self.dir).map_err(fail)?;
            let private = fs::Permissions::from_mode(0o700);
            if fs::metadata(&self.dir).map_err(fail)?.permissions().mode() & 0o777 != 0o700 {
                fs::set_permissions(&self.dir, private).map_err(fail)?;
            }
        }
        #[cfg(not(unix))]
        builder.create(&self.dir).map_err(fail)?;
        Ok(())
    }

    /// Checks now, before any work depends on it, that records can be
    /// written here: creates the folder and writes and removes a probe
    /// file. The window calls it at start so an unwritable data folder is
    /// shown at once, not after the first crash.
    pub fn probe(&self) -> Result<(), RecoveryError> {
        self.create_dir()?;
        let probe = self.dir.join(format!(".probe-{}", std::process::id()));
        store::write_atomic_private(&probe, b"")?;
        fs::remove_file(&probe).map_err(|source| RecoveryError::Remove { path: probe, source })
    }

    /// Removes record `id`; a record that is not there is already removed.
    pub fn remove(&self, id: &str) -> Result<(), RecoveryError> {
        let path = self.path_of(id)?;
        match fs::remove_file(&path) {
            Err(source) if source.kind() != io::ErrorKind::NotFound => {
                Err(RecoveryError::Remove { path, source })
            }
            _ => Ok(()),
        }
    }

    /// Every record in the journal, newest first, then the files that did
    /// not read, each moved aside into `corrupt/`. Never fails: a journal
    /// that cannot even be listed is reported as one unreadable entry.
    pub fn list(&self) -> Vec<Recovered> {
        let entries = match fs::read_dir(&self.dir) {
            Ok(entries) => entries,
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Vec::new(),
            Err(error) => {
                let file_name = self.dir.display().to_string();
                let error = LoadError { path: self.dir.clone(), at: None, kind: LoadErrorKind::Io(error) };
                return vec![Recovered::Corrupt { file_name, moved_to: None, error }];
            }
        };
        let mut records = Vec::new();
        let mut corrupt = Vec::new();
        for entry in entries.flatten() {
            let path = entry.path();
            let Some(id) = record_id(&path) else { continue };
            if !entry.file_type().is_ok_and(|t| t.is_file()) {
                continue;
            }
            match read(&path) {
                Ok(record) => records.push(Recovered::Record { id, record: Box::new(record) }),
                Err(mut error) => {
                    let file_name = format!("{id}.{EXTENSION}");
                    let moved_to = match error.kind {
                        // A newer Copydesk can still read it; leave it be.
                        LoadErrorKind::FutureFormat(_) => None,
                        _ => self.move_aside(&path, &id),
                    };
                    // The message should lead to where the file is now.
                    if let Some(moved_to) = &moved_to {
                        error.path = moved_to.clone();
                    }
                    corrupt.push(Recovered::Corrupt { file_name, moved_to, error });
                }
            }
        }
        records.sort_by(|a, b| b.sort_key().cmp(&a.sort_key()));
        corrupt.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        records.extend(corrupt);
        records
    }

    /// Moves an unreadable record into `corrupt/` under a name no earlier
    /// one has.
    fn move_aside(&self, path: &Path, id: &str) -> Option<PathBuf> {
        let folder = self.dir.join(CORRUPT);
        Journal::in_dir(&folder).create_dir().ok()?;
        for n in 0..1000 {
            let name = if n == 0 { format!("{id}.{EXTENSION}") } else { format!("{id}.{n}.{EXTENSION}") };
            let target = folder.join(name);
            if target.exists() {
                continue;
            }
            return fs::rename(path, &target).ok().map(|()| target);
        }
        None
    }
}

impl Recovered {
    fn sort_key(&self) -> (Option<jiff::Timestamp>, &str) {
        match self {
            Recovered::Record { id, record } => (Some(record.written_at), id),
            Recovered::Corrupt { file_name, .. } => (None, file_name),
        }
    }
}

fn read(path: &Path) -> Result<Record, LoadError> {
    let bytes = store::read_limited(path)?;
    Record::parse(store::decode(&bytes, path)?, path)
}

/// The id of a journal file, or `None` for anything else in the folder
/// (temporary files of a write in progress, the `corrupt` folder).
fn record_id(path: &Path) -> Option<String> {
    if path.extension()? != EXTENSION {
        return None;
    }
    let id = path.file_stem()?.to_str()?;
    is_valid_id(id).then(|| id.to_string())
}

/// Ids become file names, so they are kept to a portable alphabet.
fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 120
        && !id.starts_with(['.', '-'])
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The record id for a document: for a file, stable across runs (its
/// readable name plus a hash of its canonical path, so two `story.ron` in
/// different folders do not collide); for an untitled document, unique
/// (time, process and a counter).
pub fn id_for(document: Option<&Path>) -> String {
    match document {
        Some(path) => {
            // A file not written yet has no canonical form; its absolute
            // path is the next best stable name.
            let canonical = fs::canonicalize(path)
                .or_else(|_| std::path::absolute(path))
                .unwrap_or_else(|_| path.to_path_buf());
            let hash = xxhash_rust::xxh3::xxh3_64(canonical.as_os_str().as_encoded_bytes());
            let stem = path.file_stem().map(|s| sanitize(&s.to_string_lossy())).unwrap_or_default();
            let stem = if stem.is_empty() { "article".to_string() } else { stem };
            format!("{stem}-{hash:016x}")
        }
        None => {
            static COUNTER: AtomicU64 = AtomicU64::new(0);
            let count = COUNTER.fetch_add(1, Ordering::Relaxed);
            let millis = jiff::Timestamp::now().as_millisecond();
            format!("untitled-{millis}-{}-{count}", std::process::id())
        }
    }
}

/// A file stem cut down to lowercase ASCII letters, digits and single
/// hyphens, at most 40 characters.
fn sanitize(stem: &str) -> String {
    let mut out = String::new();
    for c in deunicode::deunicode(stem).chars() {
        if out.len() >= 40 {
            break;
        }
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests;
