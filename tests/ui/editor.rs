//! The editor window, driven headlessly through its accessibility tree.

use crate::common::*;
use copydesk::app::{Command, ScriptedDialogs};
use copydesk::model::article::Block;
use copydesk::storage::store;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable as _;

#[test]
fn starts_with_the_sample_and_shows_it_in_the_preview() {
    let dialogs = ScriptedDialogs::new();
    let harness = harness(&dialogs);
    let doc = harness.state().document();
    assert!(doc.path.is_none());
    assert!(!doc.is_dirty());
    assert_eq!(text_of(&harness, "Headline"), "Kestrel Bend Bets $62 Million on a Flood Wall");
    // The preview draws the headline and a section heading of the sample.
    harness.get_by_label("Kestrel Bend Bets $62 Million on a Flood Wall");
    harness.get_by_label("LOCAL");
    harness.get_by_label("By Nora Fitzwilliam and Caleb Osei");
    assert_share_chips_whole(&harness);
    assert_eq!(harness.state().title(), "Kestrel Bend Bets $62 Million on a Flood Wall — Copydesk");
}

#[test]
fn open_through_the_dialog_shows_the_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write_article(dir.path(), "harbor-ferry-returns", "Harbor Ferry Returns");
    let dialogs = ScriptedDialogs::new();
    dialogs.pick(&path);
    let mut harness = harness(&dialogs);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::O);
    settle(&mut harness);
    assert!(matches!(dialogs.requests()[0], copydesk::app::DialogRequest::OpenArticle { .. }));
    assert_eq!(harness.state().document().path.as_deref(), Some(path.as_path()));
    assert_eq!(text_of(&harness, "Headline"), "Harbor Ferry Returns");
    assert_eq!(text_of(&harness, "Slug"), "harbor-ferry-returns");
    assert_eq!(text_of(&harness, "Dek"), "A dek for the fixture.");
    let body = text_of(&harness, "Body");
    assert!(body.starts_with("## Opening Section\n\nThe fixture body"), "{body}");
    // The preview shows the file's headline and section.
    assert!(harness.query_all_by_label("Harbor Ferry Returns").count() >= 1);
    harness.get_by_label("Opening Section");
    assert_eq!(harness.state().title(), "Harbor Ferry Returns — Copydesk");
}

#[test]
fn slug_follows_the_headline_until_edited_by_hand() {
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness(&dialogs);
    harness.state_mut().issue(Command::New);
    settle(&mut harness);
    harness.get_by_label("Headline").focus();
    harness.get_by_label("Headline").type_text("Mayor Opens the New Ferry Dock");
    settle(&mut harness);
    assert_eq!(text_of(&harness, "Slug"), "mayor-opens-new-ferry-dock");

    harness.get_by_label("Slug").focus();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.get_by_label("Slug").type_text("ferry-dock-opens");
    settle(&mut harness);
    assert_eq!(text_of(&harness, "Slug"), "ferry-dock-opens");

    harness.get_by_label("Headline").focus();
    harness.get_by_label("Headline").type_text(" Early");
    settle(&mut harness);
    assert_eq!(text_of(&harness, "Headline"), "Mayor Opens the New Ferry Dock Early");
    assert_eq!(text_of(&harness, "Slug"), "ferry-dock-opens");

    // Re-linking makes it follow again.
    harness.get_by_label("Re-link").click();
    settle(&mut harness);
    assert_eq!(text_of(&harness, "Slug"), "mayor-opens-new-ferry-dock-early");
}

#[test]
fn typing_a_section_into_the_body_shows_in_the_preview() {
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness(&dialogs);
    harness.state_mut().issue(Command::New);
    settle(&mut harness);
    harness.get_by_label("Body").focus();
    harness.get_by_label("Body").type_text("## New section\n\nA paragraph under the new section.");
    settle(&mut harness);
    let analysis = harness.state().analysis().clone();
    assert_eq!(
        analysis.parsed.blocks,
        vec![
            Block::Heading { level: 2, text: "New section".into() },
            Block::Paragraph("A paragraph under the new section.".into()),
        ]
    );
    harness.get_by_label("New section");
    harness.get_by_label("A paragraph under the new section.");
    assert!(harness.state().document().is_dirty());
    assert!(harness.state().title().starts_with("● "));
}

