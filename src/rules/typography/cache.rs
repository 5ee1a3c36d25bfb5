//! Typography fixes remembered per text between checks of one document,
//! like the spelling and grammar caches: a keystroke scans only the
//! paragraph it changed, not the article's every text again.

use std::sync::Arc;

use super::{Fix, Setting, fixes, fixes_plain};
use crate::rules::memo::TextMemo;

#[derive(Debug, Default)]
pub struct TypographyCache {
    /// Block texts (inline markup) and plain texts (headline, dek) are
    /// scanned differently, so the same words have other fixes in each.
    markup: TextMemo<Arc<[Fix]>, Setting>,
    plain: TextMemo<Arc<[Fix]>, Setting>,
}

impl TypographyCache {
    /// How many texts were scanned rather than found here, since made.
    pub fn texts_checked(&self) -> u64 {
        self.markup.made() + self.plain.made()
    }

    /// Starts a check with `setting`; another setting forgets everything.
    pub fn start_pass(&mut self, setting: Setting) {
        self.markup.start_pass(&setting);
        self.plain.start_pass(&setting);
    }

    /// Keeps only the texts of the check just finished.
    pub fn finish_pass(&mut self) {
        self.markup.finish_pass();
        self.plain.finish_pass();
    }

    /// The fixes of a text (`markup`: a block's inline markup source, else
    /// plain), from the cache when it has them.
    pub fn fixes(&mut self, text: &str, markup: bool, setting: Setting) -> Arc<[Fix]> {
        let scan = |text: &str| -> Arc<[Fix]> {
            if markup { fixes(text, setting) } else { fixes_plain(text, setting) }.into()
        };
        let memo = if markup { &mut self.markup } else { &mut self.plain };
        if !memo.is_for(&setting) {
            // Outside a pass with this setting: nothing to keep it with.
            return scan(text);
        }
        memo.get_or_make(text, scan)
    }
}
