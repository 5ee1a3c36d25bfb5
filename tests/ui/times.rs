//! Times in the window: typed as editors say them (noon, weekdays,
//! "in 2 hours", zone names), read and shown in the desk's time zone and
//! kept as UTC in the file; a time that is not one is a finding in the
//! checks panel and stops a save before any dialog.

use crate::common::*;
use copydesk::app::{Command, Launch, ScriptedDialogs};
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable as _;

fn type_time(harness: &mut App, field: &str, text: &str) {
    harness.get_by_label(field).focus();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.get_by_label(field).type_text(text);
    settle(harness);
}

#[test]
fn noon_weekdays_relative_times_and_zone_names_are_read() {
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness_sized(&dialogs, Launch::default(), [1280.0, 800.0]);
    for (typed, reads) in [
        ("noon", " 12:00"),
        ("midnight", " 00:00"),
        ("next friday 3pm", "Fri "),
        ("friday 15:00", "Fri "),
        ("in 2 hours", "Reads as"),
        ("tomorrow morning", " 09:00"),
        ("Friday 15:00 EST", "Fri "),
        ("March 10 2026 17:00 Europe/Kyiv", "Tue 10 Mar 2026"),
    ] {
        type_time(&mut harness, "Published", typed);
        let reading = harness
            .query_by_label_contains("Reads as")
            .map(|n| node_text(&n))
            .unwrap_or_else(|| panic!("“{typed}” is read as a time"));
        assert!(reading.contains(reads), "“{typed}”: {reading}");
    }
    harness.key_press(Key::Tab);
    settle(&mut harness);
    assert_eq!(text_of(&harness, "Published"), "2026-03-10T15:00:00Z", "Kyiv is two hours east in March");
}

#[test]
fn times_are_typed_and_shown_in_the_desks_time_zone() {
    let desk = sample_desk();
    let settings = std::fs::read_to_string(desk.path().join("desk.ron")).expect("desk.ron");
    let settings = settings.replacen("Desk(", "Desk(\n    time_zone: Some(\"Europe/Kyiv\"),", 1);
    std::fs::write(desk.path().join("desk.ron"), settings).expect("write");
    let dialogs = ScriptedDialogs::new();
    let launch = in_desk(desk.path(), "kestrel-bend-flood-wall");
    let mut harness = harness_sized(&dialogs, launch, [1920.0, 1080.0]);
    // The file says 2026-03-10T11:00:00Z: 13:00 in Kyiv.
    harness.get_by_label_contains("Tue 10 Mar 2026 13:00 EET");
    type_time(&mut harness, "Updated", "2026-03-10 18:30");
    harness.key_press(Key::Tab);
    settle(&mut harness);
    assert_eq!(text_of(&harness, "Updated"), "2026-03-10T16:30:00Z", "typed in Kyiv, kept in UTC");
}

#[test]
fn a_time_that_is_not_one_is_a_finding_and_stops_a_save_before_any_dialog() {
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness_sized(&dialogs, Launch::default(), [900.0, 600.0]);
    harness.state_mut().issue(Command::New);
    settle(&mut harness);
    type_time(&mut harness, "Published", "someday");
    let (_, finding) = finding(&harness, "time-invalid").expect("the checks panel lists the time");
    assert!(finding.message.contains("“someday” is not a time"), "{}", finding.message);
    harness.get_by_label_contains("[time-invalid]");

    harness.get_by_label("Body").focus();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    settle(&mut harness);
    assert!(
        dialogs.requests().is_empty(),
        "no save dialog before the time is fixed: {:?}",
        dialogs.requests()
    );
    let notice = harness.state().notices().last().cloned().expect("a notice");
    assert!(notice.error && notice.text.contains("published time"), "{}", notice.text);
    assert!(harness.get_by_label("Published").is_focused(), "the keyboard goes to the time");
}

#[test]
fn times_are_read_as_editors_type_them() {
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness(&dialogs);
    harness.get_by_label("Published").focus();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.get_by_label("Published").type_text("March 10 2026 17:00 UTC");
    harness.run();
    harness.get_by_label_contains("Reads as Tue 10 Mar 2026");
    harness.key_press(Key::Tab);
    settle(&mut harness);
    assert_eq!(text_of(&harness, "Published"), "2026-03-10T17:00:00Z");
    assert_eq!(
        harness.state().document().article().published_at.map(|t| t.to_string()).as_deref(),
        Some("2026-03-10T17:00:00Z")
    );
    harness.get_by_label("Updated").focus();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.get_by_label("Updated").type_text("someday");
    settle(&mut harness);
    // Said under the field and listed in the checks.
    assert_eq!(harness.query_all_by_label_contains("“someday” is not a time").count(), 2);
}

#[test]
fn the_time_fields_line_up_and_wrap_their_buttons_alike() {
    for size in [[900.0, 600.0], [1920.0, 1080.0]] {
        let dialogs = ScriptedDialogs::new();
        let mut harness = harness_sized(&dialogs, Launch::default(), size);
        settle(&mut harness);
        let published = harness.get_by_label("Published").rect();
        let updated = harness.get_by_label("Updated").rect();
        assert_eq!(published.left(), updated.left(), "at {size:?} both fields start at the panel's edge");
        assert_eq!(published.width(), updated.width(), "at {size:?}");
        // Each field's "Now" sits at the same place relative to its field:
        // beside both, or under both.
        let nows: Vec<egui::Rect> = harness.get_all_by_label("Now").map(|n| n.rect()).collect();
        let offset = |field: egui::Rect| {
            let now = nows.iter().find(|now| now.top() >= field.top() - 1.0).expect("a Now after the field");
            now.min - field.min
        };
        assert_eq!(offset(published), offset(updated), "at {size:?}: {nows:?}");
        for now in &nows {
            assert!(now.right() <= size[0], "at {size:?} a Now button is off the window: {now:?}");
        }
    }
}
