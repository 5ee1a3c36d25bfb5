//! The copy desk's work in the real window: suggest mode typed and
//! deleted by keyboard, one suggestion accepted at the caret, the rest
//! rejected from the panel, both undone; a comment added with Ctrl+Alt+M
//! on a selection, answered and resolved, holding the story at the gate
//! meanwhile; a correction added to a published story and drawn at the
//! page's foot as the export writes it.

use copydesk::app::{Command, Launch, Prefs, ScriptedDialogs};
use copydesk::model::article::{Article, Block, CorrectionKind, NoteKind, Status};
use copydesk::output::export::html::{self, Links};
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable as _;

use crate::common::*;

const BODY: &str = "The ferry ran on Sunday.\n\nFares stay the same.";

fn launch(article: Article) -> Launch {
    let prefs = Prefs {
        author_name: "Tomas Reyes".into(),
        author_email: "tomas@harbour-herald.example".into(),
        checks_visible: false,
        ..Prefs::default()
    };
    Launch { untitled: Some(article), prefs: Some(prefs), ..Launch::default() }
}

fn ferry() -> Article {
    Article {
        slug: "ferry-returns".into(),
        headline: "Harbor Ferry Returns".into(),
        dek: "Service resumes after the storm.".into(),
        category: "Local".into(),
        bylines: vec!["Ines Marrow".into()],
        body: vec![
            Block::Paragraph("The ferry ran on Sunday.".into()),
            Block::Paragraph("Fares stay the same.".into()),
        ],
        ..Article::default()
    }
}

fn body(harness: &App) -> String {
    harness.state().document().body().to_string()
}

/// Puts the caret at body byte `at`, in the editor.
fn caret(harness: &mut App, at: usize) {
    harness.state_mut().place_cursor(at);
    harness.run();
}

#[test]
fn suggest_mode_types_deletes_accepts_one_rejects_all_and_undoes() {
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness_with(&dialogs, launch(ferry()));
    assert_eq!(body(&harness), BODY);
    caret(&mut harness, BODY.find("on Sunday").unwrap_or(0));
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::ALT | Modifiers::SHIFT, Key::X);
    harness.run();
    assert!(harness.state().suggesting(), "Ctrl+Alt+Shift+X switches it on");
    assert!(harness.query_by_label("Suggesting").is_some(), "the status bar says so");

    // Type: an insertion mark, signed.
    harness.get_by_label("Body").type_text("late ");
    harness.run();
    assert_eq!(body(&harness), "The ferry ran {++late ++}on Sunday.\n\nFares stay the same.");
    // Delete: struck, not gone; one mark however many keys.
    let end = body(&harness).find("same.").unwrap_or(0) + "same".len();
    caret(&mut harness, end);
    for _ in 0.."same".len() {
        harness.key_press(Key::Backspace);
    }
    settle(&mut harness);
    assert_eq!(body(&harness), "The ferry ran {++late ++}on Sunday.\n\nFares stay the {--same--}.");
    let notes = &harness.state().document().fields().article.notes;
    assert_eq!(notes.len(), 2);
    assert!(notes.iter().all(|n| n.author == "Tomas Reyes" && n.kind == NoteKind::Suggestion));
    // What ships (and the preview, as published) is the story without them.
    let analysis = harness.state().analysis().clone();
    assert_eq!(analysis.inlines[0][0].plain(), "The ferry ran on Sunday.");
    assert_eq!(analysis.inlines[1][0].plain(), "Fares stay the same.");
    assert_eq!(analysis.marks.len(), 2);

    // Accept one, at the caret.
    let late = body(&harness).find("late").unwrap_or(0) + 1;
    caret(&mut harness, late);
    harness.state_mut().issue(Command::AcceptAtCaret);
    settle(&mut harness);
    assert_eq!(body(&harness), "The ferry ran late on Sunday.\n\nFares stay the {--same--}.");

    // Reject all, from the panel (Ctrl+Shift+R opens it).
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::R);
    settle(&mut harness);
    harness.get_by_label("Reject All").click();
    settle(&mut harness);
    assert_eq!(body(&harness), "The ferry ran late on Sunday.\n\nFares stay the same.");
    assert!(harness.state().document().fields().article.notes.iter().all(|n| n.resolved));

    // Each decision is one undo step.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut harness);
    assert_eq!(body(&harness), "The ferry ran late on Sunday.\n\nFares stay the {--same--}.");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut harness);
    assert_eq!(body(&harness), "The ferry ran {++late ++}on Sunday.\n\nFares stay the {--same--}.");
    assert!(harness.state().document().fields().article.notes.iter().all(|n| !n.resolved));

    // Switched off, typing edits again.
    harness.state_mut().issue(Command::ToggleSuggest);
    harness.run();
    caret(&mut harness, 0);
    harness.get_by_label("Body").type_text("X");
    harness.run();
    assert!(body(&harness).starts_with("XThe ferry"));
}

#[test]
fn enter_is_refused_while_suggesting_and_nothing_is_typed() {
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness_with(&dialogs, launch(ferry()));
    caret(&mut harness, 4);
    harness.state_mut().issue(Command::ToggleSuggest);
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(body(&harness), BODY);
    let notice = harness.state().notices().last().map(|n| n.text.clone()).unwrap_or_default();
    assert!(notice.contains("paragraph break cannot be suggested"), "{notice}");
}

