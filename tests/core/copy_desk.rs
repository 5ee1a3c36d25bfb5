//! The copy desk's own work without a window: open suggestions and
//! comments hold a story back at the publish gate, an embargo and a
//! schedule keep a story out of a site, its feed and its sitemap until
//! their time (the clock injected), a correction reaches the exported
//! page and its JSON-LD, what ships never holds a mark, search and social
//! overrides reach the head, and `copydesk review` lists, accepts and
//! rejects.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use copydesk::model::article::{
    Anchor, Article, Block, Correction, CorrectionKind, Field, Note, NoteKind, Status,
};
use copydesk::output::export::html::{self, Links};
use copydesk::output::export::site;
use copydesk::rules::check::{self, Location, Severity};
use copydesk::storage::desk::config::{self, DeskConfig};
use copydesk::storage::store;
use scraper::{Html, Selector};

fn at(text: &str) -> jiff::Timestamp {
    text.parse().unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn copydesk(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_copydesk")).args(args).output().expect("copydesk runs")
}

fn note(id: &str, kind: NoteKind, mark: &str, before: &str, author: &str) -> Note {
    Note {
        id: id.into(),
        kind,
        on: None,
        anchor: Some(Anchor::new(mark, before)),
        author: author.into(),
        at: at("2026-03-10T16:20:00Z"),
        text: String::new(),
        replies: Vec::new(),
        resolved: false,
    }
}

/// A story ready in every other way, with one suggestion by Tomas, one by
/// an unknown hand and a comment by Ines.
fn story(slug: &str) -> Article {
    Article {
        slug: slug.into(),
        headline: "Council Votes to Relight the Old Harbour Lamps".into(),
        dek: "The 7-2 vote restores forty gas lamps along Quay Row by winter.".into(),
        category: "Local".into(),
        bylines: vec!["Ines Marrow".into()],
        status: Status::Edit,
        published_at: Some(at("2026-03-10T18:00:00Z")),
        body: vec![
            Block::Paragraph(
                "The council voted {~~late Tuesday~>on Tuesday evening~~} to relight the lamps.".into(),
            ),
            Block::Paragraph(
                "Work starts in {==October==}{>>Is that the month the contract says?<<}.".into(),
            ),
            Block::Paragraph("The lamps were {--first--} lit in 1890{++, the clerk said++}.".into()),
        ],
        notes: vec![
            note(
                "b7e4d1c0-2a5f-4c38-8e91-6f3a0d2c9b17",
                NoteKind::Suggestion,
                "{~~late Tuesday~>on Tuesday evening~~}",
                "The council voted ",
                "Tomas Reyes",
            ),
            note(
                "0e9a6c47-81d2-4b5e-a3f0-7c1d2e8b4f66",
                NoteKind::Comment,
                "{==October==}{>>Is that the month the contract says?<<}",
                "Work starts in ",
                "Ines Marrow",
            ),
            note(
                "e2c85b3a-6d14-4f97-b0a2-19f4c7d3e8a5",
                NoteKind::Suggestion,
                "{++, the clerk said++}",
                "The lamps were {--first--} lit in 1890",
                "Tomas Reyes",
            ),
        ],
        ..Article::default()
    }
}

fn codes(findings: &[check::Finding], severity: Severity) -> Vec<&'static str> {
    findings.iter().filter(|f| f.severity == severity).map(|f| f.code).collect()
}

