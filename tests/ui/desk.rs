//! The desk in the window: list, filters, the related picker and slug
//! renames across the desk, driven through the accessibility tree.

use std::fs;
use std::path::Path;

use crate::common::*;
use copydesk::app::{Command, Launch, ScriptedDialogs};
use copydesk::storage::store;
use egui::Key;
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable as _;

/// Headlines of the desk articles listed in the sidebar.
fn desk_rows(harness: &App) -> Vec<String> {
    let Some(index) = harness.state().desk_index() else { return Vec::new() };
    let mut rows: Vec<String> = index
        .entries
        .iter()
        .map(|e| e.headline.clone())
        .filter(|headline| harness.query_all_by_role_and_label(Role::Button, headline).next().is_some())
        .collect();
    rows.sort();
    rows
}

/// The sample desk open in a window of `size`, with a new article in front.
fn new_article_in_a_desk(size: [f32; 2]) -> (tempfile::TempDir, App<'static>) {
    let desk = sample_desk();
    let mut harness = harness_sized(&ScriptedDialogs::new(), opening(desk.path()), size);
    harness.state_mut().issue(Command::New);
    settle(&mut harness);
    (desk, harness)
}

#[test]
fn open_a_desk_filter_and_open_an_article() {
    let desk = sample_desk();
    let dialogs = ScriptedDialogs::new();
    dialogs.pick(desk.path());
    let mut harness = harness(&dialogs);
    harness.key_press_modifiers(egui::Modifiers::COMMAND | egui::Modifiers::SHIFT, egui::Key::O);
    settle(&mut harness);
    assert!(matches!(dialogs.requests()[0], copydesk::app::DialogRequest::OpenDesk { .. }));
    assert_eq!(desk_rows(&harness).len(), 5, "{:?}", desk_rows(&harness));
    harness.get_by_label("5 of 5 articles");

    harness.get_by_label("Filter category").click();
    harness.run();
    harness.get_by_role_and_label(Role::Button, "Sports").click();
    settle(&mut harness);
    assert_eq!(desk_rows(&harness), vec!["Kestrel Bend Rowers Win First Regional Title in 30 Years"]);
    harness.get_by_label("1 of 5 articles");

    harness
        .get_by_role_and_label(Role::Button, "Kestrel Bend Rowers Win First Regional Title in 30 Years")
        .click();
    settle(&mut harness);
    let path = harness.state().document().path.clone().expect("opened from the desk");
    assert!(path.ends_with("rowing-regional-title.ron"));
    assert_eq!(text_of(&harness, "Headline"), "Kestrel Bend Rowers Win First Regional Title in 30 Years");
}

#[test]
fn a_folder_on_the_command_line_opens_as_a_desk_and_search_works() {
    let desk = sample_desk();
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness_with(&dialogs, opening(desk.path()));
    settle(&mut harness);
    assert_eq!(desk_rows(&harness).len(), 5);
    harness.get_by_label("Find in desk").focus();
    harness.get_by_label("Find in desk").type_text("bridge");
    settle(&mut harness);
    assert_eq!(desk_rows(&harness), vec!["Ferry Street Bridge to Close for Six Months of Repairs"]);
}

#[test]
fn the_related_picker_fills_a_link_from_the_target() {
    let (desk, mut harness) = new_article_in_a_desk([1400.0, 1400.0]);
    harness.get_by_label("+ Add from desk…").click();
    settle(&mut harness);
    harness.get_by_label("Search desk").focus();
    harness.get_by_label("Search desk").type_text("market");
    settle(&mut harness);
    harness.get_by_label("Link to Water Street Market Reopens Its Doors to Shoppers").click();
    settle(&mut harness);

    let link = harness.state().document().fields().article.related.last().cloned().expect("a link was added");
    let target = store::load(&desk.path().join("water-street-market-reopens.ron")).expect("target");
    assert_eq!(link.slug, "water-street-market-reopens");
    assert_eq!(link.title, target.headline);
    assert_eq!(link.category, target.category);
    assert_eq!(link.teaser, copydesk::rules::check::teaser(&target.dek));
    assert!(link.teaser.ends_with("...") && link.teaser.chars().count() <= 120, "{}", link.teaser);
    assert_eq!(text_of(&harness, "Related 1 slug"), "water-street-market-reopens");
    assert_eq!(text_of(&harness, "Related 1 title"), target.headline);
    harness.get_by_label("ok: matches the desk article");
}

