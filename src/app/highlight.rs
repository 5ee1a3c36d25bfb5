//! The body editor's highlighter: headings, quotes, list markers, emphasis
//! and links, coloured as the writer types. Memoised twice: per line (a
//! keystroke re-scans one line) and per text (an idle frame re-uses the last
//! layout job).

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use egui::Galley;
use egui::text::{ByteIndex, LayoutJob, LayoutSection, TextFormat};
use egui::{Color32, FontFamily, FontId, Stroke};

use super::fonts;

/// What a piece of body text is, for colouring.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mark {
    Plain,
    /// Markup syntax: `## `, `> `, `- `, `*`, brackets.
    Syntax,
    Heading2,
    Heading3,
    Quote,
    Attribution,
    Emphasis,
    Strong,
    LinkText,
    LinkUrl,
}

/// One line's marks, as byte ranges within the line.
type LineMarks = Arc<[(Range<usize>, Mark)]>;

/// Colours and sizes for the marks, from the current theme.
#[derive(Debug, Clone, PartialEq)]
pub struct Palette {
    pub text: Color32,
    pub weak: Color32,
    pub strong: Color32,
    pub accent: Color32,
    pub quote: Color32,
    pub size: f32,
}

impl Palette {
    pub fn from_visuals(visuals: &egui::Visuals, size: f32) -> Palette {
        let dark = visuals.dark_mode;
        Palette {
            text: visuals.text_color(),
            weak: visuals.weak_text_color(),
            strong: visuals.strong_text_color(),
            accent: if dark { Color32::from_rgb(240, 120, 100) } else { Color32::from_rgb(176, 30, 30) },
            quote: if dark { Color32::from_rgb(150, 190, 230) } else { Color32::from_rgb(30, 80, 140) },
            size,
        }
    }

    fn format(&self, mark: Mark) -> TextFormat {
        let body = FontId::new(self.size, FontFamily::Proportional);
        let bold = |size| fonts::sans_bold(size);
        let (font_id, color, italics, underline) = match mark {
            Mark::Plain => (body, self.text, false, Stroke::NONE),
            Mark::Syntax => (body, self.weak, false, Stroke::NONE),
            Mark::Heading2 => (bold(self.size + 5.0), self.strong, false, Stroke::NONE),
            Mark::Heading3 => (bold(self.size + 2.0), self.strong, false, Stroke::NONE),
            Mark::Quote => (body, self.quote, true, Stroke::NONE),
            Mark::Attribution => (bold(self.size), self.quote, false, Stroke::NONE),
            Mark::Emphasis => (body, self.text, true, Stroke::NONE),
            Mark::Strong => (bold(self.size), self.strong, false, Stroke::NONE),
            Mark::LinkText => (body, self.accent, false, Stroke::new(1.0, self.accent)),
            Mark::LinkUrl => (body, self.weak, false, Stroke::NONE),
        };
        TextFormat { font_id, color, italics, underline, ..TextFormat::default() }
    }
}

/// Memoised highlighting for one text editor.
#[derive(Default)]
pub struct Highlighter {
    lines: HashMap<u64, LineMarks>,
    last: Option<(u64, Arc<LayoutJob>)>,
    memo: Option<Memo>,
}

/// The last laid-out text, so a frame asks egui for it only once.
struct Memo {
    key: u64,
    job: Arc<LayoutJob>,
    galley: Arc<Galley>,
    /// The pass in which egui's cache last saw this job.
    warmed_pass: u64,
    /// egui empties its glyph atlas when full, which invalidates galleys;
    /// the fill ratio dropping is the sign of it.
    atlas_fill: f32,
}

impl Highlighter {
    /// Lays out `text` for a text editor. A text editor asks for the same
    /// text more than once a frame; egui hashes the whole job on every ask
    /// (hundreds of kilobytes in a long article), so repeated asks are
    /// answered from memory. Call [`Highlighter::keep_warm`] after the
    /// editor, so egui's per-paragraph cache survives the frame.
    pub fn layout(&mut self, ui: &egui::Ui, text: &str, palette: &Palette, wrap_width: f32) -> Arc<Galley> {
        let pixels_per_point = ui.ctx().pixels_per_point();
        let key = xxhash_rust::xxh3::xxh3_64(text.as_bytes())
            ^ palette_key(palette)
            ^ u64::from(wrap_width.round().to_bits()).rotate_left(17)
            ^ u64::from(pixels_per_point.to_bits()).rotate_left(41);
        let atlas_fill = ui.fonts(|fonts| fonts.font_atlas_fill_ratio());
        if let Some(memo) = &self.memo
            && memo.key == key
            && atlas_fill >= memo.atlas_fill
        {
            return memo.galley.clone();
        }
        let mut job = (*self.job(text, palette)).clone();
        job.wrap.max_width = wrap_width;
        let job = Arc::new(job);
        let galley = ui.fonts_mut(|fonts| fonts.layout_job((*job).clone()));
        let pass = ui.ctx().cumulative_pass_nr();
        let atlas_fill = ui.fonts(|fonts| fonts.font_atlas_fill_ratio());
        self.memo = Some(Memo { key, job, galley: galley.clone(), warmed_pass: pass, atlas_fill });
        galley
    }

