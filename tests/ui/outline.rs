//! The outline of the body: every section heading with its words, the
//! section the cursor is in marked, a click puts the cursor at the heading.

use crate::common::*;
use copydesk::app::ScriptedDialogs;
use copydesk::model::article::Block;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable as _;

#[test]
fn the_outline_lists_the_sections_and_a_click_goes_there() {
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness(&dialogs);
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::L);
    settle(&mut harness);
    harness.get_by_label("Outline");
    let headings: Vec<String> = sample()
        .body
        .iter()
        .filter_map(|b| match b {
            Block::Heading { text, .. } => Some(text.clone()),
            _ => None,
        })
        .collect();
    assert!(headings.len() >= 4);
    for heading in &headings {
        assert!(harness.query_all_by_label(heading).count() >= 1, "{heading} is listed");
    }
    assert!(harness.query_all_by_label_contains(" words").count() >= headings.len());

    let target = headings[1].clone();
    // The outline's button, not the preview's heading.
    let node = harness.get_by_role_and_label(egui::accesskit::Role::Button, &target);
    node.click();
    settle(&mut harness);
    harness.run();
    let body = harness.state().document().body().to_string();
    let at = body.find(&format!("## {target}")).expect("the heading is in the body");
    assert!(harness.get_by_label("Body").is_focused(), "the body has the keyboard");
    let state = egui::text_edit::TextEditState::load(&harness.ctx, harness.state().body_editor_id())
        .expect("the editor has state");
    let cursor = state.cursor.char_range().expect("a cursor").primary.index.0;
    assert_eq!(cursor, body[..at].chars().count(), "the cursor is at the heading");
    assert!(harness.get_by_label("Body").is_focused());
}
