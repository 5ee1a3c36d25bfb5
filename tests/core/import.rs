//! Import (plain-text copy, Markdown with front matter) and Markdown
//! export: the fixtures, hostile input, the CLI, and round trips.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use copydesk::model::article::{
    Anchor, Article, Block, Correction, CorrectionKind, DEFAULT_CATEGORIES, Field, Note, NoteKind, Related,
    Reply, ShareTarget, Status,
};
use copydesk::model::markup::inline;
use copydesk::output::export;
use copydesk::output::import::{self, ImportError, Imported, front_matter};
use copydesk::storage::{desk, store};
use copydesk::testkit::generate;
use proptest::prelude::*;

const FIXTURES: &str = "tests/fixtures/import";

fn fixture(name: &str) -> PathBuf {
    Path::new(FIXTURES).join(name)
}

fn import_fixture(name: &str) -> Imported {
    let imported = import::from_file(&fixture(name), None).unwrap_or_else(|e| panic!("{e}"));
    let text = fs::read_to_string(fixture(name)).expect("fixture");
    assert_nothing_dropped(&text, &imported);
    imported
}

fn at(text: &str) -> Option<jiff::Timestamp> {
    Some(text.parse().expect("timestamp"))
}

fn codes(imported: &Imported) -> Vec<(usize, &'static str)> {
    imported.findings.iter().map(|f| (f.line, f.code)).collect()
}

fn has(imported: &Imported, line: usize, code: &str) -> bool {
    imported.findings.iter().any(|f| f.line == line && f.code == code)
}

// ---------------------------------------------------------------------
// Nothing dropped silently

