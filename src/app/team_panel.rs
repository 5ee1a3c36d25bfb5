//! The team desk in the window: each article's git state for the sidebar
//! and the branch line for the status bar (worked out on a worker thread,
//! as a 10,000-article desk takes a moment), File ▸ Share Desk…, the
//! editor's name and e-mail, and Sync run on a worker thread with its
//! progress shown while the window stays live.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, mpsc};

use egui::RichText;

use super::command::Command;
use super::{CopydeskApp, history_view, resolve_view};
use crate::team::sync::{self, Author, SyncOptions, SyncReport};
use crate::team::{ArticleStatus, DeskStatus, TeamDesk, TeamError};

/// Work on a worker thread whose answer the frame loop picks up.
pub(super) struct Job<T> {
    receiver: mpsc::Receiver<T>,
    handle: Option<std::thread::JoinHandle<()>>,
}

/// Where a job is.
pub(super) enum Polled<T> {
    Working,
    Done(T),
    /// The worker ended without an answer.
    Lost,
}

impl<T: Send + 'static> Job<T> {
    pub(super) fn spawn(ctx: &egui::Context, work: impl FnOnce() -> T + Send + 'static) -> Job<T> {
        let (sender, receiver) = mpsc::channel();
        let repaint = ctx.clone();
        let handle = std::thread::spawn(move || {
            let _ = sender.send(work());
            repaint.request_repaint();
        });
        Job { receiver, handle: Some(handle) }
    }

    pub(super) fn poll(&self) -> Polled<T> {
        match self.receiver.try_recv() {
            Ok(answer) => Polled::Done(answer),
            Err(mpsc::TryRecvError::Empty) => Polled::Working,
            Err(mpsc::TryRecvError::Disconnected) => Polled::Lost,
        }
    }

    /// Blocks until the worker has answered (tests, screenshots).
    pub(super) fn wait(&mut self) {
        if let Some(handle) = self.handle.take() {
            let _ = handle.join();
        }
    }
}

/// An article's mark in the sidebar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mark {
    Status(ArticleStatus),
    /// Changed on both sides; waits in the resolve view.
    Conflict,
}

impl Mark {
    fn label(self) -> &'static str {
        match self {
            Mark::Status(status) => status.label(),
            Mark::Conflict => "conflict",
        }
    }

    fn hint(self) -> &'static str {
        match self {
            Mark::Status(ArticleStatus::New) => "Never synced: the next Sync sends it",
            Mark::Status(ArticleStatus::Modified) => "Changed here since the last Sync",
            Mark::Status(ArticleStatus::Unchanged) => "The same here and on the remote",
            Mark::Status(ArticleStatus::Ahead) => "Committed here; the next Sync sends it",
            Mark::Status(ArticleStatus::Behind) => "Changed on the remote; the next Sync brings it in",
            Mark::Conflict => "Changed differently on both sides: resolve it, then Sync",
        }
    }
}

/// The marks the sidebar draws, by article path.
pub(super) type Marks = HashMap<PathBuf, Mark>;

/// Draws an article's mark in a sidebar row.
pub(super) fn mark_ui(ui: &mut egui::Ui, mark: Mark) {
    let color = match mark {
        Mark::Status(ArticleStatus::Unchanged) => ui.visuals().weak_text_color(),
        Mark::Status(ArticleStatus::New | ArticleStatus::Ahead) => egui::Color32::from_rgb(40, 150, 70),
        Mark::Status(ArticleStatus::Modified) => egui::Color32::from_rgb(200, 130, 0),
        Mark::Status(ArticleStatus::Behind) => ui.visuals().hyperlink_color,
        Mark::Conflict => ui.visuals().error_fg_color,
    };
    ui.label(RichText::new(mark.label()).small().color(color)).on_hover_text(mark.hint());
}

/// What the worker found about a desk.
pub(super) struct Survey {
    pub status: DeskStatus,
    /// Articles a pending merge still waits on.
    pub conflicted: Vec<PathBuf>,
}

