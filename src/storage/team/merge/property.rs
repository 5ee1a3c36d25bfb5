//! The merge property: a change to any catalogue field (or lead image
//! attribute, body block, body picture attribute, note) on one side
//! survives a change to any other on the other side.

use proptest::prelude::*;

use super::*;
use crate::model::article::{
    Anchor, Correction, CorrectionKind, Image, ImagePart, Note, NoteKind, Publication, Related, Reply,
    ShareTarget, Status,
};

/// One thing an editor changes on their own. Applied to the article's
/// struct directly, not through the catalogue, so a part the catalogue
/// forgets is a change the merge loses.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Edit {
    Slug,
    Headline,
    Dek,
    Category,
    Tags,
    Bylines,
    Status,
    PublishedAt,
    UpdatedAt,
    LeadImage(ImagePart),
    Share,
    Related,
    EmbargoUntil,
    Language,
    TargetWords,
    SeoTitle,
    SeoDescription,
    SocialTitle,
    SocialDescription,
    Correction,
    /// A new note by the side.
    AddNote,
    /// A reply to note `n`.
    Reply(usize),
    /// Note `n` resolved (or opened again).
    Resolve(usize),
    PublishedTo,
    Id,
    /// Body block `n` rewritten.
    Block(usize),
    /// One attribute of the picture at body block `n`.
    BodyImage(usize, ImagePart),
}

impl Edit {
    /// Every edit `article` allows.
    fn all(article: &Article) -> Vec<Edit> {
        let mut edits = vec![
            Edit::Slug,
            Edit::Headline,
            Edit::Dek,
            Edit::Category,
            Edit::Tags,
            Edit::Bylines,
            Edit::Status,
            Edit::PublishedAt,
            Edit::UpdatedAt,
            Edit::Share,
            Edit::Related,
            Edit::EmbargoUntil,
            Edit::Language,
            Edit::TargetWords,
            Edit::SeoTitle,
            Edit::SeoDescription,
            Edit::SocialTitle,
            Edit::SocialDescription,
            Edit::Correction,
            Edit::AddNote,
            Edit::PublishedTo,
            Edit::Id,
        ];
        edits.extend(ImagePart::ALL.map(Edit::LeadImage));
        for n in 0..article.notes.len() {
            edits.extend([Edit::Reply(n), Edit::Resolve(n)]);
        }
        for (n, block) in article.body.iter().enumerate() {
            edits.push(Edit::Block(n));
            if matches!(block, Block::Image(_)) {
                edits.extend(ImagePart::ALL.map(|part| Edit::BodyImage(n, part)));
            }
        }
        edits
    }

    /// True when the two edits touch different things.
    fn apart(self, other: Edit) -> bool {
        match (self, other) {
            (Edit::Block(a) | Edit::BodyImage(a, _), Edit::Block(b))
            | (Edit::Block(a), Edit::BodyImage(b, _)) => a != b,
            _ => self != other,
        }
    }