#[test]
fn a_stale_link_shows_and_refreshes() {
    let desk = sample_desk();
    // The ferry story's headline changes behind the flood-wall story's link.
    let ferry = desk.path().join("ferry-street-bridge-closure.ron");
    let mut article = store::load(&ferry).expect("load");
    article.headline = "Ferry Street Bridge Closes in May".into();
    store::save(&ferry, &article).expect("save");
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness_with(&dialogs, opening(desk.path()));
    harness.state_mut().issue(Command::OpenPath(desk.path().join("kestrel-bend-flood-wall.ron")));
    settle(&mut harness);
    let index = harness
        .state()
        .document()
        .fields()
        .article
        .related
        .iter()
        .position(|r| r.slug == "ferry-street-bridge-closure")
        .expect("the long story links the ferry story");
    assert!(harness.state().analysis().findings.iter().any(|f| f.code == "related-stale"));
    harness.get_by_label("stale: the article has changed since");
    harness.get_by_label("Refresh").scroll_to_me();
    harness.run();
    harness.get_by_label("Refresh").click();
    settle(&mut harness);
    assert_eq!(
        harness.state().document().fields().article.related[index].title,
        "Ferry Street Bridge Closes in May"
    );
    assert!(!harness.state().analysis().findings.iter().any(|f| f.code == "related-stale"));
}

fn all_links_to(dir: &Path, slug: &str) -> usize {
    fs::read_dir(dir)
        .expect("list")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name() != "desk.ron")
        .filter_map(|e| store::load(&e.path()).ok())
        .map(|a| a.related.iter().filter(|r| r.slug == slug).count())
        .sum()
}

#[test]
fn renaming_a_slug_updates_the_desk_on_disk() {
    let desk = sample_desk();
    let old = "water-street-market-reopens";
    let linking_before = all_links_to(desk.path(), old);
    let id = store::load(&desk.path().join(format!("{old}.ron"))).expect("sample").id;
    assert!(id.is_some(), "the sample stories have ids");
    assert!(linking_before >= 1, "the sample desk links to the market story");
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness_with(&dialogs, opening(desk.path()));
    harness.state_mut().issue(Command::OpenPath(desk.path().join(format!("{old}.ron"))));
    settle(&mut harness);
    harness.get_by_label("Slug").focus();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.get_by_label("Slug").type_text("market-hall-reopens");
    settle(&mut harness);
    // Published story: the window warns that the URL changes.
    assert!(harness.query_by_label_contains("changes its public URL").is_some());
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    settle(&mut harness);
    // A published story saved again is offered an Updated time first.
    harness.get_by_label("Mark the story as updated?");
    harness.get_by_label("Save without").click();
    settle(&mut harness);
    harness.get_by_label("Rename “water-street-market-reopens” to “market-hall-reopens”?");
    harness.get_by_label("Update links and rename").click();
    settle(&mut harness);

    assert!(!desk.path().join(format!("{old}.ron")).exists());
    let moved = store::load(&desk.path().join("market-hall-reopens.ron")).expect("renamed file");
    assert_eq!(moved.slug, "market-hall-reopens");
    assert_eq!(moved.id, id, "a rename keeps the article's id");
    assert_eq!(all_links_to(desk.path(), old), 0);
    assert_eq!(all_links_to(desk.path(), "market-hall-reopens"), linking_before);
    assert_eq!(
        harness.state().document().path.as_deref(),
        Some(desk.path().join("market-hall-reopens.ron").as_path())
    );
    assert!(!harness.state().document().is_dirty());
    let notice = &harness.state().notices().last().expect("a report").text;
    assert!(notice.contains(&format!("updated {linking_before} linking article(s)")), "{notice}");
    // The desk check is still clean after the rename.
    let report_clean = std::process::Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(["check", desk.path().to_str().expect("utf-8")])
        .output()
        .expect("runs");
    assert!(report_clean.status.success(), "{}", String::from_utf8_lossy(&report_clean.stdout));
}

/// Runs a command by its palette name, as the keyboard would.
fn run_from_palette(harness: &mut App, name: &str) {
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::K);
    settle(harness);
    harness.get_by_label("Command palette").focus();
    type_keys(harness, name);
    harness.key_press(egui::Key::Enter);
    settle(harness);
}

