//! Find matches marked on the page: the open find bar's query, compiled
//! once per change, paints a background under every match the preview
//! lays out (headline, dek and body blocks).

use std::sync::Arc;

use egui::text::{LayoutJob, TextFormat};
use egui::{Color32, FontId, Galley};

use super::{Galleys, PreviewState, hash_of, plain};

/// Paints a background under every match of `finder` in the job's text
/// (a match may cross runs of different styles).
pub(super) fn mark_matches(job: &mut LayoutJob, finder: &crate::model::find::Finder) {
    let matches = finder.matches(&job.text);
    if matches.is_empty() {
        return;
    }
    let mut sections = Vec::with_capacity(job.sections.len() + 2 * matches.len());
    for section in std::mem::take(&mut job.sections) {
        let range = section.byte_range.start.0..section.byte_range.end.0;
        // Cut points inside this section, where a match starts or ends.
        let mut cuts: Vec<usize> = matches
            .iter()
            .flat_map(|m| [m.start, m.end])
            .filter(|&at| at > range.start && at < range.end)
            .collect();
        cuts.push(range.end);
        let mut start = range.start;
        for end in cuts {
            let mut format = section.format.clone();
            if matches.iter().any(|m| m.start <= start && end <= m.end) {
                format.background = MATCH;
            }
            let leading_space = if start == range.start { section.leading_space } else { 0.0 };
            sections.push(egui::text::LayoutSection {
                leading_space,
                byte_range: egui::text::ByteIndex(start)..egui::text::ByteIndex(end),
                format,
            });
            start = end;
        }
    }
    job.sections = sections;
}

/// What a find match looks like on the page.
const MATCH: Color32 = Color32::from_rgb(255, 226, 120);

impl Galleys {
    /// Marks the matches of `query` (the open find bar's) in the page, or
    /// none; a changed query lays the page out again.
    pub fn set_marks(&mut self, query: Option<&crate::model::find::Query>) {
        let key = query
            .filter(|q| !q.text.is_empty())
            .map(|q| hash_of(&(&q.text, q.match_case, q.whole_word, q.regex)) | 1);
        if key == self.marks.as_ref().map(|(key, _)| *key) {
            return;
        }
        self.marks = match (key, query.map(crate::model::find::Query::compile)) {
            (Some(key), Some(Ok(Some(finder)))) => Some((key, finder)),
            _ => None,
        };
    }
}

impl PreviewState {
    /// How far down the page is scrolled, in points.
    pub fn offset(&self) -> f32 {
        self.offset
    }
}

impl Galleys {
    /// How many laid-out texts the preview keeps between frames (tests).
    pub fn galleys_kept(&self) -> usize {
        self.map.len()
    }

    /// How many marked pieces of text the laid-out page holds (tests).
    pub fn marked_on_page(&self) -> usize {
        let marked = |galley: &Arc<Galley>| {
            galley.job.sections.iter().filter(|s| s.format.background == MATCH).count()
        };
        self.map.values().map(|(galley, _)| marked(galley)).sum()
    }
}

/// Text with the find matches marked (the headline and dek; the body's
/// blocks are marked as they are laid out).
pub(super) fn marked(
    ui: &mut egui::Ui,
    text: &str,
    font: FontId,
    color: Color32,
    marks: Option<&crate::model::find::Finder>,
) {
    let Some(finder) = marks else { return plain(ui, text, font, color) };
    let mut job = LayoutJob::single_section(text.to_string(), TextFormat::simple(font, color));
    mark_matches(&mut job, finder);
    ui.add(egui::Label::new(job).wrap());
}
