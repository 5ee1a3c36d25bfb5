//! An idle window sleeps: with a saved article open and nothing happening,
//! it asks for no frame at all; a change another program makes to the file
//! still reaches it, woken by the file watcher.

use std::time::{Duration, Instant};

use crate::common::*;
use copydesk::app::ScriptedDialogs;
use copydesk::storage::store;
use egui_kittest::kittest::Queryable as _;

#[test]
fn an_idle_window_with_a_saved_article_asks_for_no_frames() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write_article(dir.path(), "quiet-story", "Quiet Story");
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness_with(&dialogs, opening(path));
    settle(&mut harness);
    // Five seconds of nothing: one frame drawn, and it asks for no other.
    for _ in 0..5 {
        harness.step();
        let delay = harness.output().viewport_output[&egui::ViewportId::ROOT].repaint_delay;
        assert_eq!(delay, Duration::MAX, "an idle frame asked to be woken after {delay:?}");
    }
}

#[test]
fn a_change_on_disk_reaches_the_idle_window_within_two_seconds() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write_article(dir.path(), "watched-story", "Watched Story");
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness_with(&dialogs, opening(path.clone()));
    settle(&mut harness);
    let mut changed = store::load(&path).expect("loads");
    changed.headline = "Watched Story, Changed Elsewhere".into();
    store::save(&path, &changed).expect("saves");
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(2) {
        harness.step();
        if text_of(&harness, "Headline") == changed.headline {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("the outside change did not reach the window within 2 s");
}

#[test]
fn a_still_caret_lets_a_focused_window_sleep() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write_article(dir.path(), "caret-story", "Caret Story");
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness_with(&dialogs, opening(path));
    // The window has the desktop's focus (a caret blinks only then).
    harness.input_mut().focused = true;
    harness.state_mut().place_cursor(0);
    settle(&mut harness);
    let blinks = |harness: &App| {
        [egui::Theme::Dark, egui::Theme::Light]
            .map(|theme| harness.ctx.style_of(theme).visuals.text_cursor.blink)
    };
    harness.state_mut().issue(copydesk::app::Command::ToggleCaretBlink);
    settle(&mut harness);
    harness.input_mut().focused = true;
    harness.step();
    assert!(!harness.state().prefs().caret_blink);
    assert_eq!(blinks(&harness), [false, false], "no theme blinks");
    assert!(harness.get_by_label("Body").is_focused());
    assert_eq!(harness_delay(&harness), Duration::MAX, "a still caret asks for no frames");
    harness.state_mut().issue(copydesk::app::Command::ToggleCaretBlink);
    settle(&mut harness);
    assert_eq!(blinks(&harness), [true, true], "and the preference turns blinking back on");
}

fn harness_delay(harness: &App) -> Duration {
    harness.output().viewport_output[&egui::ViewportId::ROOT].repaint_delay
}

#[test]
fn a_focused_window_with_the_caret_in_the_body_sleeps_after_ten_idle_seconds() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write_article(dir.path(), "blink-story", "Blink Story");
    let dialogs = ScriptedDialogs::new();
    let launch = opening(path);
    let mut harness = harness_sized(&dialogs, launch, [1280.0, 800.0]);
    assert!(harness.state().prefs().caret_blink, "blinking is on");
    // The harness holds carets still for its snapshots; the preference,
    // switched off and on, sets it blinking as a person's window does.
    harness.state_mut().issue(copydesk::app::Command::ToggleCaretBlink);
    settle(&mut harness);
    harness.state_mut().issue(copydesk::app::Command::ToggleCaretBlink);
    settle(&mut harness);
    harness.input_mut().focused = true;
    harness.state_mut().place_cursor(0);
    settle(&mut harness);
    harness.get_by_label("Body").focus();
    let start = 1000.0;
    harness.input_mut().time = Some(start);
    harness.event(egui::Event::Text("x".into()));
    harness.step();
    assert!(harness.get_by_label("Body").is_focused());
    // While the editor types, the caret blinks: frames are asked for.
    harness.input_mut().time = Some(start + 1.0);
    harness.step();
    assert!(harness_delay(&harness) < Duration::from_secs(1), "the caret blinks after input");
    // The background work the key started (its analysis, the journal) is
    // done and taken in, so only the caret could ask for frames.
    harness.state_mut().settle();
    harness.state_mut().flush_journal();
    harness.input_mut().time = Some(start + 2.0);
    harness.step();
    // Ten seconds without input: it holds still, and nothing is asked for.
    for seconds in [10.5, 11.0, 30.0] {
        harness.input_mut().time = Some(start + seconds);
        harness.step();
    }
    assert!(harness.get_by_label("Body").is_focused(), "the caret is still in the body");
    assert_eq!(harness_delay(&harness), Duration::MAX, "an idle focused window asks for no frame");
    // A key brings the blinking back.
    harness.input_mut().time = Some(start + 31.0);
    harness.event(egui::Event::Text("y".into()));
    harness.step();
    harness.input_mut().time = Some(start + 31.2);
    harness.step();
    assert!(harness_delay(&harness) < Duration::from_secs(1), "typing makes the caret blink again");
    assert!(harness.state().prefs().caret_blink, "the preference is untouched");
}
