//! Loading and saving real files: hostile input, encodings, atomic saves,
//! and the sample articles round-tripping byte for byte.

use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use copydesk::model::article::{Article, FORMAT, Field, Value};
use copydesk::storage::recovery::Journal;
use copydesk::storage::store::SaveError;
use copydesk::storage::store::{self, LoadErrorKind, Position};

use crate::common::{copydesk, copydesk_within, mkfifo, put, story, within_seconds};

fn valid_text() -> String {
    store::to_string(&Article {
        slug: "harbor-ferry-returns".into(),
        headline: "Harbor Ferry Returns".into(),
        dek: "Service resumes on Monday.".into(),
        category: "Local".into(),
        body: vec![copydesk::model::article::Block::Paragraph("Ferries run again.".into())],
        ..Article::default()
    })
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, bytes).expect("write fixture");
    path
}

/// Loads `bytes` as a file and returns the error, asserting it names the
/// file and, where expected, a line and column.
fn load_error(bytes: &[u8], expect_position: bool) -> store::LoadError {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write(dir.path(), "hostile.ron", bytes);
    let error = store::load(&path).expect_err("hostile file must not load");
    let message = error.to_string();
    assert!(message.contains("hostile.ron"), "message names the file: {message}");
    if expect_position {
        let at = error.at.unwrap_or_else(|| panic!("no line/column in: {message}"));
        assert!(message.contains(&format!("hostile.ron:{}:{}:", at.line, at.col)), "{message}");
    }
    error
}

#[test]
fn truncated_file() {
    let text = valid_text();
    let cut = text.find("headline: ").expect("has a headline") + "headline: ".len();
    let error = load_error(&text.as_bytes()[..cut], true);
    assert!(error.to_string().contains("ends too early"), "{error}");
    assert_eq!(error.at.map(|a| a.line), Some(5), "{error}");
}

#[test]
fn every_truncation_is_an_error_not_a_panic() {
    let text = valid_text();
    for cut in (0..text.len()).step_by(7) {
        if text[..cut].trim_end() == text.trim_end() {
            continue;
        }
        let result = store::parse_bytes(&text.as_bytes()[..cut], Path::new("cut.ron"));
        assert!(result.is_err(), "cut at {cut} parsed");
    }
}

#[test]
fn wrong_type() {
    let text = valid_text().replace("format: 3,", "format: \"one\",");
    let error = load_error(text.as_bytes(), true);
    assert_eq!(error.at.map(|a| a.line), Some(2), "{error}");
}

#[test]
fn wrong_type_in_list() {
    let text = valid_text().replace("tags: [],", "tags: [1, 2],");
    let error = load_error(text.as_bytes(), true);
    assert!(error.to_string().to_lowercase().contains("string"), "{error}");
}

#[test]
fn missing_field() {
    let text = valid_text().replace("    headline: \"Harbor Ferry Returns\",\n", "");
    let error = load_error(text.as_bytes(), true);
    assert!(error.to_string().contains("missing field `headline`"), "{error}");
}

#[test]
fn unknown_field_is_named() {
    let text = valid_text().replace("    dek:", "    kicker: \"Extra\",\n    dek:");
    let error = load_error(text.as_bytes(), true);
    assert!(error.to_string().contains("unknown field `kicker`"), "{error}");
    assert_eq!(error.at.map(|a| a.line), Some(6), "{error}");
}

#[test]
fn future_format_says_which_version() {
    let text = valid_text().replace("format: 3,", "format: 7,");
    let error = load_error(text.as_bytes(), false);
    assert!(matches!(error.kind, LoadErrorKind::FutureFormat(7)));
    assert!(error.to_string().contains("format 7"), "{error}");
    // A newer file with fields this version lacks still gets the version message.
    let text = valid_text().replace("format: 3,", "format: 4,\n    audio: Some(\"x\"),");
    let error = load_error(text.as_bytes(), false);
    assert!(matches!(error.kind, LoadErrorKind::FutureFormat(4)), "{error}");
}

#[test]
fn format_zero_is_refused_with_position() {
    let text = valid_text().replace("format: 3,", "format: 0,");
    let error = load_error(text.as_bytes(), true);
    assert_eq!(error.at, Some(Position { line: 2, col: 5 }));
}

