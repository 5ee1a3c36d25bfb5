//! Running commands: the one door every menu item, shortcut, palette entry
//! and test goes through. A command that is not enabled does nothing.

use crate::app::commands::palette::{self, Entry, Palette};
use crate::app::commands::{self, Command, PreviewWidth, Situation};
use crate::app::files::open::Intent;
use crate::app::metadata::related;
use crate::app::{CopydeskApp, DialogRequest};
use crate::editing::document::Restored;
use crate::model::article::{Block, Field};
use crate::rules::check::{self, Location};
use crate::storage::desk;

impl CopydeskApp {
    /// What decides which commands can run now.
    pub(crate) fn situation(&self) -> Situation {
        let doc = self.workspace.doc();
        Situation {
            can_undo: doc.can_undo(),
            can_redo: doc.can_redo(),
            desk_open: self.desk.is_some(),
            desk_ready: self.desk_index().is_some(),
            recent_files: !self.prefs.recent.is_empty() || !self.prefs.recent_desks.is_empty(),
            slug_linked: doc.fields().slug_linked,
            status: doc.fields().article.status,
            tabs: self.workspace.count(),
            open_changes: self
                .checking
                .analyst
                .latest()
                .marks
                .iter()
                .filter(|m| m.found.mark.kind.is_change())
                .count(),
            live_available: self.live_available(),
        }
    }

