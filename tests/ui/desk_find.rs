//! Find in Desk (Ctrl+Shift+F): every desk article searched, hits listed by
//! article, field and line, and a hit opens its article there in a tab.

use std::path::Path;

use crate::common::*;
use copydesk::app::{Launch, ScriptedDialogs};
use copydesk::model::article::Field;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable as _;

#[test]
fn find_in_desk_lists_hits_and_opens_one_in_a_tab_at_the_match() {
    let desk = sample_desk();
    let dialogs = ScriptedDialogs::new();
    let launch = Launch { desk: Some(desk.path().to_path_buf()), ..Launch::default() };
    let mut harness = harness_with(&dialogs, launch);
    // Unsaved work on screen: the hit must open beside it, not over it.
    harness.get_by_label("Headline").focus();
    harness.get_by_label("Headline").type_text(" Today");
    settle(&mut harness);

    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    settle(&mut harness);
    harness.get_by_label("Find in Desk");
    harness.get_by_label("Find in every desk article").type_text("millrace");
    settle(&mut harness);
    let hits = harness.state().desk_hits();
    let mut articles: Vec<&Path> = hits.iter().map(|h| h.path.as_path()).collect();
    articles.dedup();
    assert!(articles.len() >= 3, "the word is in several desk articles: {articles:?}");
    assert!(hits.iter().all(|h| h.excerpt.to_lowercase().contains("millrace")));

    // Match case narrows the list.
    let all = hits.len();
    harness.get_by_label("Match case").click_accesskit();
    settle(&mut harness);
    let exact = harness.state().desk_hits();
    assert_eq!(exact.len(), 1, "only an image's file name writes it in lowercase");
    assert!(exact[0].excerpt.contains("kestrel-bend-millrace.png"), "{}", exact[0].excerpt);
    harness.get_by_label("Match case").click_accesskit();
    settle(&mut harness);
    assert_eq!(harness.state().desk_hits().len(), all);

    let hits = harness.state().desk_hits();
    let hit = hits.iter().find(|h| h.field == Field::Body && h.line > 3).expect("a body hit").clone();
    let row = format!("Found: {} · body, line {}", hit.article, hit.line);
    harness.get_all_by_label(&row).next().expect("the hit is listed").click_accesskit();
    settle(&mut harness);
    assert!(!harness.state().modal_open());
    let docs = harness.state().open_documents();
    assert_eq!(docs.len(), 2, "a tab of its own");
    assert!(docs[0].is_dirty(), "the unsaved work stays in its tab");
    let doc = harness.state().document();
    assert_eq!(doc.path.as_deref(), Some(hit.path.as_path()));
    let chars = doc.body()[..hit.at].chars().count();
    let state = egui::text_edit::TextEditState::load(&harness.ctx, harness.state().body_editor_id())
        .expect("editor state");
    let caret = state.cursor.char_range().expect("a caret").primary.index.0;
    assert_eq!(caret, chars, "the caret is at the match");
}

#[test]
fn find_matches_are_marked_in_the_preview_too() {
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness(&dialogs);
    assert_eq!(harness.state().preview_marks(), 0);
    // The caret in a paragraph naming it: the preview follows it there.
    let at = harness.state().document().body().find("the Millrace neighborhood").expect("in the sample");
    harness.state_mut().place_cursor(at);
    settle(&mut harness);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::F);
    harness.run();
    harness.get_by_label("Find").type_text("Millrace");
    settle(&mut harness);
    let marked = harness.state().preview_marks();
    assert!(marked >= 1, "{marked} marks on the page");
}

fn scroll_body_down(harness: &mut App, times: usize) {
    for _ in 0..times {
        harness.get_by_label("Body").scroll_down();
        harness.run();
    }
    settle(harness);
}

#[test]
fn scroll_preview_with_editor_keeps_the_preview_at_the_editors_section() {
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness(&dialogs);
    scroll_body_down(&mut harness, 30);
    assert!(harness.state().preview_offset() < 1.0, "off: the preview stays where it is");
    harness.state_mut().issue(copydesk::app::Command::ToggleScrollPreview);
    settle(&mut harness);
    assert!(harness.state().prefs().preview_follows_editor, "a View toggle, remembered in the preferences");
    scroll_body_down(&mut harness, 3);
    let offset = harness.state().preview_offset();
    assert!(offset > 400.0, "on: the preview went down to the editor's section ({offset})");
}

#[test]
fn find_in_desk_reads_a_modified_open_article_as_it_is_on_screen() {
    let desk = sample_desk();
    let dialogs = ScriptedDialogs::new();
    let launch = in_desk(desk.path(), "rowing-regional-title");
    let mut harness = harness_with(&dialogs, launch);
    harness.get_by_label("Body").focus();
    harness.get_by_label("Body").type_text(" Quillfeather rowed last.");
    settle(&mut harness);
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    settle(&mut harness);
    harness.get_by_label("Find in every desk article").type_text("quillfeather");
    settle(&mut harness);
    let hits = harness.state().desk_hits();
    assert_eq!(hits.len(), 1, "only the unsaved text has it");
    let body = harness.state().document().body().to_string();
    assert_eq!(hits[0].field, Field::Body);
    assert_eq!(&body[hits[0].at..hits[0].at + 12], "Quillfeather");
}

#[test]
fn find_in_desk_names_the_file_of_each_hit() {
    let desk = sample_desk();
    // Two articles with one headline, told apart by their files.
    for slug in ["tide-gauge-fixed", "tide-gauge-fixed-again"] {
        let mut story = article(slug, "Tide Gauge Fixed");
        story
            .body
            .push(copydesk::model::article::Block::Paragraph("The gauge reads the estuary again.".into()));
        copydesk::storage::store::save(&desk.path().join(format!("{slug}.ron")), &story).expect("save");
    }
    let dialogs = ScriptedDialogs::new();
    let launch = Launch { desk: Some(desk.path().to_path_buf()), ..Launch::default() };
    let mut harness = harness_sized(&dialogs, launch, [1280.0, 800.0]);
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    settle(&mut harness);
    harness.get_by_label("Find in every desk article").type_text("estuary");
    settle(&mut harness);
    assert_eq!(harness.state().desk_hits().len(), 2);
    harness.get_by_label_contains("tide-gauge-fixed.ron");
    harness.get_by_label_contains("tide-gauge-fixed-again.ron");
}
