//! Which paths belong to a desk. The first scan and every refresh ask here,
//! so a symbolic link inside a desk never brings in (and a rename never
//! writes) files outside it, and a link to `/` is never walked; and every
//! file read below an article's folder (its pictures) is opened here, never
//! through a link.

use std::fs::{self, File};
use std::path::{Component, Path, PathBuf};

use super::config;

/// A desk's root folder, as given and canonicalised.
#[derive(Debug, Clone)]
pub struct DeskRoot {
    given: PathBuf,
    canonical: PathBuf,
}

impl DeskRoot {
    pub fn new(root: &Path) -> DeskRoot {
        // The root itself may be a link: the editor chose it. Below it,
        // nothing is followed.
        let canonical = fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        DeskRoot { given: root.to_path_buf(), canonical }
    }

    /// True when `path` is an article file of this desk: below the root,
    /// reached without passing through a link, not hidden, named `*.ron`
    /// (not `desk.ron`), and a regular file rather than a link to one.
    pub fn is_article(&self, path: &Path) -> bool {
        is_article_name(path) && self.real_below(path).is_some_and(|meta| meta.is_file())
    }

    /// True when `path` is a folder of this desk (a real folder, not a link
    /// to one, and not hidden).
    pub fn is_folder(&self, path: &Path) -> bool {
        self.real_below(path).is_some_and(|meta| meta.is_dir())
    }

    /// The article files at or under `folder` (the root, or a folder that
    /// belongs to the desk), sorted, without following any link or entering
    /// hidden folders. Anything else gives nothing.
    pub fn articles_under(&self, folder: &Path) -> Vec<PathBuf> {
        let is_root = folder == self.given || folder == self.canonical;
        if !is_root && !self.is_folder(folder) {
            return Vec::new();
        }
        let mut files: Vec<PathBuf> = walkdir::WalkDir::new(folder)
            .follow_links(false)
            .follow_root_links(is_root)
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file() && is_article_name(e.path()))
            .map(walkdir::DirEntry::into_path)
            .collect();
        files.sort();
        files
    }

    /// The part of `path` below the root, when it is below it and has no
    /// `..` or hidden component.
    fn relative<'a>(&self, path: &'a Path) -> Option<&'a Path> {
        let rest = path.strip_prefix(&self.given).or_else(|_| path.strip_prefix(&self.canonical)).ok()?;
        let plain = rest.components().all(|c| match c {
            Component::Normal(name) => !name.to_string_lossy().starts_with('.'),
            _ => false,
        });
        (plain && rest.components().next().is_some()).then_some(rest)
    }

    /// The metadata of `path` when every step from the root to it is a real
    /// folder or file, never a link.
    fn real_below(&self, path: &Path) -> Option<fs::Metadata> {
        let rest = self.relative(path)?;
        let mut at = self.canonical.clone();
        let mut meta = None;
        for component in rest.components() {
            at.push(component);
            let step = fs::symlink_metadata(&at).ok()?;
            if step.file_type().is_symlink() {
                return None;
            }
            meta = Some(step);
        }
        meta
    }
}

/// Why a file below a folder is not read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    /// A step of the path is a symbolic link: `at` is the path up to it.
    #[error("{at} is a symbolic link, and Copydesk never follows links")]
    Link { at: String },
    #[error("the file is not there")]
    Missing,
    #[error("it is not a regular file")]
    NotAFile,
    #[error("it cannot be read: {0}")]
    Unreadable(String),
}

/// The file at `relative` (plain names, `/`-separated, as
/// `media::relative_path` gives them) below `folder`, when every step below
/// `folder` is a real folder and the last one a regular file: never a link
/// or a path through one. `folder` itself may be a link: the editor chose
/// it.
pub fn real_file(folder: &Path, relative: &str) -> Result<PathBuf, Refused> {
    let mut at = folder.to_path_buf();
    let mut shown = String::new();
    let steps: Vec<&str> = relative.split('/').filter(|s| !s.is_empty() && *s != ".").collect();
    if steps.is_empty() || steps.contains(&"..") {
        return Err(Refused::NotAFile);
    }
    for (n, step) in steps.iter().enumerate() {
        at.push(step);
        if !shown.is_empty() {
            shown.push('/');
        }
        shown.push_str(step);
        let meta = match fs::symlink_metadata(&at) {
            Ok(meta) => meta,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Err(Refused::Missing),
            Err(error) => return Err(Refused::Unreadable(error.to_string())),
        };
        let last = n + 1 == steps.len();
        if meta.file_type().is_symlink() {
            return Err(Refused::Link { at: shown });
        }
        if (last && !meta.is_file()) || (!last && !meta.is_dir()) {
            return Err(if last { Refused::NotAFile } else { Refused::Missing });
        }
    }
    Ok(at)
}