#[test]
fn invalid_utf8() {
    let mut bytes = valid_text().into_bytes();
    let at = bytes.iter().position(|&b| b == b'H').expect("has an H");
    bytes[at] = 0xff;
    let error = load_error(&bytes, true);
    assert!(matches!(error.kind, LoadErrorKind::Encoding));
    assert_eq!(error.at.map(|a| a.line), Some(5));
}

#[test]
fn deep_nesting() {
    let text = format!("Article(format: {}{}", "[".repeat(200), "]".repeat(200));
    load_error(text.as_bytes(), true);
    let text =
        valid_text().replace("tags: [],", &format!("tags: {}\"x\"{},", "[".repeat(200), "]".repeat(200)));
    load_error(text.as_bytes(), true);
}

#[test]
fn huge_file_is_refused_before_reading() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("hostile.ron");
    let file = fs::File::create(&path).expect("create");
    // Sparse: 60 MB on paper, nothing on disk.
    file.set_len(60 * 1024 * 1024).expect("set_len");
    let error = store::load(&path).expect_err("refused");
    assert!(matches!(error.kind, LoadErrorKind::TooLarge(_)));
    assert!(error.to_string().contains("50 MB"), "{error}");
}

#[test]
fn empty_file() {
    let error = load_error(b"", true);
    assert!(matches!(error.kind, LoadErrorKind::Empty));
    let error = load_error(b"  \n\t\n", true);
    assert!(matches!(error.kind, LoadErrorKind::Empty));
}

#[test]
fn folder_instead_of_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let error = store::load(dir.path()).expect_err("a folder is not an article");
    assert!(matches!(error.kind, LoadErrorKind::IsFolder));
}

#[test]
fn missing_file() {
    let error = store::load(Path::new("/nonexistent/copydesk/story.ron")).expect_err("missing");
    assert!(error.to_string().contains("/nonexistent/copydesk/story.ron"));
}

#[test]
fn trailing_garbage() {
    let text = valid_text() + "Article()";
    load_error(text.as_bytes(), true);
}

#[test]
fn unknown_status() {
    let text = valid_text().replace("status: Draft,", "status: Done,");
    let error = load_error(text.as_bytes(), true);
    assert!(error.to_string().contains("Done"), "{error}");
}

#[test]
fn bad_timestamp() {
    let text = valid_text().replace("published_at: None,", "published_at: Some(\"last Tuesday\"),");
    let error = load_error(text.as_bytes(), true);
    assert_eq!(error.at.map(|a| a.line), Some(11), "{error}");
    assert!(error.to_string().contains("RFC 3339"), "{error}");
}

#[test]
fn wrong_struct_name() {
    let text = valid_text().replacen("Article(", "Story(", 1);
    load_error(text.as_bytes(), true);
}

#[test]
fn unterminated_string() {
    let text = valid_text().replace("\"Harbor Ferry Returns\",", "\"Harbor Ferry Returns,");
    load_error(text.as_bytes(), true);
}

#[test]
fn binary_garbage() {
    let bytes: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect();
    load_error(&bytes, true);
}

#[test]
fn json_instead_of_ron() {
    load_error(br#"{"format": 1, "slug": "x"}"#, true);
}

#[test]
fn negative_format() {
    let text = valid_text().replace("format: 3,", "format: -1,");
    load_error(text.as_bytes(), true);
}

#[test]
fn bom_and_crlf_load_and_are_normalised_on_save() {
    let text = valid_text();
    let crlf = format!("\u{feff}{}", text.replace('\n', "\r\n"));
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write(dir.path(), "windows.ron", crlf.as_bytes());
    let article = store::load(&path).expect("BOM + CRLF loads");
    assert_eq!(store::to_string(&article), text);
    store::save(&path, &article).expect("saves");
    assert_eq!(fs::read_to_string(&path).expect("read"), text);
}

#[cfg(unix)]
#[test]
fn failed_save_leaves_the_old_file_intact() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("temp dir");
    // Not canonical (no trailing newline), so `fmt` has to write it.
    let original = valid_text().trim_end().to_string();
    let path = write(dir.path(), "story.ron", original.as_bytes());
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o555)).expect("chmod");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).expect("chmod");

    let message = if is_root() {
        // Root ignores folder permissions, so save as an ordinary user: the
        // real binary's `fmt` goes through the same atomic save.
        let output = std::process::Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(env!("CARGO_BIN_EXE_copydesk"))
            .arg("fmt")
            .arg(&path)
            .output()
            .expect("setpriv runs");
        assert!(!output.status.success());
        String::from_utf8_lossy(&output.stdout).into_owned()
    } else {
        let mut changed = store::parse_str(&original, &path).expect("parses");
        changed.headline = "Changed".into();
        store::save(&path, &changed).expect_err("read-only folder").to_string()
    };
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).expect("chmod back");
    assert!(message.contains("story.ron"), "{message}");
    assert!(message.contains("permission denied"), "{message}");
    assert_eq!(fs::read_to_string(&path).expect("read"), original);
    let leftovers = fs::read_dir(dir.path()).expect("list").count();
    assert_eq!(leftovers, 1, "no temporary file left behind");
}

