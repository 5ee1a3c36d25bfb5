//! The one modal the window can show at a time. While a modal is open,
//! shortcuts that would act behind it do not fire; Escape (or a click
//! outside) closes each one as its Cancel does. This module only
//! dispatches: each question is drawn and answered by its feature
//! (`files::questions`, `metadata::status`, `metadata::related`,
//! `files::safety`, `commands`, `find::desk`, `team::sync`,
//! `checks::names`, `sidebar::settings`, `publish`).

use crate::app::CopydeskApp;
use crate::app::checks::names::FlaggedNames;
use crate::app::commands::menu::About;
use crate::app::commands::palette::Palette;
use crate::app::files::questions::{Overwrite, PathPrompt, RenameConfirm, SaveGate, Unsaved, UpdatedOffer};
use crate::app::files::safety::RecoveryOffers;
use crate::app::files::save::SlugTaken;
use crate::app::find::desk::DeskFind;
use crate::app::metadata::related::Picker;
use crate::app::metadata::status::StatusConfirm;
use crate::app::publish::PublishQuestion;
use crate::app::review::ReviewQuestion;
use crate::app::sidebar::settings::DeskSettings;
use crate::app::team::sync::TeamModal;

/// Declares the questions once: each variant of [`Modal`] and the `From`
/// its feature asks with (a boxed variant takes the state unboxed).
macro_rules! modals {
    ($($(#[$doc:meta])* $variant:ident($held:ty) from $state:ty),* $(,)?) => {
        /// The open question. Each variant holds its feature's own state; a
        /// feature asks with [`CopydeskApp::ask`] (its state converts into a
        /// `Modal`), so no feature needs to name this type.
        pub enum Modal {
            $($(#[$doc])* $variant($held),)*
        }

        $(impl From<$state> for Modal {
            fn from(state: $state) -> Modal {
                Modal::$variant(state.into())
            }
        })*
    };
}

modals!(
    /// Unsaved changes would be lost by this intent: save, discard, cancel.
    Unsaved(Unsaved) from Unsaved,
    /// No native file dialog: type the path.
    PathPrompt(PathPrompt) from PathPrompt,
    /// A status change with warnings: mark anyway?
    StatusConfirm(StatusConfirm) from StatusConfirm,
    /// A slug change other desk articles link to: update them?
    RenameConfirm(RenameConfirm) from RenameConfirm,
    /// Saving a Ready or Published story that has errors.
    SaveGate(SaveGate) from SaveGate,
    /// Save As into a desk where another article has the slug.
    SlugTaken(SlugTaken) from SlugTaken,
    /// Saving a published story again: stamp its Updated time?
    UpdatedOffer(UpdatedOffer) from UpdatedOffer,
    /// Saving found the file changed on disk: what to do, then.
    Overwrite(Overwrite) from Overwrite,
    /// Picking a desk article as a related link.
    Picker(Picker) from Picker,
    /// Recovered work from an earlier session.
    Recovery(RecoveryOffers) from RecoveryOffers,
    About(About) from About,
    Palette(Palette) from Palette,
    /// Find in Desk: a query over every desk article and its hits.
    DeskFind(Box<DeskFind>) from DeskFind,
    /// The team desk asks: the editor's name, a remote to share with.
    Team(TeamModal) from TeamModal,
    /// Publishing asks: a credential, Overwrite after a conflict, create a
    /// deleted post anew.
    Publish(PublishQuestion) from PublishQuestion,
    /// The copy desk asks: a comment's or a correction's words.
    Review(ReviewQuestion) from ReviewQuestion,
    /// Which flagged names to add to the dictionary.
    Names(FlaggedNames) from FlaggedNames,
    /// The desk's settings (`desk.ron`).
    DeskSettings(Box<DeskSettings>) from DeskSettings,
);

impl CopydeskApp {
    /// Asks `question` (a feature's question state), in place of any open.
    pub(crate) fn ask(&mut self, question: impl Into<Modal>) {
        self.modal = Some(question.into());
    }

    /// Find in Desk, while it is the open question.
    pub(crate) fn open_desk_find(&self) -> Option<&DeskFind> {
        match &self.modal {
            Some(Modal::DeskFind(find)) => Some(find),
            _ => None,
        }
    }

    /// Draws the open modal, if any, and acts on its answer.
    pub(crate) fn modal_ui(&mut self, ctx: &egui::Context) {
        let Some(open) = self.modal.take() else { return };
        // Each arm returns the modal to keep open (the same one, or none);
        // a modal the answer itself opened (a save asking about an outside
        // change, say) takes its place.
        let keep = match open {
            Modal::Unsaved(question) => self.unsaved_ui(ctx, question).map(Modal::Unsaved),
            Modal::PathPrompt(prompt) => self.path_prompt_ui(ctx, prompt).map(Modal::PathPrompt),
            Modal::StatusConfirm(confirm) => self.status_confirm_ui(ctx, confirm).map(Modal::StatusConfirm),
            Modal::RenameConfirm(confirm) => self.rename_ui(ctx, confirm).map(Modal::RenameConfirm),
            Modal::SaveGate(gate) => self.save_gate_ui(ctx, gate).map(Modal::SaveGate),
            Modal::SlugTaken(asked) => self.slug_taken_ui(ctx, asked).map(Modal::SlugTaken),
            Modal::UpdatedOffer(offer) => self.updated_offer_ui(ctx, offer).map(Modal::UpdatedOffer),
            Modal::Overwrite(question) => self.overwrite_ui(ctx, question).map(Modal::Overwrite),
            Modal::Picker(picker) => self.picker_ui(ctx, picker).map(Modal::Picker),
            Modal::Recovery(offers) => self.recovery_ui(ctx, offers).map(Modal::Recovery),
            Modal::Team(team) => self.team_modal_ui(ctx, team).map(Modal::Team),
            Modal::Publish(question) => self.publish_question_ui(ctx, question).map(Modal::Publish),
            Modal::Review(question) => self.review_question_ui(ctx, question).map(Modal::Review),
            Modal::About(about) => self.about_ui(ctx, about).map(Modal::About),
            Modal::DeskFind(find) => self.desk_find_ui(ctx, find).map(Modal::DeskFind),
            Modal::Palette(palette) => self.palette_modal_ui(ctx, palette).map(Modal::Palette),
            Modal::Names(names) => self.flagged_names_ui(ctx, names).map(Modal::Names),
            Modal::DeskSettings(settings) => {
                self.desk_settings_ui(ctx, *settings).map(|settings| Modal::DeskSettings(Box::new(settings)))
            }
        };
        if self.modal.is_none() {
            self.modal = keep;
        }
    }
}
