//! The desk in the window: a background scan with progress, a watcher that
//! keeps the index current, and the sidebar listing the desk's articles
//! with search, filters and sorting.

pub(crate) mod settings;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use egui::RichText;

use crate::app::commands::Command;
use crate::editing::background::{Job, Jobs, Poll};
use crate::model::article::Status;
use crate::model::article::schedule;
use crate::storage::desk::{Entry, Index, Progress, watch};

/// How the desk list is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    /// Most recently updated (or published) first.
    #[default]
    Updated,
    Headline,
    Slug,
    Status,
}

impl SortKey {
    const ALL: [SortKey; 4] = [SortKey::Updated, SortKey::Headline, SortKey::Slug, SortKey::Status];

    fn label(self) -> &'static str {
        match self {
            SortKey::Updated => "Updated",
            SortKey::Headline => "Headline",
            SortKey::Slug => "Slug",
            SortKey::Status => "Status",
        }
    }
}

/// More changed paths than this at once (a checkout, a copy of a folder)
/// and a fresh scan is cheaper than refreshing one by one.
const RESCAN_OVER: usize = 200;

/// What the list shows depends on: the index, what is typed, the filters
/// and the order.
#[derive(Clone, PartialEq)]
struct ListingKey {
    generation: u64,
    search: String,
    category: Option<String>,
    status: Option<Status>,
    sort: SortKey,
}

/// The list as last worked out: rebuilt only when its key changes, so a
/// frame of a 10,000-article desk does not filter and sort it again.
#[derive(Default)]
struct Listing {
    /// Indices into the index's entries, in the order shown.
    rows: Vec<usize>,
    /// The taxonomy, then any other category an article uses.
    categories: Vec<String>,
    /// Slugs more than one article has.
    duplicates: HashSet<String>,
}

pub struct DeskState {
    pub root: PathBuf,
    index: Option<Arc<Index>>,
    /// The scan in progress, and how far it got.
    scanning: Option<(Arc<Progress>, Job<Index>)>,
    /// Where the scan runs.
    jobs: Jobs,
    watcher: Option<watch::Watcher>,
    watch_error: Option<String>,
    /// Bumps whenever the index changes.
    pub generation: u64,
    pub search: String,
    pub category: Option<String>,
    pub status: Option<Status>,
    pub sort: SortKey,
    /// Each article's team-desk (git) state, when the desk is shared.
    pub marks: Arc<crate::app::team::Marks>,
    listing: Option<(ListingKey, Listing)>,
}

impl DeskState {
    /// Starts reading a desk folder in the background and watching it.
    pub fn open(root: PathBuf, jobs: &Jobs) -> DeskState {
        let mut desk = DeskState {
            root,
            index: None,
            scanning: None,
            jobs: jobs.clone(),
            watcher: None,
            watch_error: None,
            generation: 0,
            search: String::new(),
            category: None,
            status: None,
            sort: SortKey::default(),
            marks: Arc::default(),
            listing: None,
        };
        let wake = jobs.waker();
        match watch::Watcher::start(&desk.root, move || wake()) {
            Ok(watcher) => desk.watcher = Some(watcher),
            Err(error) => {
                desk.watch_error = Some(format!("Changes made by other programs will not show: {error}"))
            }
        }
        desk.rescan();
        desk
    }

    pub(crate) fn rescan(&mut self) {
        let progress = Arc::new(Progress::default());
        let root = self.root.clone();
        let counts = progress.clone();
        let job = self.jobs.spawn("desk-scan", move |_| Index::scan(&root, &counts));
        self.scanning = Some((progress, job));
    }

    /// The index as last read (None until the first scan finishes).
    pub fn index(&self) -> Option<&Arc<Index>> {
        self.index.as_ref()
    }