fn squash(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// Everywhere an input line's words may have gone: each field, each
/// block's text, each related card, each finding.
fn destinations(imported: &Imported) -> Vec<String> {
    let a = &imported.article;
    let mut places = vec![
        a.headline.clone(),
        a.dek.clone(),
        a.slug.clone(),
        a.category.clone(),
        a.tags.concat(),
        a.bylines.concat(),
        a.share.iter().map(|t| t.label()).collect(),
        a.published_at.map(|t| t.to_string()).unwrap_or_default(),
        a.updated_at.map(|t| t.to_string()).unwrap_or_default(),
    ];
    places.extend(a.tags.iter().cloned());
    places.extend(a.bylines.iter().cloned());
    for card in &a.related {
        places.push(format!("{}{}{}{}", card.slug, card.category, card.title, card.teaser));
    }
    for block in &a.body {
        places.push(block.texts().concat());
    }
    places.extend(imported.findings.iter().map(|f| f.message.clone()));
    places.iter().map(|p| squash(p)).collect()
}

/// Keys inside front matter values (related cards, author objects).
const SUB_KEYS: &[&str] = &["name", "slug", "category", "title", "teaser"];

/// The property the issue asks for: every non-blank input line ends up in
/// a field, in the body, or in a finding. Checked on the words, so a line
/// whose words appear nowhere fails however the importer labels it.
fn assert_nothing_dropped(text: &str, imported: &Imported) {
    let places = destinations(imported);
    let found = |words: &str| words.is_empty() || places.iter().any(|p| p.contains(words));
    let front_matter_end = front_matter_end(text);
    for (n, line) in text.lines().enumerate() {
        let number = n + 1;
        if line.trim().is_empty() {
            continue;
        }
        if number <= front_matter_end {
            let bare = line.trim().trim_start_matches('-').trim();
            let (key, value) = match bare.find([':', '=']) {
                Some(at) if !bare.starts_with('{') => (&bare[..at], &bare[at + 1..]),
                _ => ("", bare),
            };
            let key = squash(key);
            let known = key.is_empty()
                || front_matter::KNOWN_KEYS.iter().any(|k| squash(k) == key)
                || SUB_KEYS.contains(&key.as_str())
                || found(&key);
            assert!(known, "line {number} key dropped: {line:?}\n{:#?}", imported.findings);
            for atom in value.split([',', '[', ']', '{', '}', ':']) {
                let words = squash(atom);
                let ok = found(&words)
                    || matches!(words.as_str(), "true" | "false" | "related")
                    || SUB_KEYS.contains(&words.as_str());
                assert!(ok, "line {number} value {atom:?} dropped: {line:?}\n{:#?}", imported.findings);
            }
        } else {
            // A list marker (`1.`, `•`, `-`) is syntax, like `##` or `>`.
            let bare = line.trim_start();
            let digits = bare.len() - bare.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            let unmarked = match bare[digits..].strip_prefix(['.', ')']) {
                Some(rest) if digits > 0 => rest,
                _ => bare,
            };
            assert!(
                found(&squash(line)) || found(&squash(unmarked)),
                "line {number} dropped: {line:?}\n{:#?}\n{:#?}",
                imported.article,
                imported.findings
            );
        }
    }
}

/// The last line of the front matter (0 when there is none).
fn front_matter_end(text: &str) -> usize {
    let mut lines = text.lines();
    let fence = match lines.next().map(str::trim_end) {
        Some(fence @ ("---" | "+++")) => fence,
        Some(first) if first.trim_start().starts_with('{') => "}",
        _ => return 0,
    };
    lines.position(|l| l.trim_end() == fence).map_or(0, |at| at + 2)
}

// ---------------------------------------------------------------------
// Plain-text copy

fn river_park_body() -> Vec<Block> {
    vec![
        Block::Paragraph("The Harbor council voted late Tuesday to turn the old freight yard into a riverside park, ending a fight that split the east side for two years.".into()),
        Block::Heading { level: 2, text: "A Long Fight".into() },
        Block::Paragraph("Residents first asked for the park in 2024, after the last freight line closed and the yard sat empty behind a chain fence.".into()),
        Block::Quote {
            text: "“We waited two years for this. Tonight the river is ours again.”".into(),
            attribution: Some("Resident Mia Castell".into()),
        },
        Block::Paragraph("The plan includes:".into()),
        Block::List {
            ordered: false,
            items: vec![
                "A walking path along the water".into(),
                "A playground beside the old signal tower".into(),
                "Space for a Saturday market".into(),
            ],
        },
        Block::Heading { level: 2, text: "What Comes Next".into() },
        Block::Paragraph("Crews will clear the yard in the spring. The council expects the first section to open by autumn.".into()),
    ]
}

#[test]
fn plain_copy_with_blank_lines_reads_every_part_of_the_page() {
    let imported = import_fixture("river-park-blank.txt");
    let a = &imported.article;
    assert_eq!(imported.source, import::Source::PlainText { blank_lines: true });
    assert_eq!(a.category, "Local");
    assert_eq!(a.headline, "Harbor Council Approves Riverside Park After Two-Year Fight");
    assert_eq!(a.dek, "The 9-2 vote ends a long dispute over the old freight yard on Quay Street.");
    assert_eq!(a.slug, "harbor-council-riverside-park-vote");
    assert_eq!(a.share, ShareTarget::ALL.to_vec());
    assert_eq!(a.bylines, vec!["Ana Ruiz", "Tomas Vell"]);
    assert_eq!(a.published_at, at("2026-01-27T09:30:00Z"));
    assert_eq!(a.updated_at, at("2026-01-28T14:05:00Z"));
    assert_eq!(a.status, Status::Draft);
    assert_eq!(a.body, river_park_body());
    assert_eq!(
        a.related,
        vec![
            Related {
                slug: "freight-yard-cleanup-cost".into(),
                category: "Local".into(),
                title: "Freight Yard Cleanup Will Cost $40M".into(),
                teaser: "The estimate doubled after soil tests found...".into(),
            },
            Related {
                slug: "quay-street-traffic-plan".into(),
                category: "Local".into(),
                title: "Quay Street Traffic Plan Goes to Vote".into(),
                teaser: "Council members will hear the plan next month.".into(),
            },
        ]
    );
    // Every guess names its line.
    assert!(has(&imported, 1, "import-category"), "{:?}", codes(&imported));
    assert!(has(&imported, 3, "import-headline"));
    assert!(has(&imported, 9, "import-share"));
    assert!(has(&imported, 17, "import-heading"));
    assert!(has(&imported, 23, "import-quote"));
    let heading = imported.findings.iter().find(|f| f.line == 17).expect("heading finding");
    assert_eq!(heading.message, "line 17 read as a section heading");
}

#[test]
fn plain_copy_with_single_newlines_gives_the_same_article() {
    let blank = import_fixture("river-park-blank.txt");
    let single = import_fixture("river-park-single.txt");
    assert_eq!(single.source, import::Source::PlainText { blank_lines: false });
    assert_eq!(single.article, blank.article);
}

#[test]
fn plain_copy_without_header_lines_takes_the_slug_from_the_file_name() {
    let imported = import_fixture("ferry-strike-bare.txt");
    let a = &imported.article;
    assert_eq!(a.headline, "Ferry Crews Walk Out Over Night Shifts");
    assert_eq!(a.dek, "Service between Northpoint and the islands stopped at dawn on Monday.");
    assert_eq!(a.slug, "ferry-strike-bare");
    assert!(a.bylines.is_empty() && a.published_at.is_none() && a.related.is_empty());
    assert!(a.share.is_empty());
    assert_eq!(
        a.body,
        vec![
            Block::Paragraph("About 40 crew members left the docks at six in the morning, the union said, after talks on night-shift pay broke down late Sunday.".into()),
            Block::Heading { level: 2, text: "Islanders Stranded".into() },
            Block::Paragraph("The strike leaves three islands without a scheduled crossing. Water taxis added trips, but at four times the usual fare.".into()),
            Block::Paragraph("The union listed three demands:".into()),
            Block::List {
                ordered: true,
                items: vec![
                    "A night-shift bonus".into(),
                    "Two crew members on every late crossing".into(),
                    "A review of the winter timetable".into(),
                ],
            },
            Block::Paragraph("Talks are set to resume on Wednesday.".into()),
        ]
    );
    assert!(has(&imported, 1, "import-slug") && has(&imported, 1, "import-share"));
}

fn target_card(target: &Article) -> Related {
    Related {
        slug: target.slug.clone(),
        category: target.category.clone(),
        title: target.headline.clone(),
        teaser: target.dek.clone(),
    }
}

#[test]
fn related_links_resolve_against_the_desk() {
    let dir = tempfile::tempdir().expect("temp dir");
    let target = Article {
        slug: "freight-yard-cleanup-cost".into(),
        headline: "Freight Yard Cleanup Will Cost $40M".into(),
        dek: "The estimate doubled after soil tests found old fuel tanks.".into(),
        category: "Local".into(),
        ..Article::default()
    };
    store::save(&dir.path().join("cleanup.ron"), &target).expect("save");
    let index = desk::Index::scan(dir.path(), &desk::Progress::default());
    // A card copied without its slug line, and one the desk does not have.
    let text = "Pier Lights Return\nThe harbor walk is lit again.\nBody copy of the story.\nRelated\n\
                Local\nFreight Yard Cleanup Will Cost $40M\nThe estimate doubled...\n\
                Local\nA Story Elsewhere\nNot on this desk.\n";
    let imported = import::from_text(text, None, Some(&index)).expect("import");
    assert_nothing_dropped(text, &imported);
    let related = &imported.article.related;
    assert_eq!(related.len(), 2, "{related:?}");
    assert_eq!(related[0].slug, "freight-yard-cleanup-cost");
    assert!(has(&imported, 5, "import-related-desk"), "{:#?}", imported.findings);
    assert_eq!(related[1].slug, "story-elsewhere");
    assert!(has(&imported, 8, "import-related-missing") && has(&imported, 8, "import-related-slug"));
    // Markdown may list related links by slug alone; the desk fills the card.
    let markdown =
        "---\ntitle: Pier Lights Return\nrelated:\n  - freight-yard-cleanup-cost\n---\nBody copy.\n";
    let imported = import::from_text(markdown, Some("pier.md"), Some(&index)).expect("import");
    assert_nothing_dropped(markdown, &imported);
    assert_eq!(imported.article.related, vec![target_card(&target)]);
    assert!(has(&imported, 3, "import-related-desk"), "{:#?}", imported.findings);
}

#[test]
fn a_related_link_the_desk_lacks_goes_to_its_page_on_the_desks_site() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("desk.ron"), "Desk(base_url: Some(\"https://courier.example.org/\"))")
        .expect("desk.ron");
    store::save(&dir.path().join("pier.ron"), &Article { slug: "pier".into(), ..Article::default() })
        .expect("save");
    let index = desk::Index::scan(dir.path(), &desk::Progress::default());
    let text = "Pier Lights Return\nThe harbor walk is lit again.\nBody copy of the story.\nRelated\n\
                story-elsewhere\nLocal\nA Story Elsewhere\nOn the site, not on this desk.\n";
    let imported = import::from_text(text, None, Some(&index)).expect("import");
    let related = &imported.article.related;
    assert_eq!(related.len(), 1, "{related:?}");
    assert_eq!(related[0].slug, "https://courier.example.org/story-elsewhere/");
    assert_eq!(related[0].address(), Some("https://courier.example.org/story-elsewhere/"));
    assert!(
        !imported.findings.iter().any(|f| f.code == "import-related-missing"),
        "{:#?}",
        imported.findings
    );
    assert!(imported.findings.iter().any(|f| f.code == "import-related-outside"), "{:#?}", imported.findings);
    // The checks take it as a page outside the desk, not a broken desk link.
    let view = desk::DeskView { index: std::sync::Arc::new(index), current: None };
    let context = copydesk::rules::check::Context { desk: Some(&view), ..Default::default() };
    let findings = copydesk::rules::check::article(&imported.article, &context);
    assert!(!findings.iter().any(|f| f.code.starts_with("related-b")), "{findings:#?}");
}

