//! Related links against the desk: the picker that adds a link from a desk
//! article, and each link's state (ok, broken, stale, self).

use egui::{Color32, RichText};

use crate::article::Related;
use crate::check::{self, Desk, Lookup, RelatedState};
use crate::desk::{DeskView, Index};

/// The open picker: what the editor typed to search the desk.
#[derive(Default)]
pub struct Picker {
    pub query: String,
}

pub enum Picked {
    Nothing,
    Cancel,
    Slug(String),
}

/// The picker dialog: search the desk, click an article to link it.
pub fn picker(ctx: &egui::Context, picker: &mut Picker, index: &Index, own_slug: &str) -> Picked {
    let mut picked = Picked::Nothing;
    let modal = egui::Modal::new(egui::Id::unique("related-picker")).show(ctx, |ui| {
        ui.set_width(480.0);
        ui.heading("Add related link");
        let label = ui.label("Search desk");
        let field = ui
            .add(
                egui::TextEdit::singleline(&mut picker.query)
                    .hint_text("headline, slug or tag")
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        field.request_focus();
        let results: Vec<_> =
            index.search(&picker.query).into_iter().filter(|e| e.slug != own_slug).collect();
        egui::ScrollArea::vertical().max_height(320.0).show(ui, |ui| {
            if results.is_empty() {
                ui.label(RichText::new("No article matches.").weak());
            }
            for entry in results.iter().take(200) {
                let title =
                    if entry.headline.is_empty() { entry.slug.clone() } else { entry.headline.clone() };
                let response = ui
                    .add(egui::Button::new(RichText::new(&title).strong()).frame(false))
                    .accessible_name(format!("Link to {title}"));
                ui.label(RichText::new(format!("{} · {}", entry.category, entry.slug)).small().weak());
                if response.clicked() {
                    picked = Picked::Slug(entry.slug.clone());
                }
            }
        });
        ui.separator();
        if ui.button("Cancel").clicked() {
            picked = Picked::Cancel;
        }
    });
    if modal.should_close() && matches!(picked, Picked::Nothing) {
        picked = Picked::Cancel;
    }
    picked
}

/// How a related link stands against the desk.
pub fn state(view: &DeskView, own_slug: &str, link: &Related) -> (RelatedState, Option<check::Target>) {
    if !link.slug.is_empty() && link.slug == own_slug {
        return (RelatedState::SelfLink, None);
    }
    match view.lookup(&link.slug) {
        Lookup::Found(target) => (check::related_state(link, &target), Some(target)),
        Lookup::Missing | Lookup::Ambiguous(_) => (RelatedState::Broken, None),
    }
}

/// Draws a link's state under its fields; returns the refreshed link when
/// the editor clicks Refresh on a stale one.
pub fn state_line(ui: &mut egui::Ui, view: &DeskView, own_slug: &str, link: &Related) -> Option<Related> {
    let (state, target) = state(view, own_slug, link);
    let (text, color) = match state {
        RelatedState::Ok => ("ok: matches the desk article", Color32::from_rgb(40, 140, 70)),
        RelatedState::Broken => ("broken: no desk article has this slug", ui.visuals().error_fg_color),
        RelatedState::Stale => ("stale: the article has changed since", ui.visuals().warn_fg_color),
        RelatedState::SelfLink => ("self: points at this article", ui.visuals().error_fg_color),
    };
    let mut refreshed = None;
    ui.horizontal(|ui| {
        ui.label(RichText::new(text).small().color(color));
        if let (RelatedState::Stale, Some(target)) = (state, target)
            && ui
                .small_button("Refresh")
                .on_hover_text("Copy the article's current headline, category and dek")
                .clicked()
        {
            refreshed = Some(target.related_card(&link.slug));
        }
    });
    refreshed
}
