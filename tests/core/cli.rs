//! The `copydesk` binary's headless subcommands, run as a user would.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use copydesk::rules::check::{self, Context};

use crate::common::{put, story};

fn copydesk(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_copydesk")).args(args).output().expect("copydesk runs")
}

/// The sample articles.
fn samples() -> Vec<PathBuf> {
    sample_files().into_iter().filter(|p| !p.ends_with("desk.ron")).collect()
}

/// What the shell gives for `assets/sample/*.ron`: the articles and the
/// desk's `desk.ron`.
fn sample_files() -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = fs::read_dir("assets/sample")
        .expect("samples")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    paths.sort();
    paths
}

fn args<'a>(first: &[&'a str], paths: &'a [PathBuf]) -> Vec<&'a str> {
    let mut all = first.to_vec();
    all.extend(paths.iter().map(|p| p.to_str().expect("utf-8 path")));
    all
}

#[test]
fn samples_pass_check_and_are_canonical() {
    // As typed: `copydesk check assets/sample/*.ron`, desk.ron included.
    let paths = sample_files();
    assert!(paths.iter().any(|p| p.ends_with("desk.ron")));
    let out = copydesk(&args(&["check"], &paths));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(stdout.contains(&format!("{} files checked: 0 errors", paths.len())), "{stdout}");
    // Loose articles are checked with their desk's dictionary: the names
    // in desk.ron are not flagged.
    assert!(!stdout.contains("Ramaswamy"), "{stdout}");
    let out = copydesk(&args(&["fmt", "--check"], &paths));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
}

#[test]
fn a_broken_desk_file_fails_check_and_fmt_with_file_line_col() {
    let dir = tempfile::tempdir().expect("temp dir");
    let desk = dir.path().join("desk.ron");
    let source = fs::read_to_string("assets/sample/desk.ron").expect("read");
    fs::write(&desk, source.replacen("    name:", "    nme:", 1)).expect("write");
    for command in [&["check"][..], &["fmt", "--check"][..]] {
        let out = copydesk(&args(command, std::slice::from_ref(&desk)));
        assert_eq!(out.status.code(), Some(1), "{command:?}");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.starts_with(&format!("{}:3:", desk.display())), "{command:?}: {stdout}");
    }
}

