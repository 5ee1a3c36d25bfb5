//! The windowed body editor on long articles: the text editor holds a few
//! screens of the body, and typing, select all + copy, a drag across the
//! window's edge, PageDown, Replace All + undo, go-to-finding and an IME
//! composition all act on the whole body.

use std::path::PathBuf;

use crate::common::*;
use copydesk::app::{Command, ScriptedDialogs};
use copydesk::rules::check::Location;
use copydesk::storage::store;
use egui::{Event, ImeEvent, Key, Modifiers};
use egui_kittest::kittest::Queryable as _;

/// A harness with a generated article of `words` words open (the temp
/// folder lives as long as the harness needs it).
fn open_long(words: usize) -> (tempfile::TempDir, App<'static>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path: PathBuf = dir.path().join("long-story.ron");
    store::save(&path, &copydesk::testkit::generate::article(words, 19)).expect("fixture saves");
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness_with(&dialogs, opening(path));
    settle(&mut harness);
    (dir, harness)
}

fn focus_body(harness: &mut App) {
    harness.get_by_label("Body").focus();
    harness.run();
    assert!(harness.get_by_label("Body").is_focused());
}

fn body(harness: &App) -> String {
    harness.state().document().body().to_string()
}

/// The body's characters `range` as text.
fn chars(text: &str, range: std::ops::Range<usize>) -> String {
    text.chars().skip(range.start).take(range.len()).collect()
}

/// What the last frame put on the clipboard.
fn copied(harness: &App) -> Option<String> {
    harness.output().platform_output.commands.iter().find_map(|c| match c {
        egui::OutputCommand::CopyText(text) => Some(text.clone()),
        _ => None,
    })
}

/// A point on the part of the body editor that is on screen.
fn on_screen(harness: &App) -> egui::Rect {
    let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1400.0, 900.0));
    harness.get_by_label("Body").rect().intersect(screen)
}

fn wheel(harness: &mut App, down: f32) {
    harness.event(Event::MouseWheel {
        unit: egui::MouseWheelUnit::Point,
        delta: egui::vec2(0.0, -down),
        phase: egui::TouchPhase::Move,
        source: egui::MouseWheelSource::Wheel,
        modifiers: Modifiers::NONE,
    });
    harness.run();
}

fn assert_windowed(harness: &App) {
    let total = harness.state().document().body().chars().count();
    let window = harness.state().editor_window_chars();
    assert!(window.len() * 4 < total, "the editor holds a window ({window:?}), not all {total} characters");
    let shown = text_of(harness, "Body");
    assert_eq!(shown.chars().count(), window.len(), "AccessKit describes the window only");
}

#[test]
fn typing_at_the_end_of_a_100k_word_article_lands_at_its_end() {
    let (_dir, mut harness) = open_long(100_000);
    let before = body(&harness);
    focus_body(&mut harness);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::End);
    harness.run();
    let total = before.chars().count();
    assert_eq!(harness.state().body_selection(), Some((total, total)));
    harness.get_by_label("Body").type_text(" Filed at midnight.");
    settle(&mut harness);
    let after = body(&harness);
    assert_eq!(after, format!("{before} Filed at midnight."));
    assert_windowed(&harness);
    assert!(text_of(&harness, "Body").ends_with("Filed at midnight."));
    assert!(harness.state().body_caret_in_view());
}

#[test]
fn select_all_and_copy_give_the_whole_body() {
    let (_dir, mut harness) = open_long(100_000);
    let text = body(&harness);
    focus_body(&mut harness);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run();
    assert_eq!(harness.state().body_selection(), Some((0, text.chars().count())));
    harness.event(Event::Copy);
    harness.step();
    let copy = copied(&harness);
    assert_eq!(copy.as_ref().map(String::len), Some(text.len()));
    assert!(copy.as_deref() == Some(text.as_str()), "the copy is the body");
    assert_windowed(&harness);

    // Typing over it replaces the whole body.
    harness.get_by_label("Body").type_text("Spiked.");
    settle(&mut harness);
    assert_eq!(body(&harness), "Spiked.");
}

