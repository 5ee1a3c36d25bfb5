//! Word boundaries (Unicode's UAX #29) with a fast path for ASCII text.
//!
//! Counting words, finding words typed twice and spelling all walk the
//! word boundaries of every paragraph, and `unicode-segmentation`'s table
//! lookups per character were most of what checking a long story cost.
//! Most copy is ASCII: for it the rules reduce to a few byte classes, and
//! this module applies them directly. Anything else goes to the crate, cut
//! at places where both agree a boundary must be (before a space that
//! follows an ASCII character that is not a space), so the answers are the
//! crate's exactly; a property test holds the two together.

use unicode_segmentation::{UWordBoundIndices, UnicodeSegmentation};

/// The word-boundary segments of `text` with their byte offsets, as
/// `UnicodeSegmentation::split_word_bound_indices` gives them.
pub fn bound_indices(text: &str) -> BoundIndices<'_> {
    BoundIndices { text, at: 0, ascii_end: 0, fast_end: 0, slow: None }
}

/// The segments that hold a letter or digit, as
/// `UnicodeSegmentation::unicode_words` gives them.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    bound_indices(text).map(|(_, segment)| segment).filter(|s| s.chars().any(char::is_alphanumeric))
}

pub struct BoundIndices<'a> {
    text: &'a str,
    /// Where the next segment starts.
    at: usize,
    /// The end of the ASCII run that starts at or before `at`.
    ascii_end: usize,
    /// The end of the stretch the fast path may segment.
    fast_end: usize,
    /// The crate's segmenter over a stretch holding non-ASCII text, and
    /// where that stretch starts.
    slow: Option<(usize, UWordBoundIndices<'a>)>,
}

impl<'a> Iterator for BoundIndices<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<(usize, &'a str)> {
        if let Some((start, slow)) = &mut self.slow {
            if let Some((offset, segment)) = slow.next() {
                return Some((*start + offset, segment));
            }
            self.slow = None;
        }
        let bytes = self.text.as_bytes();
        if self.at >= bytes.len() {
            return None;
        }
        if self.at < self.fast_end {
            let end = ascii_segment_end(&bytes[..self.fast_end], self.at);
            let start = std::mem::replace(&mut self.at, end);
            return Some((start, &self.text[start..end]));
        }
        if self.at >= self.ascii_end {
            self.ascii_end = self.at
                + bytes[self.at..].iter().position(|b| !b.is_ascii()).unwrap_or(bytes.len() - self.at);
        }
        if self.ascii_end == bytes.len() {
            self.fast_end = bytes.len();
            return self.next();
        }
        // Non-ASCII text ahead: the fast path may go up to the last cut
        // before it, the crate takes it from there to the first cut after.
        if let Some(cut) = (self.at + 1..=self.ascii_end).rev().find(|&i| is_cut(bytes, i)) {
            self.fast_end = cut;
            return self.next();
        }
        let end = (self.ascii_end + 1..bytes.len()).find(|&i| is_cut(bytes, i)).unwrap_or(bytes.len());
        let start = std::mem::replace(&mut self.at, end);
        self.slow = Some((start, self.text[start..end].split_word_bound_indices()));
        self.next()
    }
}

/// True when every segmentation breaks before byte `i`: a space after an
/// ASCII character that is not a space (no rule joins anything to a space
/// but another space, and an ASCII character carries no combining marks).
fn is_cut(bytes: &[u8], i: usize) -> bool {
    i < bytes.len() && bytes[i] == b' ' && bytes[i - 1].is_ascii() && bytes[i - 1] != b' '
}

/// The end of the segment starting at `start` in ASCII `bytes`, by the
/// UAX #29 rules that apply to ASCII: CR LF together (WB3), runs of spaces
/// (WB3d), letters, digits and `_` together (WB5, 8–10, 13a–b), and a
/// single `:`, `.` or `'` between letters (WB6–7) or `,`, `;`, `.` or `'`
/// between digits (WB11–12). Everything else stands alone.
fn ascii_segment_end(bytes: &[u8], start: usize) -> usize {
    let first = bytes[start];
    match first {
        b'\r' if bytes.get(start + 1) == Some(&b'\n') => start + 2,
        b' ' => start + bytes[start..].iter().take_while(|&&b| b == b' ').count(),
        _ if is_word_byte(first) => {
            let mut end = start + 1;
            while let Some(&b) = bytes.get(end) {
                if is_word_byte(b) {
                    end += 1;
                    continue;
                }
                if !joins(bytes, end) {
                    break;
                }
                end += 2;
            }
            end
        }
        _ => start + 1,
    }
}

/// Whether the byte at `i` (not a letter, digit or space) joins the
/// letters or digits either side of it into one word, as Unicode's word
/// rules do: `:`, `.` or `'` between letters (WB6–7), `,`, `;`, `.` or `'`
/// between digits (WB11–12).
pub(crate) fn joins(bytes: &[u8], i: usize) -> bool {
    let (Some(&before), Some(&after)) = (i.checked_sub(1).and_then(|j| bytes.get(j)), bytes.get(i + 1))
    else {
        return false;
    };
    (before.is_ascii_alphabetic() && after.is_ascii_alphabetic() && matches!(bytes[i], b':' | b'.' | b'\''))
        || (before.is_ascii_digit()
            && after.is_ascii_digit()
            && matches!(bytes[i], b',' | b';' | b'.' | b'\''))
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn crate_bounds(text: &str) -> Vec<(usize, &str)> {
        text.split_word_bound_indices().collect()
    }

    #[test]
    fn ascii_prose_splits_as_the_crate_does() {
        for text in [
            "",
            "The ferry's 4.5-tonne ramp, at 06:30; don't.",
            "a.b 1,000,000 x_y __ a:b 3;4 a'1 1'a ..  \r\n\n\r \t",
            "Mayor Quill said: \"it's done\"",
            "one  two   three",
        ] {
            assert_eq!(bound_indices(text).collect::<Vec<_>>(), crate_bounds(text), "{text:?}");
        }
    }

    #[test]
    fn mixed_text_splits_as_the_crate_does() {
        for text in [
            "Café “Linden” — 12 km",
            "naïve a\u{301} \u{301}b  e\u{200d}x 🇳🇴🇸🇪 flag",
            "東京 Tokyo, 2026",
            " \u{a0} x",
        ] {
            assert_eq!(bound_indices(text).collect::<Vec<_>>(), crate_bounds(text), "{text:?}");
        }
        let words: Vec<_> = words("Café “Linden” — 12 km").collect();
        assert_eq!(words, ["Café", "Linden", "12", "km"]);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn any_text_splits_as_the_crate_does(
            text in proptest::string::string_regex(
                "[a-zA-Z0-9 _.,;:'\"\\-\r\n\t!?é“”’\u{301}\u{200d}\u{a0}東🇳🇴😀]{0,40}"
            ).expect("regex")
        ) {
            prop_assert_eq!(bound_indices(&text).collect::<Vec<_>>(), crate_bounds(&text));
        }
    }
}
