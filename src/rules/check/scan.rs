//! One pass over a block text that is plain ASCII copy: what the prose
//! checks need (control characters, two spaces, word count, repeated words,
//! unbalanced brackets) found together, a block of 64 bytes at a time.
//!
//! Most copy is one line of ASCII prose with no markup, and checking it
//! used to walk it six times (finding controls, finding two spaces, parsing
//! inline markup, copying what the reader sees, splitting words, matching
//! brackets), most of them a character at a time. A megabyte paragraph
//! took sixty times as long to check as to load. This pass gives the same
//! answers as those walks (a property test holds them together) for the
//! texts it accepts, and declines the rest.
//!
//! Each block becomes a `u64` with a bit per byte for "part of a word",
//! worked out eight bytes at once with arithmetic on `u64`s (every byte is
//! below 0x80, so none carries into the next). Word starts and ends are
//! where that bit changes; only they, and the rare byte that is neither a
//! word's nor a space, are visited one by one. A word is compared with the
//! one before as its first eight bytes, case folded, in one `u64`; a run
//! of one word pasted over and over is counted by comparing the text with
//! itself (see [`Words::count_copies`]).

use super::body::{DOUBLE_OK, MAX_REPEATS_SHOWN};
use crate::model::markup::inline;
use crate::model::words::joins;

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
    if text.starts_with(char::is_whitespace) {
        return None;
    }
    let mut words = Words::default();
    let mut repeats = Vec::new();
    // Whether a bracket or straight quotation mark occurs: only then is
    // the text matched for balance (by the general checks' own rule; for
    // the copy this scan takes, the text is what the reader sees).
    let mut marks_to_balance = false;
    let mut control = None;
    let n = bytes.len();
    let mut base = 0;
    // How many bytes at the start of this block were read already (after
    // a run of copies was counted without reading them).
    let mut from = 0;
    while base < n {
        // The last block is filled out with spaces, which neither start a
        // word nor part one from the next.
        let mut padded = [b' '; BLOCK];
        let block: &[u8; BLOCK] = match bytes[base..].first_chunk() {
            Some(block) => block,
            None => {
                padded[..n - base].copy_from_slice(&bytes[base..]);
                &padded
            }
        };
        // Bits by byte of the block: letters and digits (and the marks
        // joining them) and everything but those and spaces.
        let mut word = 0u64;
        let mut other = 0u64;
        let unread = u64::MAX.checked_shl(from).unwrap_or(0);
        // A loop the compiler vectorises: most blocks are only words and
        // spaces, and then the spaces alone tell the words.
        if block.iter().fold(true, |all, &b| all & (is_alphanumeric(b) | (b == b' '))) {
            for (j, chunk) in block.chunks_exact(8).enumerate() {
                let x = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
                word |= pack(HIGH ^ in_range(x, b' ', b' ')) << (8 * j);
            }
        } else {
            for (j, chunk) in block.chunks_exact(8).enumerate() {
                let x = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
                if x & HIGH != 0 {
                    return None;
                }
                let alphanumeric = in_range(x | FOLD, b'a', b'z') | in_range(x, b'0', b'9');
                word |= pack(alphanumeric) << (8 * j);
                other |= pack(HIGH ^ (alphanumeric | in_range(x, b' ', b' '))) << (8 * j);
            }
            other &= unread;
            let mut rest = other;
            while rest != 0 {
                let bit = rest & rest.wrapping_neg();
                rest ^= bit;
                let i = base + bit.trailing_zeros() as usize;
                let b = bytes[i];
                if joins(bytes, i) {
                    word |= bit;
                    other ^= bit;
                    continue;
                }
                if inline::is_literal_break(b) {
                    return None;
                }
                if (b < 0x20 && b != b'\t') || b == 0x7f {
                    control.get_or_insert((i, char::from(b)));
                }
                marks_to_balance |= matches!(b, b'(' | b')' | b'{' | b'}' | b'"');
            }
        }
        let before = (word << 1) | words.open;
        let starts = word & !before & unread;
        let ends = before & !word & unread;
        // Punctuation between two words ("no. No.") makes a repeat
        // deliberate: the first word after a mark, over any spaces, does
        // not repeat the word before it. Adding the bit after each mark to
        // the spaces carries it over them to that word.
        let space = !(word | other);
        let (spread, carry) = space.overflowing_add((other << 1) | words.mark_carry);
        words.mark_carry = u64::from(carry) | (other >> 63);
        let after_mark = spread & !space & starts;
        let edges = Edges { starts, ends, after_mark };
        words.block(text, base, edges, other == 0, &mut repeats);
        if words.resume == 0 {
            words.open = word >> 63;
            base += BLOCK;
            from = 0;
        } else {
            // Copies of a repeated word were counted up to `resume` (a
            // space): reading goes on after it, in the block holding it.
            let resume = std::mem::take(&mut words.resume);
            words.open = 0;
            words.mark_carry = 0;
            base = resume - resume % BLOCK;
            from = (resume - base + 1) as u32;
        }
    }
    if words.open != 0 {
        if words.open_after_mark {
            words.before_len = 0;
        }
        words.finish(text, words.start, n, false, &mut repeats);
    }
    Some(Scan {
        control,
        double_space: memchr::memmem::find(bytes, b"  "),
        words: words.count,
        repeats,
        total_repeats: words.repeats,
        unbalanced: if balance && marks_to_balance { super::body::unbalanced(text) } else { None },
    })
}

