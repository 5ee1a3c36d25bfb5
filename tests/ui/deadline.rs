//! The window on deadline: what a working editor trips over in the first
//! minutes, one test per trip (fields that take typing, a gate on every
//! save, undo one field at a time, every list by keyboard, readable
//! messages, times as people type them, a first start that says where to
//! begin).

use crate::common::*;
use copydesk::app::{Command, CopydeskApp, DialogAnswer, Launch, ScriptedDialogs};
use copydesk::model::article::{Related, Status};
use copydesk::storage::store;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

#[test]
fn add_tag_then_typing_fills_the_tag_and_an_empty_byline_is_not_saved() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write_article(dir.path(), "tag-story", "Tag Story");
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness_with(&dialogs, Launch { open: Some(path.clone()), ..Launch::default() });
    harness.get_by_label("+ Add tag").click();
    harness.run();
    assert!(harness.get_by_label("Tag 1").is_focused(), "the new tag field has the keyboard");
    // Typed straight away, without clicking the field.
    harness.get_by_label("Tag 1").type_text("ferries");
    settle(&mut harness);
    assert_eq!(harness.state().document().fields().article.tags, vec!["ferries".to_string()]);

    harness.get_by_label("+ Add byline").click();
    settle(&mut harness);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    settle(&mut harness);
    let saved = store::load(&path).expect("saved");
    assert_eq!(saved.bylines, vec!["Rosa Lind".to_string()], "no empty byline on disk");
    assert_eq!(saved.tags, vec!["ferries".to_string()]);
}

#[test]
fn saving_a_published_story_with_a_broken_link_asks_first() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut story = article("dock-opens", "Dock Opens");
    story.status = Status::Published;
    story.published_at = Some("2026-03-01T09:00:00Z".parse().expect("time"));
    story.related.push(Related {
        slug: "Not A Slug".into(),
        category: "Local".into(),
        title: String::new(),
        teaser: "Gone.".into(),
    });
    let path = dir.path().join("dock-opens.ron");
    store::save(&path, &story).expect("fixture saves");
    let before = std::fs::read(&path).expect("read");
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness_with(&dialogs, Launch { open: Some(path.clone()), ..Launch::default() });
    harness.get_by_label("Dek").focus();
    harness.get_by_label("Dek").type_text(" More.");
    settle(&mut harness);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    settle(&mut harness);
    harness.get_by_label("This story is marked Published but has errors");
    assert_eq!(std::fs::read(&path).expect("read"), before, "nothing written before the answer");
    harness.get_by_label("Save as In Edit").click();
    settle(&mut harness);
    let saved = store::load(&path).expect("saved");
    assert_eq!(saved.status, Status::Edit);
    assert!(saved.dek.ends_with("More."));
}

#[test]
fn the_not_marked_banner_goes_when_its_cause_does() {
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness(&dialogs);
    harness.state_mut().issue(Command::New);
    settle(&mut harness);
    harness.state_mut().issue(Command::SetStatus(Status::Published));
    settle(&mut harness);
    let banner = |harness: &App| harness.query_by_label_contains("Not marked Published").is_some();
    assert!(banner(&harness), "the refusal is shown");
    // Fix everything: a complete story has no errors, so the banner goes.
    let fixture = article("council-vote", "Council Votes on the River Park");
    harness.get_by_label("Headline").focus();
    harness.get_by_label("Headline").type_text(&fixture.headline);
    harness.get_by_label("Dek").focus();
    harness.get_by_label("Dek").type_text(&fixture.dek);
    harness.get_by_label("Body").focus();
    harness.get_by_label("Body").type_text("The council voted on Tuesday.");
    harness.get_by_label("+ Add byline").click();
    harness.run();
    harness.get_by_label("Byline 1").type_text("Rosa Lind");
    settle(&mut harness);
    let errors = harness.state().analysis().count(copydesk::rules::check::Severity::Error);
    if errors == 0 {
        assert!(!banner(&harness), "the banner outlived its cause");
    } else {
        // Whatever is left, the status change clears it too.
        harness.state_mut().issue(Command::SetStatus(Status::Edit));
        settle(&mut harness);
        assert!(!banner(&harness));
    }
}

#[test]
fn a_loose_article_in_a_desk_folder_uses_its_desk_dictionary() {
    let desk = sample_desk();
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness_with(
        &dialogs,
        Launch { open: Some(desk.path().join("kestrel-bend-flood-wall.ron")), ..Launch::default() },
    );
    settle(&mut harness);
    let flagged: Vec<String> = harness.state().analysis().misspelled.iter().map(|m| m.word.clone()).collect();
    // "Delphine" is in the sample desk's desk.ron words.
    assert!(!flagged.iter().any(|w| w == "Delphine"), "{flagged:?}");
}

