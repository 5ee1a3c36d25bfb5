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

use crate::app::window::fonts;

mod critic;
mod scan;

use scan::lines_around;
pub use scan::{Around, Mark, marks_of_text, scan_line};

/// One line's marks, as byte ranges within the line.
type LineMarks = Arc<[(Range<usize>, Mark)]>;

/// Colours and sizes for the marks, from the current theme.
#[derive(Debug, Clone, PartialEq)]
pub struct Palette {
    pub text: Color32,
    pub weak: Color32,
    pub strong: Color32,
    /// A link's text: the colour links have everywhere (a red one read as
    /// an error).
    pub link: Color32,
    pub quote: Color32,
    /// Suggested insertions and removals.
    pub added: Color32,
    pub removed: Color32,
    /// Under a commented passage and a comment.
    pub passage: Color32,
    pub size: f32,
}

impl Palette {
    pub fn from_visuals(visuals: &egui::Visuals, size: f32) -> Palette {
        let dark = visuals.dark_mode;
        Palette {
            text: visuals.text_color(),
            weak: visuals.weak_text_color(),
            strong: visuals.strong_text_color(),
            link: visuals.hyperlink_color,
            quote: if dark { Color32::from_rgb(150, 190, 230) } else { Color32::from_rgb(30, 80, 140) },
            added: if dark { Color32::from_rgb(110, 210, 130) } else { Color32::from_rgb(20, 120, 50) },
            removed: if dark { Color32::from_rgb(240, 120, 120) } else { Color32::from_rgb(190, 30, 40) },
            passage: if dark {
                Color32::from_rgba_unmultiplied(200, 170, 40, 70)
            } else {
                Color32::from_rgba_unmultiplied(250, 210, 60, 90)
            },
            size,
        }
    }

    fn format(&self, mark: Mark) -> TextFormat {
        let body = FontId::new(self.size, FontFamily::Proportional);
        let bold = |size| fonts::sans_bold(size);
        let critic = |color: Color32| TextFormat { font_id: body.clone(), color, ..TextFormat::default() };
        match mark {
            Mark::CriticBrace => {
                return TextFormat {
                    font_id: FontId::new(self.size * 0.7, FontFamily::Proportional),
                    color: self.weak.gamma_multiply(0.7),
                    valign: egui::Align::Center,
                    ..TextFormat::default()
                };
            }
            Mark::Added => {
                return TextFormat { underline: Stroke::new(1.5, self.added), ..critic(self.added) };
            }
            Mark::Removed => {
                return TextFormat { strikethrough: Stroke::new(1.5, self.removed), ..critic(self.removed) };
            }
            Mark::Passage => return TextFormat { background: self.passage, ..critic(self.text) },
            Mark::CommentText => {
                return TextFormat { italics: true, background: self.passage, ..critic(self.quote) };
            }
            _ => {}
        }
        let (font_id, color, italics, underline) = match mark {
            Mark::Plain => (body, self.text, false, Stroke::NONE),
            Mark::Syntax => (body, self.weak, false, Stroke::NONE),
            Mark::Heading2 => (bold(self.size + 5.0), self.strong, false, Stroke::NONE),
            Mark::Heading3 => (bold(self.size + 2.0), self.strong, false, Stroke::NONE),
            Mark::Quote => (body, self.quote, true, Stroke::NONE),
            Mark::Attribution => (bold(self.size), self.quote, false, Stroke::NONE),
            Mark::Emphasis => (body, self.text, true, Stroke::NONE),
            Mark::Strong => (bold(self.size), self.strong, false, Stroke::NONE),
            Mark::LinkText => (body, self.link, false, Stroke::new(1.0, self.link)),
            Mark::LinkUrl => (body, self.weak, false, Stroke::NONE),
            _ => (body, self.text, false, Stroke::NONE),
        };
        TextFormat { font_id, color, italics, underline, ..TextFormat::default() }
    }
}

