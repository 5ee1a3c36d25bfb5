//! The checks panel: every finding of the latest analysis, grouped by
//! severity; clicking one goes to where it applies, clicking a group's
//! heading folds it (a desk with grammar on can have hundreds of notes
//! under a few errors). Rows are built once per analysis and only the
//! visible ones are drawn, so a story with thousands of findings costs
//! nothing per frame.

pub(crate) mod checking;
mod fixes;
pub(crate) mod names;
pub(crate) mod outline;

use egui::{Color32, RichText};

use crate::app::commands::Command;
use crate::app::editor::spelling;
use crate::app::window::plain_button::plain_button;
use crate::editing::analysis::Analysis;
use crate::rules::check::{Location, Severity};
use crate::rules::spell::{FINDING_CODE as MISSPELLING, Speller};

enum Row {
    Group {
        severity: Severity,
        count: usize,
    },
    /// A finding; a misspelt word's row stands for every place it is
    /// (`index` first, then `more`), and each click goes to the next.
    /// `fixable`: it has a one-key fix (typography).
    Finding {
        index: usize,
        more: Vec<usize>,
        severity: Severity,
        text: String,
        fixable: bool,
    },
}

/// Up to this many rows, every row is drawn.
const ALL_ROWS_UP_TO: usize = 60;

#[derive(Default)]
pub struct ChecksPanel {
    rows: Vec<Row>,
    /// Suggestions asked for in this panel's menus, by word.
    suggestions: std::collections::HashMap<String, Vec<String>>,
    /// The analysis (revision, generation) the rows were built from.
    built_for: Option<(u64, u64)>,
    /// How many times each misspelt word's row was clicked, so the next
    /// click goes to its next place.
    visits: std::collections::HashMap<String, usize>,
    /// The groups folded to their heading; kept from one analysis to the
    /// next.
    folded: std::collections::HashSet<Severity>,
    /// The rows drawn (indices into `rows`): a folded group keeps only its
    /// heading. Made when the rows or the folds change, not every frame.
    shown: Vec<usize>,
}

impl ChecksPanel {
    fn rebuild(&mut self, analysis: &Analysis) {
        self.rows.clear();
        let fixable: std::collections::HashSet<_> =
            analysis.fixes.iter().map(|f| (f.location, f.code)).collect();
        for severity in [Severity::Error, Severity::Warning, Severity::Note] {
            let count = analysis.count(severity);
            if count == 0 {
                continue;
            }
            let group = self.rows.len();
            self.rows.push(Row::Group { severity, count });
            // A misspelt word is one row however often it occurs.
            let mut words: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
            for (index, finding) in
                analysis.findings.iter().enumerate().filter(|(_, f)| f.severity == severity)
            {
                let word =
                    (finding.code == MISSPELLING).then(|| spelling::word_in(&finding.message)).flatten();
                if let Some(row) = word.and_then(|word| words.get(word))
                    && let Some(Row::Finding { more, .. }) = self.rows.get_mut(*row)
                {
                    more.push(index);
                    continue;
                }
                if let Some(word) = word {
                    words.insert(word, self.rows.len());
                }
                let place = match finding.location {
                    Location::Field { field } => field.label().to_lowercase(),
                    Location::Body { .. } => match analysis.finding_lines.get(index).copied().flatten() {
                        Some(line) => format!("body line {line}"),
                        None => "body".into(),
                    },
                    Location::Related { index } => format!("related {}", index + 1),
                };
                let text = format!("{place}: {} [{}]", finding.message, finding.code);
                let fixable = fixable.contains(&(finding.location, finding.code));
                self.rows.push(Row::Finding { index, more: Vec::new(), severity, text, fixable });
            }
            // Say how often each repeated word occurs, and count rows.
            let mut rows = 0;
            for row in &mut self.rows[group + 1..] {
                if let Row::Finding { more, text, .. } = row {
                    rows += 1;
                    if !more.is_empty()
                        && let Some(at) = text.rfind(" [")
                    {
                        text.insert_str(at, &format!(" ({} times)", more.len() + 1));
                    }
                }
            }
            if let Some(Row::Group { count, .. }) = self.rows.get_mut(group) {
                *count = rows;
            }
        }
        self.built_for = Some((analysis.revision, analysis.generation));
        self.pick_shown();
    }

