//! The panel's related-link cards: each card's fields (a desk article's
//! or an outside page's), removing and reordering cards, and adding one.

use egui::RichText;

use super::RelatedExtras;
use crate::model::article::Related;

/// Draws the cards and the buttons that add one.
pub(super) fn related_list_ui(
    ui: &mut egui::Ui,
    related: &mut Vec<Related>,
    extras: &mut Option<RelatedExtras>,
    focus: Option<usize>,
) -> bool {
    let mut changed = false;
    let mut action: Option<(usize, i32)> = None;
    let count = related.len();
    for (index, link) in related.iter_mut().enumerate() {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            let header =
                ui.horizontal(|ui| ui.label(RichText::new(format!("Related {}", index + 1)).strong()));
            changed |= related_fields_ui(ui, index, link, focus == Some(index));
            if let Some(extras) = extras.as_mut()
                && let Some(refreshed) = extras(ui, index, link)
            {
                *link = refreshed;
                changed = true;
            }
            // The card's buttons sit on its header row but come after its
            // fields in the Tab order: Tab from the field above the card
            // goes into the card, not onto its ×.
            let row = egui::Rect::from_x_y_ranges(ui.min_rect().x_range(), header.response.rect.y_range());
            let layout = egui::Layout::right_to_left(egui::Align::Center);
            ui.scope_builder(egui::UiBuilder::new().max_rect(row).layout(layout), |ui| {
                if ui.small_button("×").on_hover_text(format!("Remove related link {}", index + 1)).clicked()
                {
                    action = Some((index, 0));
                }
                if ui
                    .add_enabled(index + 1 < count, egui::Button::new("↓").small())
                    .on_hover_text(format!("Move related link {} down", index + 1))
                    .clicked()
                {
                    action = Some((index, 1));
                }
                if ui
                    .add_enabled(index > 0, egui::Button::new("↑").small())
                    .on_hover_text(format!("Move related link {} up", index + 1))
                    .clicked()
                {
                    action = Some((index, -1));
                }
            });
        });
    }
    match action {
        Some((index, 0)) => {
            related.remove(index);
            changed = true;
        }
        Some((index, -1)) if index > 0 => {
            related.swap(index, index - 1);
            changed = true;
        }
        Some((index, 1)) if index + 1 < related.len() => {
            related.swap(index, index + 1);
            changed = true;
        }
        _ => {}
    }
    ui.horizontal_wrapped(|ui| {
        if ui.small_button("+ Add related link").clicked() {
            related.push(Related::default());
            changed = true;
        }
        if ui
            .small_button("+ Add link outside the desk")
            .on_hover_text("A card for a page that is not a desk article, by its https:// address")
            .clicked()
        {
            related.push(outside_link());
            ui.data_mut(|d| d.insert_temp(egui::Id::unique("related-focus-new"), related.len() - 1));
            changed = true;
        }
    });
    changed
}

/// A new card for a page outside the desk: its address starts the way
/// every such address must.
pub fn outside_link() -> Related {
    Related { slug: "https://".into(), ..Related::default() }
}

/// The fields of one related card: a desk article's title, slug, category
/// and teaser, or a page outside the desk's address in place of the slug
/// (first, as it is what such a card is made from). `focus` puts the
/// keyboard in its first field.
fn related_fields_ui(ui: &mut egui::Ui, index: usize, link: &mut Related, focus: bool) -> bool {
    let mut changed = false;
    let new_card = egui::Id::unique("related-focus-new");
    let is_new = ui.data(|d| d.get_temp::<usize>(new_card)) == Some(index);
    if is_new {
        ui.data_mut(|d| d.remove::<usize>(new_card));
    }
    let focus = focus || is_new;
    let outside = link.address().is_some();
    egui::Grid::new(("related-card", index)).num_columns(2).spacing([6.0, 4.0]).show(ui, |ui| {
        let Related { slug, category, title, teaser } = link;
        let fields: [(&str, &str, &mut String); 4] = if outside {
            [
                ("URL", "URL:", slug),
                ("title", "Title:", title),
                ("category", "Category:", category),
                ("teaser", "Teaser:", teaser),
            ]
        } else {
            [
                ("title", "Title:", title),
                ("slug", "Slug:", slug),
                ("category", "Category:", category),
                ("teaser", "Teaser:", teaser),
            ]
        };
        for (row, (name, shown, value)) in fields.into_iter().enumerate() {
            let accessible = format!("Related {} {name}", index + 1);
            ui.label(shown);
            let response = ui
                .add(
                    egui::TextEdit::singleline(value)
                        .id(egui::Id::unique(("related", index, name)))
                        .hint_text(accessible.clone())
                        .desired_width(f32::INFINITY),
                )
                .accessible_name(accessible);
            if focus && row == 0 {
                response.request_focus();
                response.scroll_to_me(Some(egui::Align::Center));
            }
            if response.changed() && name == "URL" {
                // A whole address pasted after the https:// the card
                // starts with keeps only its own scheme.
                for doubled in ["https://https://", "https://http://"] {
                    if value.starts_with(doubled) {
                        value.replace_range(.."https://".len(), "");
                    }
                }
            }
            changed |= response.changed();
            ui.end_row();
        }
    });
    changed
}