// ---------------------------------------------------------------------
// Markdown with front matter

#[test]
fn yaml_toml_and_json_front_matter_give_the_identical_article() {
    let yaml = import_fixture("river-park.yaml.md");
    let toml = import_fixture("river-park.toml.md");
    let json = import_fixture("river-park.json.md");
    assert_eq!(yaml.source, import::Source::Markdown(Some(front_matter::Kind::Yaml)));
    assert_eq!(toml.source, import::Source::Markdown(Some(front_matter::Kind::Toml)));
    assert_eq!(json.source, import::Source::Markdown(Some(front_matter::Kind::Json)));
    let a = &yaml.article;
    assert_eq!(a.headline, "Harbor Council Approves Riverside Park After Two-Year Fight");
    assert_eq!(a.dek, "The 9-2 vote ends a long dispute over the old freight yard on Quay Street.");
    assert_eq!(a.slug, "harbor-council-riverside-park-vote");
    assert_eq!(a.category, "Local");
    assert_eq!(a.tags, vec!["parks", "council", "riverside"]);
    assert_eq!(a.bylines, vec!["Ana Ruiz", "Tomas Vell"]);
    assert_eq!(a.status, Status::Published);
    assert_eq!(a.published_at, at("2026-01-27T09:30:00Z"));
    assert_eq!(a.updated_at, at("2026-01-28T14:05:00Z"));
    assert_eq!(a.share, vec![ShareTarget::Facebook, ShareTarget::X, ShareTarget::Bluesky]);
    assert_eq!(a.related.len(), 1);
    assert_eq!(a.body[0], Block::Paragraph("The Harbor council voted *late Tuesday* to turn the old freight yard into a [riverside park](https://example.org/park).".into()));
    assert_eq!(a.body[2], Block::Paragraph("Residents first asked for the park in 2024.".into()));
    assert!(
        matches!(&a.body[3], Block::Quote { attribution: Some(name), .. } if name == "Resident Mia Castell")
    );
    assert_eq!(toml.article, yaml.article);
    assert_eq!(json.article, yaml.article);
    // The conventional keys raise no warning.
    for imported in [&yaml, &toml, &json] {
        let warnings: Vec<_> = imported
            .findings
            .iter()
            .filter(|f| f.severity == copydesk::rules::check::Severity::Warning)
            .collect();
        assert!(warnings.is_empty(), "{warnings:#?}");
    }
}

#[test]
fn hugo_date_only_and_toml_local_datetimes() {
    let imported = import_fixture("hugo-dates.md");
    let a = &imported.article;
    assert_eq!(a.published_at, at("2026-03-02T00:00:00Z"));
    assert_eq!(a.updated_at, at("2026-03-03T08:15:00Z"));
    assert_eq!(a.slug, "hugo-dates");
    assert!(has(&imported, 3, "import-date") && has(&imported, 4, "import-date"), "{:#?}", imported.findings);
}

#[test]
fn jekyll_post_keeps_what_the_subset_lacks_and_reports_it() {
    let imported = import_fixture("jekyll-post.md");
    let a = &imported.article;
    assert_eq!(a.headline, "Lantern Festival Draws Record Crowd");
    assert_eq!(a.published_at, at("2026-02-15T00:45:00Z"));
    assert_eq!(a.status, Status::Draft);
    assert_eq!(a.category, "Culture");
    assert_eq!(a.tags, vec!["lanterns", "festivals"]);
    assert_eq!(a.bylines, vec!["Priya Ostrander"]);
    assert!(has(&imported, 2, "import-unknown-key"), "{:#?}", imported.findings);
    assert!(has(&imported, 5, "import-extra-categories"));
    // `# ` and `####` headings, the table and the HTML stay as text.
    assert!(has(&imported, 11, "import-markup") && has(&imported, 15, "import-markup"));
    assert!(has(&imported, 19, "import-table"));
    assert!(has(&imported, 23, "import-markup"));
    let texts: Vec<String> = a.body.iter().flat_map(|b| b.texts()).map(inline::plain).collect();
    assert!(texts.contains(&"# An Evening of Light".to_string()), "{texts:?}");
    assert!(texts.iter().any(|t| t.contains("Advertisement")));
}