    fn pick_shown(&mut self) {
        let folded = &self.folded;
        self.shown = (0..self.rows.len())
            .filter(|&at| match &self.rows[at] {
                Row::Finding { severity, .. } => !folded.contains(severity),
                Row::Group { .. } => true,
            })
            .collect();
    }

    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        analysis: &Analysis,
        speller: Option<&Speller>,
        desk_open: bool,
    ) -> Vec<Command> {
        if self.built_for != Some((analysis.revision, analysis.generation)) {
            self.rebuild(analysis);
        }
        let mut commands = Vec::new();
        if self.rows.is_empty() {
            ui.label(RichText::new("No findings. Ready when you are.").weak());
            return commands;
        }
        let color = |ui: &egui::Ui, severity: Severity| -> Color32 {
            match severity {
                Severity::Error => ui.visuals().error_fg_color,
                Severity::Warning => ui.visuals().warn_fg_color,
                Severity::Note => ui.visuals().weak_text_color(),
            }
        };
        let row_height = ui.text_style_height(&egui::TextStyle::Button) + ui.spacing().item_spacing.y;
        // A normal story's findings are all drawn, so a screen reader can
        // reach every one; only a flood of them is drawn rows-in-view only.
        let rows = self.shown.len();
        let scroll = egui::ScrollArea::vertical().id_salt("checks-scroll").auto_shrink([false, false]);
        let mut toggle = None;
        let mut draw = |ui: &mut egui::Ui, range: std::ops::Range<usize>| {
            for row in self.shown[range].iter().map(|&at| &self.rows[at]) {
                match row {
                    Row::Group { severity, count } => {
                        let label = match severity {
                            Severity::Error => "Errors",
                            Severity::Warning => "Warnings",
                            Severity::Note => "Notes",
                        };
                        let folded = self.folded.contains(severity);
                        let mark = if folded { "►" } else { "▼" };
                        let heading = RichText::new(format!("{mark} {label} ({count})"))
                            .strong()
                            .color(color(ui, *severity));
                        let verb = if folded { "Unfold" } else { "Fold" };
                        if plain_button(ui, egui::Button::new(heading))
                            .on_hover_text(format!("{verb} the {}", label.to_lowercase()))
                            .accessible_name(format!(
                                "{label} ({count}), {}",
                                if folded { "folded" } else { "open" }
                            ))
                            .clicked()
                        {
                            toggle = Some(*severity);
                        }
                    }
                    Row::Finding { index, more, severity, text, fixable } => {
                        let marker = match severity {
                            Severity::Error => "●",
                            Severity::Warning => "▲",
                            Severity::Note => "·",
                        };
                        ui.horizontal(|ui| {
                            ui.label(RichText::new(marker).color(color(ui, *severity)));
                            if *fixable
                                && ui
                                    .small_button("Fix")
                                    .on_hover_text(Command::ApplyFix(*index).description())
                                    .clicked()
                            {
                                commands.push(Command::ApplyFix(*index));
                            }
                            let response = plain_button(ui, egui::Button::new(text.as_str()).truncate())
                                .on_hover_text(text.as_str());
                            let finding = analysis.findings.get(*index);
                            if response.clicked() {
                                // A repeated word: each click, its next place.
                                let target = match finding.and_then(|f| spelling::word_in(&f.message)) {
                                    Some(word) if !more.is_empty() => {
                                        let visits = self.visits.entry(word.to_string()).or_default();
                                        let at = *visits % (more.len() + 1);
                                        *visits += 1;
                                        if at == 0 { *index } else { more[at - 1] }
                                    }
                                    _ => *index,
                                };
                                commands.push(Command::GoToFinding(target));
                            }
                            // A spelling note's menu: suggestions, or accept the word.
                            if let Some(finding) = finding.filter(|f| f.code == MISSPELLING)
                                && let Some(word) = spelling::word_in(&finding.message)
                            {
                                let suggestions = &mut self.suggestions;
                                response.context_menu(|ui| {
                                    let found = suggestions.entry(word.to_string()).or_insert_with(|| {
                                        speller.map(|s| s.suggestions(word, 6)).unwrap_or_default()
                                    });
                                    let target = spelling::Target {
                                        word: word.to_string(),
                                        at: analysis.body_offset(finding),
                                        suggestions: found.clone(),
                                    };
                                    commands.extend(spelling::menu(ui, &target, desk_open));
                                });
                            }
                        });
                    }
                }
            }
        };
        if rows <= ALL_ROWS_UP_TO {
            scroll.show(ui, |ui| draw(ui, 0..rows));
        } else {
            scroll.show_rows(ui, row_height, rows, |ui, range| draw(ui, range));
        }
        if let Some(severity) = toggle {
            if !self.folded.remove(&severity) {
                self.folded.insert(severity);
            }
            self.pick_shown();
        }
        commands
    }
}
