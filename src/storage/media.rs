//! Where an article's images are: a path inside the article's folder or an
//! `https://` address, never anything else; and the pixel size of the
//! local ones, read from the file's header.

use std::path::{Component, Path, PathBuf};

use crate::model::article::{Article, Block, Image};
use crate::storage::desk::paths;

/// What an image's `src` names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A file on the web; Copydesk never fetches it.
    Remote(String),
    /// A file inside the article's folder: the relative path as written
    /// (`/`-separated, no `..`), and where it is on disk.
    Local { relative: String, path: PathBuf },
    /// Anything else; the reason says what is wrong, in a sentence.
    Refused(&'static str),
}

/// Reads `src` as written in an article stored in folder `folder`.
pub fn resolve(folder: &Path, src: &str) -> Source {
    let src = src.trim();
    if src.is_empty() {
        return Source::Refused("the image has no source; choose a file or type an https:// address");
    }
    if let Some(rest) = src.strip_prefix("https://") {
        if rest.is_empty() || src.contains(|c: char| c.is_whitespace() || c.is_control()) {
            return Source::Refused("the address is not a valid https:// URL");
        }
        return Source::Remote(src.to_string());
    }
    if src.contains("://") || src.starts_with("//") {
        return Source::Refused("only https:// addresses are allowed for images on the web");
    }
    match relative_path(src) {
        Some(relative) => Source::Local { path: folder.join(&relative), relative },
        None => Source::Refused(
            "a local image must be a path inside the article's folder, like photos/lead.jpg (no .., no drive or leading /)",
        ),
    }
}

