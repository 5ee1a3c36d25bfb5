//! The menu bar, the status bar and the notices strip. Every menu item is a
//! command from the catalog, drawn with the catalog's label and shortcut.

use egui::RichText;

use crate::app::CopydeskApp;
use crate::app::commands::layout::separated_after;
use crate::app::commands::{self, Command, Situation};
use crate::app::window::plain_button::plain_button;
use crate::rules::check::Severity;

impl CopydeskApp {
    pub(crate) fn menu_bar_ui(&mut self, ui: &mut egui::Ui) {
        let situation = self.situation();
        let mut clicked = Vec::new();
        egui::MenuBar::new().ui(ui, |ui| {
            for (title, commands) in commands::MENUS {
                ui.menu_button(*title, |ui| {
                    for command in *commands {
                        if *command == Command::ClearRecent {
                            self.recent_ui(ui, &mut clicked);
                        }
                        if *command == Command::Publish {
                            for target in self.publish_targets() {
                                let label = format!("Publish to {}", target.name);
                                if ui.button(label).on_hover_text(&target.url).clicked() {
                                    clicked.push(Command::PublishTo(target.name));
                                    ui.close();
                                }
                            }
                        }
                        if menu_item_ui(ui, command, &situation, self.checked(command)) {
                            clicked.push(command.clone());
                            ui.close();
                        }
                        if separated_after(command) {
                            ui.separator();
                        }
                    }
                });
            }
        });
        self.queue.extend(clicked);
    }

    /// File ▸ Open Recent: desks, then files.
    fn recent_ui(&self, ui: &mut egui::Ui, clicked: &mut Vec<Command>) {
        ui.menu_button("Open Recent", |ui| {
            if self.prefs.recent.is_empty() && self.prefs.recent_desks.is_empty() {
                ui.label(RichText::new("No recent desks or files").weak());
            }
            for desk in &self.prefs.recent_desks {
                let shown = format!("Desk: {} — {}", desk.name, desk.root.display());
                if ui.button(shown).on_hover_text("Open this folder as the desk").clicked() {
                    clicked.push(Command::OpenDeskPath(desk.root.clone()));
                    ui.close();
                }
            }
            if !self.prefs.recent_desks.is_empty() && !self.prefs.recent.is_empty() {
                ui.separator();
            }
            for path in &self.prefs.recent {
                if ui.button(path.display().to_string()).clicked() {
                    clicked.push(Command::OpenPath(path.clone()));
                    ui.close();
                }
            }
        });
    }

    /// Whether a toggle or choice command is on now (a tick in the menu).
    fn checked(&self, command: &Command) -> Option<bool> {
        match command {
            Command::TogglePreview => Some(self.prefs.preview_visible),
            Command::ToggleChecks => Some(self.prefs.checks_visible),
            Command::ToggleOutline => Some(self.prefs.outline_visible),
            Command::ToggleSocialPreview => Some(self.social_open),
            Command::ToggleCaretBlink => Some(self.prefs.caret_blink),
            Command::ToggleScrollPreview => Some(self.prefs.preview_follows_editor),
            Command::ToggleSuggest => Some(self.review.suggesting),
            Command::ToggleReviewPanel => Some(self.review.panel_open),
            Command::TogglePreviewChanges => Some(self.review.with_changes),
            Command::SetPreviewWidth(width) => Some(self.prefs.preview_width == *width),
            Command::SetTheme(theme) => Some(self.prefs.theme == *theme),
            Command::SetStatus(status) => Some(self.workspace.doc().fields().article.status == *status),
            Command::ToggleLive => Some(self.workspace.view().live.wanted()),
            _ => None,
        }
    }

