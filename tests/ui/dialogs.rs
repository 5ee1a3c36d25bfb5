//! Every dialog answers the keyboard: the question has the keyboard when
//! it opens (on its highlighted button), Enter runs that button, Escape
//! closes, and the keyboard goes back where it was; floating windows close
//! with Escape; a dropdown closes on the choice Enter made.

use crate::common::*;
use copydesk::app::{Command, DialogAnswer, ScriptedDialogs};
use copydesk::model::article::Status;
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable as _;

/// The sample with one warning (an unattributed quote), marked In Edit,
/// with the keyboard in the headline.
fn story_with_a_warning(harness: &mut App) {
    harness.get_by_label("Body").focus();
    harness.get_by_label("Body").type_text("\n\n> An unattributed remark.");
    settle(harness);
    harness.state_mut().issue(Command::SetStatus(Status::Edit));
    settle(harness);
    harness.get_by_label("Headline").focus();
    settle(harness);
}

#[test]
fn enter_marks_as_ready_from_the_question_and_the_keyboard_comes_back() {
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness_sized(&dialogs, Default::default(), [1280.0, 800.0]);
    story_with_a_warning(&mut harness);
    harness.state_mut().issue(Command::SetStatus(Status::Ready));
    settle(&mut harness);
    harness.get_by_label("Mark as Ready?");
    assert!(
        harness.get_by_role_and_label(Role::Button, "Mark Ready").is_focused(),
        "the highlighted button has the keyboard"
    );
    harness.key_press(Key::Enter);
    settle(&mut harness);
    assert!(!harness.state().modal_open(), "Enter answered");
    assert_eq!(harness.state().document().fields().article.status, Status::Ready);
    assert!(harness.get_by_label("Headline").is_focused(), "the keyboard is back in the headline");
}

#[test]
fn escape_closes_a_question_and_the_keyboard_comes_back() {
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness_sized(&dialogs, Default::default(), [900.0, 600.0]);
    story_with_a_warning(&mut harness);
    harness.state_mut().issue(Command::SetStatus(Status::Ready));
    settle(&mut harness);
    harness.key_press(Key::Escape);
    settle(&mut harness);
    assert!(!harness.state().modal_open());
    assert_eq!(harness.state().document().fields().article.status, Status::Edit);
    assert!(harness.get_by_label("Headline").is_focused(), "the keyboard is back in the headline");
}

#[test]
fn escape_closes_the_search_and_social_preview() {
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness_sized(&dialogs, Default::default(), [1920.0, 1080.0]);
    harness.get_by_label("Body").focus();
    settle(&mut harness);
    harness.state_mut().issue(Command::ToggleSocialPreview);
    settle(&mut harness);
    harness.get_by_label("Search & Social Preview");
    harness.key_press(Key::Escape);
    settle(&mut harness);
    assert!(harness.query_by_label("Search & Social Preview").is_none(), "Escape closed it");
    assert!(harness.get_by_label("Body").is_focused(), "and the keyboard is back in the body");
}

#[test]
fn enter_on_a_category_chooses_it_and_closes_the_list() {
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness_sized(&dialogs, Default::default(), [1280.0, 800.0]);
    harness.get_by_label("Category").click();
    harness.run();
    let option = harness.query_all_by_role_and_label(Role::Button, "Politics").last().expect("the option");
    option.focus();
    harness.run();
    harness.key_press(Key::Enter);
    settle(&mut harness);
    assert_eq!(harness.state().document().fields().article.category, "Politics");
    assert!(harness.query_by_label("Business").is_none(), "the list closed");
    assert!(harness.get_by_label("Category").is_focused(), "and the keyboard is back on the box, for Tab");
}

#[test]
fn escape_closes_every_dialog_and_the_typed_path_has_the_keyboard() {
    let dialogs = ScriptedDialogs::new();
    dialogs.answer(DialogAnswer::Unavailable("No file dialog is available here.".into()));
    let mut harness = harness(&dialogs);
    harness.state_mut().issue(Command::Open);
    settle(&mut harness);
    assert!(harness.get_by_label("Path").is_focused(), "the path field has the keyboard");
    harness.key_press(Key::Escape);
    settle(&mut harness);
    assert!(!harness.state().modal_open(), "Escape closed the typed-path dialog");

    for command in [Command::About, Command::Palette, Command::SetStatus(Status::Ready)] {
        harness.state_mut().issue(command.clone());
        settle(&mut harness);
        if harness.state().modal_open() {
            harness.key_press(Key::Escape);
            settle(&mut harness);
            assert!(!harness.state().modal_open(), "Escape closed the dialog of {command:?}");
        }
    }
    harness.get_by_label("Headline").focus();
    harness.get_by_label("Headline").type_text("!");
    settle(&mut harness);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::W);
    settle(&mut harness);
    harness.get_by_label("Unsaved changes");
    harness.key_press(Key::Escape);
    settle(&mut harness);
    assert!(!harness.state().modal_open(), "Escape closed the unsaved-changes question");
    assert!(harness.state().document().is_dirty(), "and kept the work");
}
