//! The team desk in the window: each article's git state for the sidebar
//! and the branch line for the status bar, worked out on a worker thread
//! (a 10,000-article desk takes a moment) after every save, sync and desk
//! change; the workers' plumbing; and where the team windows are drawn.
//! Sync itself is in `sync`.

pub(crate) mod history;
pub(crate) mod resolve;
pub(crate) mod sync;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use egui::RichText;

use crate::app::CopydeskApp;
use crate::app::commands::Command;
use crate::editing::background::{Job, Jobs, Poll};
use crate::storage::team::sync::{self as git_sync, SyncReport};
use crate::storage::team::{ArticleStatus, DeskStatus, TeamDesk, TeamError};

/// An article's mark in the sidebar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mark {
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
pub(crate) type Marks = HashMap<PathBuf, Mark>;

/// Draws an article's mark in a sidebar row.
pub(crate) fn mark_ui(ui: &mut egui::Ui, mark: Mark) {
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
pub(crate) struct Survey {
    pub status: DeskStatus,
    /// Articles a pending merge still waits on.
    pub conflicted: Vec<PathBuf>,
}

/// `None` when the desk is an ordinary folder.
type Surveyed = Result<Option<Survey>, String>;

fn survey(root: &Path) -> Surveyed {
    let Some(team) = TeamDesk::open(root).map_err(|e| e.to_string())? else { return Ok(None) };
    let status = team.status().map_err(|e| e.to_string())?;
    let conflicted =
        git_sync::pending(root).map(|p| p.into_iter().map(|c| c.path).collect()).unwrap_or_default();
    Ok(Some(Survey { status, conflicted }))
}

/// A sync in the background; its job reports the step it is at.
pub(crate) type SyncRun = Job<Result<SyncReport, TeamError>>;

/// The team desk's state in the window.
#[derive(Default)]
pub(crate) struct TeamState {
    /// The desk folder the survey is of, and the desk generation it saw.
    root: Option<PathBuf>,
    generation: u64,
    pub(crate) survey: Option<Survey>,
    survey_error: Option<String>,
    surveying: Option<Job<Surveyed>>,
    /// Something changed while a survey ran: run another after it.
    survey_again: bool,
    pub(crate) sync: Option<SyncRun>,
    /// Sync waits for a save that is asking a question first.
    pub(crate) sync_after_save: bool,
    pub(crate) resolve: Option<resolve::ResolveView>,
    pub(crate) history: Option<history::HistoryView>,
}

impl TeamState {
    pub(crate) fn start_survey(&mut self, jobs: &Jobs) {
        let Some(root) = self.root.clone() else { return };
        if self.surveying.is_some() {
            self.survey_again = true;
            return;
        }
        self.surveying = Some(jobs.spawn("team-survey", move |_| survey(&root)));
    }

    /// True while a worker (survey, sync, history) has not answered.
    pub(crate) fn busy(&self) -> bool {
        self.surveying.is_some() || self.sync.is_some() || self.history.as_ref().is_some_and(|h| h.busy())
    }
}

impl CopydeskApp {
    /// The folder Sync and Share act on: the open desk.
    pub(crate) fn team_root(&self) -> Option<PathBuf> {
        self.desk.as_ref().map(|d| d.root.clone())
    }

    /// Picks up the workers' answers and notices what needs a new survey;
    /// called once a frame before drawing.
    pub(crate) fn poll_team(&mut self) {
        let desk = self.desk.as_ref().map(|d| (d.root.clone(), d.generation));
        match desk {
            Some((root, generation)) => {
                if self.team.root.as_ref() != Some(&root) {
                    self.team.root = Some(root);
                    self.team.survey = None;
                    self.team.generation = generation;
                    self.team.start_survey(&self.jobs);
                } else if self.team.generation != generation {
                    self.team.generation = generation;
                    self.team.start_survey(&self.jobs);
                }
            }
            None => {
                self.team.root = None;
                self.team.survey = None;
                self.team.survey_error = None;
            }
        }
        if let Some(job) = &mut self.team.surveying {
            let polled = job.poll();
            if !matches!(polled, Poll::Pending) {
                self.team.surveying = None;
                match polled {
                    Poll::Ready(Ok(found)) => {
                        self.team.survey = found;
                        self.team.survey_error = None;
                    }
                    Poll::Ready(Err(error)) => self.team.survey_error = Some(error),
                    _ => {}
                }
                self.update_marks();
                if std::mem::take(&mut self.team.survey_again) {
                    self.team.start_survey(&self.jobs);
                }
            }
        }
        if let Some(run) = &mut self.team.sync {
            match run.poll() {
                Poll::Pending => {}
                Poll::Ready(result) => {
                    self.team.sync = None;
                    self.sync_finished(result);
                }
                Poll::Lost => {
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

    /// Opens the resolve view on the desk's pending merge.
    pub(crate) fn open_resolve(&mut self) {
        let Some(root) = self.team_root() else { return };
        match git_sync::pending(&root) {
            Ok(pending) if pending.is_empty() => self.notify(false, "No sync conflicts wait for you."),
            Ok(pending) => self.team.resolve = Some(resolve::ResolveView::new(root, pending)),
            Err(error) => self.notify(true, format!("Could not read the pending merge: {error}")),
        }
    }

    /// The team windows (resolve, history), beside the editor rather than
    /// over it: the article stays readable and editable meanwhile.
    pub(crate) fn team_windows_ui(&mut self, ctx: &egui::Context) {
        self.resolve_window_ui(ctx);
        self.history_window_ui(ctx);
    }
}

/// The status bar's team part: branch, commits to send and receive,
/// conflicts waiting, and a running sync's step.
pub(crate) fn status_ui(ui: &mut egui::Ui, team: &TeamState) -> Option<Command> {
    if let Some(run) = &team.sync {
        ui.separator();
        ui.spinner();
        let step = run.step().map_or_else(|| "starting".to_string(), |step| step.what);
        ui.label(format!("Syncing: {step}…"));
    }
    if let Some(error) = &team.survey_error {
        ui.separator();
        ui.label(RichText::new("git status unavailable").color(ui.visuals().warn_fg_color))
            .on_hover_text(error);
    }
    let Some(survey) = &team.survey else { return None };
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
        return Some(Command::ResolveConflicts);
    }
    None
}
