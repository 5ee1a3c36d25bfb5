//! Edit ▸ Cut, Copy, Paste and Select All from the menus and the palette.
//! Opening a menu takes the keyboard from the text field, and egui drops a
//! field's selection when it loses the keyboard; so the field that had it
//! last, and what was selected in it, are noted every frame, and the
//! command gives both back and hands the field the input its keys would
//! have, at the start of the next frame.

use egui::text::CCursorRange;

use crate::app::editor::Selection;
use crate::app::{Command, CopydeskApp};

/// The text field that last had the keyboard, its selection then, and
/// input waiting for it.
#[derive(Default)]
pub(crate) struct ClipboardRelay {
    last_field: Option<egui::Id>,
    /// The field's selection (for the body: in characters of the whole
    /// body, as the body editor keeps it).
    selected: Option<CCursorRange>,
    body_selected: Option<Selection>,
    waiting: Vec<egui::Event>,
}

impl CopydeskApp {
    /// At the start of every frame, before anything is drawn: notes the
    /// text field with the keyboard and its selection, and hands it what is
    /// waiting for it.
    pub(crate) fn relay_clipboard(&mut self, ctx: &egui::Context) {
        let relay = &mut self.clipboard;
        if let Some(id) = ctx.memory(|m| m.focused())
            && let Some(state) = egui::TextEdit::load_state(ctx, id)
        {
            relay.last_field = Some(id);
            relay.selected = state.cursor.char_range();
            relay.body_selected = self.workspace.view().body_window.selection;
        }
        if !relay.waiting.is_empty() {
            let waiting = std::mem::take(&mut relay.waiting);
            ctx.input_mut(|input| input.events.extend(waiting));
        }
    }

    /// Runs Cut, Copy, Paste or Select All for the field that had the
    /// keyboard last, with its selection as it was.
    pub(crate) fn run_clipboard(&mut self, command: &Command) {
        let ctx = self.ctx.clone();
        let relay = &mut self.clipboard;
        let Some(field) = relay.last_field else { return };
        if field == crate::app::editor::body_id(self.workspace.active_key()) {
            self.workspace.view_mut().body_window.selection = relay.body_selected;
        } else if let Some(mut state) = egui::TextEdit::load_state(&ctx, field) {
            state.cursor.set_char_range(relay.selected);
            state.store(&ctx, field);
        }
        ctx.memory_mut(|m| m.request_focus(field));
        match command {
            Command::Cut => relay.waiting.push(egui::Event::Cut),
            Command::Copy => relay.waiting.push(egui::Event::Copy),
            // The clipboard's text comes from the window (its paste event).
            Command::Paste => ctx.send_viewport_cmd(egui::ViewportCommand::RequestPaste),
            // Pressed and let go, as a key is (a key still down would make
            // the next press a repeat).
            Command::SelectAll => relay.waiting.extend([true, false].map(|pressed| egui::Event::Key {
                key: egui::Key::A,
                physical_key: None,
                pressed,
                repeat: false,
                modifiers: egui::Modifiers::COMMAND,
            })),
            _ => {}
        }
        ctx.request_repaint();
    }
}
