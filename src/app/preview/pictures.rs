//! The article's pictures as the window shows them: a local PNG, JPEG or
//! WebP is decoded on a worker thread once per file and modification time
//! and kept as a texture; a web address is never fetched (the caller shows
//! a placeholder with it); a missing or unreadable file says why.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::editing::background::{Job, Jobs, Poll};
use crate::storage::media::{self, Source};

/// Pictures wider or taller than this are scaled down before they become a
/// texture: the preview column is at most 720 px wide, and a 6,000 px photo
/// would be 100 MB of texture.
const MAX_SIDE: u32 = 2048;

/// How often a file shown on screen is looked at again for a change.
const RECHECK_SECONDS: f64 = 2.0;

/// What to draw for one picture.
pub enum Picture {
    /// The decoded picture and its pixel size.
    Ready(egui::load::SizedTexture),
    /// Being decoded; drawn next frame or so.
    Loading,
    /// A file on the web: shown as its address, never fetched.
    Remote(String),
    /// Why there is nothing to show, in a sentence naming the file.
    Problem(String),
}

/// Decoded pictures by file, and the decodes under way.
pub struct Pictures {
    entries: HashMap<PathBuf, Entry>,
    decoding: Vec<Job<Decoded>>,
    jobs: Jobs,
}

struct Entry {
    stamp: Option<SystemTime>,
    /// When (egui time) the file was last looked at.
    checked: f64,
    state: State,
}

enum State {
    Loading,
    Ready(egui::TextureHandle),
    Failed(String),
}

struct Decoded {
    path: PathBuf,
    stamp: Option<SystemTime>,
    image: Result<egui::ColorImage, String>,
}

impl Pictures {
    pub fn new(jobs: &Jobs) -> Pictures {
        Pictures { entries: HashMap::new(), decoding: Vec::new(), jobs: jobs.clone() }
    }

    /// The picture `src` of an article stored in `folder` (`None` while the
    /// article has never been saved).
    pub fn get(&mut self, ctx: &egui::Context, folder: Option<&Path>, src: &str) -> Picture {
        self.receive(ctx);
        let Some(folder) = folder else {
            return match media::resolve(Path::new(""), src) {
                Source::Remote(url) => Picture::Remote(url),
                Source::Refused(reason) => Picture::Problem(capitalised(reason)),
                Source::Local { relative, .. } => Picture::Problem(format!(
                    "{relative}: save the article first; a picture's path is read from the article's folder."
                )),
            };
        };
        let (relative, path) = match media::resolve(folder, src) {
            Source::Remote(url) => return Picture::Remote(url),
            Source::Refused(reason) => return Picture::Problem(capitalised(reason)),
            Source::Local { relative, path } => (relative, path),
        };
        let now = ctx.input(|i| i.time);
        let fresh = self.entries.get(&path).is_some_and(|e| now - e.checked < RECHECK_SECONDS);
        if !fresh {
            // Read through the desk-path gate: a picture that is a link is
            // never shown (nor exported).
            if let Err(refused @ crate::storage::desk::paths::Refused::Link { .. }) =
                crate::storage::desk::paths::real_file(folder, &relative)
            {
                let state = State::Failed(format!("{relative}: {refused}."));
                self.entries.insert(path.clone(), Entry { stamp: None, checked: now, state });
                return self.picture(&path);
            }
            let stamp = match std::fs::metadata(&path) {
                Ok(meta) => meta.modified().ok(),
                Err(error) => {
                    let problem = format!("{relative}: the file is not there ({error}).");
                    let state = State::Failed(problem);
                    self.entries.insert(path.clone(), Entry { stamp: None, checked: now, state });
                    return self.picture(&path);
                }
            };
            match self.entries.get_mut(&path) {
                Some(entry) if entry.stamp == stamp => entry.checked = now,
                _ => {
                    self.entries.insert(path.clone(), Entry { stamp, checked: now, state: State::Loading });
                    self.decode(path.clone(), relative, stamp);
                }
            }
        }
        self.picture(&path)
    }

