//! Find across the desk (Ctrl+Shift+F): a query over every desk article,
//! searched on a worker thread so a big desk never stalls typing, and the
//! hits listed as article, field and line, with the article's file; a
//! click or Enter opens the article there, in a tab of its own.

use egui::{Key, RichText};
use std::collections::HashMap;
use std::path::PathBuf;

use crate::app::commands::Command;
use crate::editing::background::{Job, Jobs, Poll};
use crate::model::article::Field;
use crate::model::find::Query;
use crate::storage::desk::search::{self, Found, Hit};

/// What a search reads: the desk's article files, and the modified ones
/// open in tabs as the editor holds them.
pub type Sources = (Vec<PathBuf>, HashMap<PathBuf, search::Unsaved>);

/// How many hits the list draws (the rest are counted).
const SHOWN: usize = 200;

/// The open Find in Desk dialog.
#[derive(Default)]
pub struct DeskFind {
    pub query: Query,
    selected: usize,
    focused: bool,
    /// The query the shown hits are for.
    searched: Option<Query>,
    found: Option<Found>,
    error: Option<String>,
    /// The search under way (dropping it stops it).
    running: Option<Job<Found>>,
}

pub enum Outcome {
    Open,
    Closed,
    Go(Command),
}

impl DeskFind {
    /// Starts searching `paths` for the query (stopping the search before).
    fn start(&mut self, (paths, unsaved): Sources, jobs: &Jobs) {
        self.running = None;
        self.searched = Some(self.query.clone());
        self.selected = 0;
        let finder = match self.query.compile() {
            Ok(Some(finder)) => finder,
            Ok(None) => {
                self.error = None;
                self.found = None;
                return;
            }
            Err(error) => {
                self.error = Some(error.to_string());
                self.found = None;
                return;
            }
        };
        self.error = None;
        self.running = Some(jobs.spawn("desk-find", move |progress| {
            search::search(&paths, &unsaved, &finder, progress.cancel_flag())
        }));
    }

    /// Starts a search when the query changed since the last one.
    pub fn refresh(&mut self, sources: impl FnOnce() -> Option<Sources>, jobs: &Jobs) {
        if self.searched.as_ref() != Some(&self.query)
            && let Some(sources) = sources()
        {
            self.start(sources, jobs);
        }
    }

    /// Takes the answer of the search under way, if it came.
    pub fn poll(&mut self) {
        let Some(job) = &mut self.running else { return };
        match job.poll() {
            Poll::Ready(found) => {
                self.found = Some(found);
                self.running = None;
            }
            Poll::Pending => {}
            Poll::Lost => {
                self.error = Some("The search stopped unexpectedly; type again to retry.".into());
                self.running = None;
            }
        }
    }

    /// The hits of the last finished search.
    pub fn hits(&self) -> &[Hit] {
        self.found.as_ref().map_or(&[], |f| f.hits.as_slice())
    }
}

/// What opening a hit does: the article in a tab, the caret at the match.
pub fn go_to(hit: &Hit) -> Command {
    Command::OpenFound { path: hit.path.clone(), field: hit.field, at: hit.at }
}

