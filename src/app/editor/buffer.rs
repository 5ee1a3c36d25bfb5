//! The text the body's text editor sees: one window of the body, edited in
//! place, so egui's selection, IME, clipboard and AccessKit code works on
//! a few screens of text however long the story is.

use std::ops::Range;

use egui::TextBuffer;

use crate::editing::unchanged::Unchanged;
use egui::text::CharIndex;

/// `body[window]`, as an editable text.
pub struct WindowBuffer<'a> {
    pub body: &'a mut String,
    /// Byte range of the window in the body; its end moves with edits.
    pub window: Range<usize>,
    /// Set once the text was edited.
    pub edited: bool,
    /// What of the body the edits left alone.
    pub touched: Unchanged,
}

impl WindowBuffer<'_> {
    fn byte(&self, index: CharIndex) -> usize {
        let text = self.as_str();
        self.window.start + text.char_indices().nth(index.0).map_or(text.len(), |(at, _)| at)
    }
}

impl TextBuffer for WindowBuffer<'_> {
    fn is_mutable(&self) -> bool {
        true
    }

    fn as_str(&self) -> &str {
        &self.body[self.window.clone()]
    }

    fn insert_text(&mut self, text: &str, char_index: CharIndex) -> usize {
        let at = self.byte(char_index);
        self.touched.edit(at, at, self.body.len());
        self.body.insert_str(at, text);
        self.window.end += text.len();
        self.edited = true;
        text.chars().count()
    }

    fn delete_char_range(&mut self, char_range: Range<CharIndex>) {
        if char_range.start >= char_range.end {
            return;
        }
        let (start, end) = (self.byte(char_range.start), self.byte(char_range.end));
        self.touched.edit(start, end, self.body.len());
        self.body.replace_range(start..end, "");
        self.window.end -= end - start;
        self.edited = true;
    }

    fn type_id(&self) -> std::any::TypeId {
        std::any::TypeId::of::<WindowBuffer<'static>>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_land_in_the_body_at_the_window() {
        let mut body = String::from("Before.\n\nIn the window é.\n\nAfter.");
        let window = 9..28;
        let mut buffer = WindowBuffer { body: &mut body, window, edited: false, touched: Unchanged::ALL };
        assert_eq!(buffer.as_str(), "In the window é.\n\n");
        buffer.insert_text("New ", CharIndex(0));
        buffer.delete_char_range(CharIndex(18)..CharIndex(20));
        assert_eq!(buffer.as_str(), "New In the window \n\n");
        assert!(buffer.edited);
        let touched = buffer.touched;
        assert_eq!(body, "Before.\n\nNew In the window \n\nAfter.");
        assert_eq!((touched.head(), touched.tail()), (9, "\n\nAfter.".len()));
    }
}