    /// Takes a finished scan and changes seen on disk; true when the index
    /// changed.
    pub fn poll(&mut self) -> bool {
        let mut changed = false;
        if let Some((_, job)) = &mut self.scanning {
            match job.poll() {
                Poll::Ready(index) => {
                    self.index = Some(Arc::new(index));
                    self.scanning = None;
                    changed = true;
                }
                Poll::Pending => {}
                Poll::Lost => self.scanning = None,
            }
        }
        if let Some(watcher) = &self.watcher {
            let changes = watcher.changes();
            if changes.rescan || changes.paths.len() > RESCAN_OVER {
                self.rescan();
            } else if !changes.paths.is_empty()
                && let Some(index) = &self.index
            {
                let mut next = (**index).clone();
                next.refresh(&changes.paths);
                self.index = Some(Arc::new(next));
                changed = true;
            }
        }
        if changed {
            self.generation += 1;
        }
        changed
    }

    /// Re-reads files this window just wrote, without waiting for the watcher.
    pub fn refresh(&mut self, paths: &[PathBuf]) {
        if let Some(index) = &self.index {
            let mut next = (**index).clone();
            next.refresh(paths);
            self.index = Some(Arc::new(next));
            self.generation += 1;
        }
    }

    pub fn contains(&self, path: &Path) -> bool {
        path.starts_with(&self.root)
    }

    /// The desk's name for the sidebar.
    pub fn name(&self) -> String {
        let configured =
            self.index.as_ref().map(|i| i.config.config.name.trim().to_string()).unwrap_or_default();
        if configured.is_empty() {
            self.root
                .file_name()
                .map_or_else(|| self.root.display().to_string(), |n| n.to_string_lossy().into())
        } else {
            configured
        }
    }

    /// The list as last worked out.
    fn shown(&self) -> Vec<&Entry> {
        match (&self.index, &self.listing) {
            (Some(index), Some((_, listing))) => {
                listing.rows.iter().filter_map(|&row| index.entries.get(row)).collect()
            }
            _ => Vec::new(),
        }
    }

    /// Works the list out again when what it depends on changed.
    fn refresh_listing(&mut self) {
        let Some(index) = &self.index else {
            self.listing = None;
            return;
        };
        let key = ListingKey {
            generation: self.generation,
            search: self.search.trim().to_string(),
            category: self.category.clone(),
            status: self.status,
            sort: self.sort,
        };
        if self.listing.as_ref().is_some_and(|(cached, _)| *cached == key) {
            return;
        }
        self.listing =
            Some((key, listing(index, &self.search, self.category.as_deref(), self.status, self.sort)));
    }
}

/// Filters and sorts the desk's entries for the list.
fn listing(
    index: &Index,
    search: &str,
    category: Option<&str>,
    status: Option<Status>,
    sort: SortKey,
) -> Listing {
    let entry = |at: &usize| &index.entries[*at];
    let mut rows: Vec<usize> = if search.trim().is_empty() {
        (0..index.entries.len()).collect()
    } else {
        index.search_positions(search)
    };
    rows.retain(|at| category.is_none_or(|c| entry(at).category == c));
    rows.retain(|at| status.is_none_or(|s| entry(at).status == s));
    match sort {
        SortKey::Updated => rows.sort_by(|a, b| {
            let when = |e: &Entry| e.updated_at.or(e.published_at);
            let (a, b) = (entry(a), entry(b));
            when(b).cmp(&when(a)).then_with(|| a.headline.cmp(&b.headline))
        }),
        SortKey::Headline => rows.sort_by_cached_key(|at| entry(at).headline.to_lowercase()),
        SortKey::Slug => rows.sort_by(|a, b| entry(a).slug.cmp(&entry(b).slug)),
        SortKey::Status => rows.sort_by(|a, b| {
            let (a, b) = (entry(a), entry(b));
            a.status.cmp(&b.status).then_with(|| a.headline.cmp(&b.headline))
        }),
    }
    let mut categories: Vec<String> = index.taxonomy().unwrap_or_default();
    let mut seen: HashSet<&str> = categories.iter().map(String::as_str).collect();
    let mut more = Vec::new();
    for entry in &index.entries {
        if !entry.category.is_empty() && seen.insert(entry.category.as_str()) {
            more.push(entry.category.clone());
        }
    }
    categories.extend(more);
    let duplicates = index.duplicates().into_iter().map(|(slug, _)| slug.to_string()).collect();
    Listing { rows, categories, duplicates }
}