#[cfg(unix)]
fn is_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

#[test]
fn samples_round_trip_byte_for_byte() {
    let mut count = 0;
    for entry in fs::read_dir("assets/sample").expect("samples") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "ron") || path.file_name().is_some_and(|n| n == "desk.ron") {
            continue;
        }
        let bytes = fs::read(&path).expect("read");
        let article = store::load(&path).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(article.format, FORMAT);
        let dir = tempfile::tempdir().expect("temp dir");
        let copy = dir.path().join("copy.ron");
        store::save(&copy, &article).expect("save");
        assert_eq!(fs::read(&copy).expect("read"), bytes, "{} is not canonical", path.display());
        count += 1;
    }
    assert!(count >= 3, "expected at least three samples, found {count}");
}

fn format_fixture(name: &str) -> (PathBuf, String) {
    let path = Path::new("tests/fixtures/formats").join(name);
    let text = fs::read_to_string(&path).expect("fixture");
    (path, text)
}

/// The README's format 3 example is what Copydesk writes, byte for byte,
/// and sets every field format 3 adds.
#[test]
fn the_format_3_example_round_trips_byte_for_byte() {
    let (path, text) = format_fixture("format-3.ron");
    let article = store::load(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(store::to_string(&article), text);
    let Article {
        id,
        embargo_until,
        language,
        target_words,
        seo_title,
        social_title,
        corrections,
        notes,
        published_to,
        ..
    } = &article;
    assert!(id.is_some() && embargo_until.is_some() && language.is_some() && target_words.is_some());
    assert!(seo_title.is_some() && social_title.is_some());
    assert!(!corrections.is_empty() && !published_to.is_empty());
    assert!(notes.iter().any(|n| n.anchor.is_some()) && notes.iter().any(|n| n.on.is_some()));
    assert!(notes.iter().any(|n| !n.replies.is_empty()) && notes.iter().any(|n| n.resolved));
    // Each anchored note's mark is in the body, where the text before it says.
    let body: Vec<&str> = article.body.iter().flat_map(|b| b.texts()).collect();
    for anchor in notes.iter().filter_map(|n| n.anchor.as_ref()) {
        assert!(body.iter().any(|t| t.contains(&format!("{}{}", anchor.before, anchor.mark))), "{anchor:?}");
    }
}

/// Format 1 and 2 files load, are saved as format 3, and lose nothing: every
/// field they had reads the same, the fields they lacked are empty.
#[test]
fn format_1_and_2_files_are_saved_as_format_3_with_nothing_lost() {
    for name in ["format-1.ron", "format-2.ron"] {
        let (path, text) = format_fixture(name);
        let old: ron::Value = ron::from_str(&text).expect("ron reads the old file");
        let article = store::load(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(article.format, FORMAT);
        let dir = tempfile::tempdir().expect("temp dir");
        let saved = dir.path().join(name);
        store::save(&saved, &article).expect("save");
        let written = fs::read_to_string(&saved).expect("read");
        assert!(written.starts_with("Article(\n    format: 3,\n    id: None,\n"), "{written}");
        let again = store::load(&saved).expect("format 3 loads");
        assert_eq!(again, article, "{name}");
        // Every field of the old file, by name, holds the same value in the new one.
        let new: ron::Value = ron::from_str(&written).expect("ron reads the new file");
        let (ron::Value::Map(old), ron::Value::Map(new)) = (old, new) else { panic!("an Article struct") };
        for (key, value) in old.iter() {
            if *key != ron::Value::String("format".into()) {
                assert_eq!(new.get(key), Some(value), "{name}: {key:?}");
            }
        }
        // What format 3 added reads as empty.
        for field in [
            Field::Id,
            Field::EmbargoUntil,
            Field::Language,
            Field::SeoTitle,
            Field::SocialDescription,
            Field::Corrections,
            Field::Notes,
            Field::PublishedTo,
        ] {
            assert!(!field.differs(&again, &Article::default()), "{name}: {field:?}");
        }
        assert_eq!(Field::TargetWords.read(&again), Value::Count(None));
    }
}

#[test]
fn fifo_articles_records_and_desk_files_are_refused_without_hanging() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fifo = dir.path().join("story.ron");
    mkfifo(&fifo);
    let error = within_seconds({
        let fifo = fifo.clone();
        move || store::load(&fifo).expect_err("a FIFO is not an article")
    });
    assert!(matches!(error.kind, LoadErrorKind::NotRegular(_)), "{error}");
    assert!(within_seconds({
        let fifo = fifo.clone();
        move || store::fingerprint(&fifo).is_err()
    }));

    // A journal holding a FIFO record: listing it does not block.
    let journal_dir = dir.path().join("journal");
    fs::create_dir(&journal_dir).expect("folder");
    mkfifo(&journal_dir.join("story-0a.ron"));
    let listed = within_seconds(move || Journal::in_dir(journal_dir).list().len());
    assert_eq!(listed, 0);

    // The CLI on a desk whose desk.ron and an article are FIFOs.
    let desk = dir.path().join("desk");
    fs::create_dir(&desk).expect("folder");
    mkfifo(&desk.join("desk.ron"));
    mkfifo(&desk.join("pipe.ron"));
    put(&desk, "landing.ron", &story("landing", "Landing Reopens", &[]));
    let ran = copydesk_within(&[Path::new("check"), &desk], &[]);
    let stdout = String::from_utf8_lossy(&ran.stdout);
    assert!(!ran.status.success());
    assert!(stdout.contains("not a regular file"), "{stdout}");
    let ran = copydesk_within(&[Path::new("desk"), &desk], &[]);
    assert!(String::from_utf8_lossy(&ran.stdout).contains("not a regular file"));
    for command in ["check", "fmt"] {
        for file in [desk.join("desk.ron"), desk.join("pipe.ron")] {
            let ran = copydesk_within(&[Path::new(command), &file], &[]);
            assert!(!ran.status.success(), "{command} {}", file.display());
            assert!(String::from_utf8_lossy(&ran.stdout).contains("not a regular file"));
        }
    }
}

#[test]
fn a_read_only_file_is_refused_by_save_and_fmt() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = put(dir.path(), "locked.ron", &story("locked", "Locked", &[]));
    // Not canonical, so fmt would rewrite it.
    let text = format!("// kept\n{}", fs::read_to_string(&path).expect("read"));
    fs::write(&path, &text).expect("write");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).expect("chmod");
    let error = store::save(&path, &story("locked", "Changed", &[])).expect_err("read-only");
    assert!(matches!(error, SaveError::ReadOnly { .. }), "{error}");
    assert!(error.to_string().contains("read-only"));
    let ran = copydesk(&["fmt", path.to_str().expect("utf-8")]);
    assert!(!ran.status.success());
    assert!(String::from_utf8_lossy(&ran.stdout).contains("read-only"));
    assert_eq!(fs::read_to_string(&path).expect("read"), text);
    assert_eq!(fs::metadata(&path).expect("meta").mode() & 0o777, 0o444);
}

