//! Typography fixes remembered per text between checks of one document,
//! like the spelling and grammar caches: a keystroke scans only the
//! paragraph it changed, not the article's every text again.

use std::collections::HashMap;
use std::sync::Arc;

use super::{Fix, Setting, fixes, fixes_plain};

/// A text's fixes: the text, what it gave, the pass that last used it.
type Remembered = (Box<str>, Arc<[Fix]>, u64);

#[derive(Default)]
pub struct TypographyCache {
    /// The setting the remembered fixes were found with.
    setting: Option<Setting>,
    pass: u64,
    texts: HashMap<(u64, bool), Remembered>,
    checked: u64,
}

impl std::fmt::Debug for TypographyCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TypographyCache").field("texts", &self.texts.len()).finish_non_exhaustive()
    }
}

impl TypographyCache {
    /// How many texts were scanned rather than found here, since made.
    pub fn texts_checked(&self) -> u64 {
        self.checked
    }

    /// Starts a check with `setting`; another setting forgets everything.
    pub fn start_pass(&mut self, setting: Setting) {
        if self.setting != Some(setting) {
            self.setting = Some(setting);
            self.texts.clear();
        }
        self.pass += 1;
    }

    /// Keeps only the texts of the check just finished.
    pub fn finish_pass(&mut self) {
        let pass = self.pass;
        self.texts.retain(|_, (_, _, seen)| *seen == pass);
    }

    /// The fixes of a text (`markup`: a block's inline markup source, else
    /// plain), from the cache when it has them.
    pub fn fixes(&mut self, text: &str, markup: bool, setting: Setting) -> Arc<[Fix]> {
        let key = (xxhash_rust::xxh3::xxh3_64(text.as_bytes()), markup);
        let pass = self.pass;
        if self.setting == Some(setting)
            && let Some((memo, found, seen)) = self.texts.get_mut(&key)
            && **memo == *text
        {
            *seen = pass;
            return found.clone();
        }
        let found: Arc<[Fix]> = if markup { fixes(text, setting) } else { fixes_plain(text, setting) }.into();
        self.checked += 1;
        if self.setting == Some(setting) {
            self.texts.insert(key, (text.into(), found.clone(), pass));
        }
        found
    }
}