/// `None` when the desk is an ordinary folder.
type Surveyed = Result<Option<Survey>, String>;

fn survey(root: &Path) -> Surveyed {
    let Some(team) = TeamDesk::open(root).map_err(|e| e.to_string())? else { return Ok(None) };
    let status = team.status().map_err(|e| e.to_string())?;
    let conflicted = sync::pending(root).map(|p| p.into_iter().map(|c| c.path).collect()).unwrap_or_default();
    Ok(Some(Survey { status, conflicted }))
}

/// A sync on its worker thread.
struct SyncRun {
    job: Job<Result<SyncReport, TeamError>>,
    /// The step the worker is at, for the status bar.
    step: Arc<Mutex<String>>,
}

/// The team desk's state in the window.
#[derive(Default)]
pub(super) struct TeamState {
    /// The desk folder the survey is of, and the desk generation it saw.
    root: Option<PathBuf>,
    generation: u64,
    survey: Option<Survey>,
    survey_error: Option<String>,
    surveying: Option<Job<Surveyed>>,
    /// Something changed while a survey ran: run another after it.
    survey_again: bool,
    sync: Option<SyncRun>,
    /// Sync waits for a save that is asking a question first.
    sync_after_save: bool,
    pub(super) resolve: Option<resolve_view::ResolveView>,
    pub(super) history: Option<history_view::HistoryView>,
}

impl TeamState {
    pub(super) fn start_survey(&mut self, ctx: &egui::Context) {
        let Some(root) = self.root.clone() else { return };
        if self.surveying.is_some() {
            self.survey_again = true;
            return;
        }
        self.surveying = Some(Job::spawn(ctx, move || survey(&root)));
    }

    /// True while a worker (survey, sync, history) has not answered.
    pub(super) fn busy(&self) -> bool {
        self.surveying.is_some() || self.sync.is_some() || self.history.as_ref().is_some_and(|h| h.busy())
    }
}

/// Asked in a modal.
pub(super) enum TeamModal {
    /// The editor's name and e-mail for commits; then sync if asked.
    Author { name: String, email: String, then_sync: bool, problem: Option<String> },
    /// Make the desk a team desk, with a remote URL.
    Share { url: String },
}

/// What a team modal's buttons said.
enum Answer {
    Ok,
    Cancel,
}

impl CopydeskApp {
    /// The folder Sync and Share act on: the open desk.
    pub(super) fn team_root(&self) -> Option<PathBuf> {
        self.desk.as_ref().map(|d| d.root.clone())
    }

    /// Picks up the workers' answers and notices what needs a new survey;
    /// called once a frame before drawing.
    pub(super) fn poll_team(&mut self, ctx: &egui::Context) {
        let desk = self.desk.as_ref().map(|d| (d.root.clone(), d.generation));
        match desk {
            Some((root, generation)) => {
                if self.team.root.as_ref() != Some(&root) {
                    self.team.root = Some(root);
                    self.team.survey = None;
                    self.team.generation = generation;
                    self.team.start_survey(ctx);
                } else if self.team.generation != generation {
                    self.team.generation = generation;
                    self.team.start_survey(ctx);
                }
            }
            None => {
                self.team.root = None;
                self.team.survey = None;
                self.team.survey_error = None;
            }
        }
        if let Some(job) = &self.team.surveying {
            let polled = job.poll();
            if !matches!(polled, Polled::Working) {
                self.team.surveying = None;
                match polled {
                    Polled::Done(Ok(found)) => {
                        self.team.survey = found;
                        self.team.survey_error = None;
                    }
                    Polled::Done(Err(error)) => self.team.survey_error = Some(error),
                    _ => {}
                }
                self.update_marks();
                if std::mem::take(&mut self.team.survey_again) {
                    self.team.start_survey(ctx);
                }
            }
        }
        if let Some(run) = &self.team.sync {
            match run.job.poll() {
                Polled::Working => {}
                Polled::Done(result) => {
                    self.team.sync = None;
                    self.sync_finished(result);
                }
                Polled::Lost => {
                    self.team.sync = None;
                    self.notify(true, "Sync stopped unexpectedly; nothing was lost. Try Sync again.");
                }
            }
        }
        if self.team.sync_after_save && self.modal.is_none() {
            self.team.sync_after_save = false;
            if self.workspace.doc().is_dirty() {
                self.notify(true, "Not synced: the open article is not saved.");
            } else {
                self.start_sync();
            }
        }
    }