#[test]
fn fmt_and_save_keep_the_mode_and_the_owner() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = put(dir.path(), "shared.ron", &story("shared", "Shared", &[]));
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).expect("chmod");
    // Another user's file, where this process may give it back (root).
    let owner = std::os::unix::fs::chown(&path, Some(4321), Some(4321)).is_ok();
    fs::write(&path, format!("// kept\n{}", store::to_string(&story("shared", "Shared", &[]))))
        .expect("write");
    let ran = copydesk(&["fmt", path.to_str().expect("utf-8")]);
    assert!(ran.status.success(), "{}", String::from_utf8_lossy(&ran.stdout));
    let meta = fs::metadata(&path).expect("meta");
    assert_eq!(meta.mode() & 0o777, 0o640);
    if owner {
        assert_eq!((meta.uid(), meta.gid()), (4321, 4321));
    }
    store::save(&path, &story("shared", "Shared Again", &[])).expect("save");
    let meta = fs::metadata(&path).expect("meta");
    assert_eq!(meta.mode() & 0o777, 0o640);
    if owner {
        assert_eq!((meta.uid(), meta.gid()), (4321, 4321));
    }
}

#[test]
fn fmt_and_save_write_through_a_link() {
    let dir = tempfile::tempdir().expect("temp dir");
    let real_dir = dir.path().join("real");
    fs::create_dir(&real_dir).expect("folder");
    let real = put(&real_dir, "story.ron", &story("story", "Story", &[]));
    let link = dir.path().join("story.ron");
    symlink("real/story.ron", &link).expect("link");
    fs::write(&real, format!("// kept\n{}", fs::read_to_string(&real).expect("read"))).expect("write");
    let ran = copydesk(&["fmt", link.to_str().expect("utf-8")]);
    assert!(ran.status.success(), "{}", String::from_utf8_lossy(&ran.stdout));
    assert!(fs::symlink_metadata(&link).expect("link").file_type().is_symlink(), "fmt replaced the link");
    assert!(!fs::read_to_string(&real).expect("read").starts_with("// kept"));
    store::save(&link, &story("story", "Story Saved", &[])).expect("save");
    assert!(fs::symlink_metadata(&link).expect("link").file_type().is_symlink(), "save replaced the link");
    assert_eq!(store::load(&real).expect("load").headline, "Story Saved");
    assert!(!dir.path().join(".story.ron.bak").exists() && !real_dir.join(".story.ron.bak").exists());
}