#[test]
fn markdown_without_front_matter_takes_the_headline_from_the_first_heading() {
    let text = "# Tram Line Opens\n\nThe first tram left the depot at dawn.\n";
    let imported = import::from_text(text, Some("tram.md"), None).expect("import");
    assert_nothing_dropped(text, &imported);
    assert_eq!(imported.article.headline, "Tram Line Opens");
    assert_eq!(imported.article.slug, "tram");
    assert_eq!(
        imported.article.body,
        vec![Block::Paragraph("The first tram left the depot at dawn.".into())]
    );
}

#[test]
fn dates_in_hugo_jekyll_toml_and_page_forms() {
    use import::dates::{Assumed, parse};
    let utc = |text: &str| {
        let parsed = parse(text).unwrap_or_else(|| panic!("{text} should parse"));
        (parsed.at.to_string(), parsed.assumed)
    };
    assert_eq!(utc("2026-01-27T09:30:00Z"), ("2026-01-27T09:30:00Z".into(), None));
    assert_eq!(utc("2026-01-27T09:30:00+02:00"), ("2026-01-27T07:30:00Z".into(), None));
    assert_eq!(utc("2026-01-27 09:30:00 +0200"), ("2026-01-27T07:30:00Z".into(), None));
    assert_eq!(utc("2026-01-27"), ("2026-01-27T00:00:00Z".into(), Some(Assumed::Midnight)));
    assert_eq!(utc("2026-01-27T09:30:00"), ("2026-01-27T09:30:00Z".into(), Some(Assumed::Utc)));
    assert_eq!(utc("2026-01-27 09:30"), ("2026-01-27T09:30:00Z".into(), Some(Assumed::Utc)));
    assert_eq!(utc("2026-01-27 09:30 UTC"), ("2026-01-27T09:30:00Z".into(), None));
    assert_eq!(utc("January 27, 2026"), ("2026-01-27T00:00:00Z".into(), Some(Assumed::Midnight)));
    assert_eq!(utc("27 January 2026"), ("2026-01-27T00:00:00Z".into(), Some(Assumed::Midnight)));
    assert_eq!(utc("Jan 27, 2026 at 09:30"), ("2026-01-27T09:30:00Z".into(), Some(Assumed::Utc)));
    assert!(parse("next Tuesday").is_none());
    assert!(parse("").is_none());
}

// ---------------------------------------------------------------------
// Hostile input

fn front_matter_error(text: &str) -> (usize, String) {
    match import::from_text(text, Some("x.md"), None) {
        Err(ImportError::FrontMatter { line, message }) => (line, message),
        other => panic!("expected a front matter error, got {other:?}"),
    }
}

