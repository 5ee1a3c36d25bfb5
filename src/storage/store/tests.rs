use super::*;
use crate::model::article::{Block, Image, Related, ShareTarget, Status};

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
    }
}

#[test]
fn writes_readable_pretty_ron() {
    let text = to_string(&sample());
    assert!(
        text.starts_with("Article(\n    format: 2,\n    slug: \"city-council-river-park-vote\",\n"),
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
fn format_1_files_load_as_format_2_without_images() {
    let article = parse_str(FORMAT_1, Path::new("old.ron")).expect("format 1 loads");
    assert_eq!(article.format, FORMAT);
    assert_eq!(article.image, None);
    assert_eq!(article.body, vec![Block::Paragraph("Fares rise.".into())]);
    // ron, reading the same text, agrees with the fast reader.
    let slow: Article = ron::Options::default().from_str(FORMAT_1).expect("ron reads it");
    assert_eq!(Article { format: FORMAT, ..slow }, article);
    // Saved, it is format 2 with an explicit empty image.
    let text = to_string(&article);
    assert!(text.starts_with("Article(\n    format: 2,\n"), "{text}");
    assert!(text.contains("    updated_at: None,\n    image: None,\n    share: ["), "{text}");
    assert_eq!(parse_str(&text, Path::new("new.ron")).expect("format 2 loads"), article);
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
fn format_3_is_refused_with_a_clear_message() {
    let text = FORMAT_1.replace("format: 1", "format: 3");
    let error = parse_str(&text, Path::new("new.ron")).expect_err("refused");
    assert!(error.to_string().contains("format 3"), "{error}");
}
