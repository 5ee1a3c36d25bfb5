//! Related links against the desk: the picker that adds a link from a desk
//! article, and each link's state (ok, broken, stale, self).

use egui::{Color32, RichText};

use crate::model::article::Related;
use crate::rules::check::{self, Desk, Lookup, RelatedState};
use crate::storage::desk::{DeskView, Index};

/// The open picker: what the editor typed to search the desk, and which
/// result the arrow keys are on.
#[derive(Default)]
pub struct Picker {
    pub query: String,
    pub selected: usize,
}

pub enum Picked {
    Nothing,
    Cancel,
    Slug(String),
    /// A card for a page outside the desk.
    Outside,
}

/// The picker dialog: search the desk, then click an article, or choose it
/// with Up/Down and Enter, to link it. Escape cancels.
pub fn picker(ctx: &egui::Context, picker: &mut Picker, index: &Index, own_slug: &str) -> Picked {
    crate::app::window::question::opening(ctx, "related-picker");
    let mut picked = Picked::Nothing;
    let results: Vec<_> =
        index.search(&picker.query).into_iter().filter(|e| e.slug != own_slug).take(200).collect();
    let (up, down, enter) = ctx.input_mut(|i| {
        (
            i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowUp),
            i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowDown),
            i.consume_key(egui::Modifiers::NONE, egui::Key::Enter),
        )
    });
    if !results.is_empty() {
        if down {
            picker.selected = (picker.selected + 1) % results.len();
        }
        if up {
            picker.selected = (picker.selected + results.len() - 1) % results.len();
        }
    }
    picker.selected = picker.selected.min(results.len().saturating_sub(1));
    if enter && let Some(entry) = results.get(picker.selected) {
        return Picked::Slug(entry.slug.clone());
    }
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
        if field.changed() {
            picker.selected = 0;
        }
        ui.label(RichText::new("Up and Down choose, Enter links, Escape cancels.").weak());
        egui::ScrollArea::vertical().max_height(320.0).show(ui, |ui| {
            if results.is_empty() {
                ui.label(RichText::new("No article matches.").weak());
            }
            for (row, entry) in results.iter().enumerate() {
                let title =
                    if entry.headline.is_empty() { entry.slug.clone() } else { entry.headline.clone() };
                let selected = row == picker.selected;
                let response = ui
                    .add(egui::Button::selectable(selected, RichText::new(&title).strong()))
                    .accessible_name(format!("Link to {title}"));
                if selected && (up || down) {
                    response.scroll_to_me(None);
                }
                ui.label(RichText::new(format!("{} · {}", entry.category, entry.slug)).weak());
                if response.clicked() {
                    picked = Picked::Slug(entry.slug.clone());
                }
            }
        });
        ui.separator();
        ui.horizontal(|ui| {
            if ui
                .button("Link to a page outside the desk…")
                .on_hover_text("A card for a page that is not a desk article, by its https:// address")
                .clicked()
            {
                picked = Picked::Outside;
            }
            if ui.button("Cancel").clicked() {
                picked = Picked::Cancel;
            }
        });
    });
    if modal.should_close() && matches!(picked, Picked::Nothing) {
        picked = Picked::Cancel;
    }
    if !matches!(picked, Picked::Nothing) {
        // The keyboard goes back; a card the answer adds takes it next.
        crate::app::window::question::closing(ctx, "related-picker");
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
    if let Some(address) = link.address() {
        let (text, color) = if check::is_web_address(address) {
            ("outside the desk: links to this page on the web", Color32::from_rgb(40, 140, 70))
        } else {
            ("outside the desk: the address must start with https://", ui.visuals().error_fg_color)
        };
        ui.add(egui::Label::new(RichText::new(text).color(color)).wrap());
        return None;
    }
    let (state, target) = state(view, own_slug, link);
    let (text, color) = match state {
        RelatedState::Ok => ("ok: matches the desk article", Color32::from_rgb(40, 140, 70)),
        RelatedState::Broken => ("broken: no desk article has this slug", ui.visuals().error_fg_color),
        RelatedState::Stale => ("stale: the article has changed since", ui.visuals().warn_fg_color),
        RelatedState::SelfLink => ("self: points at this article", ui.visuals().error_fg_color),
    };
    let mut refreshed = None;
    ui.horizontal(|ui| {
        ui.add(egui::Label::new(RichText::new(text).color(color)).wrap());
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

/// An Open button for a related link whose article is on the desk: a click
/// opens it in a tab, Ctrl+click in a tab behind the one on screen.
pub fn open_button(ui: &mut egui::Ui, view: &DeskView, link: &Related) -> Option<crate::app::Command> {
    let mut found = view.index.by_slug(&link.slug).filter(|e| Some(&e.path) != view.current.as_ref());
    let entry = found.next()?;
    if found.next().is_some() {
        return None;
    }
    let response = ui
        .small_button("Open")
        .on_hover_text("Open the article in a tab (Ctrl+click: behind this one)")
        .accessible_name(format!("Open related article: {}", link.slug));
    response.clicked().then(|| {
        if ui.input(|i| i.modifiers.command) {
            crate::app::Command::OpenInBackground(entry.path.clone())
        } else {
            crate::app::Command::OpenPath(entry.path.clone())
        }
    })
}

impl crate::app::CopydeskApp {
    /// The picker as the window's modal: a desk article chosen becomes a
    /// related link.
    pub(crate) fn picker_ui(&mut self, ctx: &egui::Context, mut state: Picker) -> Option<Picker> {
        let own_slug = self.workspace.doc().fields().article.slug.clone();
        let picked = match self.desk.as_ref().and_then(|d| d.index()) {
            Some(index) => picker(ctx, &mut state, index, &own_slug),
            None => Picked::Cancel,
        };
        match picked {
            Picked::Nothing => Some(state),
            Picked::Cancel => None,
            Picked::Slug(slug) => {
                self.add_related(&slug);
                None
            }
            Picked::Outside => {
                self.workspace
                    .doc_mut()
                    .edit_fields(|f| f.article.related.push(super::related_cards::outside_link()));
                let index = self.workspace.doc().fields().article.related.len() - 1;
                let requests = &mut self.workspace.view_mut().requests;
                requests.focus_field = Some(crate::model::article::Field::Related);
                requests.focus_related = Some(index);
                None
            }
        }
    }
}