    /// Makes the edit, with words of `side`'s own.
    fn apply(self, article: &mut Article, side: &str) {
        match self {
            Edit::Slug => article.slug.push_str(&format!("-{side}")),
            Edit::Headline => article.headline.push_str(&format!(" ({side})")),
            Edit::Dek => article.dek.push_str(&format!(" Said {side}.")),
            Edit::Category => article.category = format!("Desk of {side}"),
            Edit::Tags => article.tags.push(format!("tag-{side}")),
            Edit::Bylines => article.bylines.insert(0, format!("Reporter {side}")),
            Edit::Status => {
                article.status =
                    if article.status == Status::Published { Status::Draft } else { Status::Published }
            }
            Edit::PublishedAt => article.published_at = Some(later(article.published_at)),
            Edit::UpdatedAt => article.updated_at = Some(later(article.updated_at)),
            Edit::LeadImage(part) => touch(article.image.get_or_insert_with(Image::default), part, side),
            Edit::Share => {
                if article.share.contains(&ShareTarget::X) {
                    article.share.retain(|t| *t != ShareTarget::X);
                } else {
                    article.share.push(ShareTarget::X);
                }
            }
            Edit::Related => article.related.push(Related {
                slug: format!("{side}-follow-up"),
                title: format!("Follow-up by {side}"),
                ..Related::default()
            }),
            Edit::EmbargoUntil => article.embargo_until = Some(later(article.embargo_until)),
            Edit::Language => {
                article.language =
                    Some(if article.language.as_deref() == Some("uk") { "de" } else { "uk" }.into())
            }
            Edit::TargetWords => article.target_words = Some(article.target_words.map_or(500, |n| n + 50)),
            Edit::SeoTitle => article.seo_title = Some(format!("Search title by {side}")),
            Edit::SeoDescription => article.seo_description = Some(format!("Described by {side}.")),
            Edit::SocialTitle => article.social_title = Some(format!("Shared by {side}")),
            Edit::SocialDescription => article.social_description = Some(format!("Shared, said {side}.")),
            Edit::Correction => article.corrections.push(Correction {
                at: later(article.corrections.last().map(|c| c.at)),
                kind: CorrectionKind::Correction,
                text: format!("Corrected by {side}."),
            }),
            Edit::AddNote => article.notes.push(std::sync::Arc::new(Note {
                id: format!("note-by-{side}"),
                kind: NoteKind::Comment,
                on: Some(Field::Dek),
                anchor: None,
                author: side.into(),
                at: jiff::Timestamp::UNIX_EPOCH,
                text: format!("A question from {side}."),
                replies: Vec::new(),
                resolved: false,
            })),
            Edit::Reply(n) => std::sync::Arc::make_mut(&mut article.notes[n]).replies.push(Reply {
                author: side.into(),
                at: jiff::Timestamp::UNIX_EPOCH,
                text: format!("An answer from {side}."),
            }),
            Edit::Resolve(n) => {
                let note = std::sync::Arc::make_mut(&mut article.notes[n]);
                note.resolved = !note.resolved;
            }
            Edit::PublishedTo => article.published_to.push(Publication {
                target: format!("Target of {side}"),
                remote_id: "1".into(),
                url: format!("https://{side}.example.org/story/"),
                remote_modified: jiff::Timestamp::UNIX_EPOCH,
            }),
            Edit::Id => article.id = Some(format!("id-of-{side}")),
            Edit::Block(n) => article.body[n] = Block::Paragraph(format!("Block {n} rewritten by {side}.")),
            Edit::BodyImage(n, part) => {
                if let Block::Image(image) = &mut article.body[n] {
                    touch(image, part, side);
                }
            }
        }
    }
}

fn later(at: Option<jiff::Timestamp>) -> jiff::Timestamp {
    let at = at.unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    at.checked_add(jiff::SignedDuration::from_hours(1)).unwrap_or(at)
}

fn touch(image: &mut Image, part: ImagePart, side: &str) {
    match part {
        ImagePart::Src => image.src = format!("photos/{side}.jpg"),
        ImagePart::Alt => image.alt.push_str(&format!(" as {side} saw it")),
        ImagePart::Caption => image.caption.push_str(&format!(" ({side})")),
        ImagePart::Credit => image.credit = format!("Photographer {side}"),
        ImagePart::Size => {
            image.width = Some(image.width.map_or(640, |w| w + 1));
            image.height = Some(image.height.map_or(480, |h| h + 1));
        }
    }
}

fn words() -> impl Strategy<Value = String> {
    "[a-z]{1,8}( [a-z]{1,8}){0,3}"
}

fn picture() -> impl Strategy<Value = Image> {
    (words(), words(), words(), proptest::option::of((100u32..4000, 100u32..4000))).prop_map(
        |(alt, caption, credit, size)| Image {
            alt,
            caption,
            credit,
            src: String::new(),
            width: size.map(|s| s.0),
            height: size.map(|s| s.1),
        },
    )
}