    /// Blocks until the team workers have answered (tests, screenshots).
    pub(super) fn wait_team(&mut self) {
        if let Some(job) = &mut self.team.surveying {
            job.wait();
        }
        if let Some(run) = &mut self.team.sync {
            run.job.wait();
        }
        if let Some(history) = &mut self.team.history {
            history.wait();
        }
    }

    /// True while a team worker (status, sync, history) is busy.
    pub fn team_busy(&self) -> bool {
        self.team.busy()
    }

    fn update_marks(&mut self) {
        let mut marks = Marks::new();
        if let Some(survey) = &self.team.survey {
            marks.extend(
                survey.status.files.iter().map(|(path, status)| (path.clone(), Mark::Status(*status))),
            );
            marks.extend(survey.conflicted.iter().map(|path| (path.clone(), Mark::Conflict)));
        }
        if let Some(desk) = &mut self.desk {
            desk.marks = Arc::new(marks);
        }
    }

    /// Runs Sync: asks for the editor's name once, saves the open article,
    /// then syncs the desk on a worker thread.
    pub(super) fn start_sync(&mut self) {
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
        let doc = self.workspace.doc();
        if doc.is_dirty() && doc.path.as_ref().is_some_and(|p| p.starts_with(&root)) {
            self.save(None);
            if self.workspace.doc().is_dirty() {
                if self.modal.is_some() {
                    self.team.sync_after_save = true;
                } else {
                    self.notify(true, "Not synced: the open article could not be saved.");
                }
                return;
            }
        }
        let options = SyncOptions { message: self.commit_message(), author, ssh_key: None };
        let step = Arc::new(Mutex::new("starting".to_string()));
        let worker_step = step.clone();
        let repaint = self.ctx.clone();
        let job = Job::spawn(&self.ctx, move || {
            sync::sync(&root, &options, &mut |now| {
                if let Ok(mut step) = worker_step.lock() {
                    *step = now.to_string();
                }
                repaint.request_repaint();
            })
        });
        self.team.sync = Some(SyncRun { job, step });
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

    fn sync_finished(&mut self, result: Result<SyncReport, TeamError>) {
        let root = self.team_root();
        if let Some(desk) = &mut self.desk {
            desk.rescan(&self.ctx);
        }
        self.team.start_survey(&self.ctx);
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
                self.team.resolve = Some(resolve_view::ResolveView::new(root, report.conflicts));
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
            && let Some(change) = super::safety::changed_on_disk(&path, &known)
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
    pub(super) fn ask_author(&mut self, then_sync: bool) {
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
        self.modal =
            Some(super::modals::Modal::Team(TeamModal::Author { name, email, then_sync, problem: None }));
    }

    /// File ▸ Share Desk…: asks for the remote.
    pub(super) fn ask_share(&mut self) {
        let Some(root) = self.team_root() else {
            self.notify(true, "Open a desk folder to share it.");
            return;
        };
        let url = TeamDesk::open(&root).ok().flatten().and_then(|t| t.remote_url()).unwrap_or_default();
        self.modal = Some(super::modals::Modal::Team(TeamModal::Share { url }));
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
                self.team.start_survey(&self.ctx);
            }
            Err(error) => self.notify(true, format!("Could not share the desk: {error}")),
        }
    }

