//! What a file on disk held at one moment, small enough to keep beside an
//! open document and to write into a recovery record.

use std::fs::Metadata;
use std::io::{self, Read};
use std::path::Path;
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::{Xxh3, xxh3_64};

/// A file's content hash and size, plus its modification time.
///
/// Only hash and length decide whether the content is the same
/// (`same_content`): a file that was touched but not changed is not a
/// conflict, and a tool that rewrites a file with different bytes inside
/// the same clock tick still is one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fingerprint {
    /// xxh3-64 of the bytes.
    pub hash: u64,
    pub len: u64,
    /// Nanoseconds since the Unix epoch on disk; `None` where the platform
    /// or file system keeps no time (or one before 1970).
    #[serde(with = "nanos")]
    pub modified: Option<SystemTime>,
}

impl Fingerprint {
    /// The fingerprint of `bytes`, which were read from (or written to) the
    /// file `meta` describes.
    pub fn of(bytes: &[u8], meta: &Metadata) -> Fingerprint {
        Fingerprint { hash: xxh3_64(bytes), len: bytes.len() as u64, modified: meta.modified().ok() }
    }

    /// True when both describe the same bytes, whatever their times.
    pub fn same_content(&self, other: &Fingerprint) -> bool {
        self.hash == other.hash && self.len == other.len
    }
}

/// The fingerprint of the file at `path` now, or `None` when there is no
/// file there. Reads the file in pieces, so its size does not matter.
pub fn fingerprint(path: &Path) -> io::Result<Option<Fingerprint>> {
    // Through the one opener, so a FIFO put in the file's place is refused
    // instead of blocking the window's disk check.
    let (mut file, meta) = match super::open_regular(path) {
        Ok(opened) => opened,
        Err(super::OpenError::Io(error)) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(error.into_io()),
    };
    let mut hasher = Xxh3::new();
    let mut len = 0u64;
    let mut buffer = vec![0u8; 64 * 1024];
    loop {
        let read = match file.read(&mut buffer) {
            Ok(0) => break,
            Ok(read) => read,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error),
        };
        hasher.update(&buffer[..read]);
        len += read as u64;
    }
    Ok(Some(Fingerprint { hash: hasher.digest(), len, modified: meta.modified().ok() }))
}

/// `SystemTime` has no serde form; nanoseconds since the epoch in a `u64`
/// reach the year 2554 and read the same on every platform.
mod nanos {
    use super::*;
    use serde::{Deserializer, Serializer};

    pub fn serialize<S: Serializer>(value: &Option<SystemTime>, serializer: S) -> Result<S::Ok, S::Error> {
        let nanos = value
            .and_then(|time| time.duration_since(SystemTime::UNIX_EPOCH).ok())
            .and_then(|since| u64::try_from(since.as_nanos()).ok());
        nanos.serialize(serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<SystemTime>, D::Error> {
        let nanos = Option::<u64>::deserialize(deserializer)?;
        Ok(nanos.and_then(|nanos| SystemTime::UNIX_EPOCH.checked_add(Duration::from_nanos(nanos))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streaming_and_whole_hashes_agree() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("story.ron");
        // Larger than one read buffer, so the streaming path takes turns.
        let bytes: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &bytes).expect("write");
        let meta = std::fs::metadata(&path).expect("metadata");
        let read = fingerprint(&path).expect("reads").expect("exists");
        assert_eq!(read, Fingerprint::of(&bytes, &meta));
        assert!(read.same_content(&Fingerprint::of(&bytes, &meta)));
    }

    #[test]
    fn a_missing_file_has_none() {
        let dir = tempfile::tempdir().expect("temp dir");
        assert_eq!(fingerprint(&dir.path().join("gone.ron")).expect("not an error"), None);
        assert!(fingerprint(dir.path()).is_err());
    }

    #[test]
    fn time_does_not_decide_sameness() {
        let a = Fingerprint { hash: 7, len: 3, modified: Some(SystemTime::UNIX_EPOCH) };
        let b = Fingerprint { modified: None, ..a };
        assert!(a.same_content(&b));
        assert!(!a.same_content(&Fingerprint { len: 4, ..a }));
        assert!(!a.same_content(&Fingerprint { hash: 8, ..a }));
    }

    #[test]
    fn round_trips_through_ron() {
        let at = SystemTime::UNIX_EPOCH + Duration::from_nanos(1_769_506_200_123_456_789);
        let print = Fingerprint { hash: u64::MAX, len: 12, modified: Some(at) };
        let text = ron::to_string(&print).expect("serialises");
        assert_eq!(ron::from_str::<Fingerprint>(&text).expect("parses"), print);
    }
}