prop_compose! {
    /// An article with every part filled at random, its body blocks all
    /// different (so each block is known by its content).
    fn article()(
        slug in "[a-z]{1,10}(-[a-z]{1,10}){0,3}",
        headline in words(),
        dek in words(),
        category in words(),
        tags in proptest::collection::btree_set("[a-z]{1,8}", 0..4),
        bylines in proptest::collection::vec(words(), 0..3),
        status in proptest::sample::select(Status::ALL.to_vec()),
        published in proptest::option::of(0i64..2_000_000_000),
        updated in proptest::option::of(0i64..2_000_000_000),
        image in proptest::option::of(picture()),
        share in proptest::sample::subsequence(ShareTarget::ALL.to_vec(), 0..=5),
        related in proptest::collection::btree_map("[a-z]{1,10}", words(), 0..3),
        body in proptest::collection::vec(proptest::option::of(picture()), 1..7),
        copy_desk in copy_desk(),
    ) -> Article {
        let (embargo, language, target_words, overrides, corrections, notes, published_to) = copy_desk;
        let at = |s: i64| jiff::Timestamp::from_second(s).ok();
        Article {
            slug,
            headline,
            dek,
            category,
            tags: tags.into_iter().collect(),
            bylines,
            status,
            published_at: published.and_then(at),
            updated_at: updated.and_then(at),
            image: image.map(|image| Image { src: "photos/lead.jpg".into(), ..image }),
            share,
            related: related
                .into_iter()
                .map(|(slug, title)| Related { slug, title, ..Related::default() })
                .collect(),
            body: body
                .into_iter()
                .enumerate()
                .map(|(n, picture)| match picture {
                    Some(image) => Block::Image(Image { src: format!("photos/{n}.jpg"), ..image }),
                    None => Block::Paragraph(format!("Paragraph {n} of the story.")),
                })
                .collect(),
            id: Some(crate::model::article::new_id()),
            embargo_until: embargo.and_then(at),
            language,
            target_words,
            seo_title: overrides[0].clone(),
            seo_description: overrides[1].clone(),
            social_title: overrides[2].clone(),
            social_description: overrides[3].clone(),
            corrections: corrections
                .into_iter()
                .enumerate()
                .map(|(n, text)| Correction {
                    at: jiff::Timestamp::from_second(n as i64 * 3600).unwrap_or_default(),
                    kind: CorrectionKind::Update,
                    text,
                })
                .collect(),
            notes: notes
                .into_iter()
                .enumerate()
                .map(|(n, (text, resolved))| Note {
                    id: format!("note-{n}"),
                    kind: NoteKind::Suggestion,
                    on: None,
                    anchor: Some(Anchor::new(&format!("{{++{text}++}}"), "Paragraph ")),
                    author: "Ines Marrow".into(),
                    at: jiff::Timestamp::UNIX_EPOCH,
                    text,
                    replies: Vec::new(),
                    resolved,
                })
                .map(std::sync::Arc::new)
                .collect(),
            published_to: published_to
                .into_iter()
                .map(|target| Publication {
                    url: format!("https://{target}.example.org/"),
                    target,
                    remote_id: "4812".into(),
                    remote_modified: jiff::Timestamp::UNIX_EPOCH,
                })
                .collect(),
            ..Article::default()
        }
    }
}

/// Format 3's parts of a random article: embargo, language, target,
/// the four overrides, correction texts, notes (text, resolved) and
/// publication targets.
#[allow(clippy::type_complexity)]
fn copy_desk() -> impl Strategy<
    Value = (
        Option<i64>,
        Option<String>,
        Option<u32>,
        [Option<String>; 4],
        Vec<String>,
        Vec<(String, bool)>,
        Vec<String>,
    ),
> {
    (
        proptest::option::of(0i64..2_000_000_000),
        proptest::option::of(proptest::sample::select(vec!["en-US", "uk", "fr"]).prop_map(str::to_string)),
        proptest::option::of(100u32..3000),
        [
            proptest::option::of(words()),
            proptest::option::of(words()),
            proptest::option::of(words()),
            proptest::option::of(words()),
        ],
        proptest::collection::vec(words(), 0..3),
        proptest::collection::vec((words(), any::<bool>()), 0..3),
        proptest::collection::btree_set("[a-z]{1,8}", 0..3).prop_map(|set| set.into_iter().collect()),
    )
}

/// A base article and two edits to different parts of it.
fn two_edits() -> impl Strategy<Value = (Article, Edit, Edit)> {
    article()
        .prop_flat_map(|base| {
            let edits = Edit::all(&base);
            (Just(base), proptest::sample::select(edits.clone()), proptest::sample::select(edits))
        })
        .prop_filter("edits to different parts", |(_, a, b)| a.apart(*b))
}

/// The property below edits every part of the catalogue (so a field added
/// to it, and forgotten here, fails this rather than going untested).
#[test]
fn the_property_edits_every_field_of_the_catalogue() {
    let base = super::tests::story();
    for field in Field::ALL {
        let edited = Edit::all(&base).into_iter().any(|edit| {
            let mut changed = base.clone();
            edit.apply(&mut changed, "mine");
            field.differs(&base, &changed)
        });
        assert!(edited, "no edit of the merge property changes {field:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Two editors change different parts (a field, a lead image
    /// attribute, a body block, an attribute of a body picture): the merge
    /// keeps both changes, whichever side merges.
    #[test]
    fn every_change_to_a_different_part_survives_the_merge((base, a, b) in two_edits()) {
        let mut mine = base.clone();
        a.apply(&mut mine, "mine");
        let mut theirs = base.clone();
        b.apply(&mut theirs, "theirs");
        let mut both = base.clone();
        a.apply(&mut both, "mine");
        b.apply(&mut both, "theirs");
        for (first, second) in [(&mine, &theirs), (&theirs, &mine)] {
            let merge = merge_article(Some(&base), first, second);
            prop_assert!(merge.is_clean(), "{a:?} and {b:?} conflict: {:?}", merge.conflicts);
            prop_assert_eq!(&merge.merged, &both, "{:?} and {:?}", a, b);
        }
    }
}
