//! Sync in the window: the editor's name and e-mail (asked once, kept in
//! the preferences), File ▸ Share Desk…, and Sync itself: save the open
//! article, sync on a worker thread, then report, reload what changed and
//! open the resolve view when conflicts are left.

use egui::RichText;

use crate::app::CopydeskApp;
use crate::app::commands::Command;
use crate::app::team::resolve;

use crate::storage::team::sync::{self, Author, SyncOptions, SyncReport};
use crate::storage::team::{ArticleStatus, TeamDesk, TeamError};

/// Asked in a modal.
pub(crate) enum TeamModal {
    /// The editor's name and e-mail for commits; then sync if asked.
    Author { name: String, email: String, then_sync: bool, problem: Option<String> },
    /// Make the desk a team desk, with a remote URL.
    Share { url: String },
}

/// What a team modal's buttons said.
#[derive(Clone, Copy)]
enum Answer {
    Ok,
    Cancel,
}

impl CopydeskApp {
    /// Runs Sync: asks for the editor's name once, saves the open article,
    /// then syncs the desk on a worker thread.
    pub(crate) fn start_sync(&mut self) {
        if self.team.sync.is_some() {
            self.notify(false, "A sync is already running.");
            return;
        }
        let Some(root) = self.team_root() else {
            self.notify(true, "Open a desk to sync it.");
            return;
        };
        let Some(author) = self.author() else {
            self.ask_author(true);
            return;
        };
        // Every open article of this desk with unsaved work is saved first,
        // whichever tab it is in; the article on screen stays on screen.
        let shown = self.workspace.active();
        let unsaved_here = |app: &Self| {
            app.workspace
                .tabs()
                .iter()
                .position(|t| t.doc.is_dirty() && t.doc.path.as_ref().is_some_and(|p| p.starts_with(&root)))
        };
        while let Some(index) = unsaved_here(self) {
            if index != self.workspace.active() {
                self.switch_tab(index);
            }
            self.save(None);
            if self.workspace.doc().is_dirty() {
                if self.modal.is_some() {
                    self.team.sync_after_save = true;
                } else {
                    let name = self.workspace.doc().display_name();
                    self.notify(true, format!("Not synced: {name} could not be saved."));
                }
                return;
            }
        }
        if self.workspace.active() != shown {
            self.switch_tab(shown);
        }
        let options = SyncOptions { message: self.commit_message(), author, ssh_key: None };
        let job = self.jobs.spawn("sync", move |progress| {
            sync::sync(&root, &options, &mut |now| progress.report(0, 0, now.to_string()))
        });
        self.team.sync = Some(job);
    }

    /// The commit message: which files changed, as the last survey saw them.
    fn commit_message(&self) -> String {
        let Some(survey) = &self.team.survey else { return "Sync from Copydesk".into() };
        let changed: Vec<String> = survey
            .status
            .files
            .iter()
            .filter(|(_, s)| matches!(s, ArticleStatus::New | ArticleStatus::Modified))
            .filter_map(|(path, _)| path.file_name().map(|n| n.to_string_lossy().into_owned()))
            .collect();
        match changed.len() {
            0 => "Sync from Copydesk".into(),
            1..=4 => format!("Update {}", changed.join(", ")),
            n => format!("Update {} and {} more", changed[..3].join(", "), n - 3),
        }
    }

    pub(crate) fn sync_finished(&mut self, result: Result<SyncReport, TeamError>) {
        let root = self.team_root();
        if let Some(desk) = &mut self.desk {
            desk.rescan();
        }
        self.team.start_survey(&self.jobs);
        let report = match result {
            Ok(report) => report,
            Err(error) => {
                self.notify(true, format!("Sync failed: {error}"));
                return;
            }
        };
        self.follow_synced_file(&report);
        let mut done = Vec::new();
        if report.committed {
            done.push("committed your changes".to_string());
        }
        if report.fast_forwarded {
            done.push("brought in the remote's changes".to_string());
        }
        if !report.merged.is_empty() {
            done.push(format!("merged {} article(s) changed on both sides", report.merged.len()));
        }
        if report.pushed {
            done.push("sent".to_string());
        }
        for path in &report.kept_mine {
            self.notify(
                true,
                format!("{} changed on both sides and cannot be merged: yours was kept.", path.display()),
            );
        }
        for conflict in &report.desk_conflicts {
            self.notify(
                true,
                format!(
                    "desk.ron: “{}” changed on both sides; yours ({}) was kept, theirs was {}.",
                    conflict.field, conflict.mine, conflict.theirs
                ),
            );
        }
        if !report.conflicts.is_empty() {
            self.notify(
                true,
                format!(
                    "Not sent: {} article(s) changed differently on both sides. Choose in the resolve view, then Sync again.",
                    report.conflicts.len()
                ),
            );
            if let Some(root) = root {
                self.team.resolve = Some(resolve::ResolveView::new(root, report.conflicts));
            }
            return;
        }
        let text = if done.is_empty() {
            "Synced: already up to date.".to_string()
        } else {
            format!("Synced: {}.", done.join(", "))
        };
        self.notify(false, text);
    }

    /// The open article after a sync: followed to its new name when the
    /// other side renamed it, reloaded when the sync changed it on disk
    /// (unless it has unsaved edits, which get the usual banner).
    fn follow_synced_file(&mut self, report: &SyncReport) {
        let Some(path) = self.workspace.doc().path.clone() else { return };
        if let Some((_, to)) = report.renamed.iter().find(|(from, _)| *from == path)
            && !self.workspace.doc().is_dirty()
        {
            let to = to.clone();
            self.open_path(&to);
            return;
        }
        if let Some(known) = self.workspace.doc().disk
            && let Some(change) = crate::app::files::safety::changed_on_disk(&path, &known)
        {
            self.changed_on_disk(change);
        }
    }

