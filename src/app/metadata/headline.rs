//! The panel's headline, dek and slug: text fields with live counters,
//! misspelling underlines and the live room's carets; the slug follows
//! the headline until one is typed, and warns when a published story's
//! URL would change.

use egui::RichText;

use super::focus::take_focus;
use super::{Context, counter_ui, heading_ui};
use crate::app::commands::Command;
use crate::editing::document::Fields;
use crate::model::article::{Field, Status};
use crate::model::slug;

/// Wavy underlines under misspelled words of a metadata field.
fn underline(
    ui: &egui::Ui,
    output: &egui::text_edit::TextEditOutput,
    text: &str,
    words: &[std::ops::Range<usize>],
) {
    let chars = |byte: usize| text.get(..byte).map_or(0, |head| head.chars().count());
    let ranges: Vec<std::ops::Range<usize>> = words.iter().map(|r| chars(r.start)..chars(r.end)).collect();
    let mut rows = crate::app::editor::spelling::RowIndex::default();
    crate::app::editor::spelling::underline(
        ui,
        &output.galley,
        output.galley_pos,
        output.text_clip_rect,
        &ranges,
        &mut rows,
    );
}

/// The headline, wrapped; the slug follows it while linked.
pub(super) fn headline_ui(ui: &mut egui::Ui, fields: &mut Fields, context: &mut Context) {
    let label = ui
        .horizontal(|ui| {
            let label = heading_ui(ui, Field::Headline.label());
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                counter_ui(
                    ui,
                    fields.article.headline.trim().chars().count(),
                    context.limits.headline_search,
                    context.limits.headline_max,
                    " · long for search",
                );
            });
            label
        })
        .inner;
    // Wrapped, so a long headline is read whole rather than by its tail.
    let output = egui::TextEdit::multiline(&mut fields.article.headline)
        .id(egui::Id::unique("field-headline"))
        .hint_text("Headline")
        .desired_rows(1)
        .desired_width(f32::INFINITY)
        .font(egui::TextStyle::Heading)
        .show(ui);
    underline(ui, &output, &fields.article.headline, context.headline_misspelled);
    context.carets_drawn.extend(crate::app::live::paint_field_carets(
        ui,
        context.peers,
        Field::Headline,
        &fields.article.headline,
        &output,
    ));
    let response = output.response.response.labelled_by(label.id);
    take_focus(&response, context.focus == Some(Field::Headline));
    if response.changed() {
        // A headline is one line: Enter or a pasted newline is a space.
        if fields.article.headline.contains(['\r', '\n']) {
            fields.article.headline = fields.article.headline.replace(['\r', '\n'], " ");
        }
        if fields.slug_linked {
            fields.article.slug = slug::suggest(&fields.article.headline);
        }
    }
}

/// The dek, one paragraph.
pub(super) fn dek_ui(ui: &mut egui::Ui, fields: &mut Fields, context: &mut Context) {
    let label = ui
        .horizontal(|ui| {
            let label = heading_ui(ui, Field::Dek.label());
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                counter_ui(
                    ui,
                    fields.article.dek.trim().chars().count(),
                    context.limits.dek_max * 7 / 8,
                    context.limits.dek_max,
                    " · near limit",
                );
            });
            label
        })
        .inner;
    let output = egui::TextEdit::multiline(&mut fields.article.dek)
        .id(egui::Id::unique("field-dek"))
        .hint_text("Dek")
        .desired_rows(2)
        .desired_width(f32::INFINITY)
        .show(ui);
    underline(ui, &output, &fields.article.dek, context.dek_misspelled);
    context.carets_drawn.extend(crate::app::live::paint_field_carets(
        ui,
        context.peers,
        Field::Dek,
        &fields.article.dek,
        &output,
    ));
    let response = output.response.response.labelled_by(label.id);
    take_focus(&response, context.focus == Some(Field::Dek));
    if response.changed() {
        // A dek is one paragraph; a pasted newline becomes a space.
        if fields.article.dek.contains('\n') {
            fields.article.dek = fields.article.dek.replace(['\r', '\n'], " ");
        }
    }
}

/// The slug, its link to the headline and its warnings; returns the
/// commands it issued.
pub(super) fn slug_ui(ui: &mut egui::Ui, fields: &mut Fields, context: &Context) -> Vec<Command> {
    let mut commands = Vec::new();
    let label = ui
        .horizontal(|ui| {
            let label = heading_ui(ui, Field::Slug.label());
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                counter_ui(
                    ui,
                    fields.article.slug.len(),
                    context.limits.slug_max * 4 / 5,
                    context.limits.slug_max,
                    " · near limit",
                );
            });
            label
        })
        .inner;
    ui.horizontal(|ui| {
        let link_label = if fields.slug_linked { "Follows headline" } else { "Re-link" };
        let button = ui
            .add_enabled(!fields.slug_linked, egui::Button::new(link_label).small())
            .on_hover_text("Make the slug follow the headline again")
            .on_disabled_hover_text("The slug follows the headline until you type one");
        if button.clicked() {
            commands.push(Command::RelinkSlug);
        }
        let response = ui.add(
            egui::TextEdit::singleline(&mut fields.article.slug)
                .id(egui::Id::unique("field-slug"))
                .hint_text("Slug")
                .desired_width(f32::INFINITY)
                .font(egui::TextStyle::Monospace),
        );
        let response = response.labelled_by(label.id);
        take_focus(&response, context.focus == Some(Field::Slug));
        if response.changed() {
            fields.slug_linked = false;
        }
    });
    if !fields.article.slug.is_empty()
        && let Err(reason) = slug::validate(&fields.article.slug)
    {
        ui.add(
            egui::Label::new(
                RichText::new(format!("Invalid slug: {reason}")).color(ui.visuals().error_fg_color),
            )
            .wrap(),
        );
    }
    if fields.article.status == Status::Published
        && !context.saved_slug.is_empty()
        && fields.article.slug != context.saved_slug
    {
        ui.add(
            egui::Label::new(
                RichText::new(format!(
                    "This story is published: changing the slug changes its public URL (/{} → /{}). Old links break.",
                    context.saved_slug, fields.article.slug
                ))
                .color(ui.visuals().warn_fg_color),
            )
            .wrap(),
        );
    }
    commands
}