#[test]
fn a_drag_across_the_window_edge_selects_from_where_it_started() {
    let (_dir, mut harness) = open_long(100_000);
    let text = body(&harness);
    focus_body(&mut harness);
    let start = on_screen(&harness).left_top() + egui::vec2(60.0, 30.0);
    harness.hover_at(start);
    harness.drag_at(start);
    harness.run();
    harness.hover_at(start + egui::vec2(10.0, 40.0));
    harness.run();
    let anchor = harness.state().body_selection().expect("a selection").0;
    // Scroll far down while the button is held: the window slides past
    // where the drag began.
    for _ in 0..8 {
        wheel(&mut harness, 1500.0);
    }
    harness.hover_at(start + egui::vec2(40.0, 200.0));
    harness.run();
    harness.drop_at(start + egui::vec2(40.0, 200.0));
    harness.run();
    let (kept, caret) = harness.state().body_selection().expect("a selection");
    assert_eq!(kept, anchor, "the drag's start stays put");
    let window = harness.state().editor_window_chars();
    assert!(anchor < window.start, "the drag began above the window ({anchor} vs {window:?})");
    assert!(caret > window.start, "and ended inside it ({caret} vs {window:?})");
    harness.event(Event::Copy);
    harness.step();
    assert_eq!(copied(&harness), Some(chars(&text, anchor..caret)));
}

#[test]
fn page_down_goes_through_the_whole_article() {
    let (_dir, mut harness) = open_long(20_000);
    let total = body(&harness).chars().count();
    focus_body(&mut harness);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Home);
    harness.run();
    let mut caret = 0;
    let mut presses = 0;
    while caret < total {
        harness.key_press(Key::PageDown);
        settle(&mut harness);
        presses += 1;
        let now = harness.state().body_selection().expect("a caret").1;
        assert!(now > caret, "PageDown {presses} moved the caret on ({caret} → {now})");
        caret = now;
        let window = harness.state().editor_window_chars();
        assert!(window.start <= caret && caret <= window.end, "the caret is in the window");
        assert!(harness.state().body_caret_in_view(), "the view follows the caret");
        assert!(presses < 500, "PageDown never reached the end");
    }
    assert!(presses > 5, "a 20,000-word article is more than five pages ({presses})");
    // The preview followed the caret down the page, and kept only what it
    // drew last, not every paragraph it passed.
    assert!(harness.state().preview_offset() > 5_000.0, "the preview followed");
    let kept = harness.state().preview_galleys_kept();
    assert!(kept <= 80, "the preview keeps {kept} laid-out paragraphs");
    // And back up.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Home);
    harness.run();
    assert_eq!(harness.state().body_selection(), Some((0, 0)));
    assert!(text_of(&harness, "Body").starts_with(&chars(&body(&harness), 0..40)));
}

#[test]
fn replace_all_in_a_long_article_is_undone_in_one_step() {
    let (_dir, mut harness) = open_long(100_000);
    let before = body(&harness);
    let word = before
        .split_whitespace()
        .find(|w| w.len() >= 5 && w.chars().all(char::is_alphabetic))
        .expect("a word to replace")
        .to_string();
    let upper = word.to_uppercase();
    assert!(!before.contains(&upper));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::H);
    harness.run();
    harness.get_by_label("Find").focus();
    harness.get_by_label("Find").type_text(&word);
    harness.get_by_label("Replace with").focus();
    harness.get_by_label("Replace with").type_text(&upper);
    settle(&mut harness);
    harness.get_by_label("Replace All").click();
    settle(&mut harness);
    let replaced = body(&harness);
    assert!(replaced.matches(&upper).count() > 10, "{word} is replaced all through the story");
    assert!(text_of(&harness, "Body").contains(&upper), "the window shows the new text");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut harness);
    assert_eq!(body(&harness), before, "one undo restores the whole body");
    assert!(!text_of(&harness, "Body").contains(&upper));
}

