//! The merge of an article by field: fixed cases, and a property that a
//! change to any catalogue field on one side survives a change to any
//! other on the other side.

use proptest::prelude::*;

use super::*;
use crate::model::article::{Image, ImagePart, Related, ShareTarget, Status};
use crate::storage::desk::DeskConfig;

fn p(text: &str) -> Block {
    Block::Paragraph(text.into())
}

fn story() -> Article {
    Article {
        slug: "harbour-bridge".into(),
        headline: "Harbour bridge reopens".into(),
        dek: "Crews finished early.".into(),
        category: "Local".into(),
        tags: vec!["bridge".into(), "harbour".into()],
        body: vec![p("One."), p("Two."), p("Three."), p("Four.")],
        ..Article::default()
    }
}

#[test]
fn different_fields_merge_cleanly() {
    let base = story();
    let mut mine = base.clone();
    mine.headline = "Harbour bridge reopens at dawn".into();
    mine.tags.push("transport".into());
    mine.body[0] = p("One, edited by mine.");
    let mut theirs = base.clone();
    theirs.dek = "Crews finished a week early.".into();
    theirs.tags.retain(|t| t != "harbour");
    theirs.body[3] = p("Four, edited by theirs.");
    theirs.body.push(p("Five."));
    let merge = merge_article(Some(&base), &mine, &theirs);
    assert!(merge.is_clean(), "{:?}", merge.conflicts);
    let a = merge.merged;
    assert_eq!(a.headline, mine.headline);
    assert_eq!(a.dek, theirs.dek);
    assert_eq!(a.tags, vec!["bridge", "transport"]);
    assert_eq!(
        a.body,
        vec![p("One, edited by mine."), p("Two."), p("Three."), p("Four, edited by theirs."), p("Five.")]
    );
}

#[test]
fn same_field_conflicts_and_each_choice_resolves() {
    let base = story();
    let mut mine = base.clone();
    mine.headline = "Mine".into();
    mine.body[1] = p("Two by mine.");
    let mut theirs = base.clone();
    theirs.headline = "Theirs".into();
    theirs.body[1] = p("Two by theirs.");
    let merge = merge_article(Some(&base), &mine, &theirs);
    let fields: Vec<Field> = merge.conflicts.iter().map(|c| c.field).collect();
    assert_eq!(fields, vec![Field::Headline, Field::Body]);
    assert_eq!(merge.merged, mine);
    let keep = merge.resolve(&[Choice::KeepMine, Choice::KeepMine]);
    assert_eq!(keep, mine);
    let take = merge.resolve(&[Choice::TakeTheirs, Choice::TakeTheirs]);
    assert_eq!(take, theirs);
    let both = merge.resolve(&[Choice::KeepBoth, Choice::KeepBoth]);
    assert_eq!(both.headline, "Mine");
    assert_eq!(both.body, vec![p("One."), p("Two by mine."), p("Two by theirs."), p("Three."), p("Four.")]);
}

#[test]
fn blocks_added_at_the_same_place_keep_both() {
    let base = story();
    let mut mine = base.clone();
    mine.body.insert(2, p("Mine adds this."));
    let mut theirs = base.clone();
    theirs.body.insert(2, p("Theirs adds that."));
    let merge = merge_article(Some(&base), &mine, &theirs);
    assert!(merge.is_clean());
    assert_eq!(merge.merged.body[2..4], [p("Mine adds this."), p("Theirs adds that.")]);
}

#[test]
fn related_link_changed_both_ways_conflicts_on_that_field_only() {
    let link =
        |slug: &str, title: &str| Related { slug: slug.into(), title: title.into(), ..Related::default() };
    let mut base = story();
    base.related = vec![link("ferry-times", "Ferry times")];
    let mut mine = base.clone();
    mine.related[0].title = "Ferry times change".into();
    mine.related.push(link("night-bus", "Night bus"));
    let mut theirs = base.clone();
    theirs.related[0].title = "New ferry times".into();
    let merge = merge_article(Some(&base), &mine, &theirs);
    assert_eq!(merge.conflicts.len(), 1);
    let take = merge.resolve(&[Choice::TakeTheirs]);
    assert_eq!(take.related, vec![link("ferry-times", "New ferry times"), link("night-bus", "Night bus")]);
}

