//! Several articles open at once: each tab keeps its own undo, unsaved
//! flag and recovery record; closing and quitting ask about every
//! modified article; the open tabs come back after a restart and after a
//! crash.

use std::path::{Path, PathBuf};

use crate::common::*;
use copydesk::app::{Command, Launch, ScriptedDialogs};
use copydesk::storage::store;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable as _;

const FERRY: &str = "Harbor Ferry Returns";
const MARKET: &str = "Water Street Market Reopens";

/// Two saved articles in a folder of their own.
fn two_articles() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let ferry = write_article(dir.path(), "harbor-ferry-returns", FERRY);
    let market = write_article(dir.path(), "water-street-market", MARKET);
    let ferry = ferry.canonicalize().expect("ferry");
    let market = market.canonicalize().expect("market");
    (dir, ferry, market)
}

fn open(harness: &mut App, path: &Path) {
    harness.state_mut().issue(Command::OpenPath(path.to_path_buf()));
    settle(harness);
}

fn type_in_body(harness: &mut App, text: &str) {
    harness.get_by_label("Body").focus();
    harness.get_by_label("Body").type_text(text);
    settle(harness);
}

fn paths(harness: &App) -> Vec<Option<PathBuf>> {
    harness.state().open_documents().iter().map(|d| d.path.clone()).collect()
}

fn body_of(harness: &App, tab: usize) -> String {
    harness.state().open_documents()[tab].body().to_string()
}

fn press(harness: &mut App, modifiers: Modifiers, key: Key) {
    harness.key_press_modifiers(modifiers, key);
    settle(harness);
}

#[test]
fn each_tab_keeps_its_own_undo_and_unsaved_flag() {
    let (_dir, ferry, market) = two_articles();
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness(&dialogs);
    open(&mut harness, &ferry);
    let ferry_body = harness.state().document().body().to_string();
    type_in_body(&mut harness, " Ferry words.");
    open(&mut harness, &market);
    assert_eq!(paths(&harness), vec![Some(ferry.clone()), Some(market.clone())], "the untitled tab made way");
    assert_eq!(harness.state().active_tab(), 1);
    let market_body = harness.state().document().body().to_string();
    type_in_body(&mut harness, " Market words.");
    assert!(harness.state().open_documents().iter().all(|d| d.is_dirty()));
    harness.get_by_label("Tab: Harbor Ferry Returns");

    // Ctrl+Z in the market story undoes only the market story.
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(body_of(&harness, 1), market_body);
    assert!(!harness.state().document().is_dirty());
    assert_eq!(body_of(&harness, 0), format!("{ferry_body} Ferry words."));
    assert!(harness.state().open_documents()[0].is_dirty());

    // Ctrl+Tab goes round to the ferry story, whose undo is its own.
    press(&mut harness, Modifiers::COMMAND, Key::Tab);
    assert_eq!(harness.state().active_tab(), 0);
    assert_eq!(text_of(&harness, "Headline"), FERRY);
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(body_of(&harness, 0), ferry_body);
    assert_eq!(body_of(&harness, 1), market_body);
    press(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::Tab);
    assert_eq!(harness.state().active_tab(), 1);
    assert_eq!(text_of(&harness, "Headline"), MARKET);
}

#[test]
fn opening_an_open_article_shows_its_tab_and_ctrl_click_opens_behind() {
    let (_dir, ferry, market) = two_articles();
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness(&dialogs);
    open(&mut harness, &ferry);
    type_in_body(&mut harness, " Unsaved.");
    harness.state_mut().issue(Command::OpenInBackground(market.clone()));
    settle(&mut harness);
    assert_eq!(paths(&harness).len(), 2);
    assert_eq!(harness.state().active_tab(), 0, "the unsaved work stays on screen");
    assert_eq!(text_of(&harness, "Headline"), FERRY);
    open(&mut harness, &market);
    assert_eq!(harness.state().active_tab(), 1);
    open(&mut harness, &ferry);
    assert_eq!(harness.state().active_tab(), 0, "already open: its tab, not a second one");
    assert_eq!(paths(&harness).len(), 2);
    assert!(harness.state().document().body().ends_with("Unsaved."), "not read again over the changes");
}

