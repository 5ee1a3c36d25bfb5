//! The body cut into chunks for the windowed editor: each chunk's length in
//! bytes and characters and its height on screen (measured once laid out,
//! estimated until then), so a screen position, a byte and a character of
//! a 500,000-word body are found without walking it.

/// Chunks end after a blank line (`\n\n`), so a chunk starts a block and
/// the highlighter sees the same neighbours in a window as in the body.
/// Text with no blank line for this long is cut at a line end anyway.
const LONGEST_CHUNK: usize = 16 * 1024;

/// One chunk.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Chunk {
    bytes: usize,
    chars: usize,
    /// Newlines in it, for the estimate.
    newlines: usize,
    height: f32,
    measured: bool,
}

/// The chunks of one body, with running totals kept up to date.
#[derive(Debug, Default)]
pub struct Chunks {
    chunks: Vec<Chunk>,
    /// Start of each chunk (and the end, last): bytes, characters, y.
    byte_starts: Vec<usize>,
    char_starts: Vec<usize>,
    tops: Vec<f32>,
    /// Pixels per "row unit" of the estimate, learnt from measured chunks.
    pub unit_px: f32,
    /// Characters per row, for the estimate (from the wrap width).
    pub chars_per_row: f32,
}

/// Where chunk boundaries fall in `text`: the end of each chunk.
pub fn chunk_ends(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut ends = Vec::with_capacity(text.len() / 300 + 1);
    let mut start = 0;
    while start < bytes.len() {
        let end = match memchr::memmem::find(&bytes[start..], b"\n\n") {
            Some(at) if at + 2 <= LONGEST_CHUNK => start + at + 2,
            _ if bytes.len() - start <= LONGEST_CHUNK => bytes.len(),
            _ => {
                // No blank line soon: cut at the last line end before the
                // limit, or (a single huge line) at a character boundary.
                let limit = start + LONGEST_CHUNK;
                match memchr::memrchr(b'\n', &bytes[start..limit]) {
                    Some(at) => start + at + 1,
                    None => {
                        let mut at = limit;
                        while !text.is_char_boundary(at) {
                            at -= 1;
                        }
                        at
                    }
                }
            }
        };
        ends.push(end);
        start = end;
    }
    ends
}

impl Chunks {
    /// The chunks of `text`; heights estimated.
    pub fn new(text: &str, chars_per_row: f32, unit_px: f32) -> Chunks {
        let mut chunks = Chunks { unit_px, chars_per_row, ..Chunks::default() };
        chunks.chunks = chunks.cut(text);
        chunks.sum();
        chunks
    }

    fn cut(&self, text: &str) -> Vec<Chunk> {
        let mut start = 0;
        chunk_ends(text)
            .into_iter()
            .map(|end| {
                let piece = &text[start..end];
                start = end;
                let chars = piece.chars().count();
                let newlines = memchr::memchr_iter(b'\n', piece.as_bytes()).count();
                Chunk {
                    bytes: piece.len(),
                    chars,
                    newlines,
                    height: self.estimate(chars, newlines),
                    measured: false,
                }
            })
            .collect()
    }

    fn estimate(&self, chars: usize, newlines: usize) -> f32 {
        let rows = newlines as f32 + (chars as f32 / self.chars_per_row.max(1.0)).ceil().max(1.0);
        rows * self.unit_px
    }

    fn sum(&mut self) {
        self.sum_from(0);
    }

    /// Recomputes where chunks start from chunk `first` on; those before
    /// it did not change. An edit in the middle of a long story sums half
    /// of it, not all.
    fn sum_from(&mut self, first: usize) {
        let n = self.chunks.len();
        // The sums hold one more entry than there were chunks (none before
        // the first sum); entry `first` is still right.
        let first = first.min(n).min(self.byte_starts.len().saturating_sub(1));
        let (mut bytes, mut chars, mut y) =
            match (self.byte_starts.get(first), self.char_starts.get(first), self.tops.get(first)) {
                (Some(&bytes), Some(&chars), Some(&y)) => (bytes, chars, y),
                _ => (0, 0, 0.0),
            };
        self.byte_starts.truncate(first);
        self.char_starts.truncate(first);
        self.tops.truncate(first);
        self.byte_starts.reserve(n + 1 - first);
        self.char_starts.reserve(n + 1 - first);
        self.tops.reserve(n + 1 - first);
        for chunk in &self.chunks[first..] {
            self.byte_starts.push(bytes);
            self.char_starts.push(chars);
            self.tops.push(y);
            bytes += chunk.bytes;
            chars += chunk.chars;
            y += chunk.height;
        }
        self.byte_starts.push(bytes);
        self.char_starts.push(chars);
        self.tops.push(y);
    }

