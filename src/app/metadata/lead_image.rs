//! The metadata panel's lead image: a picture chosen through the file
//! dialog (copied beside the article when it lives elsewhere) or a typed
//! path or `https://` address, its thumbnail, alt text, caption and
//! credit. Every change is a field edit of the document, so it undoes like
//! the others; local pictures are measured when chosen or typed.

use std::path::Path;

use egui::RichText;

use crate::app::commands::Command;
use crate::app::files::open::Purpose;
use crate::app::preview::figure;
use crate::app::preview::pictures::Shelf;
use crate::app::{CopydeskApp, DialogRequest};
use crate::model::article::{Field, Image, ImagePart};
use crate::storage::media::{self, Source};

/// How tall the thumbnail is drawn.
const THUMBNAIL_HEIGHT: f32 = 150.0;

/// The pixel size of `src` when it is a local file that can be read.
fn measured(folder: Option<&Path>, src: &str) -> (Option<u32>, Option<u32>) {
    let Some(folder) = folder else { return (None, None) };
    match media::resolve(folder, src) {
        Source::Local { relative, .. } => {
            media::local_size(folder, &relative).map_or((None, None), |(w, h)| (Some(w), Some(h)))
        }
        _ => (None, None),
    }
}

/// One labelled text field of the image; returns whether it changed.
fn field(
    ui: &mut egui::Ui,
    name: &str,
    part: ImagePart,
    value: &mut String,
    multiline: bool,
    focus: bool,
) -> bool {
    let label = ui.label(name);
    let accessible = format!("Lead image {}", part.label());
    let id = part.label();
    let edit = if multiline {
        egui::TextEdit::multiline(value).desired_rows(2)
    } else {
        egui::TextEdit::singleline(value)
    };
    let response = ui
        .add(
            edit.id(egui::Id::unique(("field-image", id)))
                .hint_text(accessible.clone())
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id)
        .accessible_name(accessible);
    if focus {
        response.request_focus();
        response.scroll_to_me(Some(egui::Align::Center));
    }
    response.changed()
}

/// Draws the lead image section; `focus` puts the keyboard in that
/// attribute's field. Returns the commands it issued.
pub fn lead_image_ui(
    ui: &mut egui::Ui,
    image: &mut Option<Image>,
    shelf: &mut Shelf<'_>,
    focus: Option<ImagePart>,
) -> Vec<Command> {
    let mut commands = Vec::new();
    let heading = ui.label(RichText::new(Field::Image.label()).strong());
    let Some(lead) = image else {
        if focus.is_some() {
            heading.scroll_to_me(Some(egui::Align::Center));
        }
        ui.label(RichText::new("No lead image.").weak());
        ui.horizontal_wrapped(|ui| {
            if ui.button("Choose image…").on_hover_text(Command::ChooseLeadImage.description()).clicked() {
                commands.push(Command::ChooseLeadImage);
            }
            if ui
                .button("Type a path or URL")
                .on_hover_text("A path inside the article's folder, or an https:// address")
                .clicked()
            {
                *image = Some(Image::default());
                ui.memory_mut(|m| m.request_focus(egui::Id::unique(("field-image", ImagePart::Src.label()))));
            }
        });
        return commands;
    };
    let picture = shelf.get(ui.ctx(), &lead.src);
    ui.scope(|ui| {
        ui.set_max_height(THUMBNAIL_HEIGHT + 40.0);
        figure::figure_ui(ui, lead, &picture, THUMBNAIL_HEIGHT, false);
    });
    let mut remove = false;
    ui.horizontal_wrapped(|ui| {
        if ui.button("Choose image…").on_hover_text(Command::ChooseLeadImage.description()).clicked() {
            commands.push(Command::ChooseLeadImage);
        }
        if ui.button("Remove").on_hover_text("Take the lead image off the article").clicked() {
            remove = true;
        }
        let size = match (lead.width, lead.height) {
            (Some(w), Some(h)) => format!("{w} × {h} px"),
            _ if lead.is_remote() => "size not read from the web".to_string(),
            _ => "size unknown".to_string(),
        };
        ui.label(RichText::new(size).weak());
    });
    egui::Grid::new("lead-image-fields").num_columns(2).spacing([6.0, 4.0]).show(ui, |ui| {
        if field(ui, "Source:", ImagePart::Src, &mut lead.src, false, focus == Some(ImagePart::Src)) {
            // A typed path or address: one line, and the size of what it names now.
            if lead.src.contains(['\r', '\n']) {
                lead.src = lead.src.replace(['\r', '\n'], "");
            }
            (lead.width, lead.height) = measured(shelf.folder, &lead.src);
        }
        ui.end_row();
        field(ui, "Alt text:", ImagePart::Alt, &mut lead.alt, true, focus == Some(ImagePart::Alt));
        ui.end_row();
        field(ui, "Caption:", ImagePart::Caption, &mut lead.caption, true, focus == Some(ImagePart::Caption));
        ui.end_row();
        field(ui, "Credit:", ImagePart::Credit, &mut lead.credit, false, focus == Some(ImagePart::Credit));
        ui.end_row();
    });
    if remove {
        *image = None;
    }
    commands
}

impl CopydeskApp {
    /// File dialog for the lead image, in the article's folder.
    pub(crate) fn ask_lead_image(&mut self) {
        let folder = self.workspace.doc().path.as_deref().and_then(Path::parent).map(Path::to_path_buf);
        self.show_dialog(DialogRequest::LeadImage { folder }, Purpose::LeadImage);
    }

    /// Makes the picture at `picked` the lead image, keeping its alt text,
    /// caption and credit when it replaces another.
    pub(crate) fn use_lead_image(&mut self, picked: &Path) {
        let Some(folder) = self.workspace.doc().path.as_deref().and_then(Path::parent).map(Path::to_path_buf)
        else {
            self.notify(true, "Save the article first: its pictures are kept in the article's folder.");
            return;
        };
        let Some((width, height)) = media::pixel_size(picked) else {
            self.notify(
                true,
                format!("{} is not a picture Copydesk can read (PNG, JPEG or WebP).", picked.display()),
            );
            return;
        };
        let src = match media::adopt(&folder, picked) {
            Ok(src) => src,
            Err(error) => {
                self.notify(true, format!("Could not use the picture: {error}"));
                return;
            }
        };
        let copied = src.starts_with(&format!("{}/", media::IMAGES_FOLDER))
            && !picked.starts_with(folder.join(media::IMAGES_FOLDER));
        self.workspace.doc_mut().edit_fields(|fields| {
            let image = fields.article.image.get_or_insert_with(Image::default);
            image.src = src.clone();
            image.width = Some(width);
            image.height = Some(height);
        });
        let note = if copied { " (copied into the article's folder)" } else { "" };
        self.notify(false, format!("Lead image: {src}, {width} × {height} px{note}"));
    }
}