/// `src` as a relative path made only of plain names, `/`-separated; `None`
/// for anything that could leave the folder it is joined to.
pub fn relative_path(src: &str) -> Option<String> {
    if src.contains(['\\', ':', '\0']) || src.starts_with('/') {
        return None;
    }
    let mut parts = Vec::new();
    for component in Path::new(src).components() {
        match component {
            Component::Normal(name) => parts.push(name.to_str()?),
            Component::CurDir => {}
            _ => return None,
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// The pixel size of a local image file, from its header (PNG, JPEG, WebP,
/// GIF and more); `None` when it is missing or not an image. For a file
/// the editor picked; a picture of an article is read with `local_size`.
pub fn pixel_size(path: &Path) -> Option<(u32, u32)> {
    let size = imagesize::size(path).ok()?;
    Some((u32::try_from(size.width).ok()?, u32::try_from(size.height).ok()?))
}

/// The pixel size of the picture `relative` of an article stored in
/// `folder`, read through the desk-path gate: a link (or a path through
/// one) is never followed, so a picture never measures a file outside the
/// article's folder.
pub fn local_size(folder: &Path, relative: &str) -> Option<(u32, u32)> {
    let file = paths::open_file(folder, relative).ok()?;
    let size = imagesize::reader_size(std::io::BufReader::new(file)).ok()?;
    Some((u32::try_from(size.width).ok()?, u32::try_from(size.height).ok()?))
}

/// Every image of the article: the lead image first, then the body's.
pub fn images(article: &Article) -> impl Iterator<Item = &Image> {
    article.image.iter().chain(article.body.iter().filter_map(|block| match block {
        Block::Image(image) => Some(image),
        _ => None,
    }))
}

/// Sets the pixel size of every local image whose file can be read.
/// Others keep what they have: a copy of a desk without its photos must
/// not lose their sizes. Returns whether anything changed.
pub fn measure(article: &mut Article, folder: &Path) -> bool {
    let mut changed = false;
    let mut update = |image: &mut Image| {
        let Source::Local { relative, .. } = resolve(folder, &image.src) else { return };
        let Some((width, height)) = local_size(folder, &relative) else { return };
        let (width, height) = (Some(width), Some(height));
        if image.width != width || image.height != height {
            image.width = width;
            image.height = height;
            changed = true;
        }
    };
    if let Some(image) = &mut article.image {
        update(image);
    }
    for block in &mut article.body {
        if let Block::Image(image) = block {
            update(image);
        }
    }
    changed
}

/// Why a picked picture could not be put beside the article.
#[derive(Debug, thiserror::Error)]
pub enum AdoptError {
    #[error("{}: not a file name", .0.display())]
    NoName(PathBuf),
    #[error("could not copy {} to {}: {source}", from.display(), to.display())]
    Copy { from: PathBuf, to: PathBuf, source: std::io::Error },
}

/// The folder a picture picked from outside the article's folder is copied
/// into, so the desk (and the site export) carries it.
pub const IMAGES_FOLDER: &str = "images";

/// The `src` for a picture file picked on disk: its path relative to the
/// article's `folder` when it is inside it, else a copy in
/// `folder/images/` (a file of the same name there is reused when it has
/// the same bytes, else the copy gets a numbered name).
pub fn adopt(folder: &Path, picked: &Path) -> Result<String, AdoptError> {
    let canonical = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let (inside, file) = (canonical(folder), canonical(picked));
    if let Ok(rest) = file.strip_prefix(&inside)
        && let Some(relative) = rest.to_str().map(|r| r.replace(std::path::MAIN_SEPARATOR, "/"))
        && let Some(relative) = relative_path(&relative)
    {
        return Ok(relative);
    }
    let name = picked.file_name().and_then(|n| n.to_str()).filter(|n| relative_path(n).is_some());
    let Some(name) = name else { return Err(AdoptError::NoName(picked.to_path_buf())) };
    let target_folder = folder.join(IMAGES_FOLDER);
    let (stem, ext) = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => (stem, format!(".{ext}")),
        _ => (name, String::new()),
    };
    let copy_error = |to: &Path| {
        let (from, to) = (picked.to_path_buf(), to.to_path_buf());
        move |source| AdoptError::Copy { from, to, source }
    };
    std::fs::create_dir_all(&target_folder).map_err(copy_error(&target_folder))?;
    for n in 1..1000 {
        let candidate = if n == 1 { name.to_string() } else { format!("{stem}-{n}{ext}") };
        let target = target_folder.join(&candidate);
        if target.exists() {
            if same_bytes(&target, picked) {
                return Ok(format!("{IMAGES_FOLDER}/{candidate}"));
            }
            continue;
        }
        // Through the one writer: the copy is whole or not there.
        let mut source = std::fs::File::open(picked).map_err(copy_error(&target))?;
        crate::storage::store::copy_output(&mut source, &target)
            .map_err(|e| copy_error(&target)(std::io::Error::other(e.to_string())))?;
        return Ok(format!("{IMAGES_FOLDER}/{candidate}"));
    }
    Err(AdoptError::NoName(picked.to_path_buf()))
}

fn same_bytes(a: &Path, b: &Path) -> bool {
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(x), Ok(y)) if x.len() == y.len() => std::fs::read(a).ok() == std::fs::read(b).ok(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_inside_the_folder_and_https_are_sources() {
        let folder = Path::new("/desk/local");
        assert_eq!(
            resolve(folder, "photos/./wall.jpg"),
            Source::Local { relative: "photos/wall.jpg".into(), path: folder.join("photos/wall.jpg") }
        );
        assert_eq!(
            resolve(folder, "https://img.example.org/a.jpg"),
            Source::Remote("https://img.example.org/a.jpg".into())
        );
        for bad in [
            "",
            "../outside.jpg",
            "photos/../../x.jpg",
            "/etc/passwd",
            "C:\\x.jpg",
            "c:x.jpg",
            "http://img.example.org/a.jpg",
            "javascript:alert(1)",
            "data:image/png;base64,AAAA",
            "//img.example.org/a.jpg",
            "file:///etc/passwd",
            "https://",
            "https://a b",
        ] {
            assert!(matches!(resolve(folder, bad), Source::Refused(_)), "{bad:?} accepted");
        }
    }

    #[test]
    fn measures_local_images_and_keeps_sizes_of_missing_ones() {
        let folder = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
        let picture = image::RgbImage::new(40, 30);
        picture.save(folder.path().join("lead.png")).unwrap_or_else(|e| panic!("png: {e}"));
        let mut article = Article {
            image: Some(Image { src: "lead.png".into(), ..Image::default() }),
            body: vec![Block::Image(Image {
                src: "gone.png".into(),
                width: Some(9),
                height: Some(9),
                ..Image::default()
            })],
            ..Article::default()
        };
        assert!(measure(&mut article, folder.path()));
        assert_eq!(article.image.as_ref().map(|i| (i.width, i.height)), Some((Some(40), Some(30))));
        assert_eq!(images(&article).nth(1).map(|i| i.width), Some(Some(9)));
        assert!(!measure(&mut article, folder.path()));
    }

    #[test]
    fn a_picked_picture_outside_the_folder_is_copied_beside_the_article() {
        let root = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
        let desk = root.path().join("desk");
        std::fs::create_dir_all(desk.join("photos")).unwrap_or_else(|e| panic!("mkdir: {e}"));
        std::fs::write(desk.join("photos/in.png"), b"inside").unwrap_or_else(|e| panic!("write: {e}"));
        std::fs::write(root.path().join("out.png"), b"outside").unwrap_or_else(|e| panic!("write: {e}"));
        assert_eq!(adopt(&desk, &desk.join("photos/in.png")).ok().as_deref(), Some("photos/in.png"));
        assert_eq!(adopt(&desk, &root.path().join("out.png")).ok().as_deref(), Some("images/out.png"));
        // The same file again is the same copy; a different one gets a new name.
        assert_eq!(adopt(&desk, &root.path().join("out.png")).ok().as_deref(), Some("images/out.png"));
        let other = root.path().join("other");
        std::fs::create_dir_all(&other).unwrap_or_else(|e| panic!("mkdir: {e}"));
        std::fs::write(other.join("out.png"), b"different").unwrap_or_else(|e| panic!("write: {e}"));
        assert_eq!(adopt(&desk, &other.join("out.png")).ok().as_deref(), Some("images/out-2.png"));
        assert_eq!(std::fs::read(desk.join("images/out-2.png")).ok().as_deref(), Some(&b"different"[..]));
    }
}