#[test]
fn going_to_a_finding_far_below_shows_it() {
    let (_dir, mut harness) = open_long(100_000);
    let text = body(&harness);
    let analysis = harness.state().analysis().clone();
    let (index, offset) = analysis
        .findings
        .iter()
        .enumerate()
        .filter(|(_, f)| matches!(f.location, Location::Body { .. }))
        .filter_map(|(i, f)| Some((i, analysis.body_offset(f)?)))
        .max_by_key(|(_, offset)| *offset)
        .expect("a long article has a finding in its body");
    assert!(offset > text.len() / 2, "the finding is far below the top ({offset} of {})", text.len());
    harness.state_mut().issue(Command::GoToFinding(index));
    settle(&mut harness);
    let caret = text[..offset].chars().count();
    assert_eq!(harness.state().body_selection(), Some((caret, caret)));
    let window = harness.state().editor_window_chars();
    assert!(window.contains(&caret), "the window moved to the finding ({window:?}, {caret})");
    assert!(harness.state().body_caret_in_view(), "the finding is on screen");
    assert!(harness.get_by_label("Body").is_focused());
    assert_windowed(&harness);
}

#[test]
fn an_ime_composition_in_the_middle_of_a_long_article() {
    let (_dir, mut harness) = open_long(100_000);
    let before = body(&harness);
    let mut middle = before.len() / 2;
    while !before.is_char_boundary(middle) {
        middle += 1;
    }
    harness.state_mut().place_cursor(middle);
    settle(&mut harness);
    assert!(harness.get_by_label("Body").is_focused());
    harness.event(Event::Ime(ImeEvent::Preedit { text: "kö".into(), active_range_chars: None }));
    harness.run();
    let composing = body(&harness);
    assert_eq!(&composing[middle..middle + "kö".len()], "kö", "the preedit shows where the caret is");
    let window = harness.state().editor_window_chars();
    // Scrolling away during the composition leaves the window where it is.
    harness.hover_at(on_screen(&harness).center());
    wheel(&mut harness, 20_000.0);
    assert!(!harness.state().body_caret_in_view(), "the view scrolled away from the composition");
    assert_eq!(harness.state().editor_window_chars(), window, "the window stays put while composing");
    harness.event(Event::Ime(ImeEvent::Preedit { text: "köl".into(), active_range_chars: None }));
    harness.run();
    harness.event(Event::Ime(ImeEvent::Commit("Köln".into())));
    settle(&mut harness);
    let mut want = before.clone();
    want.insert_str(middle, "Köln");
    assert_eq!(body(&harness), want, "the commit replaces the preedit, once");
    let caret = before[..middle].chars().count() + 4;
    assert_eq!(harness.state().body_selection(), Some((caret, caret)));
}

#[test]
fn shift_f3_to_the_last_match_of_a_long_article_selects_it_in_view() {
    let (_dir, mut harness) = open_long(100_000);
    let text = body(&harness);
    let word = text
        .split_whitespace()
        .rev()
        .find(|w| w.len() >= 6 && w.chars().all(char::is_alphabetic))
        .expect("a word near the end")
        .to_string();
    // Find ignores case by default; ASCII lower case keeps byte offsets.
    let last = text.to_ascii_lowercase().rfind(&word.to_ascii_lowercase()).expect("the word is there");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::F);
    harness.run();
    harness.get_by_label("Find").type_text(&word);
    settle(&mut harness);
    // Back from the first match wraps round to the last one.
    harness.key_press_modifiers(Modifiers::SHIFT, Key::F3);
    settle(&mut harness);
    let end = text[..last + word.len()].chars().count();
    assert_eq!(
        harness.state().body_selection().map(|s| s.1),
        Some(end),
        "the last match is where the caret went"
    );
    assert!(harness.state().body_caret_in_view(), "and it is on screen");
    let window = harness.state().editor_window_chars();
    assert!(window.start > 0 && window.contains(&end), "the window moved down to it ({window:?})");
    assert!(harness.get_by_label("Find").is_focused(), "the keyboard stays in the find bar");
}
