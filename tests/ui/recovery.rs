//! Never losing work, in the window: recovery offered at start, the journal
//! kept while typing, and files changed on disk behind the editor.

use std::fs;
use std::path::{Path, PathBuf};

use crate::common::*;
use copydesk::app::{Command, ScriptedDialogs};
use copydesk::storage::recovery::{self, Journal, Record};
use copydesk::storage::store;
use egui_kittest::kittest::Queryable as _;

fn journal(data: &Path) -> Journal {
    Journal::in_dir(data.join("recovery"))
}

#[test]
fn a_recovery_record_at_start_is_offered_and_restored() {
    let data = tempfile::tempdir().expect("data dir");
    let files = tempfile::tempdir().expect("files");
    let path = write_article(files.path(), "harbor-ferry-returns", "Harbor Ferry Returns");
    let saved = store::load(&path).expect("load");
    let mut record = Record::new(
        Some(path.clone()),
        saved.clone(),
        "## Opening Section\n\nThe fixture body has *one* paragraph. Typed before the crash.".into(),
    );
    record.article.headline = "Harbor Ferry Returns at Dawn".into();
    record.base = store::load_with_fingerprint(&path).ok().map(|(_, fp)| fp);
    let id = recovery::id_for(Some(&path));
    journal(data.path()).write(&id, &record).expect("write record");

    let dialogs = ScriptedDialogs::new();
    let mut harness = harness_with(&dialogs, launch_in(data.path()));
    harness.get_by_label("Recovered work");
    harness.get_by_label("Harbor Ferry Returns at Dawn");
    assert!(harness.query_by_label_contains("+4 / −0 words against").is_some());
    harness.get_by_label("Restore").click();
    settle(&mut harness);

    let doc = harness.state().document();
    assert!(doc.is_dirty(), "restored work opens modified");
    assert_eq!(doc.path.as_deref(), Some(path.as_path()));
    assert!(doc.body().ends_with("Typed before the crash."));
    assert_eq!(text_of(&harness, "Headline"), "Harbor Ferry Returns at Dawn");
    // Nothing was deleted by restoring; saving is what lets the record go.
    assert_eq!(journal_records(data.path()).len(), 1);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    settle(&mut harness);
    harness.state_mut().flush_journal();
    assert_eq!(store::load(&path).expect("saved").headline, "Harbor Ferry Returns at Dawn");
    assert!(journal_records(data.path()).is_empty());
}

#[test]
fn discard_deletes_the_record_and_later_keeps_it() {
    let data = tempfile::tempdir().expect("data dir");
    let record = Record::new(None, article("untitled-draft", "A Draft Never Saved"), "Some words.".into());
    journal(data.path()).write(&recovery::id_for(None), &record).expect("write");
    let second = Record::new(None, article("second-draft", "A Second Draft"), "More words.".into());
    journal(data.path()).write(&recovery::id_for(None), &second).expect("write");

    let dialogs = ScriptedDialogs::new();
    let mut harness = harness_with(&dialogs, launch_in(data.path()));
    harness.get_by_label("A Draft Never Saved");
    let discard = harness.get_all_by_label("Discard").next().expect("a discard button");
    discard.click();
    settle(&mut harness);
    assert_eq!(journal_records(data.path()).len(), 1);
    harness.get_by_label("Later").click();
    settle(&mut harness);
    assert!(harness.query_by_label("Recovered work").is_none());
    assert_eq!(journal_records(data.path()).len(), 1, "Later keeps the record");
    drop(harness);
    // Next start offers it again.
    let harness = harness_with(&dialogs, launch_in(data.path()));
    harness.get_by_label("Recovered work");
}

#[test]
fn a_corrupt_record_is_reported_kept_aside_and_does_not_stop_the_start() {
    let data = tempfile::tempdir().expect("data dir");
    let folder = data.path().join("recovery");
    fs::create_dir_all(&folder).expect("folder");
    fs::write(folder.join("broken-1234.ron"), "Record(format: 1, document: None, written_at: \"yes\"")
        .expect("write");
    let dialogs = ScriptedDialogs::new();
    let harness = harness_with(&dialogs, launch_in(data.path()));
    let notice = harness.state().notices().iter().find(|n| n.error).expect("reported").text.clone();
    assert!(notice.contains("could not be read"), "{notice}");
    let aside: Vec<PathBuf> =
        fs::read_dir(folder.join("corrupt")).expect("kept aside").map(|e| e.expect("e").path()).collect();
    assert_eq!(aside.len(), 1);
    assert!(harness.query_by_label("Recovered work").is_none());
}