/// Draws the dialog; `paths` lists the desk's articles (`None` while the
/// desk is still being read).
pub fn desk_find_ui(
    ctx: &egui::Context,
    state: &mut DeskFind,
    jobs: &Jobs,
    sources: impl FnOnce() -> Option<Sources>,
    root: Option<&std::path::Path>,
) -> Outcome {
    crate::app::window::question::opening(ctx, "desk-find");
    state.poll();
    state.refresh(sources, jobs);
    let count = state.hits().len();
    let (up, down, enter) = ctx.input_mut(|i| {
        (
            i.consume_key(egui::Modifiers::NONE, Key::ArrowUp),
            i.consume_key(egui::Modifiers::NONE, Key::ArrowDown),
            i.consume_key(egui::Modifiers::NONE, Key::Enter),
        )
    });
    if down && state.selected + 1 < count.min(SHOWN) {
        state.selected += 1;
    }
    if up {
        state.selected = state.selected.saturating_sub(1);
    }
    let mut outcome = Outcome::Open;
    if enter && let Some(hit) = state.hits().get(state.selected) {
        outcome = Outcome::Go(go_to(hit));
    }
    let modal = egui::Modal::new(egui::Id::unique("desk-find")).show(ctx, |ui| {
        ui.set_width(640.0);
        ui.heading("Find in Desk");
        let label = ui.label("Find in every desk article");
        let field = ui
            .add(egui::TextEdit::singleline(&mut state.query.text).desired_width(f32::INFINITY))
            .labelled_by(label.id);
        if !state.focused {
            field.request_focus();
            state.focused = true;
        }
        ui.horizontal(|ui| {
            ui.checkbox(&mut state.query.match_case, "Match case");
            ui.checkbox(&mut state.query.whole_word, "Whole word");
            ui.checkbox(&mut state.query.regex, "Regular expression");
        });
        if let Some(error) = &state.error {
            ui.label(RichText::new(error).color(ui.visuals().error_fg_color));
        }
        let status = match (&state.found, &state.running) {
            (_, Some(_)) => "Searching…".to_string(),
            (Some(found), None) => {
                let articles = {
                    let mut paths: Vec<&PathBuf> = found.hits.iter().map(|h| &h.path).collect();
                    paths.dedup();
                    paths.len()
                };
                let more = if found.stopped { " (stopped at the limit)" } else { "" };
                format!(
                    "{} in {}{more}",
                    crate::app::count(found.hits.len(), "match", "matches"),
                    crate::app::count(articles, "article", "articles")
                )
            }
            (None, None) => String::new(),
        };
        ui.label(RichText::new(status).weak());
        egui::ScrollArea::vertical().max_height(380.0).show(ui, |ui| {
            for (row, hit) in state.hits().iter().take(SHOWN).enumerate() {
                let selected = row == state.selected;
                let place = match hit.field {
                    Field::Body => format!("body, line {}", hit.line),
                    field => field.label().to_lowercase(),
                };
                let text = format!("{} · {place}", hit.article);
                let response = ui
                    .add(egui::Button::selectable(selected, RichText::new(&text).strong()))
                    .accessible_name(format!("Found: {text}"));
                if selected && (up || down) {
                    response.scroll_to_me(None);
                }
                // The file, so two articles with one headline are told apart.
                let file = root.and_then(|root| hit.path.strip_prefix(root).ok()).unwrap_or(&hit.path);
                ui.label(RichText::new(file.display().to_string()).small().monospace());
                ui.label(RichText::new(&hit.excerpt).weak());
                if response.clicked() {
                    outcome = Outcome::Go(go_to(hit));
                }
            }
            if let Some(found) = &state.found {
                for (path, error) in &found.unreadable {
                    ui.label(
                        RichText::new(format!("{} could not be read: {error}", path.display()))
                            .color(ui.visuals().warn_fg_color),
                    );
                }
            }
        });
        ui.label(RichText::new("Up and Down choose, Enter opens, Escape closes.").weak());
        if ui.button("Close").clicked() {
            outcome = Outcome::Closed;
        }
    });
    if modal.should_close() && matches!(outcome, Outcome::Open) {
        outcome = Outcome::Closed;
    }
    if !matches!(outcome, Outcome::Open) {
        crate::app::window::question::closing(ctx, "desk-find");
        if let Some(job) = &state.running {
            job.cancel();
        }
    }
    outcome
}

impl crate::app::CopydeskApp {
    /// Find in Desk as the window's modal.
    pub(crate) fn desk_find_ui(
        &mut self,
        ctx: &egui::Context,
        mut state: Box<DeskFind>,
    ) -> Option<Box<DeskFind>> {
        let root = self.desk.as_ref().map(|desk| desk.root.clone());
        match desk_find_ui(ctx, &mut state, &self.jobs, || self.desk_sources(), root.as_deref()) {
            Outcome::Open => Some(state),
            Outcome::Closed => None,
            Outcome::Go(command) => {
                self.queue.push(command);
                None
            }
        }
    }

    /// What Find in Desk found, while it is open.
    pub fn desk_hits(&self) -> Vec<crate::storage::desk::search::Hit> {
        self.open_desk_find().map(|find| find.hits().to_vec()).unwrap_or_default()
    }

    /// Opens a desk hit's article (its tab, or a new one) with the caret
    /// at the match, or the keyboard in the field that matched.
    pub(crate) fn open_found(&mut self, path: &std::path::Path, field: Field, at: usize) {
        let path = crate::app::files::open::absolute(path);
        self.open_path(&path);
        if self.workspace.doc().path.as_deref() != Some(path.as_path()) {
            return;
        }
        match field {
            Field::Body => self.workspace.view_mut().requests.cursor_to = Some(at),
            field => self.workspace.view_mut().requests.focus_field = Some(field),
        }
    }

    /// What Find in Desk reads, once the desk's index is read: its files,
    /// with modified open articles searched as they are on screen.
    pub(crate) fn desk_sources(&self) -> Option<Sources> {
        let paths = self.desk_index()?.entries.iter().map(|e| e.path.clone()).collect();
        let unsaved = self
            .workspace
            .tabs()
            .iter()
            .filter(|tab| tab.doc.is_dirty())
            .filter_map(|tab| {
                let held =
                    search::Unsaved { fields: tab.doc.fields().article.clone(), body: tab.doc.body_shared() };
                Some((tab.doc.path.clone()?, held))
            })
            .collect();
        Some((paths, unsaved))
    }
}
