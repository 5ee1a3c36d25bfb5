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

/// A Markdown file long enough (30 MB) that importing it takes a while:
/// seconds in a debug build, where a frame takes milliseconds.
fn long_copy(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("long-notes.md");
    let mut text = String::from("---\ntitle: Long Notes From the Ferry Office\nslug: long-notes\n---\n\n");
    for n in 0..400_000 {
        text.push_str(&format!("The ferry from the north quay ran late for the {n}th time this season.\n\n"));
    }
    std::fs::write(&path, text).expect("write");
    path
}

#[test]
fn import_runs_off_the_window_thread_and_escape_cancels_it() {
    use egui::accesskit::Role;
    let dir = tempfile::tempdir().expect("temp dir");
    let long = long_copy(dir.path());
    let dialogs = ScriptedDialogs::new();
    dialogs.pick(&long);
    let mut harness = harness(&dialogs);
    harness.state_mut().issue(Command::Import);
    // The command runs after its frame; the dialog answers in the next,
    // which starts the import; the notice is laid out there and shown in
    // the one after (a new area's first frame only measures it).
    harness.step();
    harness.step();
    harness.step();
    harness.get_by_label("Importing long-notes.md…");
    harness.get_by_role_and_label(Role::Button, "Cancel import");
    assert_eq!(harness.state().open_documents().len(), 1, "nothing opened yet");
    harness.key_press(egui::Key::Escape);
    harness.step();
    settle(&mut harness);
    assert_eq!(harness.state().open_documents().len(), 1, "a cancelled import opens nothing");
    assert!(harness.query_by_label("Importing long-notes.md…").is_none());
    let notice = harness.state().notices().last().map(|n| n.text.clone()).unwrap_or_default();
    assert!(notice.contains("cancelled"), "{notice}");
    // The next one runs to its end.
    dialogs.pick(&fixture("river-park.yaml.md"));
    harness.state_mut().issue(Command::Import);
    settle(&mut harness);
    assert_river_park(&harness);
}

#[test]
fn export_html_copies_the_pages_pictures_beside_it() {
    let desk = tempfile::tempdir().expect("desk");
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample");
    for name in ["kestrel-bend-flood-wall.ron", "kestrel-bend-flood-wall.png", "kestrel-bend-millrace.png"] {
        std::fs::copy(sample.join(name), desk.path().join(name)).expect("copy");
    }
    let out = tempfile::tempdir().expect("out");
    let target = out.path().join("flood-wall.html");
    let dialogs = ScriptedDialogs::new();
    dialogs.pick(&target);
    let mut harness = harness_with(&dialogs, opening(desk.path().join("kestrel-bend-flood-wall.ron")));
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::E);
    settle(&mut harness);
    let page = std::fs::read_to_string(&target).expect("the page was written");
    for picture in ["kestrel-bend-flood-wall.png", "kestrel-bend-millrace.png"] {
        assert!(page.contains(picture), "{picture}");
        assert_eq!(
            std::fs::read(out.path().join(picture)).ok(),
            std::fs::read(sample.join(picture)).ok(),
            "{picture} beside the page"
        );
    }
}