    /// The editor's name and e-mail, once given.
    fn author(&self) -> Option<Author> {
        let (name, email) = (self.prefs.author_name.trim(), self.prefs.author_email.trim());
        (!name.is_empty() && email.contains('@')).then(|| Author { name: name.into(), email: email.into() })
    }

    /// Asks for the editor's name and e-mail, prefilled from what is kept,
    /// else from git's own settings.
    pub(crate) fn ask_author(&mut self, then_sync: bool) {
        let from_git = self.team_root().and_then(|root| Author::from_git_config(&root));
        let (mut name, mut email) = (self.prefs.author_name.clone(), self.prefs.author_email.clone());
        if name.trim().is_empty()
            && let Some(git) = &from_git
        {
            name = git.name.clone();
        }
        if email.trim().is_empty()
            && let Some(git) = &from_git
        {
            email = git.email.clone();
        }
        self.ask(TeamModal::Author { name, email, then_sync, problem: None });
        self.ctx.request_repaint();
    }

    /// File ▸ Share Desk…: asks for the remote.
    pub(crate) fn ask_share(&mut self) {
        let Some(root) = self.team_root() else {
            self.notify(true, "Open a desk folder to share it.");
            return;
        };
        let url = TeamDesk::open(&root).ok().flatten().and_then(|t| t.remote_url()).unwrap_or_default();
        self.ask(TeamModal::Share { url });
        self.ctx.request_repaint();
    }

    fn share(&mut self, url: &str) {
        let Some(root) = self.team_root() else { return };
        let url = url.trim();
        match TeamDesk::init(&root, (!url.is_empty()).then_some(url)) {
            Ok(_) => {
                let with = if url.is_empty() {
                    "; add a remote with Share Desk… to sync".to_string()
                } else {
                    format!(" with {url}; Sync sends and brings changes")
                };
                self.notify(false, format!("Shared the desk{with}."));
                self.team.start_survey(&self.jobs);
            }
            Err(error) => self.notify(true, format!("Could not share the desk: {error}")),
        }
    }

    /// Draws a team modal; returns it while it stays open.
    pub(crate) fn team_modal_ui(&mut self, ctx: &egui::Context, mut open: TeamModal) -> Option<TeamModal> {
        let answer = match &mut open {
            TeamModal::Author { name, email, then_sync, problem } => modal(ctx, "team-author", |ui| {
                ui.heading("Who is syncing?");
                ui.add(
                    egui::Label::new("Each sync is signed with your name and e-mail, so the desk's history shows who changed what. Asked once; change it later with Sync Name and E-mail… in the File menu.")
                        .wrap(),
                );
                let label = ui.label("Name");
                let first =
                    ui.add(egui::TextEdit::singleline(name).desired_width(360.0)).labelled_by(label.id);
                if !crate::app::window::question::has_keyboard(ui) {
                    first.request_focus();
                }
                let label = ui.label("E-mail");
                ui.add(egui::TextEdit::singleline(email).desired_width(360.0)).labelled_by(label.id);
                if let Some(problem) = problem {
                    ui.label(RichText::new(problem.as_str()).color(ui.visuals().error_fg_color));
                }
                let ok = if *then_sync { "Save and Sync" } else { "Save" };
                buttons(ui, ok)
            }),
            TeamModal::Share { url } => modal(ctx, "team-share", |ui| {
                ui.heading("Share this desk");
                ui.add(
                    egui::Label::new("The desk folder becomes a git repository, so editors on other machines can sync it. Give the address of a shared remote (https://, ssh:// or file://), or leave it empty to add one later.")
                        .wrap(),
                );
                let label = ui.label("Remote URL");
                let field =
                    ui.add(egui::TextEdit::singleline(url).desired_width(420.0)).labelled_by(label.id);
                if !crate::app::window::question::has_keyboard(ui) {
                    field.request_focus();
                }
                buttons(ui, "Share")
            }),
        };
        match (answer, open) {
            (None, open) => Some(open),
            (Some(Answer::Cancel), _) => None,
            (Some(Answer::Ok), TeamModal::Share { url }) => {
                self.share(&url);
                None
            }
            (Some(Answer::Ok), TeamModal::Author { name, email, then_sync, .. }) => {
                let author = format!("{} <{}>", name.trim(), email.trim());
                match Author::parse(&author) {
                    Ok(author) => {
                        self.prefs.author_name = author.name;
                        self.prefs.author_email = author.email;
                        if then_sync {
                            self.queue.push(Command::Sync);
                        }
                        None
                    }
                    Err(error) => {
                        Some(TeamModal::Author { name, email, then_sync, problem: Some(error.to_string()) })
                    }
                }
            }
        }
    }
}

fn modal(
    ctx: &egui::Context,
    id: &str,
    body: impl FnOnce(&mut egui::Ui) -> Option<Answer>,
) -> Option<Answer> {
    crate::app::window::question::modal_answering(ctx, id, Answer::Cancel, body)
}

fn buttons(ui: &mut egui::Ui, ok: &str) -> Option<Answer> {
    crate::app::window::question::buttons(ui, &[(ok, Answer::Ok), ("Cancel", Answer::Cancel)])
}