#[test]
fn the_gate_refuses_a_ready_story_with_an_open_comment() {
    let mut article = story("harbour-lamps");
    // Every suggestion decided: only the comment is open.
    let decided = copydesk::model::article::suggestions::decide(
        &mut article,
        copydesk::model::markup::critic::Keep::New,
        copydesk::model::article::suggestions::changes_by(None),
    );
    assert_eq!(decided, 3);
    let notes = check::article(&article, &check::Context::default());
    assert_eq!(codes(&notes, Severity::Note), vec!["open-comment"], "a note while in edit");
    let refused = check::gate(&article, Status::Ready, &check::Context::default());
    let comment = refused.iter().find(|f| f.code == "open-comment").expect("the comment holds it");
    assert_eq!(comment.severity, Severity::Error);
    assert_eq!(comment.location, Location::Body { block: 1, part: 0, offset: 15 });
    assert!(comment.message.contains("Ines Marrow"), "{}", comment.message);
    // Resolved, the gate lets it through.
    article.notes[1].resolved = true;
    article.body[1] = Block::Paragraph("Work starts in October.".into());
    assert!(
        codes(&check::gate(&article, Status::Ready, &check::Context::default()), Severity::Error).is_empty()
    );
    // A comment on a field holds it too.
    article.notes.push(Note {
        on: Some(Field::Headline),
        anchor: None,
        text: "Shorter? It wraps on phones.".into(),
        ..note("9d1e3f5a-7b2c-4d8e-a6f0-1c3b5d7e9f21", NoteKind::Comment, "", "", "Tomas Reyes")
    });
    let refused = check::gate(&article, Status::Published, &check::Context::default());
    assert!(refused.iter().any(|f| f.code == "open-comment"
        && f.severity == Severity::Error
        && f.location == Location::Field { field: Field::Headline }));
}

