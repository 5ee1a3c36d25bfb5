//! The metadata panel: fields that take typing straight away (a new tag or
//! byline, Enter going on to the next one), messages that wrap inside the
//! panel, and a panel that follows Tab.

use crate::common::*;
use copydesk::app::ScriptedDialogs;
use copydesk::storage::store;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable as _;

#[test]
fn enter_in_a_tag_or_byline_field_starts_the_next_one() {
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness(&dialogs);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::N);
    settle(&mut harness);
    harness.get_by_label("+ Add tag").click();
    harness.run();
    type_keys(&mut harness, "Ukraine");
    harness.key_press(Key::Enter);
    harness.run();
    type_keys(&mut harness, "diplomacy");
    harness.key_press(Key::Enter);
    harness.run();
    // Enter in the empty field the last Enter made ends the list.
    harness.key_press(Key::Enter);
    settle(&mut harness);
    assert_eq!(harness.state().document().fields().article.tags, vec!["Ukraine", "diplomacy"]);
    // The keyboard stays in the list, on its "+ Add" button, so Tab goes on
    // to the next field (it went back to the menu bar).
    assert!(harness.get_by_label("+ Add tag").is_focused(), "the keyboard is on “+ Add tag”");
    harness.key_press(Key::Tab);
    harness.run();
    assert!(harness.get_by_label("Published").is_focused(), "Tab goes on to the next field");

    harness.get_by_label("+ Add byline").click();
    harness.run();
    type_keys(&mut harness, "Ilse Moravec");
    harness.key_press(Key::Enter);
    harness.run();
    type_keys(&mut harness, "Tomas Brel");
    settle(&mut harness);
    assert_eq!(harness.state().document().fields().article.bylines, vec!["Ilse Moravec", "Tomas Brel"]);
}

#[test]
fn add_tag_then_typing_fills_the_tag_and_an_empty_byline_is_not_saved() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write_article(dir.path(), "tag-story", "Tag Story");
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness_with(&dialogs, opening(path.clone()));
    harness.get_by_label("+ Add tag").click();
    harness.run();
    assert!(harness.get_by_label("Tag 1").is_focused(), "the new tag field has the keyboard");
    // Typed straight away, without clicking the field.
    harness.get_by_label("Tag 1").type_text("ferries");
    settle(&mut harness);
    assert_eq!(harness.state().document().fields().article.tags, vec!["ferries".to_string()]);

    harness.get_by_label("+ Add byline").click();
    settle(&mut harness);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    settle(&mut harness);
    let saved = store::load(&path).expect("saved");
    assert_eq!(saved.bylines, vec!["Rosa Lind".to_string()], "no empty byline on disk");
    assert_eq!(saved.tags, vec!["ferries".to_string()]);
}

#[test]
fn messages_wrap_instead_of_being_cut_and_a_long_headline_is_read_whole() {
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness(&dialogs);
    let long = "Kestrel Bend Council Approves a Flood Wall, a Buyout Fund and a New Pump Station After a Four-Hour Hearing That Ran Past Midnight";
    harness.get_by_label("Headline").focus();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.get_by_label("Headline").type_text(long);
    settle(&mut harness);
    assert_eq!(text_of(&harness, "Headline"), long);
    let field = harness.get_by_label("Headline").rect();
    assert!(field.height() > 40.0, "the headline wraps onto more lines: {field:?}");
    let counter = harness.get_by_label_contains("too long").rect();
    assert!(counter.right() <= field.right() + 1.0, "the counter is whole: {counter:?}");
    // The slug warning is a full-size, wrapped line inside the panel.
    harness.get_by_label("Slug").focus();
    harness.get_by_label("Slug").type_text(" Bad Slug");
    settle(&mut harness);
    let message = harness.get_by_label_contains("Invalid slug").rect();
    assert!(message.height() >= 14.0, "readable: {message:?}");
    assert!(message.right() <= field.right() + 1.0, "inside the panel: {message:?} vs {field:?}");
}

