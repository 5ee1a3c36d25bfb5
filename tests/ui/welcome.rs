//! The first start: a welcome article that shows the markup it teaches
//! (a numbered list numbered) with no findings.

use crate::common::*;
use copydesk::app::{CopydeskApp, Launch, ScriptedDialogs};
use egui_kittest::Harness;

/// The window as it first starts: an empty data folder and no article given.
fn first_start() -> App<'static> {
    let data = tempfile::tempdir().expect("temp dir").keep();
    let launch =
        Launch { dialogs: Some(Box::new(ScriptedDialogs::new())), data_dir: Some(data), ..Launch::default() };
    let mut harness =
        Harness::builder().with_size([1400.0, 900.0]).build_eframe(move |cc| CopydeskApp::new(cc, launch));
    settle(&mut harness);
    harness
}

#[test]
fn the_welcome_shows_a_numbered_list_as_one() {
    let harness = first_start();
    let body = harness.state().document().body().to_string();
    let numbered = body.lines().find(|l| l.contains("a number and a full stop")).expect("the example");
    assert!(numbered.starts_with("1. "), "the numbered example is numbered: {numbered}");
}

#[test]
fn the_first_start_shows_a_welcome_with_the_markup_and_no_misspellings() {
    let harness = first_start();
    assert_eq!(text_of(&harness, "Headline"), "Welcome to Copydesk");
    let body = harness.state().document().body().to_string();
    for markup in ["## ", "> ", "- ", "*", "](https://", "Ctrl+K"] {
        assert!(body.contains(markup), "the welcome shows {markup:?}");
    }
    let analysis = harness.state().analysis();
    assert!(analysis.findings.is_empty(), "a clean start: {:?}", analysis.findings);
}