    /// Shows egui's layout cache the current job once this frame, if the
    /// editor did not, so its paragraphs are not evicted.
    pub fn keep_warm(&mut self, ui: &egui::Ui) {
        let pass = ui.ctx().cumulative_pass_nr();
        if let Some(memo) = &mut self.memo
            && memo.warmed_pass != pass
        {
            memo.galley = ui.fonts_mut(|fonts| fonts.layout_job((*memo.job).clone()));
            memo.warmed_pass = pass;
            memo.atlas_fill = ui.fonts(|fonts| fonts.font_atlas_fill_ratio());
        }
    }

    /// The layout job for `text` (before wrapping is set).
    pub fn job(&mut self, text: &str, palette: &Palette) -> Arc<LayoutJob> {
        let key = xxhash_rust::xxh3::xxh3_64(text.as_bytes()) ^ palette_key(palette);
        if let Some((last_key, job)) = &self.last
            && *last_key == key
        {
            return job.clone();
        }
        let job = Arc::new(self.build(text, palette));
        self.last = Some((key, job.clone()));
        job
    }

    fn build(&mut self, text: &str, palette: &Palette) -> LayoutJob {
        let formats: HashMap<Mark, TextFormat> = [
            Mark::Plain,
            Mark::Syntax,
            Mark::Heading2,
            Mark::Heading3,
            Mark::Quote,
            Mark::Attribution,
            Mark::Emphasis,
            Mark::Strong,
            Mark::LinkText,
            Mark::LinkUrl,
        ]
        .into_iter()
        .map(|mark| (mark, palette.format(mark)))
        .collect();
        let mut job = LayoutJob { text: text.to_owned(), ..LayoutJob::default() };
        let mut used = HashMap::with_capacity(self.lines.len().min(1 << 16));
        let mut line_start = 0;
        for line in text.split('\n') {
            let hash = xxhash_rust::xxh3::xxh3_64(line.as_bytes());
            let marks = match self.lines.get(&hash) {
                Some(marks) => marks.clone(),
                None => Arc::from(scan_line(line)),
            };
            for (range, mark) in marks.iter() {
                push_section(&mut job, line_start + range.start..line_start + range.end, &formats[mark]);
            }
            // The newline itself, so every byte is covered by a section.
            let end = line_start + line.len();
            if end < text.len() {
                push_section(&mut job, end..end + 1, &formats[&Mark::Plain]);
            }
            used.insert(hash, marks);
            line_start = end + 1;
        }
        // Keep only lines still in the text, so the cache cannot grow without
        // bound over a long session.
        self.lines = used;
        job
    }
}

fn palette_key(palette: &Palette) -> u64 {
    let mut bytes = Vec::with_capacity(24);
    for color in [palette.text, palette.weak, palette.strong, palette.accent, palette.quote] {
        bytes.extend_from_slice(&color.to_array());
    }
    bytes.extend_from_slice(&palette.size.to_le_bytes());
    xxhash_rust::xxh3::xxh3_64(&bytes)
}

fn push_section(job: &mut LayoutJob, range: Range<usize>, format: &TextFormat) {
    if range.is_empty() {
        return;
    }
    // Adjacent sections with one format merge, which keeps jobs small.
    if let Some(last) = job.sections.last_mut()
        && last.byte_range.end == ByteIndex(range.start)
        && last.format == *format
    {
        last.byte_range.end = ByteIndex(range.end);
        return;
    }
    job.sections.push(LayoutSection {
        leading_space: 0.0,
        byte_range: ByteIndex(range.start)..ByteIndex(range.end),
        format: format.clone(),
    });
}

/// Marks one line of body text; every byte is covered exactly once.
pub fn scan_line(line: &str) -> Vec<(Range<usize>, Mark)> {
    let mut marks = Vec::new();
    let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
    let rest = &line[indent..];
    if indent > 0 {
        marks.push((0..indent, Mark::Plain));
    }
    let hashes = rest.bytes().take_while(|&b| b == b'#').count();
    let after_hashes = rest.as_bytes().get(hashes);
    if (hashes == 2 || hashes == 3) && matches!(after_hashes, None | Some(b' ')) {
        let marker = (hashes + 1).min(rest.len());
        marks.push((indent..indent + marker, Mark::Syntax));
        let base = if hashes == 2 { Mark::Heading2 } else { Mark::Heading3 };
        inline(line, indent + marker, base, &mut marks);
        return marks;
    }
    if rest.starts_with('>') {
        let marker = if rest.starts_with("> ") { 2 } else { 1 };
        marks.push((indent..indent + marker, Mark::Syntax));
        let content = &rest[marker..];
        for dash in ["— ", "-- "] {
            if content.starts_with(dash) {
                let start = indent + marker;
                marks.push((start..start + dash.len(), Mark::Syntax));
                marks.push((start + dash.len()..line.len(), Mark::Attribution));
                return marks;
            }
        }
        inline(line, indent + marker, Mark::Quote, &mut marks);
        return marks;
    }
    let marker = list_marker(rest);
    if marker > 0 {
        marks.push((indent..indent + marker, Mark::Syntax));
    }
    inline(line, indent + marker, Mark::Plain, &mut marks);
    marks
}

