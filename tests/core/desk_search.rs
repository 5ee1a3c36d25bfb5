//! Finding text across the desk: hits name the article, the field and the
//! line; a stopped search stops; an unreadable file is reported, not fatal.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use copydesk::model::article::{Article, Block, Field, Related};
use copydesk::model::find::Query;
use copydesk::storage::desk::search;
use copydesk::storage::store;

fn put(dir: &Path, slug: &str, headline: &str, body: Vec<Block>) -> PathBuf {
    let path = dir.join(format!("{slug}.ron"));
    let article = Article {
        slug: slug.into(),
        headline: headline.into(),
        dek: "A dek about the weir.".into(),
        body,
        related: vec![Related {
            slug: "other".into(),
            category: "Local".into(),
            title: "Other".into(),
            teaser: "The Millrace mill wheel turns again.".into(),
        }],
        ..Article::default()
    };
    store::save(&path, &article).expect("save");
    path
}

fn finder(text: &str) -> copydesk::model::find::Finder {
    Query { text: text.into(), ..Query::default() }.compile().expect("valid").expect("a query")
}

#[test]
fn hits_name_the_article_field_and_line() {
    let dir = tempfile::tempdir().expect("dir");
    let weir = put(
        dir.path(),
        "weir-repair",
        "Millrace Weir Repair Starts",
        vec![
            Block::Paragraph("Crews arrived on Monday.".into()),
            Block::Heading { level: 2, text: "At the millrace".into() },
            Block::Paragraph("Nothing here.".into()),
        ],
    );
    let quiet = put(dir.path(), "quiet", "A Quiet Story", vec![Block::Paragraph("No match.".into())]);
    let broken = dir.path().join("broken.ron");
    fs::write(&broken, "Article(headline: ").expect("write");
    let paths = vec![weir.clone(), quiet.clone(), broken.clone()];
    let found = search::search(&paths, &HashMap::new(), &finder("millrace"), &AtomicBool::new(false));

    let places: Vec<(&Path, Field, usize)> =
        found.hits.iter().map(|h| (h.path.as_path(), h.field, h.line)).collect();
    assert_eq!(
        places,
        vec![
            (weir.as_path(), Field::Headline, 1),
            (weir.as_path(), Field::Body, 3),
            (weir.as_path(), Field::Related, 1),
            (quiet.as_path(), Field::Related, 1),
        ]
    );
    assert_eq!(found.hits[1].article, "Millrace Weir Repair Starts");
    assert_eq!(found.hits[1].excerpt, "## At the millrace");
    assert_eq!(found.unreadable.len(), 1);
    assert_eq!(found.unreadable[0].0, broken);
    assert!(!found.stopped);

    // Match case narrows it to the capitalised ones.
    let exact = Query { text: "Millrace".into(), match_case: true, ..Query::default() };
    let finder = exact.compile().expect("valid").expect("a query");
    let found = search::search(&paths, &HashMap::new(), &finder, &AtomicBool::new(false));
    assert_eq!(found.hits.len(), 3);
}

#[test]
fn a_stopped_search_stops() {
    let dir = tempfile::tempdir().expect("dir");
    let path = put(dir.path(), "weir", "Millrace", Vec::new());
    let found = search::search(&[path], &HashMap::new(), &finder("millrace"), &AtomicBool::new(true));
    assert!(found.stopped);
    assert!(found.hits.is_empty());
}

#[test]
fn unsaved_text_is_searched_in_place_of_the_file() {
    let dir = tempfile::tempdir().expect("dir");
    let path = put(dir.path(), "weir", "Weir", vec![Block::Paragraph("Nothing yet.".into())]);
    let held = search::Unsaved {
        fields: Article { headline: "Weir".into(), ..Article::default() },
        body: "First line.\n\nThe Millrace weir, typed but not saved.".into(),
    };
    let unsaved = HashMap::from([(path.clone(), held)]);
    let found = search::search(&[path], &unsaved, &finder("millrace"), &AtomicBool::new(false));
    assert_eq!(found.hits.len(), 1, "the file's related teaser is not what is on screen");
    assert_eq!((found.hits[0].field, found.hits[0].line, found.hits[0].at), (Field::Body, 3, 17));
}
