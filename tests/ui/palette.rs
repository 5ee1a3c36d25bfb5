//! The command catalog and the palette: every command found by name, run
//! through the same door as menus and shortcuts, never behind a modal.

use crate::common::*;
use copydesk::app::commands::{self, Command};
use copydesk::app::{DialogRequest, ScriptedDialogs};
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable as _;

fn open_palette(harness: &mut App) {
    harness.key_press_modifiers(Modifiers::COMMAND, Key::K);
    harness.run();
    assert!(harness.state().modal_open(), "Ctrl+K opens the palette");
}

fn type_in_palette(harness: &mut App, text: &str) {
    harness.get_by_label("Command palette").type_text(text);
    harness.run();
}

#[test]
fn ctrl_k_then_svas_puts_save_as_first_and_enter_runs_it() {
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness(&dialogs);
    open_palette(&mut harness);
    type_in_palette(&mut harness, "svas");
    assert_eq!(harness.state().palette_matches().first().map(String::as_str), Some("Save As…"));
    harness.key_press(Key::Enter);
    settle(&mut harness);
    assert!(!harness.state().modal_open(), "running a command closes the palette");
    assert!(
        matches!(dialogs.requests().last(), Some(DialogRequest::SaveArticle { .. })),
        "Save As… asked for a path: {:?}",
        dialogs.requests()
    );
}

#[test]
fn f1_opens_the_palette_too() {
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness(&dialogs);
    harness.key_press(Key::F1);
    harness.run();
    assert!(harness.state().modal_open());
    assert!(harness.query_by_label("Command palette").is_some());
}

#[test]
fn every_menu_command_is_its_own_top_match() {
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness(&dialogs);
    for command in commands::catalog() {
        open_palette(&mut harness);
        type_in_palette(&mut harness, command.label());
        let matches = harness.state().palette_matches();
        assert_eq!(matches.first().map(String::as_str), Some(command.label()), "{matches:?}");
        harness.key_press(Key::Escape);
        harness.run();
        assert!(!harness.state().modal_open());
    }
}

#[test]
fn a_disabled_command_cannot_be_run() {
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness(&dialogs);
    // Nothing to undo yet, no desk to close.
    assert!(!harness.state().document().can_undo());
    open_palette(&mut harness);
    type_in_palette(&mut harness, "Close Desk");
    assert_eq!(harness.state().palette_matches()[0], "Close Desk");
    harness.key_press(Key::Enter);
    harness.run();
    assert!(harness.state().modal_open(), "Enter on a disabled command does nothing");
    harness.key_press(Key::Escape);
    harness.run();
    // Issued directly, it is refused too: the catalog guards every door.
    let before = harness.state().document().body().to_string();
    harness.state_mut().issue(Command::Undo);
    settle(&mut harness);
    assert_eq!(harness.state().document().body(), before);
}

#[test]
fn escape_closes_the_palette_and_focus_returns_to_the_body() {
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness(&dialogs);
    harness.get_by_label("Body").focus();
    harness.run();
    assert!(harness.get_by_label("Body").is_focused());
    open_palette(&mut harness);
    assert!(!harness.get_by_label("Body").is_focused(), "the palette has the keyboard");
    type_in_palette(&mut harness, "sav");
    harness.key_press(Key::Escape);
    harness.run();
    harness.run();
    assert!(!harness.state().modal_open());
    assert!(harness.get_by_label("Body").is_focused(), "focus went back to the body");
    assert!(!harness.state().document().is_dirty(), "nothing typed reached the body");
}

#[test]
fn open_a_desk_article_by_headline_in_a_tab_of_its_own() {
    let desk = sample_desk();
    let dialogs = ScriptedDialogs::new();
    let launch = in_desk(desk.path(), "kestrel-bend-flood-wall");
    let mut harness = harness_with(&dialogs, launch);
    harness.get_by_label("Headline").focus();
    harness.get_by_label("Headline").type_text(" Again");
    settle(&mut harness);
    assert!(harness.state().document().is_dirty());

    open_palette(&mut harness);
    type_in_palette(&mut harness, "Open: Water Street");
    assert_eq!(
        harness.state().palette_matches()[0],
        "Open: Water Street Market Reopens Its Doors to Shoppers"
    );
    harness.key_press(Key::Enter);
    settle(&mut harness);
    // Opening loses nothing: the modified article stays in its own tab.
    assert!(harness.query_by_label("Unsaved changes").is_none());
    let docs = harness.state().open_documents();
    assert_eq!(docs.len(), 2);
    assert!(docs[0].is_dirty());
    assert!(docs[0].path.as_deref().is_some_and(|p| p.ends_with("kestrel-bend-flood-wall.ron")));
    let path = harness.state().document().path.clone().expect("a file is open");
    assert!(path.ends_with("water-street-market-reopens.ron"), "{path:?}");
    assert_eq!(text_of(&harness, "Headline"), "Water Street Market Reopens Its Doors to Shoppers");
}

#[test]
fn go_to_a_section_from_the_palette() {
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness(&dialogs);
    let sections: Vec<String> = harness
        .state()
        .analysis()
        .parsed
        .blocks
        .iter()
        .filter_map(|b| match b {
            copydesk::model::article::Block::Heading { text, .. } => Some(text.clone()),
            _ => None,
        })
        .collect();
    let last = sections.last().expect("the sample has sections");
    open_palette(&mut harness);
    type_in_palette(&mut harness, &format!("Go to: {last}"));
    assert_eq!(harness.state().palette_matches()[0], format!("Go to: {last}"));
    harness.key_press(Key::Enter);
    settle(&mut harness);
    harness.run();
    assert!(harness.get_by_label("Body").is_focused());
}

#[test]
fn shortcuts_do_not_fire_behind_a_modal() {
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness(&dialogs);
    harness.state_mut().issue(Command::About);
    settle(&mut harness);
    let title = harness.state().title().to_string();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::N);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::O);
    settle(&mut harness);
    assert_eq!(harness.state().title(), title, "Ctrl+N did not replace the article behind About");
    assert!(dialogs.requests().is_empty(), "Ctrl+O did not open a dialog behind About");
}

#[test]
fn every_menu_item_is_a_catalog_command_with_its_label() {
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness(&dialogs);
    for (title, commands) in commands::MENUS {
        harness.get_by_label(title).click();
        harness.run();
        for command in *commands {
            let found = harness.query_all_by_label_contains(command.label()).count();
            assert!(found >= 1, "{title} ▸ {} is drawn from the catalog", command.label());
        }
        harness.key_press(Key::Escape);
        harness.run();
    }
}
