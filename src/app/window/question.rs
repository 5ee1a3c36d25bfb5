//! The frame every question the window asks is drawn in: a modal window
//! (Escape or a click outside cancels) and its row of answer buttons.

/// Three-way answers, in the order their buttons are drawn.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Answer {
    First,
    Second,
    Cancel,
}

/// Draws buttons in a row; returns which was clicked.
pub(crate) fn buttons(ui: &mut egui::Ui, labels: &[(&str, Answer)]) -> Option<Answer> {
    let mut answer = None;
    ui.horizontal(|ui| {
        for (label, value) in labels {
            if ui.button(*label).clicked() {
                answer = Some(*value);
            }
        }
    });
    answer
}

/// A modal window; Escape or a click outside answers `Cancel`.
pub(crate) fn modal(
    ctx: &egui::Context,
    id: &str,
    body: impl FnOnce(&mut egui::Ui) -> Option<Answer>,
) -> Option<Answer> {
    modal_answering(ctx, id, Answer::Cancel, body)
}

/// A modal window whose answers are the caller's own; Escape or a click
/// outside gives `cancel`.
pub(crate) fn modal_answering<A>(
    ctx: &egui::Context,
    id: &str,
    cancel: A,
    body: impl FnOnce(&mut egui::Ui) -> Option<A>,
) -> Option<A> {
    let shown = egui::Modal::new(egui::Id::unique(id)).show(ctx, |ui| {
        ui.set_max_width(560.0);
        body(ui)
    });
    match shown.inner {
        Some(answer) => Some(answer),
        None if shown.should_close() => Some(cancel),
        None => None,
    }
}
