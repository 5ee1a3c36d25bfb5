//! View ▸ Search & Social Preview: the open article as a search result,
//! as a large social card and as an X card, drawn from the same cuts the
//! core computes (`page::search_result`, `page::social::card`), with a
//! note under each one saying what was cut and why.

use std::path::Path;

use egui::{Color32, CornerRadius, FontFamily, FontId, RichText, Stroke, vec2};

use crate::app::CopydeskApp;
use crate::app::preview::pictures::{Picture, Shelf};
use crate::model::article::Article;
use crate::model::page::social::{self, CARD_IMAGE_MIN, CARD_RATIO, CARD_WIDTH, Network};
use crate::model::page::{self, Cut, Settings};

const LINK_BLUE: Color32 = Color32::from_rgb(26, 13, 171);
const URL_GREEN: Color32 = Color32::from_rgb(0, 102, 33);
const CARD_FILL: Color32 = Color32::from_rgb(240, 242, 245);
const CARD_INK: Color32 = Color32::from_rgb(28, 30, 33);
const CARD_GREY: Color32 = Color32::from_rgb(96, 103, 112);

impl CopydeskApp {
    /// The Search & Social Preview window, while it is open.
    pub(crate) fn social_view_ui(&mut self, ctx: &egui::Context) {
        if !self.social_open {
            return;
        }
        let folder = self.workspace.doc().path.as_deref().and_then(Path::parent);
        let config = &self.checking.desk_config;
        let article = &self.workspace.doc().fields().article;
        let mut shelf = Shelf { pictures: &mut self.pictures, folder };
        let mut open = true;
        self.floating
            .window("Search & Social Preview", crate::app::window::floating::Floating::Social)
            .open(&mut open)
            .default_width(CARD_WIDTH + 60.0)
            .default_height(640.0)
            .vscroll(true)
            .show(ctx, |ui| social_ui(ui, article, config.page_settings(), &mut shelf));
        if !open {
            self.social_open = false;
        }
    }
}

/// Draws the three previews.
pub fn social_ui(ui: &mut egui::Ui, article: &Article, settings: Settings<'_>, shelf: &mut Shelf<'_>) {
    ui.label(
        RichText::new("What search engines and social networks show when the story is found or shared.")
            .weak(),
    );
    ui.add_space(8.0);
    search_ui(ui, article, settings);
    ui.add_space(14.0);
    card_ui(ui, article, settings, shelf, Network::OpenGraph);
    ui.add_space(14.0);
    card_ui(ui, article, settings, shelf, Network::X);
}

fn section(ui: &mut egui::Ui, title: &str) {
    ui.label(RichText::new(title).strong());
    ui.add_space(4.0);
}

/// A note under a preview: what was cut, in words.
fn cut_note(ui: &mut egui::Ui, what: &str, cut: &Cut) {
    if !cut.cut {
        return;
    }
    let text = format!(
        "{what} cut: {:.0} px wide, {:.0} px fit, so readers see \"{}\".",
        cut.width, cut.limit, cut.shown
    );
    ui.add(egui::Label::new(RichText::new(text).color(ui.visuals().warn_fg_color)).wrap());
}

fn search_ui(ui: &mut egui::Ui, article: &Article, settings: Settings<'_>) {
    section(ui, "Search result");
    let result = page::search_result(article, settings);
    egui::Frame::new().fill(Color32::WHITE).inner_margin(12).corner_radius(4).show(ui, |ui| {
        ui.set_width(ui.available_width());
        let url = result.url.clone().unwrap_or_else(|| "(no address: the desk has no base URL)".into());
        ui.label(RichText::new(url).font(FontId::new(12.0, FontFamily::Proportional)).color(URL_GREEN));
        ui.add(
            egui::Label::new(
                RichText::new(&result.title.shown)
                    .font(FontId::new(20.0, FontFamily::Proportional))
                    .color(LINK_BLUE),
            )
            .wrap(),
        );
        let description = if result.description.shown.is_empty() {
            "(no dek: the search engine picks a sentence from the page)".to_string()
        } else {
            result.description.shown.clone()
        };
        ui.add(
            egui::Label::new(
                RichText::new(description).font(FontId::new(14.0, FontFamily::Proportional)).color(CARD_GREY),
            )
            .wrap(),
        );
    });
    cut_note(ui, "Title", &result.title);
    cut_note(ui, "Description", &result.description);
}