#[test]
fn yaml_billion_laughs_is_refused() {
    let mut text = String::from(
        "---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (name, previous) in
        ["b", "c", "d", "e", "f", "g", "h", "i"].iter().zip(["a", "b", "c", "d", "e", "f", "g", "h"])
    {
        let refs = vec![format!("*{previous}"); 9].join(",");
        text.push_str(&format!("{name}: &{name} [{refs}]\n"));
    }
    text.push_str("title: Boom\n---\nBody.\n");
    let (line, message) = front_matter_error(&text);
    assert!(message.contains("YAML front matter cannot be read"), "{message}");
    assert!((2..=11).contains(&line), "{line}: {message}");
}

#[test]
fn ten_thousand_deep_nesting_is_refused_in_every_syntax() {
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    for (text, syntax) in [
        (format!("---\ntitle: {deep}\n---\n"), "YAML"),
        (format!("+++\ntitle = {deep}\n+++\n"), "TOML"),
        (format!("{{\"title\": {deep}}}\n"), "JSON"),
    ] {
        let (line, message) = front_matter_error(&text);
        assert!(message.contains(&format!("the {syntax} front matter cannot be read")), "{message}");
        assert!(line <= 2, "{syntax}: line {line}");
    }
    // Block-style YAML nesting too.
    let mut nested = String::from("---\n");
    for depth in 0..200 {
        nested.push_str(&" ".repeat(depth));
        nested.push_str("a:\n");
    }
    nested.push_str("---\n");
    assert!(front_matter_error(&nested).1.contains("YAML"));
}

#[test]
fn unclosed_front_matter_is_an_error_naming_line_one() {
    let (line, message) = front_matter_error("---\ntitle: Half\n\nNo closing fence.\n");
    assert_eq!(line, 1);
    assert!(message.contains("never closed"), "{message}");
}

fn copydesk(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_copydesk")).args(args).output().expect("copydesk runs")
}

fn assert_refused(path: &Path, expect: &str) {
    let out = copydesk(&["import", path.to_str().expect("utf-8 path")]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.starts_with(&path.display().to_string()), "{stderr}");
    assert!(stderr.contains(expect), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(out.stdout.is_empty());
}

#[test]
fn cli_refuses_bad_files_with_the_file_and_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let invalid = dir.path().join("latin1.txt");
    fs::write(&invalid, b"Headline\nCaf\xe9 opens on the pier\n").expect("write");
    assert_refused(&invalid, ":2: the text is not valid UTF-8 at line 2, column 4");
    let binary = dir.path().join("photo.md");
    fs::write(&binary, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR").expect("write");
    assert_refused(&binary, ":3: this is a binary file");
    let empty = dir.path().join("empty.txt");
    fs::write(&empty, b"").expect("write");
    assert_refused(&empty, ": the input is empty");
    let blank = dir.path().join("blank.md");
    fs::write(&blank, b"\n  \n\t\n").expect("write");
    assert_refused(&blank, ": the input is empty");
    let huge = dir.path().join("huge.txt");
    fs::File::create(&huge).and_then(|f| f.set_len(60 * 1024 * 1024)).expect("sparse file");
    assert_refused(&huge, "imports over 50 MB are refused");
    let yaml = dir.path().join("bad.md");
    fs::write(&yaml, "---\ntitle: [unclosed\n---\nBody.\n").expect("write");
    assert_refused(&yaml, "YAML front matter cannot be read");
    assert_refused(&dir.path().join("missing.txt"), "cannot read the input");
}

#[test]
fn cli_imports_to_stdout_to_a_file_and_from_stdin() {
    let path = fixture("river-park-blank.txt");
    let expected = import::from_file(&path, None).expect("import").article;
    let out = copydesk(&["import", path.to_str().expect("path")]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).expect("utf-8");
    assert_eq!(store::parse_str(&stdout, Path::new("out.ron")).expect("RON"), expected);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("{}:17: note: line 17 read as a section heading", path.display())),
        "{stderr}"
    );

    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("park.ron");
    let out = copydesk(&["import", path.to_str().expect("path"), "-o", target.to_str().expect("path")]);
    assert!(out.status.success() && out.stdout.is_empty());
    // Written to a file, the import is saved: a new article with an id of its own.
    let written = store::load(&target).expect("load");
    assert!(written.id.as_deref().is_some_and(|id| copydesk::model::article::id_problem(id).is_none()));
    assert_eq!(Article { id: None, ..written }, expected);
    // Even from Markdown that carried another article's id.
    let original = store::load(Path::new("tests/fixtures/formats/format-3.ron")).expect("load");
    let md = dir.path().join("lights.md");
    fs::write(&md, export::markdown::to_string(&original).expect("export")).expect("write");
    let copy = dir.path().join("lights.ron");
    let out = copydesk(&["import", md.to_str().expect("path"), "-o", copy.to_str().expect("path")]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let copied = store::load(&copy).expect("load");
    assert!(copied.id.is_some() && copied.id != original.id, "{:?}", copied.id);
    assert_eq!(copied.notes, original.notes);
    let out = copydesk(&["import", md.to_str().expect("path")]);
    let printed = store::parse_str(&String::from_utf8_lossy(&out.stdout), Path::new("x")).expect("RON");
    assert_eq!(printed.id, None, "printed, the import has no id until saved");

    let mut child = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(["import", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    std::io::Write::write_all(&mut child.stdin.take().expect("stdin"), &fs::read(&path).expect("read"))
        .expect("pipe");
    let out = child.wait_with_output().expect("wait");
    assert!(out.status.success());
    let mut from_stdin =
        store::parse_str(&String::from_utf8_lossy(&out.stdout), Path::new("x")).expect("RON");
    // Without a file name the slug comes from the text's slug line all the same.
    assert_eq!(from_stdin.slug, expected.slug);
    from_stdin.slug.clone_from(&expected.slug);
    assert_eq!(from_stdin, expected);
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("<stdin>:"));
}

/// The format 3 example through Markdown and back: every field but where
/// it was published (machine state, left out of front matter).
#[test]
fn format_3_front_matter_round_trips() {
    let article = store::load(Path::new("tests/fixtures/formats/format-3.ron")).expect("load");
    let text = export::markdown::to_string(&article).expect("export");
    for key in [
        "id:",
        "embargo_until:",
        "language:",
        "target_words:",
        "seo_title:",
        "social_title:",
        "corrections:",
        "notes:",
    ] {
        assert!(text.contains(&format!("\n{key}")), "{key} missing:\n{text}");
    }
    assert!(!text.contains("published_to") && !text.contains("4812"), "{text}");
    let back = import::from_text(&text, Some("harbour-lights-vote.md"), None).expect("import");
    assert!(
        back.findings.iter().all(|f| f.code != "import-unknown-key" && f.code != "import-bad-value"),
        "{:?}",
        back.findings
    );
    assert_eq!(back.article, Article { published_to: Vec::new(), ..article });
}

#[test]
fn bad_format_3_front_matter_is_reported_at_its_line_and_left_out() {
    let text = "---\ntitle: Gull Point lamp relit\nid: lamp-story\nlanguage: en_GB\ntarget_words: lots\ncorrections:\n  - at: yesterday\n    kind: Correction\n    text: The lamp is older.\nnotes:\n  - kind: Scribble\n    author: Ola\n    at: 2026-03-01T10:00:00Z\n---\n\nThe lamp turned again.\n";
    let imported = import::from_text(text, Some("lamp.md"), None).expect("import");
    let a = &imported.article;
    assert_eq!((a.id.as_ref(), a.language.as_ref(), a.target_words), (None, None, None));
    assert!(a.corrections.is_empty() && a.notes.is_empty());
    let bad: Vec<(usize, &str)> = imported
        .findings
        .iter()
        .filter(|f| f.code == "import-bad-value")
        .map(|f| (f.line, f.message.as_str()))
        .collect();
    let lines: Vec<usize> = bad.iter().map(|(line, _)| *line).collect();
    assert_eq!(lines, vec![3, 4, 5, 6, 10], "{bad:?}");
    assert!(bad[0].1.contains("not an article id") && bad[1].1.contains("not a language tag"), "{bad:?}");
}

#[test]
fn cli_exports_markdown_that_imports_back_to_the_same_article() {
    let dir = tempfile::tempdir().expect("temp dir");
    let sample = Path::new("assets/sample");
    let out_dir = dir.path().join("site");
    let out = copydesk(&[
        "export",
        "--format",
        "markdown",
        sample.to_str().expect("path"),
        "-o",
        out_dir.to_str().expect("path"),
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut exported = 0;
    let mut sized_images = 0;
    for path in desk::index::article_files(sample) {
        let md = out_dir.join(path.strip_prefix(sample).expect("inside")).with_extension("md");
        let back = import::from_file(&md, None).expect("import");
        // Everything comes back exactly, the body images' pixel sizes too
        // (the front matter's `image_sizes`: the markup has no place for them).
        let original = store::load(&path).expect("load");
        sized_images += original
            .body
            .iter()
            .filter(|b| matches!(b, Block::Image(image) if image.width.is_some()))
            .count();
        assert_eq!(back.article, original, "{}", md.display());
        assert!(back.findings.iter().all(|f| f.code != "import-unknown-key"), "{:?}", back.findings);
        exported += 1;
    }
    assert!(exported >= 2);
    assert!(sized_images >= 1, "the sample desk has a measured body image");
    // One file to standard output; HTML is another helper's and says so.
    let first = desk::index::article_files(sample).remove(0);
    let out = copydesk(&["export", "--format", "markdown", first.to_str().expect("path")]);
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("---\ntitle:"));
    let out = copydesk(&["export", first.to_str().expect("path")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("HTML export"));
}

// ---------------------------------------------------------------------
// Round trips

/// Text with what breaks front matter: colons, quotes, hashes, YAML words.
fn field_text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[A-Za-z0-9 ,.:'\"#&*!?|>%@{}\\[\\]-]{0,40}",
        1 => prop::sample::select(vec!["", "true", "null", "2026", "- dash", "yes", "~", "'quoted'", "Zürich — “so”", " padded ", "a\nb"]).prop_map(str::to_string),
    ]
}

fn timestamp() -> impl Strategy<Value = Option<jiff::Timestamp>> {
    prop::option::of(
        (0i64..4_000_000_000, 0i32..1_000_000_000)
            .prop_map(|(s, ns)| jiff::Timestamp::new(s, if s % 2 == 0 { 0 } else { ns }).expect("in range")),
    )
}

/// A text front matter keeps: not blank (blank means "none").
fn kept_text() -> impl Strategy<Value = String> {
    field_text().prop_filter("not blank", |t| !t.trim().is_empty())
}

fn time() -> impl Strategy<Value = jiff::Timestamp> {
    timestamp().prop_map(|at| at.unwrap_or(jiff::Timestamp::UNIX_EPOCH))
}

fn note_strategy() -> impl Strategy<Value = Note> {
    let reply =
        (field_text(), time(), field_text()).prop_map(|(author, at, text)| Reply { author, at, text });
    (
        (
            kept_text(),
            prop::sample::select(NoteKind::ALL.to_vec()),
            prop::option::of(prop::sample::select(Field::ALL.to_vec())),
        ),
        prop::option::of((field_text(), field_text()).prop_map(|(mark, before)| Anchor { mark, before })),
        (field_text(), time(), field_text(), prop::collection::vec(reply, 0..3), any::<bool>()),
    )
        .prop_map(|((id, kind, on), anchor, (author, at, text, replies, resolved))| Note {
            id,
            kind,
            on,
            anchor,
            author,
            at,
            text,
            replies,
            resolved,
        })
}

/// Format 3's fields, as front matter carries them (all but `published_to`).
fn with_copy_desk(article: Article) -> impl Strategy<Value = Article> {
    (
        prop::option::of(any::<u128>().prop_map(uuid_text)),
        timestamp(),
        prop::option::of(
            prop::sample::select(vec!["en-US", "uk", "fr-CA", "sr-Latn"]).prop_map(str::to_string),
        ),
        prop::option::of(any::<u32>()),
        [
            prop::option::of(kept_text()),
            prop::option::of(kept_text()),
            prop::option::of(kept_text()),
            prop::option::of(kept_text()),
        ],
        prop::collection::vec(
            (time(), prop::sample::select(CorrectionKind::ALL.to_vec()), field_text())
                .prop_map(|(at, kind, text)| Correction { at, kind, text }),
            0..3,
        ),
        prop::collection::vec(note_strategy(), 0..3),
    )
        .prop_map(
            move |(
                id,
                embargo_until,
                language,
                target_words,
                [seo_title, seo_description, social_title, social_description],
                corrections,
                notes,
            )| Article {
                id,
                embargo_until,
                language,
                target_words,
                seo_title,
                seo_description,
                social_title,
                social_description,
                corrections,
                notes,
                ..article.clone()
            },
        )
}

/// A UUID's text, as Copydesk writes ids.
fn uuid_text(n: u128) -> String {
    let hex = format!("{n:032x}");
    format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..])
}

fn article_strategy() -> impl Strategy<Value = Article> {
    (
        (field_text(), field_text(), field_text(), field_text()),
        (prop::collection::vec(field_text(), 0..4), prop::collection::vec(field_text(), 0..3)),
        (prop::sample::select(Status::ALL.to_vec()), timestamp(), timestamp()),
        prop::sample::subsequence(ShareTarget::ALL.to_vec(), 0..=5),
        (1usize..300, any::<u64>()),
        prop::collection::vec((field_text(), field_text(), field_text(), field_text()), 0..3),
    )
        .prop_map(
            |(
                (slug, headline, dek, category),
                (tags, bylines),
                (status, published_at, updated_at),
                share,
                (words, seed),
                related,
            )| {
                Article {
                    slug,
                    headline,
                    dek,
                    category,
                    tags,
                    bylines,
                    status,
                    published_at,
                    updated_at,
                    share,
                    body: generate::body(words, seed),
                    related: related
                        .into_iter()
                        .map(|(slug, category, title, teaser)| Related { slug, category, title, teaser })
                        .collect(),
                    ..Article::default()
                }
            },
        )
        .prop_flat_map(with_copy_desk)
}

/// The page as a browser's "copy" gives it: what a reader sees, top to
/// bottom, without markup.
fn browser_copy(article: &Article, blank_lines: bool) -> String {
    let mut lines: Vec<String> = Vec::new();
    if !article.category.is_empty() {
        lines.push(article.category.clone());
    }
    lines.push(article.headline.clone());
    lines.push(article.dek.clone());
    lines.push(article.slug.clone());
    if !article.share.is_empty() {
        lines.push(article.share.iter().map(|t| t.label()).collect::<Vec<_>>().join(" "));
    }
    match article.bylines.as_slice() {
        [] => {}
        [one] => lines.push(format!("By {one}")),
        [rest @ .., last] => lines.push(format!("By {} and {last}", rest.join(", "))),
    }
    if let Some(at) = article.published_at {
        lines.push(format!("Published {at}"));
    }
    if let Some(at) = article.updated_at {
        lines.push(format!("Updated {at}"));
    }
    for block in &article.body {
        match block {
            Block::Heading { text, .. } | Block::Paragraph(text) => lines.push(inline::plain(text)),
            Block::Quote { text, attribution } => {
                lines.push(inline::plain(text));
                if let Some(name) = attribution {
                    lines.push(format!("— {}", inline::plain(name)));
                }
            }
            Block::List { ordered, items } => {
                for (n, item) in items.iter().enumerate() {
                    let marker = if *ordered { format!("{}.", n + 1) } else { "•".to_string() };
                    lines.push(format!("{marker} {}", inline::plain(item)));
                }
            }
            // A picture is not text: a copy of the page has none of it.
            Block::Image(_) => {}
        }
    }
    if !article.related.is_empty() {
        lines.push("Related".into());
        for card in &article.related {
            lines.extend([card.slug.clone(), card.category.clone(), card.title.clone(), card.teaser.clone()]);
        }
    }
    // A browser separates blocks with a blank line, or with one newline;
    // a list's items are always on consecutive lines.
    let mut out = String::new();
    for line in lines {
        let item = line.starts_with("• ") || line.chars().next().is_some_and(|c| c.is_ascii_digit());
        if !out.is_empty() {
            out.push('\n');
            if blank_lines
                && !(item
                    && out.trim_end().lines().last().is_some_and(|l| {
                        l.starts_with("• ") || l.chars().next().is_some_and(|c| c.is_ascii_digit())
                    }))
            {
                out.push('\n');
            }
        }
        out.push_str(&line);
    }
    out.push('\n');
    out
}

/// A block as the reader sees it: plain text, and no heading levels or
/// unattributed quotes (a page's copy shows neither).
fn visible(blocks: &[Block]) -> Vec<Block> {
    let mut visible: Vec<Block> = blocks
        .iter()
        .map(|block| match block {
            Block::Heading { text, .. } => Block::Heading { level: 2, text: inline::plain(text) },
            Block::Paragraph(text) | Block::Quote { text, attribution: None } => {
                Block::Paragraph(inline::plain(text))
            }
            Block::Quote { text, attribution: Some(name) } => {
                Block::Quote { text: inline::plain(text), attribution: Some(inline::plain(name)) }
            }
            Block::List { ordered, items } => {
                Block::List { ordered: *ordered, items: items.iter().map(|i| inline::plain(i)).collect() }
            }
            Block::Image(image) => Block::Image(image.clone()),
        })
        .filter(|block| !matches!(block, Block::Image(_)))
        .collect();
    // A page's last line reads as copy, not as a heading over nothing.
    if let Some(Block::Heading { text, .. }) = visible.last().cloned() {
        visible.pop();
        visible.push(Block::Paragraph(text));
    }
    visible
}

const NAMES: &[&str] = &["Ana Ruiz", "Tomas Vell", "Mia Castell", "Priya Ostrander", "Jon Okoro"];

fn page_strategy() -> impl Strategy<Value = (Article, bool)> {
    (
        (30usize..600, 1u64..5_000),
        prop::option::of(prop::sample::select(DEFAULT_CATEGORIES.to_vec())),
        prop::sample::subsequence(ShareTarget::ALL.to_vec(), 0..=5),
        prop::sample::subsequence(NAMES.to_vec(), 0..=3),
        (timestamp(), timestamp()),
        0usize..4,
        any::<bool>(),
    )
        .prop_map(
            |((words, seed), category, share, bylines, (published_at, updated_at), related, blank)| {
                let mut article = generate::article(words, seed);
                article.category = category.unwrap_or_default().to_string();
                article.share = share;
                article.bylines = bylines.into_iter().map(str::to_string).collect();
                article.published_at = published_at;
                article.updated_at = updated_at;
                article.related.truncate(related);
                (article, blank)
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn markdown_export_imports_back_equal(article in article_strategy()) {
        let text = export::markdown::to_string(&article).expect("export");
        let imported = import::from_text(&text, Some("story.md"), None).expect("import");
        prop_assert_eq!(&imported.article, &article, "{}", text);
    }

    #[test]
    fn browser_copy_imports_back_to_the_visible_article((article, blank) in page_strategy()) {
        let text = browser_copy(&article, blank);
        let imported = import::from_text(&text, None, None).expect("import");
        assert_nothing_dropped(&text, &imported);
        let a = &imported.article;
        prop_assert_eq!(&a.category, &article.category);
        prop_assert_eq!(&a.headline, &article.headline);
        prop_assert_eq!(&a.dek, &article.dek);
        prop_assert_eq!(&a.slug, &article.slug);
        prop_assert_eq!(&a.share, &article.share);
        prop_assert_eq!(&a.bylines, &article.bylines);
        prop_assert_eq!(a.published_at, article.published_at);
        prop_assert_eq!(a.updated_at, article.updated_at);
        prop_assert_eq!(visible(&a.body), visible(&article.body), "{}", text);
        prop_assert_eq!(&a.related, &article.related);
    }
}

#[test]
fn body_image_sizes_come_from_front_matter_and_bad_entries_are_reported() {
    let text = "---\ntitle: Gull Point lighthouse relit\nimage_sizes:\n  - src: lamp.png\n    width: 1400\n    height: 933\n  - src: keeper.png\n    width: wide\n    height: 10\n---\n\nThe lamp turned again on Friday.\n\n![The lamp room](lamp.png \"The lamp room at dusk\")\n\n![The keeper](keeper.png)\n";
    let imported = import::from_text(text, Some("lighthouse.md"), None).expect("import");
    let images: Vec<_> = imported
        .article
        .body
        .iter()
        .filter_map(|b| match b {
            Block::Image(image) => Some((image.src.as_str(), image.width, image.height)),
            _ => None,
        })
        .collect();
    assert_eq!(images, [("lamp.png", Some(1400), Some(933)), ("keeper.png", None, None)]);
    let bad: Vec<_> = imported.findings.iter().filter(|f| f.code == "import-bad-value").collect();
    assert_eq!(bad.len(), 1, "{:?}", imported.findings);
    assert_eq!(bad[0].line, 3, "the line of the `image_sizes` key");
    assert!(bad[0].message.contains("keeper.png"), "{}", bad[0].message);
}

// ---------------------------------------------------------------------
// Limits and line ends

#[test]
fn a_key_given_twice_is_refused_at_its_second_line_in_every_syntax() {
    for (text, syntax) in [
        ("---\ntitle: Ferry Notes\nslug: ferry-notes\ntitle: Ferry Notes Again\n---\nBody.\n", "YAML"),
        ("+++\ntitle = \"Ferry Notes\"\nslug = \"ferry-notes\"\ntitle = \"Again\"\n+++\nBody.\n", "TOML"),
        (
            "{\n  \"title\": \"Ferry Notes\",\n  \"slug\": \"ferry-notes\",\n  \"title\": \"Again\"\n}\nBody.\n",
            "JSON",
        ),
    ] {
        let (line, message) = front_matter_error(text);
        assert_eq!(line, 4, "{syntax}: {message}");
        assert!(message.contains(&format!("the {syntax} front matter cannot be read")), "{message}");
        assert!(message.contains("title"), "{syntax}: {message}");
    }
    // Many keys: each finding is on its own key's line, whatever the order
    // the parser hands them over in (TOML's come sorted).
    let keys = 3_000;
    let mut yaml = String::from("---\ntitle: Ferry Notes\n");
    let mut toml = String::from("+++\ntitle = \"Ferry Notes\"\n");
    let mut json = String::from("{\n  \"title\": \"Ferry Notes\"");
    for n in (0..keys).rev() {
        yaml.push_str(&format!("note_{n}: Filed {n}\n"));
        toml.push_str(&format!("note_{n} = \"Filed {n}\"\n"));
        json.push_str(&format!(",\n  \"note_{n}\": \"Filed {n}\""));
    }
    yaml.push_str("---\nBody.\n");
    toml.push_str("+++\nBody.\n");
    json.push_str("\n}\nBody.\n");
    for text in [yaml, toml, json] {
        let imported = import::from_text(&text, Some("notes.md"), None).unwrap_or_else(|e| panic!("{e}"));
        let unknown: Vec<&import::Finding> =
            imported.findings.iter().filter(|f| f.code == "import-unknown-key").collect();
        assert_eq!(unknown.len(), keys);
        for finding in unknown {
            let n: usize = finding
                .message
                .split('`')
                .nth(1)
                .and_then(|k| k.strip_prefix("note_"))
                .and_then(|n| n.parse().ok())
                .expect("a note key");
            assert_eq!(finding.line, 3 + (keys - 1 - n), "{}", finding.message);
        }
    }
}

#[test]
fn headings_outside_the_subset_are_each_reported_at_their_line() {
    let lines = 20_000;
    let text: String = (0..lines).map(|n| format!("#### Ferry note {n}\n")).collect();
    let imported = import::from_text(&text, Some("notes.md"), None).unwrap_or_else(|e| panic!("{e}"));
    let reported: Vec<usize> =
        imported.findings.iter().filter(|f| f.code == "import-markup").map(|f| f.line).collect();
    assert_eq!(reported, (1..=lines).collect::<Vec<_>>());
}

#[test]
fn nesting_past_32_is_refused_alike_in_yaml_toml_and_json() {
    // The front matter's own map is the first level.
    let nested = |depth: usize| format!("{}{}", "[".repeat(depth - 1), "]".repeat(depth - 1));
    for syntax in ["YAML", "TOML", "JSON"] {
        let text = |depth: usize| match syntax {
            "YAML" => format!("---\ntitle: Deep\ntags: {}\n---\nBody.\n", nested(depth)),
            "TOML" => format!("+++\ntitle = \"Deep\"\ntags = {}\n+++\nBody.\n", nested(depth)),
            _ => format!("{{\n  \"title\": \"Deep\",\n  \"tags\": {}\n}}\nBody.\n", nested(depth)),
        };
        let ok = import::from_text(&text(32), Some("deep.md"), None);
        assert!(ok.is_ok(), "{syntax}: 32 deep refused: {ok:?}");
        let (line, message) = front_matter_error(&text(33));
        assert!(message.contains(&format!("the {syntax} front matter cannot be read")), "{message}");
        assert!(message.contains("32"), "{syntax}: {message}");
        assert_eq!(line, 3, "{syntax}: {message}");
    }
}

#[test]
fn carriage_returns_alone_end_lines_as_line_feeds_do() {
    let markdown = "---\rtitle: Ferry Notes\rslug: ferry-notes\rtags: [harbour]\rcolour: blue\r---\r\rThe ferry ran late.\r\r#### Aside\r\rIt ran later still.\r";
    let imported = import::from_text(markdown, Some("notes.md"), None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(imported.source, import::Source::Markdown(Some(front_matter::Kind::Yaml)));
    assert_eq!(imported.article.headline, "Ferry Notes");
    assert_eq!(imported.article.slug, "ferry-notes");
    assert_eq!(imported.article.tags, ["harbour"]);
    assert!(has(&imported, 5, "import-unknown-key"), "{:?}", codes(&imported));
    assert!(has(&imported, 10, "import-markup"), "{:?}", codes(&imported));
    assert_eq!(imported.article.body.first(), Some(&Block::Paragraph("The ferry ran late.".into())));
    assert_eq!(imported.article.body.last(), Some(&Block::Paragraph("It ran later still.".into())));
    let with_lf = import::from_text(&markdown.replace('\r', "\n"), Some("notes.md"), None).expect("import");
    assert_eq!(imported, with_lf);
    let plain = fs::read_to_string(fixture("river-park-blank.txt")).expect("fixture");
    let from_cr = import::from_text(&plain.replace('\n', "\r"), Some("park.txt"), None).expect("import");
    assert_eq!(from_cr, import::from_text(&plain, Some("park.txt"), None).expect("import"));
}

#[test]
fn import_warnings_reach_the_terminal_escaped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("notes.md");
    fs::write(
        &path,
        "---\ntitle: Ferry Notes\nmood: \"calm\\e[2K\\e]0;owned\\a\"\n---\n\nThe ferry ran late.\n",
    )
    .expect("write");
    let out = copydesk(&["import", path.to_str().expect("utf-8")]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("mood"), "{stderr}");
    assert!(!stderr.contains(['\u{1b}', '\u{7}']), "{stderr:?}");
}
