//! Suggest mode in the body editor: the frame's typing is taken out of the
//! input before the text editor sees it and made into suggestion marks
//! (`editing::suggest`), each keystroke one splice of the body and its
//! note changes, recorded by the document like any typing (so undo, the
//! journal and live editing see ordinary edits).

use egui::{Event, ImeEvent, Key};

use super::window::{BodyWindow, Selection};
use crate::editing::document::Document;
use crate::editing::suggest::{self, Outcome, Signer, Typing};

/// Turns the frame's typing into suggestions; returns what could not be
/// suggested (Enter, a line end deleted), in words.
pub fn handle(
    window: &mut BodyWindow,
    ctx: &egui::Context,
    doc: &mut Document,
    me: Signer,
) -> Option<&'static str> {
    let mut typed = Vec::new();
    let mut copied = None;
    ctx.input_mut(|input| {
        input.events.retain(|event| {
            let typing = match event {
                Event::Text(text) | Event::Paste(text) => Typing::Insert(text.clone()),
                Event::Ime(ImeEvent::Commit(text)) => Typing::Insert(text.clone()),
                // A composition would write into the text directly.
                Event::Ime(ImeEvent::Preedit { .. }) => return false,
                Event::Cut => {
                    copied = Some(());
                    Typing::Backspace { word: false }
                }
                Event::Key { key: Key::Backspace, pressed: true, modifiers, .. } => {
                    Typing::Backspace { word: modifiers.command || modifiers.alt }
                }
                Event::Key { key: Key::Delete, pressed: true, modifiers, .. } => {
                    Typing::Delete { word: modifiers.command || modifiers.alt }
                }
                Event::Key { key: Key::Enter, pressed: true, .. } => Typing::Insert("\n".into()),
                Event::Key { key: Key::Tab, pressed: true, modifiers, .. } if modifiers.is_none() => {
                    Typing::Insert("\t".into())
                }
                _ => return true,
            };
            typed.push(typing);
            false
        });
    });
    let mut refused = None;
    for typing in typed {
        let Some(selection) = window.selection else { break };
        let body = doc.body();
        let range = selection.range();
        let bytes = window.byte_of_char(body, range.start)..window.byte_of_char(body, range.end);
        if copied.take().is_some() && !bytes.is_empty() {
            ctx.copy_text(body[bytes.clone()].to_string());
        }
        let notes = &doc.fields().article.notes;
        match suggest::keystroke(body, bytes, &typing, notes, me) {
            Outcome::Edit { splice, notes, caret } => {
                let (range, inserted) = (splice.range.clone(), splice.with.len());
                if !doc.splice_with(std::slice::from_ref(&splice), |fields| {
                    suggest::apply_notes(&mut fields.article.notes, &notes)
                }) {
                    break;
                }
                window.spliced(doc.body(), range, inserted, doc.body_revision());
                place(window, doc, caret);
            }
            Outcome::Move(caret) => place(window, doc, caret),
            Outcome::Refused(why) => refused = Some(why),
        }
    }
    refused
}

/// Puts the caret at body byte `caret` and keeps it in view.
fn place(window: &mut BodyWindow, doc: &Document, caret: usize) {
    let at = window.char_of_byte(doc.body(), caret);
    window.selection = Some(Selection::one(at));
    window.reveal = true;
}
