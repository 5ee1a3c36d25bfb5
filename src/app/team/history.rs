//! The history view of the open article: every committed version (who,
//! when, why), the chosen version against the current text field by field
//! with the words that changed marked, and Restore this version as one
//! ordinary undoable edit. Reading git runs on a worker thread.

use std::path::PathBuf;

use egui::RichText;
use std::sync::Arc;

use egui::Galley;
use egui::text::{LayoutJob, TextFormat};

use crate::app::CopydeskApp;
use crate::editing::background::{Job, Jobs, Poll};
use crate::model::article::Article;
use crate::model::{markup, slug};
use crate::storage::team::history::{self, Version, Words};

type Answer<T> = Result<T, String>;

pub(crate) struct HistoryView {
    /// The file whose versions are listed.
    path: PathBuf,
    versions: Option<Answer<Vec<Version>>>,
    listing: Option<Job<Answer<Vec<Version>>>>,
    selected: Option<usize>,
    /// The selected version's article, once read.
    content: Option<Answer<Article>>,
    reading: Option<Job<Answer<Article>>>,
    /// The diff against the current text: (selected, document revision).
    diff: Option<((usize, u64), Vec<Shown>)>,
    /// Each version's row and its hover text, made once when listed.
    rows: Vec<(String, String)>,
    /// The rows' widget ids as last drawn, to know when the list has the
    /// keyboard.
    row_ids: Vec<egui::Id>,
    /// The list was given the keyboard when it was first shown.
    opened_keyboard: bool,
}

/// One changed field as the view shows it, laid out once per wrap width
/// (a body's word diff is the whole story: not a text to lay out, or even
/// hash, every frame).
struct Shown {
    label: &'static str,
    job: LayoutJob,
    galley: Option<(f32, Arc<Galley>)>,
}

impl HistoryView {
    fn new(path: PathBuf, jobs: &Jobs) -> HistoryView {
        let file = path.clone();
        let listing = jobs.spawn("history", move |_| history::versions(&file).map_err(|e| e.to_string()));
        HistoryView {
            path,
            versions: None,
            listing: Some(listing),
            selected: None,
            content: None,
            reading: None,
            diff: None,
            rows: Vec::new(),
            row_ids: Vec::new(),
            opened_keyboard: false,
        }
    }

    pub(crate) fn busy(&self) -> bool {
        self.listing.is_some() || self.reading.is_some()
    }

    fn poll(&mut self, zone: &jiff::tz::TimeZone) {
        collect(&mut self.listing, &mut self.versions, "the history could not be read");
        collect(&mut self.reading, &mut self.content, "the version could not be read");
        if let Some(Ok(versions)) = &self.versions
            && self.rows.len() != versions.len()
        {
            self.rows = versions
                .iter()
                .map(|v| {
                    let row = format!("{} · {} · {}", when(v, zone), v.author, v.message);
                    (row, format!("{} <{}>, commit {}", v.author, v.email, v.short()))
                })
                .collect();
        }
    }

    fn select(&mut self, index: usize, jobs: &Jobs) {
        let Some(Ok(versions)) = &self.versions else { return };
        let Some(version) = versions.get(index) else { return };
        self.selected = Some(index);
        self.content = None;
        self.diff = None;
        let (file, commit) = (self.path.clone(), version.commit.clone());
        self.reading = Some(
            jobs.spawn("history", move |_| history::content_at(&file, &commit).map_err(|e| e.to_string())),
        );
    }

    fn version(&self) -> Option<&Version> {
        let Some(Ok(versions)) = &self.versions else { return None };
        versions.get(self.selected?)
    }
}

/// What the editor asked for in the view this frame.
enum Asked {
    Select(usize),
    Restore,
}

impl CopydeskApp {
    /// View ▸ Article History…
    pub(crate) fn open_history(&mut self) {
        match self.workspace.doc().path.clone() {
            Some(path) => self.team.history = Some(HistoryView::new(path, &self.jobs)),
            None => self.notify(
                true,
                "This article is not saved yet, so it has no history. Save it in a shared desk and Sync.",
            ),
        }
    }

