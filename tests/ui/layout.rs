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

fn sample_desk() -> tempfile::TempDir {
    let desk = tempfile::tempdir().expect("temp dir");
    for entry in
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample")).expect("samples")
    {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), desk.path().join(entry.file_name())).expect("copy");
    }
    desk
}

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
