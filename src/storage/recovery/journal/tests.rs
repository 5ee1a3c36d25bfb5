use super::*;
use crate::storage::recovery::record::tests::record;
use crate::storage::store::tests::file_names;

#[test]
fn written_records_are_listed_and_removed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let journal = Journal::in_dir(dir.path().join("recovery"));
    assert!(journal.list().is_empty(), "a journal never written is empty");
    let mut older = record();
    older.written_at = "2026-03-01T08:00:00Z".parse().expect("time");
    let newer = record();
    journal.write("older", &older).expect("writes");
    journal.write("newer", &newer).expect("writes");
    journal.write("newer", &newer).expect("rewrites in place");
    let listed = journal.list();
    let ids: Vec<&str> = listed
        .iter()
        .map(|found| match found {
            Recovered::Record { id, .. } => id.as_str(),
            Recovered::Corrupt { error, .. } => panic!("unexpected corrupt record: {error}"),
        })
        .collect();
    assert_eq!(ids, ["newer", "older"], "newest first");
    assert!(matches!(&listed[1], Recovered::Record { record, .. } if **record == older));
    journal.remove("newer").expect("removes");
    journal.remove("newer").expect("removing twice is fine");
    assert_eq!(file_names(journal.dir()), ["older.ron"]);
}

#[test]
fn a_corrupt_record_is_moved_aside_and_reported() {
    let dir = tempfile::tempdir().expect("temp dir");
    let journal = Journal::in_dir(dir.path());
    journal.write("good", &record()).expect("writes");
    let text = record().to_ron().expect("serialises");
    let cut = &text[..text.len() / 2];
    fs::write(dir.path().join("cut.ron"), cut).expect("a record cut off mid-write");
    fs::write(dir.path().join("binary.ron"), [0xff, 0xfe, 0x00]).expect("not text");
    fs::write(dir.path().join("empty.ron"), "").expect("empty");
    let listed = journal.list();
    assert_eq!(listed.len(), 4, "{listed:?}");
    assert!(matches!(&listed[0], Recovered::Record { id, .. } if id == "good"));
    let mut reported = Vec::new();
    for found in &listed[1..] {
        let Recovered::Corrupt { file_name, moved_to, error } = found else { panic!("{found:?}") };
        let moved_to = moved_to.as_ref().expect("moved aside");
        assert_eq!(moved_to, &dir.path().join("corrupt").join(file_name));
        assert!(moved_to.exists(), "kept, not deleted");
        assert_eq!(&error.path, moved_to, "the message leads to the file");
        reported.push(file_name.as_str());
    }
    assert_eq!(reported, ["binary.ron", "cut.ron", "empty.ron"]);
    let Recovered::Corrupt { error, .. } = &listed[2] else { panic!("cut.ron is corrupt") };
    let at = error.at.expect("a cut-off record has a position");
    assert!(error.to_string().contains(&format!("cut.ron:{}:{}: ", at.line, at.col)), "{error}");
    assert_eq!(file_names(dir.path()), ["corrupt", "good.ron"]);
    // Listing again finds only the good record; a second corrupt file of
    // the same name does not overwrite the first.
    assert_eq!(journal.list().len(), 1);
    fs::write(dir.path().join("cut.ron"), "Record(").expect("again");
    let listed = journal.list();
    assert!(
        matches!(&listed[1], Recovered::Corrupt { moved_to: Some(p), .. } if p.ends_with("corrupt/cut.1.ron")),
        "{listed:?}"
    );
    assert_eq!(fs::read_to_string(dir.path().join("corrupt/cut.ron")).expect("first kept"), cut);
}

#[test]
fn a_record_from_a_newer_copydesk_is_left_in_place() {
    let dir = tempfile::tempdir().expect("temp dir");
    let journal = Journal::in_dir(dir.path());
    let mut newer = record();
    newer.format += 1;
    journal.write("newer", &newer).expect("writes");
    let listed = journal.list();
    assert!(matches!(&listed[..], [Recovered::Corrupt { moved_to: None, .. }]), "{listed:?}");
    assert_eq!(file_names(dir.path()), ["newer.ron"]);
}

#[test]
fn temporary_files_and_strangers_are_ignored() {
    let dir = tempfile::tempdir().expect("temp dir");
    let journal = Journal::in_dir(dir.path());
    fs::write(dir.path().join(".story-0a.ron.Ab12Cd.tmp"), "half").expect("temp");
    fs::write(dir.path().join("notes.txt"), "hello").expect("stranger");
    fs::create_dir(dir.path().join("folder.ron")).expect("a folder");
    assert!(journal.list().is_empty());
}

#[test]
fn ids_that_are_not_file_names_are_refused() {
    let journal = Journal::in_dir("/nonexistent");
    for id in ["", "../escape", "a/b", ".hidden", "-flag", "space here"] {
        assert!(matches!(journal.write(id, &record()), Err(RecoveryError::BadId(_))), "{id:?}");
    }
}

#[test]
fn ids_of_files_are_stable_and_distinct() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("Bürgermeister Wahl!.ron");
    fs::write(&path, "x").expect("file");
    let id = id_for(Some(&path));
    assert!(id.starts_with("burgermeister-wahl-"), "{id}");
    assert!(is_valid_id(&id), "{id}");
    assert_eq!(id, id_for(Some(&path)));
    assert_eq!(id, id_for(Some(&dir.path().join(".").join("Bürgermeister Wahl!.ron"))), "same file");
    fs::create_dir(dir.path().join("other")).expect("folder");
    let other = dir.path().join("other").join("Bürgermeister Wahl!.ron");
    assert_ne!(id, id_for(Some(&other)), "same name, different folder");
    assert_eq!(id_for(Some(&other)), id_for(Some(&other)), "stable before the file exists");
    assert!(id_for(Some(Path::new("/desk/!!!.ron"))).starts_with("article-"));
}

#[test]
fn ids_of_untitled_documents_are_unique() {
    let ids: std::collections::HashSet<String> = (0..1000).map(|_| id_for(None)).collect();
    assert_eq!(ids.len(), 1000);
    assert!(ids.iter().all(|id| id.starts_with("untitled-") && is_valid_id(id)));
}

#[test]
fn the_default_journal_is_a_recovery_folder() {
    // Whether or not COPYDESK_DATA_DIR is set where the tests run.
    let journal = Journal::default_location().expect("a data folder");
    assert!(journal.dir().ends_with("recovery"), "{}", journal.dir().display());
}
