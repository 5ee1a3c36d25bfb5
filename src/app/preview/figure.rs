//! A photo as the page shows it, in the preview and as the metadata
//! panel's thumbnail: the picture at the column's width (or a placeholder
//! saying why there is none), then caption and credit.

use egui::text::{LayoutJob, TextFormat};
use egui::{Color32, CornerRadius, FontFamily, FontId, vec2};

use crate::app::preview::pictures::Picture;
use crate::app::window::fonts;
use crate::model::article::Image;

const GREY: Color32 = Color32::from_rgb(92, 92, 92);
const PLACEHOLDER: Color32 = Color32::from_rgb(214, 214, 208);

/// The tallest a picture is drawn; a portrait photo is narrowed to fit.
pub const MAX_HEIGHT: f32 = 520.0;

/// Draws the picture filling the width of `ui` (at most `max_height`
/// tall), then, with `captions`, its caption and credit.
pub fn figure_ui(ui: &mut egui::Ui, image: &Image, picture: &Picture, max_height: f32, captions: bool) {
    let width = ui.available_width();
    let ratio = match (picture, image.width, image.height) {
        (Picture::Ready(texture), ..) if texture.size.x > 0.0 => texture.size.y / texture.size.x,
        (_, Some(w), Some(h)) if w > 0 && h > 0 => h as f32 / w as f32,
        _ => 9.0 / 16.0,
    };
    match picture {
        Picture::Ready(texture) => {
            let mut size = vec2(width, width * ratio);
            if size.y > max_height {
                size = vec2(max_height / ratio, max_height);
            }
            let alt = image.alt.trim();
            let shown = egui::Image::from_texture(*texture)
                .fit_to_exact_size(size)
                .corner_radius(CornerRadius::same(2))
                .alt_text(if alt.is_empty() { "Picture without alt text" } else { alt });
            ui.add(shown);
        }
        _ => placeholder(ui, image, picture, vec2(width, (width * ratio).min(max_height))),
    }
    if captions {
        caption_ui(ui, image);
    }
}

/// A grey box the picture's size, saying what it would show and why it
/// does not. The words are a label, so screen readers hear them too.
fn placeholder(ui: &mut egui::Ui, image: &Image, picture: &Picture, size: egui::Vec2) {
    let note = match picture {
        Picture::Ready(_) => String::new(),
        Picture::Loading => "Loading picture…".to_string(),
        Picture::Remote(url) => format!("Web picture, not fetched: {url}"),
        Picture::Problem(_) if image.src.trim().is_empty() => "No picture chosen".to_string(),
        Picture::Problem(problem) => format!("Picture not shown: {problem}"),
    };
    let (rect, response) = ui.allocate_exact_size(size, egui::Sense::hover());
    let alt = image.alt.clone();
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, &alt));
    ui.painter().rect_filled(rect, CornerRadius::same(2), PLACEHOLDER);
    let inner = rect.shrink(12.0);
    ui.scope_builder(
        egui::UiBuilder::new()
            .max_rect(inner)
            .layout(egui::Layout::centered_and_justified(egui::Direction::TopDown)),
        |ui| {
            ui.add(
                egui::Label::new(
                    egui::RichText::new(note).font(FontId::new(12.0, FontFamily::Monospace)).color(GREY),
                )
                .wrap(),
            );
        },
    );
}

/// The caption, then the credit in small capitals.
pub fn caption_ui(ui: &mut egui::Ui, image: &Image) {
    let caption = image.caption.trim();
    let credit = image.credit.trim();
    if caption.is_empty() && credit.is_empty() {
        return;
    }
    ui.add_space(4.0);
    let mut job = LayoutJob::default();
    job.append(caption, 0.0, TextFormat::simple(FontId::new(13.0, FontFamily::Proportional), GREY));
    if !credit.is_empty() {
        let gap = if caption.is_empty() { 0.0 } else { 6.0 };
        job.append(&credit.to_uppercase(), gap, TextFormat::simple(fonts::sans_bold(10.0), GREY));
    }
    ui.add(egui::Label::new(job).wrap());
}