/// Bytes read at a time: one bit for each in a `u64`.
const BLOCK: usize = 64;
const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = ONES * 0x80;
/// Or-ing 0x20 folds A–Z to a–z and leaves every other byte a word can
/// hold (letters, digits, `:` `.` `'` `,` `;`) as it is.
const FOLD: u64 = ONES * 0x20;

fn is_alphanumeric(b: u8) -> bool {
    (b | 0x20).wrapping_sub(b'a') < 26 || b.wrapping_sub(b'0') < 10
}

/// The high bit of each byte of `x` (eight ASCII bytes) that lies in
/// `lo..=hi`. Every byte is below 0x80, so no byte carries into the next.
const fn in_range(x: u64, lo: u8, hi: u8) -> u64 {
    (x.wrapping_add(ONES * (0x80 - lo as u64)) & !x.wrapping_add(ONES * (0x7f - hi as u64))) & HIGH
}

/// The high bits of the eight bytes of `lanes` as the eight low bits, the
/// first byte's lowest.
fn pack(lanes: u64) -> u64 {
    (lanes >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56
}

/// A word's first eight bytes, case folded, zero past its end: equal keys
/// of words up to eight bytes long mean equal words, ignoring case.
const fn key_of(word: &[u8]) -> u64 {
    let mut key = 0u64;
    let mut i = 0;
    while i < word.len() && i < 8 {
        key |= ((word[i] | 0x20) as u64) << (8 * i);
        i += 1;
    }
    key
}

/// The keys of a word `len` bytes long keep its first `len.min(8)` bytes.
const KEY_MASK: [u64; 9] = {
    let mut masks = [0u64; 9];
    let mut len = 1;
    while len < 9 {
        masks[len] = u64::MAX >> (64 - 8 * len);
        len += 1;
    }
    masks
};

const DOUBLE_OK_KEYS: [u64; DOUBLE_OK.len()] = {
    let mut keys = [0u64; DOUBLE_OK.len()];
    let mut i = 0;
    while i < keys.len() {
        assert!(DOUBLE_OK[i].len() <= 8, "a key holds eight bytes");
        keys[i] = key_of(DOUBLE_OK[i].as_bytes());
        i += 1;
    }
    keys
};

/// The words counted so far, the word a block ends in, and the word
/// before while only spaces have come since.
#[derive(Default, Clone, Copy)]
struct Words {
    count: usize,
    repeats: usize,
    /// 1 while a word runs on from the last block read, which `start`
    /// then holds; whether a mark came before it.
    open: u64,
    start: usize,
    open_after_mark: bool,
    /// 1 while a mark is followed by nothing but spaces up to the end of
    /// the last block read.
    mark_carry: u64,
    before_start: usize,
    /// Zero when there is no word before to repeat.
    before_len: usize,
    before_key: u64,
    /// Whether the word before, if repeated, goes unreported: not worked
    /// out yet (0), no (1), yes (2).
    before_excluded: u8,
    /// Where reading goes on after a run of copies was counted unread.
    resume: usize,
}

impl Words {
    /// The words of the block at `base`; `runs` when it has no marks (see
    /// [`Words::finish`]).
    // Kept out of line so its loop has the registers to itself.
    #[inline(never)]
    fn block<'a>(
        &mut self,
        text: &'a str,
        base: usize,
        edges: Edges,
        runs: bool,
        repeats: &mut Vec<(usize, &'a str)>,
    ) {
        let Edges { mut starts, mut ends, after_mark } = edges;
        let mut words = *self;
        if words.open != 0 && ends != 0 {
            if words.open_after_mark {
                words.before_len = 0;
            }
            words.finish(text, words.start, base + ends.trailing_zeros() as usize, runs, repeats);
            ends &= ends - 1;
        }
        while starts != 0 && words.resume == 0 {
            let first = starts.trailing_zeros();
            starts &= starts - 1;
            let start = base + first as usize;
            let marked = (after_mark >> first) & 1 != 0;
            if ends == 0 {
                words.start = start;
                words.open_after_mark = marked;
                break;
            }
            if marked {
                words.before_len = 0;
            }
            words.finish(text, start, base + ends.trailing_zeros() as usize, runs, repeats);
            ends &= ends - 1;
        }
        *self = words;
    }

    /// Counts the word `start..end`, and whether it repeats the one before.
    /// With `runs` (the block has no marks after the word: it may be read
    /// again from any byte), a run of further copies is counted at once.
    #[inline(always)]
    fn finish<'a>(
        &mut self,
        text: &'a str,
        mut start: usize,
        end: usize,
        runs: bool,
        repeats: &mut Vec<(usize, &'a str)>,
    ) {
        let bytes = text.as_bytes();
        let len = end - start;
        let raw = match bytes[start..].first_chunk() {
            Some(eight) => u64::from_le_bytes(*eight),
            None => {
                let mut eight = [0u8; 8];
                eight[..bytes.len() - start].copy_from_slice(&bytes[start..]);
                u64::from_le_bytes(eight)
            }
        };
        let key = (raw | FOLD) & KEY_MASK[len.min(8)];
        self.count += 1;
        if len == self.before_len
            && key == self.before_key
            && (len <= 8 || same_after_eight(bytes, self.before_start, start, len))
        {
            if self.before_excluded == 0 {
                self.before_excluded = 1 + u8::from(excluded(&bytes[start..end], key));
            }
            if self.before_excluded == 1 {
                self.repeats += 1;
                if self.repeats <= MAX_REPEATS_SHOWN {
                    list(repeats, start, &text[start..end]);
                }
            }
            // Every repeat that would be listed is: copies need no looking at.
            if runs && (self.before_excluded == 2 || self.repeats >= MAX_REPEATS_SHOWN) {
                (*self, start) = self.count_copies(bytes, start, len);
            }
        } else {
            self.before_excluded = 0;
        }
        self.before_start = start;
        self.before_len = len;
        self.before_key = key;
    }
}

/// Where a block's words start and end, by bit.
struct Edges {
    /// Each word's first byte.
    starts: u64,
    /// The byte after each word.
    ends: u64,
    /// The first byte of each word that comes after a mark.
    after_mark: u64,
}

impl Words {
    /// After the word at `start` repeated the one before with only spaces
    /// between, the text may go on repeating that word and those spaces
    /// (a megabyte of one word pasted over and over): the copies that
    /// follow are counted, as words and as repeats, by comparing the text
    /// with itself one period on, not word by word. Returns the words with
    /// where reading goes on set, and where the last copy starts.
    // Out of line and by value, so that the word loop keeps its state in
    // registers.
    #[inline(never)]
    fn count_copies(mut self, bytes: &[u8], start: usize, len: usize) -> (Self, usize) {
        let period = start - self.before_start;
        let same = common_prefix(&bytes[self.before_start..], &bytes[start..]);
        // A copy counts when the space after it agrees too.
        let copies = same.saturating_sub(len + 1) / period;
        if copies == 0 {
            return (self, start);
        }
        self.count += copies;
        if self.before_excluded == 1 {
            self.repeats += copies;
        }
        let last = start + copies * period;
        self.resume = last + len;
        (self, last)
    }
}

/// How many bytes `a` and `b` agree on from their starts.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let mut same = 0;
    for step in [4096, 64, 1] {
        while same + step <= n && a[same..same + step] == b[same..same + step] {
            same += step;
        }
    }
    same
}

#[cold]
fn list<'a>(repeats: &mut Vec<(usize, &'a str)>, start: usize, word: &'a str) {
    repeats.push((start, word));
}

/// Whether two words of `len` (more than eight) bytes with the same first
/// eight end alike, ignoring case.
#[cold]
fn same_after_eight(bytes: &[u8], before: usize, start: usize, len: usize) -> bool {
    bytes[start + 8..start + len].eq_ignore_ascii_case(&bytes[before + 8..before + len])
}

/// Words that are not reported when doubled: numbers, and [`DOUBLE_OK`].
fn excluded(word: &[u8], key: u64) -> bool {
    word.iter().all(u8::is_ascii_digit) || (word.len() <= 8 && DOUBLE_OK_KEYS.contains(&key))
}

#[cfg(test)]
mod tests;
