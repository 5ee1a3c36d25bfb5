use super::*;
use crate::model::article::{
    Anchor, Block, Correction, CorrectionKind, Field, Image, Note, NoteKind, Publication, Related, Reply,
    ShareTarget, Status,
};

/// The names in a folder, sorted (for tests that check what a save left).
pub(crate) fn file_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// An article with every field set, format 3's too.
pub(crate) fn sample() -> Article {
    let at = |text: &str| text.parse::<jiff::Timestamp>().expect("valid timestamp");
    Article {
        format: FORMAT,
        id: Some("3f2b8c1e-9a47-4d06-b5e1-7c0d9e4a2f18".into()),
        slug: "city-council-river-park-vote".into(),
        headline: "City Council Approves River Park After Two-Year Fight".into(),
        dek: "The 9-2 vote ends a dispute over the old \"rail yard\".".into(),
        category: "Local".into(),
        tags: vec!["parks".into(), "city council".into()],
        bylines: vec!["Ana Ruiz".into()],
        status: Status::Published,
        published_at: Some("2026-01-27T09:30:00Z".parse().expect("valid timestamp")),
        updated_at: None,
        embargo_until: Some(at("2026-01-27T09:00:00Z")),
        language: Some("en-US".into()),
        target_words: Some(900),
        seo_title: Some("River park approved after \"two-year\" fight".into()),
        seo_description: Some("The council's 9-2 vote settles the rail yard.".into()),
        social_title: None,
        social_description: Some(String::new()),
        image: Some(Image {
            alt: "The old rail yard from the footbridge".into(),
            caption: "Weeds cover the \"yard\" today.".into(),
            credit: "Ana Ruiz".into(),
            src: "photos/rail-yard.jpg".into(),
            width: Some(1600),
            height: Some(900),
        }),
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
            Block::Image(Image {
                alt: "A map of the park".into(),
                src: "https://maps.example.org/park.png".into(),
                ..Image::default()
            }),
        ],
        related: vec![Related {
            slug: "rail-yard-cleanup-cost".into(),
            category: "Local".into(),
            title: "Rail Yard Cleanup Will Cost $40M".into(),
            teaser: "The estimate doubled...".into(),
        }],
        corrections: vec![Correction {
            at: at("2026-01-28T10:00:00Z"),
            kind: CorrectionKind::EditorsNote,
            text: "This story was updated with the \"final\" vote.".into(),
        }],
        notes: vec![
            Note {
                id: "9d1e5a2b-6c3f-4e80-a7b4-2f8c0d1e3a95".into(),
                kind: NoteKind::Comment,
                on: None,
                anchor: Some(Anchor::new("{==a hearing==}{>>Which one?<<}", "after ")),
                author: "Mia Chen".into(),
                at: at("2026-01-27T08:00:00Z"),
                text: "Which one?".into(),
                replies: vec![Reply {
                    author: "Ana Ruiz".into(),
                    at: at("2026-01-27T08:05:00Z"),
                    text: "The \\ second.".into(),
                }],
                resolved: false,
            },
            Note {
                id: "1a7c3e9f-0b2d-4f68-8e15-c4a9d7b3e0f2".into(),
                kind: NoteKind::Suggestion,
                on: Some(Field::ImageCaption),
                anchor: None,
                author: "Mia Chen".into(),
                at: at("2026-01-27T08:10:00Z"),
                text: String::new(),
                replies: Vec::new(),
                resolved: true,
            },
        ]
        .into_iter()
        .map(std::sync::Arc::new)
        .collect(),
        published_to: vec![Publication {
            target: "Courier Ghost".into(),
            remote_id: "65f1c0a2e4b0".into(),
            url: "https://courier.example.org/river-park/".into(),
            remote_modified: at("2026-01-28T10:00:03Z"),
        }],
    }
}

