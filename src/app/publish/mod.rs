//! Article ▸ Publish to ‹target› in the window: the publish gate, the
//! credential asked once per target (then kept by `storage::credentials`),
//! the publish as a background job whose steps show in the status bar and
//! which Cancel stops, and its end: the post's link, or the question a
//! conflict or a deleted post asks (`questions`).

mod questions;

use std::path::{Path, PathBuf};

use egui::RichText;

pub(crate) use questions::PublishQuestion;

use crate::app::CopydeskApp;
use crate::app::commands::Command;
use crate::editing::background::{Job, Poll};
use crate::model::article::Status;
use crate::output::publish::{self, Choice, Http, Outcome, PublishError, Publisher};
use crate::rules::check::{self, Severity};
use crate::storage::credentials::{Credential, Vault};
use crate::storage::desk::Target;

/// A publish under way, and what it was of.
pub(crate) struct Running {
    job: Job<Result<Outcome, PublishError>>,
    target: Target,
    /// The article's file: its tab gets the record, wherever it is now.
    path: PathBuf,
}

/// The window's publishing state.
#[derive(Default)]
pub(crate) struct PublishState {
    pub(crate) running: Option<Running>,
    /// The last post published, for the status bar's link.
    pub(crate) last_link: Option<(String, String)>,
    /// Where credentials are kept (tests give their own).
    pub(crate) vault: Option<Vault>,
}

impl PublishState {
    fn vault(&self) -> Vault {
        self.vault.clone().unwrap_or_default()
    }
}

impl CopydeskApp {
    /// The targets the open article's desk publishes into.
    pub(crate) fn publish_targets(&self) -> Vec<Target> {
        self.checking.desk_config.publish.clone()
    }

    /// Article ▸ Publish…: the one target, or a choice of them.
    pub(crate) fn publish_menu(&mut self) {
        let targets = self.publish_targets();
        match targets.as_slice() {
            [] => self.notify(
                true,
                "This desk publishes nowhere yet: add publish: [Target(name: \"…\", kind: WordPress, url: \"https://…\")] to its desk.ron.",
            ),
            [one] => self.publish_to(&one.name.clone(), Choice::Careful),
            _ => {
                self.palette_query = Some("Publish to: ".into());
                self.queue.push(Command::Palette);
            }
        }
    }

    /// Publishes the open article to the target named `name`.
    pub(crate) fn publish_to(&mut self, name: &str, choice: Choice) {
        if self.publishing.running.is_some() {
            self.notify(false, "A publish is already running.");
            return;
        }
        let Some(target) = self.publish_targets().into_iter().find(|t| t.name == name) else {
            self.notify(true, format!("The desk has no publish target “{name}”."));
            return;
        };
        let Some(path) = self.workspace.doc().path.clone() else {
            self.notify(true, "Save the article first: its pictures are found beside its file.");
            return;
        };
        let article = self.workspace.doc().article();
        // The gate as for marking it: a story with errors is not sent.
        let gate_status = article.status.max(Status::Ready);
        let findings =
            check::gate(&article, gate_status, &self.checking.setting.rules.context(self.desk_view()));
        let errors: Vec<String> =
            findings.iter().filter(|f| f.severity == Severity::Error).map(|f| f.message.clone()).collect();
        if !errors.is_empty() {
            self.notify_about(
                crate::app::Topic::Gate,
                format!("Not published: fix these first. {}", errors.join(" ")),
            );
            return;
        }
        let vault = self.publishing.vault();
        let credential = match vault.find(&target) {
            Ok(Some((credential, _))) => credential,
            Ok(None) => {
                self.ask(PublishQuestion::credentials(&target, None));
                return;
            }
            Err(error) => {
                self.notify(true, format!("Could not read the credentials for {}: {error}", target.name));
                return;
            }
        };
        let folder = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let config = self.checking.desk_config.clone();
        let job_target = target.clone();
        let job = self.jobs.spawn("publish", move |progress| {
            let http = Http::default();
            let mut publisher = Publisher::new(&job_target, &credential, &http)?;
            let job = publish::Job {
                article: &article,
                folder: &folder,
                settings: config.page_settings(),
                target: &job_target,
                choice,
            };
            publisher.publish(&job, progress)
        });
        self.publishing.running = Some(Running { job, target, path });
    }