    pub(crate) fn status_bar_ui(&mut self, ui: &mut egui::Ui) {
        let analysis = self.checking.analyst.latest().clone();
        let message = self.status_message().map(|n| n.text.clone());
        let live = self.live_status();
        let doc = self.workspace.doc();
        let place = match &doc.path {
            Some(path) => path.display().to_string(),
            None => "Untitled (not saved yet)".into(),
        };
        let dirty = doc.is_dirty();
        ui.horizontal(|ui| {
            ui.label(place);
            if dirty {
                ui.label(RichText::new("● Modified").color(egui::Color32::from_rgb(200, 130, 0)));
            }
            ui.separator();
            let stats = analysis.stats;
            let (words, off_target) = self.words_line(stats.words);
            let words = if off_target {
                RichText::new(words).color(ui.visuals().warn_fg_color)
            } else {
                words.into()
            };
            ui.label(words);
            ui.label(format!("{} min read", stats.reading_minutes()));
            ui.separator();
            let summary = format!(
                "{} · {} · {}",
                crate::app::count(analysis.count(Severity::Error), "error", "errors"),
                crate::app::count(analysis.count(Severity::Warning), "warning", "warnings"),
                crate::app::count(analysis.count(Severity::Note), "note", "notes")
            );
            let findings =
                plain_button(ui, egui::Button::new(summary)).on_hover_text("Show or hide the checks panel");
            if findings.clicked() {
                self.queue.push(Command::ToggleChecks);
            }
            if !self.checking.analyst.is_current() {
                // Still words, not a spinner: a spinner repaints the whole
                // window every frame while a long article is checked.
                ui.label(RichText::new("checking…").weak());
            }
            self.review_status_ui(ui);
            if let Some(command) = crate::app::team::status_ui(ui, &self.team) {
                self.queue.push(command);
            }
            if let Some(command) = crate::app::publish::status_ui(ui, &self.publishing) {
                self.queue.push(command);
            }
            if let Some(command) = crate::app::live::status_ui(ui, live) {
                self.queue.push(command);
            }
            // The latest info notice ("Saved …", "Undone: …") lives here,
            // where it never pushes the panels around.
            if let Some(text) = &message {
                ui.separator();
                ui.add(egui::Label::new(RichText::new(text).color(ui.visuals().hyperlink_color)).truncate())
                    .on_hover_text(text);
            }
        });
    }

    pub(crate) fn notices_ui(&mut self, ui: &mut egui::Ui) {
        let mut dismiss = None;
        for (index, notice) in self.notices.iter().enumerate().filter(|(_, n)| n.error) {
            let fill = egui::Color32::from_rgb(120, 20, 20);
            egui::Frame::new().fill(fill).inner_margin(egui::Margin::symmetric(8, 4)).show(ui, |ui| {
                ui.horizontal(|ui| {
                    if ui.button("Dismiss").clicked() {
                        dismiss = Some(index);
                    }
                    ui.add(egui::Label::new(RichText::new(&notice.text).color(egui::Color32::WHITE)).wrap());
                });
            });
        }
        if let Some(index) = dismiss {
            self.notices.remove(index);
        }
    }
}

/// One menu item: the catalog's label, its shortcut, greyed when it cannot
/// run, highlighted when it is a choice that is on. Returns true when clicked.
fn menu_item_ui(ui: &mut egui::Ui, command: &Command, now: &Situation, checked: Option<bool>) -> bool {
    let shortcut = commands::keys_for(command).map(|k| ui.ctx().format_shortcut(&k)).unwrap_or_default();
    let button = egui::Button::new(command.label()).selected(checked == Some(true)).shortcut_text(shortcut);
    ui.add_enabled(command.enabled(now), button)
        .on_hover_text(command.description())
        .on_disabled_hover_text(command.description())
        .clicked()
}

/// Help ▸ About, while it is open.
pub struct About;

impl CopydeskApp {
    /// Help ▸ About: the version and every shortcut in words.
    pub(crate) fn about_ui(&mut self, ctx: &egui::Context, about: About) -> Option<About> {
        use crate::app::window::question::{Answer, buttons, modal};
        let answer = modal(ctx, "about", |ui| {
            ui.heading("Copydesk");
            ui.label(format!("Version {}", env!("CARGO_PKG_VERSION")));
            ui.label("A newsroom editor: write beside the published page, check, save as RON.");
            ui.add_space(6.0);
            ui.label(RichText::new("Keyboard").strong());
            for command in commands::catalog() {
                let shown = commands::keys_for(command);
                let more = command.shortcuts().iter().filter(|k| Some(**k) != shown);
                let keys: Vec<String> =
                    shown.iter().chain(more).map(|k| ui.ctx().format_shortcut(k)).collect();
                if !keys.is_empty() {
                    ui.label(format!("{}  —  {}", keys.join(" or "), command.label()));
                }
            }
            buttons(ui, &[("Close", Answer::Cancel)])
        });
        if answer.is_some() { None } else { Some(about) }
    }
}
