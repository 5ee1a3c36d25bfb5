//! The words each command is shown with: its label in menus and the
//! palette, and the one line saying what it does.

use super::{Command, PreviewWidth, ThemeChoice};
use crate::model::article::{CorrectionKind, Status};

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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::commands::catalog;

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
}
