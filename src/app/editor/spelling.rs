//! Spelling in the window: wavy red underlines under misspelled words and
//! the right-click menu with suggestions and "Add to desk dictionary".

use egui::text::CharIndex;
use egui::{Color32, Galley, Pos2, Rect, RichText, Stroke, pos2};

use crate::app::commands::Command;

/// What a right-click landed on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub word: String,
    /// Where it is in the body, when it is there (byte offset).
    pub at: Option<usize>,
    pub suggestions: Vec<String>,
}

/// Underline colour: the red people know from every word processor.
const SQUIGGLE: Color32 = Color32::from_rgb(220, 50, 50);

/// Where each row of a galley starts (in characters) and lies (in y), so
/// the words on screen are found by binary search rather than by walking a
/// 100,000-word galley every frame.
#[derive(Default)]
pub struct RowIndex {
    /// The galley it was built for.
    galley: Option<std::sync::Weak<Galley>>,
    starts: Vec<usize>,
    tops: Vec<f32>,
    bottoms: Vec<f32>,
}

impl RowIndex {
    fn refresh(&mut self, galley: &std::sync::Arc<Galley>) {
        let same = self
            .galley
            .as_ref()
            .and_then(std::sync::Weak::upgrade)
            .is_some_and(|g| std::sync::Arc::ptr_eq(&g, galley));
        if same {
            return;
        }
        self.starts.clear();
        self.tops.clear();
        self.bottoms.clear();
        let mut chars = 0;
        for row in &galley.rows {
            self.starts.push(chars);
            self.tops.push(row.min_y());
            self.bottoms.push(row.max_y());
            chars += row.char_count_including_newline().0;
        }
        self.galley = Some(std::sync::Arc::downgrade(galley));
    }
}

/// Paints a wavy underline under each character range (sorted) of `galley`
/// (drawn at `origin`) that is inside `clip`.
pub fn underline(
    ui: &egui::Ui,
    galley: &std::sync::Arc<Galley>,
    origin: Pos2,
    clip: Rect,
    ranges: &[std::ops::Range<usize>],
    index: &mut RowIndex,
) {
    let painter = ui.painter().with_clip_rect(clip);
    for_each_on_screen(galley, origin, clip, ranges, index, |left, right, _top, bottom| {
        zigzag(&painter, left, right, bottom - 1.0);
    });
}

/// Calls `paint(left, right, top, bottom)` (screen coordinates) for the part
/// of each character range (sorted) of `galley` that lies on a row inside
/// `clip`; a range wrapped onto the next row is marked to this row's end.
pub fn for_each_on_screen(
    galley: &std::sync::Arc<Galley>,
    origin: Pos2,
    clip: Rect,
    ranges: &[std::ops::Range<usize>],
    index: &mut RowIndex,
    mut paint: impl FnMut(f32, f32, f32, f32),
) {
    if ranges.is_empty() || galley.rows.is_empty() {
        return;
    }
    index.refresh(galley);
    let first_row = index.bottoms.partition_point(|&bottom| bottom < clip.min.y - origin.y);
    let last_row = index.tops.partition_point(|&top| top <= clip.max.y - origin.y);
    if first_row >= last_row {
        return;
    }
    let first_char = index.starts[first_row];
    let last_char = index.starts.get(last_row).copied().unwrap_or(usize::MAX);
    let start = ranges.partition_point(|r| r.end < first_char);
    for range in ranges[start..].iter().take_while(|r| r.start < last_char) {
        let row_at = index.starts.partition_point(|&s| s <= range.start).saturating_sub(1);
        let Some(row) = galley.rows.get(row_at) else { continue };
        let row_start = index.starts[row_at];
        let left = row.pos.x + row.x_offset(CharIndex(range.start - row_start));
        let end_in_row = (range.end - row_start).min(row.char_count_excluding_newline().0);
        let right = row.pos.x + row.x_offset(CharIndex(end_in_row));
        paint(origin.x + left, origin.x + right, origin.y + row.min_y(), origin.y + row.max_y());
    }
}

fn zigzag(painter: &egui::Painter, left: f32, right: f32, y: f32) {
    let mut points = Vec::new();
    let mut x = left;
    let mut up = true;
    while x <= right {
        points.push(pos2(x, if up { y - 1.5 } else { y + 1.0 }));
        x += 2.5;
        up = !up;
    }
    if points.len() >= 2 {
        painter.add(egui::Shape::line(points, Stroke::new(1.0, SQUIGGLE)));
    }
}

/// The menu for a misspelled word; returns the command chosen.
pub fn menu(ui: &mut egui::Ui, target: &Target, desk_open: bool) -> Option<Command> {
    let mut chosen = None;
    ui.label(RichText::new(format!("“{}”", target.word)).strong());
    if target.suggestions.is_empty() {
        ui.label(RichText::new("No suggestions").weak());
    }
    for suggestion in &target.suggestions {
        match target.at {
            Some(at) => {
                if ui.button(suggestion).clicked() {
                    chosen = Some(Command::ReplaceWord {
                        at,
                        word: target.word.clone(),
                        with: suggestion.clone(),
                    });
                    ui.close();
                }
            }
            None => {
                ui.label(suggestion);
            }
        }
    }
    ui.separator();
    let label = if desk_open {
        format!("Add “{}” to desk dictionary", target.word)
    } else {
        format!("Accept “{}” for this session", target.word)
    };
    if ui.button(label).clicked() {
        chosen = Some(Command::AddToDictionary(target.word.clone()));
        ui.close();
    }
    chosen
}

/// The word a spelling finding is about: its message starts with it in
/// quotation marks.
pub fn word_in(message: &str) -> Option<&str> {
    let start = message.find('“')? + '“'.len_utf8();
    let end = start + message[start..].find('”')?;
    Some(&message[start..end])
}
