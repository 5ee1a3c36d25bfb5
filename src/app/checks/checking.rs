//! What the open article is checked against, kept current: the dictionary
//! (loaded in the background), the desk's rules (or the `desk.ron` beside a
//! loose article, as `copydesk check` uses), and the background analysis.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::Receiver;

use crate::app::editor::spelling;
use crate::app::{CopydeskApp, analysis};
use crate::model::article::DEFAULT_CATEGORIES;
use crate::rules::review::Rules;
use crate::rules::spell::{SpellError, Speller};
use crate::storage::desk;

type Loading = Receiver<Result<Speller, SpellError>>;

/// The dictionary and the words accepted beside it.
#[derive(Default)]
pub struct SpellingState {
    /// The dictionary, once loaded (it loads in the background).
    pub speller: Option<Speller>,
    pub loading: Option<Loading>,
    /// Words accepted for this session when no desk is open.
    pub session_words: Vec<String>,
    /// Bumps when the dictionary or its extra words change.
    pub generation: u64,
    /// The misspelled word a right-click landed on.
    pub target: Option<spelling::Target>,
    /// Rows of the body editor's layout, for finding words on screen.
    pub body_rows: spelling::RowIndex,
}

/// What the analysis setting was last built from.
#[derive(PartialEq)]
pub struct SettingKey {
    desk: u64,
    path: Option<PathBuf>,
    spelling: u64,
}

/// Loads the dictionary on a worker thread (tens of milliseconds), so the
/// window opens without waiting for it.
pub fn load_speller(ctx: &egui::Context) -> Loading {
    let (sender, receiver) = std::sync::mpsc::channel();
    let ctx = ctx.clone();
    std::thread::spawn(move || {
        let _ = sender.send(Speller::load());
        ctx.request_repaint();
    });
    receiver
}

impl CopydeskApp {
    /// Takes the dictionary once its loading thread is done.
    pub(crate) fn poll_speller(&mut self, wait: bool) {
        let Some(loading) = &self.spelling.loading else { return };
        let result = if wait { loading.recv().ok() } else { loading.try_recv().ok() };
        let Some(result) = result else { return };
        self.spelling.loading = None;
        match result {
            Ok(speller) => {
                self.spelling.speller = Some(speller);
                self.spelling.generation += 1;
            }
            Err(error) => self.notify(true, format!("Spell checking is off: {error}")),
        }
    }

    /// The dictionary with the desk's (or this session's) words, built once
    /// per change of either.
    pub(crate) fn speller(&self) -> Option<&Speller> {
        self.setting.rules.speller.as_ref()
    }

    /// Rebuilds what the checks run against when the desk, the open file or
    /// the dictionary changed.
    pub(crate) fn update_setting(&mut self) {
        let key = SettingKey {
            desk: self.desk.as_ref().map_or(0, |d| d.generation + 1),
            path: self.workspace.doc().path.clone(),
            spelling: self.spelling.generation,
        };
        if self.setting_key.as_ref() == Some(&key) {
            return;
        }
        let generation = self.setting.generation + 1;
        let speller = self.spelling.speller.as_ref();
        let words = &self.spelling.session_words;
        (self.setting, self.desk_config) = match self.desk_index().cloned() {
            Some(index) => {
                let config = Arc::new(index.config.config.clone());
                let rules = Rules::new(&index.config, speller, words);
                let desk = desk::DeskView { index, current: key.path.clone() };
                (analysis::Setting { generation, rules, desk: Some(Arc::new(desk)) }, config)
            }
            // A loose article is checked with the settings of the desk
            // folder it sits in, as `copydesk check` does.
            None => {
                let settings = key.path.as_deref().and_then(Path::parent).map(desk::config::load);
                let settings = settings.unwrap_or_default();
                let rules = Rules::new(&settings, speller, words);
                (analysis::Setting { generation, rules, desk: None }, Arc::new(settings.config))
            }
        };
        self.categories = match &self.setting.rules.taxonomy {
            Some(taxonomy) => taxonomy.to_vec(),
            None => DEFAULT_CATEGORIES.iter().map(|c| c.to_string()).collect(),
        };
        self.setting_key = Some(key);
    }

    pub(crate) fn request_analysis(&mut self) {
        let doc = self.workspace.doc();
        self.analyst.request(
            doc.revision(),
            || doc.body_shared(),
            &doc.fields().article,
            self.setting.clone(),
            Some(self.ctx.clone()),
        );
    }
}
