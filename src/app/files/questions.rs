//! The questions opening and saving ask: unsaved changes, a typed path
//! when no native dialog can be shown, a save stopped by the publish gate,
//! the Updated stamp, a file changed on disk, and a slug rename across the
//! desk.

use std::path::PathBuf;

use crate::app::CopydeskApp;
use crate::app::files::open::{Intent, Purpose};
use crate::app::files::save::Gate;
use crate::app::window::question::{Answer, buttons, modal};
use crate::model::article::Status;
use crate::model::when::now_seconds;
use crate::storage::desk::rename;

/// Unsaved changes would be lost by this intent: save, discard, cancel.
pub struct Unsaved(pub Intent);

/// Saving a published story again: stamp its Updated time? Then `Intent`.
pub struct UpdatedOffer(pub Option<Intent>);

/// Saving found the file changed on disk: what to do, then `Intent`.
pub struct Overwrite(pub Option<Intent>);

/// Typing a path by hand, when no native dialog is available.
pub struct PathPrompt {
    pub purpose: Purpose,
    pub reason: String,
    pub path: String,
    /// The field has been given the keyboard once.
    pub focused: bool,
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

impl CopydeskApp {
    pub(crate) fn unsaved_ui(&mut self, ctx: &egui::Context, Unsaved(intent): Unsaved) -> Option<Unsaved> {
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
            None => Some(Unsaved(intent)),
        }
    }

    pub(crate) fn path_prompt_ui(
        &mut self,
        ctx: &egui::Context,
        mut prompt: PathPrompt,
    ) -> Option<PathPrompt> {
        match path_prompt(ctx, &mut prompt) {
            Some(Answer::First) => {
                let path = prompt.path.trim().to_string();
                if !path.is_empty() {
                    self.use_path(prompt.purpose.clone(), PathBuf::from(path));
                }
                None
            }
            Some(_) => None,
            None => Some(prompt),
        }
    }

    pub(crate) fn save_gate_ui(&mut self, ctx: &egui::Context, gate: SaveGate) -> Option<SaveGate> {
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
            None => Some(gate),
        }
    }

    pub(crate) fn updated_offer_ui(
        &mut self,
        ctx: &egui::Context,
        UpdatedOffer(then): UpdatedOffer,
    ) -> Option<UpdatedOffer> {
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
            None => Some(UpdatedOffer(then)),
        }
    }

    pub(crate) fn overwrite_ui(
        &mut self,
        ctx: &egui::Context,
        Overwrite(then): Overwrite,
    ) -> Option<Overwrite> {
        let name = self.workspace.doc().path.as_ref().map(|p| p.display().to_string()).unwrap_or_default();
        let answer = modal(ctx, "changed-on-disk", |ui| {
            ui.heading("The file changed on disk");
            ui.add(egui::Label::new(format!(
                        "{name} was changed by another program since you opened it. Saving now would replace that version."
                    )).wrap());
            buttons(
                ui,
                // Save As… first: Enter must not replace another
                // program's work.
                &[
                    ("Save As…", Answer::Second),
                    ("Replace it with mine", Answer::First),
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
            None => Some(Overwrite(then)),
        }
    }

    pub(crate) fn rename_ui(&mut self, ctx: &egui::Context, confirm: RenameConfirm) -> Option<RenameConfirm> {
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
            (None, _) => Some(confirm),
        }
    }
}

/// The typed-path dialog: Enter or OK uses the path, Escape or Cancel
/// closes it. The field has the keyboard as soon as it opens.
fn path_prompt(ctx: &egui::Context, prompt: &mut PathPrompt) -> Option<Answer> {
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
        // Enter in the field (or on OK) uses the path.
        buttons(ui, &[("OK", Answer::First), ("Cancel", Answer::Cancel)])
    })
}