#[test]
fn closing_a_modified_tab_asks() {
    let (_dir, ferry, market) = two_articles();
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness(&dialogs);
    open(&mut harness, &ferry);
    open(&mut harness, &market);
    type_in_body(&mut harness, " Not kept.");
    press(&mut harness, Modifiers::COMMAND, Key::W);
    harness.get_by_label("Unsaved changes");
    assert!(harness.query_by_label_contains("Save them before closing the tab").is_some());
    harness.get_by_label("Cancel").click();
    settle(&mut harness);
    assert_eq!(paths(&harness).len(), 2, "Cancel keeps the tab");
    assert!(harness.state().document().is_dirty());

    press(&mut harness, Modifiers::COMMAND, Key::W);
    harness.get_by_label("Discard").click();
    settle(&mut harness);
    assert_eq!(paths(&harness), vec![Some(ferry.clone())]);
    assert_eq!(text_of(&harness, "Headline"), FERRY);
    assert!(!store::load(&market).expect("market").body.is_empty());

    // An unmodified tab closes without a question; the last leaves an
    // empty article.
    press(&mut harness, Modifiers::COMMAND, Key::W);
    assert!(!harness.state().modal_open());
    assert_eq!(paths(&harness), vec![None]);
    assert_eq!(text_of(&harness, "Headline"), "");
}

#[test]
fn quitting_with_two_modified_tabs_lists_both_and_saves_all() {
    let (_dir, ferry, market) = two_articles();
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness(&dialogs);
    open(&mut harness, &ferry);
    type_in_body(&mut harness, " Ferry at dawn.");
    open(&mut harness, &market);
    type_in_body(&mut harness, " Market at noon.");
    harness.state_mut().issue(Command::Quit);
    settle(&mut harness);
    harness.get_by_label("Unsaved changes");
    harness.get_by_label(&format!("• {FERRY}"));
    harness.get_by_label(&format!("• {MARKET}"));
    harness.get_by_label("Save All").click();
    settle(&mut harness);
    assert!(harness.state().open_documents().iter().all(|d| !d.is_dirty()));
    let saved_body = |path: &Path| copydesk::model::markup::render(&store::load(path).expect("saved").body);
    assert!(saved_body(&ferry).ends_with("Ferry at dawn."));
    assert!(saved_body(&market).ends_with("Market at noon."));
}

#[test]
fn discard_on_quit_lets_every_record_go() {
    let data = tempfile::tempdir().expect("data dir");
    let (_dir, ferry, market) = two_articles();
    let dialogs = ScriptedDialogs::new();
    let launch = launch_in(data.path());
    let mut harness = harness_with(&dialogs, launch);
    open(&mut harness, &ferry);
    type_in_body(&mut harness, " One.");
    open(&mut harness, &market);
    type_in_body(&mut harness, " Two.");
    harness.state_mut().flush_journal();
    assert_eq!(journal_records(data.path()).len(), 2);
    harness.state_mut().issue(Command::Quit);
    settle(&mut harness);
    harness.get_by_label("Discard").click();
    settle(&mut harness);
    harness.state_mut().flush_journal();
    assert_eq!(journal_records(data.path()).len(), 0);
    assert_eq!(store::load(&ferry).expect("ferry").headline, FERRY, "nothing saved");
}

#[test]
fn reopening_the_app_restores_both_tabs() {
    let (_dir, ferry, market) = two_articles();
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness(&dialogs);
    open(&mut harness, &ferry);
    open(&mut harness, &market);
    press(&mut harness, Modifiers::COMMAND, Key::Tab);
    let prefs = harness.state().prefs().clone();
    assert_eq!(prefs.open_tabs, vec![ferry.clone(), market.clone()]);
    drop(harness);

    let launch = Launch { prefs: Some(prefs), ..Launch::default() };
    let harness = harness_with(&dialogs, launch);
    assert_eq!(paths(&harness), vec![Some(ferry), Some(market)]);
    assert_eq!(harness.state().active_tab(), 0, "the tab that was on screen");
    assert_eq!(text_of(&harness, "Headline"), FERRY);
}