#[test]
fn save_writes_what_is_shown() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write_article(dir.path(), "harbor-ferry-returns", "Harbor Ferry Returns");
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness(&dialogs);
    harness.state_mut().issue(Command::OpenPath(path.clone()));
    settle(&mut harness);
    harness.get_by_label("Dek").focus();
    harness.get_by_label("Dek").type_text(" More to come.");
    harness.get_by_label("Body").focus();
    harness.get_by_label("Body").type_text("\n\n> We are back.\n> — Captain Ilse Marr");
    settle(&mut harness);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    settle(&mut harness);

    let saved = store::load(&path).expect("saved file loads");
    assert_eq!(saved.dek, text_of(&harness, "Dek"));
    assert_eq!(saved.dek, "A dek for the fixture. More to come.");
    assert_eq!(saved, harness.state().document().article());
    assert_eq!(
        saved.body.last(),
        Some(&Block::Quote { text: "We are back.".into(), attribution: Some("Captain Ilse Marr".into()) })
    );
    assert!(!harness.state().document().is_dirty());
    assert!(!harness.state().title().starts_with("● "));
}

/// The article id (format 3): given at the first save, kept by later saves
/// and by undo, new for the copy Save As writes (the original keeps its own).
#[test]
fn the_id_is_given_at_the_first_save_and_renewed_by_save_as() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write_article(dir.path(), "harbor-ferry-returns", "Harbor Ferry Returns");
    assert_eq!(store::load(&path).expect("fixture").id, None, "a format 2 era file has none");
    let copy = dir.path().join("copy.ron");
    let dialogs = ScriptedDialogs::new();
    dialogs.pick(&copy);
    let mut harness = harness(&dialogs);
    harness.state_mut().issue(Command::OpenPath(path.clone()));
    settle(&mut harness);
    assert_eq!(harness.state().document().article().id, None, "loading gives none");
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    settle(&mut harness);
    let id = store::load(&path).expect("saved").id.expect("given at the first save");
    assert_eq!(harness.state().document().article().id.as_ref(), Some(&id));
    assert!(!harness.state().document().is_dirty(), "an id is not an edit");

    harness.get_by_label("Dek").focus();
    harness.get_by_label("Dek").type_text(" Later.");
    settle(&mut harness);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    settle(&mut harness);
    assert_eq!(store::load(&path).expect("saved").id.as_ref(), Some(&id), "a save keeps it");
    harness.state_mut().issue(Command::Undo);
    settle(&mut harness);
    assert_eq!(harness.state().document().article().id.as_ref(), Some(&id), "undo keeps it");

    harness.state_mut().issue(Command::SaveAs);
    settle(&mut harness);
    let copy_id = store::load(&copy).expect("the copy").id.expect("the copy has one");
    assert_ne!(copy_id, id, "Save As gives the copy a new id");
    assert_eq!(store::load(&path).expect("original").id, Some(id), "the original keeps its own");
    assert_eq!(harness.state().document().article().id, Some(copy_id));
    assert_eq!(harness.state().document().path.as_deref(), Some(copy.as_path()));
}

#[test]
fn save_as_for_a_new_article_asks_where_and_suggests_the_slug() {
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("chosen.ron");
    let dialogs = ScriptedDialogs::new();
    dialogs.pick(&target);
    let mut harness = harness(&dialogs);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    settle(&mut harness);
    match &dialogs.requests()[0] {
        copydesk::app::DialogRequest::SaveArticle { file_name, .. } => {
            assert_eq!(file_name, "kestrel-bend-flood-wall.ron")
        }
        other => panic!("expected a save dialog, got {other:?}"),
    }
    assert_eq!(
        store::load(&target).expect("saved").headline,
        "Kestrel Bend Bets $62 Million on a Flood Wall"
    );
    assert_eq!(harness.state().document().path.as_deref(), Some(target.as_path()));
}

#[test]
fn open_with_unsaved_changes_opens_a_tab_and_keeps_the_work() {
    let dir = tempfile::tempdir().expect("temp dir");
    let other = write_article(dir.path(), "other-story", "Other Story");
    let dialogs = ScriptedDialogs::new();
    dialogs.pick(&other);
    let mut harness = harness(&dialogs);
    harness.get_by_label("Headline").focus();
    harness.get_by_label("Headline").type_text(" Today");
    settle(&mut harness);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::O);
    settle(&mut harness);
    // Nothing is lost by opening, so nothing is asked.
    assert!(harness.query_by_label("Unsaved changes").is_none());
    assert_eq!(dialogs.requests().len(), 1);
    assert_eq!(text_of(&harness, "Headline"), "Other Story");
    let docs = harness.state().open_documents();
    assert_eq!(docs.len(), 2);
    assert!(docs[0].is_dirty(), "the unsaved work stays in its tab");
    assert_eq!(docs[0].fields().article.headline, "Kestrel Bend Bets $62 Million on a Flood Wall Today");
}

#[test]
fn closing_the_window_with_changes_is_cancelled_and_asks() {
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness(&dialogs);
    harness.get_by_label("Headline").focus();
    harness.get_by_label("Headline").type_text("!");
    settle(&mut harness);
    harness
        .input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    harness.step();
    let commands = &harness.output().viewport_output[&egui::ViewportId::ROOT].commands;
    assert!(commands.contains(&egui::ViewportCommand::CancelClose), "{commands:?}");
    harness.run();
    harness.get_by_label("Unsaved changes");
}

