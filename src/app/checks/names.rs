//! Article ▸ Add All Flagged Names…: every capitalised word the spell
//! checker flags in the article (names of people and places, mostly),
//! each with a box to tick, added to the dictionary in one go: the desk's
//! (`desk.ron`) when a desk is open, else for this session.

use crate::app::CopydeskApp;
use crate::app::editor::spelling;
use crate::app::window::question::{Answer, buttons, modal};
use crate::rules::spell::FINDING_CODE as MISSPELLING;
use crate::storage::desk;

/// The question: the flagged names, each ticked or not.
pub struct FlaggedNames {
    pub names: Vec<(String, bool)>,
}

impl CopydeskApp {
    /// Asks which flagged names to add (all ticked to begin with).
    pub(crate) fn ask_flagged_names(&mut self) {
        let analysis = self.checking.analyst.latest().clone();
        let mut names: Vec<(String, bool)> = Vec::new();
        for finding in analysis.findings.iter().filter(|f| f.code == MISSPELLING) {
            if let Some(word) = spelling::word_in(&finding.message)
                && word.chars().next().is_some_and(char::is_uppercase)
                && !names.iter().any(|(name, _)| name == word)
            {
                names.push((word.to_string(), true));
            }
        }
        if names.is_empty() {
            self.notify(false, "No capitalised word is flagged in this article.");
            return;
        }
        self.ask(FlaggedNames { names });
    }

    pub(crate) fn flagged_names_ui(
        &mut self,
        ctx: &egui::Context,
        mut question: FlaggedNames,
    ) -> Option<FlaggedNames> {
        let ticked = question.names.iter().filter(|(_, on)| *on).count();
        let add = format!("Add {}", crate::app::count(ticked, "word", "words"));
        let place =
            if self.desk.is_some() { "the desk dictionary (desk.ron)" } else { "this session's words" };
        let answer = modal(ctx, "flagged-names", |ui| {
            ui.heading("Add flagged names to the dictionary");
            ui.add(
                egui::Label::new(format!("Ticked words go into {place}; untick any that are misspelt."))
                    .wrap(),
            );
            egui::ScrollArea::vertical().max_height(320.0).show(ui, |ui| {
                for (name, on) in &mut question.names {
                    ui.checkbox(on, name.as_str());
                }
            });
            ui.add_space(6.0);
            buttons(ui, &[(add.as_str(), Answer::First), ("Cancel", Answer::Cancel)])
        });
        match answer {
            Some(Answer::First) => {
                let words: Vec<String> =
                    question.names.into_iter().filter(|(_, on)| *on).map(|(name, _)| name).collect();
                self.add_words(&words);
                None
            }
            Some(_) => None,
            None => Some(question),
        }
    }

    /// Accepts `words` as spelled: into the desk's `desk.ron` when a desk
    /// is open (one write), else for this session.
    pub(crate) fn add_words(&mut self, words: &[String]) {
        if words.is_empty() {
            return;
        }
        let listed = words.join(", ");
        match self.desk.as_ref().map(|d| d.root.clone()) {
            Some(root) => {
                let words: Vec<&str> = words.iter().map(String::as_str).collect();
                match desk::config::add_words(&root, &words) {
                    Ok(_) => {
                        if let Some(desk) = &mut self.desk {
                            desk.refresh(&[desk::config::path_in(&root)]);
                        }
                        self.notify(
                            false,
                            format!("Added {listed} to the desk dictionary ({}).", desk::config::FILE_NAME),
                        );
                    }
                    Err(error) => {
                        self.notify(true, format!("Could not add {listed} to the desk dictionary: {error}"))
                    }
                }
            }
            None => {
                self.checking.spelling.session_words.extend(words.iter().cloned());
                self.checking.spelling.generation += 1;
                self.notify(
                    false,
                    format!(
                        "Accepted {listed} for this session; open a desk to keep words in its dictionary."
                    ),
                );
            }
        }
    }
}
