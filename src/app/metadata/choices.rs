//! The panel's choices from fixed lists: the category and status
//! dropdowns and the share-target checkboxes.

use super::focus::take_focus;
use super::heading_ui;
use crate::app::commands::Command;
use crate::app::window::dropdown;
use crate::editing::document::Fields;
use crate::model::article::{Field, ShareTarget, Status};

/// The category, from the desk's list (or the one the article names).
pub(super) fn category_ui(
    ui: &mut egui::Ui,
    fields: &mut Fields,
    categories: &[String],
    focus: Option<Field>,
) {
    ui.horizontal(|ui| {
        let label = heading_ui(ui, Field::Category.label());
        let current = fields.article.category.clone();
        let response = egui::ComboBox::from_id_salt("field-category")
            .selected_text(if current.is_empty() { "Choose…" } else { current.as_str() })
            .width(150.0)
            .show_ui(ui, |ui| {
                let mut options: Vec<&str> = categories.iter().map(String::as_str).collect();
                if !current.is_empty() && !options.contains(&current.as_str()) {
                    options.push(current.as_str());
                }
                let mut chosen = false;
                for option in options {
                    if ui.selectable_label(option == current, option).clicked() {
                        if option != current {
                            fields.article.category = option.to_string();
                        }
                        // Chosen by Enter as by a click: the list goes.
                        ui.close();
                        chosen = true;
                    }
                }
                chosen
            });
        let response = dropdown::chosen_keeps_keyboard(response).labelled_by(label.id);
        take_focus(&response, focus == Some(Field::Category));
    });
}

/// The status; a change is a command, so it goes through the publish gate.
pub(super) fn status_ui(
    ui: &mut egui::Ui,
    fields: &Fields,
    focus: Option<Field>,
    commands: &mut Vec<Command>,
) {
    ui.horizontal(|ui| {
        let label = heading_ui(ui, Field::Status.label());
        let current = fields.article.status;
        let response = egui::ComboBox::from_id_salt("field-status")
            .selected_text(current.label())
            .width(150.0)
            .show_ui(ui, |ui| {
                let mut chosen = false;
                for status in Status::ALL {
                    if ui.selectable_label(status == current, status.label()).clicked() {
                        if status != current {
                            commands.push(Command::SetStatus(status));
                        }
                        ui.close();
                        chosen = true;
                    }
                }
                chosen
            });
        let response = dropdown::chosen_keeps_keyboard(response).labelled_by(label.id);
        take_focus(&response, focus == Some(Field::Status));
    });
}

/// Where the story's share bar offers it.
pub(super) fn share_ui(ui: &mut egui::Ui, fields: &mut Fields) {
    heading_ui(ui, Field::Share.label());
    ui.horizontal_wrapped(|ui| {
        for target in ShareTarget::ALL {
            let mut on = fields.article.share.contains(&target);
            if ui.checkbox(&mut on, target.label()).changed() {
                if on {
                    fields.article.share.push(target);
                    // Keep the bar in its usual order whatever the clicking order.
                    fields.article.share.sort();
                } else {
                    fields.article.share.retain(|t| *t != target);
                }
            }
        }
    });
}
