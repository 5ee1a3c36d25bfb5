//! The recovery journal from outside the window: private folders and
//! records, a journal that cannot be written found at once, long lines.

use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;

use copydesk::storage::recovery::{self, Journal, Record};

use crate::common::story;

#[test]
fn recovery_folders_and_records_are_private() {
    let data = tempfile::tempdir().expect("temp dir");
    let dir = data.path().join("recovery");
    // A folder left readable by an older version is made private too.
    fs::create_dir(&dir).expect("folder");
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o755)).expect("chmod");
    let journal = Journal::in_dir(&dir);
    let record = Record::new(None, story("embargo", "Embargoed", &[]), "Secret until noon.".into());
    journal.write("story-1", &record).expect("write");
    journal.write("story-1", &record).expect("write again");
    assert_eq!(fs::metadata(&dir).expect("folder").mode() & 0o777, 0o700);
    let file = journal.path_of("story-1").expect("path");
    assert_eq!(fs::metadata(&file).expect("record").mode() & 0o777, 0o600);
}

#[test]
fn an_unwritable_journal_is_found_at_once() {
    let data = tempfile::tempdir().expect("temp dir");
    // A file where the data folder should be: unwritable even for root.
    let blocked = data.path().join("blocked");
    fs::write(&blocked, "not a folder").expect("write");
    let journal = Journal::in_dir(blocked.join("recovery"));
    assert!(journal.probe().is_err());
    assert!(Journal::in_dir(data.path().join("fine")).probe().is_ok());
    assert!(
        fs::read_dir(data.path().join("fine")).expect("list").next().is_none(),
        "the probe is cleaned up"
    );
}

#[test]
fn a_ten_megabyte_line_in_a_record_comes_back_in_lines_the_window_can_lay_out() {
    let line: String = "abcdefghij".repeat(1_000_000);
    let mut record = Record::new(None, story("long", "Long", &[]), format!("Start.\n\n{line}\n\nEnd."));
    record.cursor = record.body.chars().count() - 2;
    let text = record.to_ron().expect("encodes");
    let read = Record::parse(&text, Path::new("long.ron")).expect("reads");
    assert!(read.body.lines().all(|l| l.len() <= recovery::MAX_RESTORED_LINE));
    assert_eq!(read.body.replace('\n', ""), record.body.replace('\n', ""), "no text lost");
    // The cursor stays on the same letter.
    let at = |body: &str, cursor: usize| body.chars().nth(cursor);
    assert_eq!(at(&read.body, read.cursor), at(&record.body, record.cursor));
}

#[test]
fn a_journal_write_failure_is_kept_for_the_window_to_show() {
    let data = tempfile::tempdir().expect("temp dir");
    let folder = data.path().join("recovery");
    fs::write(&folder, "in the way").expect("write");
    let writer = recovery::Writer::start(Journal::in_dir(&folder)).expect("starts");
    let record = Record::new(None, story("story", "Story", &[]), "Unsaved words.".into());
    writer.update("story-1", std::sync::Arc::new(record));
    assert!(writer.flush().is_err());
    assert!(writer.last_error().is_some());
}
