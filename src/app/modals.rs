//! The one modal the window can show at a time. While a modal is open,
//! shortcuts that would act behind it do not fire; Escape (or a click
//! outside) closes each one as its Cancel does.

use std::path::PathBuf;

use egui::RichText;

use super::CopydeskApp;
use super::commands as command;
use super::commands::palette;
use super::files::open::{Intent, Purpose};
use super::files::safety;
use super::files::save::Gate;
use super::find::desk as desk_find;
use super::metadata::related;
use crate::model::article::Status;
use crate::storage::desk::rename;

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
    /// Save As into a desk where another article has the slug.
    SlugTaken(super::files::save::SlugTaken),
    /// Saving a published story again: stamp its Updated time?
    UpdatedOffer(Option<Intent>),
    /// Saving found the file changed on disk: what to do, then `Intent`.
    Overwrite(Option<Intent>),
    /// Picking a desk article as a related link.
    Picker(related::Picker),
    /// Recovered work from an earlier session.
    Recovery,
    About,
    Palette(palette::Palette),
    /// Find in Desk: a query over every desk article and its hits.
    DeskFind(Box<desk_find::DeskFind>),
    /// The team desk asks: the editor's name, a remote to share with.
    Team(super::team::sync::TeamModal),
}

/// Typing a path by hand, when no native dialog is available.
pub struct PathPrompt {
    pub purpose: Purpose,
    pub reason: String,
    pub path: String,
    /// The field has been given the keyboard once.
    pub focused: bool,
}

/// Confirming a status change that has warnings.
pub struct StatusConfirm {
    pub status: Status,
    pub warnings: Vec<String>,
}

/// A save stopped by the publish gate.
pub struct SaveGate {
    pub errors: Vec<String>,
    pub then: Option<Intent>,
    /// Where Save As is writing (else the article's own file).
    pub to: Option<PathBuf>,
}

/// Confirming a slug change that other desk articles link to.
pub struct RenameConfirm {
    pub plan: Result<rename::Plan, String>,
    pub then: Option<Intent>,
}

/// Three-way answers, in the order their buttons are drawn.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Answer {
    First,
    Second,
    Cancel,
}

