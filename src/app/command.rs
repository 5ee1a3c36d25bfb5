//! Every user action is a [`Command`]: menus, keyboard shortcuts and tests
//! all issue commands, and one function in `app` executes them.

use std::path::PathBuf;

use egui::{Key, KeyboardShortcut, Modifiers};

use crate::article::Status;

/// How wide the preview column is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum PreviewWidth {
    /// A desktop article column, about 720 px.
    #[default]
    Desktop,
    /// A phone screen, about 375 px.
    Phone,
}

impl PreviewWidth {
    pub fn pixels(self) -> f32 {
        match self {
            PreviewWidth::Desktop => 720.0,
            PreviewWidth::Phone => 375.0,
        }
    }
}

/// The theme the editor chose; `System` follows the desktop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum ThemeChoice {
    #[default]
    System,
    Light,
    Dark,
}

impl ThemeChoice {
    pub fn preference(self) -> egui::ThemePreference {
        match self {
            ThemeChoice::System => egui::ThemePreference::System,
            ThemeChoice::Light => egui::ThemePreference::Light,
            ThemeChoice::Dark => egui::ThemePreference::Dark,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// A new, empty article (asks about unsaved changes first).
    New,
    /// Pick an article file with the open dialog.
    Open,
    /// Open this article file.
    OpenPath(PathBuf),
    /// Pick a desk folder with the folder dialog.
    OpenDesk,
    /// Open this folder as the desk.
    OpenDeskPath(PathBuf),
    /// Close the desk sidebar.
    CloseDesk,
    /// Search the desk for an article to add as a related link.
    OpenRelatedPicker,
    /// Add a related link to the desk article with this slug.
    AddRelated(String),
    /// Accept a word as spelled: into the desk's `desk.ron` when a desk is
    /// open, else for this session.
    AddToDictionary(String),
    /// Replace the misspelled `word` at byte `at` of the body.
    ReplaceWord {
        at: usize,
        word: String,
        with: String,
    },
    Save,
    SaveAs,
    /// Close the window (asks about unsaved changes first).
    Quit,
    Undo,
    Redo,
    TogglePreview,
    SetPreviewWidth(PreviewWidth),
    TogglePreviewWidth,
    SetTheme(ThemeChoice),
    ToggleChecks,
    /// Make the slug follow the headline again.
    RelinkSlug,
    /// Move the story to a workflow status, through the publish gate.
    SetStatus(Status),
    /// Put the cursor (or focus) where finding number `n` of the checks applies.
    GoToFinding(usize),
    /// Forget the recent-files list.
    ClearRecent,
    About,
}

impl Command {
    /// What the command is called in words, for the shortcut list in
    /// Help ▸ About (the match is exhaustive so a new command gets one).
    pub fn title(&self) -> &'static str {
        match self {
            Command::New => "New article",
            Command::Open | Command::OpenPath(_) => "Open article",
            Command::OpenDesk | Command::OpenDeskPath(_) => "Open desk",
            Command::CloseDesk => "Close desk",
            Command::OpenRelatedPicker | Command::AddRelated(_) => "Add related link",
            Command::AddToDictionary(_) => "Add to dictionary",
            Command::ReplaceWord { .. } => "Replace misspelled word",
            Command::Save => "Save",
            Command::SaveAs => "Save as",
            Command::Quit => "Quit",
            Command::Undo => "Undo",
            Command::Redo => "Redo",
            Command::TogglePreview => "Show or hide the preview",
            Command::SetPreviewWidth(_) | Command::TogglePreviewWidth => "Desktop or phone preview",
            Command::SetTheme(_) => "Theme",
            Command::ToggleChecks => "Show or hide the checks",
            Command::RelinkSlug => "Slug follows headline",
            Command::SetStatus(_) => "Set status",
            Command::GoToFinding(_) => "Go to finding",
            Command::ClearRecent => "Clear recent files",
            Command::About => "About Copydesk",
        }
    }
}

/// Keyboard shortcuts. Order matters: the more specific combination comes
/// first, because egui matches Shift loosely.
pub const SHORTCUTS: &[(KeyboardShortcut, Command)] = &[
    (KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::S), Command::SaveAs),
    (KeyboardShortcut::new(Modifiers::COMMAND, Key::S), Command::Save),
    (KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::O), Command::OpenDesk),
    (KeyboardShortcut::new(Modifiers::COMMAND, Key::O), Command::Open),
    (KeyboardShortcut::new(Modifiers::COMMAND, Key::N), Command::New),
    (KeyboardShortcut::new(Modifiers::COMMAND, Key::Q), Command::Quit),
    (KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::Z), Command::Redo),
    (KeyboardShortcut::new(Modifiers::COMMAND, Key::Y), Command::Redo),
    (KeyboardShortcut::new(Modifiers::COMMAND, Key::Z), Command::Undo),
    (KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::P), Command::TogglePreview),
    (KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::M), Command::TogglePreviewWidth),
    (KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::K), Command::ToggleChecks),
];

/// The first key combination bound to a command, for menus.
pub fn keys_for(command: &Command) -> Option<KeyboardShortcut> {
    SHORTCUTS.iter().find(|(_, bound)| bound == command).map(|(keys, _)| *keys)
}

/// Takes the shortcuts pressed this frame out of the input, so the text
/// editor never sees them (its own Ctrl+Z would otherwise undo a second
/// time), and returns their commands.
pub fn consume_shortcuts(ctx: &egui::Context) -> Vec<Command> {
    ctx.input_mut(|input| {
        let mut commands = Vec::new();
        for (keys, command) in SHORTCUTS {
            let pressed = input.count_and_consume_key(keys.modifiers, keys.logical_key);
            commands.extend(std::iter::repeat_n(command.clone(), pressed));
        }
        commands
    })
}