#[test]
fn a_related_link_can_point_to_a_page_outside_the_desk() {
    let (_desk, mut harness) = new_article_in_a_desk([1280.0, 800.0]);
    harness.state_mut().issue(Command::OpenRelatedPicker);
    settle(&mut harness);
    harness.get_by_label("Link to a page outside the desk…").click();
    settle(&mut harness);
    assert!(harness.get_by_label("Related 1 URL").is_focused(), "the new card's address has the keyboard");
    type_keys(&mut harness, "http://courier.example.org/2019/old-bridge");
    harness.get_by_label("Related 1 title").focus();
    harness.get_by_label("Related 1 title").type_text("The Old Bridge");
    harness.get_by_label("Related 1 teaser").focus();
    harness.get_by_label("Related 1 teaser").type_text("How it was built.");
    settle(&mut harness);
    let codes = |harness: &App| -> Vec<&'static str> {
        harness.state().analysis().findings.iter().map(|f| f.code).collect()
    };
    assert!(!codes(&harness).contains(&"related-broken"), "an outside page is not a broken desk link");
    assert!(codes(&harness).contains(&"related-url"), "but an http:// address is refused");
    harness.get_by_label("Related 1 URL").focus();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.get_by_label("Related 1 URL").type_text("https://courier.example.org/2019/old-bridge");
    settle(&mut harness);
    assert!(!codes(&harness).iter().any(|c| c.starts_with("related-")), "{:?}", codes(&harness));
    harness.get_by_label("outside the desk: links to this page on the web");
}

#[test]
fn adding_from_the_desk_says_so_and_goes_to_the_new_card() {
    let desk = sample_desk();
    let dialogs = ScriptedDialogs::new();
    let launch = in_desk(desk.path(), "kestrel-bend-flood-wall");
    let mut harness = harness_sized(&dialogs, launch, [1280.0, 800.0]);
    let before = harness.state().document().fields().article.related.len();
    harness.state_mut().issue(Command::OpenRelatedPicker);
    settle(&mut harness);
    harness.get_by_label("Search desk").type_text("rowers");
    settle(&mut harness);
    harness.key_press(egui::Key::Enter);
    settle(&mut harness);
    let n = before + 1;
    assert_eq!(harness.state().document().fields().article.related.len(), n);
    assert!(
        harness.get_by_label(&format!("Related {n} title")).is_focused(),
        "the new card has the keyboard"
    );
    let card = harness.get_by_label(&format!("Related {n} title")).rect();
    assert!(card.bottom() <= 800.0 && card.top() >= 0.0, "and is on screen: {card:?}");
    let notice = harness.state().notices().last().cloned().expect("a notice");
    assert!(notice.text.contains("Added") && notice.text.contains("Rowers"), "{}", notice.text);
}

#[test]
fn tab_from_the_image_credit_goes_to_the_first_related_field() {
    let desk = sample_desk();
    let dialogs = ScriptedDialogs::new();
    let launch = opening(desk.path().join("kestrel-bend-flood-wall.ron"));
    let mut harness = harness_sized(&dialogs, launch, [1280.0, 800.0]);
    harness.get_by_label("Lead image credit").focus();
    settle(&mut harness);
    harness.key_press(egui::Key::Tab);
    settle(&mut harness);
    assert!(
        harness.get_by_label("Related 1 title").is_focused(),
        "Tab goes on to the first related card's title"
    );
}

#[test]
fn the_desk_reopens_at_the_next_start_and_open_recent_lists_it() {
    let desk = sample_desk();
    let dialogs = ScriptedDialogs::new();
    let launch = opening(desk.path());
    let harness = harness_sized(&dialogs, launch, [1280.0, 800.0]);
    let prefs = harness.state().prefs().clone();
    drop(harness);
    let launch = Launch { prefs: Some(prefs), ..Launch::default() };
    let mut harness = harness_sized(&dialogs, launch, [1280.0, 800.0]);
    settle(&mut harness);
    assert!(harness.state().desk_index().is_some(), "the desk is open again");
    harness.get_by_label("Find in desk");
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Open Recent").hover();
    harness.run();
    harness.get_by_label_contains("Desk: The Kestrel Bend Courier");
}