    pub(crate) fn history_window_ui(&mut self, ctx: &egui::Context) {
        let current_path = self.workspace.doc().path.clone();
        let Some(view) = &mut self.team.history else { return };
        // The view follows the open article.
        if current_path.as_ref() != Some(&view.path) {
            match current_path {
                Some(path) => *view = HistoryView::new(path, &self.jobs),
                None => {
                    self.team.history = None;
                    return;
                }
            }
        }
        view.poll(&self.checking.setting.rules.zone());
        // Compared with the body the analysis has parsed, once per revision
        // it reaches: typing does not parse and diff the story per key.
        let analysis = self.checking.analyst.latest();
        let doc = self.workspace.doc();
        if let (Some(selected), Some(Ok(old))) = (view.selected, &view.content)
            && analysis.revision == doc.revision()
        {
            let key = (selected, doc.revision());
            if view.diff.as_ref().is_none_or(|(at, _)| *at != key) {
                // The committed body as the editor would parse it: a body
                // kept as an import left it (or with its pictures' sizes,
                // which the markup does not carry) is the same text, not a
                // changed one.
                let mut old = old.clone();
                old.body = markup::parse(&markup::render(&old.body)).blocks;
                let current = doc.article_with(analysis.parsed.blocks.clone());
                let diffs = history::diff(&old, &current);
                let shown = diffs
                    .iter()
                    .map(|diff| Shown {
                        label: diff.field.label(),
                        job: words_job(ctx, &diff.words),
                        galley: None,
                    })
                    .collect();
                view.diff = Some((key, shown));
            }
        }
        let name = self.workspace.doc().display_name();
        let mut open = true;
        let mut asked = None;
        self.floating
            .window(format!("History: {name}"), crate::app::window::floating::Floating::History)
            .open(&mut open)
            .default_size([680.0, 560.0])
            .show(ctx, |ui| asked = view_ui(ui, view));
        if !open {
            self.team.history = None;
            return;
        }
        match asked {
            Some(Asked::Select(index)) => {
                if let Some(view) = &mut self.team.history {
                    view.select(index, &self.jobs);
                }
            }
            Some(Asked::Restore) => self.restore_version(),
            None => {}
        }
    }

    /// Puts the selected version's text in place of the current one, as
    /// one undo step.
    fn restore_version(&mut self) {
        let Some(view) = &self.team.history else { return };
        let (Some(Ok(article)), Some(version)) = (&view.content, view.version()) else { return };
        let mut meta = article.clone();
        let body = markup::render(&std::mem::take(&mut meta.body));
        let zone = self.checking.setting.rules.zone();
        let what = format!("{} by {} ({})", when(version, &zone), version.author, version.short());
        self.workspace.doc_mut().edit_as_one_step(|fields, text| {
            fields.published_text = meta.published_at.map(|t| t.to_string()).unwrap_or_default();
            fields.updated_text = meta.updated_at.map(|t| t.to_string()).unwrap_or_default();
            fields.slug_linked = meta.slug.is_empty() || meta.slug == slug::suggest(&meta.headline);
            fields.article = meta;
            *text = body;
        });
        self.request_analysis();
        self.notify(false, format!("Restored the version of {what}; Undo takes it back."));
    }
}

/// When a version was committed, in the desk's time zone.
fn when(version: &Version, zone: &jiff::tz::TimeZone) -> String {
    version.time.to_zoned_datetime(zone.clone()).strftime("%Y-%m-%d %H:%M").to_string()
}