#[test]
fn a_comment_on_a_selection_holds_the_story_until_resolved() {
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness_with(&dialogs, launch(ferry()));
    // Select "Sunday" by keyboard, then Ctrl+Alt+M.
    caret(&mut harness, BODY.find("Sunday").unwrap_or(0));
    for _ in 0.."Sunday".len() {
        harness.key_press_modifiers(Modifiers::SHIFT, Key::ArrowRight);
    }
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::ALT, Key::M);
    settle(&mut harness);
    harness.get_by_label("Comment").type_text("Which Sunday?");
    harness.get_by_role_and_label(Role::Button, "Add Comment").click();
    settle(&mut harness);
    assert_eq!(body(&harness), "The ferry ran on {==Sunday==}{>>Which Sunday?<<}.\n\nFares stay the same.");
    let note = harness.state().document().fields().article.notes[0].clone();
    assert_eq!(
        (note.kind, note.author.as_str(), note.text.as_str()),
        (NoteKind::Comment, "Tomas Reyes", "Which Sunday?")
    );

    // The gate refuses a Ready story with the comment open.
    harness.state_mut().issue(Command::SetStatus(Status::Ready));
    settle(&mut harness);
    assert_eq!(harness.state().document().fields().article.status, Status::Draft);
    let refusal =
        harness.state().notices().iter().find(|n| n.error).map(|n| n.text.clone()).unwrap_or_default();
    assert!(refusal.contains("Open comment by Tomas Reyes"), "{refusal}");

    // Answered and resolved from the panel.
    harness.state_mut().issue(Command::ToggleReviewPanel);
    settle(&mut harness);
    harness.get_by_role_and_label(Role::Button, "Reply").click();
    harness.run();
    harness.get_by_role_and_label(Role::TextInput, "Reply").type_text("The 14th.");
    harness.get_by_label("Send").click();
    settle(&mut harness);
    let replies = &harness.state().document().fields().article.notes[0].replies;
    assert_eq!(replies.iter().map(|r| r.text.as_str()).collect::<Vec<_>>(), vec!["The 14th."]);
    harness.get_by_label("Resolve").click();
    settle(&mut harness);
    assert_eq!(body(&harness), BODY, "the mark leaves the body");
    assert!(harness.state().document().fields().article.notes[0].resolved, "the conversation stays");
    harness.state_mut().issue(Command::SetStatus(Status::Ready));
    settle(&mut harness);
    // (It has no lead image: a warning, asked about.)
    harness.get_by_role_and_label(Role::Button, "Mark Ready").click();
    settle(&mut harness);
    assert_eq!(harness.state().document().fields().article.status, Status::Ready);
}

#[test]
fn a_correction_on_a_published_story_is_stamped_and_drawn_at_the_foot() {
    let published = Article {
        status: Status::Published,
        published_at: Some("2026-03-10T18:00:00Z".parse().expect("time")),
        ..ferry()
    };
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness_with(&dialogs, launch(published));
    harness.state_mut().issue(Command::AddCorrection(CorrectionKind::Correction));
    settle(&mut harness);
    harness.get_by_label("Correction text").type_text("An earlier version gave the day as Saturday.");
    harness.get_by_role_and_label(Role::Button, "Add").click();
    settle(&mut harness);
    let article = harness.state().document().article();
    assert_eq!(article.corrections.len(), 1);
    assert_eq!(article.corrections[0].text, "An earlier version gave the day as Saturday.");
    assert_eq!(article.updated_at, Some(article.corrections[0].at), "Updated is stamped");
    // The preview draws what the export writes, the correction last.
    let drawn: Vec<&'static str> = harness
        .ctx
        .data(|data| data.get_temp(egui::Id::unique("copydesk-preview-drawn")))
        .unwrap_or_default();
    let page = html::page(&article, Default::default(), Links::Standalone);
    let doc = scraper::Html::parse_document(&page);
    let selector = scraper::Selector::parse("[data-element]").expect("selector");
    let exported: Vec<String> =
        doc.select(&selector).filter_map(|e| e.value().attr("data-element").map(str::to_string)).collect();
    assert_eq!(drawn, exported);
    assert_eq!(drawn.last(), Some(&"corrections"));
    // One undo takes it back whole.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut harness);
    assert!(harness.state().document().article().corrections.is_empty());
    assert_eq!(harness.state().document().article().updated_at, None);
}

#[test]
fn the_status_bar_says_embargoed_and_counts_against_the_target_and_publishing_asks() {
    let held = Article {
        embargo_until: Some("2999-01-01T00:00:00Z".parse().expect("time")),
        target_words: Some(40),
        ..ferry()
    };
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness_with(&dialogs, launch(held));
    assert!(harness.query_by_label_contains("Embargoed until").is_some(), "the status bar says so");
    assert!(harness.query_by_label("9 / 40 words").is_some(), "words against the target");
    harness.state_mut().issue(Command::SetStatus(Status::Published));
    settle(&mut harness);
    assert!(
        harness.query_by_label_contains("a site export holds it back until then").is_some(),
        "asked first"
    );
    assert_eq!(harness.state().document().fields().article.status, Status::Draft, "not before the answer");
    harness.get_by_label("Mark Published").click();
    settle(&mut harness);
    assert!(harness.query_by_label_contains("a site export holds it back until then").is_none());
    assert_eq!(harness.state().document().fields().article.status, Status::Published);
    assert!(harness.query_by_label_contains("Embargoed until").is_some(), "still held in the status bar");
}
