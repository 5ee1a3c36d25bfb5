//! Spelling in the window: notes with suggestions, replacing a word from
//! the menu, adding a word (or every flagged name) to the desk dictionary in
//! `desk.ron`, and a loose article in a desk folder using that dictionary.

use std::fs;

use crate::common::*;
use copydesk::app::{Command, Launch, ScriptedDialogs};
use copydesk::storage::desk;
use egui_kittest::kittest::Queryable as _;

fn misspellings(harness: &App) -> Vec<String> {
    harness
        .state()
        .analysis()
        .findings
        .iter()
        .filter(|f| f.code == "misspelling")
        .map(|f| f.message.clone())
        .collect()
}

#[test]
fn a_misspelling_is_flagged_with_a_suggestion_and_replaced_from_the_menu() {
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness(&dialogs);
    harness.state_mut().issue(Command::New);
    settle(&mut harness);
    harness.get_by_label("Body").focus();
    harness.get_by_label("Body").type_text("Residents will recieve the letters on Monday.");
    settle(&mut harness);
    let found = misspellings(&harness);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("“recieve” may be misspelled; try “receive”"), "{}", found[0]);
    // The editor underlines it: the analysis knows where, in characters.
    let analysis = harness.state().analysis().clone();
    assert_eq!(analysis.misspelled.len(), 1);
    assert_eq!(analysis.misspelled[0].chars, 15..22);

    let row = harness.get_by_label_contains("[misspelling]");
    row.scroll_to_me();
    harness.run();
    harness.get_by_label_contains("[misspelling]").click_secondary();
    harness.run();
    harness.get_by_label("receive").click();
    settle(&mut harness);
    assert_eq!(harness.state().document().body(), "Residents will receive the letters on Monday.");
    assert!(misspellings(&harness).is_empty());
}

#[test]
fn a_word_added_through_the_window_lands_in_desk_ron_and_is_not_flagged_again() {
    let desk_dir = tempfile::tempdir().expect("desk");
    let path = write_article(desk_dir.path(), "ferry-captain", "Ferry Captain Retires");
    let mut article = copydesk::storage::store::load(&path).expect("load");
    article.body.push(copydesk::model::article::Block::Paragraph(
        "Captain Zelwyn Marrow steered the ferry for forty years.".into(),
    ));
    copydesk::storage::store::save(&path, &article).expect("save");

    let dialogs = ScriptedDialogs::new();
    let mut harness = harness_with(
        &dialogs,
        Launch { open: Some(path.clone()), desk: Some(desk_dir.path().to_path_buf()), ..Launch::default() },
    );
    settle(&mut harness);
    let zelwyn = |harness: &App| misspellings(harness).iter().filter(|m| m.starts_with("“Zelwyn”")).count();
    assert_eq!(zelwyn(&harness), 1, "{:?}", misspellings(&harness));

    harness.get_by_label_contains("“Zelwyn” may be misspelled").scroll_to_me();
    harness.run();
    harness.get_by_label_contains("“Zelwyn” may be misspelled").click_secondary();
    harness.run();
    harness.get_by_label("Add “Zelwyn” to desk dictionary").click();
    settle(&mut harness);

    let config = desk::config::load(desk_dir.path());
    assert!(config.error.is_none(), "{:?}", config.error);
    assert_eq!(config.config.words, vec!["Zelwyn"]);
    assert!(fs::read_to_string(desk_dir.path().join("desk.ron")).expect("desk.ron").contains("\"Zelwyn\""));
    assert_eq!(zelwyn(&harness), 0, "{:?}", misspellings(&harness));
    // The command line agrees.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(["check", desk_dir.path().to_str().expect("utf-8")])
        .output()
        .expect("runs");
    assert!(!String::from_utf8_lossy(&out.stdout).contains("Zelwyn"));
}

#[test]
fn headline_misspellings_are_notes_on_the_field() {
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness(&dialogs);
    harness.state_mut().issue(Command::New);
    settle(&mut harness);
    harness.get_by_label("Headline").focus();
    harness.get_by_label("Headline").type_text("Goverment Approves Budget");
    settle(&mut harness);
    let (_, finding) = finding(&harness, "misspelling").expect("flagged");
    assert!(
        finding.message.contains("“government”") || finding.message.contains("“Government”"),
        "{}",
        finding.message
    );
    assert_eq!(
        finding.location,
        copydesk::rules::check::Location::Field { field: copydesk::model::article::Field::Headline }
    );
    assert_eq!(harness.state().analysis().headline_misspelled, vec![0..9]);
}

