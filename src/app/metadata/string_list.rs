//! The panel's editable lists of short strings (bylines, tags): a field
//! per entry with its × after it, Enter to go on to a new entry or end the list,
//! and "+ Add".

use super::{heading_ui, keep_width, last_width};

/// An editable list of short strings (bylines, tags).
pub(super) fn string_list_ui(
    ui: &mut egui::Ui,
    title: &str,
    item: &str,
    id: &str,
    values: &mut Vec<String>,
    focus: bool,
) -> bool {
    let mut changed = false;
    heading_ui(ui, title);
    let mut remove = None;
    // Enter in a filled field starts the next one after it.
    let mut insert = None;
    // Enter in an empty one ends the list: the keyboard goes to "+ Add".
    let mut ended = false;
    // The field "+ Add" (or Enter) created gets the keyboard on the frame
    // it appears.
    let pending = egui::Id::unique((id, "focus-new"));
    let focus_new: Option<usize> = ui.data_mut(|d| d.remove_temp(pending));
    for (index, value) in values.iter_mut().enumerate() {
        ui.horizontal(|ui| {
            let name = format!("{item} {}", index + 1);
            // The field comes before its × in the Tab order (Tab from the
            // field above goes into the entry, not onto the button that
            // deletes it), so it is added first, filling a box of exactly
            // the row less the ×'s width as last drawn (the font decides
            // it): a row a few points too wide widened every row after it.
            let cross_id = egui::Id::unique("list-cross-width");
            let cross = last_width(ui, cross_id, ui.spacing().interact_size.y);
            let height = ui.spacing().interact_size.y;
            let width = (ui.available_width() - cross - ui.spacing().item_spacing.x).max(40.0);
            let field = egui::TextEdit::singleline(value)
                .id(egui::Id::unique((id, index)))
                .hint_text(name.clone())
                .desired_width(f32::INFINITY);
            let boxed = egui::UiBuilder::new()
                .max_rect(egui::Rect::from_min_size(ui.cursor().min, egui::vec2(width, height)));
            let response = ui.scope_builder(boxed, |ui| ui.add(field)).inner.accessible_name(name.clone());
            let what = format!("Remove {}", name.to_lowercase());
            let button = ui.small_button("×");
            keep_width(ui, cross_id, button.rect.width());
            if button.on_hover_text(&what).accessible_name(what).clicked() {
                remove = Some(index);
            }
            if (focus && index == 0) || focus_new == Some(index) {
                response.request_focus();
                response.scroll_to_me(None);
            }
            changed |= response.changed();
            // Enter: typing goes on into a new entry ("Ukraine", Enter,
            // "diplomacy"); Enter in an empty one ends the list there.
            if response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                if value.trim().is_empty() {
                    remove = Some(index);
                    ended = true;
                } else {
                    insert = Some(index + 1);
                }
            }
        });
    }
    if let Some(index) = remove {
        values.remove(index);
        changed = true;
        // The keyboard goes on to the entry that took its place, or to
        // "+ Add" after the last: it was on a × that is gone.
        if index < values.len() {
            ui.memory_mut(|m| m.request_focus(egui::Id::unique((id, index))));
        } else {
            ended = true;
        }
    }
    if let Some(index) = insert {
        values.insert(index, String::new());
        // Focused now, so a key typed before the next frame lands in it.
        ui.memory_mut(|m| m.request_focus(egui::Id::unique((id, index))));
        ui.data_mut(|d| d.insert_temp(pending, index));
        changed = true;
    }
    // An id of its own, the same once the list is a row shorter, so the
    // keyboard given to it stays on it (Tab goes on to the next field).
    let scope = egui::UiBuilder::new().scope_id(ui.scope_id().with((id, "add")));
    let add = ui.scope_builder(scope, |ui| ui.small_button(format!("+ Add {}", item.to_lowercase()))).inner;
    if ended {
        add.request_focus();
    }
    if focus && values.is_empty() {
        add.scroll_to_me(Some(egui::Align::Center));
    }
    if add.clicked() {
        values.push(String::new());
        ui.data_mut(|d| d.insert_temp(pending, values.len() - 1));
        changed = true;
    }
    changed
}
