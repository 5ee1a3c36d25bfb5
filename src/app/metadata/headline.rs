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

/// A field's heading with its length counter on the right (`soft` turns it
/// amber with `note`, `hard` red); the heading labels the field's editor.
fn heading_with_counter_ui(
    ui: &mut egui::Ui,
    field: Field,
    count: usize,
    (soft, hard): (usize, usize),
    note: &str,
) -> egui::Response {
    ui.horizontal(|ui| {
        let label = heading_ui(ui, field.label());
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            counter_ui(ui, count, soft, hard, note);
        });
        label
    })
    .inner
}

/// What the headline and dek editors share once drawn: misspellings
/// underlined, the live room's carets in the field, the heading as its
/// label, the keyboard when the field was asked for.
fn decorate_field_ui(
    ui: &egui::Ui,
    field: Field,
    (output, text, misspelled): (egui::text_edit::TextEditOutput, &str, &[std::ops::Range<usize>]),
    label: &egui::Response,
    context: &mut Context,
) -> egui::Response {
    underline(ui, &output, text, misspelled);
    context.carets_drawn.extend(crate::app::live::paint_field_carets(
        ui,
        context.peers,
        field,
        text,
        &output,
    ));
    let response = output.response.response.labelled_by(label.id);
    take_focus(&response, context.focus == Some(field));
    response
}

/// The headline, wrapped; the slug follows it while linked.
pub(super) fn headline_ui(ui: &mut egui::Ui, fields: &mut Fields, context: &mut Context) {
    let limits = (context.limits.headline_search, context.limits.headline_max);
    let count = fields.article.headline.trim().chars().count();
    let label = heading_with_counter_ui(ui, Field::Headline, count, limits, " · long for search");
    // Wrapped, so a long headline is read whole rather than by its tail.
    let output = egui::TextEdit::multiline(&mut fields.article.headline)
        .id(egui::Id::unique("field-headline"))
        .hint_text("Headline")
        .desired_rows(1)
        .desired_width(f32::INFINITY)
        .font(egui::TextStyle::Heading)
        .show(ui);
    let misspelled = context.headline_misspelled;
    let drawn = (output, fields.article.headline.as_str(), misspelled);
    let response = decorate_field_ui(ui, Field::Headline, drawn, &label, context);
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
    let limits = (context.limits.dek_max * 7 / 8, context.limits.dek_max);
    let count = fields.article.dek.trim().chars().count();
    let label = heading_with_counter_ui(ui, Field::Dek, count, limits, " · near limit");
    let output = egui::TextEdit::multiline(&mut fields.article.dek)
        .id(egui::Id::unique("field-dek"))
        .hint_text("Dek")
        .desired_rows(2)
        .desired_width(f32::INFINITY)
        .show(ui);
    let misspelled = context.dek_misspelled;
    let drawn = (output, fields.article.dek.as_str(), misspelled);
    let response = decorate_field_ui(ui, Field::Dek, drawn, &label, context);
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
    let limits = (context.limits.slug_max * 4 / 5, context.limits.slug_max);
    let label = heading_with_counter_ui(ui, Field::Slug, fields.article.slug.len(), limits, " · near limit");
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
