//! The merge of an article by field: fixed cases (the property is in
//! `property.rs`).

use super::*;
use crate::model::article::{Image, Related};
use crate::storage::desk::DeskConfig;

fn p(text: &str) -> Block {
    Block::Paragraph(text.into())
}

pub(super) fn story() -> Article {
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

/// Format 3's keyed lists: one editor adds a note while another appends a
/// correction, and two editors reply to one note at once.
#[test]
fn notes_and_corrections_merge_as_keyed_lists() {
    use std::sync::Arc;

    use crate::model::article::{Correction, CorrectionKind, Note, NoteKind, Reply};
    let at = |s: i64| jiff::Timestamp::from_second(s).unwrap_or_default();
    let question = Note {
        id: "note-1".into(),
        kind: NoteKind::Comment,
        on: Some(Field::Headline),
        anchor: None,
        author: "Ines Marrow".into(),
        at: at(100),
        text: "Reopens, or reopened?".into(),
        replies: Vec::new(),
        resolved: false,
    };
    let mut base = story();
    base.notes.push(Arc::new(question.clone()));
    let mut mine = base.clone();
    mine.notes.push(Arc::new(Note {
        id: "note-2".into(),
        text: "Check the date.".into(),
        ..question.clone()
    }));
    Arc::make_mut(&mut mine.notes[0]).replies.push(Reply {
        author: "Ama Okonkwo".into(),
        at: at(200),
        text: "Reopens.".into(),
    });
    let mut theirs = base.clone();
    theirs.corrections.push(Correction {
        at: at(300),
        kind: CorrectionKind::Correction,
        text: "The bridge opened a day early.".into(),
    });
    Arc::make_mut(&mut theirs.notes[0]).replies.push(Reply {
        author: "Bram Kestrel".into(),
        at: at(210),
        text: "Agreed.".into(),
    });
    Arc::make_mut(&mut theirs.notes[0]).resolved = true;
    let merge = merge_article(Some(&base), &mine, &theirs);
    assert!(merge.is_clean(), "{:?}", merge.conflicts);
    let merged = merge.merged;
    assert_eq!(merged.corrections, theirs.corrections);
    assert_eq!(merged.notes.iter().map(|n| n.id.as_str()).collect::<Vec<_>>(), ["note-1", "note-2"]);
    let replies: Vec<&str> = merged.notes[0].replies.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(replies, ["Reopens.", "Agreed."]);
    assert!(merged.notes[0].resolved);
    // The same note's words changed both ways: a conflict on the notes only.
    let mut mine = base.clone();
    Arc::make_mut(&mut mine.notes[0]).text = "Reopens?".into();
    let mut theirs = base.clone();
    Arc::make_mut(&mut theirs.notes[0]).text = "Reopened?".into();
    theirs.headline = "Harbour bridge reopened".into();
    let merge = merge_article(Some(&base), &mine, &theirs);
    let fields: Vec<Field> = merge.conflicts.iter().map(|c| c.field).collect();
    assert_eq!(fields, vec![Field::Notes]);
    assert_eq!(merge.resolve(&[Choice::TakeTheirs]).notes[0].text, "Reopened?");
    assert_eq!(merge.merged.headline, "Harbour bridge reopened");
}
