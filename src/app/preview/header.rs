//! The page's header row: the status badge, kicker, headline, dek, lead
//! figure, byline and dates, and the share bar, in the page's order.

use egui::{Color32, CornerRadius, FontFamily, FontId, Stroke, vec2};

use super::marks::marked;
use super::{GREY, INK, KICKER, RULE, figure, hash_of, plain};
use crate::app::preview::pictures::Shelf;
use crate::app::window::fonts;
use crate::model::article::{Article, Status};
use crate::model::page::{self, Element, Page};

/// What the header's height depends on, so it is laid out again when any
/// of it changes.
pub(super) fn header_key(article: &Article, column: f32) -> u64 {
    hash_of(&(
        &article.category,
        &article.headline,
        &article.dek,
        &article.bylines,
        &article.share,
        &article.image,
        article.status,
        article.published_at.map(|t| t.to_string()),
        article.updated_at.map(|t| t.to_string()),
        column.to_bits(),
    ))
}

/// The page elements above the body, in the page's order. Hints for the
/// editor (the status badge, "NO CATEGORY") are not page elements.
pub(super) fn header(
    ui: &mut egui::Ui,
    page: &Page<'_>,
    layout: &page::Column,
    marks: Option<&crate::model::find::Finder>,
    drawn: &mut Vec<&'static str>,
    shelf: &mut Shelf<'_>,
) {
    let article = page.article;
    if article.status != Status::Published {
        let badge = format!("PREVIEW · {}", article.status.label().to_uppercase());
        plain(ui, &badge, fonts::sans_bold(10.0), GREY);
        ui.add_space(4.0);
    }
    if article.category.trim().is_empty() {
        plain(ui, "NO CATEGORY", fonts::sans_bold(13.0), RULE);
        ui.add_space(6.0);
    }
    for element in &page.elements {
        match element {
            Element::Kicker(category) => {
                plain(ui, &category.to_uppercase(), fonts::sans_bold(13.0), KICKER);
                ui.add_space(6.0);
            }
            Element::Headline(headline) => {
                if headline.is_empty() {
                    plain(ui, page::UNTITLED, fonts::serif(layout.headline_px, true, false), RULE);
                } else {
                    marked(ui, headline, fonts::serif(layout.headline_px, true, false), INK, marks);
                }
            }
            Element::Dek(dek) => {
                ui.add_space(8.0);
                marked(ui, dek, fonts::serif(layout.dek_px, false, false), GREY, marks);
            }
            Element::LeadFigure(image) => {
                ui.add_space(12.0);
                figure(ui, image, shelf);
            }
            Element::Byline(byline) => {
                ui.add_space(14.0);
                let names = byline.names_line();
                if !names.is_empty() {
                    plain(ui, &names, fonts::sans_bold(14.0), INK);
                }
                let dates = byline.dates_line();
                if !dates.is_empty() {
                    plain(ui, &dates, FontId::new(13.0, FontFamily::Proportional), GREY);
                }
            }
            Element::ShareBar(shares) => {
                ui.add_space(10.0);
                ui.horizontal_wrapped(|ui| {
                    ui.spacing_mut().item_spacing.x = 6.0;
                    for share in shares {
                        share_chip(ui, share.label());
                    }
                });
            }
            Element::Body(_) | Element::Corrections(_) | Element::Related(_) => break,
        }
        drawn.push(element.kind());
    }
    ui.add_space(6.0);
    let rect = ui.available_rect_before_wrap();
    ui.painter().hline(rect.x_range(), rect.top() + 4.0, Stroke::new(1.0, RULE));
    ui.add_space(8.0);
}

/// One pill of the share bar. Its size is known before it is placed, so a
/// chip that does not fit moves to the next line whole instead of breaking
/// its name over several lines.
fn share_chip(ui: &mut egui::Ui, label: &str) {
    let galley =
        ui.painter().layout_no_wrap(label.to_owned(), FontId::new(12.0, FontFamily::Proportional), INK);
    let margin = vec2(10.0, 3.0);
    let (rect, response) = ui.allocate_exact_size(galley.size() + 2.0 * margin, egui::Sense::hover());
    // Painted, so tell screen readers what it says.
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, label));
    if ui.is_rect_visible(rect) {
        let painter = ui.painter();
        painter.rect(
            rect,
            CornerRadius::same(12),
            Color32::from_rgb(244, 244, 244),
            Stroke::new(1.0, RULE),
            egui::StrokeKind::Inside,
        );
        painter.galley(rect.min + margin, galley, INK);
    }
}
