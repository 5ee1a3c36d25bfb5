use super::*;
use crate::storage::store::{load, load_with_fingerprint, tests::file_names, tests::sample};

fn edited() -> Article {
    Article { headline: "Council Delays River Park Vote Again".into(), ..sample() }
}

#[test]
fn save_checked_returns_what_is_on_disk() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("story.ron");
    let first = save_checked(&path, &sample(), None).expect("a new file needs no check");
    assert_eq!(fingerprint(&path).expect("reads"), Some(first));
    let (loaded, on_load) = load_with_fingerprint(&path).expect("loads");
    assert_eq!(loaded, sample());
    assert_eq!(on_load, first);
    let second = save_checked(&path, &edited(), Some(&first)).expect("unchanged on disk, so it saves");
    assert!(!second.same_content(&first));
    assert_eq!(load(&path).expect("loads"), edited());
    assert_eq!(file_names(dir.path()), ["story.ron"], "no backup or temporary file is left");
}

#[test]
fn save_checked_refuses_after_an_outside_change() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("story.ron");
    let print = save_checked(&path, &sample(), None).expect("saves");
    // Another program rewrites the file.
    let theirs = to_string(&Article { dek: "A dek someone else wrote.".into(), ..sample() });
    fs::write(&path, &theirs).expect("outside write");
    let error = save_checked(&path, &edited(), Some(&print)).expect_err("must not overwrite");
    assert!(matches!(&error, SaveError::ChangedOnDisk { path: p } if p == &path), "{error:?}");
    assert!(error.to_string().contains("story.ron"), "{error}");
    assert_eq!(fs::read_to_string(&path).expect("read"), theirs, "their version is untouched");
    // Saving against what is there now works.
    let now = fingerprint(&path).expect("reads").expect("exists");
    save_checked(&path, &edited(), Some(&now)).expect("saves over the version it was shown");
}

#[test]
fn save_checked_refuses_after_deletion_only_when_a_file_was_expected() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("story.ron");
    let print = save_checked(&path, &sample(), None).expect("saves");
    fs::remove_file(&path).expect("outside delete");
    let error = save_checked(&path, &edited(), Some(&print)).expect_err("deleted counts as changed");
    assert!(matches!(error, SaveError::ChangedOnDisk { .. }), "{error:?}");
    assert!(!path.exists());
    save_checked(&path, &edited(), None).expect("nothing expected, so it saves");
    assert_eq!(load(&path).expect("loads"), edited());
}

#[test]
fn a_touched_but_unchanged_file_is_not_a_conflict() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("story.ron");
    let print = save_checked(&path, &sample(), None).expect("saves");
    let bytes = fs::read(&path).expect("read");
    fs::write(&path, bytes).expect("rewrite the same bytes");
    save_checked(&path, &edited(), Some(&print)).expect("same content, so it saves");
}

#[test]
fn backup_is_kept_when_a_save_fails_after_it_was_made() {
    let dir = tempfile::tempdir().expect("temp dir");
    // The longest name whose backup name still fits the usual 255-byte
    // limit, while the temporary file's name does not: the save fails after
    // the backup was made, as a full disk would.
    let name = format!("{}.ron", "a".repeat(242));
    let path = dir.path().join(&name);
    fs::write(&path, to_string(&sample())).expect("old version");
    let error = save(&path, &edited()).expect_err("the temporary file's name is too long");
    let backup = backup_path(&path);
    match &error {
        SaveError::Io { path: p, backup: Some(kept), .. } => {
            assert_eq!(p, &path);
            assert_eq!(kept, &backup);
        }
        other => panic!("expected an I/O error naming the backup, got {other:?}"),
    }
    assert!(error.to_string().contains(&format!("kept at {}", backup.display())), "{error}");
    assert_eq!(load(&backup).expect("the backup loads"), sample());
    assert_eq!(load(&path).expect("the file is untouched"), sample());
    assert_eq!(file_names(dir.path()), [format!(".{name}.bak"), name.clone()]);
}

#[test]
fn a_later_save_replaces_a_stale_backup_and_removes_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("story.ron");
    save(&path, &sample()).expect("saves");
    fs::write(backup_path(&path), "left by a failed save").expect("stale backup");
    save(&path, &edited()).expect("saves");
    assert_eq!(file_names(dir.path()), ["story.ron"]);
}

#[test]
fn saving_onto_a_folder_fails_naming_it_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("story.ron");
    fs::create_dir(&path).expect("a folder where the file should be");
    fs::write(path.join("inside.txt"), "keep me").expect("content");
    let error = save(&path, &sample()).expect_err("cannot replace a folder");
    assert!(matches!(&error, SaveError::NotRegular { path: p, .. } if p == &path), "{error:?}");
    assert!(error.to_string().starts_with(&path.display().to_string()), "{error}");
    assert_eq!(fs::read_to_string(path.join("inside.txt")).expect("still there"), "keep me");
    assert_eq!(file_names(dir.path()), ["story.ron"], "no temporary file or backup is left");
}

#[test]
fn stray_temporary_files_from_a_killed_save_are_cleared() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("story.ron");
    fs::write(dir.path().join(".story.ron.a1B2c3.tmp"), "half a save").expect("stray");
    // Look-alikes that are not ours stay.
    fs::write(dir.path().join(".story.ron.notes.tmp"), "mine").expect("other");
    fs::write(dir.path().join(".other.ron.a1B2c3.tmp"), "another file's").expect("other");
    save(&path, &sample()).expect("saves");
    assert_eq!(file_names(dir.path()), [".other.ron.a1B2c3.tmp", ".story.ron.notes.tmp", "story.ron"]);
}