#[test]
fn undo_restores_one_field_at_a_time_and_says_which() {
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness(&dialogs);
    let headline = text_of(&harness, "Headline");
    let body = harness.state().document().body().to_string();
    harness.get_by_label("Headline").focus();
    harness.key_press(Key::End);
    harness.key_press(Key::Backspace);
    harness.key_press(Key::Backspace);
    harness.run();
    // Within the second, type in the body.
    harness.get_by_label("Body").focus();
    harness.get_by_label("Body").type_text("Z");
    harness.run();
    assert_ne!(harness.state().document().body(), body);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut harness);
    assert_eq!(harness.state().document().body(), body, "the body edit is undone");
    assert_eq!(text_of(&harness, "Headline"), headline[..headline.len() - 2], "the headline edit is not");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut harness);
    assert_eq!(text_of(&harness, "Headline"), headline);
    let notice = harness.state().notices().last().map(|n| n.text.clone()).unwrap_or_default();
    assert!(notice.contains("headline"), "the undo says what it changed: {notice}");
    assert!(harness.get_by_label("Headline").is_focused(), "and goes there");
}

#[test]
fn the_related_picker_works_by_keyboard() {
    let desk = sample_desk();
    let dialogs = ScriptedDialogs::new();
    let mut harness =
        harness_with(&dialogs, Launch { open: Some(desk.path().to_path_buf()), ..Launch::default() });
    settle(&mut harness);
    harness.state_mut().issue(Command::New);
    settle(&mut harness);
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
fn escape_closes_every_dialog_and_the_typed_path_has_the_keyboard() {
    let dialogs = ScriptedDialogs::new();
    dialogs.answer(DialogAnswer::Unavailable("No file dialog is available here.".into()));
    let mut harness = harness(&dialogs);
    harness.state_mut().issue(Command::Open);
    settle(&mut harness);
    assert!(harness.get_by_label("Path").is_focused(), "the path field has the keyboard");
    harness.key_press(Key::Escape);
    settle(&mut harness);
    assert!(!harness.state().modal_open(), "Escape closed the typed-path dialog");

    for command in [Command::About, Command::Palette, Command::SetStatus(Status::Ready)] {
        harness.state_mut().issue(command.clone());
        settle(&mut harness);
        if harness.state().modal_open() {
            harness.key_press(Key::Escape);
            settle(&mut harness);
            assert!(!harness.state().modal_open(), "Escape closed the dialog of {command:?}");
        }
    }
    harness.get_by_label("Headline").focus();
    harness.get_by_label("Headline").type_text("!");
    settle(&mut harness);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::W);
    settle(&mut harness);
    harness.get_by_label("Unsaved changes");
    harness.key_press(Key::Escape);
    settle(&mut harness);
    assert!(!harness.state().modal_open(), "Escape closed the unsaved-changes question");
    assert!(harness.state().document().is_dirty(), "and kept the work");
}

#[test]
fn a_finding_about_related_link_4_goes_to_that_card() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut story = article("four-links", "Four Links");
    for n in 1..=4 {
        story.related.push(Related {
            slug: format!("story-{n}"),
            category: "Local".into(),
            title: if n == 4 { String::new() } else { format!("Story {n}") },
            teaser: "A teaser.".into(),
        });
    }
    let path = dir.path().join("four-links.ron");
    store::save(&path, &story).expect("fixture saves");
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness_with(&dialogs, Launch { open: Some(path), ..Launch::default() });
    settle(&mut harness);
    let finding = harness
        .state()
        .analysis()
        .findings
        .iter()
        .position(|f| f.code == "related-title-empty")
        .expect("the empty title is found");
    harness.state_mut().issue(Command::GoToFinding(finding));
    settle(&mut harness);
    harness.run();
    assert!(harness.get_by_label("Related 4 title").is_focused(), "the card's own field has the keyboard");
}

#[test]
fn messages_wrap_instead_of_being_cut_and_a_long_headline_is_read_whole() {
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness(&dialogs);
    let long = "Kestrel Bend Council Approves a Flood Wall, a Buyout Fund and a New Pump Station After a Four-Hour Hearing That Ran Past Midnight";
    harness.get_by_label("Headline").focus();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.get_by_label("Headline").type_text(long);
    settle(&mut harness);
    assert_eq!(text_of(&harness, "Headline"), long);
    let field = harness.get_by_label("Headline").rect();
    assert!(field.height() > 40.0, "the headline wraps onto more lines: {field:?}");
    let counter = harness.get_by_label_contains("too long").rect();
    assert!(counter.right() <= field.right() + 1.0, "the counter is whole: {counter:?}");
    // The slug warning is a full-size, wrapped line inside the panel.
    harness.get_by_label("Slug").focus();
    harness.get_by_label("Slug").type_text(" Bad Slug");
    settle(&mut harness);
    let message = harness.get_by_label_contains("Invalid slug").rect();
    assert!(message.height() >= 14.0, "readable: {message:?}");
    assert!(message.right() <= field.right() + 1.0, "inside the panel: {message:?} vs {field:?}");
}

