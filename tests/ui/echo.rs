//! The frame that echoes a keystroke draws the key and little else: the
//! analysis of the article starts in the next frame (so it does not share
//! the machine with the echo's drawing), the page catches up by itself and
//! the window goes idle as soon as it has drawn it (a paragraph growing by
//! a line costs no frame of its own), and the panels paint no background
//! (the window is cleared to their colour).

use std::time::{Duration, Instant};

use crate::common::*;
use copydesk::app::{Command, ScriptedDialogs};
use copydesk::model::article::Block;
use copydesk::storage::store;
use egui::{Event, ViewportId};
use egui_kittest::kittest::Queryable as _;

/// A new article with one paragraph, the body editor holding the keyboard.
fn typing_into_one_paragraph() -> App<'static> {
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness(&dialogs);
    harness.state_mut().issue(Command::New);
    settle(&mut harness);
    harness.get_by_label("Body").focus();
    harness.get_by_label("Body").type_text("The ferry left the harbor at dawn");
    settle(&mut harness);
    harness.get_by_label("The ferry left the harbor at dawn");
    harness
}

fn asks_for_next_frame_within(harness: &App) -> Duration {
    harness.output().viewport_output[&ViewportId::ROOT].repaint_delay
}

#[test]
fn a_keystroke_frame_draws_the_key_and_leaves_the_analysis_to_the_next_frame() {
    let mut harness = typing_into_one_paragraph();
    harness.event(Event::Text(" and".into()));
    harness.step();
    // The echo: the body and the editor hold the key.
    assert!(harness.state().document().body().ends_with("at dawn and"));
    assert!(text_of(&harness, "Body").ends_with("at dawn and"));
    // No analysis was asked for in this frame; the next frame is, and it
    // asks.
    let revision = harness.state().document().revision();
    assert_ne!(
        harness.state().analysis_asked_for(),
        Some(revision),
        "the keystroke frame started the analysis"
    );
    assert_eq!(asks_for_next_frame_within(&harness), Duration::ZERO);
    harness.step();
    assert_eq!(
        harness.state().analysis_asked_for(),
        Some(revision),
        "the frame after the keystroke did not start the analysis"
    );

    // The page catches up by itself: frames only, no `settle`.
    let start = Instant::now();
    while harness.query_by_label("The ferry left the harbor at dawn and").is_none() {
        assert!(start.elapsed() < Duration::from_secs(10), "the preview never showed the typed text");
        std::thread::sleep(Duration::from_millis(20));
        harness.step();
    }
}

#[test]
fn the_window_goes_idle_as_soon_as_a_new_analysis_is_drawn() {
    // A long enough article that its analysis takes a while: it arrives in
    // a frame of its own, as in the real window.
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("long-story.ron");
    let mut article = copydesk::testkit::generate::article(20_000, 5);
    article.body.insert(0, Block::Paragraph("The ferry left the harbor at dawn".into()));
    store::save(&path, &article).expect("fixture saves");
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness_with(&dialogs, opening(path));
    let end_of_first = harness.state().document().body().find("\n\n").expect("paragraphs");
    harness.state_mut().place_cursor(end_of_first);
    settle(&mut harness);
    // Words that make the paragraph wrap onto more lines in the page: its
    // height changes, which must not cost a frame of its own.
    harness.event(Event::Text(
        ", carrying the council, three reporters and a crate of leeks across the gray water toward the island"
            .into(),
    ));
    harness.step();
    harness.step();
    let revision = harness.state().document().revision();
    assert_eq!(harness.state().analysis_asked_for(), Some(revision));
    assert_ne!(harness.state().analysis().revision, revision, "the analysis came back at once");
    // Frames as the real window runs them: when something asks for one
    // (the analysis, once it is done).
    let start = Instant::now();
    while harness.state().analysis().revision != revision {
        while !harness.ctx.has_requested_repaint() {
            assert!(start.elapsed() < Duration::from_secs(20), "the analysis never arrived");
            std::thread::sleep(Duration::from_millis(5));
        }
        // Time for the analysis to finish if it was something else that
        // asked for the frame: the frame that polls must be the one it
        // woke.
        std::thread::sleep(Duration::from_millis(50));
        harness.step();
    }
    harness.get_by_label_contains("crate of leeks across the gray water");
    // egui follows every request for a frame with one more, to let things
    // settle; that one must ask for nothing.
    harness.step();
    assert_eq!(
        asks_for_next_frame_within(&harness),
        Duration::MAX,
        "the window did not go idle after drawing the new analysis ({:?})",
        harness.ctx.repaint_causes()
    );
}

/// Pixels painted by one frame, as the triangles cover them (each clipped
/// to its clip rectangle), in screens of the window.
fn screens_painted(harness: &App, window: egui::Vec2) -> f32 {
    let output = harness.output();
    let primitives = harness.ctx.tessellate(output.shapes.clone(), output.pixels_per_point);
    let mut area = 0.0;
    for primitive in &primitives {
        let egui::epaint::Primitive::Mesh(mesh) = &primitive.primitive else { continue };
        for triangle in mesh.indices.chunks_exact(3) {
            let [a, b, c] = [0, 1, 2].map(|i| mesh.vertices[triangle[i] as usize].pos);
            let bounds = egui::Rect::from_points(&[a, b, c]);
            let shown = bounds.intersect(primitive.clip_rect);
            if bounds.area() > 0.0 && shown.is_positive() {
                let full = ((b - a).x * (c - a).y - (b - a).y * (c - a).x).abs() / 2.0;
                area += full * shown.area() / bounds.area();
            }
        }
    }
    area / (window.x * window.y)
}

#[test]
fn a_keystroke_frame_paints_about_one_screen_of_pixels() {
    // Under software OpenGL a frame costs what it paints. The window is
    // cleared to the panels' colour; the panels paint none of their own,
    // and the preview's desk goes around its paper, not under it. What
    // remains: the body's field, the desk and the paper, text. (Painting
    // it all over was 2.2 screens.)
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness(&dialogs);
    harness.get_by_label("Body").focus();
    harness.event(Event::Text("x".into()));
    harness.step();
    let screens = screens_painted(&harness, egui::vec2(1400.0, 900.0));
    assert!(screens < 1.2, "a keystroke frame paints {screens:.2} screens of pixels");
}
