//! What an export writes, and where it may: every page, feed, sitemap and
//! copied picture goes through the store's atomic writer (old file or new
//! one, never a fragment), and never onto a file the export reads nor into
//! the desk it reads. Pictures are read through the desk-path gate, so a
//! link is never followed out of the article's folder.

use std::fs::File;
use std::path::{Path, PathBuf};

use super::site::ExportError;
use crate::storage::desk::paths;
use crate::storage::store;

/// The places an export must not write: the desk (or article folder) it
/// reads, and the files it reads. `within`, when set, is the only folder
/// it may write into (a site's folder).
#[derive(Debug, Default)]
pub(crate) struct Outputs {
    desk: Option<PathBuf>,
    inputs: Vec<PathBuf>,
    within: Option<PathBuf>,
}

impl Outputs {
    /// An export reading the desk at `desk` (every path canonical).
    pub fn reading_desk(desk: &Path) -> Outputs {
        Outputs { desk: Some(real_path(desk)), ..Outputs::default() }
    }

    /// An export reading only the files `inputs`.
    pub fn reading(inputs: &[&Path]) -> Outputs {
        Outputs { inputs: inputs.iter().map(|p| real_path(p)).collect(), ..Outputs::default() }
    }

    /// Every write must land inside `folder`.
    pub fn within(mut self, folder: &Path) -> Outputs {
        self.within = Some(real_path(folder));
        self
    }

    /// Where writing `path` would put bytes, when that is allowed.
    pub fn check(&self, path: &Path) -> Result<PathBuf, ExportError> {
        let target = real_path(path);
        let refuse = |why: &'static str| ExportError::Refused { path: path.to_path_buf(), why };
        if self.inputs.contains(&target) {
            return Err(refuse("it is a file this export reads"));
        }
        if self.desk.as_ref().is_some_and(|desk| target.starts_with(desk)) {
            return Err(refuse("it is inside the desk this export reads"));
        }
        if self.within.as_ref().is_some_and(|within| !target.starts_with(within)) {
            return Err(refuse("it is outside the folder being exported to"));
        }
        Ok(target)
    }

    /// Writes `bytes` to `path` atomically, unless the file already holds
    /// exactly that: a re-export then touches only what changed (deploys
    /// that copy by date see only those, and ten thousand unchanged pages
    /// are not rewritten).
    pub fn write(&self, path: &Path, bytes: &[u8]) -> Result<bool, ExportError> {
        self.check(path)?;
        let same = std::fs::metadata(path).is_ok_and(|meta| meta.len() == bytes.len() as u64)
            && std::fs::read(path).is_ok_and(|old| old == bytes);
        if same {
            return Ok(false);
        }
        store::write_output(path, bytes).map_err(ExportError::Write)?;
        Ok(true)
    }

    /// Copies the picture `relative` of the article folder `folder` to
    /// `to` (making its folder), atomically. The picture is read through
    /// the desk-path gate.
    pub fn copy_picture(&self, folder: &Path, relative: &str, to: &Path) -> Result<(), Copy> {
        let mut file: File = paths::open_file(folder, relative).map_err(Copy::Refused)?;
        self.check(to).map_err(Copy::Failed)?;
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|source| Copy::Failed(ExportError::Io { path: parent.to_path_buf(), source }))?;
        }
        store::copy_output(&mut file, to).map_err(|e| Copy::Failed(ExportError::Write(e)))
    }
}

/// Why a picture was not copied.
pub(crate) enum Copy {
    /// The gate refused to read it: the export goes on without it.
    Refused(paths::Refused),
    /// Writing failed: the export stops.
    Failed(ExportError),
}

