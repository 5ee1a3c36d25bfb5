//! Pictures in the window: the lead image chosen through the (scripted)
//! file dialog, its alt text and caption typed beside it, the picture in
//! the preview; a web picture and a missing file as placeholders; the
//! Search & Social Preview with its cut notes.

use std::path::Path;

use copydesk::app::{Command, DialogRequest, ScriptedDialogs};
use copydesk::model::article::Image;
use copydesk::storage::store;
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable as _;

use crate::common::*;

/// A desk folder with one article, and a picture in another folder.
fn article_and_picture(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let desk = dir.join("desk");
    std::fs::create_dir_all(&desk).expect("desk folder");
    let article = write_article(&desk, "sandbag-line", "Volunteers Hold the Sandbag Line");
    let camera = dir.join("camera");
    std::fs::create_dir_all(&camera).expect("camera folder");
    let picture = camera.join("levee.png");
    image::RgbImage::from_pixel(64, 48, image::Rgb([40, 90, 160])).save(&picture).expect("png");
    (article, picture)
}

fn lead(harness: &App) -> Option<Image> {
    harness.state().document().fields().article.image.clone()
}

#[test]
fn a_lead_image_picked_in_the_dialog_shows_in_the_panel_and_the_preview() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (article, picture) = article_and_picture(dir.path());
    let dialogs = ScriptedDialogs::new();
    dialogs.pick(&picture);
    let mut harness = harness_with(&dialogs, opening(article.clone()));
    assert!(lead(&harness).is_none());

    // Below the fold of the metadata panel, as an editor finds it.
    harness.get_by_label("Choose image…").scroll_to_me();
    harness.run();
    harness.get_by_label("Choose image…").click();
    settle(&mut harness);
    assert!(matches!(dialogs.requests().last(), Some(DialogRequest::LeadImage { .. })));
    let image = lead(&harness).expect("a lead image");
    assert_eq!(image.src, "images/levee.png", "copied beside the article");
    assert_eq!((image.width, image.height), (Some(64), Some(48)), "measured when picked");
    assert!(article.parent().expect("folder").join("images/levee.png").is_file());

    harness.get_by_label("Lead image alt text").focus();
    harness.get_by_label("Lead image alt text").type_text("Volunteers pass sandbags along the levee");
    harness.get_by_label("Lead image caption").focus();
    harness.get_by_label("Lead image caption").type_text("The line held through the night.");
    harness.get_by_label("Lead image credit").focus();
    harness.get_by_label("Lead image credit").type_text("Mira Tolland");
    settle(&mut harness);
    let image = lead(&harness).expect("a lead image");
    assert_eq!(image.alt, "Volunteers pass sandbags along the levee");
    assert_eq!(image.caption, "The line held through the night.");
    assert_eq!(image.credit, "Mira Tolland");

    // The decoded picture, not a placeholder: in the metadata panel's
    // thumbnail and in the preview, each an image named by its alt text.
    let pictures =
        harness.query_all_by_role_and_label(Role::Image, "Volunteers pass sandbags along the levee").count();
    assert!(pictures >= 2, "thumbnail and preview: {pictures}");
    assert!(harness.query_by_label_contains("Loading picture").is_none());
    assert!(harness.query_by_label_contains("Picture not shown").is_none());
    assert!(harness.query_by_label_contains("No picture chosen").is_none());
    assert!(
        harness.query_by_label_contains("The line held through the night.").is_some(),
        "caption in the preview"
    );
    assert!(harness.query_by_label_contains("MIRA TOLLAND").is_some(), "credit in the preview");
    let drawn: Vec<&'static str> = harness
        .ctx
        .data(|d| d.get_temp(egui::Id::unique("copydesk-preview-drawn")))
        .expect("the preview drew");
    assert!(drawn.contains(&"lead-figure"), "{drawn:?}");

    // Every change is an undoable edit, like any field.
    harness.state_mut().issue(Command::Undo);
    settle(&mut harness);
    assert_eq!(lead(&harness).expect("a lead image").credit, "");
    harness.state_mut().issue(Command::Redo);
    settle(&mut harness);
    assert_eq!(lead(&harness).expect("a lead image").credit, "Mira Tolland");

    // The saved file carries the picture and its size.
    harness.state_mut().issue(Command::Save);
    settle(&mut harness);
    let saved = store::load(&article).expect("saved");
    let image = saved.image.expect("saved with its lead image");
    assert_eq!((image.src.as_str(), image.width, image.height), ("images/levee.png", Some(64), Some(48)));
    assert_eq!(image.alt, "Volunteers pass sandbags along the levee");
}

