//! Which paths belong to a desk. The first scan and every refresh ask here,
//! so a symbolic link inside a desk never brings in (and a rename never
//! writes) files outside it, and a link to `/` is never walked.

use std::fs;
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

/// True when `path` is a regular file itself, not a link to one: the
/// desk's house-style files are read only so (a link there is never
/// followed, wherever `StylesPath` points).
pub fn is_plain_file(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|meta| meta.file_type().is_file())
}

/// True when `path` is a real folder, not a link to one.
pub fn is_plain_dir(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|meta| meta.file_type().is_dir())
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
}