/// Memoised highlighting for one text editor.
#[derive(Default)]
pub struct Highlighter {
    lines: HashMap<u64, LineMarks>,
    last: Option<(u64, Arc<LayoutJob>)>,
    last_palette: u64,
    memo: Option<Memo>,
    /// Laid-out paragraphs of the current text, by content.
    paragraphs: HashMap<u64, Arc<Galley>>,
    /// Palette, wrap width and scale the paragraphs were laid out for.
    paragraph_setting: u64,
    atlas_fill: f32,
}

/// The last laid-out text.
struct Memo {
    key: u64,
    galley: Arc<Galley>,
}

impl Highlighter {
    /// Lays out `text` for a text editor. The text editor asks for the same
    /// text more than once a frame, so the last answer is kept; a changed
    /// text is laid out one paragraph (line) at a time, re-using every
    /// paragraph that did not change, and the paragraphs are joined. An
    /// idle frame therefore costs nothing here, and a keystroke lays out one
    /// paragraph, however long the article.
    pub fn layout(&mut self, ui: &egui::Ui, text: &str, palette: &Palette, wrap_width: f32) -> Arc<Galley> {
        let pixels_per_point = ui.ctx().pixels_per_point();
        let wrap_width = wrap_width.round();
        let setting = palette_key(palette)
            ^ u64::from(wrap_width.to_bits()).rotate_left(17)
            ^ u64::from(pixels_per_point.to_bits()).rotate_left(41);
        let key = xxhash_rust::xxh3::xxh3_64(text.as_bytes()) ^ setting;
        // egui empties its glyph atlas when full, which invalidates every
        // galley; the fill ratio dropping is the sign of it.
        let atlas_fill = ui.fonts(|fonts| fonts.font_atlas_fill_ratio());
        if atlas_fill < self.atlas_fill || setting != self.paragraph_setting {
            self.paragraphs.clear();
            self.memo = None;
        }
        self.atlas_fill = atlas_fill;
        self.paragraph_setting = setting;
        if let Some(memo) = &self.memo
            && memo.key == key
        {
            return memo.galley.clone();
        }
        let job = Arc::new(with_wrap(&self.job(text, palette), wrap_width));
        let galley = if text.contains('\n') {
            self.join_paragraphs(ui, &job, pixels_per_point)
        } else {
            ui.fonts_mut(|fonts| fonts.layout_job((*job).clone()))
        };
        self.memo = Some(Memo { key, galley: galley.clone() });
        galley
    }

    /// Lays out each line of `job` (from memory when unchanged) and joins
    /// them, as egui's own paragraph cache would.
    fn join_paragraphs(&mut self, ui: &egui::Ui, job: &Arc<LayoutJob>, pixels_per_point: f32) -> Arc<Galley> {
        let text = job.text.as_str();
        let mut children = Vec::new();
        let mut section = 0;
        let mut start = 0;
        while start < text.len() {
            let mut end = text[start..].find('\n').map_or(text.len(), |at| start + at);
            // A final newline belongs to the last paragraph.
            if end + 1 == text.len() {
                end += 1;
            }
            let first = start == 0;
            let paragraph = &text[start..end];
            let key = xxhash_rust::xxh3::xxh3_64(paragraph.as_bytes()) ^ u64::from(first);
            let galley = match self.paragraphs.get(&key) {
                Some(galley) => galley.clone(),
                None => {
                    let paragraph_job = paragraph_job(job, start, end, first, &mut section);
                    let galley = ui.fonts_mut(|fonts| fonts.layout_job(paragraph_job));
                    self.paragraphs.insert(key, galley.clone());
                    galley
                }
            };
            children.push((key, galley));
            start = end + 1;
        }
        // Old versions of edited paragraphs pile up; drop them now and then.
        if self.paragraphs.len() > 2 * children.len() + 64 {
            self.paragraphs = children.iter().cloned().collect();
        }
        let children: Vec<Arc<Galley>> = children.into_iter().map(|(_, galley)| galley).collect();
        Arc::new(Galley::concat(job.clone(), &children, pixels_per_point))
    }

