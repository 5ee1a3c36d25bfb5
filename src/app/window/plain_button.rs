//! Buttons drawn as text (the status bar's counts, the checks panel's rows
//! and headings, the folded strip): egui paints nothing for such a button
//! when the keyboard is on it, and a coloured one does not even change
//! colour, so Tab seemed to go nowhere. Every one goes through here and
//! gets a ring while it has the keyboard.

/// Adds `button` without its frame; a ring shows when it has the keyboard.
pub(crate) fn plain_button(ui: &mut egui::Ui, button: egui::Button<'_>) -> egui::Response {
    let response = ui.add(button.frame(false));
    if response.has_focus() {
        let stroke = ui.visuals().selection.stroke;
        ui.painter().rect_stroke(response.rect.expand(1.0), 2.0, stroke, egui::StrokeKind::Outside);
    }
    response
}