    pub(crate) fn execute(&mut self, command: Command) {
        if !command.enabled(&self.situation()) {
            return;
        }
        match command {
            Command::New => self.intend(Intent::New),
            Command::Open => self.intend(Intent::Open(None)),
            Command::OpenPath(path) => self.intend(Intent::Open(Some(path))),
            Command::OpenDesk => {
                let folder = self.desk.as_ref().map(|d| d.root.clone());
                self.show_dialog(
                    DialogRequest::OpenDesk { folder },
                    crate::app::files::open::Purpose::OpenDesk,
                );
            }
            Command::OpenDeskPath(path) => self.open_desk(path),
            Command::CloseDesk => {
                self.desk = None;
                self.prefs.open_desk = None;
            }
            Command::OpenRelatedPicker => self.ask(related::Picker::default()),
            Command::AddRelated(slug) => self.add_related(&slug),
            Command::AddToDictionary(word) => self.add_words(&[word]),
            Command::AddFlaggedNames => self.ask_flagged_names(),
            Command::DeskSettings => self.ask_desk_settings(),
            Command::Cut | Command::Copy | Command::Paste | Command::SelectAll => {
                self.run_clipboard(&command)
            }
            Command::ReplaceWord { at, word, with } => {
                // Only if the word is still where the analysis saw it.
                let doc = self.workspace.doc_mut();
                if doc.body().get(at..at + word.len()) == Some(word.as_str())
                    && doc.replace_body(at..at + word.len(), &with)
                {
                    self.workspace.view_mut().requests.cursor_to = Some(at + with.len());
                }
            }
            Command::ApplyFix(index) => self.apply_fix(index),
            Command::FixHere => self.fix_here(),
            Command::FixAllTypography => self.fix_all_typography(),
            Command::Save => self.save(None),
            Command::SaveAs => self.ask_save_path(None),
            Command::Quit => self.intend(Intent::Quit),
            Command::Undo => {
                if let Some(restored) = self.workspace.doc_mut().undo() {
                    self.after_history("Undone", restored);
                }
            }
            Command::Redo => {
                if let Some(restored) = self.workspace.doc_mut().redo() {
                    self.after_history("Redone", restored);
                }
            }
            Command::TogglePreview => self.prefs.preview_visible = !self.prefs.preview_visible,
            Command::SetPreviewWidth(width) => self.prefs.preview_width = width,
            Command::TogglePreviewWidth => {
                self.prefs.preview_width = match self.prefs.preview_width {
                    PreviewWidth::Desktop => PreviewWidth::Phone,
                    PreviewWidth::Phone => PreviewWidth::Desktop,
                };
            }
            Command::SetTheme(theme) => {
                self.prefs.theme = theme;
                self.ctx.set_theme(theme.preference());
            }
            Command::ToggleChecks => self.prefs.checks_visible = !self.prefs.checks_visible,
            Command::ToggleOutline => self.prefs.outline_visible = !self.prefs.outline_visible,
            Command::ToggleCaretBlink => {
                self.prefs.caret_blink = !self.prefs.caret_blink;
                self.caret.set(&self.ctx, self.prefs.caret_blink);
            }
            Command::RelinkSlug => self.workspace.doc_mut().edit_fields(|fields| {
                fields.slug_linked = true;
                fields.article.slug = crate::model::slug::suggest(&fields.article.headline);
            }),
            Command::SetStatus(status) => self.set_status(status),
            Command::ToggleLive => self.toggle_live(),
            Command::GoToFinding(index) => self.go_to_finding(index),
            Command::GoToBody(offset) => self.workspace.view_mut().requests.cursor_to = Some(offset),
            Command::FocusBody => {
                let id = crate::app::editor::body_id(self.workspace.active_key());
                self.preview_peek = false;
                self.ctx.memory_mut(|m| m.request_focus(id));
            }
            Command::ClearRecent => {
                self.prefs.recent.clear();
                self.prefs.recent_desks.clear();
            }
            Command::Palette => {
                let focused = self.ctx.memory(|m| m.focused());
                let mut palette = Palette::new(focused);
                palette.query = self.palette_query.take().unwrap_or_default();
                self.ask(palette);
            }
            Command::About => self.ask(crate::app::commands::menu::About),
            Command::Import => self.ask_import(),
            Command::PasteAsNew => {
                self.awaiting_paste = true;
                self.ctx.send_viewport_cmd(egui::ViewportCommand::RequestPaste);
            }
            Command::ExportHtml => self.ask_export_html(),
            Command::ChooseLeadImage => self.ask_lead_image(),
            Command::ToggleSocialPreview => self.social_open = !self.social_open,
            Command::Find => self.open_find(false),
            Command::FindReplace => self.open_find(true),
            Command::FindNext => self.find_step(true),
            Command::FindPrevious => self.find_step(false),
            Command::NextTab => self.step_tab(true),
            Command::PreviousTab => self.step_tab(false),
            Command::CloseTab => self.intend(Intent::CloseTab),
            Command::SwitchTab(index) => self.switch_tab(index),
            Command::OpenInBackground(path) => self.open_in_background(&path),
            Command::ToggleScrollPreview => {
                self.prefs.preview_follows_editor = !self.prefs.preview_follows_editor
            }
            Command::FindInDesk => self.ask(crate::app::find::desk::DeskFind::default()),
            Command::OpenFound { path, field, at } => self.open_found(&path, field, at),
            Command::ShareDesk => self.ask_share(),
            Command::Sync => self.start_sync(),
            Command::ResolveConflicts => self.open_resolve(),
            Command::SetAuthor => self.ask_author(false),
            Command::ShowHistory => self.open_history(),
            Command::Publish => self.publish_menu(),
            Command::PublishTo(name) => self.publish_to(&name, crate::output::publish::Choice::Careful),
            Command::CancelPublish => self.cancel_publish(),
            Command::ToggleSuggest
            | Command::AcceptAtCaret
            | Command::RejectAtCaret
            | Command::AcceptAll
            | Command::RejectAll
            | Command::AcceptAllBy(_)
            | Command::RejectAllBy(_)
            | Command::DecideMark { .. }
            | Command::AddComment
            | Command::Reply { .. }
            | Command::ResolveNote(_)
            | Command::ResolveMark { .. }
            | Command::ToggleReviewPanel
            | Command::TogglePreviewChanges
            | Command::AddCorrection(_) => {
                self.run_review(&command);
            }
        }
    }

    /// Shows where an undo or redo changed something, even off-screen: the
    /// cursor goes to the body change, the keyboard to the changed field,
    /// and a notice names it.
    fn after_history(&mut self, what: &str, restored: Restored) {
        match restored.body_at {
            Some(at) => self.workspace.view_mut().requests.cursor_to = Some(at),
            None if restored.field != Field::Body => {
                self.workspace.view_mut().requests.focus_field = Some(restored.field)
            }
            None => {}
        }
        self.notify(false, format!("{what}: a change to the {}.", restored.field.label().to_lowercase()));
        self.request_analysis();
    }