    fn picture(&self, path: &Path) -> Picture {
        match self.entries.get(path).map(|e| &e.state) {
            Some(State::Ready(texture)) => Picture::Ready(egui::load::SizedTexture::from_handle(texture)),
            Some(State::Failed(problem)) => Picture::Problem(problem.clone()),
            Some(State::Loading) | None => Picture::Loading,
        }
    }

    fn decode(&mut self, path: PathBuf, relative: String, stamp: Option<SystemTime>) {
        self.decoding.push(self.jobs.spawn("picture", move |_| {
            let image = decode(&path).map_err(|why| format!("{relative}: {why}"));
            Decoded { path, stamp, image }
        }));
    }

    /// Takes finished decodes in as textures.
    fn receive(&mut self, ctx: &egui::Context) {
        let mut finished = Vec::new();
        self.decoding.retain_mut(|job| match job.poll() {
            Poll::Pending => true,
            Poll::Ready(decoded) => {
                finished.push(decoded);
                false
            }
            // The decode's thread died: the entry stays Loading until the
            // file is looked at again.
            Poll::Lost => false,
        });
        for decoded in finished {
            self.accept(ctx, decoded);
        }
    }

    fn accept(&mut self, ctx: &egui::Context, decoded: Decoded) {
        let Some(entry) = self.entries.get_mut(&decoded.path) else { return };
        if entry.stamp != decoded.stamp {
            // The file changed again while it was decoded; a newer decode is on its way.
            return;
        }
        entry.state = match decoded.image {
            Ok(image) => {
                let name = format!("picture:{}", decoded.path.display());
                State::Ready(ctx.load_texture(name, image, egui::TextureOptions::LINEAR))
            }
            Err(problem) => State::Failed(problem),
        };
    }

    /// Takes in the decodes that finished (once the jobs are waited for).
    pub fn poll(&mut self, ctx: &egui::Context) {
        self.receive(ctx);
    }
}

/// The pictures of one article: the cache and the article's folder.
pub struct Shelf<'a> {
    pub pictures: &'a mut Pictures,
    /// `None` while the article has never been saved.
    pub folder: Option<&'a Path>,
}

impl Shelf<'_> {
    pub fn get(&mut self, ctx: &egui::Context, src: &str) -> Picture {
        self.pictures.get(ctx, self.folder, src)
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// Reads a picture file (PNG, JPEG or WebP, by its content, not its name).
fn decode(path: &Path) -> Result<egui::ColorImage, String> {
    let reader = image::ImageReader::open(path)
        .map_err(|e| format!("the file could not be read ({e})."))?
        .with_guessed_format()
        .map_err(|e| format!("the file could not be read ({e})."))?;
    let picture = reader.decode().map_err(|e| format!("not a picture Copydesk can show ({e})."))?;
    let picture = if picture.width() > MAX_SIDE || picture.height() > MAX_SIDE {
        picture.thumbnail(MAX_SIDE, MAX_SIDE)
    } else {
        picture
    };
    let rgba = picture.to_rgba8();
    let size = [rgba.width() as usize, rgba.height() as usize];
    Ok(egui::ColorImage::from_rgba_unmultiplied(size, rgba.as_raw()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_png_and_names_what_is_wrong_with_other_files() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
        let png = dir.path().join("a.png");
        image::RgbImage::new(30, 20).save(&png).unwrap_or_else(|e| panic!("png: {e}"));
        let decoded = decode(&png).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(decoded.size, [30, 20]);
        let junk = dir.path().join("b.jpg");
        std::fs::write(&junk, b"not a picture at all").unwrap_or_else(|e| panic!("write: {e}"));
        assert!(decode(&junk).is_err());
        assert!(decode(&dir.path().join("gone.png")).is_err());
    }
}
