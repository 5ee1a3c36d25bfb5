use super::*;
use crate::article::{Block, Related, ShareTarget, Status};

/// The names in a folder, sorted (for tests that check what a save left).
pub(crate) fn file_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

pub(crate) fn sample() -> Article {
    Article {
        format: FORMAT,
        slug: "city-council-river-park-vote".into(),
        headline: "City Council Approves River Park After Two-Year Fight".into(),
        dek: "The 9-2 vote ends a dispute over the old \"rail yard\".".into(),
        category: "Local".into(),
        tags: vec!["parks".into(), "city council".into()],
        bylines: vec!["Ana Ruiz".into()],
        status: Status::Published,
        published_at: Some("2026-01-27T09:30:00Z".parse().expect("valid timestamp")),
        updated_at: None,
        share: vec![ShareTarget::Facebook, ShareTarget::X],
        body: vec![
            Block::Heading { level: 2, text: "A Long Fight".into() },
            Block::Paragraph(
                r#"The council said "yes" *late Tuesday* \ after [a hearing](https://example.org/h)."#.into(),
            ),
            Block::Quote {
                text: "We waited two years.".into(),
                attribution: Some("Resident Mia Chen".into()),
            },
            Block::List { ordered: false, items: vec!["First".into(), "Second".into()] },
        ],
        related: vec![Related {
            slug: "rail-yard-cleanup-cost".into(),
            category: "Local".into(),
            title: "Rail Yard Cleanup Will Cost $40M".into(),
            teaser: "The estimate doubled...".into(),
        }],
    }
}

#[test]
fn writes_readable_pretty_ron() {
    let text = to_string(&sample());
    assert!(
        text.starts_with("Article(\n    format: 1,\n    slug: \"city-council-river-park-vote\",\n"),
        "{text}"
    );
    assert!(text.contains("    status: Published,\n"));
    assert!(text.contains("    published_at: Some(\"2026-01-27T09:30:00Z\"),\n"));
    assert!(
        text.contains("Heading(\n            level: 2,\n            text: \"A Long Fight\",\n        ),")
    );
    assert!(!text.contains('\r'));
    assert!(text.ends_with(")\n"));
}

#[test]
fn text_round_trips_exactly() {
    let article = sample();
    let text = to_string(&article);
    let back = parse_str(&text, Path::new("x.ron")).expect("parses");
    assert_eq!(back, article);
    assert_eq!(to_string(&back), text);
}

#[test]
fn save_then_load() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("story.ron");
    save(&path, &sample()).expect("saves");
    assert_eq!(load(&path).expect("loads"), sample());
    // No temporary file is left behind.
    let names: Vec<_> =
        fs::read_dir(dir.path()).expect("list").map(|e| e.expect("entry").file_name()).collect();
    assert_eq!(names, vec![std::ffi::OsString::from("story.ron")]);
}

#[test]
fn position_counts_characters() {
    assert_eq!(position_at("ab\ncdé\nf", 0), Position { line: 1, col: 1 });
    assert_eq!(position_at("ab\ncdé\nf", 3), Position { line: 2, col: 1 });
    assert_eq!(position_at("ab\ncdé\nf", 8), Position { line: 3, col: 1 });
    assert_eq!(position_at("ab\ncdé\nf", 7), Position { line: 2, col: 4 });
}
