//! Every user action is a [`Command`], and each command knows its own
//! label, description, shortcuts and when it can run. Menus, the command
//! palette, Help ▸ About, keyboard shortcuts and tests all come from this
//! one catalog, so a command is added in one place.

pub(crate) mod clipboard;
pub(crate) mod menu;
pub(crate) mod palette;
pub(crate) mod run;

use std::path::PathBuf;

use egui::{Key, KeyboardShortcut, Modifiers};

use crate::model::article::{CorrectionKind, Status};

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

/// Where a command sits in the menu bar.
pub const MENUS: &[(&str, &[Command])] = &[
    (
        "File",
        &[
            Command::New,
            Command::Open,
            Command::OpenDesk,
            Command::CloseDesk,
            Command::DeskSettings,
            Command::ShareDesk,
            Command::Sync,
            Command::ResolveConflicts,
            Command::SetAuthor,
            Command::Import,
            Command::ExportHtml,
            Command::Save,
            Command::SaveAs,
            Command::CloseTab,
            Command::ClearRecent,
            Command::Quit,
        ],
    ),
    (
        "Edit",
        &[
            Command::Undo,
            Command::Redo,
            Command::Cut,
            Command::Copy,
            Command::Paste,
            Command::SelectAll,
            Command::ToggleSuggest,
            Command::AcceptAtCaret,
            Command::RejectAtCaret,
            Command::AcceptAll,
            Command::RejectAll,
            Command::AddComment,
            Command::PasteAsNew,
            Command::Find,
            Command::FindReplace,
            Command::FindNext,
            Command::FindPrevious,
            Command::FindInDesk,
            Command::FocusBody,
            Command::Palette,
        ],
    ),
    (
        "Article",
        &[
            Command::RelinkSlug,
            Command::OpenRelatedPicker,
            Command::ChooseLeadImage,
            Command::Publish,
            Command::AddFlaggedNames,
            Command::FixHere,
            Command::FixAllTypography,
            Command::SetStatus(Status::Draft),
            Command::SetStatus(Status::Edit),
            Command::SetStatus(Status::Ready),
            Command::SetStatus(Status::Published),
            Command::AddCorrection(CorrectionKind::Correction),
            Command::AddCorrection(CorrectionKind::Update),
            Command::AddCorrection(CorrectionKind::EditorsNote),
            Command::ToggleLive,
        ],
    ),
    (
        "View",
        &[
            Command::TogglePreview,
            Command::TogglePreviewWidth,
            Command::SetPreviewWidth(PreviewWidth::Desktop),
            Command::SetPreviewWidth(PreviewWidth::Phone),
            Command::ToggleChecks,
            Command::ToggleOutline,
            Command::ToggleScrollPreview,
            Command::ToggleSocialPreview,
            Command::ToggleReviewPanel,
            Command::TogglePreviewChanges,
            Command::ToggleCaretBlink,
            Command::NextTab,
            Command::PreviousTab,
            Command::ShowHistory,
            Command::SetTheme(ThemeChoice::System),
            Command::SetTheme(ThemeChoice::Light),
            Command::SetTheme(ThemeChoice::Dark),
        ],
    ),
    ("Help", &[Command::About]),
];