#[test]
fn open_suggestions_and_malformed_marks_are_findings_with_places() {
    let mut article = story("harbour-lamps");
    article.body.push(Block::Paragraph("A {++mark never closed".into()));
    article.notes.push(note(
        "5a5a5a5a-1b1b-4c4c-8d8d-0e0e0e0e0e0e",
        NoteKind::Suggestion,
        "{--gone--}",
        "",
        "Ines Marrow",
    ));
    let findings = check::gate(&article, Status::Ready, &check::Context::default());
    let open: Vec<Location> =
        findings.iter().filter(|f| f.code == "open-suggestion").map(|f| f.location).collect();
    assert_eq!(
        open,
        vec![
            Location::Body { block: 0, part: 0, offset: 18 },
            Location::Body { block: 2, part: 0, offset: 15 },
            Location::Body { block: 2, part: 0, offset: 38 },
        ]
    );
    let malformed = findings.iter().find(|f| f.code == "critic-unclosed").expect("reported");
    assert_eq!(malformed.location, Location::Body { block: 3, part: 0, offset: 2 });
    assert!(findings.iter().any(|f| f.code == "orphaned-note" && f.message.contains("{--gone--}")));

    // `copydesk check` names the file, line and column.
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("harbour-lamps.ron");
    store::save(&path, &article).expect("save");
    let out = copydesk(&["check", path.to_str().expect("utf-8")]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = stdout.lines().find(|l| l.contains("[critic-unclosed]")).expect("listed");
    let text = fs::read_to_string(&path).expect("read");
    let row = text.lines().position(|l| l.contains("A {++mark never closed")).expect("in the file") + 1;
    let col = text.lines().nth(row - 1).and_then(|l| l.find("{++")).expect("col") + 1;
    assert!(line.contains(&format!(":{row}:{col}: warning:")), "{line}");
}

#[test]
fn embargoed_and_scheduled_stories_stay_out_of_a_site_its_feed_and_sitemap_until_their_time() {
    let dir = tempfile::tempdir().expect("temp dir");
    let desk = dir.path().join("desk");
    fs::create_dir_all(&desk).expect("desk");
    config::save(
        &desk,
        &DeskConfig {
            name: "Harbour Herald".into(),
            base_url: Some("https://herald.example.org/".into()),
            ..DeskConfig::default()
        },
    )
    .expect("desk.ron");
    let published = |slug: &str| Article {
        status: Status::Published,
        published_at: Some(at("2026-03-09T12:00:00Z")),
        body: vec![Block::Paragraph(format!("The story of {slug}."))],
        notes: Vec::new(),
        ..story(slug)
    };
    let out_now = published("out-now");
    let embargoed = Article { embargo_until: Some(at("2026-03-10T17:00:00Z")), ..published("under-embargo") };
    let scheduled = Article { published_at: Some(at("2026-03-11T06:00:00Z")), ..published("six-am-story") };
    for article in [&out_now, &embargoed, &scheduled] {
        store::save(&desk.join(format!("{}.ron", article.slug)), article).expect("save");
    }
    let contents = |site: &Path| {
        let read = |name: &str| fs::read_to_string(site.join(name)).unwrap_or_default();
        (read("index.html"), read("feed.xml"), read("sitemap.xml"))
    };

    let before = dir.path().join("site-before");
    let report = site::site_at(&desk, &before, at("2026-03-10T16:00:00Z")).expect("export");
    assert_eq!(report.pages, vec!["out-now".to_string()]);
    assert!(
        report
            .skipped
            .iter()
            .any(|s| s.contains("under-embargo.ron") && s.contains("embargoed until 2026-03-10T17:00:00Z")),
        "{:?}",
        report.skipped
    );
    assert!(
        report
            .skipped
            .iter()
            .any(|s| s.contains("six-am-story.ron") && s.contains("scheduled for 2026-03-11T06:00:00Z")),
        "{:?}",
        report.skipped
    );
    let (front, feed, sitemap) = contents(&before);
    for held in ["under-embargo", "six-am-story"] {
        assert!(!before.join(held).exists(), "{held}: no page yet");
        for (name, text) in [("front page", &front), ("feed", &feed), ("sitemap", &sitemap)] {
            assert!(!text.contains(held), "{held} in the {name}");
        }
    }
    assert!(feed.contains("out-now") && sitemap.contains("out-now"));

    // After the embargo, before six: the embargoed story is out.
    let later = dir.path().join("site-later");
    let report = site::site_at(&desk, &later, at("2026-03-10T17:00:00Z")).expect("export");
    assert_eq!(report.pages.len(), 2);
    let (_, feed, sitemap) = contents(&later);
    assert!(feed.contains("under-embargo") && sitemap.contains("under-embargo"));
    assert!(!feed.contains("six-am-story"));

    // At six, everything.
    let morning = dir.path().join("site-morning");
    let report = site::site_at(&desk, &morning, at("2026-03-11T06:00:00Z")).expect("export");
    assert_eq!(report.pages.len(), 3);
    let (front, feed, sitemap) = contents(&morning);
    for slug in ["out-now", "under-embargo", "six-am-story"] {
        assert!(front.contains(slug) && feed.contains(slug) && sitemap.contains(slug), "{slug}");
    }

    // A single page refuses while embargoed, unless told.
    let page = dir.path().join("page.html");
    let path = desk.join("under-embargo.ron");
    let refused = site::page_file_at(&path, &page, at("2026-03-10T16:00:00Z"), false);
    assert!(matches!(refused, Err(site::ExportError::Embargoed { .. })));
    assert!(!page.exists());
    let warned = site::page_file_at(&path, &page, at("2026-03-10T16:00:00Z"), true).expect("forced");
    assert!(warned.iter().any(|w| w.contains("warning: embargoed until")), "{warned:?}");
    assert!(page.exists());
}

#[test]
fn the_command_line_export_refuses_an_embargoed_page_unless_told() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("story.ron");
    // An embargo far ahead of any clock this test runs on.
    let article = Article { embargo_until: Some(at("2999-01-01T00:00:00Z")), ..story("story") };
    store::save(&path, &article).expect("save");
    let page = dir.path().join("story.html");
    let (file, out) = (path.to_str().expect("utf-8"), page.to_str().expect("utf-8"));
    let refused = copydesk(&["export", file, "-o", out]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stdout).contains("embargoed until 2999-01-01T00:00:00Z"));
    assert!(!page.exists());
    let forced = copydesk(&["export", file, "-o", out, "--ignore-embargo"]);
    assert!(forced.status.success(), "{}", String::from_utf8_lossy(&forced.stdout));
    assert!(String::from_utf8_lossy(&forced.stdout).contains("warning: embargoed"));
    assert!(page.exists());
}

