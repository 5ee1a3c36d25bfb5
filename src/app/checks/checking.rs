//! What the open article is checked against, kept current: the dictionary
//! (loaded in the background), the desk's rules (or the `desk.ron` beside a
//! loose article, as `copydesk check` uses), and the background analysis.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::app::CopydeskApp;
use crate::app::editor::spelling;
use crate::editing::analysis::{self, Analyst};
use crate::editing::background::{Job, Jobs, Poll};
use crate::model::article::DEFAULT_CATEGORIES;
use crate::rules::review::Rules;
use crate::rules::spell::{SpellError, Speller};
use crate::storage::desk;
use crate::storage::desk::config::DeskConfig;

type Loading = Job<Result<Speller, SpellError>>;

/// The open article's analysis and everything it is run against.
pub struct Checking {
    pub analyst: Analyst,
    /// The document revision at the start of this frame, and whether the
    /// last frame left its analysis to this one (see `after_frame`).
    pub frame_revision: Option<u64>,
    pub analysis_due: bool,
    pub setting: analysis::Setting,
    pub setting_key: Option<SettingKey>,
    /// The desk's categories (or the newsroom defaults), for the picker.
    pub categories: Vec<String>,
    /// The settings of the desk the open article belongs to (or of the
    /// folder it sits in), chosen with `setting`: the export and the social
    /// preview read its name and base URL.
    pub desk_config: Arc<DeskConfig>,
    pub spelling: SpellingState,
}

impl Checking {
    /// Starts the analysis worker and the dictionary's loading.
    pub fn start(jobs: &Jobs) -> Checking {
        Checking {
            analyst: Analyst::new(jobs),
            frame_revision: None,
            analysis_due: false,
            setting: analysis::Setting::default(),
            setting_key: None,
            categories: DEFAULT_CATEGORIES.iter().map(|c| c.to_string()).collect(),
            desk_config: Arc::default(),
            spelling: SpellingState { loading: Some(load_speller(jobs)), ..SpellingState::default() },
        }
    }
}

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

/// Loads the dictionary in the background (tens of milliseconds), so the
/// window opens without waiting for it.
fn load_speller(jobs: &Jobs) -> Loading {
    jobs.spawn("speller", |_| Speller::load())
}

impl CopydeskApp {
    /// Takes the dictionary once its loading is done.
    pub(crate) fn poll_speller(&mut self) {
        let Some(loading) = &mut self.checking.spelling.loading else { return };
        let result = match loading.poll() {
            Poll::Pending => return,
            Poll::Ready(result) => result.map_err(|error| error.to_string()),
            Poll::Lost => Err("the dictionary's loading stopped unexpectedly.".to_string()),
        };
        self.checking.spelling.loading = None;
        match result {
            Ok(speller) => {
                self.checking.spelling.speller = Some(speller);
                self.checking.spelling.generation += 1;
            }
            Err(error) => self.notify(true, format!("Spell checking is off: {error}")),
        }
    }

    /// The dictionary with the desk's (or this session's) words, built once
    /// per change of either.
    pub(crate) fn speller(&self) -> Option<&Speller> {
        self.checking.setting.rules.speller.as_ref()
    }

    /// Rebuilds what the checks run against when the desk, the open file or
    /// the dictionary changed.
    pub(crate) fn update_setting(&mut self) {
        let key = SettingKey {
            desk: self.desk.as_ref().map_or(0, |d| d.generation + 1),
            path: self.workspace.doc().path.clone(),
            spelling: self.checking.spelling.generation,
        };
        if self.checking.setting_key.as_ref() == Some(&key) {
            return;
        }
        let generation = self.checking.setting.generation + 1;
        let speller = self.checking.spelling.speller.as_ref();
        let words = &self.checking.spelling.session_words;
        (self.checking.setting, self.checking.desk_config) = match self.desk_index().cloned() {
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
        self.checking.categories = match &self.checking.setting.rules.taxonomy {
            Some(taxonomy) => taxonomy.to_vec(),
            None => DEFAULT_CATEGORIES.iter().map(|c| c.to_string()).collect(),
        };
        self.checking.setting_key = Some(key);
    }

    pub(crate) fn request_analysis(&mut self) {
        let doc = self.workspace.doc();
        self.checking.analyst.request(
            doc.revision(),
            || doc.body_shared(),
            doc.fields(),
            self.checking.setting.clone(),
        );
    }
}