#[test]
fn a_crash_with_two_modified_tabs_recovers_both() {
    let data = tempfile::tempdir().expect("data dir");
    let (_dir, ferry, market) = two_articles();
    let dialogs = ScriptedDialogs::new();
    let launch = || launch_in(data.path());
    let mut harness = harness_with(&dialogs, launch());
    open(&mut harness, &ferry);
    type_in_body(&mut harness, " Typed in the ferry tab.");
    open(&mut harness, &market);
    type_in_body(&mut harness, " Typed in the market tab.");
    harness.state_mut().flush_journal();
    assert_eq!(journal_records(data.path()).len(), 2, "one record per modified tab");
    // The process ends without a save or a question (a crash).
    drop(harness);

    let mut harness = harness_with(&dialogs, launch());
    harness.get_by_label("Recovered work");
    harness.get_by_label("Restore All").click();
    settle(&mut harness);
    assert!(harness.query_by_label("Recovered work").is_none());
    let docs = harness.state().open_documents();
    assert_eq!(docs.len(), 2);
    assert!(docs.iter().all(|d| d.is_dirty()));
    let mut bodies: Vec<&str> = docs.iter().map(|d| d.body()).collect();
    bodies.sort_by_key(|b| b.ends_with("market tab."));
    assert!(bodies[0].ends_with("Typed in the ferry tab."), "{bodies:?}");
    assert!(bodies[1].ends_with("Typed in the market tab."), "{bodies:?}");
    let mut open: Vec<PathBuf> = docs.iter().filter_map(|d| d.path.clone()).collect();
    open.sort();
    let mut expected = vec![ferry, market];
    expected.sort();
    assert_eq!(open, expected);
}

#[test]
fn tabs_in_the_background_still_notice_their_files_changing() {
    let (dir, ferry, market) = two_articles();
    let quay = write_article(dir.path(), "quay-lights", "Quay Lights Go Up");
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness(&dialogs);
    open(&mut harness, &ferry);
    type_in_body(&mut harness, " Mine.");
    open(&mut harness, &market);
    open(&mut harness, &quay);
    // Another program rewrites both files behind the quay story: the
    // modified ferry story and the untouched market story.
    for (path, headline) in
        [(&ferry, "Harbor Ferry Returns (theirs)"), (&market, "Water Street Market Reopens Early")]
    {
        let mut theirs = store::load(path).expect("load");
        theirs.headline = headline.into();
        store::save(path, &theirs).expect("save");
    }
    let_time_pass(&mut harness);
    assert_eq!(text_of(&harness, "Headline"), "Quay Lights Go Up");
    let docs = harness.state().open_documents();
    assert_eq!(
        docs[1].fields().article.headline,
        "Water Street Market Reopens Early",
        "unmodified: read again"
    );
    assert_eq!(docs[0].fields().article.headline, FERRY, "modified: kept as it is");
    harness.get_by_label("Tab: Harbor Ferry Returns").click_accesskit();
    settle(&mut harness);
    assert_eq!(harness.state().active_tab(), 0);
    assert!(harness.query_by_label_contains("was changed by another program").is_some(), "its banner waited");
    assert!(harness.state().document().body().ends_with("Mine."), "the unsaved work is kept");
}