fn list_marker(rest: &str) -> usize {
    let bytes = rest.as_bytes();
    match bytes.first() {
        Some(b'-' | b'*' | b'+') if bytes.get(1) == Some(&b' ') => 2,
        Some(b'0'..=b'9') => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            match (bytes.get(digits), bytes.get(digits + 1)) {
                (Some(b'.' | b')'), Some(b' ')) if digits <= 9 => digits + 2,
                _ => 0,
            }
        }
        _ => 0,
    }
}

/// Marks inline markup in `line[from..]` over a base mark.
fn inline(line: &str, from: usize, base: Mark, marks: &mut Vec<(Range<usize>, Mark)>) {
    let bytes = line.as_bytes();
    let mut plain_start = from;
    let mut i = from;
    let flush = |marks: &mut Vec<(Range<usize>, Mark)>, start: usize, end: usize| {
        if start < end {
            marks.push((start..end, base));
        }
    };
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if bytes.get(i + 1).is_some_and(u8::is_ascii_punctuation) => {
                flush(marks, plain_start, i);
                marks.push((i..i + 1, Mark::Syntax));
                marks.push((i + 1..i + 2, base));
                i += 2;
                plain_start = i;
            }
            b'*' => {
                let strong = bytes.get(i + 1) == Some(&b'*');
                let width = if strong { 2 } else { 1 };
                let closing = if strong { "**" } else { "*" };
                let content = i + width;
                let close = line[content..].find(closing).map(|at| content + at);
                match close {
                    Some(close) if close > content && !bytes[content].is_ascii_whitespace() => {
                        flush(marks, plain_start, i);
                        marks.push((i..content, Mark::Syntax));
                        marks.push((content..close, if strong { Mark::Strong } else { Mark::Emphasis }));
                        marks.push((close..close + width, Mark::Syntax));
                        i = close + width;
                        plain_start = i;
                    }
                    _ => i += width,
                }
            }
            b'[' => {
                let link = line[i..]
                    .find("](")
                    .map(|at| i + at)
                    .and_then(|mid| line[mid + 2..].find(')').map(|at| (mid, mid + 2 + at)));
                match link {
                    Some((mid, close)) => {
                        flush(marks, plain_start, i);
                        marks.push((i..i + 1, Mark::Syntax));
                        marks.push((i + 1..mid, Mark::LinkText));
                        marks.push((mid..mid + 2, Mark::Syntax));
                        marks.push((mid + 2..close, Mark::LinkUrl));
                        marks.push((close..close + 1, Mark::Syntax));
                        i = close + 1;
                        plain_start = i;
                    }
                    None => i += 1,
                }
            }
            _ => i += 1,
        }
    }
    flush(marks, plain_start, bytes.len());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marks(line: &str) -> Vec<(&str, Mark)> {
        scan_line(line).into_iter().map(|(range, mark)| (&line[range], mark)).collect()
    }

    #[test]
    fn covers_every_byte_once() {
        for line in [
            "## Head *x*",
            "> Quote [a](b) \\*",
            "> — Name",
            "1. Item **b**",
            "  plain",
            "",
            "*",
            "[x](",
            "é *ü*",
        ] {
            let mut at = 0;
            for (range, _) in scan_line(line) {
                assert_eq!(range.start, at, "{line:?}");
                at = range.end;
            }
            assert_eq!(at, line.len(), "{line:?}");
        }
    }

    #[test]
    fn marks_block_and_inline_syntax() {
        assert_eq!(
            marks("## A *b*"),
            vec![
                ("## ", Mark::Syntax),
                ("A ", Mark::Heading2),
                ("*", Mark::Syntax),
                ("b", Mark::Emphasis),
                ("*", Mark::Syntax),
            ]
        );
        assert_eq!(
            marks("> — Mia Chen"),
            vec![("> ", Mark::Syntax), ("— ", Mark::Syntax), ("Mia Chen", Mark::Attribution)]
        );
        assert_eq!(
            marks("- see [map](https://example.org)"),
            vec![
                ("- ", Mark::Syntax),
                ("see ", Mark::Plain),
                ("[", Mark::Syntax),
                ("map", Mark::LinkText),
                ("](", Mark::Syntax),
                ("https://example.org", Mark::LinkUrl),
                (")", Mark::Syntax),
            ]
        );
    }

    #[test]
    fn jobs_are_memoised() {
        let mut highlighter = Highlighter::default();
        let palette = Palette::from_visuals(&egui::Visuals::light(), 15.0);
        let first = highlighter.job("## A\n\nText", &palette);
        let second = highlighter.job("## A\n\nText", &palette);
        assert!(Arc::ptr_eq(&first, &second));
        let third = highlighter.job("## A\n\nText!", &palette);
        assert!(!Arc::ptr_eq(&first, &third));
        assert_eq!(third.text, "## A\n\nText!");
    }
}
