//! Spelling in the window: notes with suggestions, replacing a word from
//! the menu, and adding a word to the desk dictionary in `desk.ron`.

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
    let finding = harness
        .state()
        .analysis()
        .findings
        .iter()
        .find(|f| f.code == "misspelling")
        .cloned()
        .expect("flagged");
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
