//! One pass over a block text that is plain ASCII copy: what the prose
//! checks need (control characters, two spaces, word count, repeated words,
//! unbalanced brackets) found together, byte by byte.
//!
//! Most copy is one line of ASCII prose with no markup, and checking it
//! used to walk it six times (finding controls, finding two spaces, parsing
//! inline markup, copying what the reader sees, splitting words, matching
//! brackets), most of them a character at a time. A megabyte paragraph
//! took sixty times as long to check as to load. This pass gives the same
//! answers as those walks (a property test holds them together) for the
//! texts it accepts, and declines the rest.

use super::body::{DOUBLE_OK, MAX_REPEATS_SHOWN};
use crate::markup::inline;

/// What the prose checks find in one text, offsets in its bytes.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Scan<'a> {
    /// The first control character (other than a tab or line end).
    pub control: Option<(usize, char)>,
    /// Where two spaces in a row first occur.
    pub double_space: Option<usize>,
    /// Words the reader sees.
    pub words: usize,
    /// The first [`MAX_REPEATS_SHOWN`] words that repeat the word before.
    pub repeats: Vec<(usize, &'a str)>,
    /// How many words repeat the one before, in all.
    pub total_repeats: usize,
    /// The first unbalanced bracket or quotation mark, described.
    pub unbalanced: Option<String>,
}

/// Scans `text` if it is ASCII prose that reads as itself (no inline
/// markup, one line, not starting with a space); `None` for anything else,
/// which the general checks take.
pub(super) fn ascii_prose(text: &str, balance: bool) -> Option<Scan<'_>> {
    let bytes = text.as_bytes();
    if !text.is_ascii() || text.starts_with(char::is_whitespace) {
        return None;
    }
    let mut scan = Scan::default();
    let mut brackets = Brackets::default();
    // The word before, while only spaces have come since.
    let mut previous: Option<&str> = None;
    let n = bytes.len();
    let mut i = 0;
    while i < n {
        let b = bytes[i];
        if b.is_ascii_alphanumeric() {
            let start = i;
            i = word_end(bytes, i);
            // An underscore joins words, and starts emphasis: the markup
            // parser's business.
            if bytes.get(i) == Some(&b'_') {
                return None;
            }
            let word = &text[start..i];
            scan.words += 1;
            if previous.is_some_and(|before| is_repeat(before, word)) {
                scan.total_repeats += 1;
                if scan.repeats.len() < MAX_REPEATS_SHOWN {
                    scan.repeats.push((start, word));
                }
            }
            previous = Some(word);
        } else if b == b' ' {
            let start = i;
            i += 1;
            while i < n && bytes[i] == b' ' {
                i += 1;
            }
            if i - start > 1 && scan.double_space.is_none() {
                scan.double_space = Some(start);
            }
        } else {
            if inline::is_literal_break(b) {
                return None;
            }
            if (b < 0x20 && b != b'\t') || b == 0x7f {
                scan.control.get_or_insert((i, char::from(b)));
            }
            if balance {
                brackets.take(b);
            }
            // Punctuation between two words ("no. No.") makes a repeat
            // deliberate.
            previous = None;
            i += 1;
        }
    }
    if balance {
        scan.unbalanced = brackets.finish();
    }
    Some(scan)
}

/// The end of the word starting at `start`: letters and digits, joined
/// across a single `:`, `.` or `'` between letters and `,`, `;`, `.` or
/// `'` between digits, as Unicode's word rules join them.
fn word_end(bytes: &[u8], start: usize) -> usize {
    let mut end = start + 1;
    loop {
        while end < bytes.len() && bytes[end].is_ascii_alphanumeric() {
            end += 1;
        }
        let (Some(&joiner), Some(&after)) = (bytes.get(end), bytes.get(end + 1)) else {
            return end;
        };
        let before = bytes[end - 1];
        let joins = (before.is_ascii_alphabetic()
            && after.is_ascii_alphabetic()
            && matches!(joiner, b':' | b'.' | b'\''))
            || (before.is_ascii_digit()
                && after.is_ascii_digit()
                && matches!(joiner, b',' | b';' | b'.' | b'\''));
        if !joins {
            return end;
        }
        end += 2;
    }
}