    /// The layout job for `text` (before wrapping is set).
    pub fn job(&mut self, text: &str, palette: &Palette) -> Arc<LayoutJob> {
        let palette_key = palette_key(palette);
        let key = xxhash_rust::xxh3::xxh3_64(text.as_bytes()) ^ palette_key;
        if let Some((last_key, job)) = &self.last
            && *last_key == key
        {
            return job.clone();
        }
        let formats = formats(palette);
        // A keystroke changes one line: patch the last job around it rather
        // than rebuild thousands of sections.
        let last = self.last.as_ref().map(|(_, job)| job.clone());
        let job = match last {
            Some(last) if self.last_palette == palette_key => self.patch(&last, text, &formats),
            _ => self.build(text, &formats),
        };
        let job = Arc::new(job);
        self.last = Some((key, job.clone()));
        self.last_palette = palette_key;
        job
    }

    fn marks_of(&mut self, line: &str, around: Around) -> LineMarks {
        let hash = xxhash_rust::xxh3::xxh3_64(line.as_bytes()) ^ around.key();
        self.lines.entry(hash).or_insert_with(|| Arc::from(scan_line(line, around))).clone()
    }

    /// Pushes the sections of the lines of `text[start..end]` (whole lines).
    fn push_lines(&mut self, job: &mut LayoutJob, text: &str, start: usize, end: usize, formats: &Formats) {
        let mut line_start = start;
        for (line, around) in lines_around(text, start, end) {
            let marks = self.marks_of(line, around);
            for (range, mark) in marks.iter() {
                push_section(job, line_start + range.start..line_start + range.end, &formats[mark]);
            }
            let line_end = line_start + line.len();
            if line_end < end {
                push_section(job, line_end..line_end + 1, &formats[&Mark::Plain]);
            }
            line_start = line_end + 1;
        }
    }

    /// The job for `text` made from `old` (the job of the previous text):
    /// sections before and after the changed lines are kept (the ones after
    /// shifted), the changed lines are highlighted afresh.
    fn patch(&mut self, old: &LayoutJob, text: &str, formats: &Formats) -> LayoutJob {
        let old_text = old.text.as_str();
        let mut prefix = common_prefix(old_text.as_bytes(), text.as_bytes());
        while !text.is_char_boundary(prefix) {
            prefix -= 1;
        }
        let most = old_text.len().min(text.len()) - prefix;
        let mut suffix = common_suffix(&old_text.as_bytes()[prefix..], &text.as_bytes()[prefix..]).min(most);
        while !text.is_char_boundary(text.len() - suffix)
            || !old_text.is_char_boundary(old_text.len() - suffix)
        {
            suffix -= 1;
        }
        // Whole lines: from the start of the line before the first changed
        // line to the end of the line after the last one (the same line end
        // in both texts). The neighbours come along because a line's marks
        // depend on them: a quote's last line is its attribution.
        let line_start = |at: usize| text[..at].rfind('\n').map_or(0, |at| at + 1);
        let first = line_start(prefix);
        let start = if first > 0 { line_start(first - 1) } else { 0 };
        let old_changed_end = old_text.len() - suffix;
        let new_changed_end = text.len() - suffix;
        let to_line_end = |s: &str, from: usize| s[from..].find('\n').map_or(s.len(), |at| from + at);
        let next_line_end = |s: &str, from: usize| {
            let end = to_line_end(s, from);
            if end < s.len() { to_line_end(s, end + 1) } else { end }
        };
        let old_end = next_line_end(old_text, old_changed_end.max(start));
        let new_end = next_line_end(text, new_changed_end.max(start));

        let mut job = LayoutJob { text: text.to_owned(), ..LayoutJob::default() };
        job.sections.reserve(old.sections.len() + 8);
        for section in &old.sections {
            let (from, to) = (section.byte_range.start.0, section.byte_range.end.0.min(start));
            if from >= start {
                break;
            }
            push_section(&mut job, from..to, &section.format);
        }
        self.push_lines(&mut job, text, start, new_end, formats);
        let first_after = old.sections.partition_point(|s| s.byte_range.end.0 <= old_end);
        for section in &old.sections[first_after..] {
            let from = section.byte_range.start.0.max(old_end);
            let to = section.byte_range.end.0;
            push_section(&mut job, from - old_end + new_end..to - old_end + new_end, &section.format);
        }
        // The line cache only grows while patching; start it afresh now and then.
        if self.lines.len() > 50_000 {
            self.lines.clear();
        }
        job
    }

