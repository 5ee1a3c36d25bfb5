//! Spelling in the window: wavy red underlines under misspelled words and
//! the right-click menu with suggestions and "Add to desk dictionary".

use egui::text::CCursor;
use egui::{Color32, Galley, Pos2, Rect, RichText, Stroke, pos2};

use super::command::Command;

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

/// Paints a wavy underline under each character range of `galley` (drawn
/// at `origin`) that is inside `clip`.
pub fn underline(
    ui: &egui::Ui,
    galley: &Galley,
    origin: Pos2,
    clip: Rect,
    ranges: &[std::ops::Range<usize>],
) {
    if ranges.is_empty() {
        return;
    }
    // Only the rows on screen: find the characters at the clip's top and
    // bottom, then draw the words between them.
    let first = galley.cursor_from_pos(clip.min - origin).index.0;
    let last = galley.cursor_from_pos(clip.max - origin).index.0;
    let start = ranges.partition_point(|r| r.end < first);
    let painter = ui.painter().with_clip_rect(clip);
    for range in ranges[start..].iter().take_while(|r| r.start <= last) {
        let a = galley.pos_from_cursor(CCursor::new(range.start));
        let b = galley.pos_from_cursor(CCursor::new(range.end));
        // A word wrapped across rows is underlined on its first row.
        let right = if (a.min.y - b.min.y).abs() < 0.5 { b.min.x } else { a.min.x + 40.0 };
        zigzag(&painter, origin.x + a.min.x, origin.x + right, origin.y + a.max.y - 1.0);
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