#[test]
fn times_are_read_as_editors_type_them() {
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness(&dialogs);
    harness.get_by_label("Published").focus();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.get_by_label("Published").type_text("March 10 2026 17:00 UTC");
    harness.run();
    harness.get_by_label_contains("Reads as Tue 10 Mar 2026");
    harness.key_press(Key::Tab);
    settle(&mut harness);
    assert_eq!(text_of(&harness, "Published"), "2026-03-10T17:00:00Z");
    assert_eq!(
        harness.state().document().article().published_at.map(|t| t.to_string()).as_deref(),
        Some("2026-03-10T17:00:00Z")
    );
    harness.get_by_label("Updated").focus();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.get_by_label("Updated").type_text("someday");
    settle(&mut harness);
    // Said under the field and listed in the checks.
    assert_eq!(harness.query_all_by_label_contains("“someday” is not a time").count(), 2);
}

#[test]
fn the_first_start_shows_a_welcome_with_the_markup_and_no_misspellings() {
    let data = tempfile::tempdir().expect("temp dir").keep();
    let launch =
        Launch { dialogs: Some(Box::new(ScriptedDialogs::new())), data_dir: Some(data), ..Launch::default() };
    let mut harness: Harness<'static, CopydeskApp> =
        Harness::builder().with_size([1400.0, 900.0]).build_eframe(move |cc| CopydeskApp::new(cc, launch));
    settle(&mut harness);
    assert_eq!(text_of(&harness, "Headline"), "Welcome to Copydesk");
    let body = harness.state().document().body().to_string();
    for markup in ["## ", "> ", "- ", "*", "](https://", "Ctrl+K"] {
        assert!(body.contains(markup), "the welcome shows {markup:?}");
    }
    let analysis = harness.state().analysis();
    assert!(analysis.findings.is_empty(), "a clean start: {:?}", analysis.findings);
}

/// The last paragraph of the sample, as the preview draws it.
fn last_paragraph() -> String {
    sample()
        .body
        .iter()
        .rev()
        .find_map(|b| match b {
            copydesk::model::article::Block::Paragraph(text) => Some(text.clone()),
            _ => None,
        })
        .expect("a paragraph")
}

#[test]
fn the_preview_follows_the_caret_and_a_new_article_starts_at_the_top() {
    let dir = tempfile::tempdir().expect("temp dir");
    let other = write_article(dir.path(), "short-story", "Short Story");
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness(&dialogs);
    assert!(harness.query_by_label("LOCAL").is_some(), "the page starts at its kicker");
    let end = harness.state().document().body().len();
    harness.state_mut().place_cursor(end);
    for _ in 0..6 {
        settle(&mut harness);
    }
    let last = last_paragraph();
    assert!(
        harness.query_all_by_label(&last).count() >= 1,
        "the preview shows the paragraph the caret is in"
    );
    assert!(harness.query_by_label("LOCAL").is_none(), "and has scrolled away from the top");

    harness.state_mut().issue(Command::OpenPath(other));
    for _ in 0..3 {
        settle(&mut harness);
    }
    assert_eq!(text_of(&harness, "Headline"), "Short Story");
    assert!(harness.query_by_label("LOCAL").is_some(), "another article's page starts at the top");
}

#[test]
fn the_metadata_panel_follows_tab() {
    use egui_kittest::kittest::{By, NodeT as _};
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness(&dialogs);
    harness.get_by_label("Updated").focus();
    settle(&mut harness);
    let visible_bottom = harness.get_by_label("Checks").rect().top();
    let mut reached = None;
    for _ in 0..60 {
        harness.key_press(Key::Tab);
        settle(&mut harness);
        let focused: Vec<_> = harness.query_all(By::new().predicate(|n| n.is_focused())).collect();
        if let Some(node) = focused.last() {
            let label = node.accesskit_node().label().unwrap_or_default();
            if label.starts_with("Related 2") {
                reached = Some((label, node.rect()));
                break;
            }
        }
    }
    let (label, rect) = reached.expect("Tab reaches the second related card");
    assert!(rect.bottom() <= visible_bottom + 1.0, "{label} is below the panel's view: {rect:?}");
}