#[test]
fn a_broken_copy_fails_with_file_line_col() {
    let dir = tempfile::tempdir().expect("temp dir");
    let source = fs::read_to_string(&samples()[0]).expect("read");
    let broken = dir.path().join("broken.ron");
    fs::write(&broken, source.replacen("    dek:", "    dek ", 1)).expect("write");
    let out = copydesk(&["check", broken.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = stdout.lines().next().expect("a finding");
    let prefix = format!("{}:6:", broken.display());
    assert!(line.starts_with(&prefix), "{line}");
    assert!(line.contains(": error: "), "{line}");
}

#[test]
fn findings_carry_positions_in_the_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let source = fs::read_to_string(&samples()[0]).expect("read");
    let path = dir.path().join("story.ron");
    fs::write(&path, source.replacen("slug: \"", "slug: \"Bad Slug ", 1)).expect("write");
    let out = copydesk(&["check", path.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains(&format!("{}:4:5: error: The slug is not valid", path.display())), "{stdout}");
    assert!(stdout.contains("[slug-invalid]"), "{stdout}");
}

#[test]
fn fmt_rewrites_and_check_reports() {
    let dir = tempfile::tempdir().expect("temp dir");
    let source = fs::read_to_string(&samples()[0]).expect("read");
    let path = dir.path().join("story.ron");
    fs::write(&path, source.replace("\n    ", "\n  ")).expect("write");
    let target = path.to_str().expect("utf-8");
    let out = copydesk(&["fmt", "--check", target]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("not in canonical form"));
    let out = copydesk(&["fmt", target]);
    assert!(out.status.success());
    assert_eq!(fs::read_to_string(&path).expect("read"), source);
    assert!(copydesk(&["fmt", "--check", target]).status.success());
}

#[test]
fn help_describes_each_subcommand() {
    for sub in ["check", "fmt"] {
        let out = copydesk(&[sub, "--help"]);
        assert!(out.status.success());
        assert!(String::from_utf8_lossy(&out.stdout).contains("Usage: copydesk"));
    }
}

#[test]
fn missing_file_is_an_error_not_a_panic() {
    let out = copydesk(&["check", "/nonexistent/story.ron"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("/nonexistent/story.ron"));
    assert!(Path::new("/nonexistent").metadata().is_err());
}

#[test]
fn the_sample_desk_checks_clean_and_lists() {
    let out = copydesk(&["check", "assets/sample"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    assert!(Path::new("assets/sample/desk.ron").exists());
    let out = copydesk(&["desk", "assets/sample"]);
    assert!(out.status.success());
    let table = String::from_utf8_lossy(&out.stdout);
    let header = table.lines().next().expect("header");
    assert!(
        header.starts_with("SLUG") && header.contains("CATEGORY") && header.ends_with("HEADLINE"),
        "{header}"
    );
    assert!(table.contains("kestrel-bend-flood-wall"), "{table}");
    assert!(
        table.lines().any(|l| l.contains("ferry-street-bridge-closure") && l.contains("Ready")),
        "{table}"
    );
}

#[test]
fn desk_rules_fail_with_positions() {
    let dir = tempfile::tempdir().expect("temp dir");
    for entry in fs::read_dir("assets/sample").expect("samples") {
        let path = entry.expect("entry").path();
        fs::copy(&path, dir.path().join(path.file_name().expect("name"))).expect("copy");
    }
    // A second article claims the long story's slug, and one link breaks.
    let market = dir.path().join("water-street-market-reopens.ron");
    let text = fs::read_to_string(&market).expect("read");
    fs::write(
        dir.path().join("copy.ron"),
        text.replacen("slug: \"water-street-market-reopens\"", "slug: \"kestrel-bend-flood-wall\"", 1),
    )
    .expect("write");
    let rowing = dir.path().join("rowing-regional-title.ron");
    let text = fs::read_to_string(&rowing).expect("read");
    let linked = text
        .lines()
        .find(|l| l.trim_start().starts_with("slug: \"") && !l.contains("rowing"))
        .expect("a link");
    let broken_line = text.lines().position(|l| l == linked).expect("line") + 1;
    fs::write(&rowing, text.replacen(linked, "            slug: \"no-such-story\",", 1)).expect("write");

    let out = copydesk(&["check", dir.path().to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let duplicate_lines: Vec<_> = stdout.lines().filter(|l| l.contains("[slug-duplicate]")).collect();
    assert_eq!(duplicate_lines.len(), 2, "{stdout}");
    assert!(duplicate_lines.iter().any(|l| l.contains("copy.ron:4:5: error:")), "{stdout}");
    assert!(
        duplicate_lines.iter().any(|l| l.contains("kestrel-bend-flood-wall.ron:4:5: error:")),
        "{stdout}"
    );
    let broken = stdout
        .lines()
        .find(|l| l.contains("[related-broken]") && l.contains("rowing"))
        .expect("broken link reported");
    assert!(stdout.contains("[related-ambiguous]"), "{stdout}");
    assert!(broken.contains(&format!("rowing-regional-title.ron:{}:", broken_line - 1)), "{broken}");

    let out = copydesk(&["check", "--format", "json", dir.path().to_str().expect("utf-8")]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert!(json["errors"].as_u64().expect("count") >= 3);
}

#[test]
fn fmt_upgrades_format_1_files_and_measures_their_images() {
    let dir = tempfile::tempdir().expect("temp dir");
    // A format 1 sample: no image field at all.
    let text = fs::read_to_string("assets/sample/rowing-regional-title.ron").expect("read");
    let start = text.find("    image: Some(").expect("image field");
    let end = start + text[start..].find("    )),\n").expect("image end") + "    )),\n".len();
    // Nor any of format 3's fields.
    let format_3_lines = |line: &&str| {
        ![
            "id:",
            "embargo_until:",
            "language:",
            "target_words:",
            "seo_",
            "social_",
            "corrections:",
            "notes:",
            "published_to:",
        ]
        .iter()
        .any(|field| line.trim_start().starts_with(field))
    };
    let format_1: String = format!("{}{}", &text[..start], &text[end..])
        .replacen("format: 3,", "format: 1,", 1)
        .split_inclusive('\n')
        .filter(format_3_lines)
        .collect();
    let old = dir.path().join("old.ron");
    fs::write(&old, &format_1).expect("write");
    let out = copydesk(&["fmt", "--check", old.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(1), "a format 1 file is not canonical");
    let out = copydesk(&["fmt", old.to_str().expect("utf-8")]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    let upgraded = fs::read_to_string(&old).expect("read");
    // Upgraded to format 3; `fmt` gives no id (an editor's first save does).
    assert!(upgraded.starts_with("Article(\n    format: 3,\n    id: None,\n"), "{upgraded}");
    assert!(upgraded.contains("    social_description: None,\n    image: None,\n    share:"), "{upgraded}");
    assert!(
        upgraded.ends_with("    corrections: [],\n    notes: [],\n    published_to: [],\n)\n"),
        "{upgraded}"
    );

    // With a lead image whose file is beside it, fmt writes its pixel size.
    fs::copy("assets/sample/rowing-regional-title.png", dir.path().join("rowing-regional-title.png"))
        .expect("copy");
    let unmeasured =
        text.replacen("width: Some(1600)", "width: None", 1).replacen("height: Some(900)", "height: None", 1);
    let new = dir.path().join("new.ron");
    fs::write(&new, &unmeasured).expect("write");
    let out = copydesk(&["fmt", new.to_str().expect("utf-8")]);
    assert!(out.status.success());
    assert_eq!(fs::read_to_string(&new).expect("read"), text);
}

#[test]
fn control_characters_are_escaped_in_desk_and_check_output_and_flagged() {
    let desk = tempfile::tempdir().expect("temp dir");
    let mut hostile = story("landing", "Landing\u{1b}[2K\u{1b}[1A\rreopens\u{9b}31m", &[]);
    hostile.dek = "A dek with a bell\u{7}.".into();
    put(desk.path(), "landing.ron", &hostile);
    // A file name is printed too (here with a load error).
    fs::write(desk.path().join("bad\u{1b}[2K.ron"), "Article(").expect("write");
    for command in ["desk", "check"] {
        let ran = copydesk(&[command, desk.path().to_str().expect("utf-8")]);
        let stdout = String::from_utf8(ran.stdout).expect("utf-8");
        assert!(!stdout.contains(['\u{1b}', '\r', '\u{7}', '\u{9b}']), "{command}: {stdout:?}");
        if command == "desk" {
            assert!(stdout.contains("Landing\\u{1b}[2K"), "{command}: {stdout}");
        } else {
            assert!(stdout.contains("bad\\u{1b}[2K.ron"), "{stdout}");
            assert_eq!(stdout.matches("[control-character]").count(), 2, "{stdout}");
        }
    }
    let findings = check::article(&hostile, &Context::default());
    assert!(findings.iter().any(|f| f.code == "control-character"));
}