#[test]
fn desk_conflict_keeps_mine_and_reports() {
    let base = DeskConfig::default();
    let mut mine = base.clone();
    mine.name = "Harbour Herald".into();
    mine.words.push("Kestrelby".into());
    let mut theirs = base.clone();
    theirs.name = "The Harbour Herald".into();
    theirs.words.push("Orrinford".into());
    let (merged, conflicts) = merge_desk(Some(&base), &mine, &theirs);
    assert_eq!(merged.name, "Harbour Herald");
    assert_eq!(merged.words, vec!["Kestrelby", "Orrinford"]);
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0].field, "name");
}

#[test]
fn a_body_picture_changed_on_both_sides_merges_by_attribute() {
    let picture = |alt: &str, credit: &str| {
        Block::Image(Image {
            src: "photos/quay.jpg".into(),
            alt: alt.into(),
            credit: credit.into(),
            ..Image::default()
        })
    };
    let mut base = story();
    base.body.insert(1, picture("The quay", "Desk photo"));
    let mut mine = base.clone();
    mine.body[1] = picture("The quay at dawn", "Desk photo");
    mine.body[3] = p("Three, by mine.");
    let mut theirs = base.clone();
    theirs.body[1] = picture("The quay", "Lena Moss");
    theirs.body[2] = p("Two, by theirs.");
    for (a, b) in [(&mine, &theirs), (&theirs, &mine)] {
        let merge = merge_article(Some(&base), a, b);
        assert!(merge.is_clean(), "{:?}", merge.conflicts);
        assert_eq!(
            merge.merged.body,
            vec![
                p("One."),
                picture("The quay at dawn", "Lena Moss"),
                p("Two, by theirs."),
                p("Three, by mine."),
                p("Four.")
            ]
        );
    }
    // The same attribute changed both ways is a conflict on that block only.
    theirs.body[1] = picture("A wet quay", "Desk photo");
    let merge = merge_article(Some(&base), &mine, &theirs);
    assert_eq!(merge.conflicts.len(), 1, "{:?}", merge.conflicts);
    assert_eq!((merge.conflicts[0].field, merge.conflicts[0].at), (Field::Body, 1));
    assert_eq!(merge.resolve(&[Choice::TakeTheirs]).body[1], picture("A wet quay", "Desk photo"));
}

#[test]
fn the_lead_image_merges_by_attribute_and_a_removal_keeps_what_the_other_side_typed() {
    let mut base = story();
    base.image = Some(Image { src: "lead.jpg".into(), alt: "The bridge".into(), ..Image::default() });
    let mut mine = base.clone();
    mine.headline = "Harbour bridge reopens at last".into();
    let mut theirs = base.clone();
    if let Some(image) = &mut theirs.image {
        image.alt = "The bridge at dusk".into();
        image.credit = "Ola Brandt".into();
    }
    let merge = merge_article(Some(&base), &mine, &theirs);
    assert!(merge.is_clean(), "{:?}", merge.conflicts);
    assert_eq!(merge.merged.headline, mine.headline);
    assert_eq!(merge.merged.image, theirs.image);
    // One side takes the picture off while the other rewrites its alt text
    // and adds a credit: the alt text is a conflict, the new credit is kept
    // (no typed text is lost), and the source the removal cleared stays
    // cleared, which the checks report as an image with no source.
    mine.image = None;
    let merge = merge_article(Some(&base), &mine, &theirs);
    let fields: Vec<Field> = merge.conflicts.iter().map(|c| c.field).collect();
    assert_eq!(fields, vec![Field::ImageAlt]);
    let kept = merge.resolve(&[Choice::KeepMine]).image.expect("the new credit");
    assert_eq!((kept.alt.as_str(), kept.credit.as_str(), kept.src.as_str()), ("", "Ola Brandt", ""));
    let taken = merge.resolve(&[Choice::TakeTheirs]).image.expect("an image");
    assert_eq!(
        (taken.alt.as_str(), taken.credit.as_str(), taken.src.as_str()),
        ("The bridge at dusk", "Ola Brandt", "")
    );
    // A removal that meets no typed change takes the picture off.
    let mut theirs = base.clone();
    theirs.dek = "Crews finished a week early.".into();
    let merge = merge_article(Some(&base), &mine, &theirs);
    assert!(merge.is_clean(), "{:?}", merge.conflicts);
    assert_eq!(merge.merged.image, None);
}

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
        ];
        edits.extend(ImagePart::ALL.map(Edit::LeadImage));
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
    ) -> Article {
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
            ..Article::default()
        }
    }
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
    let base = story();
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