#[test]
fn ctrl_click_on_a_desk_entry_or_related_link_opens_it_behind_the_work_on_screen() {
    let desk = tempfile::tempdir().expect("desk");
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample");
    for entry in std::fs::read_dir(samples).expect("samples") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), desk.path().join(entry.file_name())).expect("copy");
    }
    let dialogs = ScriptedDialogs::new();
    let launch = in_desk(desk.path(), "kestrel-bend-flood-wall");
    let mut harness = harness_with(&dialogs, launch);
    type_in_body(&mut harness, " Unsaved.");
    let title = "School Board Weighs Closing Elm Street Elementary";
    harness.input_mut().events.push(egui::Event::ModifiersChanged(Modifiers::COMMAND));
    harness.get_all_by_label(title).next().expect("a desk entry").click_accesskit();
    settle(&mut harness);
    harness.input_mut().events.push(egui::Event::ModifiersChanged(Modifiers::NONE));
    let docs = harness.state().open_documents();
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[1].fields().article.headline, title);
    assert_eq!(harness.state().active_tab(), 0, "the unsaved work stays on screen");
    assert!(harness.state().document().is_dirty());

    // So does Ctrl+click on a related link's Open.
    harness.input_mut().events.push(egui::Event::ModifiersChanged(Modifiers::COMMAND));
    harness.get_by_label("Open related article: water-street-market-reopens").click_accesskit();
    settle(&mut harness);
    harness.input_mut().events.push(egui::Event::ModifiersChanged(Modifiers::NONE));
    assert_eq!(harness.state().open_documents().len(), 3);
    assert_eq!(harness.state().active_tab(), 0);

    // A plain click opens the next one in a tab and shows it.
    let other = "Ferry Street Bridge to Close for Six Months of Repairs";
    harness.get_all_by_label(other).next().expect("a desk entry").click_accesskit();
    settle(&mut harness);
    assert_eq!(harness.state().open_documents().len(), 4);
    assert_eq!(text_of(&harness, "Headline"), other);
}

fn caret(harness: &App) -> usize {
    egui::text_edit::TextEditState::load(&harness.ctx, harness.state().body_editor_id())
        .and_then(|state| state.cursor.char_range())
        .map_or(usize::MAX, |range| range.primary.index.0)
}

#[test]
fn each_tab_keeps_its_own_caret() {
    let (_dir, ferry, market) = two_articles();
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness(&dialogs);
    open(&mut harness, &ferry);
    harness.state_mut().place_cursor(5);
    settle(&mut harness);
    assert_eq!(caret(&harness), 5);
    open(&mut harness, &market);
    harness.state_mut().place_cursor(12);
    settle(&mut harness);
    assert_eq!(caret(&harness), 12);
    press(&mut harness, Modifiers::COMMAND, Key::Tab);
    assert_eq!(caret(&harness), 5, "the ferry story's caret came back with it");
    press(&mut harness, Modifiers::COMMAND, Key::Tab);
    assert_eq!(caret(&harness), 12);
}

/// The long sample story beside the ferry story, in a temp folder that
/// lives as long as the returned guard.
fn long_and_ferry() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let (dir, ferry, _) = two_articles();
    let long = dir.path().join("long.ron");
    store::save(&long, &sample()).expect("save");
    (dir, long, ferry)
}

#[test]
fn each_tab_keeps_its_own_scroll_position() {
    let (_dir, long, ferry) = long_and_ferry();
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness(&dialogs);
    open(&mut harness, &ferry);
    open(&mut harness, &long);
    // Where the body editor's view starts, in points down the body.
    let top = |harness: &App| harness.state().editor_view_top();
    assert!(top(&harness) < 1.0);
    for _ in 0..8 {
        harness.get_by_label("Body").scroll_down();
        harness.run();
    }
    settle(&mut harness);
    let scrolled = top(&harness);
    assert!(scrolled > 300.0, "the long story scrolled (to {scrolled})");
    press(&mut harness, Modifiers::COMMAND, Key::Tab);
    assert!(top(&harness) < 1.0, "the ferry story is at its top");
    press(&mut harness, Modifiers::COMMAND, Key::Tab);
    let back = top(&harness);
    assert!((back - scrolled).abs() < 1.0, "the long story is where it was ({scrolled} → {back})");
}

#[test]
fn each_tab_keeps_its_own_preview_scroll() {
    let (_dir, long, ferry) = long_and_ferry();
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness(&dialogs);
    open(&mut harness, &long);
    // Down the page by its headline, while it is still in view.
    for _ in 0..3 {
        harness.get_by_label("Kestrel Bend Bets $62 Million on a Flood Wall").scroll_down();
        harness.run();
    }
    settle(&mut harness);
    let scrolled = harness.state().preview_offset();
    assert!(scrolled > 150.0, "the page scrolled ({scrolled})");
    open(&mut harness, &ferry);
    assert!(harness.state().preview_offset() < 1.0, "a newly opened page starts at its top");
    press(&mut harness, Modifiers::COMMAND, Key::Tab);
    let back = harness.state().preview_offset();
    assert!((back - scrolled).abs() < 2.0, "the long story's page is where it was ({scrolled} → {back})");
}

