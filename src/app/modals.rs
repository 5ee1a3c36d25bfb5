//! The one modal the window can show at a time. While a modal is open,
//! shortcuts that would act behind it do not fire; Escape (or a click
//! outside) closes each one as its Cancel does. This module only
//! dispatches: each question is drawn and answered by its feature
//! (`files::questions`, `metadata::status`, `metadata::related`,
//! `files::safety`, `commands`, `find::desk`, `team::sync`).

use crate::app::CopydeskApp;
use crate::app::commands::palette::Palette;
use crate::app::files::open::Intent;
use crate::app::files::questions::{PathPrompt, RenameConfirm, SaveGate};
use crate::app::find::desk::DeskFind;
use crate::app::metadata::related::Picker;
use crate::app::metadata::status::StatusConfirm;
use crate::app::team::sync::TeamModal;

pub enum Modal {
    /// Unsaved changes would be lost by this intent: save, discard, cancel.
    Unsaved(Intent),
    /// No native file dialog: type the path.
    PathPrompt(PathPrompt),
    /// A status change with warnings: mark anyway?
    StatusConfirm(StatusConfirm),
    /// A slug change other desk articles link to: update them?
    RenameConfirm(RenameConfirm),
    /// Saving a Ready or Published story that has errors.
    SaveGate(SaveGate),
    /// Saving a published story again: stamp its Updated time?
    UpdatedOffer(Option<Intent>),
    /// Saving found the file changed on disk: what to do, then `Intent`.
    Overwrite(Option<Intent>),
    /// Picking a desk article as a related link.
    Picker(Picker),
    /// Recovered work from an earlier session.
    Recovery,
    About,
    Palette(Palette),
    /// Find in Desk: a query over every desk article and its hits.
    DeskFind(Box<DeskFind>),
    /// The team desk asks: the editor's name, a remote to share with.
    Team(TeamModal),
}

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

impl CopydeskApp {
    /// Draws the open modal, if any, and acts on its answer.
    pub(crate) fn modal_ui(&mut self, ctx: &egui::Context) {
        let Some(open) = self.modal.take() else { return };
        // Each arm returns the modal to keep open (the same one, or none);
        // a modal the answer itself opened (a save asking about an outside
        // change, say) takes its place.
        let keep = match open {
            Modal::Unsaved(intent) => self.unsaved_ui(ctx, intent),
            Modal::PathPrompt(prompt) => self.path_prompt_ui(ctx, prompt),
            Modal::StatusConfirm(confirm) => self.status_confirm_ui(ctx, confirm),
            Modal::RenameConfirm(confirm) => self.rename_ui(ctx, confirm),
            Modal::SaveGate(gate) => self.save_gate_ui(ctx, gate),
            Modal::UpdatedOffer(then) => self.updated_offer_ui(ctx, then),
            Modal::Overwrite(then) => self.overwrite_ui(ctx, then),
            Modal::Picker(picker) => self.picker_ui(ctx, picker),
            Modal::Recovery => self.recovery_ui(ctx),
            Modal::Team(team) => self.team_modal_ui(ctx, team).map(Modal::Team),
            Modal::About => self.about_ui(ctx),
            Modal::DeskFind(find) => self.desk_find_ui(ctx, find),
            Modal::Palette(palette) => self.palette_modal_ui(ctx, palette),
        };
        if self.modal.is_none() {
            self.modal = keep;
        }
    }
}
