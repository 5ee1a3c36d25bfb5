//! The outline: the body's section headings with the words in each, the
//! section the cursor is in marked; a click puts the cursor at a heading.

use std::ops::Range;

use egui::RichText;

use crate::app::commands::Command;
use crate::editing::analysis::Analysis;
use crate::model::article::Block;
use crate::model::stats::Stats;

/// One section of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub level: u8,
    pub heading: String,
    /// Where the heading line starts in the body (bytes).
    pub at: usize,
    /// Words from the heading to the next heading.
    pub words: usize,
    /// The bytes of the body the section covers.
    pub range: Range<usize>,
}

/// The sections of an analysed body; text before the first heading is not a
/// section (it is the story's top).
pub fn sections(analysis: &Analysis, body_len: usize) -> Vec<Section> {
    let blocks = &analysis.parsed.blocks;
    let sources = &analysis.parsed.sources;
    let starts: Vec<usize> = blocks
        .iter()
        .enumerate()
        .filter(|(_, block)| matches!(block, Block::Heading { .. }))
        .map(|(index, _)| index)
        .collect();
    starts
        .iter()
        .enumerate()
        .filter_map(|(n, &first)| {
            let Block::Heading { level, text } = &blocks[first] else { return None };
            let last = starts.get(n + 1).copied().unwrap_or(blocks.len());
            let at = sources.get(first)?.range.start;
            let end =
                starts.get(n + 1).and_then(|&next| sources.get(next)).map_or(body_len, |s| s.range.start);
            Some(Section {
                level: *level,
                heading: text.clone(),
                at,
                words: Stats::of_blocks(&blocks[first..last]).words,
                range: at..end,
            })
        })
        .collect()
}

/// Draws the outline; `cursor` is the body byte the cursor is at.
pub fn outline_ui(ui: &mut egui::Ui, sections: &[Section], cursor: Option<usize>) -> Option<Command> {
    let mut command = None;
    ui.label(RichText::new("Outline").strong());
    if sections.is_empty() {
        ui.label(RichText::new("No sections yet: start a line with ## for a section heading.").weak());
        return None;
    }
    egui::ScrollArea::vertical().id_salt("outline-scroll").auto_shrink([false, false]).show(ui, |ui| {
        for section in sections {
            let here = cursor.is_some_and(|at| section.range.contains(&at));
            ui.horizontal(|ui| {
                ui.add_space(if section.level > 2 { 16.0 } else { 0.0 });
                let response = ui
                    .add(egui::Button::selectable(here, &section.heading))
                    .on_hover_text("Put the cursor at this heading");
                ui.label(RichText::new(format!("{} words", section.words)).weak());
                if response.clicked() {
                    command = Some(Command::GoToBody(section.at));
                }
            });
        }
    });
    command
}
