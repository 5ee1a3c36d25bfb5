//! The metadata panel: headline, dek, slug, category, tags, bylines,
//! status, times, share targets and related links, with live counters.

mod choices;
pub(crate) mod copy_desk;
pub(crate) mod date_field;
mod focus;
mod headline;
pub(crate) mod language;
pub(crate) mod lead_image;
pub(crate) mod related;
mod related_cards;
pub(crate) mod status;
mod string_list;

use egui::{Color32, RichText};

use crate::app::commands::Command;
use crate::editing::document::{Document, Fields};
use crate::model::article::{Field, ImagePart, Related};
use crate::rules::check::Limits;

pub(crate) use focus::field_of_widget;

/// Draws extra controls under related link `n` (its state against the
/// desk); returns a replacement link when the editor refreshed it.
pub type RelatedExtras<'a> = &'a mut dyn FnMut(&mut egui::Ui, usize, &Related) -> Option<Related>;

/// What the panel needs besides the document.
pub struct Context<'a> {
    pub categories: &'a [String],
    pub limits: Limits,
    /// A field to focus this frame (from the checks panel).
    pub focus: Option<Field>,
    /// A related card to focus this frame (a finding about link `n`).
    pub focus_related: Option<usize>,
    /// Draws each related link's state against the desk.
    pub related_extras: Option<RelatedExtras<'a>>,
    /// A desk is open: offer the related-link picker.
    pub desk_open: bool,
    /// The slug as saved, to warn when a published story's URL changes.
    pub saved_slug: String,
    /// The language of articles that name none (the desk's, or en-US).
    pub desk_language: &'a str,
    /// Misspelled words (byte ranges) in the headline and dek, when the
    /// latest analysis is of what the fields hold now.
    pub headline_misspelled: &'a [std::ops::Range<usize>],
    pub dek_misspelled: &'a [std::ops::Range<usize>],
    /// The other editors in the live room (their carets in the headline
    /// and dek are drawn).
    pub peers: &'a [crate::editing::live::Peer],
    /// Where those carets were drawn this frame.
    pub carets_drawn: &'a mut Vec<crate::app::live::Drawn>,
    /// The article's pictures, for the lead image's thumbnail.
    pub pictures: crate::app::preview::pictures::Shelf<'a>,
    /// The zone times are typed and shown in (the desk's).
    pub zone: &'a jiff::tz::TimeZone,
}

/// A live counter: amber with a word past the soft limit, red with a word
/// past the hard one (the word, so the state does not rest on colour alone).
pub(super) fn counter_ui(ui: &mut egui::Ui, count: usize, soft: usize, hard: usize, soft_word: &str) {
    let (color, word) = if count > hard {
        (Color32::from_rgb(200, 40, 40), " · too long")
    } else if count > soft {
        (Color32::from_rgb(200, 130, 0), soft_word)
    } else {
        (ui.visuals().weak_text_color(), "")
    };
    ui.add(egui::Label::new(RichText::new(format!("{count}/{hard}{word}")).color(color)).wrap());
}

pub(super) fn heading_ui(ui: &mut egui::Ui, text: &str) -> egui::Response {
    ui.label(RichText::new(text).strong())
}

/// The width the buttons at the end of a row were last drawn at (the font
/// decides it), or `guess` before they first are: a field drawn before
/// its buttons (so it comes first in the Tab order) leaves them exactly
/// that room. `keep_width` records it after drawing them.
pub(super) fn last_width(ui: &egui::Ui, id: egui::Id, guess: f32) -> f32 {
    ui.data(|d| d.get_temp(id)).unwrap_or(guess)
}

pub(super) fn keep_width(ui: &egui::Ui, id: egui::Id, width: f32) {
    ui.data_mut(|d| d.insert_temp(id, width));
}

/// Draws the panel over the document's fields; returns the commands it
/// issued. The document records whatever the panel changed.
pub fn show(ui: &mut egui::Ui, doc: &mut Document, context: Context) -> Vec<Command> {
    doc.edit_fields(|fields| fields_ui(ui, fields, context))
}

fn fields_ui(ui: &mut egui::Ui, fields: &mut Fields, mut context: Context) -> Vec<Command> {
    let mut commands = Vec::new();
    let focus = context.focus;

    headline::headline_ui(ui, fields, &mut context);
    ui.add_space(6.0);
    headline::dek_ui(ui, fields, &mut context);
    ui.add_space(6.0);
    commands.extend(headline::slug_ui(ui, fields, &context));

    // Category and status.
    ui.add_space(6.0);
    choices::category_ui(ui, fields, context.categories, focus);
    choices::status_ui(ui, fields, focus, &mut commands);
    language::row(ui, fields, context.desk_language, focus == Some(Field::Language));

    // Bylines and tags.
    ui.add_space(6.0);
    string_list::string_list_ui(
        ui,
        Field::Bylines.label(),
        "Byline",
        "field-byline",
        &mut fields.article.bylines,
        focus == Some(Field::Bylines),
    );
    string_list::string_list_ui(
        ui,
        Field::Tags.label(),
        "Tag",
        "field-tag",
        &mut fields.article.tags,
        focus == Some(Field::Tags),
    );

    // Times.
    ui.add_space(6.0);
    crate::app::metadata::date_field::date_field_ui(
        ui,
        "Published",
        "field-published",
        &mut fields.published_text,
        focus == Some(Field::PublishedAt),
        context.zone,
    );
    crate::app::metadata::date_field::date_field_ui(
        ui,
        "Updated",
        "field-updated",
        &mut fields.updated_text,
        focus == Some(Field::UpdatedAt),
        context.zone,
    );
    copy_desk::copy_desk_ui(ui, fields, focus, context.zone);

    // Share targets.
    ui.add_space(6.0);
    choices::share_ui(ui, fields);

    // Lead image.
    ui.add_space(6.0);
    let mut pictures = context.pictures;
    // A finding about the picture as a whole puts the keyboard in its alt
    // text, the part an editor most often has to write.
    let image_focus = match focus {
        Some(Field::Image) => Some(ImagePart::Alt),
        Some(field) => field.image_part(),
        None => None,
    };
    commands.extend(crate::app::metadata::lead_image::lead_image_ui(
        ui,
        &mut fields.article.image,
        &mut pictures,
        image_focus,
    ));

    // Related links.
    ui.add_space(6.0);
    let related_heading = heading_ui(ui, Field::Related.label());
    if focus == Some(Field::Related) {
        related_heading.scroll_to_me(Some(egui::Align::Center));
    }
    let mut extras = context.related_extras;
    related_cards::related_list_ui(ui, &mut fields.article.related, &mut extras, context.focus_related);
    if context.desk_open && ui.small_button("+ Add from desk…").clicked() {
        commands.push(Command::OpenRelatedPicker);
    }

    commands
}