#[test]
fn web_pictures_and_missing_files_show_placeholders_that_say_why() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (article, _) = article_and_picture(dir.path());
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness_with(&dialogs, opening(article));
    harness.get_by_label("Type a path or URL").scroll_to_me();
    harness.run();
    harness.get_by_label("Type a path or URL").click();
    settle(&mut harness);
    harness.get_by_label("Lead image source").focus();
    harness.get_by_label("Lead image source").type_text("https://img.example.org/levee.jpg");
    settle(&mut harness);
    assert_eq!(lead(&harness).expect("a lead image").src, "https://img.example.org/levee.jpg");
    assert!(
        harness
            .query_all_by_label_contains("Web picture, not fetched: https://img.example.org/levee.jpg")
            .count()
            >= 2
    );

    // Select what was typed and type a local path that is not there.
    harness.get_by_label("Lead image source").focus();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.get_by_label("Lead image source").type_text("photos/gone.jpg");
    settle(&mut harness);
    let image = lead(&harness).expect("a lead image");
    assert_eq!(image.src, "photos/gone.jpg");
    assert_eq!((image.width, image.height), (None, None));
    assert!(harness.query_all_by_label_contains("Picture not shown: photos/gone.jpg").count() >= 2);

    // A file that is not a picture: named, no panic.
    let folder =
        harness.state().document().path.clone().expect("saved").parent().expect("folder").to_path_buf();
    std::fs::create_dir_all(folder.join("photos")).expect("photos");
    std::fs::write(folder.join("photos/notes.jpg"), b"these are notes, not a photo").expect("write");
    harness.get_by_label("Lead image source").focus();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.get_by_label("Lead image source").type_text("photos/notes.jpg");
    settle(&mut harness);
    assert!(harness.query_all_by_label_contains("Picture not shown: photos/notes.jpg").count() >= 2);
}

#[test]
fn the_search_and_social_preview_shows_the_title_and_notes_a_cut() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (article, _) = article_and_picture(dir.path());
    let long = "Volunteers Hold the Sandbag Line Through a Third Night as the Orrin River Crests Above the Old Levee Mark";
    let mut loaded = store::load(&article).expect("fixture");
    loaded.headline = long.into();
    store::save(&article, &loaded).expect("save");
    let dialogs = ScriptedDialogs::new();
    let mut harness = harness_with(&dialogs, opening(article));
    assert!(harness.query_by_label("Search result").is_none());
    harness.state_mut().issue(Command::ToggleSocialPreview);
    settle(&mut harness);
    harness.get_by_label("Search result");
    harness.get_by_label_contains("Social card");
    harness.get_by_label_contains("X card");
    // The search result shows the title cut at a word, with the note.
    let shown =
        copydesk::model::page::search_result(&loaded, copydesk::model::page::Settings::default()).title.shown;
    assert!(shown.ends_with(" ..."), "{shown}");
    assert!(harness.query_all_by_label(&shown).count() >= 1, "the cut title is shown");
    assert!(harness.query_all_by_label_contains("Title cut:").count() >= 1);
    assert!(harness.query_by_label_contains("No lead image: networks show a small card").is_some());

    // The palette reaches it too, and closes it.
    harness.state_mut().issue(Command::ToggleSocialPreview);
    settle(&mut harness);
    assert!(harness.query_by_label("Search result").is_none());
}
