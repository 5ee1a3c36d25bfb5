//! The window at the sizes people use: the body editor always keeps at
//! least 420 px (or the preview is folded and says so), the desk sidebar
//! folds before the metadata panel, and no panel overlaps another.

use std::path::{Path, PathBuf};

use crate::common::*;
use copydesk::app::{Command, CopydeskApp, Launch, ScriptedDialogs};
use egui::Rect;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

const KICKER: &str = "LOCAL";

fn window(size: [f32; 2], desk: Option<&Path>, preview: bool) -> Harness<'static, CopydeskApp> {
    let dialogs = ScriptedDialogs::new();
    let data: PathBuf = tempfile::tempdir().expect("temp dir").keep();
    let launch = Launch {
        desk: desk.map(Path::to_path_buf),
        open: desk.map(|d| d.join("kestrel-bend-flood-wall.ron")),
        dialogs: Some(Box::new(dialogs)),
        data_dir: Some(data),
        untitled: Some(sample()),
        ..Launch::default()
    };
    let mut harness = Harness::builder()
        .with_size(size)
        .with_max_steps(200)
        .build_eframe(move |cc| CopydeskApp::new(cc, launch));
    settle(&mut harness);
    if !preview {
        harness.state_mut().issue(Command::TogglePreview);
    }
    settle(&mut harness);
    harness
}

fn overlaps(a: Rect, b: Rect) -> bool {
    a.intersects(b) && a.intersect(b).area() > 1.0
}

#[test]
fn the_body_keeps_420_px_at_every_size_with_and_without_desk_and_preview() {
    let desk = sample_desk();
    for size in [[900.0, 600.0], [1280.0, 800.0], [1920.0, 1080.0]] {
        for with_desk in [false, true] {
            for preview in [true, false] {
                let harness = window(size, with_desk.then_some(desk.path()), preview);
                let case = format!("{size:?} desk {with_desk} preview {preview}");
                let body = harness.get_by_label("Body").rect();
                assert!(body.width() >= 420.0, "{case}: body is {} px wide", body.width());
                assert!(body.right() <= size[0] + 0.5, "{case}: body runs off the window: {body:?}");
                let headline_field = harness.get_by_label("Headline").rect();
                assert!(!overlaps(body, headline_field), "{case}: metadata over the body");
                let folded = harness.query_by_label_contains("The preview is folded").is_some();
                // The kicker is drawn by the preview alone.
                let drawn: Vec<Rect> = harness.query_all_by_label(KICKER).map(|node| node.rect()).collect();
                if preview {
                    assert!(folded || !drawn.is_empty(), "{case}: the preview is shown or says it is folded");
                    assert!(size[0] < 1200.0 || !folded, "{case}: a wide window has room for the preview");
                } else {
                    assert!(!folded && drawn.is_empty(), "{case}: the preview is off");
                }
                for rect in &drawn {
                    assert!(!overlaps(body, *rect), "{case}: the preview is over the body");
                }
                if with_desk {
                    let sidebar = harness.query_by_label("Find in desk").map(|n| n.rect());
                    let folded_desk = harness.query_by_label_contains("The desk sidebar is folded").is_some();
                    assert!(sidebar.is_some() || folded_desk, "{case}: the desk is shown or folded");
                    if let Some(sidebar) = sidebar {
                        assert!(!overlaps(body, sidebar) && !overlaps(headline_field, sidebar), "{case}");
                    }
                    assert!(size[0] < 1200.0 || sidebar.is_some(), "{case}: a wide window shows the desk");
                }
            }
        }
    }
}

#[test]
fn a_folded_preview_can_be_looked_at_in_place_of_the_body() {
    let mut harness = window([900.0, 600.0], None, true);
    harness.get_by_label_contains("The preview is folded").click();
    settle(&mut harness);
    assert!(harness.query_by_label("Body").is_none(), "the page is shown in place of the body");
    assert!(harness.query_all_by_label(KICKER).count() >= 1);
    harness.get_by_label_contains("Back to the body").click();
    settle(&mut harness);
    harness.get_by_label("Body");
}

/// How wide the preview panel is: what lies right of the body column.
fn preview_width(harness: &Harness<'static, CopydeskApp>, width: f32) -> f32 {
    width - harness.get_by_label("Body").rect().right()
}

#[test]
fn the_body_is_never_narrower_than_the_preview() {
    let desk = sample_desk();
    for size in [[1280.0, 800.0], [1920.0, 1080.0]] {
        let harness = window(size, Some(desk.path()), true);
        let body = harness.get_by_label("Body").rect().width();
        let preview = preview_width(&harness, size[0]);
        assert!(preview > 300.0, "{size:?}: the preview is shown ({preview} px)");
        assert!(body + 16.0 >= preview, "{size:?}: body {body} px, preview {preview} px");
    }
}