    fn build(&mut self, text: &str, formats: &Formats) -> LayoutJob {
        let mut job = LayoutJob { text: text.to_owned(), ..LayoutJob::default() };
        self.lines.clear();
        self.push_lines(&mut job, text, 0, text.len(), formats);
        job
    }
}

type Formats = HashMap<Mark, TextFormat>;

/// How many leading bytes two texts share; whole blocks are compared first
/// (a memcmp), so a 600 kB article is scanned in microseconds.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    const BLOCK: usize = 256;
    let limit = a.len().min(b.len());
    let mut at = 0;
    while at + BLOCK <= limit && a[at..at + BLOCK] == b[at..at + BLOCK] {
        at += BLOCK;
    }
    at + a[at..limit].iter().zip(&b[at..limit]).take_while(|(x, y)| x == y).count()
}

/// How many trailing bytes two texts share.
fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    const BLOCK: usize = 256;
    let limit = a.len().min(b.len());
    let mut same = 0;
    while same + BLOCK <= limit
        && a[a.len() - same - BLOCK..a.len() - same] == b[b.len() - same - BLOCK..b.len() - same]
    {
        same += BLOCK;
    }
    same + a[..a.len() - same]
        .iter()
        .rev()
        .zip(b[..b.len() - same].iter().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

/// The job for `job.text[start..end]` alone, with the sections that fall in
/// it (`section` is where to start looking, and moves along).
fn paragraph_job(job: &LayoutJob, start: usize, end: usize, first: bool, section: &mut usize) -> LayoutJob {
    let mut paragraph = LayoutJob {
        text: job.text[start..end].to_owned(),
        wrap: job.wrap.clone(),
        sections: Vec::new(),
        break_on_newline: job.break_on_newline,
        halign: job.halign,
        justify: job.justify,
        first_row_min_height: if first { job.first_row_min_height } else { 0.0 },
        round_output_to_gui: job.round_output_to_gui,
        keep_trailing_whitespace: job.keep_trailing_whitespace,
    };
    while *section < job.sections.len() && job.sections[*section].byte_range.end.0 <= start {
        *section += 1;
    }
    // The same sections egui's own paragraph split would give, so the
    // joined galley is the one egui would have made.
    for candidate in &job.sections[*section..] {
        let range = candidate.byte_range.start.0..candidate.byte_range.end.0;
        if range.start > end {
            break;
        }
        let from = range.start.max(start) - start;
        let to = (range.end.min(end) - start).max(from);
        paragraph.sections.push(LayoutSection {
            leading_space: if range.start >= start { candidate.leading_space } else { 0.0 },
            byte_range: ByteIndex(from)..ByteIndex(to),
            format: candidate.format.clone(),
        });
    }
    paragraph
}

/// egui takes its jobs by value: one copy, with the wrap width set.
fn with_wrap(job: &LayoutJob, wrap_width: f32) -> LayoutJob {
    let mut job = job.clone();
    job.wrap.max_width = wrap_width;
    job
}

fn formats(palette: &Palette) -> Formats {
    [
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
        Mark::CriticBrace,
        Mark::Added,
        Mark::Removed,
        Mark::Passage,
        Mark::CommentText,
    ]
    .into_iter()
    .map(|mark| (mark, palette.format(mark)))
    .collect()
}

fn palette_key(palette: &Palette) -> u64 {
    let mut bytes = Vec::with_capacity(24);
    for color in [
        palette.text,
        palette.weak,
        palette.strong,
        palette.link,
        palette.quote,
        palette.added,
        palette.removed,
        palette.passage,
    ] {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Patching the last job after an edit gives exactly the job a fresh
    /// build would, for edits anywhere (inside a line, across lines).
    #[test]
    fn patched_jobs_equal_fresh_builds() {
        let palette = Palette::from_visuals(&egui::Visuals::dark(), 15.0);
        let mut text = String::from(
            "## Head *a*\n\nPlain [link](https://example.org) text **strong**\n\n> Quote *x*\n> — Name\n\n- one\n- two\n\nEnd.",
        );
        let mut patched = Highlighter::default();
        patched.job(&text, &palette);
        let pieces = ["x", "\n", "*", "## ", "> ", "[a](b)", "é", "", "\n\n", "- "];
        let mut seed = 7u64;
        for round in 0..400 {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let chars: Vec<(usize, char)> = text.char_indices().collect();
            let at = if chars.is_empty() { 0 } else { chars[(seed >> 33) as usize % chars.len()].0 };
            if round % 3 == 0 && at < text.len() {
                let width = text[at..].chars().next().map_or(0, char::len_utf8);
                text.replace_range(at..at + width, "");
            } else {
                text.insert_str(at, pieces[(seed >> 17) as usize % pieces.len()]);
            }
            let got = patched.job(&text, &palette);
            let want = Highlighter::default().job(&text, &palette);
            assert_eq!(got.sections, want.sections, "round {round}: {text:?}");
            assert_eq!(got.text, text);
        }
    }

    /// A link's text is drawn in the theme's link colour, in light and dark:
    /// the welcome's link was red, which read as an error (issue 28, item 15).
    #[test]
    fn link_text_has_the_link_colour_not_an_error_colour() {
        for visuals in [egui::Visuals::light(), egui::Visuals::dark()] {
            let palette = Palette::from_visuals(&visuals, 15.0);
            let text = "See [the quay map](https://example.org/quay) first.";
            let job = Highlighter::default().job(text, &palette);
            let start = text.find("the quay map").expect("the link text");
            let section = job
                .sections
                .iter()
                .find(|s| s.byte_range.start.0 <= start && start < s.byte_range.end.0)
                .expect("a section for the link text");
            assert_eq!(section.format.color, visuals.hyperlink_color, "dark mode: {}", visuals.dark_mode);
            assert_ne!(section.format.color, visuals.error_fg_color);
            assert_eq!(section.format.underline.color, visuals.hyperlink_color);
        }
    }

    /// The editor's own paragraph joining gives the galley egui would.
    #[test]
    fn joined_paragraphs_match_egui_layout() {
        let ctx = egui::Context::default();
        let texts = [
            "## Head *a*\n\nPlain [link](https://example.org) text **strong** that is long enough to wrap onto a second row of the editor.\n\n> Quote\n> — Name\n\n- one\n- two\n",
            "One line",
            "\n\nStarts with blank lines\n",
            "",
        ];
        let mut highlighter = Highlighter::default();
        // Each text is laid out after the one before it, so unchanged
        // paragraphs come from memory.
        let edited = texts[0].replace("Plain", "Plainly").replace("- two", "- two and three");
        for text in texts.iter().copied().chain([edited.as_str(), texts[0]]) {
            let mut ours = None;
            let mut theirs = None;
            let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
                let palette = Palette::from_visuals(ui.visuals(), 15.0);
                ours = Some(highlighter.layout(ui, text, &palette, 200.0));
                let job = with_wrap(&highlighter.job(text, &palette), 200.0);
                theirs = Some(ui.fonts_mut(|fonts| fonts.layout_job(job)));
            });
            // No renderer here to take the font texture.
            output.textures_delta.clear();
            let (ours, theirs) = (ours.expect("laid out"), theirs.expect("laid out"));
            assert_eq!(ours.rows.len(), theirs.rows.len(), "{text:?}");
            for (a, b) in ours.rows.iter().zip(theirs.rows.iter()) {
                assert_eq!(a.pos, b.pos, "{text:?}");
                assert_eq!(a.ends_with_newline, b.ends_with_newline, "{text:?}");
                assert_eq!(a.glyphs.len(), b.glyphs.len(), "{text:?}");
            }
            assert_eq!(ours.rect, theirs.rect, "{text:?}");
            assert_eq!(ours.text(), theirs.text());
        }
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
