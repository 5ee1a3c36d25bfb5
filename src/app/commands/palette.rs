//! The command palette (Ctrl+K, F1): one search box over every command,
//! the desk's articles ("Open: …") and the body's sections ("Go to: …"),
//! matched fuzzily, with the matched letters marked and the shortcut shown.

use std::path::PathBuf;
use std::sync::Arc;

use egui::text::{LayoutJob, TextFormat};
use egui::{Key, Modifiers};

use crate::app::commands::Command;

/// How many commands the palette remembers as recently used.
pub const RECENT_COMMANDS: usize = 8;
/// How many matches are listed.
const SHOWN: usize = 12;

/// The open palette.
#[derive(Default)]
pub struct Palette {
    pub query: String,
    /// Index into the current matches.
    pub selected: usize,
    /// The widget that had the keyboard before the palette opened.
    pub return_focus: Option<egui::Id>,
    focused: bool,
    /// The entries and what they were made from: a desk of 10,000 articles
    /// is 10,000 entries, not to be made again every frame.
    entries: Option<(EntriesKey, Arc<Vec<Entry>>)>,
    /// The last ranking: (query, recent commands, matches).
    ranked: Option<(String, Vec<String>, Vec<Match>)>,
}

/// What the palette's entries are made from: the desk (its index
/// generation), the open article, its analysis (sections) and which
/// commands can run now.
#[derive(Clone, PartialEq)]
pub struct EntriesKey {
    pub desk: Option<u64>,
    pub current: Option<PathBuf>,
    pub revision: u64,
    pub enabled: Vec<bool>,
}

impl Palette {
    pub fn new(return_focus: Option<egui::Id>) -> Palette {
        Palette { return_focus, ..Palette::default() }
    }

    /// The entries for `key`, made by `make` only when the key changed.
    pub fn entries(&mut self, key: EntriesKey, make: impl FnOnce() -> Vec<Entry>) -> Arc<Vec<Entry>> {
        match &self.entries {
            Some((cached, entries)) if *cached == key => entries.clone(),
            _ => {
                let entries = Arc::new(make());
                self.entries = Some((key, entries.clone()));
                self.ranked = None;
                entries
            }
        }
    }

    /// [`rank`] of the query, worked out again only when the query, the
    /// recent commands or the entries changed.
    fn matches(&mut self, entries: &[Entry], recent: &[String]) -> &[Match] {
        let fresh = self.ranked.as_ref().is_some_and(|(query, was, _)| *query == self.query && was == recent);
        if !fresh {
            self.ranked = Some((self.query.clone(), recent.to_vec(), rank(&self.query, entries, recent)));
        }
        self.ranked.as_ref().map_or(&[], |(_, _, matches)| matches.as_slice())
    }
}

/// One thing the palette can run.
#[derive(Debug, Clone)]
pub struct Entry {
    pub label: String,
    pub description: String,
    /// The shortcut in words, or empty.
    pub shortcut: String,
    pub command: Command,
    pub enabled: bool,
}

/// A match: which entry, and which of its label's characters matched.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    pub entry: usize,
    pub letters: Vec<usize>,
}

pub enum Outcome {
    Open,
    Closed,
    Run(Command),
}

/// The entries matching `query`, best first. An empty query lists the
/// recently used commands first (most recent first), then the rest in
/// catalog order.
pub fn rank(query: &str, entries: &[Entry], recent: &[String]) -> Vec<Match> {
    let query = query.trim();
    if query.is_empty() {
        let recency = |entry: &Entry| recent.iter().position(|r| *r == entry.label).unwrap_or(usize::MAX);
        let mut order: Vec<usize> = (0..entries.len()).collect();
        order.sort_by_key(|&i| recency(&entries[i]));
        return order.into_iter().map(|entry| Match { entry, letters: Vec::new() }).collect();
    }
    let lowered = query.to_lowercase();
    let mut scored: Vec<(isize, usize, Match)> = entries
        .iter()
        .enumerate()
        .filter_map(|(index, entry)| {
            let found = sublime_fuzzy::best_match(query, &entry.label)?;
            let label = entry.label.to_lowercase();
            // Typing a whole label (or its start) must find that command
            // first, whatever the fuzzy score thinks of longer labels.
            let bonus = if label == lowered {
                1_000_000
            } else if label.starts_with(&lowered) {
                100_000
            } else {
                0
            };
            let letters = found.matched_indices().copied().collect();
            Some((found.score() + bonus, entry.label.chars().count(), Match { entry: index, letters }))
        })
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().map(|(_, _, found)| found).collect()
}

/// The label with its matched letters drawn strong.
fn highlighted(ui: &egui::Ui, label: &str, letters: &[usize], enabled: bool) -> LayoutJob {
    let font = egui::TextStyle::Button.resolve(ui.style());
    let visuals = ui.visuals();
    let normal = if enabled { visuals.text_color() } else { visuals.weak_text_color() };
    let strong = if enabled { visuals.strong_text_color() } else { visuals.weak_text_color() };
    let mut job = LayoutJob::default();
    for (index, letter) in label.chars().enumerate() {
        let marked = letters.contains(&index);
        let mut format = TextFormat::simple(font.clone(), if marked { strong } else { normal });
        if marked {
            format.underline = egui::Stroke::new(1.0, strong);
        }
        let mut buffer = [0u8; 4];
        job.append(letter.encode_utf8(&mut buffer), 0.0, format);
    }
    job
}