#[test]
fn a_malformed_file_shows_its_error_and_keeps_the_document() {
    let dir = tempfile::tempdir().expect("temp dir");
    let broken = dir.path().join("broken.ron");
    std::fs::write(&broken, "Article(\n    format: 1,\n    slug: 42,\n)").expect("write");
    let dialogs = ScriptedDialogs::new();
    dialogs.pick(&broken);
    let mut harness = harness(&dialogs);
    harness.get_by_label("Headline").focus();
    harness.get_by_label("Headline").type_text(" (draft)");
    settle(&mut harness);
    let before = harness.state().document().article();
    harness.state_mut().issue(Command::OpenPath(broken.clone()));
    settle(&mut harness);
    let notice = &harness.state().notices()[0];
    assert!(notice.error);
    assert!(notice.text.contains(&format!("{}:3:11", broken.display())), "{}", notice.text);
    assert!(notice.text.contains("expected string"), "{}", notice.text);
    harness.get_by_label(&notice.text.clone());
    assert_eq!(harness.state().document().article(), before);
    assert!(harness.state().document().path.is_none());
}

#[test]
fn no_dialog_available_offers_a_path_field() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write_article(dir.path(), "typed-path", "Typed Path Story");
    let dialogs = ScriptedDialogs::new();
    dialogs.answer(copydesk::app::DialogAnswer::Unavailable("No file dialog is available here.".into()));
    let mut harness = harness(&dialogs);
    harness.state_mut().issue(Command::Open);
    settle(&mut harness);
    harness.get_by_label("No file dialog is available here.");
    harness.get_by_label("Path").focus();
    harness.get_by_label("Path").type_text(path.to_str().expect("utf-8"));
    harness.get_by_label("OK").click();
    settle(&mut harness);
    assert_eq!(text_of(&harness, "Headline"), "Typed Path Story");
}

#[test]
fn dropping_a_file_opens_it() {
    #[derive(Debug)]
    struct Dropped(std::path::PathBuf);
    impl egui::DroppedFile for Dropped {
        fn path(&self) -> &std::path::Path {
            &self.0
        }
        fn bytes(&self) -> Result<Vec<u8>, String> {
            std::fs::read(&self.0).map_err(|e| e.to_string())
        }
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write_article(dir.path(), "dropped-story", "Dropped Story");
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness(&dialogs);
    harness.input_mut().dropped_files.push(std::sync::Arc::new(Dropped(path)));
    settle(&mut harness);
    assert_eq!(text_of(&harness, "Headline"), "Dropped Story");
}

#[test]
fn preview_can_be_hidden_and_narrowed() {
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness(&dialogs);
    assert!(harness.query_all_by_label("LOCAL").count() == 1);
    harness.key_press_modifiers(egui::Modifiers::COMMAND | egui::Modifiers::SHIFT, egui::Key::P);
    settle(&mut harness);
    assert!(!harness.state().prefs().preview_visible);
    assert_eq!(harness.query_all_by_label("LOCAL").count(), 0);
    harness.key_press_modifiers(egui::Modifiers::COMMAND | egui::Modifiers::SHIFT, egui::Key::P);
    harness.key_press_modifiers(egui::Modifiers::COMMAND | egui::Modifiers::SHIFT, egui::Key::M);
    settle(&mut harness);
    assert_eq!(harness.state().prefs().preview_width, copydesk::app::PreviewWidth::Phone);
    assert!(harness.query_all_by_label("LOCAL").count() == 1);
    assert_share_chips_whole(&harness);
}

/// The share bar: a checkbox in the metadata and a chip in the preview for
/// each target. A chip that does not fit moves to the next line whole; it is
/// never broken over several lines.
fn assert_share_chips_whole(harness: &App) {
    // "X" is one letter, so its chip is one line high whatever the width.
    let one_line = harness.query_all_by_label("X").map(|n| n.rect().height()).fold(0.0, f32::max);
    for target in ["Facebook", "X", "LinkedIn", "Bluesky", "WhatsApp"] {
        let nodes: Vec<_> = harness.query_all_by_label(target).collect();
        assert_eq!(nodes.len(), 2, "{target}: a checkbox and a chip");
        for node in nodes {
            assert!(node.rect().height() <= one_line + 0.5, "{target} wrapped: {:?}", node.rect());
        }
    }
}

#[test]
fn about_lists_the_shortcuts_in_words() {
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness(&dialogs);
    harness.state_mut().issue(Command::About);
    settle(&mut harness);
    assert!(harness.query_by_label("Ctrl+S  —  Save").is_some());
    assert!(harness.query_by_label("Ctrl+Shift+P  —  Show Preview").is_some());
    assert!(harness.query_by_label("Ctrl+K or F1  —  Command Palette…").is_some());
    // No Rust enum names leak into the window.
    assert!(harness.query_by_label_contains("TogglePreview").is_none());
    harness.get_by_label("Close").click();
    settle(&mut harness);
    assert!(harness.query_by_label("Ctrl+S  —  Save").is_none());
}

/// Characters no bundled font draws (signs, pictographs, other scripts)
/// in every field, the body and the preview: they show as a replacement
/// box, and nothing panics. (The test harness makes a missing glyph panic,
/// to catch one in the app's own labels; a story may hold anything, so
/// this test draws boxes as the window does.)
#[test]
fn characters_no_font_has_are_drawn_as_boxes_not_a_crash() {
    let dir = tempfile::tempdir().expect("temp dir");
    let odd = "⚠ ▸ ☃ 🦀 中文 𝔘 \u{e000}";
    let mut article = copydesk::testkit::generate::article(300, 5);
    article.headline = format!("Signs {odd}");
    article.dek = odd.into();
    article.category = odd.into();
    article.tags = vec![odd.into()];
    article.bylines = vec![odd.into()];
    article.body.insert(0, Block::Heading { text: odd.into(), level: 2 });
    article.body.insert(1, Block::Paragraph(format!("A paragraph with {odd} in it.")));
    let path = dir.path().join("signs.ron");
    store::save(&path, &article).expect("fixture saves");
    let dialogs = ScriptedDialogs::new();
    dialogs.pick(&path);
    let mut harness = harness(&dialogs);
    harness.ctx.set_missing_glyph_policy(egui::MissingGlyphPolicy::Tofu);
    harness.state_mut().issue(Command::Open);
    settle(&mut harness);
    assert!(text_of(&harness, "Headline").ends_with(odd));
    harness.get_by_label("Body").focus();
    harness.run();
    harness.get_by_label("Body").type_text(odd);
    settle(&mut harness);
    assert!(harness.state().document().body().contains(odd));
}

#[test]
fn ctrl_n_gives_the_headline_the_keyboard() {
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness(&dialogs);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::N);
    settle(&mut harness);
    type_keys(&mut harness, "Harbour Ferry Resumes");
    settle(&mut harness);
    assert_eq!(harness.state().document().fields().article.headline, "Harbour Ferry Resumes");
}