    /// Draws a team modal; returns it while it stays open.
    pub(super) fn team_modal_ui(&mut self, ctx: &egui::Context, mut open: TeamModal) -> Option<TeamModal> {
        let answer = match &mut open {
            TeamModal::Author { name, email, then_sync, problem } => modal(ctx, "team-author", |ui| {
                ui.heading("Who is syncing?");
                ui.add(
                    egui::Label::new("Each sync is signed with your name and e-mail, so the desk's history shows who changed what. Asked once; change it with File ▸ Sync Name and E-mail….")
                        .wrap(),
                );
                let label = ui.label("Name");
                let first =
                    ui.add(egui::TextEdit::singleline(name).desired_width(360.0)).labelled_by(label.id);
                if ui.memory(|m| m.focused().is_none()) {
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
                if ui.memory(|m| m.focused().is_none()) {
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

    /// The status bar's team part: branch, commits to send and receive,
    /// conflicts waiting, and a running sync's step.
    pub(super) fn team_status_ui(&mut self, ui: &mut egui::Ui) {
        if let Some(run) = &self.team.sync {
            ui.separator();
            ui.spinner();
            let step = run.step.lock().map(|s| s.clone()).unwrap_or_default();
            ui.label(format!("Syncing: {step}…"));
        }
        if let Some(error) = &self.team.survey_error {
            ui.separator();
            ui.label(RichText::new("git status unavailable").color(ui.visuals().warn_fg_color))
                .on_hover_text(error);
        }
        let Some(survey) = &self.team.survey else { return };
        ui.separator();
        let branch = &survey.status.branch;
        let name = branch.branch.as_deref().unwrap_or("no branch");
        let line = if branch.upstream.is_some() {
            format!("Branch {name} · ↑{} to send · ↓{} to receive", branch.ahead, branch.behind)
        } else {
            format!("Branch {name} · not synced yet")
        };
        let hint = match &branch.upstream {
            Some(upstream) => format!(
                "{} commit(s) wait to go out to {upstream} and {} to come in, as of the last sync",
                branch.ahead, branch.behind
            ),
            None => "The desk has not been synced with a remote yet".to_string(),
        };
        ui.label(line).on_hover_text(hint);
        let conflicts = survey.conflicted.len();
        if conflicts > 0
            && ui
                .button(RichText::new(format!("{conflicts} to resolve")).color(ui.visuals().error_fg_color))
                .on_hover_text("Articles changed differently on both sides")
                .clicked()
        {
            self.queue.push(Command::ResolveConflicts);
        }
    }

    /// Opens the resolve view on the desk's pending merge.
    pub(super) fn open_resolve(&mut self) {
        let Some(root) = self.team_root() else { return };
        match sync::pending(&root) {
            Ok(pending) if pending.is_empty() => self.notify(false, "No sync conflicts wait for you."),
            Ok(pending) => self.team.resolve = Some(resolve_view::ResolveView::new(root, pending)),
            Err(error) => self.notify(true, format!("Could not read the pending merge: {error}")),
        }
    }

    /// The team windows (resolve, history), beside the editor rather than
    /// over it: the article stays readable and editable meanwhile.
    pub(super) fn team_windows_ui(&mut self, ctx: &egui::Context) {
        self.resolve_window_ui(ctx);
        self.history_window_ui(ctx);
    }
}

fn modal(
    ctx: &egui::Context,
    id: &str,
    body: impl FnOnce(&mut egui::Ui) -> Option<Answer>,
) -> Option<Answer> {
    let shown = egui::Modal::new(egui::Id::new(id)).show(ctx, |ui| {
        ui.set_max_width(520.0);
        body(ui)
    });
    match shown.inner {
        Some(answer) => Some(answer),
        None if shown.should_close() => Some(Answer::Cancel),
        None => None,
    }
}

fn buttons(ui: &mut egui::Ui, ok: &str) -> Option<Answer> {
    let entered = ui.input(|i| i.key_pressed(egui::Key::Enter));
    let mut answer = None;
    ui.horizontal(|ui| {
        if ui.button(ok).clicked() {
            answer = Some(Answer::Ok);
        }
        if ui.button("Cancel").clicked() {
            answer = Some(Answer::Cancel);
        }
    });
    if entered && answer.is_none() { Some(Answer::Ok) } else { answer }
}
