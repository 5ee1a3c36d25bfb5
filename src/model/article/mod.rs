//! The article model: what one `.ron` file holds, in the order it is
//! written. The one catalogue of its fields (how each is read, put,
//! compared, shown and merged) is [`Field`].

mod field;
mod ident;
pub mod merge;
mod notes;
mod published;
pub mod schedule;
pub mod suggestions;
mod value;

use serde::{Deserialize, Serialize};

pub use field::{Field, ImagePart};
pub use ident::{id_problem, language_problem, new_id};
pub use notes::{Anchor, FoundMark, Note, NoteKind, Pairing, Reply, pair};
pub use published::{Correction, CorrectionKind, Publication};
pub use value::{Value, Words, word_diff};

/// The document format this build writes. Older formats are migrated on
/// load; newer ones are refused (see `store`). Format 2 added images,
/// format 3 the copy desk's work (id, embargo, corrections, length target,
/// search and social overrides, language, notes, where it was published).
pub const FORMAT: u32 = 3;

/// One news article. Field order here is the field order on disk, so it is
/// part of the file format: do not reorder.
///
/// A field added here goes into the catalogue ([`Field`], whose tests fail
/// until it does) and stops the build wherever every field must be named:
/// the fast reader (`store::canonical`), the desk index's skim, the Markdown
/// export and the catalogue's own test.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Article {
    pub format: u32,
    /// A UUID given at the article's first save and kept for its life
    /// (renames and slug changes keep it; Save As gives the copy a new
    /// one). Live editing and CMS publishing key on it. Format 3; older
    /// files and unsaved articles have none.
    #[serde(default, with = "ident::id")]
    pub id: Option<String>,
    /// Short, lowercase, hyphenated keywords chosen by the desk (see `slug`).
    pub slug: String,
    pub headline: String,
    /// The line under the headline; also the page's meta description.
    pub dek: String,
    /// The kicker shown above the headline.
    pub category: String,
    pub tags: Vec<String>,
    pub bylines: Vec<String>,
    pub status: Status,
    #[serde(with = "rfc3339")]
    pub published_at: Option<jiff::Timestamp>,
    #[serde(with = "rfc3339")]
    pub updated_at: Option<jiff::Timestamp>,
    /// Not to be published before this time (format 3, as are the fields
    /// down to `social_description` and from `corrections` on).
    #[serde(default, with = "rfc3339")]
    pub embargo_until: Option<jiff::Timestamp>,
    /// BCP 47 (`en-US`, `uk`); `None`: the desk's default.
    #[serde(default, with = "ident::language")]
    pub language: Option<String>,
    /// The length the desk asked for, in words.
    #[serde(default)]
    pub target_words: Option<u32>,
    /// Overrides of headline and dek for search results and share cards;
    /// `None` or empty: use the headline or dek.
    #[serde(default)]
    pub seo_title: Option<String>,
    #[serde(default)]
    pub seo_description: Option<String>,
    #[serde(default)]
    pub social_title: Option<String>,
    #[serde(default)]
    pub social_description: Option<String>,
    /// The lead photo, shown under the dek (format 2; format 1 files have
    /// none, hence the default).
    #[serde(default)]
    pub image: Option<Image>,
    pub share: Vec<ShareTarget>,
    pub body: Vec<Block>,
    pub related: Vec<Related>,
    /// Appended after the story ran, oldest first.
    #[serde(default)]
    pub corrections: Vec<Correction>,
    /// Who wrote each comment and suggested change in the body (their
    /// CriticMarkup marks) or on a field, the replies, resolved or not.
    #[serde(default)]
    pub notes: Vec<Note>,
    /// The CMS posts the article became (machine state; no secret).
    #[serde(default)]
    pub published_to: Vec<Publication>,
}

impl Default for Article {
    fn default() -> Self {
        Self {
            format: FORMAT,
            id: None,
            slug: String::new(),
            headline: String::new(),
            dek: String::new(),
            category: String::new(),
            tags: Vec::new(),
            bylines: Vec::new(),
            status: Status::Draft,
            published_at: None,
            updated_at: None,
            embargo_until: None,
            language: None,
            target_words: None,
            seo_title: None,
            seo_description: None,
            social_title: None,
            social_description: None,
            image: None,
            share: ShareTarget::ALL.to_vec(),
            body: Vec::new(),
            related: Vec::new(),
            corrections: Vec::new(),
            notes: Vec::new(),
            published_to: Vec::new(),
        }
    }
}

/// One block of the body. Text fields hold the inline markup source
/// (`*em*`, `**strong**`, `[text](url)`) and never contain a newline.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Block {
    /// A section heading; `level` is 2 or 3 (the headline is the only level 1).
    Heading {
        level: u8,
        text: String,
    },
    Paragraph(String),
    Quote {
        text: String,
        attribution: Option<String>,
    },
    List {
        ordered: bool,
        items: Vec<String>,
    },
    /// A photo inside the body (format 2).
    Image(Image),
}