#[test]
fn a_published_story_with_an_open_suggestion_stays_on_the_site_as_published() {
    let dir = tempfile::tempdir().expect("temp dir");
    let desk = dir.path().join("desk");
    fs::create_dir_all(&desk).expect("desk");
    // Out already, then worked on: a suggestion and a comment left open.
    let live = Article { status: Status::Published, ..story("harbour-lamps") };
    assert!(
        codes(&check::article(&live, &check::Context::default()), Severity::Error)
            .contains(&"open-suggestion"),
        "the gate would refuse it"
    );
    store::save(&desk.join("harbour-lamps.ron"), &live).expect("save");
    // A malformed mark is different: it would ship as braces.
    let broken = Article {
        status: Status::Published,
        body: vec![Block::Paragraph("The vote was {++close.".into())],
        notes: Vec::new(),
        ..story("broken-mark")
    };
    store::save(&desk.join("broken-mark.ron"), &broken).expect("save");

    let out = dir.path().join("site");
    let report = site::site(&desk, &out).expect("export");
    assert_eq!(report.pages, vec!["harbour-lamps".to_string()], "{:?}", report.skipped);
    assert!(
        report.skipped.iter().any(|s| s.contains("broken-mark.ron") && s.contains("critic-unclosed")),
        "{:?}",
        report.skipped
    );
    let page = fs::read_to_string(out.join("harbour-lamps/index.html")).expect("page");
    let doc = Html::parse_document(&page);
    assert_eq!(
        select(&doc, "[data-element=paragraph]"),
        vec![
            "The council voted late Tuesday to relight the lamps.",
            "Work starts in October.",
            "The lamps were first lit in 1890."
        ]
    );
    for mark in ["{++", "{--", "{~~", "{==", "{>>", "contract says"] {
        assert!(!page.contains(mark), "{mark} shipped");
    }
}

fn select(doc: &Html, css: &str) -> Vec<String> {
    let selector = Selector::parse(css).unwrap_or_else(|e| panic!("{css}: {e:?}"));
    doc.select(&selector).map(|e| e.text().collect::<String>()).collect()
}

fn attr(doc: &Html, css: &str, name: &str) -> Option<String> {
    let selector = Selector::parse(css).unwrap_or_else(|e| panic!("{css}: {e:?}"));
    doc.select(&selector).next().and_then(|e| e.value().attr(name).map(str::to_string))
}

#[test]
fn a_correction_reaches_the_page_foot_and_the_json_ld_and_no_mark_ships() {
    let mut article = story("harbour-lamps");
    article.status = Status::Published;
    article.corrections = vec![
        Correction {
            at: at("2026-03-11T09:15:00Z"),
            kind: CorrectionKind::Correction,
            text: "An earlier version gave the vote as 6-3.".into(),
        },
        Correction {
            at: at("2026-03-12T10:00:00Z"),
            kind: CorrectionKind::Update,
            text: "The contract was signed.".into(),
        },
    ];
    let page = html::page(&article, Default::default(), Links::Standalone);
    let doc = Html::parse_document(&page);
    let foot = select(&doc, "[data-element=corrections] p");
    assert_eq!(
        foot,
        vec![
            "Correction, March 11, 2026: An earlier version gave the vote as 6-3.",
            "Update, March 12, 2026: The contract was signed."
        ]
    );
    assert_eq!(
        attr(&doc, "[data-element=corrections] time", "datetime").as_deref(),
        Some("2026-03-11T09:15:00Z")
    );
    let kinds: Vec<String> = {
        let selector = Selector::parse("[data-element]").expect("selector");
        doc.select(&selector).filter_map(|e| e.value().attr("data-element").map(str::to_string)).collect()
    };
    assert_eq!(kinds.last().map(String::as_str), Some("corrections"), "at the story's foot: {kinds:?}");
    let script = select(&doc, "script[type=\"application/ld+json\"]").concat();
    let json: serde_json::Value = serde_json::from_str(&script).expect("JSON-LD");
    assert_eq!(
        json["correction"],
        serde_json::json!([{
            "@type": "CorrectionComment",
            "text": "An earlier version gave the vote as 6-3.",
            "datePublished": "2026-03-11T09:15:00Z"
        }])
    );
    // Open suggestions ship as if rejected, comments not at all.
    let body = select(&doc, "[data-element=paragraph]");
    assert_eq!(
        body,
        vec![
            "The council voted late Tuesday to relight the lamps.",
            "Work starts in October.",
            "The lamps were first lit in 1890."
        ]
    );
    for mark in ["{++", "{--", "{~~", "{==", "{>>", "contract says", "the clerk said"] {
        assert!(!page.contains(mark), "{mark} shipped");
    }
}