    pub fn len(&self) -> usize {
        self.chunks.len()
    }

    pub fn total_bytes(&self) -> usize {
        self.byte_starts.last().copied().unwrap_or(0)
    }

    pub fn total_chars(&self) -> usize {
        self.char_starts.last().copied().unwrap_or(0)
    }

    pub fn total_height(&self) -> f32 {
        self.tops.last().copied().unwrap_or(0.0)
    }

    /// Byte where chunk `i` starts (`len()` gives the end of the body).
    pub fn byte_start(&self, i: usize) -> usize {
        self.byte_starts.get(i).copied().unwrap_or_else(|| self.total_bytes())
    }

    pub fn char_start(&self, i: usize) -> usize {
        self.char_starts.get(i).copied().unwrap_or_else(|| self.total_chars())
    }

    pub fn top(&self, i: usize) -> f32 {
        self.tops.get(i).copied().unwrap_or_else(|| self.total_height())
    }

    pub fn height(&self, i: usize) -> f32 {
        self.chunks.get(i).map_or(0.0, |c| c.height)
    }

    /// The chunk at content height `y` (the last one below the end).
    pub fn at_y(&self, y: f32) -> usize {
        self.tops.partition_point(|&top| top <= y).saturating_sub(1).min(self.len().saturating_sub(1))
    }

    /// The chunk holding character `c` (the last one for the end).
    pub fn at_char(&self, c: usize) -> usize {
        self.char_starts.partition_point(|&s| s <= c).saturating_sub(1).min(self.len().saturating_sub(1))
    }

    pub fn at_byte(&self, b: usize) -> usize {
        self.byte_starts.partition_point(|&s| s <= b).saturating_sub(1).min(self.len().saturating_sub(1))
    }

    /// The byte of character `c` of `body`, walking one chunk at most.
    pub fn byte_of_char(&self, body: &str, c: usize) -> usize {
        let i = self.at_char(c);
        let start = self.byte_start(i);
        let rest = c - self.char_start(i).min(c);
        body.get(start..)
            .and_then(|tail| tail.char_indices().nth(rest).map(|(at, _)| start + at))
            .unwrap_or(body.len())
    }

    /// The character at byte `b` of `body` (rounded down to a boundary).
    pub fn char_of_byte(&self, body: &str, b: usize) -> usize {
        let mut b = b.min(body.len());
        while !body.is_char_boundary(b) {
            b -= 1;
        }
        let i = self.at_byte(b);
        let start = self.byte_start(i).min(b);
        self.char_start(i) + body.get(start..b).map_or(0, |s| s.chars().count())
    }

    /// Chunks `range` became `text` (whole chunks, as the editor edited
    /// them); the new chunks are estimated.
    pub fn replace(&mut self, range: std::ops::Range<usize>, text: &str) {
        let new = self.cut(text);
        let first = range.start;
        self.chunks.splice(range, new);
        self.sum_from(first);
    }

    /// Sets the heights of chunks `first..` from measurements, and returns
    /// how much the total height of those chunks changed.
    pub fn measure(&mut self, first: usize, heights: &[f32]) -> f32 {
        let mut change = 0.0;
        for (chunk, &height) in self.chunks[first..].iter_mut().zip(heights) {
            change += height - chunk.height;
            chunk.height = height;
            chunk.measured = true;
        }
        if change != 0.0 {
            self.sum_from(first);
        }
        change
    }

    /// Moves `delta` of height onto the unmeasured chunks just above chunk
    /// `before` (so what is below them does not move on screen); returns
    /// what could not be absorbed.
    pub fn absorb(&mut self, before: usize, delta: f32) -> f32 {
        let mut left = delta;
        for chunk in self.chunks[..before].iter_mut().rev() {
            if left == 0.0 {
                break;
            }
            // Never below one pixel, so a chunk keeps a place on screen.
            let next = (chunk.height + left).max(1.0);
            left -= next - chunk.height;
            chunk.height = next;
            if left.abs() < 0.01 {
                left = 0.0;
            }
        }
        self.sum();
        left
    }

    /// Re-estimates every chunk (the wrap width changed).
    pub fn reestimate(&mut self, chars_per_row: f32, unit_px: f32) {
        self.chars_per_row = chars_per_row;
        self.unit_px = unit_px;
        for i in 0..self.chunks.len() {
            let c = self.chunks[i];
            self.chunks[i].height = self.estimate(c.chars, c.newlines);
            self.chunks[i].measured = false;
        }
        self.sum();
    }

    /// Row units of chunk `i` (for learning the unit).
    pub fn units(&self, i: usize) -> f32 {
        self.chunks.get(i).map_or(0.0, |c| self.estimate(c.chars, c.newlines) / self.unit_px.max(0.01))
    }