/// Every command a person can find by name: the menus' commands in menu
/// order. Commands that carry data picked elsewhere (a path, a finding, a
/// word) are reached through the thing they act on.
pub fn catalog() -> impl Iterator<Item = &'static Command> {
    MENUS.iter().flat_map(|(_, commands)| commands.iter())
}

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
    /// The command's name, as menus and the palette show it.
    pub fn label(&self) -> &'static str {
        match self {
            Command::New => "New",
            Command::Open | Command::OpenPath(_) => "Open…",
            Command::OpenDesk | Command::OpenDeskPath(_) => "Open Desk…",
            Command::CloseDesk => "Close Desk",
            Command::DeskSettings => "Desk Settings…",
            Command::OpenRelatedPicker | Command::AddRelated(_) => "Add Related Article…",
            Command::AddToDictionary(_) => "Add to Dictionary",
            Command::AddFlaggedNames => "Add All Flagged Names…",
            Command::Cut => "Cut",
            Command::Copy => "Copy",
            Command::Paste => "Paste",
            Command::SelectAll => "Select All",
            Command::ReplaceWord { .. } => "Replace Misspelled Word",
            Command::ApplyFix(_) => "Apply Fix",
            Command::FixHere => "Fix Typography or Grammar Here",
            Command::FixAllTypography => "Fix All Typography",
            Command::Save => "Save",
            Command::SaveAs => "Save As…",
            Command::Quit => "Quit",
            Command::Undo => "Undo",
            Command::Redo => "Redo",
            Command::TogglePreview => "Show Preview",
            Command::SetPreviewWidth(PreviewWidth::Desktop) => "Desktop Preview (720 px)",
            Command::SetPreviewWidth(PreviewWidth::Phone) => "Phone Preview (375 px)",
            Command::TogglePreviewWidth => "Switch Desktop/Phone Preview",
            Command::SetTheme(ThemeChoice::System) => "Theme: Follow System",
            Command::SetTheme(ThemeChoice::Light) => "Theme: Light",
            Command::SetTheme(ThemeChoice::Dark) => "Theme: Dark",
            Command::ToggleChecks => "Show Checks Panel",
            Command::RelinkSlug => "Slug Follows Headline",
            Command::SetStatus(Status::Draft) => "Mark as Draft",
            Command::SetStatus(Status::Edit) => "Mark as In Edit",
            Command::SetStatus(Status::Ready) => "Mark as Ready",
            Command::SetStatus(Status::Published) => "Mark as Published",
            Command::GoToFinding(_) => "Go to Finding",
            Command::GoToBody(_) => "Go to Section",
            Command::FocusBody => "Go to Body",
            Command::ClearRecent => "Clear Recent Desks and Files",
            Command::Palette => "Command Palette…",
            Command::Find => "Find…",
            Command::Import => "Import…",
            Command::PasteAsNew => "Paste as New Article",
            Command::ExportHtml => "Export HTML…",
            Command::ChooseLeadImage => "Choose Lead Image…",
            Command::ToggleSocialPreview => "Search & Social Preview",
            Command::FindReplace => "Replace…",
            Command::FindNext => "Find Next",
            Command::FindPrevious => "Find Previous",
            Command::ToggleOutline => "Show Outline",
            Command::ToggleCaretBlink => "Blinking Caret",
            Command::NextTab => "Next Tab",
            Command::PreviousTab => "Previous Tab",
            Command::CloseTab => "Close Tab",
            Command::SwitchTab(_) => "Show Tab",
            Command::OpenInBackground(_) => "Open in Background Tab",
            Command::FindInDesk => "Find in Desk…",
            Command::ToggleScrollPreview => "Scroll Preview with Editor",
            Command::OpenFound { .. } => "Open Match",
            Command::ShareDesk => "Share Desk…",
            Command::Sync => "Sync Desk",
            Command::ResolveConflicts => "Resolve Sync Conflicts…",
            Command::SetAuthor => "Sync Name and E-mail…",
            Command::ShowHistory => "Article History…",
            Command::Publish => "Publish…",
            Command::PublishTo(_) => "Publish to Target",
            Command::CancelPublish => "Cancel Publishing",
            Command::ToggleSuggest => "Suggest Changes",
            Command::AcceptAtCaret => "Accept Suggestion",
            Command::RejectAtCaret => "Reject Suggestion",
            Command::AcceptAll => "Accept All Suggestions",
            Command::RejectAll => "Reject All Suggestions",
            Command::AcceptAllBy(_) => "Accept All by Author",
            Command::RejectAllBy(_) => "Reject All by Author",
            Command::DecideMark { accept: true, .. } => "Accept This Suggestion",
            Command::DecideMark { accept: false, .. } => "Reject This Suggestion",
            Command::AddComment => "Add Comment…",
            Command::Reply { .. } => "Reply to Comment",
            Command::ResolveNote(_) | Command::ResolveMark { .. } => "Resolve Comment",
            Command::ToggleReviewPanel => "Suggestions and Comments",
            Command::TogglePreviewChanges => "Preview With Changes",
            Command::AddCorrection(CorrectionKind::Correction) => "Add Correction…",
            Command::AddCorrection(CorrectionKind::Update) => "Add Update…",
            Command::AddCorrection(CorrectionKind::EditorsNote) => "Add Editor's Note…",
            Command::ToggleLive => "Live Editing",
            Command::About => "About Copydesk",
        }
    }

    /// One line saying what the command does (tooltips, the palette).
    pub fn description(&self) -> &'static str {
        match self {
            Command::New => "Start a new, empty article",
            Command::Open | Command::OpenPath(_) => "Open an article file",
            Command::OpenDesk | Command::OpenDeskPath(_) => "Open a folder of articles as the desk",
            Command::CloseDesk => "Close the desk sidebar",
            Command::DeskSettings => {
                "The desk's name, site address, categories, time zone, length limits and dictionary words"
            }
            Command::OpenRelatedPicker | Command::AddRelated(_) => {
                "Pick a desk article and add it as a related link"
            }
            Command::AddToDictionary(_) => "Stop flagging this word as misspelled",
            Command::AddFlaggedNames => {
                "Tick the names the spell checker flags in this article and add them to the dictionary at once"
            }
            Command::Cut => "Cut the selected text to the clipboard",
            Command::Copy => "Copy the selected text to the clipboard",
            Command::Paste => "Paste the clipboard's text where the cursor is",
            Command::SelectAll => "Select all the text of the field (or the whole body)",
            Command::ReplaceWord { .. } => "Replace the word with a suggestion",
            Command::ApplyFix(_) => "Make the change the note suggests",
            Command::FixHere => "Make the change the typography or grammar note at the caret suggests",
            Command::FixAllTypography => {
                "Curly quotes and apostrophes in the article's language, the desk's dash, ellipses, single spaces"
            }
            Command::Save => "Save the article to its file",
            Command::SaveAs => "Save the article to a new file",
            Command::Quit => "Close the window",
            Command::Undo => "Undo the last change to the body or a field",
            Command::Redo => "Redo the change last undone",
            Command::TogglePreview => "Show or hide the published-page preview",
            Command::SetPreviewWidth(_) => "Draw the preview at this width",
            Command::TogglePreviewWidth => "Switch the preview between desktop and phone width",
            Command::SetTheme(_) => "Choose light, dark or the desktop's theme",
            Command::ToggleChecks => "Show or hide the list of errors, warnings and notes",
            Command::RelinkSlug => "Make the slug follow the headline again",
            Command::SetStatus(_) => "Move the story along the desk's workflow",
            Command::GoToFinding(_) => "Jump to where a finding applies",
            Command::GoToBody(_) => "Jump to a section of the body",
            Command::FocusBody => "Put the keyboard in the body, where its caret was",
            Command::ClearRecent => "Forget the lists of recently opened desks and files",
            Command::Palette => "Find any command by name",
            Command::Import => "Bring in Markdown (with front matter) or a plain-text copy as a new article",
            Command::PasteAsNew => "Read the clipboard's text as a new article",
            Command::ExportHtml => "Write the article as one published HTML page",
            Command::ChooseLeadImage => "Pick the photo shown above the story (PNG, JPEG or WebP)",
            Command::ToggleSocialPreview => {
                "See the article as a search result and as social cards, with what gets cut"
            }
            Command::Find => "Find text in the body (and, with Fields, the headline, dek and teasers)",
            Command::FindReplace => "Find text and replace it, one match or all at once",
            Command::FindNext => "Go to the next match",
            Command::FindPrevious => "Go to the previous match",
            Command::ToggleOutline => "Show or hide the body's sections, with the words in each",
            Command::ToggleCaretBlink => {
                "A still caret spares a remote or software-drawn screen a redraw each blink"
            }
            Command::NextTab => "Show the next open article",
            Command::PreviousTab => "Show the previous open article",
            Command::CloseTab => "Close the article on screen, asking first if it has unsaved changes",
            Command::SwitchTab(_) => "Show an open article",
            Command::OpenInBackground(_) => "Open an article in a tab without leaving this one",
            Command::FindInDesk => "Find text in every desk article, listed by article, field and line",
            Command::ToggleScrollPreview => "Keep the preview at the section shown at the top of the editor",
            Command::OpenFound { .. } => "Open the article where the text was found",
            Command::ShareDesk => "Make the desk a git repository other editors can sync with",
            Command::Sync => {
                "Save, then send your changes and bring in everyone else's, merging article by article"
            }
            Command::ResolveConflicts => {
                "Choose between your version and theirs where a sync met both changing the same thing"
            }
            Command::SetAuthor => "The name and e-mail your synced changes are signed with",
            Command::ShowHistory => "Every committed version of this article, compared with the current text",
            Command::Publish | Command::PublishTo(_) => {
                "Send the article to the newsroom's CMS (WordPress or Ghost), after the publish gate"
            }
            Command::CancelPublish => "Stop the publish under way after its current step",
            Command::ToggleSuggest => {
                "Type as suggestions: insertions and deletions marked and signed with your sync name"
            }
            Command::AcceptAtCaret => "Make the suggested change the caret is in",
            Command::RejectAtCaret => "Drop the suggested change the caret is in",
            Command::AcceptAll => "Make every open suggested change, as one undo step",
            Command::RejectAll => "Drop every open suggested change, as one undo step",
            Command::AcceptAllBy(_) => "Make every open suggested change by one author",
            Command::RejectAllBy(_) => "Drop every open suggested change by one author",
            Command::DecideMark { .. } => "Decide one suggested change",
            Command::AddComment => "Comment on the selected words, or on the field being edited",
            Command::Reply { .. } => "Answer a comment or suggestion",
            Command::ResolveNote(_) | Command::ResolveMark { .. } => {
                "Close a comment: its mark leaves the body, the conversation is kept"
            }
            Command::ToggleReviewPanel => "List open suggestions and comments: who, when, what, replies",
            Command::TogglePreviewChanges => {
                "Show suggestions and comments in the preview, or the page as it would be published"
            }
            Command::AddCorrection(_) => {
                "Append a dated note at the foot of a published story, stamping Updated"
            }
            Command::ToggleLive => {
                "Join or leave the story's live room, where other editors type in it at the same time"
            }
            Command::About => "Version and keyboard shortcuts",
        }
    }

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

    /// Whether the command can run now; a disabled command does nothing
    /// from any door (menu, palette, shortcut).
    pub fn enabled(&self, now: &Situation) -> bool {
        match self {
            Command::Undo => now.can_undo,
            Command::Redo => now.can_redo,
            Command::CloseDesk | Command::DeskSettings => now.desk_open,
            Command::OpenRelatedPicker | Command::AddRelated(_) | Command::FindInDesk => now.desk_ready,
            Command::ShareDesk | Command::Sync | Command::ResolveConflicts => now.desk_open,
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
    fn every_catalog_command_has_a_distinct_label_and_a_description() {
        let mut labels: Vec<&str> = catalog().map(Command::label).collect();
        assert!(labels.iter().all(|l| !l.trim().is_empty()));
        assert!(catalog().all(|c| !c.description().is_empty()));
        let count = labels.len();
        labels.sort();
        labels.dedup();
        assert_eq!(labels.len(), count, "a label is used twice");
    }

    #[test]
    fn every_shortcut_is_bound_once() {
        let table = shortcut_table();
        for (i, (keys, _)) in table.iter().enumerate() {
            assert!(table[i + 1..].iter().all(|(other, _)| other != keys), "{keys:?} is bound twice");
        }
    }

    #[test]
    fn every_catalog_command_is_in_a_menu_once() {
        let all: Vec<&Command> = catalog().collect();
        for command in &all {
            assert_eq!(all.iter().filter(|c| c == &command).count(), 1, "{command:?}");
        }
    }
}
