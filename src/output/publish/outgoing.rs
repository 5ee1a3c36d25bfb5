//! What an article becomes in a CMS, before any CMS is asked: headline,
//! slug, dek, the status (scheduled when its time is ahead), category,
//! tags, bylines, the search and social overrides, the pictures to upload
//! (read, measured and hashed here) and the body, written from the page
//! model once the pictures' addresses are known.

use std::path::Path;

use serde::Serialize;

use crate::model::article::{Article, Block, Image, Status};
use crate::model::markup::critic;
use crate::model::page;
use crate::output::export::html;
use crate::storage::media::{self, Source};
use crate::storage::store::open_regular;

/// Where the story should stand in the CMS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Wanted {
    /// Draft or In Edit.
    Draft,
    /// Ready: waiting for review (WordPress `pending`; Ghost has no such
    /// state and keeps a draft).
    Review,
    /// Published now, dated `at` (the article's published time, else the
    /// CMS's now).
    Live { at: Option<jiff::Timestamp> },
    /// Published at `at`, later than now (the published time or the
    /// embargo, whichever is later).
    Scheduled { at: jiff::Timestamp },
}

impl Wanted {
    /// The status an article asks for at `now`.
    pub fn of(article: &Article, now: jiff::Timestamp) -> Wanted {
        match article.status {
            Status::Draft | Status::Edit => Wanted::Draft,
            Status::Ready => Wanted::Review,
            Status::Published => {
                let at = article.published_at.max(article.embargo_until);
                match at {
                    Some(at) if at > now => Wanted::Scheduled { at },
                    _ => Wanted::Live { at: article.published_at },
                }
            }
        }
    }

    pub fn label(self) -> String {
        match self {
            Wanted::Draft => "draft".into(),
            Wanted::Review => "waiting for review".into(),
            Wanted::Live { .. } => "published".into(),
            Wanted::Scheduled { at } => format!("scheduled for {}", page::human_time(at)),
        }
    }
}

/// A local picture to upload (or find already uploaded).
#[derive(Debug, Clone, Serialize)]
pub struct Picture {
    /// As the article writes it (every `src` naming these same bytes).
    pub srcs: Vec<String>,
    /// The name it is uploaded under: its own name plus a hash of its
    /// bytes, so the same bytes are found again and different bytes never
    /// take their place.
    pub upload_name: String,
    pub mime: &'static str,
    /// First 16 hex digits of its xxh3-128.
    pub hash: String,
    #[serde(skip)]
    pub bytes: std::sync::Arc<[u8]>,
    pub size: usize,
    pub alt: String,
    /// Caption and credit, as a CMS's media caption.
    pub caption: String,
}

/// The story as any CMS gets it.
#[derive(Debug, Clone, Serialize)]
pub struct Outgoing {
    /// The article's id: how a post Copydesk made is recognised when its
    /// record was lost (see `super::Cms::find_ours`).
    pub id: Option<String>,
    pub title: String,
    pub slug: String,
    pub excerpt: String,
    pub wanted: Wanted,
    pub category: Option<String>,
    pub tags: Vec<String>,
    pub bylines: Vec<String>,
    pub seo_title: Option<String>,
    pub seo_description: Option<String>,
    pub social_title: Option<String>,
    pub social_description: Option<String>,
    /// The article's address on the desk's own site, when it has one.
    pub canonical_url: Option<String>,
    /// The lead picture: its local file, or an address on the web.
    pub lead: Option<Lead>,
    /// Every local picture, lead first, each once.
    pub pictures: Vec<Picture>,
    /// The article as sent: the copy desk's "as published" text (see
    /// `model::markup::critic::published`).
    #[serde(skip)]
    pub article: Article,
}

/// The lead picture as the CMS's featured image.
#[derive(Debug, Clone, Serialize)]
pub struct Lead {
    /// Index into `pictures`, or `None` for a picture on the web.
    pub picture: Option<usize>,
    pub remote: Option<String>,
    pub alt: String,
    pub caption: String,
}

/// A picture the article names that cannot be sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("picture “{src}”: {problem}")]
pub struct PictureProblem {
    pub src: String,
    pub problem: String,
}

/// The most bytes one picture may have (a CMS refuses far less).
const PICTURE_MAX: u64 = 64 << 20;