    pub fn is_measured(&self, i: usize) -> bool {
        self.chunks.get(i).is_some_and(|c| c.measured)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_end_after_blank_lines_and_cover_the_text() {
        let text = "## Head\n\nOne two.\n\n> Quote\n> — Name\n\nLast";
        let ends = chunk_ends(text);
        assert_eq!(ends, vec![9, 19, 39, text.len()]);
        let chunks = Chunks::new(text, 60.0, 20.0);
        assert_eq!(chunks.total_bytes(), text.len());
        assert_eq!(chunks.total_chars(), text.chars().count());
        for c in 0..=text.chars().count() {
            let b = chunks.byte_of_char(text, c);
            assert_eq!(b, text.char_indices().nth(c).map_or(text.len(), |(b, _)| b));
            assert_eq!(chunks.char_of_byte(text, b), c);
        }
    }

    #[test]
    fn a_long_run_without_blank_lines_is_cut_at_line_ends() {
        let line = "é".repeat(100) + "\n";
        let text = line.repeat(200);
        let ends = chunk_ends(&text);
        assert!(ends.len() > 1);
        let mut start = 0;
        for end in ends {
            assert!(end - start <= LONGEST_CHUNK);
            assert_eq!(&text[end - 1..end], "\n");
            start = end;
        }
        let one_line = "ü".repeat(LONGEST_CHUNK);
        for end in chunk_ends(&one_line) {
            assert!(one_line.is_char_boundary(end));
        }
    }

    #[test]
    fn measuring_and_absorbing_keep_what_is_below_in_place() {
        let text = "a\n\n".repeat(10);
        let mut chunks = Chunks::new(&text, 60.0, 20.0);
        let top_of_six = chunks.top(6);
        let change = chunks.measure(4, &[100.0, 100.0]);
        assert!(change > 0.0);
        let left = chunks.absorb(4, -change);
        assert_eq!(left, 0.0);
        assert_eq!(chunks.top(6), top_of_six);
        assert_eq!(chunks.at_y(chunks.top(5) + 1.0), 5);
    }

    #[test]
    fn an_edit_in_the_middle_sums_as_a_fresh_cut_does() {
        let text: String = (0..40).map(|n| format!("Paragraph {n} é.\n\n")).collect();
        let mut chunks = Chunks::new(&text, 60.0, 20.0);
        let (start, end) = (chunks.byte_start(20), chunks.byte_start(23));
        let with = "One new paragraph.\n\nAnd a second, longer one.\n\n";
        chunks.replace(20..23, with);
        let mut edited = text.clone();
        edited.replace_range(start..end, with);
        let fresh = Chunks::new(&edited, 60.0, 20.0);
        assert_eq!(chunks.len(), fresh.len());
        for i in 0..=fresh.len() {
            assert_eq!(chunks.byte_start(i), fresh.byte_start(i), "chunk {i}");
            assert_eq!(chunks.top(i), fresh.top(i), "chunk {i}");
        }
        assert_eq!(chunks.total_chars(), edited.chars().count());
    }

    /// A window of whole chunks is highlighted exactly as the same lines
    /// are in the whole body: chunks end after blank lines, so no line's
    /// neighbours (a quote's attribution) change at a window's edge.
    #[test]
    fn windows_highlight_as_the_whole_body_does() {
        use crate::app::editor::highlight::marks_of_text;
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample");
        let mut body = String::new();
        for entry in std::fs::read_dir(folder).expect("the samples") {
            let path = entry.expect("an entry").path();
            // desk.ron is the desk's settings, not an article.
            if let Ok(article) = crate::storage::store::load(&path) {
                body.push_str(&crate::model::markup::render(&article.body));
                body.push_str("\n\n");
            }
        }
        let whole = marks_of_text(&body);
        let ends = chunk_ends(&body);
        let starts: Vec<usize> = std::iter::once(0).chain(ends.iter().copied()).collect();
        assert!(ends.len() > 20, "the samples make many chunks");
        for (first, &start) in starts[..ends.len()].iter().enumerate() {
            for &last_end in &ends[first..(first + 3).min(ends.len())] {
                let mut end = last_end;
                // As the editor shows it: without the final newline.
                if end < body.len() && body.as_bytes()[end - 1] == b'\n' {
                    end -= 1;
                }
                let window = marks_of_text(&body[start..end]);
                let expected: Vec<_> = whole
                    .iter()
                    .filter(|(range, _)| start <= range.start && range.end <= end)
                    .map(|(range, mark)| (range.start - start..range.end - start, *mark))
                    .collect();
                assert_eq!(window, expected, "window {start}..{end}");
            }
        }
    }
}
