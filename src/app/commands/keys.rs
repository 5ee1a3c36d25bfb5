//! The key combinations that run each command, and taking them out of
//! the input before the text fields see them.

use egui::{Key, KeyboardShortcut, Modifiers};

use super::{Command, catalog};

/// A constant slice of key combinations (a `const` item, so the slice is
/// `'static`).
macro_rules! keys {
    ($($modifiers:expr, $key:expr);+) => {{
        const KEYS: &[KeyboardShortcut] = &[$(KeyboardShortcut::new($modifiers, $key)),+];
        KEYS
    }};
}
const CMD: Modifiers = Modifiers::COMMAND;
const CMD_SHIFT: Modifiers = Modifiers::COMMAND.plus(Modifiers::SHIFT);
const CMD_ALT: Modifiers = Modifiers::COMMAND.plus(Modifiers::ALT);
const CMD_ALT_SHIFT: Modifiers = CMD_ALT.plus(Modifiers::SHIFT);

impl Command {
    /// The key combinations that run the command; the first is shown in
    /// menus. Shift- and Alt-combinations must not collide with a plain
    /// one: egui matches both loosely, so [`consume_shortcuts`] tries the
    /// combinations with more modifiers first.
    pub fn shortcuts(&self) -> &'static [KeyboardShortcut] {
        match self {
            Command::New => keys!(CMD, Key::N),
            Command::Open => keys!(CMD, Key::O),
            Command::OpenDesk => keys!(CMD_SHIFT, Key::O),
            Command::Save => keys!(CMD, Key::S),
            Command::SaveAs => keys!(CMD_SHIFT, Key::S),
            Command::Quit => keys!(CMD, Key::Q),
            Command::Undo => keys!(CMD, Key::Z),
            Command::Redo => keys!(CMD_SHIFT, Key::Z; CMD, Key::Y),
            Command::TogglePreview => keys!(CMD_SHIFT, Key::P),
            Command::TogglePreviewWidth => keys!(CMD_SHIFT, Key::M),
            Command::ToggleChecks => keys!(CMD_SHIFT, Key::K),
            Command::Palette => keys!(CMD, Key::K; Modifiers::NONE, Key::F1),
            Command::Find => keys!(CMD, Key::F),
            Command::Import => keys!(CMD, Key::I),
            Command::ExportHtml => keys!(CMD, Key::E),
            Command::FindReplace => keys!(CMD, Key::H),
            Command::FindNext => keys!(Modifiers::NONE, Key::F3),
            Command::FindPrevious => keys!(Modifiers::SHIFT, Key::F3),
            Command::ToggleOutline => keys!(CMD_SHIFT, Key::L),
            Command::NextTab => keys!(CMD, Key::Tab),
            Command::PreviousTab => keys!(CMD_SHIFT, Key::Tab),
            Command::CloseTab => keys!(CMD, Key::W),
            Command::FindInDesk => keys!(CMD_SHIFT, Key::F),
            Command::FocusBody => keys!(CMD_SHIFT, Key::B),
            Command::Sync => keys!(CMD_SHIFT, Key::G),
            // Google Docs' keys for suggesting and commenting.
            Command::ToggleSuggest => keys!(CMD_ALT_SHIFT, Key::X),
            Command::AddComment => keys!(CMD_ALT, Key::M),
            Command::ToggleReviewPanel => keys!(CMD_SHIFT, Key::R),
            Command::FixHere => keys!(CMD, Key::Period),
            Command::FixAllTypography => keys!(CMD_SHIFT, Key::T),
            _ => &[],
        }
    }
}

/// Every (shortcut, command) pair, those with more of Shift and Alt first.
pub fn shortcut_table() -> Vec<(KeyboardShortcut, &'static Command)> {
    let mut table: Vec<(KeyboardShortcut, &'static Command)> =
        catalog().flat_map(|command| command.shortcuts().iter().map(move |keys| (*keys, command))).collect();
    table.sort_by_key(|(keys, _)| {
        std::cmp::Reverse(u8::from(keys.modifiers.shift) + u8::from(keys.modifiers.alt))
    });
    table
}

/// The first key combination bound to a command, for menus, the palette
/// and Help: its shortcut, or the text field's own key for the clipboard
/// commands (which text fields handle themselves, so they are never taken
/// from the input as shortcuts).
pub fn keys_for(command: &Command) -> Option<KeyboardShortcut> {
    let text_key = |key| Some(KeyboardShortcut::new(CMD, key));
    match command {
        Command::Cut => text_key(Key::X),
        Command::Copy => text_key(Key::C),
        Command::Paste => text_key(Key::V),
        Command::SelectAll => text_key(Key::A),
        _ => command.shortcuts().first().copied(),
    }
}

/// Takes the shortcuts pressed this frame out of the input, so the text
/// editor never sees them (its own Ctrl+Z would otherwise undo a second
/// time), and returns their commands.
pub fn consume_shortcuts(ctx: &egui::Context) -> Vec<Command> {
    let table = shortcut_table();
    ctx.input_mut(|input| {
        let mut commands = Vec::new();
        for (keys, command) in &table {
            let pressed = input.count_and_consume_key(keys.modifiers, keys.logical_key);
            commands.extend(std::iter::repeat_n((*command).clone(), pressed));
        }
        commands
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shortcut_is_bound_once() {
        let table = shortcut_table();
        for (i, (keys, _)) in table.iter().enumerate() {
            assert!(table[i + 1..].iter().all(|(other, _)| other != keys), "{keys:?} is bound twice");
        }
    }
}
