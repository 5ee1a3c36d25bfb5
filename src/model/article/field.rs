//! The one field catalogue: every part of an article an editor changes on
//! its own, with the words an editor reads for it, its name in the file, how
//! it is read from and put into an [`Article`], and how it compares, shows,
//! diffs and merges. Checks, the team merge and history, undo notices,
//! recovery, the desk search and the metadata panel go through it, so a part
//! listed here is handled everywhere and a part left out is a failing test
//! (see the tests), never a silent gap.
//!
//! The lead image is five parts: the picture itself ([`Field::Image`], its
//! source) and its alt text, caption, credit and pixel size, so two editors
//! changing different attributes both keep their change. Its presence
//! follows from them: an article without a lead image reads as empty in
//! each, and putting values that leave every attribute empty takes the image
//! off. That needs no presence flag that could disagree with the attributes,
//! the merge of each part stays independent of the others, and the one state
//! it cannot tell from "no image" (an image with nothing in it, the panel's
//! blank "type a path" form) holds nothing an editor typed.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::merge::{self, Merged};
use super::value::{Value, Words, word_diff};
use super::{Article, Block, Image};

/// A part of an article an editor changes on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Headline,
    Dek,
    Slug,
    /// The kicker.
    Category,
    Status,
    Bylines,
    Tags,
    PublishedAt,
    UpdatedAt,
    /// Not before this time.
    EmbargoUntil,
    /// BCP 47.
    Language,
    /// The length the desk asked for.
    TargetWords,
    /// The overrides of headline and dek for search and share cards.
    SeoTitle,
    SeoDescription,
    SocialTitle,
    SocialDescription,
    Share,
    /// The lead image itself: which picture (its `src`). Findings about the
    /// lead image as a whole point here.
    Image,
    ImageAlt,
    ImageCaption,
    ImageCredit,
    ImageSize,
    Body,
    /// Corrections, updates and editor's notes, keyed by time and kind.
    Corrections,
    Related,
    /// The copy desk's comments and suggestions, keyed by note id.
    Notes,
    /// The CMS posts the article became, keyed by target.
    PublishedTo,
    /// The article's UUID: given at first save, not typed.
    Id,
}

impl Field {
    /// Every field, in the metadata panel's order, with the body (the
    /// editor's own pane) where the page has it: after the lead image,
    /// before the corrections and the related links; the notes, where it
    /// went and its id after everything a reader sees.
    pub const ALL: [Field; 28] = [
        Field::Headline,
        Field::Dek,
        Field::Slug,
        Field::Category,
        Field::Status,
        Field::Bylines,
        Field::Tags,
        Field::PublishedAt,
        Field::UpdatedAt,
        Field::EmbargoUntil,
        Field::Language,
        Field::TargetWords,
        Field::SeoTitle,
        Field::SeoDescription,
        Field::SocialTitle,
        Field::SocialDescription,
        Field::Share,
        Field::Image,
        Field::ImageAlt,
        Field::ImageCaption,
        Field::ImageCredit,
        Field::ImageSize,
        Field::Body,
        Field::Corrections,
        Field::Related,
        Field::Notes,
        Field::PublishedTo,
        Field::Id,
    ];

