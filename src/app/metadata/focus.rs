//! Which panel field a widget is, and putting the keyboard in a field a
//! finding is about.

use super::copy_desk;
use crate::model::article::Field;

/// The field whose widget has id `id` (for Add Comment on the field with
/// the keyboard).
pub(crate) fn field_of_widget(id: egui::Id) -> Option<Field> {
    let named = [
        (Field::Headline, "field-headline"),
        (Field::Dek, "field-dek"),
        (Field::Slug, "field-slug"),
        (Field::PublishedAt, "field-published"),
        (Field::UpdatedAt, "field-updated"),
        (Field::EmbargoUntil, copy_desk::EMBARGO),
    ];
    let found = named.into_iter().chain(copy_desk::OVERRIDES).find(|(_, name)| egui::Id::unique(*name) == id);
    if let Some((field, _)) = found {
        return Some(field);
    }
    (0..64).find_map(|index| {
        [(Field::Bylines, "field-byline"), (Field::Tags, "field-tag")]
            .into_iter()
            .find(|(_, name)| egui::Id::unique((*name, index)) == id)
            .map(|(field, _)| field)
    })
}

/// Gives the keyboard to `response` and scrolls it into view when `wanted`
/// (the field a finding in the checks panel is about).
pub(super) fn take_focus(response: &egui::Response, wanted: bool) {
    if wanted {
        response.request_focus();
        response.scroll_to_me(Some(egui::Align::Center));
    }
}
