//! The article's language in the metadata panel: the desk's default or
//! one of the common languages, or any BCP 47 tag typed in; right-to-left
//! languages carry a warning that egui cannot yet edit them well.

use crate::editing::document::Fields;
use crate::model::article::{Field, language_problem};
use crate::model::language;

/// Draws the language row. `desk_language` is what an article without a
/// language of its own is checked and published in.
pub fn row(ui: &mut egui::Ui, fields: &mut Fields, desk_language: &str, focus: bool) {
    ui.horizontal(|ui| {
        let label = super::heading_ui(ui, Field::Language.label());
        let current = fields.article.language.clone();
        let shown = match &current {
            Some(tag) => language::name(tag),
            None => format!("Desk default: {}", language::name(desk_language)),
        };
        let response = egui::ComboBox::from_id_salt("field-language")
            .selected_text(shown)
            .width(190.0)
            .show_ui(ui, |ui| {
                let default = format!("Desk default: {}", language::name(desk_language));
                if ui.selectable_label(current.is_none(), default).clicked() {
                    fields.article.language = None;
                }
                for (tag, name) in language::COMMON {
                    let chosen = current.as_deref() == Some(*tag);
                    if ui.selectable_label(chosen, format!("{name} ({tag})")).clicked() && !chosen {
                        fields.article.language = Some(tag.to_string());
                    }
                }
            })
            .response
            .labelled_by(label.id);
        if focus {
            response.request_focus();
        }
        // Any other tag, typed and checked before it is taken.
        let id = ui.make_persistent_id("field-language-typed");
        let mut typed: String = ui.data_mut(|d| d.get_temp::<String>(id)).unwrap_or_default();
        let edit = ui.add(
            egui::TextEdit::singleline(&mut typed).hint_text("other tag, e.g. es-MX").desired_width(110.0),
        );
        let edit = edit.labelled_by(label.id);
        if edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
            let tag = typed.trim().to_string();
            if language_problem(&tag).is_none() {
                fields.article.language = Some(tag);
                typed.clear();
            }
        }
        if !typed.trim().is_empty() && language_problem(typed.trim()).is_some() {
            edit.on_hover_text("Not a language tag: use BCP 47 like es-MX, pt-BR or sr-Latn.");
        }
        ui.data_mut(|d| d.insert_temp(id, typed));
    });
    let tag = language::effective(fields.article.language.as_deref(), Some(desk_language));
    if language::is_right_to_left(tag) {
        ui.label(
            egui::RichText::new(
                "Right-to-left: spelling is checked, but this editor cannot yet place the caret in Arabic or \
                 Hebrew text correctly (egui#8576).",
            )
            .color(ui.visuals().warn_fg_color),
        );
    }
}