/// Draws the palette. Up/Down move the selection, Enter runs it, Escape
/// closes; a disabled command is shown but never runs.
pub fn palette_ui(ctx: &egui::Context, state: &mut Palette, entries: &[Entry], recent: &[String]) -> Outcome {
    // Only the rows listed: the selection never goes past them.
    let matches: Vec<Match> = state.matches(entries, recent).iter().take(SHOWN).cloned().collect();
    let (up, down, enter, escape) = ctx.input_mut(|i| {
        (
            i.consume_key(Modifiers::NONE, Key::ArrowUp),
            i.consume_key(Modifiers::NONE, Key::ArrowDown),
            i.consume_key(Modifiers::NONE, Key::Enter),
            i.consume_key(Modifiers::NONE, Key::Escape),
        )
    });
    if escape {
        return Outcome::Closed;
    }
    let shown = matches.len().min(SHOWN);
    if down && shown > 0 {
        state.selected = (state.selected + 1) % shown;
    }
    if up && shown > 0 {
        state.selected = (state.selected + shown - 1) % shown;
    }
    state.selected = state.selected.min(shown.saturating_sub(1));
    let mut outcome = Outcome::Open;
    let run = |found: &Match| {
        let entry = &entries[found.entry];
        entry.enabled.then(|| entry.command.clone())
    };
    if enter && let Some(command) = matches.get(state.selected).and_then(run) {
        return Outcome::Run(command);
    }

    let modal = egui::Modal::new(egui::Id::unique("command-palette")).show(ctx, |ui| {
        ui.set_width(520.0);
        let label = ui.label(egui::RichText::new("Command palette").strong());
        let before = state.query.clone();
        let field = ui
            .add(
                egui::TextEdit::singleline(&mut state.query)
                    .id(egui::Id::unique("palette-query"))
                    .hint_text("Type a command, an article or a section")
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        if !state.focused || !field.has_focus() {
            field.request_focus();
            state.focused = true;
        }
        if state.query != before {
            state.selected = 0;
        }
        ui.add_space(4.0);
        if matches.is_empty() {
            ui.label(egui::RichText::new("Nothing matches.").weak());
        }
        for (row, found) in matches.iter().take(SHOWN).enumerate() {
            let entry = &entries[found.entry];
            let job = highlighted(ui, &entry.label, &found.letters, entry.enabled);
            let response = ui
                .horizontal(|ui| {
                    let response = ui
                        .add(egui::Button::selectable(row == state.selected, job))
                        .on_hover_text(&entry.description);
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        ui.label(egui::RichText::new(&entry.shortcut).weak());
                    });
                    response
                })
                .inner;
            if row == state.selected && (up || down) {
                response.scroll_to_me(None);
            }
            if response.clicked()
                && let Some(command) = run(found)
            {
                outcome = Outcome::Run(command);
            }
        }
        if let Some(found) = matches.get(state.selected) {
            let entry = &entries[found.entry];
            let note = if entry.enabled {
                entry.description.clone()
            } else {
                format!("{} (not available now)", entry.description)
            };
            ui.separator();
            ui.label(egui::RichText::new(note).weak());
        }
    });
    if matches!(outcome, Outcome::Open) && modal.backdrop_response.clicked() {
        return Outcome::Closed;
    }
    outcome
}

impl crate::app::CopydeskApp {
    /// The palette as the window's modal; Escape puts the keyboard back
    /// where it was.
    pub(crate) fn palette_modal_ui(&mut self, ctx: &egui::Context, mut state: Palette) -> Option<Palette> {
        let situation = self.situation();
        let key = EntriesKey {
            desk: self.desk.as_ref().map(|desk| desk.generation),
            current: self.workspace.doc().path.clone(),
            revision: self.checking.analyst.latest().revision,
            enabled: super::catalog().map(|command| command.enabled(&situation)).collect(),
        };
        let entries = state.entries(key, || self.palette_entries(&situation));
        match palette_ui(ctx, &mut state, &entries, &self.prefs.recent_commands) {
            Outcome::Open => Some(state),
            Outcome::Closed => {
                let back = state.return_focus;
                if let Some(id) = back {
                    ctx.memory_mut(|m| m.request_focus(id));
                }
                None
            }
            Outcome::Run(command) => {
                if let Some(id) = state.return_focus {
                    ctx.memory_mut(|m| m.request_focus(id));
                }
                self.remember_command(&command);
                self.queue.push(command);
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(label: &str) -> Entry {
        Entry {
            label: label.into(),
            description: String::new(),
            shortcut: String::new(),
            command: Command::About,
            enabled: true,
        }
    }

    #[test]
    fn a_whole_label_is_its_own_top_match() {
        let entries: Vec<Entry> = ["Save As…", "Save", "Show Preview"].into_iter().map(entry).collect();
        let ranked = rank("save", &entries, &[]);
        assert_eq!(entries[ranked[0].entry].label, "Save");
        let ranked = rank("svas", &entries, &[]);
        assert_eq!(entries[ranked[0].entry].label, "Save As…");
        assert!(!ranked[0].letters.is_empty());
    }

    #[test]
    fn recent_commands_come_first_without_a_query() {
        let entries: Vec<Entry> = ["New", "Open…", "Save"].into_iter().map(entry).collect();
        let ranked = rank("", &entries, &["Save".to_string()]);
        assert_eq!(entries[ranked[0].entry].label, "Save");
        assert_eq!(ranked.len(), 3);
    }
}