/// A desk with one article whose body names people and places the
/// dictionary does not know, one of them three times, and one plain typo,
/// open in a window of `size` with that article shown.
fn names_desk(size: [f32; 2]) -> (tempfile::TempDir, App<'static>) {
    let desk_dir = tempfile::tempdir().expect("desk");
    let path = write_article(desk_dir.path(), "kyiv-talks", "Talks Resume");
    let mut article = copydesk::storage::store::load(&path).expect("load");
    article.body = vec![copydesk::model::article::Block::Paragraph(
        "Envoys met in Kyiv on Monday. Mayor Brelund Ostvik flew to Kyiv with Zorvath Teague. \
         Kyiv will recieve them again in May."
            .into(),
    )];
    copydesk::storage::store::save(&path, &article).expect("save");
    let harness = harness_sized(&ScriptedDialogs::new(), in_desk(desk_dir.path(), "kyiv-talks"), size);
    (desk_dir, harness)
}

#[test]
fn a_name_has_one_finding_with_its_count_and_suggestions_keep_it_whole() {
    let (_desk, harness) = names_desk([1280.0, 800.0]);
    let rows: Vec<String> = harness
        .query_all_by_label_contains("“Kyiv”")
        .map(|n| node_text(&n))
        .filter(|l| l.contains("[misspelling]"))
        .collect();
    assert_eq!(rows.len(), 1, "one finding for the word: {rows:?}");
    assert!(rows[0].contains("3 times"), "with its count: {}", rows[0]);
    assert!(!rows[0].contains("Ky iv") && !rows[0].contains("Ky-iv"), "a name is not split: {}", rows[0]);
}

#[test]
fn a_jump_from_a_spelling_finding_selects_the_word() {
    let (_desk, mut harness) = names_desk([1280.0, 800.0]);
    harness.get_by_label_contains("“recieve”").click();
    settle(&mut harness);
    let (anchor, caret) = harness.state().body_selection().expect("a selection");
    let body = harness.state().document().body().to_string();
    let selected: String = body.chars().skip(anchor.min(caret)).take(anchor.abs_diff(caret)).collect();
    assert_eq!(selected, "recieve");
}

#[test]
fn every_flagged_name_can_be_added_at_once() {
    let (desk_dir, mut harness) = names_desk([1920.0, 1080.0]);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::K);
    settle(&mut harness);
    type_keys(&mut harness, "Add All Flagged Names");
    harness.key_press(egui::Key::Enter);
    settle(&mut harness);
    for name in ["Kyiv", "Brelund", "Ostvik", "Zorvath", "Teague"] {
        harness.get_by_label(name);
    }
    assert!(harness.query_by_label("recieve").is_none(), "a lowercase typo is not a name");
    // Leave one out.
    harness.get_by_label("Teague").click();
    settle(&mut harness);
    harness.key_press(egui::Key::Enter);
    settle(&mut harness);
    let words = desk::config::read(&desk::config::path_in(desk_dir.path())).expect("desk.ron").words;
    for name in ["Brelund", "Kyiv", "Ostvik", "Zorvath"] {
        assert!(words.iter().any(|w| w == name), "{name} in {words:?}");
    }
    assert!(!words.iter().any(|w| w == "Teague"), "the unticked name stays out");
    settle(&mut harness);
    let left: Vec<String> = misspellings(&harness);
    assert_eq!(left.len(), 2, "Teague and the typo are still flagged: {left:?}");
}

#[test]
fn a_loose_article_in_a_desk_folder_uses_its_desk_dictionary() {
    let desk = sample_desk();
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness_with(&dialogs, opening(desk.path().join("kestrel-bend-flood-wall.ron")));
    settle(&mut harness);
    let flagged: Vec<String> = harness.state().analysis().misspelled.iter().map(|m| m.word.clone()).collect();
    // "Delphine" is in the sample desk's desk.ron words.
    assert!(!flagged.iter().any(|w| w == "Delphine"), "{flagged:?}");
}
