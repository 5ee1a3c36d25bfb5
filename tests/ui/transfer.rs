//! Copy in and pages out in the window: Import… through the (scripted)
//! dialog, Paste as New Article from the clipboard, a dropped Markdown
//! file, and Export HTML… through the dialog.

use std::path::Path;

use crate::common::*;
use copydesk::app::{Command, DialogRequest, ScriptedDialogs};
use egui_kittest::kittest::Queryable as _;

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import").join(name)
}

fn assert_river_park(harness: &App) {
    assert_eq!(text_of(harness, "Headline"), "Harbor Council Approves Riverside Park After Two-Year Fight");
    assert_eq!(text_of(harness, "Slug"), "harbor-council-riverside-park-vote");
    let doc = harness.state().document();
    assert!(doc.path.is_none(), "an import is a new article");
    assert!(doc.is_dirty(), "and unsaved work from the start");
    let related = &doc.fields().article.related;
    assert!(!related.is_empty());
    assert_eq!(related[0].slug, "freight-yard-cleanup-cost");
    assert_eq!(related[0].title, "Freight Yard Cleanup Will Cost $40M");
}

#[test]
fn import_through_the_dialog_opens_a_new_article_with_its_guesses() {
    let dialogs = ScriptedDialogs::new();
    dialogs.pick(&fixture("river-park.yaml.md"));
    let mut harness = harness(&dialogs);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::I);
    settle(&mut harness);
    assert!(matches!(dialogs.requests()[0], DialogRequest::ImportCopy { .. }));
    assert_river_park(&harness);
    harness.get_by_label("Imported from river-park.yaml.md");
}

#[test]
fn paste_as_new_article_imports_the_clipboard() {
    let text = std::fs::read_to_string(fixture("river-park-blank.txt")).expect("fixture");
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness(&dialogs);
    harness.state_mut().issue(Command::PasteAsNew);
    harness.run();
    // The clipboard's answer to the paste request.
    harness.input_mut().events.push(egui::Event::Paste(text));
    settle(&mut harness);
    assert_river_park(&harness);
    harness.get_by_label("Imported from the clipboard");
}

#[test]
fn importing_beside_unsaved_work_opens_a_tab_of_its_own() {
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness(&dialogs);
    harness.get_by_label("Headline").focus();
    harness.get_by_label("Headline").type_text(" Now");
    settle(&mut harness);
    dialogs.pick(&fixture("river-park.toml.md"));
    harness.state_mut().issue(Command::Import);
    settle(&mut harness);
    assert!(harness.query_by_label("Unsaved changes").is_none(), "nothing is lost, nothing asked");
    assert_river_park(&harness);
    let docs = harness.state().open_documents();
    assert_eq!(docs.len(), 2);
    assert!(docs[0].is_dirty() && docs[0].fields().article.headline.ends_with(" Now"));
}

#[test]
fn export_html_through_the_dialog_writes_the_page() {
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("flood-wall.html");
    let dialogs = ScriptedDialogs::new();
    dialogs.pick(&target);
    let mut harness = harness(&dialogs);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::E);
    settle(&mut harness);
    assert!(matches!(dialogs.requests()[0], DialogRequest::ExportHtml { .. }));
    let page = std::fs::read_to_string(&target).expect("the page was written");
    assert!(page.starts_with("<!DOCTYPE html>") || page.starts_with("<!doctype html>"), "{}", &page[..40]);
    assert!(page.contains("Kestrel Bend Bets $62 Million on a Flood Wall"));
    assert!(page.contains("application/ld+json"));
}

#[test]
fn the_typed_export_path_starts_filled_in() {
    let dialogs = ScriptedDialogs::new();
    dialogs.answer(copydesk::app::DialogAnswer::Unavailable("No file dialog here.".into()));
    let mut harness = harness(&dialogs);
    harness.state_mut().issue(Command::ExportHtml);
    settle(&mut harness);
    let path = text_of(&harness, "Path");
    let slug = harness.state().document().fields().article.slug.clone();
    assert!(path.ends_with(&format!("{slug}.html")), "the export path is suggested: {path:?}");
}
