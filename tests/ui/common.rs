//! Shared helpers for the window tests: a harness around the real app with
//! scripted dialogs, and fixture articles.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use copydesk::app::{CopydeskApp, Launch, ScriptedDialogs};
use copydesk::model::article::{Article, Block, Status};
use copydesk::rules::check::Finding;
use copydesk::storage::recovery::{Journal, Record, Recovered};
use copydesk::storage::store;
use egui_kittest::Harness;

pub type App<'a> = Harness<'a, CopydeskApp>;

pub fn harness(dialogs: &ScriptedDialogs) -> App<'static> {
    harness_with(dialogs, Launch::default())
}

pub fn harness_with(dialogs: &ScriptedDialogs, launch: Launch) -> App<'static> {
    harness_sized(dialogs, launch, [1400.0, 900.0])
}

/// The window at `size` (the sizes defects showed at: 900×600, 1280×800,
/// 1920×1080).
pub fn harness_sized(dialogs: &ScriptedDialogs, mut launch: Launch, size: [f32; 2]) -> App<'static> {
    let dialogs = dialogs.clone();
    launch.dialogs = Some(Box::new(dialogs));
    if launch.untitled.is_none() {
        // The window tests were written against the long sample article.
        launch.untitled = Some(sample());
    }
    if launch.data_dir.is_none() {
        // Never the user's own data folder: a journal per test.
        launch.data_dir = Some(tempfile::tempdir().expect("temp dir").keep());
    }
    let mut harness = Harness::builder()
        .with_size(size)
        .with_max_steps(200)
        .build_eframe(move |cc| CopydeskApp::new(cc, launch));
    settle(&mut harness);
    harness
}

/// Runs frames until the app, its background analysis and the preview
/// have all caught up.
pub fn settle(harness: &mut App) {
    // A few frames first, for the commands and events already queued; not
    // `run`, which would wait out the status bar's spinner while a long
    // article's analysis is still on its way.
    harness.run_steps(3);
    harness.state_mut().settle();
    harness.run();
}

/// The long sample article (the sample desk's flood-wall story).
pub fn sample() -> Article {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample/kestrel-bend-flood-wall.ron");
    store::load(&path).expect("the sample loads")
}

pub fn article(slug: &str, headline: &str) -> Article {
    Article {
        slug: slug.into(),
        headline: headline.into(),
        dek: "A dek for the fixture.".into(),
        category: "Local".into(),
        bylines: vec!["Rosa Lind".into()],
        status: Status::Draft,
        body: vec![
            Block::Heading { level: 2, text: "Opening Section".into() },
            Block::Paragraph("The fixture body has *one* paragraph.".into()),
        ],
        ..Article::default()
    }
}

pub fn write_article(dir: &Path, slug: &str, headline: &str) -> PathBuf {
    let path = dir.join(format!("{slug}.ron"));
    store::save(&path, &article(slug, headline)).expect("fixture saves");
    path
}

pub fn text_of(harness: &App, label: &str) -> String {
    use egui_kittest::kittest::Queryable as _;
    harness.get_by_label(label).value().unwrap_or_default()
}

/// A copy of the sample desk in a temporary folder.
pub fn sample_desk() -> tempfile::TempDir {
    let desk = tempfile::tempdir().expect("temp dir");
    for entry in
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample")).expect("samples")
    {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), desk.path().join(entry.file_name())).expect("copy");
    }
    desk
}

/// Types `text` into whatever has the keyboard (as a person would, with no
/// click first).
pub fn type_keys(harness: &mut App, text: &str) {
    harness.event(egui::Event::Text(text.to_string()));
    harness.run();
}

/// What a node says: its label, or (a text label's) value.
pub fn node_text(node: &egui_kittest::Node<'_>) -> String {
    use egui_kittest::kittest::NodeT as _;
    let node = node.accesskit_node();
    node.label().or_else(|| node.value()).unwrap_or_default()
}

/// The window with its data folder (preferences, journal) in `data`.
pub fn launch_in(data: &Path) -> Launch {
    Launch { data_dir: Some(data.to_path_buf()), ..Launch::default() }
}

/// The window opening `path` (an article, or a folder as a desk).
pub fn opening(path: impl Into<PathBuf>) -> Launch {
    Launch { open: Some(path.into()), ..Launch::default() }
}

/// The window with `desk` open and its article `slug` shown.
pub fn in_desk(desk: &Path, slug: &str) -> Launch {
    Launch {
        desk: Some(desk.to_path_buf()),
        open: Some(desk.join(format!("{slug}.ron"))),
        ..Launch::default()
    }
}

/// The recovery records kept in the data folder `data`, by id.
pub fn journal_records(data: &Path) -> Vec<(String, Record)> {
    Journal::in_dir(data.join("recovery"))
        .list()
        .into_iter()
        .filter_map(|found| match found {
            Recovered::Record { id, record } => Some((id, *record)),
            Recovered::Corrupt { .. } => None,
        })
        .collect()
}

/// Runs frames across a couple of seconds of (simulated) time, so the
/// once-a-second disk check gets its turn.
pub fn let_time_pass(harness: &mut App) {
    for _ in 0..10 {
        harness.step();
    }
    settle(harness);
}

/// The checks panel's first finding with `code`, and its place in the list
/// (what `Command::GoToFinding` takes).
pub fn finding(harness: &App, code: &str) -> Option<(usize, Finding)> {
    let findings = &harness.state().analysis().findings;
    findings.iter().position(|f| f.code == code).map(|at| (at, findings[at].clone()))
}