#[test]
fn nothing_is_written_that_loading_would_refuse() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("huge.ron");
    let bytes = vec![b' '; store::MAX_FILE_BYTES as usize + 1];
    let error = store::write_atomic(&path, &bytes).expect_err("over the limit");
    assert!(matches!(error, SaveError::TooLarge { .. }), "{error}");
    assert!(!path.exists());
    // Exactly at the limit is what loading still reads.
    store::write_atomic(&path, &bytes[1..]).expect("at the limit");
    assert_eq!(store::read_limited(&path).expect("reads").len(), bytes.len() - 1);
}

#[test]
fn a_live_save_s_temporary_file_is_left_alone() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = put(dir.path(), "story.ron", &story("story", "Story", &[]));
    // One by this (live) process, one by a process that has exited.
    let live = dir.path().join(format!(".story.ron.{}.Ab12Cd.tmp", std::process::id()));
    fs::write(&live, "a save in progress").expect("write");
    let mut gone = Command::new("true").spawn().expect("true runs");
    let gone_pid = gone.id();
    gone.wait().expect("wait");
    let stray = dir.path().join(format!(".story.ron.{gone_pid}.Zz98Yy.tmp"));
    fs::write(&stray, "half a save").expect("write");
    store::save(&path, &story("story", "Story Two", &[])).expect("save");
    assert!(live.exists(), "another save's temporary file was removed");
    assert!(!stray.exists(), "a killed save's temporary file was kept");
}

#[test]
fn concurrent_fmt_runs_do_not_collide() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = put(dir.path(), "story.ron", &story("story", "Story", &[]));
    let messy = format!("// kept\n{}", fs::read_to_string(&path).expect("read"));
    for _ in 0..10 {
        fs::write(&path, &messy).expect("write");
        let children: Vec<_> = (0..4)
            .map(|_| {
                Command::new(env!("CARGO_BIN_EXE_copydesk"))
                    .args(["fmt", path.to_str().expect("utf-8")])
                    .stdout(Stdio::piped())
                    .spawn()
                    .expect("runs")
            })
            .collect();
        for child in children {
            let out = child.wait_with_output().expect("wait");
            let stdout = String::from_utf8_lossy(&out.stdout);
            assert!(out.status.success(), "{stdout}");
        }
    }
}