/// Draws buttons in a row; returns which was clicked.
fn buttons(ui: &mut egui::Ui, labels: &[(&str, Answer)]) -> Option<Answer> {
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
fn modal(
    ctx: &egui::Context,
    id: &str,
    body: impl FnOnce(&mut egui::Ui) -> Option<Answer>,
) -> Option<Answer> {
    modal_answering(ctx, id, Answer::Cancel, body)
}

/// A modal window whose answers are the caller's own; Escape or a click
/// outside gives `cancel`.
pub(super) fn modal_answering<A>(
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
    pub(super) fn modal_ui(&mut self, ctx: &egui::Context) {
        let Some(mut open) = self.modal.take() else { return };
        // Each arm returns the modal to keep open (the same one, or none);
        // a modal the answer itself opened (a save asking about an outside
        // change, say) takes its place.
        let keep = match open {
            Modal::Unsaved(intent) => self.unsaved_ui(ctx, intent),
            Modal::PathPrompt(ref mut prompt) => match path_prompt_ui(ctx, prompt) {
                Some(Answer::First) => {
                    let path = prompt.path.trim().to_string();
                    if !path.is_empty() {
                        self.use_path(prompt.purpose.clone(), PathBuf::from(path));
                    }
                    None
                }
                Some(_) => None,
                None => Some(open),
            },
            Modal::StatusConfirm(ref confirm) => {
                let status = confirm.status;
                let answer = modal(ctx, "status-confirm", |ui| {
                    ui.heading(format!("Mark as {status}?"));
                    ui.label(format!("The story has {} warning(s):", confirm.warnings.len()));
                    for warning in confirm.warnings.iter().take(8) {
                        ui.add(egui::Label::new(format!("• {warning}")).wrap());
                    }
                    let mark = format!("Mark {status}");
                    buttons(ui, &[(&mark, Answer::First), ("Cancel", Answer::Cancel)])
                });
                match answer {
                    Some(Answer::First) => {
                        self.apply_status(status);
                        None
                    }
                    Some(_) => None,
                    None => Some(open),
                }
            }
            Modal::RenameConfirm(confirm) => self.rename_ui(ctx, confirm),
            Modal::SaveGate(gate) => self.save_gate_ui(ctx, gate),
            Modal::SlugTaken(asked) => self.slug_taken_ui(ctx, asked),
            Modal::UpdatedOffer(then) => {
                let answer = modal(ctx, "updated-offer", |ui| {
                    ui.heading("Mark the story as updated?");
                    ui.add(
                        egui::Label::new(
                            "This story is already published. Readers and search engines see an Updated time when a published story changes.",
                        )
                        .wrap(),
                    );
                    buttons(
                        ui,
                        &[
                            ("Save and mark updated now", Answer::First),
                            ("Save without", Answer::Second),
                            ("Cancel", Answer::Cancel),
                        ],
                    )
                });
                match answer {
                    Some(Answer::First) => {
                        let now = now_seconds();
                        self.workspace.doc_mut().edit_fields(|fields| fields.updated_text = now.to_string());
                        self.save_from(Gate::Rename, then);
                        None
                    }
                    Some(Answer::Second) => {
                        self.save_from(Gate::Rename, then);
                        None
                    }
                    Some(Answer::Cancel) => None,
                    None => Some(Modal::UpdatedOffer(then)),
                }
            }
            Modal::Overwrite(then) => {
                let name =
                    self.workspace.doc().path.as_ref().map(|p| p.display().to_string()).unwrap_or_default();
                let answer = modal(ctx, "changed-on-disk", |ui| {
                    ui.heading("The file changed on disk");
                    ui.add(egui::Label::new(format!(
                        "{name} was changed by another program since you opened it. Saving now would replace that version."
                    )).wrap());
                    buttons(
                        ui,
                        &[
                            ("Replace it with mine", Answer::First),
                            ("Save As…", Answer::Second),
                            ("Cancel", Answer::Cancel),
                        ],
                    )
                });
                match answer {
                    Some(Answer::First) => {
                        if let Some(path) = self.workspace.doc().path.clone() {
                            self.save_to(&path, then, false);
                        }
                        None
                    }
                    Some(Answer::Second) => {
                        self.ask_save_path(then);
                        None
                    }
                    Some(Answer::Cancel) => None,
                    None => Some(Modal::Overwrite(then)),
                }
            }
            Modal::Picker(ref mut picker) => {
                let own_slug = self.workspace.doc().fields().article.slug.clone();
                let picked = match self.desk.as_ref().and_then(|d| d.index()) {
                    Some(index) => related::picker(ctx, picker, index, &own_slug),
                    None => related::Picked::Cancel,
                };
                match picked {
                    related::Picked::Nothing => Some(open),
                    related::Picked::Cancel => None,
                    related::Picked::Slug(slug) => {
                        self.add_related(&slug);
                        None
                    }
                }
            }
            Modal::Recovery => self.recovery_ui(ctx),
            Modal::Team(team) => self.team_modal_ui(ctx, team).map(Modal::Team),
            Modal::About => {
                let answer = modal(ctx, "about", |ui| {
                    ui.heading("Copydesk");
                    ui.label(format!("Version {}", env!("CARGO_PKG_VERSION")));
                    ui.label("A newsroom editor: write beside the published page, check, save as RON.");
                    ui.add_space(6.0);
                    ui.label(RichText::new("Keyboard").strong());
                    for command in command::catalog() {
                        let keys: Vec<String> =
                            command.shortcuts().iter().map(|k| ui.ctx().format_shortcut(k)).collect();
                        if !keys.is_empty() {
                            ui.label(format!("{}  —  {}", keys.join(" or "), command.label()));
                        }
                    }
                    buttons(ui, &[("Close", Answer::Cancel)])
                });
                if answer.is_some() { None } else { Some(Modal::About) }
            }
            Modal::DeskFind(ref mut state) => {
                match desk_find::desk_find_ui(ctx, state, || self.desk_sources()) {
                    desk_find::Outcome::Open => Some(open),
                    desk_find::Outcome::Closed => None,
                    desk_find::Outcome::Go(command) => {
                        self.queue.push(command);
                        None
                    }
                }
            }
            Modal::Palette(ref mut state) => {
                let situation = self.situation();
                let entries = self.palette_entries(&situation);
                match palette::palette_ui(ctx, state, &entries, &self.prefs.recent_commands) {
                    palette::Outcome::Open => Some(open),
                    palette::Outcome::Closed => {
                        let back = state.return_focus;
                        if let Some(id) = back {
                            ctx.memory_mut(|m| m.request_focus(id));
                        }
                        None
                    }
                    palette::Outcome::Run(command) => {
                        if let Some(id) = state.return_focus {
                            ctx.memory_mut(|m| m.request_focus(id));
                        }
                        self.remember_command(&command);
                        self.queue.push(command);
                        None
                    }
                }
            }
        };
        if self.modal.is_none() {
            self.modal = keep;
        }
    }

    fn unsaved_ui(&mut self, ctx: &egui::Context, intent: Intent) -> Option<Modal> {
        // Quitting asks once about every modified tab.
        let quitting = matches!(intent, Intent::Quit);
        let names = if quitting { self.unsaved_names() } else { vec![self.workspace.doc().display_name()] };
        let what = intent.doing();
        let answer = modal(ctx, "unsaved-changes", |ui| {
            ui.heading("Unsaved changes");
            if let [name] = names.as_slice() {
                ui.add(
                    egui::Label::new(format!(
                        "“{name}” has changes that are not saved. Save them before {what}?"
                    ))
                    .wrap(),
                );
            } else {
                ui.add(
                    egui::Label::new(format!(
                        "{} articles have changes that are not saved. Save them before {what}?",
                        names.len()
                    ))
                    .wrap(),
                );
                for name in &names {
                    ui.add(egui::Label::new(format!("• {name}")).wrap());
                }
            }
            ui.add_space(8.0);
            let save = if names.len() > 1 { "Save All" } else { "Save" };
            buttons(ui, &[(save, Answer::First), ("Discard", Answer::Second), ("Cancel", Answer::Cancel)])
        });
        match answer {
            Some(Answer::First) if quitting => {
                self.proceed(Intent::SaveAll(Box::new(intent)));
                None
            }
            Some(Answer::First) => {
                self.save(Some(intent));
                None
            }
            Some(Answer::Second) => {
                self.discard_and_proceed(intent);
                None
            }
            Some(Answer::Cancel) => None,
            None => Some(Modal::Unsaved(intent)),
        }
    }

    fn save_gate_ui(&mut self, ctx: &egui::Context, gate: SaveGate) -> Option<Modal> {
        let status = self.workspace.doc().fields().article.status;
        let answer = modal(ctx, "save-gate", |ui| {
            ui.heading(format!("This story is marked {status} but has errors"));
            ui.add(egui::Label::new(format!("It cannot be saved as {status} until these are fixed:")).wrap());
            for error in gate.errors.iter().take(8) {
                ui.add(egui::Label::new(format!("• {error}")).wrap());
            }
            buttons(ui, &[("Save as In Edit", Answer::First), ("Cancel", Answer::Cancel)])
        });
        match answer {
            Some(Answer::First) => {
                self.workspace.doc_mut().edit_fields(|fields| fields.article.status = Status::Edit);
                match gate.to {
                    Some(path) => self.save_to(&path, gate.then, false),
                    None => self.save_from(Gate::Updated, gate.then),
                }
                None
            }
            Some(_) => None,
            None => Some(Modal::SaveGate(gate)),
        }
    }

    fn rename_ui(&mut self, ctx: &egui::Context, confirm: RenameConfirm) -> Option<Modal> {
        let answer = modal(ctx, "rename-confirm", |ui| match &confirm.plan {
            Ok(plan) => {
                ui.heading(format!("Rename “{}” to “{}”?", plan.old_slug, plan.new_slug));
                ui.label("Saving can update every related link to this article across the desk:");
                for file in plan.files() {
                    let what = if file == plan.destination && plan.renames_file() {
                        "new file"
                    } else if file == plan.subject && plan.renames_file() {
                        "removed"
                    } else if file == plan.subject {
                        "this article"
                    } else {
                        "related link updated"
                    };
                    ui.add(egui::Label::new(format!("• {} ({what})", file.display())).wrap());
                }
                buttons(
                    ui,
                    &[
                        ("Update links and rename", Answer::First),
                        ("Save without updating", Answer::Second),
                        ("Cancel", Answer::Cancel),
                    ],
                )
            }
            Err(error) => {
                ui.heading("The slug cannot be renamed across the desk");
                ui.add(egui::Label::new(error.as_str()).wrap());
                buttons(ui, &[("Save without updating", Answer::Second), ("Cancel", Answer::Cancel)])
            }
        });
        match (answer, &confirm.plan) {
            (Some(Answer::First), Ok(plan)) => {
                self.apply_rename(plan, confirm.then);
                None
            }
            (Some(Answer::Second), _) => {
                match self.workspace.doc().path.clone() {
                    Some(path) => self.save_to(&path, confirm.then, true),
                    None => self.ask_save_path(confirm.then),
                }
                None
            }
            (Some(_), _) => None,
            (None, _) => Some(Modal::RenameConfirm(confirm)),
        }
    }

    fn recovery_ui(&mut self, ctx: &egui::Context) -> Option<Modal> {
        match safety::offers_modal(ctx, &self.safety.offers) {
            Some(safety::OfferChoice::Restore(index)) => {
                if let Some(offer) = self.safety.offers.get(index) {
                    let intent = Intent::Restore(offer.record.clone(), offer.id.clone());
                    self.intend(intent);
                }
                None
            }
            Some(safety::OfferChoice::RestoreAll) => {
                let offers: Vec<Intent> = self
                    .safety
                    .offers
                    .iter()
                    .map(|offer| Intent::Restore(offer.record.clone(), offer.id.clone()))
                    .collect();
                for intent in offers {
                    self.intend(intent);
                    // A question (the file is open with unsaved changes)
                    // stops the run; the rest stay offered.
                    if self.modal.is_some() {
                        break;
                    }
                }
                None
            }
            Some(safety::OfferChoice::Discard(index)) => {
                if index < self.safety.offers.len() {
                    let offer = self.safety.offers.remove(index);
                    self.safety.discard(&offer.id);
                }
                (!self.safety.offers.is_empty()).then_some(Modal::Recovery)
            }
            Some(safety::OfferChoice::Later) => {
                self.safety.offers_hidden = true;
                None
            }
            None => Some(Modal::Recovery),
        }
    }
}

/// The typed-path dialog: Enter or OK uses the path, Escape or Cancel
/// closes it. The field has the keyboard as soon as it opens.
fn path_prompt_ui(ctx: &egui::Context, prompt: &mut PathPrompt) -> Option<Answer> {
    let title = match prompt.purpose {
        Purpose::Open => "Open article",
        Purpose::OpenDesk => "Open desk folder",
        Purpose::Import => "Import copy",
        Purpose::ExportHtml => "Export HTML page to",
        Purpose::LeadImage => "Lead image file",
        Purpose::SaveAs { .. } => "Save article as",
    };
    modal(ctx, "path-prompt", |ui| {
        ui.heading(title);
        ui.add(egui::Label::new(prompt.reason.as_str()).wrap());
        let label = ui.label("Path");
        let field =
            ui.add(egui::TextEdit::singleline(&mut prompt.path).desired_width(420.0)).labelled_by(label.id);
        if !prompt.focused {
            field.request_focus();
            prompt.focused = true;
        }
        let entered = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        let answer = buttons(ui, &[("OK", Answer::First), ("Cancel", Answer::Cancel)]);
        if entered { Some(Answer::First) } else { answer }
    })
}

/// Now, to the second (what a person types into a time field).
pub(super) fn now_seconds() -> jiff::Timestamp {
    let now = jiff::Timestamp::now();
    jiff::Timestamp::from_second(now.as_second()).unwrap_or(now)
}