/// `path` as it is on disk: its folder canonical, and a link at its last
/// step followed (the writer writes through it).
pub fn real_path(path: &Path) -> PathBuf {
    if let Ok(canonical) = std::fs::canonicalize(path) {
        return canonical;
    }
    // Not there yet: its folder is, or will be made.
    let parent = match path.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(parent) => real_path(parent),
        None => std::env::current_dir().unwrap_or_default(),
    };
    match path.components().next_back() {
        Some(std::path::Component::Normal(name)) => parent.join(name),
        Some(std::path::Component::ParentDir) => parent.parent().map(Path::to_path_buf).unwrap_or(parent),
        _ => parent,
    }
}

/// `text` with every character XML 1.0 forbids or HTML calls a control
/// character (C0 controls but tab, line feed and carriage return; DEL; the
/// C1 controls; the noncharacters U+FDD0–U+FDEF and U+xFFFE/U+xFFFF)
/// replaced by U+FFFD, so a page, the feed or the sitemap is always
/// well-formed whatever an article holds. `check` reports the ones an
/// editor could have typed; this is the last line.
pub(crate) fn printable(text: String) -> String {
    if !may_hold_forbidden(text.as_bytes()) {
        return text;
    }
    text.chars().map(|c| if forbidden(c) { char::REPLACEMENT_CHARACTER } else { c }).collect()
}

fn forbidden(c: char) -> bool {
    match c {
        '\t' | '\n' | '\r' => false,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{fdd0}'..='\u{fdef}' => true,
        _ => (c as u32 & 0xfffe) == 0xfffe,
    }
}

/// A quick look at the bytes for the start of a forbidden character (a
/// page is mostly ASCII and ordinary letters; decoding every character of
/// it just to find none cost a third of writing the page). Eight bytes at
/// a time: a word of printable ASCII is passed over at once, any other is
/// looked at byte by byte.
fn may_hold_forbidden(bytes: &[u8]) -> bool {
    const LOW: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
    let suspect = |i: usize| match bytes[i] {
        b'\t' | b'\n' | b'\r' => false,
        0x00..=0x1f | 0x7f => true,
        // U+0080–U+009F.
        0xc2 => (0x80..=0x9f).contains(&at(i + 1)),
        // U+FDD0–U+FDEF, U+FFFE, U+FFFF.
        0xef => {
            (at(i + 1) == 0xb7 && (0x90..=0xaf).contains(&at(i + 2)))
                || (at(i + 1) == 0xbf && at(i + 2) >= 0xbe)
        }
        // U+1FFFE … U+10FFFF.
        0xf0..=0xf4 => at(i + 1) & 0x0f == 0x0f && at(i + 2) == 0xbf && at(i + 3) >= 0xbe,
        _ => false,
    };
    let mut start = 0;
    for chunk in bytes.chunks_exact(8) {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        // A byte under 0x20, or 0x7F and up (DEL or not ASCII).
        let low = word.wrapping_sub(LOW * 0x20) & !word & HIGH;
        let high = (word.wrapping_add(LOW)) | word;
        if (low != 0 || high & HIGH != 0) && (start..start + 8).any(suspect) {
            return true;
        }
        start += 8;
    }
    (start..bytes.len()).any(suspect)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forbidden_characters_become_replacement_characters_anywhere_in_a_word() {
        let kept = "Quay vote, “delayed” — café ©\ttab\nline\r\u{a0}€ 😀 \u{fffd}";
        assert_eq!(printable(kept.to_string()), kept);
        for bad in [
            '\u{0}',
            '\u{b}',
            '\u{1b}',
            '\u{7f}',
            '\u{85}',
            '\u{9f}',
            '\u{fdd0}',
            '\u{fdef}',
            '\u{fffe}',
            '\u{ffff}',
            '\u{1fffe}',
            '\u{10ffff}',
        ] {
            // At every place of an eight-byte word, and across two.
            for at in 0..10 {
                let text = format!("{}{bad}{}", "a".repeat(at), "b".repeat(12));
                let clean = printable(text.clone());
                assert_eq!(clean, text.replace(bad, "\u{fffd}"), "U+{:04X} at {at}", bad as u32);
            }
        }
    }
}