fn card_ui(
    ui: &mut egui::Ui,
    article: &Article,
    settings: Settings<'_>,
    shelf: &mut Shelf<'_>,
    network: Network,
) {
    let card = social::card(article, settings, network);
    let name = match (network, card.large) {
        (Network::OpenGraph, _) => "Social card (Facebook, LinkedIn, Bluesky…)",
        (Network::X, true) => "X card (large picture)",
        (Network::X, false) => "X card (summary, no picture)",
    };
    section(ui, name);
    let width = CARD_WIDTH.min(ui.available_width());
    let image = article.image.as_ref().filter(|_| card.large);
    egui::Frame::new()
        .fill(CARD_FILL)
        .stroke(Stroke::new(1.0, Color32::from_gray(210)))
        .corner_radius(6)
        .show(ui, |ui| {
            ui.set_width(width);
            if network == Network::OpenGraph || card.large {
                let size = vec2(width, width / CARD_RATIO);
                match image {
                    Some(image) => card_picture(ui, shelf.get(ui.ctx(), &image.src), size),
                    None => {
                        let (rect, _) = ui.allocate_exact_size(size, egui::Sense::hover());
                        ui.painter().rect_filled(rect, 0.0, Color32::from_gray(200));
                        ui.put(rect, egui::Label::new(RichText::new("No picture").color(CARD_GREY)));
                    }
                }
            }
            egui::Frame::new().inner_margin(10).show(ui, |ui| {
                ui.set_width(width - 20.0);
                let domain =
                    card.domain.clone().unwrap_or_else(|| "(no domain: set the desk's base URL)".into());
                let domain = if network == Network::OpenGraph { domain.to_uppercase() } else { domain };
                ui.label(
                    RichText::new(domain).font(FontId::new(12.0, FontFamily::Proportional)).color(CARD_GREY),
                );
                let size = if network == Network::OpenGraph { 17.0 } else { 15.0 };
                ui.add(
                    egui::Label::new(
                        RichText::new(&card.title.shown)
                            .font(FontId::new(size, FontFamily::Proportional))
                            .strong()
                            .color(CARD_INK),
                    )
                    .wrap(),
                );
                ui.add(
                    egui::Label::new(
                        RichText::new(&card.description.shown)
                            .font(FontId::new(14.0, FontFamily::Proportional))
                            .color(CARD_GREY),
                    )
                    .wrap(),
                );
            });
        });
    cut_note(ui, "Title", &card.title);
    cut_note(ui, "Description", &card.description);
    if network == Network::OpenGraph {
        image_note(ui, article);
    }
}

/// The picture cropped to the card's shape, as the networks crop it.
fn card_picture(ui: &mut egui::Ui, picture: Picture, size: egui::Vec2) {
    let (rect, _) = ui.allocate_exact_size(size, egui::Sense::hover());
    match picture {
        Picture::Ready(texture) => {
            let aspect = texture.size.x / texture.size.y.max(1.0);
            let uv = if aspect > CARD_RATIO {
                let w = CARD_RATIO / aspect;
                egui::Rect::from_min_max(egui::pos2((1.0 - w) / 2.0, 0.0), egui::pos2((1.0 + w) / 2.0, 1.0))
            } else {
                let h = aspect / CARD_RATIO;
                egui::Rect::from_min_max(egui::pos2(0.0, (1.0 - h) / 2.0), egui::pos2(1.0, (1.0 + h) / 2.0))
            };
            ui.painter().image(texture.id, rect, uv, Color32::WHITE);
        }
        other => {
            let note = match other {
                Picture::Remote(url) => format!("Web picture, not fetched: {url}"),
                Picture::Problem(problem) => problem,
                _ => "Loading picture…".into(),
            };
            ui.painter().rect_filled(rect, CornerRadius::ZERO, Color32::from_gray(200));
            ui.put(rect.shrink(10.0), egui::Label::new(RichText::new(note).color(CARD_GREY)).wrap());
        }
    }
}

fn image_note(ui: &mut egui::Ui, article: &Article) {
    let (min_w, min_h) = CARD_IMAGE_MIN;
    let note = match &article.image {
        None => Some(format!(
            "No lead image: networks show a small card or none. A picture of at least {min_w} × {min_h} px fills the card."
        )),
        Some(image) => match (image.width, image.height) {
            (Some(w), Some(h)) if w < min_w || h < min_h => Some(format!(
                "The picture is {w} × {h} px; under {min_w} × {min_h} px it is blurred or shown small."
            )),
            _ => None,
        },
    };
    if let Some(note) = note {
        ui.add(egui::Label::new(RichText::new(note).color(ui.visuals().warn_fg_color)).wrap());
    }
}
