//! The window and `copydesk check` go through one rules pipeline: on the
//! same file and desk they report the very same findings.

use std::path::Path;

use crate::common::*;
use copydesk::app::{Launch, ScriptedDialogs};
use copydesk::model::article::{Block, Related};
use copydesk::storage::store;
use serde_json::Value;

type Row = (Value, String, String, Value);

fn sorted(mut rows: Vec<Row>) -> Vec<Row> {
    rows.sort_by_key(|r| format!("{r:?}"));
    rows
}

fn window_findings(launch: Launch) -> Vec<Row> {
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness_with(&dialogs, launch);
    settle(&mut harness);
    let analysis = harness.state().analysis().clone();
    sorted(
        analysis
            .findings
            .iter()
            .map(|f| {
                (
                    serde_json::to_value(f.severity).expect("severity"),
                    f.code.to_string(),
                    f.message.clone(),
                    serde_json::to_value(f.location).expect("location"),
                )
            })
            .collect(),
    )
}

fn check_findings(target: &Path, file: &Path) -> Vec<Row> {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(["check", "--format", "json"])
        .arg(target)
        .output()
        .expect("copydesk runs");
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON report");
    let rows = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["path"].as_str().is_some_and(|p| Path::new(p) == file))
        .map(|f| {
            (
                f["severity"].clone(),
                f["code"].as_str().unwrap_or_default().to_string(),
                f["message"].as_str().unwrap_or_default().to_string(),
                f["location"].clone(),
            )
        })
        .collect();
    sorted(rows)
}

/// The sample desk, plus an article with something wrong in every part.
fn desk_with_a_troubled_article() -> (tempfile::TempDir, std::path::PathBuf) {
    let desk = tempfile::tempdir().expect("temp dir");
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample");
    for entry in std::fs::read_dir(samples).expect("samples") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), desk.path().join(entry.file_name())).expect("copy");
    }
    let mut troubled =
        article("quarry-road-detour", "Quarry Road Detour Frustrates Comuters Again and Again");
    troubled.category = "Gardening".into();
    troubled.body.push(Block::Paragraph("Drivers said the detuor adds <b>twenty</b> minutes.".into()));
    troubled.related.push(Related {
        slug: "no-such-story".into(),
        category: "Local".into(),
        title: "A Story That Is Not There".into(),
        teaser: "Nobody wrote it.".into(),
    });
    let path = desk.path().join("quarry-road-detour.ron");
    store::save(&path, &troubled).expect("fixture saves");
    let path = path.canonicalize().expect("canonical");
    (desk, path)
}

#[test]
fn a_loose_article_gets_the_same_findings_in_the_window_and_from_check() {
    let (desk, path) = desk_with_a_troubled_article();
    let window = window_findings(opening(path.clone()));
    let cli = check_findings(&path, &path);
    assert!(window.len() >= 4, "the fixture has findings: {window:?}");
    assert_eq!(window, cli);
    drop(desk);
}

#[test]
fn a_desk_article_gets_the_same_findings_in_the_window_and_from_check() {
    let (desk, path) = desk_with_a_troubled_article();
    let root = desk.path().canonicalize().expect("canonical");
    let window =
        window_findings(Launch { desk: Some(root.clone()), open: Some(path.clone()), ..Launch::default() });
    let cli = check_findings(&root, &path);
    assert!(window.iter().any(|r| r.1.contains("related")), "the broken link is found: {window:?}");
    assert_eq!(window, cli);
}

#[test]
fn every_sample_gets_the_same_findings_in_the_window_and_from_check() {
    let samples =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample").canonicalize().expect("samples");
    for entry in std::fs::read_dir(&samples).expect("samples") {
        let path = entry.expect("entry").path();
        if path.file_name().is_some_and(|n| n == "desk.ron") || path.extension().is_none_or(|e| e != "ron") {
            continue;
        }
        let window = window_findings(Launch {
            desk: Some(samples.clone()),
            open: Some(path.clone()),
            ..Launch::default()
        });
        assert_eq!(window, check_findings(&samples, &path), "{}", path.display());
    }
}