#[test]
fn typing_is_journaled_and_saving_clears_it() {
    let data = tempfile::tempdir().expect("data dir");
    let files = tempfile::tempdir().expect("files");
    let path = write_article(files.path(), "harbor-ferry-returns", "Harbor Ferry Returns");
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness_with(&dialogs, launch_in(data.path()));
    harness.state_mut().issue(Command::OpenPath(path.clone()));
    settle(&mut harness);
    harness.get_by_label("Body").focus();
    harness.get_by_label("Body").type_text(" A sentence not yet saved.");
    settle(&mut harness);
    harness.state_mut().flush_journal();
    let found = journal_records(data.path());
    assert_eq!(found.len(), 1);
    assert!(found[0].1.body.ends_with("A sentence not yet saved."));
    assert_eq!(found[0].1.document.as_deref(), Some(path.canonicalize().expect("path").as_path()));
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    settle(&mut harness);
    harness.state_mut().flush_journal();
    assert!(journal_records(data.path()).is_empty());
}

#[test]
fn a_file_changed_on_disk_behind_a_modified_document_makes_save_ask() {
    let data = tempfile::tempdir().expect("data dir");
    let files = tempfile::tempdir().expect("files");
    let path = write_article(files.path(), "harbor-ferry-returns", "Harbor Ferry Returns");
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness_with(&dialogs, launch_in(data.path()));
    harness.state_mut().issue(Command::OpenPath(path.clone()));
    settle(&mut harness);
    harness.get_by_label("Headline").focus();
    harness.get_by_label("Headline").type_text(" (mine)");
    settle(&mut harness);

    // Another program saves its own version.
    let mut theirs = store::load(&path).expect("load");
    theirs.headline = "Harbor Ferry Returns (theirs)".into();
    store::save(&path, &theirs).expect("their save");
    let theirs_bytes = fs::read(&path).expect("read");
    let_time_pass(&mut harness);
    assert!(harness.query_by_label_contains("was changed by another program").is_some());

    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    settle(&mut harness);
    harness.get_by_label("The file changed on disk");
    assert_eq!(fs::read(&path).expect("read"), theirs_bytes, "not overwritten without asking");
    harness.get_by_label("Cancel").click();
    settle(&mut harness);
    assert_eq!(fs::read(&path).expect("read"), theirs_bytes);
    assert!(harness.state().document().is_dirty());

    // Asked again, the editor chooses to replace it.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    settle(&mut harness);
    harness.get_by_label("Replace it with mine").click();
    settle(&mut harness);
    assert_eq!(store::load(&path).expect("load").headline, "Harbor Ferry Returns (mine)");
}

#[test]
fn an_unmodified_document_reloads_and_a_deleted_file_is_kept() {
    let data = tempfile::tempdir().expect("data dir");
    let files = tempfile::tempdir().expect("files");
    let path = write_article(files.path(), "harbor-ferry-returns", "Harbor Ferry Returns");
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness_with(&dialogs, launch_in(data.path()));
    harness.state_mut().issue(Command::OpenPath(path.clone()));
    settle(&mut harness);
    let mut theirs = store::load(&path).expect("load");
    theirs.headline = "Harbor Ferry Returns Early".into();
    store::save(&path, &theirs).expect("save");
    let_time_pass(&mut harness);
    assert_eq!(text_of(&harness, "Headline"), "Harbor Ferry Returns Early");
    assert!(harness.state().notices().iter().any(|n| n.text.starts_with("Reloaded")));

    fs::remove_file(&path).expect("delete");
    let_time_pass(&mut harness);
    assert!(harness.query_by_label_contains("was deleted or moved on disk").is_some());
    assert_eq!(text_of(&harness, "Headline"), "Harbor Ferry Returns Early");
    harness.get_by_label("Keep mine").click();
    settle(&mut harness);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    settle(&mut harness);
    assert_eq!(store::load(&path).expect("written again").headline, "Harbor Ferry Returns Early");
}

fn journal_banner_shown(harness: &App) -> bool {
    harness.query_all_by_label_contains("not being kept for recovery").next().is_some()
}

#[test]
fn an_unwritable_data_folder_is_shown_at_once() {
    let data = tempfile::tempdir().expect("data dir");
    // A file where the data folder should be: no one, not even root, can
    // make the recovery folder inside it.
    let blocked = data.path().join("blocked");
    fs::write(&blocked, "not a folder").expect("write");
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness_with(&dialogs, launch_in(&blocked));
    settle(&mut harness);
    assert!(journal_banner_shown(&harness), "no notice that unsaved work is not kept");
}

#[test]
fn a_journal_that_stops_being_writable_is_shown() {
    let data = tempfile::tempdir().expect("data dir");
    let files = tempfile::tempdir().expect("files");
    let path = write_article(files.path(), "harbor-ferry-returns", "Harbor Ferry Returns");
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness_with(&dialogs, launch_in(data.path()));
    harness.state_mut().issue(Command::OpenPath(path));
    settle(&mut harness);
    assert!(!journal_banner_shown(&harness));
    // The recovery folder is replaced by a file behind the window's back.
    let folder = data.path().join("recovery");
    fs::remove_dir_all(&folder).expect("remove");
    fs::write(&folder, "in the way").expect("write");
    harness.get_by_label("Body").focus();
    harness.get_by_label("Body").type_text(" A sentence the journal cannot keep.");
    settle(&mut harness);
    harness.state_mut().flush_journal();
    settle(&mut harness);
    assert!(journal_banner_shown(&harness), "a failing journal went unnoticed");
}
