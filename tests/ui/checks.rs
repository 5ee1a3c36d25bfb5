//! Checks in the window: live findings, counters, going to a finding (a
//! related card's own field too), and the publish gate (on a status change
//! and on a save of a published story).

use crate::common::*;
use copydesk::app::{Command, ScriptedDialogs};
use copydesk::model::article::{Related, Status};
use copydesk::storage::store;
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable as _;

fn new_story(harness: &mut App) {
    harness.state_mut().issue(Command::New);
    settle(harness);
}

/// Types `text` into the body and waits for its checks.
fn type_in_body(harness: &mut App, text: &str) {
    harness.get_by_label("Body").focus();
    harness.get_by_label("Body").type_text(text);
    settle(harness);
}

#[test]
fn an_over_long_headline_warns_and_the_counter_says_so() {
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness(&dialogs);
    new_story(&mut harness);
    harness.get_by_label("Headline").focus();
    harness.get_by_label("Headline").type_text(&"Flooding ".repeat(7));
    settle(&mut harness);
    harness.get_by_label("62/90 · long for search");
    assert!(harness.state().analysis().findings.iter().any(|f| f.code == "headline-long-for-search"));

    harness.get_by_label("Headline").type_text(&"Walls ".repeat(6));
    settle(&mut harness);
    harness.get_by_label("98/90 · too long");
    let findings = &harness.state().analysis().findings;
    let warning = findings.iter().find(|f| f.code == "headline-too-long").expect("warning");
    assert_eq!(warning.severity, copydesk::rules::check::Severity::Warning);
    // The checks panel lists it.
    harness.get_by_label_contains("keep it to 90.").scroll_to_me();
    harness.run();
    assert!(harness.query_by_label_contains("The headline has 98 characters; keep it to 90.").is_some());
}

#[test]
fn clicking_a_body_finding_puts_the_cursor_on_its_line() {
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness(&dialogs);
    new_story(&mut harness);
    type_in_body(&mut harness, "## First\n\nA clean opening paragraph.\n\nThen the the river rose.");
    let codes: Vec<_> = harness.state().analysis().findings.iter().map(|f| f.code).collect();
    assert!(codes.contains(&"repeated-word"), "{codes:?}");
    let row = harness.get_by_label_contains("[repeated-word]");
    let label = format!("{row:?}");
    assert!(label.contains("body line 5"), "{label}");
    // Focus elsewhere first, so the jump is visible.
    harness.get_by_label("Headline").focus();
    harness.get_by_label_contains("[repeated-word]").scroll_to_me();
    harness.run();
    harness.get_by_label_contains("[repeated-word]").click();
    settle(&mut harness);
    let state =
        egui::text_edit::TextEditState::load(&harness.ctx, harness.state().body_editor_id()).expect("state");
    let cursor = state.cursor.char_range().expect("a cursor").primary.index.0;
    let body = harness.state().document().body().to_string();
    let line = 1 + body.chars().take(cursor).filter(|&c| c == '\n').count();
    assert_eq!(line, 5);
    assert_eq!(body.chars().skip(cursor).take(3).collect::<String>(), "the");
    assert!(harness.get_by_label("Body").is_focused());
}

#[test]
fn clicking_a_field_finding_focuses_the_field() {
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness(&dialogs);
    new_story(&mut harness);
    settle(&mut harness);
    harness.get_by_label_contains("[headline-missing]").click();
    settle(&mut harness);
    assert!(harness.get_by_label("Headline").is_focused());
}

fn choose_status(harness: &mut App, status: &str) {
    harness.get_by_label("Status").click();
    harness.run();
    // The menu bar has an "Edit" menu too; the popup's option comes last.
    harness.query_all_by_role_and_label(Role::Button, status).last().expect("the option").click();
    settle(harness);
}

#[test]
fn ready_with_an_error_is_refused_and_the_status_stays() {
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness(&dialogs);
    new_story(&mut harness);
    harness.get_by_label("Headline").focus();
    harness.get_by_label("Headline").type_text("Harbor Ferry Returns");
    settle(&mut harness);
    choose_status(&mut harness, "Ready");
    assert_eq!(harness.state().document().fields().article.status, Status::Draft);
    let notice = harness.state().notices().last().expect("a refusal").clone();
    assert!(notice.error);
    assert!(notice.text.starts_with("Not marked Ready"), "{}", notice.text);
    assert!(notice.text.contains("The body is empty."), "{}", notice.text);
    assert!(notice.text.contains("A story marked Ready needs a byline."), "{}", notice.text);
}

#[test]
fn ready_with_warnings_asks_and_then_marks() {
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness(&dialogs);
    // The sample is clean but for what we add: an unattributed quote.
    type_in_body(&mut harness, "\n\n> An unattributed remark.");
    choose_status(&mut harness, "Edit");
    assert_eq!(harness.state().document().fields().article.status, Status::Edit);
    choose_status(&mut harness, "Ready");
    harness.get_by_label("Mark as Ready?");
    assert_eq!(harness.state().document().fields().article.status, Status::Edit);
    harness.get_by_label("Mark Ready").click();
    settle(&mut harness);
    assert_eq!(harness.state().document().fields().article.status, Status::Ready);
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
    let mut harness = harness_with(&dialogs, opening(path.clone()));
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
    let mut harness = harness_with(&dialogs, opening(path));
    settle(&mut harness);
    let (finding, _) = finding(&harness, "related-title-empty").expect("the empty title is found");
    harness.state_mut().issue(Command::GoToFinding(finding));
    settle(&mut harness);
    harness.run();
    assert!(harness.get_by_label("Related 4 title").is_focused(), "the card's own field has the keyboard");
}

#[test]
fn a_group_of_findings_folds_to_its_heading_and_stays_folded_while_typing() {
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness(&dialogs);
    new_story(&mut harness);
    type_in_body(&mut harness, "She said \"we will see\" -- and left...\n\nThen the the river rose.");
    let typography = |harness: &App| harness.query_all_by_label_contains("[typography-").count();
    assert!(typography(&harness) >= 2, "the typography notes are listed");
    harness.get_by_label_contains("Notes (").focus();
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(typography(&harness), 0, "Enter on the heading folds the notes");
    assert!(harness.query_by_label_contains(", folded").is_some(), "the heading says so");
    assert!(harness.query_by_label_contains("[repeated-word]").is_some(), "the other groups stay open");
    // A new analysis (more typing) keeps the fold.
    type_in_body(&mut harness, " More \"quotes\".");
    assert_eq!(typography(&harness), 0);
    harness.get_by_label_contains("Notes (").click();
    harness.run();
    assert!(typography(&harness) >= 2, "a click unfolds them");
}