#[test]
fn search_and_social_overrides_reach_the_head_and_empty_means_headline_and_dek() {
    let mut article = story("harbour-lamps");
    article.seo_title = Some("Harbour lamps to be relit after council vote".into());
    article.social_description = Some("Forty gas lamps come back to Quay Row.".into());
    article.social_title = Some("   ".into());
    let doc = Html::parse_document(&html::page(&article, Default::default(), Links::Standalone));
    let meta = |key: &str| attr(&doc, &format!("meta[property=\"{key}\"], meta[name=\"{key}\"]"), "content");
    assert_eq!(select(&doc, "title"), vec!["Harbour lamps to be relit after council vote"]);
    assert_eq!(meta("description").as_deref(), Some(article.dek.as_str()));
    assert_eq!(meta("og:title").as_deref(), Some(article.headline.as_str()), "blank means the headline");
    assert_eq!(meta("og:description").as_deref(), Some("Forty gas lamps come back to Quay Row."));
    assert_eq!(meta("twitter:title").as_deref(), Some(article.headline.as_str()));
    assert_eq!(meta("twitter:description").as_deref(), Some("Forty gas lamps come back to Quay Row."));
    assert_eq!(select(&doc, "h1"), vec![article.headline.clone()], "the page keeps its headline");
}

#[test]
fn a_story_runs_against_its_target_length() {
    let words = |n: usize| vec![Block::Paragraph(vec!["word"; n].join(" ") + ".")];
    let mut article = Article { target_words: Some(100), body: words(112), ..story("length") };
    article.notes.clear();
    let found = check::article(&article, &check::Context::default());
    assert!(found.iter().any(|f| f.code == "length-over-target" && f.severity == Severity::Note));
    article.body = words(108);
    assert!(
        !check::article(&article, &check::Context::default()).iter().any(|f| f.code.starts_with("length-"))
    );
    // The desk's target for the category, when the article has none.
    article.target_words = None;
    article.body = words(40);
    let targets = [("Local".to_string(), 50u32)].into_iter().collect();
    let context = check::Context { target_words: Some(&targets), ..check::Context::default() };
    assert!(check::article(&article, &context).iter().any(|f| f.code == "length-under-target"));
}

#[test]
fn copydesk_review_lists_accepts_by_author_and_rejects() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("harbour-lamps.ron");
    store::save(&path, &story("harbour-lamps")).expect("save");
    let file = path.to_str().expect("utf-8");

    let list = copydesk(&["review", file, "--list"]);
    assert!(list.status.success());
    let listed = String::from_utf8_lossy(&list.stdout);
    let text = fs::read_to_string(&path).expect("read");
    let row = text.lines().position(|l| l.contains("late Tuesday")).expect("in file") + 1;
    assert!(
        listed.contains(&format!(
            ":{row}:"
        )) && listed.contains("Replacement by Tomas Reyes, 2026-03-10T16:20:00Z: replace “late Tuesday” with “on Tuesday evening”"),
        "{listed}"
    );
    assert!(listed.contains("Deletion by an unknown author: remove “first”"), "{listed}");
    assert!(listed.contains("Comment by Ines Marrow"), "{listed}");
    assert!(listed.contains("4 open"), "{listed}");

    let accepted = copydesk(&["review", file, "--accept-all", "--author", "Tomas Reyes"]);
    assert!(String::from_utf8_lossy(&accepted.stdout).contains("accepted 2 suggestions by Tomas Reyes"));
    let article = store::load(&path).expect("load");
    assert_eq!(
        article.body[0],
        Block::Paragraph("The council voted on Tuesday evening to relight the lamps.".into())
    );
    assert_eq!(
        article.body[2],
        Block::Paragraph("The lamps were {--first--} lit in 1890, the clerk said.".into())
    );
    assert!(article.notes[0].resolved && article.notes[2].resolved && !article.notes[1].resolved);

    let rejected = copydesk(&["review", file, "--reject-all"]);
    assert!(String::from_utf8_lossy(&rejected.stdout).contains("rejected 1 suggestion"));
    let article = store::load(&path).expect("load");
    assert_eq!(article.body[2], Block::Paragraph("The lamps were first lit in 1890, the clerk said.".into()));
    assert!(matches!(&article.body[1], Block::Paragraph(t) if t.contains("{>>")), "the comment stays");

    let both = copydesk(&["review", file, "--accept-all", "--reject-all"]);
    assert!(!both.status.success(), "one decision at a time");
}
