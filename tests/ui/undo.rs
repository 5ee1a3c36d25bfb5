//! Undo and redo in the window: one field at a time, saying which field it
//! changed and going there.

use crate::common::*;
use copydesk::app::ScriptedDialogs;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable as _;

#[test]
fn undo_then_redo_restores_the_state() {
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness(&dialogs);
    let original = harness.state().document().body().to_string();
    harness.get_by_label("Body").focus();
    harness.get_by_label("Body").type_text(" Added words.");
    // Let the edit settle into an undo point (egui groups after a quiet second).
    for _ in 0..8 {
        harness.step();
    }
    settle(&mut harness);
    let edited = harness.state().document().body().to_string();
    assert_eq!(edited, format!("{original} Added words."));
    harness.get_by_label("Headline").focus();
    harness.get_by_label("Headline").type_text(" Now");
    for _ in 0..8 {
        harness.step();
    }
    settle(&mut harness);

    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    settle(&mut harness);
    assert_eq!(text_of(&harness, "Headline"), "Kestrel Bend Bets $62 Million on a Flood Wall");
    assert_eq!(harness.state().document().body(), edited);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    settle(&mut harness);
    assert_eq!(harness.state().document().body(), original);
    assert!(!harness.state().document().is_dirty());

    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Y);
    settle(&mut harness);
    assert_eq!(harness.state().document().body(), edited);
    harness.key_press_modifiers(egui::Modifiers::COMMAND | egui::Modifiers::SHIFT, egui::Key::Z);
    settle(&mut harness);
    assert_eq!(text_of(&harness, "Headline"), "Kestrel Bend Bets $62 Million on a Flood Wall Now");
}

#[test]
fn undo_restores_one_field_at_a_time_and_says_which() {
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness(&dialogs);
    let headline = text_of(&harness, "Headline");
    let body = harness.state().document().body().to_string();
    harness.get_by_label("Headline").focus();
    harness.key_press(Key::End);
    harness.key_press(Key::Backspace);
    harness.key_press(Key::Backspace);
    harness.run();
    // Within the second, type in the body.
    harness.get_by_label("Body").focus();
    harness.get_by_label("Body").type_text("Z");
    harness.run();
    assert_ne!(harness.state().document().body(), body);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut harness);
    assert_eq!(harness.state().document().body(), body, "the body edit is undone");
    assert_eq!(text_of(&harness, "Headline"), headline[..headline.len() - 2], "the headline edit is not");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut harness);
    assert_eq!(text_of(&harness, "Headline"), headline);
    let notice = harness.state().notices().last().map(|n| n.text.clone()).unwrap_or_default();
    assert!(notice.contains("headline"), "the undo says what it changed: {notice}");
    assert!(harness.get_by_label("Headline").is_focused(), "and goes there");
}

#[test]
fn undoing_a_related_link_edit_names_the_related_links() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut story = copydesk::model::article::Article {
        related: vec![copydesk::model::article::Related {
            slug: "old-pier".into(),
            category: "Local".into(),
            title: "The Old Pier".into(),
            teaser: "A teaser.".into(),
        }],
        ..article("pier-story", "Pier Story")
    };
    story.tags = vec!["piers".into()];
    let path = dir.path().join("pier-story.ron");
    copydesk::storage::store::save(&path, &story).expect("saves");
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness_with(&dialogs, opening(path));
    harness.get_by_label("Related 1 title").focus();
    harness.get_by_label("Related 1 title").type_text(" Reopens");
    settle(&mut harness);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut harness);
    let notice = harness.state().notices().last().map(|n| n.text.clone()).unwrap_or_default();
    assert_eq!(notice, "Undone: a change to the related links.");
}