    /// Stops the running publish after the step it is in.
    pub(crate) fn cancel_publish(&mut self) {
        if let Some(running) = &self.publishing.running {
            running.job.cancel();
        }
    }

    /// Picks up a finished publish; called once a frame.
    pub(crate) fn poll_publish(&mut self) {
        let Some(running) = &mut self.publishing.running else { return };
        let result = match running.job.poll() {
            Poll::Pending => return,
            Poll::Ready(result) => result,
            Poll::Lost => {
                self.publishing.running = None;
                self.notify(true, "The publish stopped unexpectedly. Publishing again finishes the job.");
                return;
            }
        };
        let Some(Running { target, path, .. }) = self.publishing.running.take() else { return };
        match result {
            Ok(outcome) => self.published(&target, &path, &outcome),
            Err(PublishError::Conflict(conflict)) => self.ask(PublishQuestion::conflict(&target, *conflict)),
            Err(PublishError::Deleted { url }) => self.ask(PublishQuestion::deleted(&target, url)),
            Err(error) if error.is_unauthorized() => {
                let problem = format!("{error}");
                self.ask(PublishQuestion::credentials(&target, Some(problem)));
            }
            Err(error) => self.notify(true, format!("Not published to {}: {error}", target.name)),
        }
    }

    /// Records the post in the article (its tab, wherever it is) and says
    /// where it went; a tab that had nothing unsaved is saved with it.
    fn published(&mut self, target: &Target, path: &Path, outcome: &Outcome) {
        let shown = self.workspace.active();
        let index = self.workspace.tabs().iter().position(|t| t.doc.path.as_deref() == Some(path));
        let url = outcome.publication.url.clone();
        let did = if outcome.created { "Created" } else { "Updated" };
        let mut text = format!("{did} on {} ({}): {url}", target.name, outcome.status);
        for note in &outcome.notes {
            text.push_str(&format!(" Note: {note}."));
        }
        self.publishing.last_link = Some((target.name.clone(), url));
        match index {
            Some(index) => {
                if index != shown {
                    self.switch_tab(index);
                }
                let was_clean = !self.workspace.doc().is_dirty();
                self.workspace.doc_mut().edit_fields(|fields| publish::record(&mut fields.article, outcome));
                // Only the record changed: saved as it is, without the
                // save's questions (the story was just through the gate).
                if was_clean {
                    self.save_to(path, None, true);
                }
                if index != shown {
                    self.switch_tab(shown);
                }
            }
            // The tab was closed meanwhile: the file takes the record.
            None => match crate::storage::store::load(path) {
                Ok(mut article) => {
                    publish::record(&mut article, outcome);
                    if let Err(error) = crate::storage::store::save(path, &article) {
                        text.push_str(&format!(" The record could not be saved: {error}"));
                    }
                }
                Err(error) => text.push_str(&format!(" The record could not be saved: {error}")),
            },
        }
        self.notify(false, text);
    }

    /// Keeps a credential the editor typed, then publishes with it.
    fn keep_credential(&mut self, target: &Target, credential: &Credential) -> bool {
        match self.publishing.vault().keep(target, credential) {
            Ok(place) => {
                self.notify(
                    false,
                    format!("The credential for {} is kept in {}.", target.name, place.label()),
                );
                true
            }
            Err(error) => {
                self.notify(true, format!("Could not keep the credential: {error}"));
                false
            }
        }
    }

    /// True while a publish runs.
    pub fn publish_busy(&self) -> bool {
        self.publishing.running.is_some()
    }
}

/// The status bar's part: the running publish's step and Cancel, else the
/// last post's link.
pub(crate) fn status_ui(ui: &mut egui::Ui, state: &PublishState) -> Option<Command> {
    if let Some(running) = &state.running {
        ui.separator();
        ui.spinner();
        let step = running.job.step().map_or_else(|| "starting".to_string(), |step| step.to_string());
        ui.label(format!("Publishing to {}: {step}…", running.target.name));
        if ui
            .button("Cancel")
            .on_hover_text("Stop after the step under way; publishing again finishes the job")
            .clicked()
        {
            return Some(Command::CancelPublish);
        }
    } else if let Some((name, url)) = &state.last_link {
        ui.separator();
        ui.hyperlink_to(RichText::new(format!("On {name}")), url).on_hover_text(url);
    }
    None
}
