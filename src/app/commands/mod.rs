//! Every user action is a [`Command`], and each command knows its own
//! label, description, shortcuts and when it can run. Menus, the command
//! palette, Help ▸ About, keyboard shortcuts and tests all come from this
//! one catalog, so a command is added in one place. This file holds the
//! commands themselves and when each can run; their words are in
//! `labels.rs`, their keys in `keys.rs`, their places in the menus in
//! `layout.rs`.

pub(crate) mod clipboard;
mod keys;
mod labels;
mod layout;
pub(crate) mod menu;
pub(crate) mod palette;
pub(crate) mod run;

use std::path::PathBuf;

use crate::model::article::{CorrectionKind, Status};

pub use keys::{consume_shortcuts, keys_for, shortcut_table};
pub use layout::{MENUS, catalog};

/// How wide the preview column is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum PreviewWidth {
    /// A desktop screen: the article's 720 px column.
    #[default]
    Desktop,
    /// A phone screen, 375 px.
    Phone,
}

impl PreviewWidth {
    /// The width of the screen the preview shows the page on (the page's
    /// column on it is [`crate::model::page::Column::at`] that width).
    pub fn viewport(self) -> f32 {
        match self {
            PreviewWidth::Desktop => 1280.0,
            PreviewWidth::Phone => crate::model::page::PHONE_VIEWPORT,
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
    /// Change the desk's settings (`desk.ron`) in a window.
    DeskSettings,
    /// Search the desk for an article to add as a related link.
    OpenRelatedPicker,
    /// Add a related link to the desk article with this slug.
    AddRelated(String),
    /// Accept a word as spelled: into the desk's `desk.ron` when a desk is
    /// open, else for this session.
    AddToDictionary(String),
    /// Choose among the article's flagged names and accept them at once.
    AddFlaggedNames,
    /// The text field's own: the menus give them to the field that last had
    /// the keyboard.
    Cut,
    Copy,
    Paste,
    SelectAll,
    /// Replace the misspelled `word` at byte `at` of the body.
    ReplaceWord {
        at: usize,
        word: String,
        with: String,
    },
    /// Apply the repair a typography or grammar finding (by index) offers.
    ApplyFix(usize),
    /// Apply the typography or grammar repair at (or next after) the caret.
    FixHere,
    /// Set every straight quote, typed dash, three dots and double space
    /// in the headline, dek and body as the article's language and the
    /// desk's style want.
    FixAllTypography,
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
    /// Put the body cursor at this byte offset (a section heading, from the palette).
    GoToBody(usize),
    /// Give the body editor the keyboard, its caret where it was.
    FocusBody,
    /// Forget the recent-files list.
    ClearRecent,
    /// Search every command (and the desk's articles) by name.
    Palette,
    /// Pick a Markdown or plain-text file to import as a new article.
    Import,
    /// Import the clipboard's text as a new article.
    PasteAsNew,
    /// Write the open article as one HTML page.
    ExportHtml,
    /// Pick a picture file as the article's lead image.
    ChooseLeadImage,
    /// Show how search engines and social networks would show the article.
    ToggleSocialPreview,
    /// Open the find bar over the body.
    Find,
    /// Open the find bar with its replace row.
    FindReplace,
    FindNext,
    FindPrevious,
    /// Show or hide the outline of the body's sections.
    ToggleOutline,
    /// Let the caret blink, or hold it still.
    ToggleCaretBlink,
    /// Show the next tab (round from the last to the first).
    NextTab,
    PreviousTab,
    /// Close the active tab (asks about unsaved changes first).
    CloseTab,
    /// Show the tab at this index.
    SwitchTab(usize),
    /// Open this article file in a tab behind the active one.
    OpenInBackground(PathBuf),
    /// Search every desk article for text.
    FindInDesk,
    /// Keep the preview at the section shown at the top of the editor.
    ToggleScrollPreview,
    /// Open a desk article at a match: a body byte, or a field.
    OpenFound {
        path: PathBuf,
        field: crate::model::article::Field,
        at: usize,
    },
    /// Make the desk folder a git repository, with a remote.
    ShareDesk,
    /// Save, commit, fetch, merge by field and push the desk.
    Sync,
    /// Open the resolve view on the conflicts a sync left.
    ResolveConflicts,
    /// Set the name and e-mail commits are signed with.
    SetAuthor,
    /// The open article's committed versions.
    ShowHistory,
    /// Publish into the desk's CMS (the one target, or a choice of them).
    Publish,
    /// Publish into the desk's target of this name.
    PublishTo(String),
    /// Stop the running publish after its current step.
    CancelPublish,
    /// Type as suggestions: insertions and removals marked and signed.
    ToggleSuggest,
    /// Accept or reject the suggestion at the body's caret.
    AcceptAtCaret,
    RejectAtCaret,
    /// Accept or reject every open suggestion.
    AcceptAll,
    RejectAll,
    /// Accept or reject every open suggestion by this author.
    AcceptAllBy(String),
    RejectAllBy(String),
    /// Accept or reject the mark at body byte `at` that reads `mark` (a
    /// row of the panel), if it is still there.
    DecideMark {
        at: usize,
        mark: String,
        accept: bool,
    },
    /// Comment on the body's selection, or on the field with the keyboard.
    AddComment,
    /// Answer note `note` (its id).
    Reply {
        note: String,
        text: String,
    },
    /// Resolve the comment with this note id (its mark leaves the body,
    /// the note stays, resolved).
    ResolveNote(String),
    /// Resolve the unsigned comment mark at body byte `at` reading `mark`.
    ResolveMark {
        at: usize,
        mark: String,
    },
    /// Show or hide the list of open suggestions and comments.
    ToggleReviewPanel,
    /// Show the preview with its suggestions and comments, or as published.
    TogglePreviewChanges,
    /// Append a correction, an update or an editor's note to a published
    /// story (asks for its words).
    AddCorrection(CorrectionKind),
    /// Join or leave the article's live room (a desk with `live` set).
    ToggleLive,
    About,
}

/// What decides whether a command can run now.
#[derive(Debug, Clone, Copy)]
pub struct Situation {
    pub can_undo: bool,
    pub can_redo: bool,
    /// A desk is open (its index may still be loading).
    pub desk_open: bool,
    /// The desk's index is read, so its articles can be listed.
    pub desk_ready: bool,
    pub recent_files: bool,
    pub slug_linked: bool,
    pub status: Status,
    /// How many tabs are open.
    pub tabs: usize,
    /// Open suggestions in the body, as of the latest analysis.
    pub open_changes: usize,
    /// The article can be edited live (its desk has a live server, it has
    /// an id).
    pub live_available: bool,
}

impl Command {
    /// Whether the command can run now; a disabled command does nothing
    /// from any door (menu, palette, shortcut).
    pub fn enabled(&self, now: &Situation) -> bool {
        match self {
            Command::Undo => now.can_undo,
            Command::Redo => now.can_redo,
            Command::CloseDesk
            | Command::DeskSettings
            | Command::ShareDesk
            | Command::Sync
            | Command::ResolveConflicts => now.desk_open,
            Command::OpenRelatedPicker | Command::AddRelated(_) | Command::FindInDesk => now.desk_ready,
            Command::ClearRecent => now.recent_files,
            Command::RelinkSlug => !now.slug_linked,
            Command::SetStatus(status) => *status != now.status,
            Command::NextTab | Command::PreviousTab => now.tabs > 1,
            Command::SwitchTab(index) => *index < now.tabs,
            Command::AcceptAll | Command::RejectAll => now.open_changes > 0,
            Command::AddCorrection(_) => now.status == Status::Published,
            Command::ToggleLive => now.live_available,
            _ => true,
        }
    }
}
