//! Keys whose reach is the whole body rather than the window the text
//! editor sees: Ctrl+A, Ctrl+Home/End, PageUp/PageDown, and copying, cutting
//! or typing over a selection larger than the window. They are taken out of
//! the frame's input before the text editor looks at it.

use egui::{Event, Key, Modifiers};

use super::window::{BodyWindow, Selection};
use crate::editing::document::Document;

/// What a key asks of the body.
enum Edit {
    Replace(String),
    Copy,
    Cut,
}

/// Handles the frame's keys that reach outside the window; the editor has
/// the keyboard.
pub fn handle(window: &mut BodyWindow, ctx: &egui::Context, doc: &mut Document) {
    let total = window.total_chars();
    let mut edits = Vec::new();
    ctx.input_mut(|input| {
        input.events.retain(|event| {
            let taken = match event {
                Event::Key { key, pressed: true, modifiers, .. } => {
                    key_press(window, *key, *modifiers, total)
                }
                Event::Key { key: Key::A | Key::Home | Key::End | Key::PageUp | Key::PageDown, .. } => false,
                _ if window.selection_in_window() => false,
                Event::Copy => {
                    edits.push(Edit::Copy);
                    true
                }
                Event::Cut => {
                    edits.push(Edit::Cut);
                    true
                }
                Event::Text(text) | Event::Paste(text) => {
                    edits.push(Edit::Replace(text.clone()));
                    true
                }
                _ => false,
            };
            !taken
        });
    });
    // Backspace, Delete and Enter over a selection reaching outside.
    if !window.selection_in_window() {
        ctx.input_mut(|input| {
            input.events.retain(|event| match event {
                Event::Key {
                    key: key @ (Key::Backspace | Key::Delete | Key::Enter), pressed: true, ..
                } => {
                    edits.push(Edit::Replace(if *key == Key::Enter { "\n".into() } else { String::new() }));
                    false
                }
                _ => true,
            });
        });
    }
    for edit in edits {
        let Some(selection) = window.selection else { return };
        let range = selection.range();
        let body = doc.body();
        let bytes = window.byte_of_char(body, range.start)..window.byte_of_char(body, range.end);
        let with = match edit {
            Edit::Copy => {
                ctx.copy_text(body[bytes].to_string());
                continue;
            }
            Edit::Cut => {
                ctx.copy_text(body[bytes.clone()].to_string());
                String::new()
            }
            Edit::Replace(with) => with,
        };
        let caret = range.start + with.chars().count();
        if doc.replace_body(bytes, &with) {
            window.selection = Some(Selection::one(caret));
            window.sync(doc.body(), doc.body_revision());
            window.center_on = Some(caret);
        }
    }
}

/// A key press that moves the selection across the whole body; true when
/// it was handled here.
fn key_press(window: &mut BodyWindow, key: Key, modifiers: Modifiers, total: usize) -> bool {
    let extend = modifiers.shift;
    let command = modifiers.command;
    let to = match key {
        Key::A if command && !extend && !modifiers.alt => {
            window.selection = Some(Selection { anchor: 0, caret: total });
            return true;
        }
        Key::Home if command => 0,
        Key::End if command => total,
        Key::PageUp | Key::PageDown if !command && !modifiers.alt => {
            let page = window.viewport.height().max(40.0);
            let down = key == Key::PageDown;
            let caret = window.caret().unwrap_or(0);
            let y = window.y_of_char(caret) + if down { page } else { -page };
            let mut to = window.char_at_y(y.max(0.0));
            // The last page goes to the end, the first to the start.
            if down && (to <= caret || y >= window.chunks.total_height()) {
                to = total;
            }
            if !down && (to >= caret || y <= 0.0) {
                to = 0;
            }
            let offset = window.viewport.min.y + if down { page } else { -page };
            let most = (window.chunks.total_height() - page).max(0.0);
            window.scroll_to = Some(offset.clamp(0.0, most));
            window.reveal = true;
            move_to(window, to, extend);
            return true;
        }
        _ => return false,
    };
    move_to(window, to, extend);
    window.center_on = Some(to);
    true
}

fn move_to(window: &mut BodyWindow, to: usize, extend: bool) {
    let anchor = match window.selection {
        Some(selection) if extend => selection.anchor,
        _ => to,
    };
    window.selection = Some(Selection { anchor, caret: to });
}