/// A photo: the lead image or a body image block. Field order is file
/// order; the prose fields come first so the file's string order is
/// [`Block::texts`] order (see `store::locate`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Image {
    /// What the picture shows, for readers who cannot see it.
    pub alt: String,
    /// Empty when there is none.
    pub caption: String,
    /// Photographer or agency; empty when there is none.
    pub credit: String,
    /// A path relative to the article's folder (`/`-separated), or an
    /// `https://` URL.
    pub src: String,
    /// Pixel size, read from the file when it is local (see `media`).
    pub width: Option<u32>,
    pub height: Option<u32>,
}

impl Image {
    /// True when `src` names a file on the web rather than in the desk.
    pub fn is_remote(&self) -> bool {
        self.src.starts_with("https://") || self.src.starts_with("http://")
    }
}

impl Block {
    /// Every piece of prose in the block, in reading order.
    pub fn texts(&self) -> Vec<&str> {
        match self {
            Block::Heading { text, .. } | Block::Paragraph(text) => vec![text.as_str()],
            Block::Quote { text, attribution } => {
                let mut texts = vec![text.as_str()];
                texts.extend(attribution.as_deref());
                texts
            }
            Block::List { items, .. } => items.iter().map(String::as_str).collect(),
            Block::Image(image) => vec![image.alt.as_str(), image.caption.as_str(), image.credit.as_str()],
        }
    }

    /// A short name for messages: "heading", "paragraph", "quote", "list",
    /// "image".
    pub fn kind(&self) -> &'static str {
        match self {
            Block::Heading { .. } => "heading",
            Block::Paragraph(_) => "paragraph",
            Block::Quote { .. } => "quote",
            Block::List { .. } => "list",
            Block::Image(_) => "image",
        }
    }
}

/// A link to another article, shown as a card at the end of the page:
/// a desk article by its slug, or a page outside the desk by its address
/// written in place of the slug.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Related {
    pub slug: String,
    pub category: String,
    pub title: String,
    pub teaser: String,
}

impl Related {
    /// The address of the page outside the desk this link names instead of
    /// a desk slug (anything with a scheme; a slug never has `://`).
    pub fn address(&self) -> Option<&str> {
        let slug = self.slug.trim();
        slug.contains("://").then_some(slug)
    }
}

/// Where the story is in the desk's workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Status {
    Draft,
    Edit,
    Ready,
    Published,
}

impl Status {
    pub const ALL: [Status; 4] = [Status::Draft, Status::Edit, Status::Ready, Status::Published];

    pub fn label(self) -> &'static str {
        match self {
            Status::Draft => "Draft",
            Status::Edit => "Edit",
            Status::Ready => "Ready",
            Status::Published => "Published",
        }
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// A network the share bar offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ShareTarget {
    Facebook,
    X,
    LinkedIn,
    Bluesky,
    WhatsApp,
}

impl ShareTarget {
    pub const ALL: [ShareTarget; 5] = [
        ShareTarget::Facebook,
        ShareTarget::X,
        ShareTarget::LinkedIn,
        ShareTarget::Bluesky,
        ShareTarget::WhatsApp,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ShareTarget::Facebook => "Facebook",
            ShareTarget::X => "X",
            ShareTarget::LinkedIn => "LinkedIn",
            ShareTarget::Bluesky => "Bluesky",
            ShareTarget::WhatsApp => "WhatsApp",
        }
    }
}

/// The categories a newsroom starts with, before a desk sets its own.
pub const DEFAULT_CATEGORIES: [&str; 12] = [
    "News",
    "Politics",
    "World",
    "War",
    "Business",
    "Technology",
    "Science",
    "Health",
    "Sports",
    "Culture",
    "Opinion",
    "Local",
];

/// Timestamps on disk are RFC 3339 strings in UTC; a bad one is reported in
/// words an editor understands rather than as a parser's complaint. Shared
/// with the recovery journal so both files read the same way.
pub(crate) mod rfc3339 {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(
        value: &Option<jiff::Timestamp>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(at) => serializer.serialize_some(&at.to_string()),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<jiff::Timestamp>, D::Error> {
        let Some(text) = Option::<String>::deserialize(deserializer)? else {
            return Ok(None);
        };
        parse(&text).map(Some)
    }

    fn parse<E: serde::de::Error>(text: &str) -> Result<jiff::Timestamp, E> {
        text.parse().map_err(|_| {
            E::custom(format!("“{text}” is not a time; expected RFC 3339 like \"2026-01-27T09:30:00Z\""))
        })
    }

    /// The same format for a timestamp that is always there.
    pub mod required {
        use serde::{Deserialize, Deserializer, Serializer};

        pub fn serialize<S: Serializer>(value: &jiff::Timestamp, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.serialize_str(&value.to_string())
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<jiff::Timestamp, D::Error> {
            super::parse(&String::deserialize(deserializer)?)
        }
    }
}