fn is_repeat(before: &str, word: &str) -> bool {
    before.len() == word.len()
        && before.eq_ignore_ascii_case(word)
        && !word.bytes().all(|b| b.is_ascii_digit())
        && !DOUBLE_OK.iter().any(|ok| ok.eq_ignore_ascii_case(word))
}

/// Brackets and straight quotation marks, matched as they come.
#[derive(Default)]
struct Brackets {
    open: Vec<u8>,
    straight_quotes: usize,
    problem: Option<String>,
}

impl Brackets {
    fn take(&mut self, b: u8) {
        if self.problem.is_some() {
            return;
        }
        match b {
            b'(' | b'[' | b'{' => self.open.push(b),
            b')' | b']' | b'}' => {
                let open = match b {
                    b')' => b'(',
                    b']' => b'[',
                    _ => b'{',
                };
                if self.open.last() == Some(&open) {
                    self.open.pop();
                } else {
                    self.problem =
                        Some(format!("A closing {} has no opening {}.", char::from(b), char::from(open)));
                }
            }
            b'"' => self.straight_quotes += 1,
            _ => {}
        }
    }

    fn finish(mut self) -> Option<String> {
        if self.problem.is_some() {
            return self.problem;
        }
        if let Some(open) = self.open.pop() {
            let close = match open {
                b'(' => ')',
                b'[' => ']',
                _ => '}',
            };
            return Some(format!("An opening {} is never closed with {close}.", char::from(open)));
        }
        if self.straight_quotes % 2 == 1 {
            return Some("An odd number of \" quotation marks: one is not closed.".into());
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::body::{any_text, plain_prose};
    use crate::check::{Findings, Location};
    use proptest::prelude::*;

    fn at(offset: usize) -> Location {
        Location::Body { block: 0, part: 0, offset }
    }

    /// The findings and word count of the general checks, and of this
    /// scan when it takes the text.
    fn both(text: &str, balance: bool) -> (Findings, usize, Option<(Findings, usize)>) {
        let mut general = Findings(Vec::new());
        let words = any_text(text, balance, &at, &mut general);
        let fast = ascii_prose(text, balance).map(|scan| {
            let mut out = Findings(Vec::new());
            let words = plain_prose(scan, &at, &mut out);
            (out, words)
        });
        (general, words, fast)
    }

    #[test]
    fn plain_copy_is_taken_and_checked_as_the_general_checks_do() {
        for text in [
            "The ferry's 4.5-tonne ramp, at 06:30; the the ramp (was) late.",
            "River river  river. River 1,000 1,000 had had {open (and) shut}",
            "A closing ) first, then (an opening",
            "Odd \"quotes\" here \" and a tab\there and a bell\u{7} too",
            "that that 42 42 x",
        ] {
            let (general, words, fast) = both(text, true);
            let (fast, fast_words) = fast.expect("plain ASCII copy takes the scan");
            assert_eq!(fast.0, general.0, "{text:?}");
            assert_eq!(fast_words, words, "{text:?}");
        }
    }

    #[test]
    fn markup_other_scripts_and_line_breaks_are_left_to_the_general_checks() {
        for text in ["Some *bold* words", "snake_case", "Café", "two\nlines", " leading space", "a [link](x)"]
        {
            assert!(ascii_prose(text, true).is_none(), "{text:?}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        // Few letters, so words repeat often; nothing the scan declines
        // but a leading space.
        #[test]
        fn the_scan_agrees_with_the_general_checks(
            text in "[abAB09 .,;:'\"(){}\t\u{1}\u{7f}-]{0,40}",
            balance in any::<bool>(),
        ) {
            let (general, words, fast) = both(&text, balance);
            prop_assert_eq!(fast.is_some(), !text.starts_with(char::is_whitespace));
            if let Some((fast, fast_words)) = fast {
                prop_assert_eq!(fast.0, general.0);
                prop_assert_eq!(fast_words, words);
            }
        }

        #[test]
        fn when_markup_or_other_scripts_are_near_the_scan_still_agrees(
            text in "[abA0 .:'\"()\\[\\]\t\u{1}_*é\n-]{0,24}",
            balance in any::<bool>(),
        ) {
            let (general, words, fast) = both(&text, balance);
            if let Some((fast, fast_words)) = fast {
                prop_assert_eq!(fast.0, general.0);
                prop_assert_eq!(fast_words, words);
            }
        }
    }
}
