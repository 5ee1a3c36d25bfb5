//! Find and replace in the real window: counts, stepping, match case and
//! whole word, a regular expression with a group, Replace All as one undo
//! step, and an invalid pattern that says why.

use crate::common::*;
use copydesk::app::ScriptedDialogs;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable as _;

fn open_find(harness: &mut App, query: &str) {
    harness.key_press_modifiers(Modifiers::COMMAND, Key::F);
    harness.run();
    assert!(harness.get_by_label("Find").is_focused(), "Ctrl+F puts the keyboard in the find field");
    harness.get_by_label("Find").type_text(query);
    settle(harness);
}

fn count_label(harness: &App) -> String {
    harness
        .query_all_by_label_contains(" of ")
        .map(|n| {
            use egui_kittest::kittest::NodeT as _;
            n.accesskit_node().label().or_else(|| n.value()).unwrap_or_default()
        })
        .find(|l| l.split(" of ").all(|n| n.trim().parse::<usize>().is_ok()))
        .unwrap_or_default()
}

fn occurrences(text: &str, word: &str, case: bool, whole: bool) -> usize {
    let (text, word) =
        if case { (text.to_string(), word.to_string()) } else { (text.to_lowercase(), word.to_lowercase()) };
    text.match_indices(&word)
        .filter(|(at, m)| {
            if !whole {
                return true;
            }
            let before = text[..*at].chars().next_back().is_some_and(|c| c.is_alphanumeric());
            let after = text[at + m.len()..].chars().next().is_some_and(|c| c.is_alphanumeric());
            !before && !after
        })
        .count()
}

#[test]
fn find_counts_steps_and_toggles_change_the_count() {
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness(&dialogs);
    let body = harness.state().document().body().to_string();
    open_find(&mut harness, "millrace");
    let all = occurrences(&body, "millrace", false, false);
    assert!(all >= 5, "the sample names Millrace often: {all}");
    assert_eq!(count_label(&harness), format!("1 of {all}"));
    harness.key_press(Key::F3);
    settle(&mut harness);
    assert_eq!(count_label(&harness), format!("2 of {all}"));
    harness.key_press_modifiers(Modifiers::SHIFT, Key::F3);
    harness.key_press_modifiers(Modifiers::SHIFT, Key::F3);
    settle(&mut harness);
    assert_eq!(count_label(&harness), format!("{all} of {all}"), "Shift+F3 wraps round");

    harness.get_by_label("Match case").click();
    settle(&mut harness);
    let lower = occurrences(&body, "millrace", true, false);
    if lower == 0 {
        assert!(harness.query_by_label("No matches").is_some());
    } else {
        assert_eq!(count_label(&harness), format!("1 of {lower}"));
    }
    harness.get_by_label("Find").focus();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.get_by_label("Find").type_text("Millrace");
    settle(&mut harness);
    let cased = occurrences(&body, "Millrace", true, false);
    assert_eq!(count_label(&harness), format!("1 of {cased}"));
    harness.get_by_label("Find").focus();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.get_by_label("Find").type_text("wall");
    harness.get_by_label("Match case").click();
    settle(&mut harness);
    let loose = occurrences(&body, "wall", false, false);
    harness.get_by_label("Whole word").click();
    settle(&mut harness);
    let whole = occurrences(&body, "wall", false, true);
    assert!(whole < loose, "“walls” and “walling” drop out");
    assert_eq!(count_label(&harness), format!("1 of {whole}"));
    harness.key_press(Key::Escape);
    settle(&mut harness);
    assert!(harness.query_by_label("Whole word").is_none(), "Escape closes the bar");
}

#[test]
fn a_regex_with_a_group_replaces_and_replace_all_is_one_undo_step() {
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness(&dialogs);
    let body = harness.state().document().body().to_string();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::H);
    harness.run();
    harness.get_by_label("Regex").click();
    harness.get_by_label("Find").focus();
    harness.get_by_label("Find").type_text(r"(\w+) Street");
    harness.get_by_label("Replace with").focus();
    harness.get_by_label("Replace with").type_text("$1 St.");
    settle(&mut harness);
    let streets = regex::Regex::new(r"(\w+) Street").expect("regex").find_iter(&body).count();
    assert!(streets >= 3);
    harness.get_by_label("Replace").click();
    settle(&mut harness);
    let once = harness.state().document().body().to_string();
    assert_eq!(regex::Regex::new(r"(\w+) Street").expect("regex").find_iter(&once).count(), streets - 1);
    assert!(once.contains("Water St."), "the group was used");
    harness.get_by_label("Replace All").click();
    settle(&mut harness);
    let all = harness.state().document().body().to_string();
    assert!(!all.contains(" Street"), "every street replaced");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut harness);
    assert_eq!(harness.state().document().body(), once, "one Ctrl+Z undoes the whole Replace All");
}

#[test]
fn an_invalid_regex_says_why_and_nothing_breaks() {
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness(&dialogs);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::F);
    harness.run();
    harness.get_by_label("Regex").click();
    harness.get_by_label("Find").focus();
    harness.get_by_label("Find").type_text("(unclosed");
    settle(&mut harness);
    harness.get_by_label_contains("Not a regular expression");
    harness.key_press(Key::F3);
    settle(&mut harness);
    assert!(!harness.state().document().is_dirty());
}