/// `real_file`, opened for reading. The last step is opened without
/// following a link (and without blocking), so a link put there after the
/// check is refused all the same.
pub fn open_file(folder: &Path, relative: &str) -> Result<File, Refused> {
    let path = real_file(folder, relative)?;
    let file = open_no_follow(&path).map_err(|error| match error.raw_os_error() {
        #[cfg(unix)]
        Some(libc::ELOOP) => Refused::Link { at: relative.to_string() },
        _ => Refused::Unreadable(error.to_string()),
    })?;
    match file.metadata() {
        Ok(meta) if meta.is_file() => Ok(file),
        Ok(_) => Err(Refused::NotAFile),
        Err(error) => Err(Refused::Unreadable(error.to_string())),
    }
}

#[cfg(unix)]
fn open_no_follow(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
}

#[cfg(not(unix))]
fn open_no_follow(path: &Path) -> std::io::Result<File> {
    File::open(path)
}

/// True for names the index reads: `*.ron`, not `desk.ron`, not hidden
/// (backups and temporary files start with a dot).
pub fn is_article_name(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else { return false };
    name.ends_with(".ron") && !name.starts_with('.') && name != config::FILE_NAME
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn links_below_the_root_are_not_the_desk() {
        let outside = tempfile::tempdir().expect("temp dir");
        fs::write(outside.path().join("far.ron"), "x").expect("write");
        let desk = tempfile::tempdir().expect("temp dir");
        let root = desk.path();
        fs::create_dir(root.join("real")).expect("folder");
        fs::write(root.join("real/near.ron"), "x").expect("write");
        symlink(outside.path(), root.join("linked")).expect("link");
        symlink(outside.path().join("far.ron"), root.join("alias.ron")).expect("link");
        symlink("/", root.join("everything")).expect("link");
        let desk = DeskRoot::new(root);
        assert!(desk.is_article(&root.join("real/near.ron")));
        assert!(!desk.is_article(&root.join("linked/far.ron")));
        assert!(!desk.is_article(&root.join("alias.ron")));
        assert!(!desk.is_folder(&root.join("linked")));
        assert!(!desk.is_folder(&root.join("everything")));
        assert!(desk.articles_under(&root.join("everything")).is_empty());
        assert!(!desk.is_article(&root.join("real/../real/near.ron")));
        assert!(!desk.is_article(&outside.path().join("far.ron")));
        assert_eq!(desk.articles_under(root), vec![root.join("real/near.ron")]);
    }

    #[test]
    fn files_below_a_folder_are_read_only_without_links() {
        let outside = tempfile::tempdir().expect("temp dir");
        fs::write(outside.path().join("key.png"), "secret").expect("write");
        let folder = tempfile::tempdir().expect("temp dir");
        let root = folder.path();
        fs::create_dir(root.join("photos")).expect("folder");
        fs::write(root.join("photos/quay.png"), "picture").expect("write");
        symlink(outside.path(), root.join("linked")).expect("link");
        symlink(outside.path().join("key.png"), root.join("photos/lead.png")).expect("link");
        assert_eq!(real_file(root, "photos/quay.png"), Ok(root.join("photos/quay.png")));
        assert!(open_file(root, "photos/quay.png").is_ok());
        assert_eq!(real_file(root, "linked/key.png"), Err(Refused::Link { at: "linked".into() }));
        assert_eq!(
            open_file(root, "photos/lead.png").err(),
            Some(Refused::Link { at: "photos/lead.png".into() })
        );
        assert_eq!(real_file(root, "photos/gone.png"), Err(Refused::Missing));
        assert_eq!(real_file(root, "photos"), Err(Refused::NotAFile));
        assert_eq!(real_file(root, "../x.png"), Err(Refused::NotAFile));
    }
}