#[test]
fn four_tabs_at_1920_fit_and_every_one_is_in_the_tab_list() {
    let desk = sample_desk();
    let dialogs = ScriptedDialogs::new();
    let launch = Launch { desk: Some(desk.path().to_path_buf()), ..Launch::default() };
    let mut harness = harness_sized(&dialogs, launch, [1920.0, 1080.0]);
    let mut names = Vec::new();
    for slug in ["kestrel-bend-flood-wall", "water-street-market", "elm-street-school", "ferry-street-bridge"]
    {
        let path = std::fs::read_dir(desk.path())
            .expect("desk")
            .map(|e| e.expect("entry").path())
            .find(|p| {
                p.extension().is_some_and(|e| e == "ron")
                    && p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(slug))
            })
            .expect("sample article");
        open(&mut harness, &path);
        names.push(harness.state().document().display_name());
    }
    assert_eq!(harness.state().open_documents().len(), 4, "four articles, each in a tab");
    let body = harness.get_by_label("Body").rect();
    let whole = names
        .iter()
        .filter(|name| {
            let tab = harness.get_by_label(&format!("Tab: {name}")).rect();
            tab.left() >= body.left() - 12.0 && tab.right() <= body.right() + 12.0 && tab.width() > 40.0
        })
        .count();
    assert!(whole >= 3, "at least three of four tabs are whole in the strip ({whole})");
    harness.get_by_label("All open tabs").click();
    harness.run();
    for name in &names {
        harness.get_by_label(&format!("Show tab: {name}"));
    }
    harness.get_by_label(&format!("Show tab: {}", names[0])).click();
    settle(&mut harness);
    assert_eq!(harness.state().document().display_name(), names[0]);
}

#[test]
fn a_new_tab_starts_its_metadata_at_the_top() {
    let desk = sample_desk();
    let dialogs = ScriptedDialogs::new();
    let launch = in_desk(desk.path(), "kestrel-bend-flood-wall");
    let mut harness = harness_sized(&dialogs, launch, [1280.0, 800.0]);
    harness.get_by_label("Lead image credit").focus();
    settle(&mut harness);
    harness.run();
    let menu = harness.get_by_label("File").rect();
    assert!(
        harness.get_by_label("Headline").rect().bottom() < menu.bottom(),
        "the flood wall's panel is scrolled down to its lead image"
    );
    let other = std::fs::read_dir(desk.path())
        .expect("desk")
        .map(|e| e.expect("entry").path())
        .find(|p| {
            p.extension().is_some_and(|e| e == "ron")
                && p.starts_with(desk.path())
                && p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("water-street"))
        })
        .expect("another article");
    open(&mut harness, &other);
    harness.run();
    let headline = harness.get_by_label("Headline").rect();
    assert!(headline.top() >= menu.bottom(), "the new tab's headline is on screen: {headline:?}");
}

#[test]
fn a_status_message_goes_at_the_next_edit_and_stays_with_its_tab() {
    let (_dir, ferry, market) = two_articles();
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness_sized(&dialogs, Launch::default(), [1280.0, 800.0]);
    open(&mut harness, &ferry);
    harness.get_by_label("Headline").focus();
    harness.get_by_label("Headline").type_text("!");
    settle(&mut harness);
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert!(harness.query_by_label_contains("Undone:").is_some(), "the undo says what it did");
    type_in_body(&mut harness, " More.");
    assert!(harness.query_by_label_contains("Undone:").is_none(), "the next edit ends the message");

    harness.state_mut().issue(Command::FindReplace);
    settle(&mut harness);
    harness.get_by_label("Find").type_text("fixture");
    harness.get_by_label("Replace with").type_text("sample");
    settle(&mut harness);
    harness.get_by_label("Replace All").click();
    settle(&mut harness);
    assert!(harness.query_by_label_contains("Replaced").is_some(), "the replace says what it did");
    open(&mut harness, &market);
    assert!(harness.query_by_label_contains("Replaced").is_none(), "the message stays with its tab");
}