    /// The words an editor reads for it (panel headings, history, undo
    /// notices, conflicts).
    pub fn label(self) -> &'static str {
        match self {
            Field::Headline => "Headline",
            Field::Dek => "Dek",
            Field::Slug => "Slug",
            Field::Category => "Category",
            Field::Status => "Status",
            Field::Bylines => "Bylines",
            Field::Tags => "Tags",
            Field::PublishedAt => "Published time",
            Field::UpdatedAt => "Updated time",
            Field::EmbargoUntil => "Embargo",
            Field::Language => "Language",
            Field::TargetWords => "Target length",
            Field::SeoTitle => "Search title",
            Field::SeoDescription => "Search description",
            Field::SocialTitle => "Social title",
            Field::SocialDescription => "Social description",
            Field::Share => "Share bar",
            Field::Image => "Lead image",
            Field::ImageAlt => "Lead image alt text",
            Field::ImageCaption => "Lead image caption",
            Field::ImageCredit => "Lead image credit",
            Field::ImageSize => "Lead image size",
            Field::Related => "Related links",
            Field::Body => "Body",
            Field::Corrections => "Corrections",
            Field::Notes => "Notes",
            Field::PublishedTo => "Published to",
            Field::Id => "Article ID",
        }
    }

    /// Its name in the file (and in `copydesk check --format json`); a lead
    /// image attribute is `image.` and the attribute's name.
    pub fn name(self) -> &'static str {
        match self {
            Field::Headline => "headline",
            Field::Dek => "dek",
            Field::Slug => "slug",
            Field::Category => "category",
            Field::Status => "status",
            Field::Bylines => "bylines",
            Field::Tags => "tags",
            Field::PublishedAt => "published_at",
            Field::UpdatedAt => "updated_at",
            Field::EmbargoUntil => "embargo_until",
            Field::Language => "language",
            Field::TargetWords => "target_words",
            Field::SeoTitle => "seo_title",
            Field::SeoDescription => "seo_description",
            Field::SocialTitle => "social_title",
            Field::SocialDescription => "social_description",
            Field::Share => "share",
            Field::Image => "image",
            Field::ImageAlt => "image.alt",
            Field::ImageCaption => "image.caption",
            Field::ImageCredit => "image.credit",
            Field::ImageSize => "image.size",
            Field::Related => "related",
            Field::Body => "body",
            Field::Corrections => "corrections",
            Field::Notes => "notes",
            Field::PublishedTo => "published_to",
            Field::Id => "id",
        }
    }

    /// The field with this file name.
    pub fn from_name(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|field| field.name() == name)
    }

    /// The attribute of the lead image this field is, if it is one.
    pub fn image_part(self) -> Option<ImagePart> {
        match self {
            Field::Image => Some(ImagePart::Src),
            Field::ImageAlt => Some(ImagePart::Alt),
            Field::ImageCaption => Some(ImagePart::Caption),
            Field::ImageCredit => Some(ImagePart::Credit),
            Field::ImageSize => Some(ImagePart::Size),
            _ => None,
        }
    }

    /// Its value in `article` (a lead image attribute reads as empty when
    /// there is no lead image).
    pub fn read(self, article: &Article) -> Value {
        let lead = |part: ImagePart| match &article.image {
            Some(image) => part.read(image),
            None => part.read(&Image::default()),
        };
        let optional = |text: &Option<String>| Value::Text(text.clone().unwrap_or_default());
        match self {
            Field::Headline => Value::Text(article.headline.clone()),
            Field::Dek => Value::Text(article.dek.clone()),
            Field::Slug => Value::Text(article.slug.clone()),
            Field::Category => Value::Text(article.category.clone()),
            Field::Status => Value::Status(article.status),
            Field::Bylines => Value::Strings(article.bylines.clone()),
            Field::Tags => Value::Strings(article.tags.clone()),
            Field::PublishedAt => Value::Time(article.published_at),
            Field::UpdatedAt => Value::Time(article.updated_at),
            Field::EmbargoUntil => Value::Time(article.embargo_until),
            Field::Language => optional(&article.language),
            Field::TargetWords => Value::Count(article.target_words),
            Field::SeoTitle => optional(&article.seo_title),
            Field::SeoDescription => optional(&article.seo_description),
            Field::SocialTitle => optional(&article.social_title),
            Field::SocialDescription => optional(&article.social_description),
            Field::Share => Value::Share(article.share.clone()),
            Field::Image => lead(ImagePart::Src),
            Field::ImageAlt => lead(ImagePart::Alt),
            Field::ImageCaption => lead(ImagePart::Caption),
            Field::ImageCredit => lead(ImagePart::Credit),
            Field::ImageSize => lead(ImagePart::Size),
            Field::Related => Value::Related(article.related.clone()),
            Field::Body => Value::Blocks(article.body.clone()),
            Field::Corrections => Value::Corrections(article.corrections.clone()),
            Field::Notes => Value::Notes(article.notes.clone()),
            Field::PublishedTo => Value::Publications(article.published_to.clone()),
            Field::Id => optional(&article.id),
        }
    }

    /// Puts `value` into `article`; a value of another kind changes
    /// nothing. A lead image attribute gives the article a lead image when
    /// it has none, and takes it off when every attribute ends up empty.
    /// An optional text put empty is none (use the headline, the desk's
    /// language, no id yet).
    pub fn put(self, article: &mut Article, value: Value) {
        let lead = |article: &mut Article, part: ImagePart, value: Value| {
            let image = article.image.get_or_insert_with(Image::default);
            part.put(image, value);
            if *image == Image::default() {
                article.image = None;
            }
        };
        let optional = |text: String| (!text.is_empty()).then_some(text);
        // By field first, so a field added to the catalogue is a compile
        // error here too.
        match (self, value) {
            (Field::Headline, Value::Text(v)) => article.headline = v,
            (Field::Dek, Value::Text(v)) => article.dek = v,
            (Field::Slug, Value::Text(v)) => article.slug = v,
            (Field::Category, Value::Text(v)) => article.category = v,
            (Field::Status, Value::Status(v)) => article.status = v,
            (Field::Bylines, Value::Strings(v)) => article.bylines = v,
            (Field::Tags, Value::Strings(v)) => article.tags = v,
            (Field::PublishedAt, Value::Time(v)) => article.published_at = v,
            (Field::UpdatedAt, Value::Time(v)) => article.updated_at = v,
            (Field::EmbargoUntil, Value::Time(v)) => article.embargo_until = v,
            (Field::Language, Value::Text(v)) => article.language = optional(v),
            (Field::TargetWords, Value::Count(v)) => article.target_words = v,
            (Field::SeoTitle, Value::Text(v)) => article.seo_title = optional(v),
            (Field::SeoDescription, Value::Text(v)) => article.seo_description = optional(v),
            (Field::SocialTitle, Value::Text(v)) => article.social_title = optional(v),
            (Field::SocialDescription, Value::Text(v)) => article.social_description = optional(v),
            (Field::Share, Value::Share(v)) => article.share = v,
            (Field::Image, v) => lead(article, ImagePart::Src, v),
            (Field::ImageAlt, v) => lead(article, ImagePart::Alt, v),
            (Field::ImageCaption, v) => lead(article, ImagePart::Caption, v),
            (Field::ImageCredit, v) => lead(article, ImagePart::Credit, v),
            (Field::ImageSize, v) => lead(article, ImagePart::Size, v),
            (Field::Body, Value::Blocks(v)) => article.body = v,
            (Field::Related, Value::Related(v)) => article.related = v,
            (Field::Corrections, Value::Corrections(v)) => article.corrections = v,
            (Field::Notes, Value::Notes(v)) => article.notes = v,
            (Field::PublishedTo, Value::Publications(v)) => article.published_to = v,
            (Field::Id, Value::Text(v)) => article.id = optional(v),
            (
                Field::Headline
                | Field::Dek
                | Field::Slug
                | Field::Category
                | Field::Status
                | Field::Bylines
                | Field::Tags
                | Field::PublishedAt
                | Field::UpdatedAt
                | Field::EmbargoUntil
                | Field::Language
                | Field::TargetWords
                | Field::SeoTitle
                | Field::SeoDescription
                | Field::SocialTitle
                | Field::SocialDescription
                | Field::Share
                | Field::Body
                | Field::Corrections
                | Field::Related
                | Field::Notes
                | Field::PublishedTo
                | Field::Id,
                _,
            ) => {}
        }
    }

    /// True when the field differs between `a` and `b`.
    pub fn differs(self, a: &Article, b: &Article) -> bool {
        match self {
            // Compared in place: a long body is not copied to be compared.
            Field::Body => a.body != b.body,
            _ => self.read(a) != self.read(b),
        }
    }

    /// The change from `old` to `new`, word by word, as the editor reads
    /// the values (see [`Value::display`]).
    pub fn diff(self, old: &Value, new: &Value) -> Vec<Words> {
        word_diff(&old.display(), &new.display())
    }

    /// Every piece of text the field holds (what the checks look through
    /// for characters a page or terminal would act on).
    pub fn texts(self, article: &Article) -> Vec<&str> {
        let lead = |text: fn(&Image) -> &str| article.image.as_ref().map(text).into_iter().collect();
        match self {
            Field::Headline => vec![&article.headline],
            Field::Dek => vec![&article.dek],
            Field::Slug => vec![&article.slug],
            Field::Category => vec![&article.category],
            Field::Bylines => article.bylines.iter().map(String::as_str).collect(),
            Field::Tags => article.tags.iter().map(String::as_str).collect(),
            Field::Image => lead(|image| &image.src),
            Field::Related => article
                .related
                .iter()
                .flat_map(|r| [r.slug.as_str(), r.category.as_str(), r.title.as_str(), r.teaser.as_str()])
                .collect(),
            Field::ImageAlt
            | Field::ImageCaption
            | Field::ImageCredit
            | Field::Body
            | Field::SeoTitle
            | Field::SeoDescription
            | Field::SocialTitle
            | Field::SocialDescription
            | Field::Corrections => self.prose(article),
            Field::Language => set(&article.language),
            Field::Id => set(&article.id),
            Field::Notes => article.notes.iter().flat_map(|n| n.texts()).collect(),
            Field::PublishedTo => article
                .published_to
                .iter()
                .flat_map(|p| [p.target.as_str(), p.remote_id.as_str(), p.url.as_str()])
                .collect(),
            Field::Status
            | Field::PublishedAt
            | Field::UpdatedAt
            | Field::EmbargoUntil
            | Field::TargetWords
            | Field::Share
            | Field::ImageSize => Vec::new(),
        }
    }

    /// The prose of the field as a reader reads it (what Find in Desk
    /// searches): the headline, the dek, the lead image's words, the body's
    /// texts, the search and social overrides, the corrections and the
    /// related links' titles and teasers. Notes are the desk's talk, not
    /// the story: not prose.
    pub fn prose(self, article: &Article) -> Vec<&str> {
        let lead = |text: fn(&Image) -> &str| article.image.as_ref().map(text).into_iter().collect();
        match self {
            Field::Headline => vec![&article.headline],
            Field::Dek => vec![&article.dek],
            Field::ImageAlt => lead(|image| &image.alt),
            Field::ImageCaption => lead(|image| &image.caption),
            Field::ImageCredit => lead(|image| &image.credit),
            Field::Body => article.body.iter().flat_map(Block::texts).collect(),
            Field::SeoTitle => set(&article.seo_title),
            Field::SeoDescription => set(&article.seo_description),
            Field::SocialTitle => set(&article.social_title),
            Field::SocialDescription => set(&article.social_description),
            Field::Corrections => article.corrections.iter().map(|c| c.text.as_str()).collect(),
            Field::Related => {
                article.related.iter().flat_map(|r| [r.title.as_str(), r.teaser.as_str()]).collect()
            }
            // Names, labels, times, the slug and a picture's file.
            _ => Vec::new(),
        }
    }

    /// Three-way merge of the field by its kind: text, times, status,
    /// counts and size whole (changed on one side: that side; on both,
    /// differently: a clash); tags, bylines and share targets as lists
    /// keyed by themselves, related links keyed by slug, corrections by
    /// time and kind, notes by id (a note both sides changed merged part by
    /// part, replies keyed by author and time), publications by target; the
    /// body block by block, a body image changed on both sides merged
    /// attribute by attribute.
    pub fn merge(self, base: Value, mine: Value, theirs: Value) -> Merged {
        merge::values(base, mine, theirs)
    }
}