fn view_ui(ui: &mut egui::Ui, view: &mut HistoryView) -> Option<Asked> {
    let mut asked = None;
    let versions = match &view.versions {
        None => {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("Reading the desk's history…");
            });
            return None;
        }
        Some(Err(error)) => {
            ui.add(egui::Label::new(RichText::new(error).color(ui.visuals().error_fg_color)).wrap());
            return None;
        }
        Some(Ok(versions)) => versions,
    };
    if versions.is_empty() {
        ui.label("No committed versions yet: Sync commits the desk.");
        return None;
    }
    ui.label(
        RichText::new(format!("{} version(s), newest first; Up and Down choose one", versions.len()))
            .small()
            .weak(),
    );
    // The list has the keyboard when the view opens; Up and Down move
    // through it (and compare), Enter compares the row with the keyboard.
    // The rows' widget ids as drawn last frame.
    let rows = std::mem::take(&mut view.row_ids);
    let focused = ui.memory(|m| m.focused()).and_then(|id| rows.iter().position(|row| *row == id));
    let moved = match focused {
        Some(_) if !rows.is_empty() => ui.input_mut(|i| {
            let down = i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowDown);
            let up = i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowUp);
            let at = view.selected.or(focused).unwrap_or(0);
            if down {
                Some(if view.selected.is_none() { 0 } else { (at + 1).min(rows.len() - 1) })
            } else if up {
                Some(at.saturating_sub(1))
            } else {
                None
            }
        }),
        _ => None,
    };
    if let Some(index) = moved {
        ui.memory_mut(|m| m.request_focus(rows[index]));
        if view.selected != Some(index) {
            asked = Some(Asked::Select(index));
        }
    } else if focused.is_none() && !view.opened_keyboard {
        let at = view.selected.unwrap_or(0);
        if let Some(row) = rows.get(at) {
            ui.memory_mut(|m| m.request_focus(*row));
        }
    }
    view.opened_keyboard |= !rows.is_empty();
    let mut drawn = Vec::with_capacity(view.rows.len());
    egui::ScrollArea::vertical().id_salt("history-versions").max_height(180.0).show(ui, |ui| {
        for (index, (row, hover)) in view.rows.iter().enumerate() {
            let selected = view.selected == Some(index);
            let response = ui
                .add(egui::Button::selectable(selected, row.as_str()).truncate())
                .on_hover_text(hover.as_str());
            if moved == Some(index) {
                response.scroll_to_me(None);
            }
            if response.has_focus() {
                // Up and Down are this list's (above): egui's own arrow-key
                // focus would move the keyboard one row past the version
                // chosen.
                let filter = egui::EventFilter { vertical_arrows: true, ..Default::default() };
                ui.memory_mut(|m| m.set_focus_lock_filter(response.id, filter));
            }
            if response.clicked() && !selected {
                asked = Some(Asked::Select(index));
            }
            drawn.push(response.id);
        }
    });
    view.row_ids = drawn;
    ui.separator();
    if view.selected.is_none() {
        ui.label("Choose a version to compare it with the current text.");
        return asked;
    }
    match &view.content {
        None => {
            ui.spinner();
        }
        Some(Err(error)) => {
            ui.add(egui::Label::new(RichText::new(error).color(ui.visuals().error_fg_color)).wrap());
        }
        Some(Ok(_)) => {
            if ui
                .button("Restore this version")
                .on_hover_text("Put this version's text in place of the current one (Undo takes it back)")
                .clicked()
            {
                asked = Some(Asked::Restore);
            }
            let diffs = view.diff.as_mut().map(|(_, d)| d.as_mut_slice()).unwrap_or_default();
            if diffs.is_empty() {
                ui.label("This version is the same as the current text.");
            }
            egui::ScrollArea::vertical().id_salt("history-diff").show(ui, |ui| {
                for diff in diffs {
                    ui.label(RichText::new(diff.label).strong());
                    let width = ui.available_width();
                    let galley = match &diff.galley {
                        Some((at, galley)) if *at == width => galley.clone(),
                        _ => {
                            let mut job = diff.job.clone();
                            job.wrap.max_width = width;
                            let galley = ui.fonts_mut(|fonts| fonts.layout_job(job));
                            diff.galley = Some((width, galley.clone()));
                            galley
                        }
                    };
                    ui.add(egui::Label::new(galley));
                    ui.add_space(4.0);
                }
            });
        }
    }
    asked
}

/// A word diff as one text: removed words struck through in red, added
/// words underlined in green.
fn words_job(ctx: &egui::Context, words: &[Words]) -> LayoutJob {
    let style = ctx.global_style();
    let font = egui::TextStyle::Body.resolve(&style);
    let plain =
        TextFormat { font_id: font.clone(), color: style.visuals.text_color(), ..TextFormat::default() };
    let removed_color = egui::Color32::from_rgb(200, 60, 60);
    let added_color = egui::Color32::from_rgb(40, 150, 70);
    let removed = TextFormat {
        color: removed_color,
        strikethrough: egui::Stroke::new(1.0, removed_color),
        ..plain.clone()
    };
    let added =
        TextFormat { color: added_color, underline: egui::Stroke::new(1.0, added_color), ..plain.clone() };
    let mut job = LayoutJob::default();
    for piece in words {
        match piece {
            Words::Same(text) => job.append(text, 0.0, plain.clone()),
            Words::Removed(text) => job.append(text, 0.0, removed.clone()),
            Words::Added(text) => job.append(text, 0.0, added.clone()),
        }
    }
    job
}

/// Moves a finished job's answer into `into`; a worker that ended without
/// one answers `lost`.
fn collect<T: Send + 'static>(job: &mut Option<Job<Answer<T>>>, into: &mut Option<Answer<T>>, lost: &str) {
    let answer = match job.as_mut().map(Job::poll) {
        None | Some(Poll::Pending) => return,
        Some(Poll::Ready(answer)) => answer,
        Some(Poll::Lost) => Err(lost.to_string()),
    };
    *into = Some(answer);
    *job = None;
}