#[test]
fn desk_settings_change_the_categories_in_desk_ron() {
    let desk = sample_desk();
    let dialogs = ScriptedDialogs::new();
    let launch = opening(desk.path());
    let mut harness = harness_sized(&dialogs, launch, [1280.0, 800.0]);
    run_from_palette(&mut harness, "Desk Settings");
    assert!(harness.state().modal_open(), "the desk settings are open");
    assert_eq!(text_of(&harness, "Desk name"), "The Kestrel Bend Courier");
    assert_eq!(text_of(&harness, "Base URL"), "https://courier.example.org/");
    harness.get_by_label("Categories").focus();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::End);
    harness.get_by_label("Categories").type_text("\nWeather");
    harness.get_by_label("Time zone").focus();
    harness.get_by_label("Time zone").type_text("Europe/Kyiv");
    settle(&mut harness);
    harness.key_press(egui::Key::Enter);
    settle(&mut harness);
    assert!(!harness.state().modal_open(), "Enter saved");
    let saved = copydesk::storage::desk::config::read(&desk.path().join("desk.ron")).expect("desk.ron reads");
    assert_eq!(saved.categories.last().map(String::as_str), Some("Weather"));
    assert_eq!(saved.name, "The Kestrel Bend Courier");
    assert_eq!(saved.words.len(), 11, "the dictionary is kept");
    harness.get_by_label("Category").click();
    harness.run();
    harness.get_by_label("Weather");
}

#[test]
fn the_related_picker_works_by_keyboard() {
    let (_desk, mut harness) = new_article_in_a_desk([1400.0, 900.0]);
    harness.state_mut().issue(Command::OpenRelatedPicker);
    settle(&mut harness);
    harness.get_by_label("Search desk").type_text("street");
    settle(&mut harness);
    harness.key_press(Key::ArrowDown);
    harness.run();
    harness.key_press(Key::Enter);
    settle(&mut harness);
    assert!(!harness.state().modal_open(), "Enter linked the chosen article");
    let links = &harness.state().document().fields().article.related;
    assert_eq!(links.len(), 1);
    assert!(["ferry-street-bridge-closure", "water-street-market-reopens"].contains(&links[0].slug.as_str()));
}

#[test]
fn save_as_into_the_desk_asks_for_a_free_slug_and_runs_the_publish_gate() {
    let desk = sample_desk();
    let flood = desk.path().join("kestrel-bend-flood-wall.ron");
    let dialogs = ScriptedDialogs::new();
    let mut harness =
        harness_with(&dialogs, Launch { open: Some(desk.path().to_path_buf()), ..Launch::default() });
    harness.state_mut().issue(Command::OpenPath(flood.clone()));
    settle(&mut harness);
    // A copy into the same desk would be a second article with the slug.
    let copy = desk.path().join("flood-wall-copy.ron");
    dialogs.pick(&copy);
    harness.key_press_modifiers(egui::Modifiers::COMMAND | egui::Modifiers::SHIFT, egui::Key::S);
    settle(&mut harness);
    assert!(!copy.exists(), "nothing written before the slug is settled");
    assert_eq!(text_of(&harness, "New slug"), "kestrel-bend-flood-wall-2");
    harness.get_by_role_and_label(Role::Button, "Save with this slug").click();
    settle(&mut harness);
    assert_eq!(store::load(&copy).expect("saved").slug, "kestrel-bend-flood-wall-2");
    assert_eq!(store::load(&flood).expect("kept").slug, "kestrel-bend-flood-wall");
    assert_eq!(harness.state().document().path.as_deref(), Some(copy.as_path()));

    // The publish gate runs as on Save: a Published story with an error is
    // not written as Published.
    harness.get_by_label("Dek").focus();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.key_press(egui::Key::Delete);
    settle(&mut harness);
    let third = desk.path().join("flood-wall-third.ron");
    dialogs.pick(&third);
    harness.key_press_modifiers(egui::Modifiers::COMMAND | egui::Modifiers::SHIFT, egui::Key::S);
    settle(&mut harness);
    // The copy just saved holds -2 now.
    assert_eq!(text_of(&harness, "New slug"), "kestrel-bend-flood-wall-3");
    harness.get_by_role_and_label(Role::Button, "Save with this slug").click();
    settle(&mut harness);
    assert!(!third.exists(), "the gate asks first");
    harness.get_by_label("Save as In Edit").click();
    settle(&mut harness);
    let saved = store::load(&third).expect("saved at the new path");
    assert_eq!(saved.status, copydesk::model::article::Status::Edit);
    assert_eq!(saved.slug, "kestrel-bend-flood-wall-3");
    assert_eq!(store::load(&flood).expect("kept").status, copydesk::model::article::Status::Published);
}
