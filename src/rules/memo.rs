//! Results remembered per text between checks of one document. Each check
//! is a pass: what a pass asks for is kept, what it did not ask for is
//! forgotten when it finishes, so the memory follows the article and a
//! keystroke recomputes only the texts it changed. A pass names the
//! setting its values are made with (a language, a linter); another
//! setting forgets everything.

use std::collections::HashMap;

/// A value per text (a paragraph, a sentence), found by the text itself:
/// its hash picks the entry, the stored text confirms it. `S` is the
/// setting the values were made with.
#[derive(Debug)]
pub struct TextMemo<V, S = ()> {
    setting: Option<S>,
    pass: u64,
    entries: HashMap<u64, (Box<str>, V, u64)>,
    made: u64,
}

impl<V, S> Default for TextMemo<V, S> {
    fn default() -> Self {
        TextMemo { setting: None, pass: 0, entries: HashMap::new(), made: 0 }
    }
}

impl<V: Clone, S: PartialEq + Clone> TextMemo<V, S> {
    /// Starts a pass with `setting`; values made with another are
    /// forgotten.
    pub fn start_pass(&mut self, setting: &S) {
        if self.setting.as_ref() != Some(setting) {
            self.setting = Some(setting.clone());
            self.entries.clear();
        }
        self.pass += 1;
    }

    /// Whether the current pass is with `setting`.
    pub fn is_for(&self, setting: &S) -> bool {
        self.setting.as_ref() == Some(setting)
    }

    /// Forgets the texts this pass did not ask for.
    pub fn finish_pass(&mut self) {
        let pass = self.pass;
        self.entries.retain(|_, (_, _, seen)| *seen == pass);
    }

    /// How many values were made rather than found here, since made.
    pub fn made(&self) -> u64 {
        self.made
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The value remembered for `text`, kept for this pass.
    pub fn get(&mut self, text: &str) -> Option<V> {
        let pass = self.pass;
        let (memo, value, seen) = self.entries.get_mut(&hash(text))?;
        (**memo == *text).then(|| {
            *seen = pass;
            value.clone()
        })
    }

    /// Remembers `value` (just made) for `text`.
    pub fn insert(&mut self, text: &str, value: V) {
        self.made += 1;
        self.entries.insert(hash(text), (text.into(), value, self.pass));
    }

    /// The value for `text`, made by `make` when not remembered.
    pub fn get_or_make(&mut self, text: &str, make: impl FnOnce(&str) -> V) -> V {
        if let Some(value) = self.get(text) {
            return value;
        }
        let value = make(text);
        self.insert(text, value.clone());
        value
    }
}

fn hash(text: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pass_keeps_what_it_asked_for_and_nothing_else() {
        let mut memo = TextMemo::default();
        memo.start_pass(&"en");
        assert_eq!(memo.get_or_make("one", str::len), 3);
        assert_eq!(memo.get_or_make("three", str::len), 5);
        memo.finish_pass();
        memo.start_pass(&"en");
        assert_eq!(memo.get_or_make("one", |_| 99), 3, "remembered");
        memo.finish_pass();
        assert_eq!(memo.len(), 1, "the text the last pass did not ask for is gone");
        assert_eq!(memo.made(), 2);
        memo.start_pass(&"de");
        assert!(memo.is_empty(), "another setting forgets everything");
        assert!(memo.is_for(&"de") && !memo.is_for(&"en"));
    }
}