/// An optional text as the texts it holds: none or one.
fn set(text: &Option<String>) -> Vec<&str> {
    text.as_deref().into_iter().collect()
}

/// Findings and search hits name the field as the file does.
impl Serialize for Field {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// A note's `on` names its field as the file does.
impl<'de> Deserialize<'de> for Field {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Field, D::Error> {
        let name = String::deserialize(deserializer)?;
        Field::from_name(&name).ok_or_else(|| {
            let names: Vec<&str> = Field::ALL.iter().map(|f| f.name()).collect();
            serde::de::Error::custom(format!(
                "“{name}” is not an article field; expected one of {}",
                names.join(", ")
            ))
        })
    }
}

/// An attribute of a picture: of the lead image (see [`Field::image_part`])
/// or of an image block in the body, which merges attribute by attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ImagePart {
    Src,
    Alt,
    Caption,
    Credit,
    /// Width and height: measured together from the file.
    Size,
}

impl ImagePart {
    pub const ALL: [ImagePart; 5] =
        [ImagePart::Src, ImagePart::Alt, ImagePart::Caption, ImagePart::Credit, ImagePart::Size];

    /// The attribute in an editor's words ("Lead image " + this is the
    /// panel's name for the lead image's field).
    pub fn label(self) -> &'static str {
        match self {
            ImagePart::Src => "source",
            ImagePart::Alt => "alt text",
            ImagePart::Caption => "caption",
            ImagePart::Credit => "credit",
            ImagePart::Size => "size",
        }
    }

    pub fn read(self, image: &Image) -> Value {
        match self {
            ImagePart::Src => Value::Text(image.src.clone()),
            ImagePart::Alt => Value::Text(image.alt.clone()),
            ImagePart::Caption => Value::Text(image.caption.clone()),
            ImagePart::Credit => Value::Text(image.credit.clone()),
            ImagePart::Size => Value::Size { width: image.width, height: image.height },
        }
    }

    /// Puts `value` into `image`; a value of another kind changes nothing.
    pub fn put(self, image: &mut Image, value: Value) {
        match (self, value) {
            (ImagePart::Src, Value::Text(v)) => image.src = v,
            (ImagePart::Alt, Value::Text(v)) => image.alt = v,
            (ImagePart::Caption, Value::Text(v)) => image.caption = v,
            (ImagePart::Credit, Value::Text(v)) => image.credit = v,
            (ImagePart::Size, Value::Size { width, height }) => (image.width, image.height) = (width, height),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests;