/// A label and its control (given the width it may take) on one row, or
/// the control on the next when the row is too narrow for both.
fn control_row(
    ui: &mut egui::Ui,
    text: &str,
    control: impl FnOnce(&mut egui::Ui, f32) -> egui::InnerResponse<Option<bool>>,
) {
    ui.horizontal_wrapped(|ui| {
        let label = ui.label(text);
        // The box's arrow and padding come on top of the width asked for.
        let chrome = ui.spacing().icon_width + 3.0 * ui.spacing().item_spacing.x + 8.0;
        let room = ui.available_width() - chrome;
        let width = if room >= 80.0 { room.min(150.0) } else { (ui.max_rect().width() - chrome).max(40.0) };
        crate::app::window::dropdown::chosen_keeps_keyboard(control(ui, width)).labelled_by(label.id);
    });
}

/// Draws the sidebar; returns commands for the app.
pub fn show(ui: &mut egui::Ui, desk: &mut DeskState, current: Option<&Path>) -> Vec<Command> {
    let mut commands = Vec::new();
    // The name gives way to the button in a narrow sidebar (cut, whole on hover).
    egui::containers::Sides::new().shrink_left().truncate().show(
        ui,
        |ui| {
            ui.label(RichText::new(desk.name()).strong()).on_hover_text(desk.name());
        },
        |ui| {
            if ui.small_button("Close desk").clicked() {
                commands.push(Command::CloseDesk);
            }
        },
    );
    ui.add(egui::Label::new(RichText::new(desk.root.display().to_string()).weak()).truncate())
        .on_hover_text(desk.root.display().to_string());
    if let Some((progress, _)) = &desk.scanning {
        let total = progress.total.load(std::sync::atomic::Ordering::Relaxed);
        let done = progress.done.load(std::sync::atomic::Ordering::Relaxed);
        ui.add(
            egui::ProgressBar::new(progress.fraction()).text(format!("Reading {done} of {total} articles…")),
        );
    }
    if let Some(error) = &desk.watch_error {
        ui.add(egui::Label::new(RichText::new(error).color(ui.visuals().warn_fg_color)).wrap());
    }
    let Some(index) = desk.index.clone() else {
        return commands;
    };
    if let Some(error) = &index.config.error {
        ui.add(egui::Label::new(RichText::new(error).color(ui.visuals().error_fg_color)).wrap());
    }

    let label = ui.label("Find in desk");
    ui.add(
        egui::TextEdit::singleline(&mut desk.search)
            .hint_text("headline, slug or tag")
            .desired_width(f32::INFINITY),
    )
    .labelled_by(label.id);
    desk.refresh_listing();
    let categories = desk.listing.as_ref().map(|(_, listing)| listing.categories.clone()).unwrap_or_default();
    // Each control wraps under its label when the sidebar is narrow,
    // rather than running past its edge.
    control_row(ui, "Filter category", |ui, width| {
        egui::ComboBox::from_id_salt("desk-category")
            .width(width)
            .selected_text(desk.category.clone().unwrap_or_else(|| "All".into()))
            .show_ui(ui, |ui| {
                let mut chosen = ui.selectable_value(&mut desk.category, None, "All").clicked();
                for category in &categories {
                    chosen |=
                        ui.selectable_value(&mut desk.category, Some(category.clone()), category).clicked();
                }
                if chosen {
                    ui.close();
                }
                chosen
            })
    });
    control_row(ui, "Filter status", |ui, width| {
        egui::ComboBox::from_id_salt("desk-status")
            .width(width)
            .selected_text(desk.status.map_or("All", Status::label))
            .show_ui(ui, |ui| {
                let mut chosen = ui.selectable_value(&mut desk.status, None, "All").clicked();
                for status in Status::ALL {
                    chosen |= ui.selectable_value(&mut desk.status, Some(status), status.label()).clicked();
                }
                if chosen {
                    ui.close();
                }
                chosen
            })
    });
    control_row(ui, "Sort by", |ui, width| {
        egui::ComboBox::from_id_salt("desk-sort").width(width).selected_text(desk.sort.label()).show_ui(
            ui,
            |ui| {
                let mut chosen = false;
                for key in SortKey::ALL {
                    if ui.selectable_value(&mut desk.sort, key, key.label()).clicked() {
                        ui.close();
                        chosen = true;
                    }
                }
                chosen
            },
        )
    });
    ui.separator();

    // Times in the desk's zone, as the editor types them.
    let zone = index.config.config.zone();
    let marks = desk.marks.clone();
    let entries = desk.shown();
    let now = jiff::Timestamp::now();
    let duplicates = desk.listing.as_ref().map(|(_, listing)| &listing.duplicates);
    ui.label(RichText::new(format!("{} of {} articles", entries.len(), index.entries.len())).small().weak());
    egui::ScrollArea::vertical().id_salt("desk-list").auto_shrink([false, false]).show_rows(
        ui,
        44.0,
        entries.len(),
        |ui, rows| {
            for entry in &entries[rows] {
                let selected = current == Some(entry.path.as_path());
                let headline = if entry.headline.trim().is_empty() {
                    entry.slug.as_str()
                } else {
                    entry.headline.as_str()
                };
                let response =
                    ui.add(egui::Button::selectable(selected, RichText::new(headline).strong()).truncate());
                let updated = entry
                    .updated_at
                    .or(entry.published_at)
                    .map(|t| t.to_zoned_datetime(zone.clone()).strftime("%Y-%m-%d %H:%M").to_string());
                // An embargo or a schedule says so in place of the date.
                let hold = schedule::hold_of(entry.embargo_until, entry.status, entry.published_at, now);
                ui.horizontal_wrapped(|ui| {
                    let category = if entry.category.is_empty() { "no category" } else { &entry.category };
                    let line = match hold {
                        Some(_) => format!("{category} · {} ·", entry.status.label()),
                        None => format!(
                            "{category} · {} · {}",
                            entry.status.label(),
                            updated.unwrap_or_else(|| "not published".into())
                        ),
                    };
                    ui.label(RichText::new(line).small().weak());
                    if let Some(hold) = hold {
                        ui.label(
                            RichText::new(hold.describe(&zone)).small().color(ui.visuals().warn_fg_color),
                        );
                    }
                    if let Some(mark) = marks.get(&entry.path) {
                        crate::app::team::mark_ui(ui, *mark);
                    }
                    if duplicates.is_some_and(|d| d.contains(&entry.slug)) {
                        ui.add(
                            egui::Label::new(
                                RichText::new("duplicate slug").color(ui.visuals().error_fg_color),
                            )
                            .wrap(),
                        );
                    }
                });
                if response.clicked() && !selected {
                    // Ctrl+click opens it behind the article on screen.
                    commands.push(if ui.input(|i| i.modifiers.command) {
                        Command::OpenInBackground(entry.path.clone())
                    } else {
                        Command::OpenPath(entry.path.clone())
                    });
                }
            }
        },
    );
    if !index.failures.is_empty() {
        ui.separator();
        egui::CollapsingHeader::new(
            RichText::new(format!("{} file(s) could not be read", index.failures.len()))
                .color(ui.visuals().error_fg_color),
        )
        .id_salt("desk-failures")
        .show(ui, |ui| {
            for failure in &index.failures {
                ui.add(egui::Label::new(failure.error.to_string()).wrap());
            }
        });
    }
    commands
}
