//! What a publish asks: the target's credential (once; kept afterwards),
//! Overwrite or Cancel when the post changed in the CMS (field by field,
//! the CMS's text against what would be sent), and whether to create anew
//! a post deleted there.

use egui::RichText;

use crate::app::CopydeskApp;
use crate::output::publish::{Choice, Conflict};
use crate::storage::credentials::{Credential, Secret};
use crate::storage::desk::{CmsKind, Target};

pub(crate) enum PublishQuestion {
    Credentials { target: Target, user: String, secret: String, problem: Option<String> },
    Conflict { target: Target, conflict: Box<Conflict> },
    Deleted { target: Target, url: String },
}

impl PublishQuestion {
    pub(crate) fn credentials(target: &Target, problem: Option<String>) -> PublishQuestion {
        PublishQuestion::Credentials {
            target: target.clone(),
            user: String::new(),
            secret: String::new(),
            problem,
        }
    }

    pub(crate) fn conflict(target: &Target, conflict: Conflict) -> PublishQuestion {
        PublishQuestion::Conflict { target: target.clone(), conflict: Box::new(conflict) }
    }

    pub(crate) fn deleted(target: &Target, url: String) -> PublishQuestion {
        PublishQuestion::Deleted { target: target.clone(), url }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Answer {
    Go,
    Cancel,
}

impl CopydeskApp {
    /// Draws the question; returns it while it stays open.
    pub(crate) fn publish_question_ui(
        &mut self,
        ctx: &egui::Context,
        mut open: PublishQuestion,
    ) -> Option<PublishQuestion> {
        let answer = crate::app::window::question::modal_answering(
            ctx,
            "publish-question",
            Answer::Cancel,
            |ui| match &mut open {
                PublishQuestion::Credentials { target, user, secret, problem } => {
                    credentials_ui(ui, target, user, secret, problem.as_deref())
                }
                PublishQuestion::Conflict { target, conflict } => conflict_ui(ui, target, conflict),
                PublishQuestion::Deleted { target, url } => {
                    ui.heading(format!("The post is gone from {}", target.name));
                    ui.add(
                        egui::Label::new(format!(
                            "{url} was deleted in the CMS (or is in its trash) since it was published from here. Create it again as a new post?"
                        ))
                        .wrap(),
                    );
                    answer_row(ui, "Create Again")
                }
            },
        );
        match (answer, open) {
            (None, open) => Some(open),
            (Some(Answer::Cancel), _) => None,
            (Some(Answer::Go), PublishQuestion::Deleted { target, .. }) => {
                self.publish_to(&target.name, Choice::Recreate);
                None
            }
            (Some(Answer::Go), PublishQuestion::Conflict { target, conflict }) => {
                self.publish_to(&target.name, Choice::Overwrite(conflict.remote.modified));
                None
            }
            (Some(Answer::Go), PublishQuestion::Credentials { target, user, secret, .. }) => {
                let credential = match target.kind {
                    CmsKind::WordPress => {
                        Credential::WordPress { user: user.trim().into(), app_password: Secret::new(secret) }
                    }
                    CmsKind::Ghost => Credential::Ghost { admin_key: Secret::new(secret.trim()) },
                };
                if let Some(problem) = credential.problem() {
                    return Some(PublishQuestion::Credentials {
                        target,
                        user,
                        secret: String::new(),
                        problem: Some(problem.to_string()),
                    });
                }
                if self.keep_credential(&target, &credential) {
                    self.publish_to(&target.name, Choice::Careful);
                }
                None
            }
        }
    }
}

fn credentials_ui(
    ui: &mut egui::Ui,
    target: &Target,
    user: &mut String,
    secret: &mut String,
    problem: Option<&str>,
) -> Option<Answer> {
    ui.heading(format!("Sign in to {}", target.name));
    let how = match target.kind {
        CmsKind::WordPress => {
            "A WordPress user and one of its application passwords (Users ▸ Profile ▸ Application Passwords)."
        }
        CmsKind::Ghost => {
            "The Admin API key of a custom integration (Settings ▸ Integrations), as ID:SECRET."
        }
    };
    ui.add(egui::Label::new(format!("{how} Asked once: it is kept in the desktop's keyring (or a file only you can read), never in the desk or the article.")).wrap());
    ui.label(RichText::new(&target.url).weak());
    if target.kind == CmsKind::WordPress {
        let label = ui.label("User name");
        let field = ui.add(egui::TextEdit::singleline(user).desired_width(360.0)).labelled_by(label.id);
        if ui.memory(|m| m.focused().is_none()) {
            field.request_focus();
        }
    }
    let label =
        ui.label(if target.kind == CmsKind::WordPress { "Application password" } else { "Admin API key" });
    let field =
        ui.add(egui::TextEdit::singleline(secret).password(true).desired_width(360.0)).labelled_by(label.id);
    if target.kind == CmsKind::Ghost && ui.memory(|m| m.focused().is_none()) {
        field.request_focus();
    }
    if let Some(problem) = problem {
        ui.add(egui::Label::new(RichText::new(problem).color(ui.visuals().error_fg_color)).wrap());
    }
    let entered = ui.input(|i| i.key_pressed(egui::Key::Enter));
    let answer = answer_row(ui, "Sign In and Publish");
    if entered && answer.is_none() { Some(Answer::Go) } else { answer }
}

fn conflict_ui(ui: &mut egui::Ui, target: &Target, conflict: &Conflict) -> Option<Answer> {
    ui.heading(format!("Changed in {} since you published", target.name));
    ui.add(
        egui::Label::new(format!(
            "Someone changed the post in the CMS ({}). Overwrite replaces their version with yours; Cancel leaves the CMS as it is.",
            conflict.remote.modified
        ))
        .wrap(),
    );
    egui::ScrollArea::vertical().max_height(360.0).show(ui, |ui| {
        egui::Grid::new("publish-conflict").num_columns(3).striped(true).show(ui, |ui| {
            ui.label(RichText::new("Field").strong());
            ui.label(RichText::new("In the CMS").strong());
            ui.label(RichText::new("Would be sent").strong());
            ui.end_row();
            for field in &conflict.fields {
                let label = if field.differs() {
                    RichText::new(field.label).color(ui.visuals().warn_fg_color)
                } else {
                    RichText::new(field.label)
                };
                ui.label(label);
                ui.add(egui::Label::new(clip(&field.cms)).wrap());
                ui.add(egui::Label::new(clip(&field.ours)).wrap());
                ui.end_row();
            }
        });
    });
    answer_row(ui, "Overwrite")
}

fn answer_row(ui: &mut egui::Ui, go: &str) -> Option<Answer> {
    let mut answer = None;
    ui.horizontal(|ui| {
        if ui.button(go).clicked() {
            answer = Some(Answer::Go);
        }
        if ui.button("Cancel").clicked() {
            answer = Some(Answer::Cancel);
        }
    });
    answer
}

fn clip(text: &str) -> String {
    match text.char_indices().nth(240) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}