#[test]
fn writes_readable_pretty_ron() {
    let text = to_string(&sample());
    assert!(
        text.starts_with(
            "Article(\n    format: 3,\n    id: Some(\"3f2b8c1e-9a47-4d06-b5e1-7c0d9e4a2f18\"),\n    slug: \"city-council-river-park-vote\",\n"
        ),
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

/// A format 1 file, as Copydesk 0.1 wrote it (no images).
const FORMAT_1: &str = r#"Article(
    format: 1,
    slug: "ferry-fares-rise",
    headline: "Ferry Fares Rise in March",
    dek: "A one-way ticket will cost $4.",
    category: "Local",
    tags: [],
    bylines: [
        "Ana Ruiz",
    ],
    status: Draft,
    published_at: None,
    updated_at: None,
    share: [
        X,
    ],
    body: [
        Paragraph("Fares rise."),
    ],
    related: [],
)
"#;

#[test]
fn format_1_files_load_as_format_3_without_images() {
    let article = parse_str(FORMAT_1, Path::new("old.ron")).expect("format 1 loads");
    assert_eq!(article.format, FORMAT);
    assert_eq!(article.image, None);
    assert_eq!(article.body, vec![Block::Paragraph("Fares rise.".into())]);
    // ron, reading the same text, agrees with the fast reader.
    let slow: Article = ron::Options::default().from_str(FORMAT_1).expect("ron reads it");
    assert_eq!(Article { format: FORMAT, ..slow }, article);
    // Saved, it is format 3, every newer field written out empty.
    let text = to_string(&article);
    assert!(text.starts_with("Article(\n    format: 3,\n    id: None,\n"), "{text}");
    assert!(text.contains("    social_description: None,\n    image: None,\n    share: ["), "{text}");
    assert!(text.ends_with("    corrections: [],\n    notes: [],\n    published_to: [],\n)\n"), "{text}");
    assert_eq!(parse_str(&text, Path::new("new.ron")).expect("format 3 loads"), article);
}

#[test]
fn an_image_in_a_format_1_file_is_still_read() {
    // Hand-edited files may add an image before bumping the format; they
    // read the same way.
    let text = FORMAT_1.replace("    share:", "    image: Some(Image(alt: \"A\", caption: \"\", credit: \"\", src: \"a.png\", width: None, height: None)),\n    share:");
    let article = parse_str(&text, Path::new("x.ron")).expect("loads");
    assert_eq!(article.image.map(|i| i.src), Some("a.png".into()));
}

#[test]
fn format_4_is_refused_with_a_clear_message() {
    let text = FORMAT_1.replace("format: 1", "format: 4");
    let error = parse_str(&text, Path::new("new.ron")).expect_err("refused");
    assert!(error.to_string().contains("format 4"), "{error}");
}

/// A malformed format 3 field is an error at its line and column, like any
/// other field's, saying what was expected.
#[test]
fn a_malformed_format_3_field_names_its_line_and_column() {
    let text = to_string(&sample());
    let cases = [
        ("id: Some(\"3f2b8c1e", "id: Some(\"not-an-id", "not an article id"),
        ("language: Some(\"en-US\")", "language: Some(\"en_US\")", "not a language tag"),
        ("embargo_until: Some(\"2026-01-27T09:00:00Z\")", "embargo_until: Some(\"soon\")", "not a time"),
        ("target_words: Some(900)", "target_words: Some(-9)", "out of bounds"),
        ("kind: EditorsNote", "kind: Erratum", "Erratum"),
        ("on: Some(\"image.caption\")", "on: Some(\"kicker\")", "not an article field"),
        ("remote_modified: \"2026", "remote_modified: \"later", "not a time"),
        ("resolved: true", "resolved: \"yes\"", "expected"),
    ];
    for (find, replace, says) in cases {
        assert!(text.contains(find), "{find}");
        let bad = text.replacen(find, replace, 1);
        let error = parse_str(&bad, Path::new("bad.ron")).expect_err(find);
        let line = 1 + bad[..bad.find(replace).expect("replaced")].matches('\n').count();
        let at = error.at.expect("a position");
        assert_eq!(at.line, line, "{error}");
        assert!(error.to_string().starts_with(&format!("bad.ron:{line}:")), "{error}");
        assert!(error.to_string().contains(says), "{error}");
    }
}