impl Outgoing {
    /// The article in `folder` (where its local pictures are) as sent at
    /// `now`, with the desk's `settings` for its own address.
    pub fn of(
        article: &Article,
        folder: &Path,
        settings: page::Settings<'_>,
        now: jiff::Timestamp,
    ) -> Result<Outgoing, PictureProblem> {
        let article = as_published(article);
        let trimmed = |text: &str| text.trim().to_string();
        let some = |text: &Option<String>| {
            text.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_string)
        };
        let mut pictures: Vec<Picture> = Vec::new();
        for image in media::images(&article) {
            if let Source::Local { relative, path } = media::resolve(folder, &image.src) {
                let picture = read_picture(image, &relative, &path, folder)?;
                match pictures.iter_mut().find(|p| p.hash == picture.hash) {
                    Some(same) => same.srcs.push(image.src.clone()),
                    None => pictures.push(picture),
                }
            } else if let Source::Refused(reason) = media::resolve(folder, &image.src) {
                return Err(PictureProblem { src: image.src.clone(), problem: reason.to_string() });
            }
        }
        let lead = article.image.as_ref().map(|image| Lead {
            picture: pictures.iter().position(|p| p.srcs.contains(&image.src)),
            remote: image.is_remote().then(|| image.src.trim().to_string()),
            alt: trimmed(&image.alt),
            caption: caption_of(image),
        });
        Ok(Outgoing {
            id: article.id.clone(),
            title: page::title_of(&article).to_string(),
            slug: trimmed(&article.slug),
            excerpt: trimmed(&article.dek),
            wanted: Wanted::of(&article, now),
            category: Some(trimmed(&article.category)).filter(|c| !c.is_empty()),
            tags: unique(article.tags.iter().map(|t| trimmed(t)).filter(|t| !t.is_empty())),
            bylines: unique(article.bylines.iter().map(|b| trimmed(b)).filter(|b| !b.is_empty())),
            seo_title: some(&article.seo_title),
            seo_description: some(&article.seo_description),
            social_title: some(&article.social_title),
            social_description: some(&article.social_description),
            canonical_url: page::article_url(settings.base_url, &article.slug),
            lead,
            pictures,
            article,
        })
    }

    /// The body as HTML from the page model, each local picture at
    /// `address(picture)` (its place in the CMS); pictures on the web keep
    /// their address.
    pub fn body_html(&self, folder: &Path, address: &dyn Fn(&Picture) -> Option<String>) -> String {
        let url_of = |image: &Image| -> Option<String> {
            match media::resolve(folder, &image.src) {
                Source::Remote(url) => Some(url),
                Source::Local { .. } => address(self.pictures.iter().find(|p| p.srcs.contains(&image.src))?),
                Source::Refused(_) => None,
            }
        };
        html::body_fragment(&self.article, &url_of)
    }

    /// "By A and B", the page's own byline words; empty without bylines.
    pub fn byline_line(&self) -> String {
        page::Byline {
            names: self.bylines.iter().map(String::as_str).collect(),
            published: None,
            updated: None,
        }
        .names_line()
    }

    /// The corrections as the page's foot prints them, oldest first, as
    /// one `<aside>`; empty when there are none.
    pub fn corrections_html(&self) -> String {
        html::corrections_fragment(&self.article)
    }

    /// Every section heading of the body, as sent.
    pub fn headings(&self) -> Vec<String> {
        self.article
            .body
            .iter()
            .filter_map(|block| match block {
                Block::Heading { text, .. } => Some(crate::model::markup::inline::plain(text)),
                _ => None,
            })
            .collect()
    }
}

/// A picture's caption and credit as one line.
fn caption_of(image: &Image) -> String {
    match (image.caption.trim(), image.credit.trim()) {
        (caption, "") => caption.to_string(),
        ("", credit) => credit.to_string(),
        (caption, credit) => format!("{caption} {credit}"),
    }
}

fn unique(items: impl Iterator<Item = String>) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    for item in items {
        if !seen.iter().any(|s| s.eq_ignore_ascii_case(&item)) {
            seen.push(item);
        }
    }
    seen
}

/// The article as readers get it, the export's way: every open
/// suggestion rejected and comments left out, in the headline, dek and body.
fn as_published(article: &Article) -> Article {
    let mut out = article.clone();
    out.headline = critic::published(&article.headline);
    out.dek = critic::published(&article.dek);
    if let Some(body) = critic::published_blocks(&article.body) {
        out.body = body;
    }
    out
}

/// Text for HTML outside the page model's templates.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Reads a local picture, never through a symbolic link below the
/// article's folder, and names it for upload.
fn read_picture(
    image: &Image,
    relative: &str,
    path: &Path,
    folder: &Path,
) -> Result<Picture, PictureProblem> {
    let problem = |problem: String| PictureProblem { src: image.src.clone(), problem };
    let mut at = folder.to_path_buf();
    for step in relative.split('/') {
        at.push(step);
        if std::fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(problem(
                "it is reached through a symbolic link, which Copydesk never follows".into(),
            ));
        }
    }
    let (file, meta) = open_regular(path).map_err(|e| problem(format!("{}: {e}", path.display())))?;
    if meta.len() > PICTURE_MAX {
        return Err(problem(format!("{} is over {} MB", path.display(), PICTURE_MAX >> 20)));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::io::Read::read_to_end(&mut std::io::Read::take(file, PICTURE_MAX + 1), &mut bytes)
        .map_err(|e| problem(format!("{}: {e}", path.display())))?;
    let mime = match imagesize::image_type(&bytes) {
        Ok(imagesize::ImageType::Png) => "image/png",
        Ok(imagesize::ImageType::Jpeg) => "image/jpeg",
        Ok(imagesize::ImageType::Webp) => "image/webp",
        Ok(imagesize::ImageType::Gif) => "image/gif",
        _ => return Err(problem("it is not a PNG, JPEG, WebP or GIF picture".into())),
    };
    let hash = format!("{:032x}", xxhash_rust::xxh3::xxh3_128(&bytes))[..16].to_string();
    let stem = Path::new(relative).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let mut name = term_slug(&stem);
    name.truncate(60);
    let name = name.trim_end_matches('-');
    let extension = match mime {
        "image/png" => "png",
        "image/jpeg" => "jpg",
        "image/webp" => "webp",
        _ => "gif",
    };
    let upload_name =
        if name.is_empty() { format!("{hash}.{extension}") } else { format!("{name}-{hash}.{extension}") };
    Ok(Picture {
        srcs: vec![image.src.clone()],
        upload_name,
        mime,
        hash,
        size: bytes.len(),
        bytes: bytes.into(),
        alt: image.alt.trim().to_string(),
        caption: caption_of(image),
    })
}

/// A name as a CMS slugs it: ASCII, lowercase, runs of anything else as
/// one hyphen (WordPress's `sanitize_title` for plain names).
pub fn term_slug(name: &str) -> String {
    let ascii = deunicode::deunicode(name).to_ascii_lowercase();
    ascii.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join("-")
}
