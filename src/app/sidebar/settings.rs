//! File ▸ Desk Settings…: the desk's `desk.ron` in a window (its name, the
//! site's base URL, the categories, the time zone, the length limits and
//! the dictionary words), checked and written through the one atomic
//! writer. What the window does not show (share targets) is kept as read.

use std::path::PathBuf;

use egui::RichText;

use crate::app::CopydeskApp;
use crate::app::window::question::{Answer, buttons_with, modal};
use crate::model::when;
use crate::storage::desk::config::{self, DeskConfig};

/// The settings as edited, and why the last Save was refused.
pub struct DeskSettings {
    root: PathBuf,
    /// The settings as read, for what the window does not edit.
    read: DeskConfig,
    name: String,
    base_url: String,
    time_zone: String,
    /// One category a line.
    categories: String,
    limits: crate::rules::check::Limits,
    /// One word a line.
    words: String,
    problem: Option<String>,
}

impl DeskSettings {
    fn of(root: PathBuf, read: DeskConfig) -> DeskSettings {
        DeskSettings {
            root,
            name: read.name.clone(),
            base_url: read.base_url.clone().unwrap_or_default(),
            time_zone: read.time_zone.clone().unwrap_or_default(),
            categories: read.categories.join("\n"),
            limits: read.limits,
            words: read.words.join("\n"),
            read,
            problem: None,
        }
    }

    /// The settings to write, or why they cannot be.
    fn settings(&self) -> Result<DeskConfig, String> {
        let lines = |text: &str| -> Vec<String> {
            let mut seen: Vec<String> = Vec::new();
            for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
                if !seen.iter().any(|s| s == line) {
                    seen.push(line.to_string());
                }
            }
            seen
        };
        let base_url = self.base_url.trim();
        if !base_url.is_empty() && crate::model::page::base_url(Some(base_url)).is_none() {
            return Err(format!("“{base_url}” is not a site address like https://news.example.org/"));
        }
        let time_zone = self.time_zone.trim();
        when::zone_named(Some(time_zone))?;
        let categories = lines(&self.categories);
        if categories.is_empty() {
            return Err("Give the desk at least one category.".into());
        }
        let words = lines(&self.words);
        if let Some(word) = words.iter().find(|w| w.chars().any(char::is_whitespace)) {
            return Err(format!("“{word}” is not one word: put each word on a line of its own."));
        }
        Ok(DeskConfig {
            name: self.name.trim().to_string(),
            base_url: (!base_url.is_empty()).then(|| base_url.to_string()),
            time_zone: (!time_zone.is_empty()).then(|| time_zone.to_string()),
            categories,
            limits: self.limits,
            words,
            ..self.read.clone()
        })
    }
}

impl CopydeskApp {
    /// File ▸ Desk Settings…: the open desk's settings, as its `desk.ron`
    /// says (the defaults when it has none). A `desk.ron` that does not read
    /// is not edited over: its error is said instead.
    pub(crate) fn ask_desk_settings(&mut self) {
        let Some(root) = self.desk.as_ref().map(|desk| desk.root.clone()) else {
            self.notify(true, "Open a desk to change its settings.");
            return;
        };
        let path = config::path_in(&root);
        let read = if path.exists() { config::read(&path) } else { Ok(DeskConfig::default()) };
        match read {
            Ok(read) => self.ask(DeskSettings::of(root, read)),
            Err(error) => {
                self.notify(true, format!("The desk settings cannot be changed here until {error}"))
            }
        }
    }

    pub(crate) fn desk_settings_ui(
        &mut self,
        ctx: &egui::Context,
        mut edit: DeskSettings,
    ) -> Option<DeskSettings> {
        let answer = modal(ctx, "desk-settings", |ui| {
            ui.heading("Desk settings");
            ui.label(RichText::new(config::path_in(&edit.root).display().to_string()).weak());
            let mut typing_lines = false;
            egui::Grid::new("desk-settings-grid").num_columns(2).spacing([10.0, 6.0]).show(ui, |ui| {
                let line = |ui: &mut egui::Ui, label: &str, value: &mut String, hint: &str| {
                    let label = ui.label(label);
                    ui.add(egui::TextEdit::singleline(value).hint_text(hint).desired_width(320.0))
                        .labelled_by(label.id);
                    ui.end_row();
                };
                line(ui, "Desk name", &mut edit.name, "The Harbour Herald");
                line(ui, "Base URL", &mut edit.base_url, "https://news.example.org/");
                line(ui, "Time zone", &mut edit.time_zone, "the system's, or e.g. Europe/Kyiv");
                let mut lines = |ui: &mut egui::Ui, label: &str, value: &mut String| {
                    let label = ui.label(label);
                    let field = ui
                        .add(egui::TextEdit::multiline(value).desired_rows(4).desired_width(320.0))
                        .labelled_by(label.id);
                    typing_lines |= field.has_focus();
                    ui.end_row();
                };
                lines(ui, "Categories", &mut edit.categories);
                lines(ui, "Dictionary words", &mut edit.words);
                let limits = &mut edit.limits;
                for (label, value) in [
                    ("Headline, for search", &mut limits.headline_search),
                    ("Headline, at most", &mut limits.headline_max),
                    ("Dek, at most", &mut limits.dek_max),
                    ("Slug, at most", &mut limits.slug_max),
                    ("Words a paragraph", &mut limits.paragraph_words),
                ] {
                    let label = ui.label(label);
                    ui.add(egui::DragValue::new(value).range(1..=2000)).labelled_by(label.id);
                    ui.end_row();
                }
            });
            ui.label(RichText::new("One category, and one dictionary word, a line.").weak());
            if let Some(problem) = &edit.problem {
                ui.add(egui::Label::new(RichText::new(problem).color(ui.visuals().error_fg_color)).wrap());
            }
            // Enter in a list field starts a new line, not a save.
            buttons_with(ui, &[("Save", Answer::First), ("Cancel", Answer::Cancel)], !typing_lines)
        });
        match answer {
            Some(Answer::First) => match edit.settings() {
                Ok(settings) => {
                    match config::save(&edit.root, &settings) {
                        Ok(()) => {
                            if let Some(desk) = &mut self.desk {
                                desk.refresh(&[config::path_in(&edit.root)]);
                            }
                            self.notify(false, format!("Saved the desk settings ({}).", config::FILE_NAME));
                        }
                        Err(error) => self.notify(true, format!("Could not save the desk settings: {error}")),
                    }
                    None
                }
                Err(problem) => {
                    edit.problem = Some(problem);
                    Some(edit)
                }
            },
            Some(_) => None,
            None => Some(edit),
        }
    }
}