    /// Everything the palette offers now: the catalog, the desk's articles
    /// and the body's sections.
    pub(crate) fn palette_entries(&self, now: &Situation) -> Vec<Entry> {
        let shortcut = |command: &Command| {
            commands::keys_for(command).map(|keys| self.ctx.format_shortcut(&keys)).unwrap_or_default()
        };
        let mut entries: Vec<Entry> = commands::catalog()
            .map(|command| Entry {
                label: command.label().to_string(),
                description: command.description().to_string(),
                shortcut: shortcut(command),
                command: command.clone(),
                enabled: command.enabled(now),
            })
            .collect();
        if let Some(index) = self.desk_index() {
            let current = self.workspace.doc().path.as_deref();
            for entry in index.entries.iter().filter(|e| Some(e.path.as_path()) != current) {
                let title = if entry.headline.trim().is_empty() { &entry.slug } else { &entry.headline };
                entries.push(Entry {
                    label: format!("Open: {title}"),
                    description: format!("Open {} from the desk", entry.path.display()),
                    shortcut: String::new(),
                    command: Command::OpenPath(entry.path.clone()),
                    enabled: true,
                });
            }
        }
        for target in self.publish_targets() {
            entries.push(Entry {
                label: format!("Publish to: {}", target.name),
                description: format!("Send the article to {} ({})", target.name, target.url),
                shortcut: String::new(),
                command: Command::PublishTo(target.name),
                enabled: true,
            });
        }
        let analysis = self.checking.analyst.latest();
        if analysis.revision == self.workspace.doc().revision() {
            for (block, source) in analysis.parsed.blocks.iter().zip(&analysis.parsed.sources) {
                if let Block::Heading { text, .. } = block {
                    entries.push(Entry {
                        label: format!("Go to: {text}"),
                        description: "Put the cursor at this section heading".into(),
                        shortcut: String::new(),
                        command: Command::GoToBody(source.range.start),
                        enabled: true,
                    });
                }
            }
        }
        entries
    }

    /// Remembers a catalog command run from the palette, most recent first.
    pub(crate) fn remember_command(&mut self, command: &Command) {
        if !commands::catalog().any(|c| c == command) {
            return;
        }
        let label = command.label().to_string();
        let recent = &mut self.prefs.recent_commands;
        recent.retain(|r| *r != label);
        recent.insert(0, label);
        recent.truncate(palette::RECENT_COMMANDS);
    }

    pub(crate) fn add_related(&mut self, slug: &str) {
        let Some(index) = self.desk_index().cloned() else { return };
        let view = desk::DeskView { index, current: self.workspace.doc().path.clone() };
        match check::Desk::lookup(&view, slug) {
            check::Lookup::Found(target) => {
                if self.workspace.doc().fields().article.related.iter().any(|r| r.slug == slug) {
                    self.notify(true, format!("“{slug}” is already a related link."));
                    return;
                }
                let card = target.related_card(slug);
                let title = card.title.clone();
                self.workspace.doc_mut().edit_fields(|f| f.article.related.push(card));
                // The new card is shown and has the keyboard, so the
                // editor sees what the picker did.
                let index = self.workspace.doc().fields().article.related.len() - 1;
                let requests = &mut self.workspace.view_mut().requests;
                requests.focus_field = Some(Field::Related);
                requests.focus_related = Some(index);
                self.notify(false, format!("Added related link {}: “{title}”.", index + 1));
            }
            _ => self.notify(true, format!("No single desk article has the slug “{slug}”.")),
        }
    }

    pub(crate) fn desk_view(&self) -> Option<&dyn check::Desk> {
        self.checking.setting.desk.as_deref().map(|d| d as &dyn check::Desk)
    }

    fn go_to_finding(&mut self, index: usize) {
        let analysis = self.checking.analyst.latest().clone();
        let Some(finding) = analysis.findings.get(index) else { return };
        match finding.location {
            Location::Field { field } => self.workspace.view_mut().requests.focus_field = Some(field),
            Location::Related { index } => {
                self.workspace.view_mut().requests.focus_field = Some(Field::Related);
                self.workspace.view_mut().requests.focus_related = Some(index);
            }
            Location::Body { .. } => {
                if let Some(offset) = analysis.body_offset(finding) {
                    let body = self.workspace.doc().body();
                    let offset = offset.min(body.len());
                    // A misspelt word is selected, ready to be typed over.
                    let word = (finding.code == crate::rules::spell::FINDING_CODE)
                        .then(|| crate::app::editor::spelling::word_in(&finding.message))
                        .flatten()
                        .filter(|word| body.get(offset..).is_some_and(|rest| rest.starts_with(word)));
                    let requests = &mut self.workspace.view_mut().requests;
                    requests.cursor_to = Some(offset);
                    if let Some(word) = word {
                        requests.select_body = Some(offset..offset + word.len());
                    }
                }
            }
        }
    }
}