/// Clicks an item of a menu of the menu bar.
fn menu_item(harness: &mut App, menu: &str, item: &str) {
    harness.get_by_label(menu).click();
    harness.run();
    harness.get_by_label(item).click();
    settle(harness);
}

#[test]
fn the_edit_menu_has_cut_copy_paste_and_select_all() {
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness(&dialogs);
    harness.get_by_label("Edit").click();
    harness.run();
    // Each with the text field's own key beside it.
    for item in ["Cut Ctrl+X", "Copy Ctrl+C", "Paste Ctrl+V", "Select All Ctrl+A"] {
        harness.get_by_label(item);
    }
    harness.key_press(Key::Escape);
    settle(&mut harness);

    harness.get_by_label("Headline").focus();
    harness.run();
    menu_item(&mut harness, "Edit", "Select All Ctrl+A");
    type_keys(&mut harness, "Ferry Strike Ends");
    settle(&mut harness);
    assert_eq!(text_of(&harness, "Headline"), "Ferry Strike Ends", "Select All took the whole headline");
    menu_item(&mut harness, "Edit", "Select All Ctrl+A");
    harness.get_by_label("Edit").click();
    harness.run();
    harness.get_by_label("Copy Ctrl+C").click();
    // The copy reaches the clipboard in a frame of its own: watch each one.
    let mut copied = false;
    for _ in 0..6 {
        harness.step();
        copied |= harness
            .output()
            .platform_output
            .commands
            .iter()
            .any(|c| matches!(c, egui::OutputCommand::CopyText(text) if text == "Ferry Strike Ends"));
    }
    assert!(copied, "Copy put the headline on the clipboard");
    settle(&mut harness);
    menu_item(&mut harness, "Edit", "Cut Ctrl+X");
    assert_eq!(text_of(&harness, "Headline"), "", "Cut took it out");
}

#[test]
fn ctrl_shift_b_puts_the_keyboard_in_the_body() {
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness(&dialogs);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::N);
    settle(&mut harness);
    type_keys(&mut harness, "Quay Lights");
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::B);
    settle(&mut harness);
    assert!(harness.get_by_label("Body").is_focused());
    type_keys(&mut harness, "The lamps came on at dusk.");
    settle(&mut harness);
    assert_eq!(harness.state().document().body(), "The lamps came on at dusk.");
    assert_eq!(harness.state().document().fields().article.headline, "Quay Lights");
}