#[test]
fn the_preview_comes_back_to_its_width_when_the_window_grows_again() {
    let desk = sample_desk();
    let mut harness = window([1920.0, 1080.0], Some(desk.path()), true);
    let before = preview_width(&harness, 1920.0);
    // A window manager resizes in steps: the preview is squeezed on the
    // way down before it folds.
    for width in [1600.0, 1400.0, 1300.0, 1200.0, 1100.0, 900.0, 1100.0, 1300.0, 1600.0, 1920.0] {
        let height = if width < 1000.0 { 600.0 } else { 1080.0 };
        harness.set_size(egui::vec2(width, height));
        settle(&mut harness);
    }
    let after = preview_width(&harness, 1920.0);
    assert!(after >= before - 2.0, "the preview was {before} px and came back at {after} px");
    assert!(after >= 560.0, "a 1920 px window gives the page room: {after} px");
}

/// The top of the bottom strip's content (its fold button's row).
fn strip_top(harness: &Harness<'static, CopydeskApp>) -> f32 {
    harness.get_by_label("Fold the checks strip").rect().top()
}

#[test]
fn the_bottom_strip_leaves_the_body_room_and_can_be_dragged_and_folded() {
    let mut harness = window([900.0, 600.0], None, true);
    harness.state_mut().issue(Command::ToggleOutline);
    settle(&mut harness);
    let body_top = harness.get_by_label("Body").rect().top();
    let top = strip_top(&harness);
    assert!(top - body_top >= 360.0, "the body keeps 360 px above the strip: {} px", top - body_top);

    // Its top edge (above the strip's frame margin) moves with the pointer.
    let edge = egui::pos2(450.0, top - 7.0);
    harness.hover_at(edge);
    harness.run();
    harness.drag_at(edge);
    harness.run();
    harness.hover_at(edge + egui::vec2(0.0, 60.0));
    harness.run();
    harness.drop_at(edge + egui::vec2(0.0, 60.0));
    settle(&mut harness);
    let dragged = strip_top(&harness);
    assert!(dragged >= top + 40.0, "dragging the edge down made the strip shorter: {top} -> {dragged}");

    // Folded, it is one line and the body gets the rest.
    harness.get_by_label("Fold the checks strip").click();
    settle(&mut harness);
    assert!(harness.query_by_label("Checks").is_none(), "folded");
    let folded = harness.get_by_label_contains("Unfold the checks strip").rect();
    assert!(folded.height() <= 32.0, "the folded strip is one line: {folded:?}");
    harness.get_by_label_contains("Unfold the checks strip").click();
    settle(&mut harness);
    harness.get_by_label("Checks");
}

#[test]
fn a_short_window_folds_the_bottom_strip_before_the_body_gets_short() {
    let harness = window([900.0, 520.0], None, true);
    assert!(harness.query_by_label("Checks").is_none(), "the strip is folded at 520 px tall");
    harness.get_by_label_contains("Unfold the checks strip");
}

#[test]
fn the_sidebar_controls_wrap_inside_the_sidebar() {
    let desk = sample_desk();
    // Two articles with one slug: the sidebar marks them.
    let mut copy = article("kestrel-bend-flood-wall", "Flood Wall, a Second Copy");
    copy.category = "Local".into();
    copydesk::storage::store::save(&desk.path().join("flood-wall-copy.ron"), &copy).expect("save");
    let harness = window([1280.0, 800.0], Some(desk.path()), true);
    // The sidebar's right edge, where its Close desk button sits.
    let right = harness.get_by_label("Close desk").rect().right() + 2.0;
    let sort = harness.get_by_label("Sort by").rect();
    assert!(sort.right() <= right, "the Sort control is inside the sidebar: {sort:?} vs {right}");
    for mark in harness.query_all_by_label("duplicate slug") {
        assert!(mark.rect().right() <= right, "“duplicate slug” is whole: {:?} vs {right}", mark.rect());
    }
    assert!(harness.query_all_by_label("duplicate slug").count() >= 2);
}

#[test]
fn floating_windows_sit_under_the_menu_and_the_notices_and_over_the_grips() {
    let desk = sample_desk();
    let mut harness = window([1280.0, 800.0], Some(desk.path()), true);
    // A red notice across the window.
    harness.state_mut().issue(Command::New);
    settle(&mut harness);
    harness.state_mut().issue(Command::ShowHistory);
    settle(&mut harness);
    assert!(harness.state().notices().iter().any(|n| n.error), "a notice is up");
    harness.state_mut().issue(Command::ToggleSocialPreview);
    settle(&mut harness);
    let notice = harness.get_by_label("Dismiss").rect();
    let menu = harness.get_by_label("File").rect();
    let title = harness.get_by_label("Search & Social Preview").rect();
    assert!(title.top() >= menu.bottom(), "the window is under the menu bar: {title:?}");
    assert!(title.top() >= notice.bottom(), "and under the notice: {title:?} vs {notice:?}");
    // The panels' grips are painted before (under) the window.
    let shapes = &harness.output().shapes;
    let is_grip = |s: &egui::epaint::ClippedShape| matches!(&s.shape, egui::Shape::Circle(c) if (c.radius - 1.6).abs() < 0.01);
    let last_grip = shapes.iter().rposition(is_grip).expect("grips are painted");
    let window_text = shapes
        .iter()
        .position(
            |s| matches!(&s.shape, egui::Shape::Text(t) if t.galley.text() == "Search & Social Preview"),
        )
        .expect("the window's title is painted");
    assert!(last_grip < window_text, "a grip is painted over the window");
}
