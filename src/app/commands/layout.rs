//! The menu bar's layout: which commands each menu holds, in what order,
//! and where separators fall. The menus' commands are also the catalog a
//! person can find by name.

use super::{Command, PreviewWidth, ThemeChoice};
use crate::model::article::{CorrectionKind, Status};

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

/// Where menus draw a separator: after the last item of each group.
pub(crate) fn separated_after(command: &Command) -> bool {
    matches!(
        command,
        Command::DeskSettings
            | Command::SetAuthor
            | Command::SaveAs
            | Command::ClearRecent
            | Command::Redo
            | Command::AddComment
            | Command::FindPrevious
            | Command::OpenRelatedPicker
            | Command::SetStatus(Status::Published)
            | Command::TogglePreviewWidth
            | Command::SetPreviewWidth(PreviewWidth::Phone)
            | Command::ToggleCaretBlink
            | Command::PreviousTab
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_catalog_command_is_in_a_menu_once() {
        let all: Vec<&Command> = catalog().collect();
        for command in &all {
            assert_eq!(all.iter().filter(|c| c == &command).count(), 1, "{command:?}");
        }
    }
}
