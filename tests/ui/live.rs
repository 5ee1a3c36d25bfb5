//! Live editing in the window, against the real Yjs server on loopback
//! (`tests/servers/live.sh start`): another editor's caret is drawn in the
//! body and in the headline, this editor's caret in the headline reaches the
//! other, and undo takes back only this editor's typing.

use std::time::{Duration, Instant};

use copydesk::app::{Command, ScriptedDialogs};
use copydesk::editing::background::Jobs;
use copydesk::editing::document::Document;
use copydesk::editing::live::{self, Session};
use copydesk::model::article::{Article, Block, Field};
use copydesk::storage::store;
use egui_kittest::kittest::Queryable as _;

use crate::common::*;

/// Runs window frames (and the other editor's session) until `done`.
fn frames_until(
    harness: &mut App,
    peer: &mut (Session, Document),
    what: &str,
    mut done: impl FnMut(&App, &Document) -> bool,
) {
    let start = Instant::now();
    while !done(harness, &peer.1) {
        assert!(start.elapsed() < Duration::from_secs(20), "timed out waiting for {what}");
        peer.0.pump(&mut peer.1);
        harness.run_steps(1);
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// The fields the other editors' carets are in, as `doc`'s session sees
/// them.
fn peer_cursors(doc: &Document) -> Vec<Field> {
    doc.live()
        .map(|replica| replica.peers().into_iter().filter_map(|p| p.cursor.map(|c| c.field)).collect())
        .unwrap_or_default()
}

#[test]
fn a_remote_caret_is_drawn_and_undo_takes_back_only_ones_own_typing() {
    let url = copydesk::testkit::servers::live_url();
    let desk = tempfile::tempdir().expect("temp dir");
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    let prefix = format!("{url}/copydesk-ui-{nanos}");
    std::fs::write(
        desk.path().join("desk.ron"),
        format!("Desk(format: 1, name: \"Harbour Herald\", live: Some(\"{prefix}\"))"),
    )
    .expect("desk.ron");
    let id = "3c9d4e2a-7b1f-4a60-9e85-2d4c6b8a0f17";
    let article = Article {
        id: Some(id.into()),
        headline: "Pier Lights Go Dark".into(),
        slug: "pier-lights-dark".into(),
        body: vec![Block::Paragraph("The pier lights failed at dusk.".into())],
        ..Article::default()
    };
    let path = desk.path().join("pier-lights-dark.ron");
    store::save(&path, &article).expect("fixture saves");

    let dialogs = ScriptedDialogs::default();
    let mut harness = harness_with(&dialogs, opening(desk.path()));
    harness.state_mut().issue(Command::OpenPath(path.clone()));
    settle(&mut harness);

    // Another editor, in the same room.
    let jobs = Jobs::default();
    let room = live::room_url(&prefix, id).unwrap();
    let mut peer =
        (Session::join(&room, "Ben Adeyemi", "#1f77b4", &jobs), Document::new(article.clone(), None));
    frames_until(&mut harness, &mut peer, "both in the room", |h, doc| {
        doc.is_live() && h.state().live_status_text().as_deref() == Some("Live · 2 editors")
    });
    assert!(harness.state().document().is_live());

    // Ben selects "lights" and types at the end.
    let end = peer.1.body().len();
    assert!(peer.1.replace_body(end..end, " Crews came at nine."));
    let lights = peer.1.body().find("lights").unwrap();
    peer.1.live_mut().unwrap().set_cursor(Some((Field::Body, lights, lights + "lights".len())));
    frames_until(&mut harness, &mut peer, "Ben's caret drawn", |h, _| {
        h.state().document().body().ends_with("Crews came at nine.")
            && h.state().live_carets_drawn().iter().any(|(name, _, _)| name == "Ben Adeyemi")
    });
    let (_, field, caret) = harness.state().live_carets_drawn()[0].clone();
    assert_eq!(field, Field::Body);
    let editor = harness.get_by_label("Body").rect();
    assert!(
        editor.expand(4.0).contains(caret.center()),
        "the caret {caret:?} is in the body editor {editor:?}"
    );

    // Ben moves to the headline: his caret is drawn there, not in the body.
    peer.1.live_mut().unwrap().set_cursor(Some((Field::Headline, 4, 4)));
    frames_until(&mut harness, &mut peer, "Ben's caret in the headline", |h, _| {
        h.state().live_carets_drawn().iter().any(|(_, field, _)| *field == Field::Headline)
    });
    let drawn = harness.state().live_carets_drawn();
    assert_eq!(drawn.len(), 1, "one caret for Ben: {drawn:?}");
    let headline = harness.get_by_label("Headline").rect();
    assert!(
        headline.expand(4.0).contains(drawn[0].2.center()),
        "the caret {:?} is in the headline {headline:?}",
        drawn[0].2
    );

    // This editor's caret in the headline reaches Ben.
    harness.get_by_label("Headline").focus();
    harness.run_steps(2);
    frames_until(&mut harness, &mut peer, "this editor's caret in Ben's room", |_, doc| {
        peer_cursors(doc).contains(&Field::Headline)
    });

    // This editor types at the start; Ben types again; undo takes back
    // only this editor's words.
    harness.state_mut().place_cursor(0);
    harness.run_steps(2);
    harness.get_by_label("Body").type_text("Update: ");
    harness.run_steps(2);
    frames_until(&mut harness, &mut peer, "the local typing at Ben's", |_, doc| {
        doc.body().starts_with("Update: ")
    });
    let end = peer.1.body().len();
    assert!(peer.1.replace_body(end..end, " Power is back."));
    frames_until(&mut harness, &mut peer, "Ben's second sentence", |h, _| {
        h.state().document().body().ends_with("Power is back.")
    });
    harness.state_mut().issue(Command::Undo);
    harness.run_steps(2);
    let body = harness.state().document().body().to_string();
    assert_eq!(body, "The pier lights failed at dusk. Crews came at nine. Power is back.");
    frames_until(&mut harness, &mut peer, "the undo at Ben's", |_, doc| doc.body() == body);

    // The toggle leaves the room.
    harness.state_mut().issue(Command::ToggleLive);
    harness.run_steps(2);
    assert!(!harness.state().document().is_live());
    assert_eq!(harness.state().live_status_text(), None);
}
