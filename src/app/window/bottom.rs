//! The bottom strip: what an import guessed, the checks and the outline,
//! side by side under the body. Its top edge drags; it folds to one line
//! (by hand, or by itself before the body would get short) and unfolds
//! from that line.

use egui::RichText;

use super::{Grip, backdrop, layout};
use crate::app::CopydeskApp;
use crate::app::checks::outline;
use crate::rules::check::Severity;

impl CopydeskApp {
    /// Draws the strip (when the checks or the outline are on); returns
    /// the grip of its edge.
    pub(crate) fn bottom_strip_ui(&mut self, ui: &mut egui::Ui) -> Option<Grip> {
        if !self.prefs.checks_visible && !self.prefs.outline_visible {
            return None;
        }
        let height = ui.available_height();
        let Some(size) = layout::bottom_height(height, &self.prefs.panels) else {
            self.folded_strip_ui(ui);
            return None;
        };
        // Its edge is dragged through the handle drawn over the body's
        // column (see `panels_ui`): egui's own resize handle lies under the
        // body's scroll area, which took the drag.
        let shown = egui::Panel::bottom("checks")
            .frame(backdrop::panel(ui.style()))
            .resizable(false)
            .exact_size(size)
            .show(ui, |ui| {
                let fold = ui.max_rect().right_top() + egui::vec2(-26.0, 0.0);
                match (self.prefs.checks_visible, self.prefs.outline_visible) {
                    (true, true) => {
                        ui.columns(2, |columns| {
                            self.checks_ui(&mut columns[0]);
                            self.outline_panel_ui(&mut columns[1]);
                        });
                    }
                    (true, false) => self.checks_ui(ui),
                    _ => self.outline_panel_ui(ui),
                }
                // Put last, over the strip's top right corner, so nothing
                // drawn there takes its click.
                ui.put(
                    egui::Rect::from_min_size(fold, egui::vec2(24.0, 18.0)),
                    egui::Button::new("↓").small(),
                )
                .on_hover_text("Fold the strip to one line: the body gets the room")
                .accessible_name("Fold the checks strip")
                .clicked()
            });
        if shown.inner {
            self.prefs.panels.bottom_folded = true;
            self.prefs.panels.bottom_forced = false;
        }
        let rect = shown.response.rect;
        Some(Grip::Across(rect.top(), rect.x_range(), layout::bottom_max(height)))
    }

    /// The bottom strip's edge as a handle: dragged, it sets the strip's
    /// height (up to `max`). Made after the body's column, so it is on top.
    pub(crate) fn bottom_edge_ui(&mut self, ui: &mut egui::Ui, y: f32, span: egui::Rangef, max: f32) {
        let rect = egui::Rect::from_x_y_ranges(span, y - 5.0..=y + 3.0);
        let response = ui
            .interact(rect, egui::Id::unique("bottom-strip-edge"), egui::Sense::drag())
            .on_hover_cursor(egui::CursorIcon::ResizeVertical);
        if response.dragged() {
            let panels = &mut self.prefs.panels;
            panels.bottom = (panels.bottom.min(max) - response.drag_delta().y).clamp(layout::BOTTOM_MIN, max);
        }
    }

    /// The folded strip: one line with the checks' counts; a click
    /// unfolds it.
    fn folded_strip_ui(&mut self, ui: &mut egui::Ui) {
        let analysis = self.checking.analyst.latest();
        let summary = format!(
            "Checks: {} · {} · {}",
            crate::app::count(analysis.count(Severity::Error), "error", "errors"),
            crate::app::count(analysis.count(Severity::Warning), "warning", "warnings"),
            crate::app::count(analysis.count(Severity::Note), "note", "notes")
        );
        let shown = egui::Panel::bottom("checks-folded")
            .frame(backdrop::panel(ui.style()))
            .exact_size(layout::BOTTOM_FOLDED)
            .resizable(false)
            .show(ui, |ui| {
                super::plain_button::plain_button(ui, egui::Button::new(format!("↑ {summary}")))
                    .on_hover_text("Unfold the checks strip")
                    .accessible_name(format!("Unfold the checks strip: {summary}"))
                    .clicked()
            });
        if shown.inner {
            self.prefs.panels.bottom_folded = false;
            self.prefs.panels.bottom_forced = true;
        }
    }

    fn checks_ui(&mut self, ui: &mut egui::Ui) {
        self.import_report_ui(ui);
        ui.label(RichText::new("Checks").strong());
        let analysis = self.checking.analyst.latest().clone();
        // The open article's language's dictionary, for suggestions.
        let speller = self.speller();
        let commands = self.checks.show(ui, &analysis, speller.as_ref(), self.desk.is_some());
        self.queue.extend(commands);
    }

    fn outline_panel_ui(&mut self, ui: &mut egui::Ui) {
        let analysis = self.checking.analyst.latest().clone();
        let doc = self.workspace.doc();
        let sections = outline::sections(&analysis, doc.body().len());
        let cursor = self.caret_offset();
        if let Some(command) = outline::outline_ui(ui, &sections, cursor) {
            self.queue.push(command);
        }
    }
}