#[test]
fn the_metadata_panel_follows_tab() {
    use egui_kittest::kittest::{By, NodeT as _};
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness(&dialogs);
    harness.get_by_label("Updated").focus();
    settle(&mut harness);
    let visible_bottom = harness.get_by_label("Checks").rect().top();
    let mut reached = None;
    for _ in 0..60 {
        harness.key_press(Key::Tab);
        settle(&mut harness);
        let focused: Vec<_> = harness.query_all(By::new().predicate(|n| n.is_focused())).collect();
        if let Some(node) = focused.last() {
            let label = node.accesskit_node().label().unwrap_or_default();
            if label.starts_with("Related 2") {
                reached = Some((label, node.rect()));
                break;
            }
        }
    }
    let (label, rect) = reached.expect("Tab reaches the second related card");
    assert!(rect.bottom() <= visible_bottom + 1.0, "{label} is below the panel's view: {rect:?}");
}

/// A window on a saved story with these bylines and tags.
fn with_lists(
    dialogs: &ScriptedDialogs,
    dir: &std::path::Path,
    bylines: &[&str],
    tags: &[&str],
) -> App<'static> {
    let path = dir.join("lists.ron");
    let mut story = article("lists", "Lists Story");
    story.bylines = bylines.iter().map(|b| b.to_string()).collect();
    story.tags = tags.iter().map(|t| t.to_string()).collect();
    store::save(&path, &story).expect("save");
    let mut harness = harness_with(dialogs, opening(path));
    settle(&mut harness);
    harness
}

#[test]
fn tab_reaches_each_byline_and_tag_before_its_remove_button() {
    let dir = tempfile::tempdir().expect("temp dir");
    let dialogs = ScriptedDialogs::new();
    let mut harness = with_lists(&dialogs, dir.path(), &["Ilse Moravec", "Tomas Brel"], &["ferries"]);
    harness.get_by_label("Byline 1").focus();
    harness.run();
    // Field, its ×, the next field: Tab from one entry reaches the next
    // entry's field after this one's ×, and the field before a list goes
    // into its first entry, not onto a button that deletes it.
    let mut reached = Vec::new();
    for _ in 0..4 {
        harness.key_press(Key::Tab);
        harness.run();
        let focused = ["Byline 1", "Remove byline 1", "Byline 2", "Remove byline 2", "+ Add byline", "Tag 1"]
            .into_iter()
            .find(|label| harness.get_by_label(label).is_focused())
            .unwrap_or("elsewhere");
        reached.push(focused);
    }
    assert_eq!(reached, ["Remove byline 1", "Byline 2", "Remove byline 2", "+ Add byline"]);
    harness.key_press(Key::Tab);
    harness.run();
    assert!(harness.get_by_label("Tag 1").is_focused(), "Tab from “+ Add byline” goes into the first tag");
    harness.key_press(Key::Tab);
    harness.run();
    assert!(harness.get_by_label("Remove tag 1").is_focused(), "then the tag's ×");
}

#[test]
fn removing_an_entry_from_the_keyboard_leaves_the_keyboard_in_the_list() {
    let dir = tempfile::tempdir().expect("temp dir");
    let dialogs = ScriptedDialogs::new();
    let mut harness = with_lists(&dialogs, dir.path(), &[], &["ferries", "harbour"]);
    harness.get_by_label("Tag 1").focus();
    harness.run();
    harness.key_press(Key::Tab);
    harness.run();
    assert!(harness.get_by_label("Remove tag 1").is_focused());
    harness.key_press(Key::Enter);
    settle(&mut harness);
    assert_eq!(harness.state().document().fields().article.tags, vec!["harbour".to_string()]);
    assert!(harness.get_by_label("Tag 1").is_focused(), "on the tag that took its place");
    harness.key_press(Key::Tab);
    harness.run();
    harness.key_press(Key::Enter);
    settle(&mut harness);
    assert!(harness.state().document().fields().article.tags.is_empty());
    assert!(harness.get_by_label("+ Add tag").is_focused(), "after the last, on “+ Add tag”");
}
