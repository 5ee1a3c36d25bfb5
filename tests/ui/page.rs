//! The preview draws the page the HTML export writes: for every sample,
//! the elements the preview draws, in order, are the elements of the
//! exported page, at the exported page's column on a phone; and it follows
//! the caret.

use std::fs;
use std::path::{Path, PathBuf};

use copydesk::app::{Command, ScriptedDialogs};
use copydesk::output::export::html::{self, Links};
use copydesk::storage::desk::config;
use copydesk::storage::store;
use egui_kittest::kittest::Queryable as _;

use crate::common::{self, *};

/// Where the preview leaves the element kinds it drew (`app::preview`).
fn preview_drawn_id() -> egui::Id {
    egui::Id::unique("copydesk-preview-drawn")
}

fn exported_kinds(path: &Path) -> Vec<String> {
    let article = store::load(path).unwrap_or_else(|e| panic!("{e}"));
    let desk = config::read(Path::new("assets/sample/desk.ron")).unwrap_or_else(|e| panic!("{e}"));
    let page = html::page(&article, desk.page_settings(), Links::Standalone);
    let doc = scraper::Html::parse_document(&page);
    let selector = scraper::Selector::parse("[data-element]").unwrap_or_else(|e| panic!("{e:?}"));
    doc.select(&selector).filter_map(|e| e.value().attr("data-element").map(str::to_string)).collect()
}

#[test]
fn the_preview_draws_the_exported_page_in_order() {
    let mut samples: Vec<PathBuf> = fs::read_dir("assets/sample")
        .expect("samples")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron") && !p.ends_with("desk.ron"))
        .collect();
    samples.sort();
    assert!(samples.len() >= 5);
    for sample in samples {
        // Tall enough that every row of the preview is in view and drawn.
        let harness = common::harness_sized(
            &ScriptedDialogs::default(),
            common::opening(sample.clone()),
            [1400.0, 16000.0],
        );
        let drawn: Vec<&'static str> =
            harness.ctx.data(|data| data.get_temp(preview_drawn_id())).unwrap_or_default();
        let exported = exported_kinds(&sample);
        assert!(exported.contains(&"lead-figure".to_string()), "{}: {exported:?}", sample.display());
        assert_eq!(drawn, exported, "{}", sample.display());
    }
}

#[test]
fn the_phone_preview_lays_out_at_the_exported_pages_column() {
    let sample = Path::new("assets/sample/kestrel-bend-flood-wall.ron").to_path_buf();
    let mut harness =
        common::harness_sized(&ScriptedDialogs::default(), common::opening(sample.clone()), [1920.0, 1080.0]);
    harness.state_mut().issue(copydesk::app::Command::SetPreviewWidth(copydesk::app::PreviewWidth::Phone));
    common::settle(&mut harness);
    // The exported page's text column at 375 px: its stylesheet's 16 px
    // padding on either side (the core's export tests hold the page model
    // to the stylesheet).
    let column = 343.0;
    let article = store::load(&sample).expect("loads");
    let first = match &article.body[0] {
        copydesk::model::article::Block::Paragraph(text) => text.clone(),
        other => panic!("{other:?}"),
    };
    let start: String = first.chars().take(30).collect();
    let paragraph = harness
        .query_all_by_label_contains(&start)
        .map(|n| n.rect())
        .rfind(|r| r.left() > 900.0)
        .expect("the first paragraph in the preview");
    assert!(
        paragraph.width() > column - 24.0 && paragraph.width() <= column + 0.5,
        "the paragraph wraps at the page's {column} px: {paragraph:?}"
    );
}

/// The last paragraph of the sample, as the preview draws it.
fn last_paragraph() -> String {
    sample()
        .body
        .iter()
        .rev()
        .find_map(|b| match b {
            copydesk::model::article::Block::Paragraph(text) => Some(text.clone()),
            _ => None,
        })
        .expect("a paragraph")
}

#[test]
fn the_preview_follows_the_caret_and_a_new_article_starts_at_the_top() {
    let dir = tempfile::tempdir().expect("temp dir");
    let other = write_article(dir.path(), "short-story", "Short Story");
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness(&dialogs);
    assert!(harness.query_by_label("LOCAL").is_some(), "the page starts at its kicker");
    let end = harness.state().document().body().len();
    harness.state_mut().place_cursor(end);
    for _ in 0..6 {
        settle(&mut harness);
    }
    let last = last_paragraph();
    assert!(
        harness.query_all_by_label(&last).count() >= 1,
        "the preview shows the paragraph the caret is in"
    );
    assert!(harness.query_by_label("LOCAL").is_none(), "and has scrolled away from the top");

    harness.state_mut().issue(Command::OpenPath(other));
    for _ in 0..3 {
        settle(&mut harness);
    }
    assert_eq!(text_of(&harness, "Headline"), "Short Story");
    assert!(harness.query_by_label("LOCAL").is_some(), "another article's page starts at the top");
}
