//! The copy desk's work in the window: suggest mode (the editor's own
//! handling is `editor::suggest`), accepting and rejecting suggestions,
//! comments and replies, corrections, and what the status bar says about
//! them (suggesting, words against the target, an embargo or schedule).
//! Every change goes through the document as one undo step of splices.

pub(crate) mod panel;
pub(crate) mod questions;

use std::ops::Range;
use std::sync::Arc;

use egui::RichText;

use crate::app::window::plain_button::plain_button;
use crate::app::{Command, CopydeskApp};
use crate::editing::document::Splice;
use crate::editing::suggest;
use crate::editing::suggest::decide::{self, Placed};
use crate::model::article::schedule;
use crate::model::article::{Anchor, Field, Note, NoteKind, Reply, new_id};
use crate::model::markup::critic::{self, Keep};
use crate::model::when::now_seconds;
pub use questions::ReviewQuestion;

/// What the window keeps about the copy desk's work.
#[derive(Default)]
pub struct ReviewState {
    /// Edit ▸ Suggest Changes is on: typing suggests.
    pub suggesting: bool,
    /// View ▸ Suggestions and Comments is open.
    pub panel_open: bool,
    /// The preview shows suggestions and comments (else the page as
    /// published).
    pub with_changes: bool,
    /// The note being answered in the panel, and the answer so far.
    pub replying: Option<(String, String)>,
    /// The answer's field takes the keyboard on its first frame.
    pub reply_focus: bool,
    /// The panel lists only this author's work.
    pub author: Option<String>,
}

impl CopydeskApp {
    /// The name suggestions and comments are signed with: the sync name.
    pub(crate) fn signer_name(&self) -> Option<String> {
        let name = self.prefs.author_name.trim();
        (!name.is_empty()).then(|| name.to_string())
    }

    /// True while typing in the body suggests (what the editor reads).
    pub fn suggesting(&self) -> bool {
        self.review.suggesting
    }

    /// The sync name, or the question asking for it; `None` means asked.
    fn signer_or_ask(&mut self, what: &str) -> Option<String> {
        let name = self.signer_name();
        if name.is_none() {
            self.notify(
                false,
                format!(
                    "{what} are signed with your sync name: give it (File ▸ Sync Name and E-mail…), then try again."
                ),
            );
            self.ask_author(false);
        }
        name
    }

    /// Runs a command of this feature; false when it is not one.
    pub(crate) fn run_review(&mut self, command: &Command) -> bool {
        match command {
            Command::ToggleSuggest => self.toggle_suggest(),
            Command::AcceptAtCaret | Command::RejectAtCaret => {
                let accept = *command == Command::AcceptAtCaret;
                match self.caret_byte() {
                    Some(at) => self.decide(accept, decide::change_at(at), "at the caret"),
                    None => self.notify(false, "Put the caret in a suggestion first."),
                }
            }
            Command::AcceptAll => self.decide(true, |m, _| m.found.mark.kind.is_change(), ""),
            Command::RejectAll => self.decide(false, |m, _| m.found.mark.kind.is_change(), ""),
            Command::AcceptAllBy(name) | Command::RejectAllBy(name) => {
                let accept = matches!(command, Command::AcceptAllBy(_));
                let by = |m: &Placed, note: Option<&Note>| {
                    m.found.mark.kind.is_change() && note.is_some_and(|n| n.author.trim() == name.trim())
                };
                self.decide(accept, by, &format!("by {name}"));
            }
            Command::DecideMark { at, mark, accept } => {
                self.decide(*accept, decide::mark_at(*at, mark), "");
            }
            Command::AddComment => self.ask_comment(),
            Command::Reply { note, text } => self.reply(note, text),
            Command::ResolveNote(id) => self.resolve_note(id),
            Command::ResolveMark { at, mark } => {
                let resolved =
                    decide::decide(self.workspace.doc_mut(), Keep::Old, decide::mark_at(*at, mark));
                self.after_decision(&resolved, "Resolved", "comment");
            }
            Command::ToggleReviewPanel => self.review.panel_open = !self.review.panel_open,
            Command::TogglePreviewChanges => self.review.with_changes = !self.review.with_changes,
            Command::AddCorrection(kind) => {
                self.ask(ReviewQuestion::Correction { kind: *kind, text: String::new() })
            }
            _ => return false,
        }
        true
    }

    fn toggle_suggest(&mut self) {
        if self.review.suggesting {
            self.review.suggesting = false;
            self.notify(false, "Editing: what you type changes the story directly.");
            return;
        }
        let Some(name) = self.signer_or_ask("Suggestions") else { return };
        self.review.suggesting = true;
        self.notify(
            false,
            format!("Suggesting: what you type and delete is marked as a suggestion by {name}."),
        );
        self.ctx.memory_mut(|m| m.request_focus(self.body_editor_id()));
    }

    /// The body byte of the editor's caret, when the editor's view of the
    /// body is current.
    fn caret_byte(&self) -> Option<usize> {
        let window = &self.workspace.view().body_window;
        let doc = self.workspace.doc();
        (window.is_current(doc.body_revision())).then_some(())?;
        Some(window.byte_of_char(doc.body(), window.caret()?))
    }

    /// The body bytes the editor's selection covers.
    fn selection_bytes(&self) -> Option<Range<usize>> {
        let window = &self.workspace.view().body_window;
        let doc = self.workspace.doc();
        (window.is_current(doc.body_revision())).then_some(())?;
        let chars = window.selection?.range();
        Some(window.byte_of_char(doc.body(), chars.start)..window.byte_of_char(doc.body(), chars.end))
    }

    fn decide(&mut self, accept: bool, choose: impl Fn(&Placed, Option<&Note>) -> bool, which: &str) {
        let keep = if accept { Keep::New } else { Keep::Old };
        let decided = decide::decide(self.workspace.doc_mut(), keep, choose);
        if decided.is_empty() {
            let place = if which.is_empty() { String::new() } else { format!(" {which}") };
            self.notify(false, format!("No open suggestion{place}."));
            return;
        }
        self.after_decision(&decided, if accept { "Accepted" } else { "Rejected" }, "suggestion");
    }

    /// Tells what was decided and puts the caret where the first one was.
    fn after_decision(&mut self, decided: &[Range<usize>], verb: &str, what: &str) {
        let Some(first) = decided.first() else {
            self.notify(false, format!("No {what} there any more."));
            return;
        };
        self.workspace.view_mut().requests.cursor_to = Some(first.start);
        let count = crate::app::count(decided.len(), what, &format!("{what}s"));
        self.notify(false, format!("{verb} {count} (one undo step)."));
        self.request_analysis();
    }

    /// Add Comment: on the body's selection, or on the metadata field
    /// with the keyboard.
    fn ask_comment(&mut self) {
        if self.signer_or_ask("Comments").is_none() {
            return;
        }
        let focused = self.ctx.memory(|m| m.focused());
        let on_body = focused == Some(self.body_editor_id());
        let field = focused.and_then(crate::app::metadata::field_of_widget);
        let target = match (on_body, self.selection_bytes(), field) {
            (_, _, Some(field)) if !on_body => questions::Target::Field(field),
            (_, Some(range), _) if !range.is_empty() => {
                let passage = self.workspace.doc().body()[range.clone()].to_string();
                questions::Target::Body { range, passage }
            }
            _ => {
                self.notify(
                    false,
                    "Select the words to comment on (or put the keyboard in a field), then Add Comment.",
                );
                return;
            }
        };
        self.ask(ReviewQuestion::Comment { target, text: String::new(), problem: None });
    }

    /// Writes a comment the question took: its mark around the passage
    /// and its note, or a note on a field, as one undo step. A problem
    /// with it comes back in words.
    pub(crate) fn add_comment(&mut self, target: &questions::Target, text: &str) -> Result<(), String> {
        let text = text.replace(['\r', '\n'], " ").trim().to_string();
        if text.is_empty() {
            return Err("Write the comment first.".into());
        }
        if text.contains("<<}") || critic::may_have_marks(&text) {
            return Err("A comment cannot hold CriticMarkup braces such as “<<}” or “{++”.".into());
        }
        let Some(author) = self.signer_name() else { return Err("Give your sync name first.".into()) };
        let now = now_seconds();
        let note = |on: Option<Field>, anchor: Option<Anchor>| Note {
            id: new_id(),
            kind: NoteKind::Comment,
            on,
            anchor,
            author: author.clone(),
            at: now,
            text: text.clone(),
            replies: Vec::new(),
            resolved: false,
        };
        let doc = self.workspace.doc_mut();
        match target {
            questions::Target::Field(field) => {
                let note = note(Some(*field), None);
                doc.splice_as_one_step(&[], |fields| fields.article.notes.push(Arc::new(note)));
                self.notify(false, format!("Comment added on the {}.", field.label().to_lowercase()));
            }
            questions::Target::Body { range, passage } => {
                let body = doc.body();
                if body.get(range.clone()) != Some(passage.as_str()) {
                    return Err("The text changed under the selection; select it again.".into());
                }
                if passage.contains("\n\n") || critic::may_have_marks(passage) || passage.contains('}') {
                    return Err("Select words inside one paragraph with no suggestion in them.".into());
                }
                let mark = format!("{{=={passage}==}}{{>>{text}<<}}");
                let anchor = Anchor::new(&mark, suggest::text_before(body, range.start));
                let note = note(None, Some(anchor));
                let splices = [
                    Splice::new(range.end..range.end, format!("==}}{{>>{text}<<}}")),
                    Splice::new(range.start..range.start, "{=="),
                ];
                doc.splice_as_one_step(&splices, |fields| fields.article.notes.push(Arc::new(note)));
                self.workspace.view_mut().requests.cursor_to = Some(range.start);
                self.notify(false, "Comment added (one undo step).");
            }
        }
        self.request_analysis();
        Ok(())
    }

    fn reply(&mut self, id: &str, text: &str) {
        let text = text.trim();
        let Some(author) = self.signer_or_ask("Replies") else { return };
        if text.is_empty() {
            return;
        }
        let reply = Reply { author, at: now_seconds(), text: text.to_string() };
        self.workspace.doc_mut().splice_as_one_step(&[], |fields| {
            if let Some(note) = fields.article.notes.iter_mut().find(|n| n.id == id) {
                Arc::make_mut(note).replies.push(reply);
            }
        });
        self.review.replying = None;
        self.notify(false, "Reply added.");
    }

    /// Resolves a note: a comment's mark leaves the body (its passage
    /// stays), the note is kept, resolved.
    fn resolve_note(&mut self, id: &str) {
        let resolved = decide::decide(self.workspace.doc_mut(), Keep::Old, decide::comment_of(id));
        if !resolved.is_empty() {
            return self.after_decision(&resolved, "Resolved", "comment");
        }
        self.workspace.doc_mut().splice_as_one_step(&[], |fields| {
            if let Some(note) = fields.article.notes.iter_mut().find(|n| n.id == id) {
                Arc::make_mut(note).resolved = true;
            }
        });
        self.notify(false, "Resolved.");
    }

    /// "812 / 900 words" against the story's target (else the desk's for
    /// its category), or "812 words".
    pub(crate) fn words_line(&self, words: usize) -> (String, bool) {
        let article = &self.workspace.doc().fields().article;
        let target = article
            .target_words
            .or_else(|| self.checking.desk_config.target_words.get(article.category.trim()).copied());
        match target.filter(|&t| t > 0) {
            Some(target) => {
                let slack = f64::from(target) * crate::rules::check::LENGTH_SLACK;
                let off = (words as f64 - f64::from(target)).abs() > slack;
                (format!("{words} / {target} words"), off)
            }
            None => (format!("{words} words"), false),
        }
    }

    /// The status bar's part: suggesting, and an embargo or schedule.
    pub(crate) fn review_status_ui(&mut self, ui: &mut egui::Ui) {
        let article = &self.workspace.doc().fields().article;
        if let Some(hold) = schedule::hold(article, jiff::Timestamp::now()) {
            ui.separator();
            let zone = jiff::tz::TimeZone::system();
            ui.label(RichText::new(hold.describe(&zone)).color(ui.visuals().warn_fg_color));
        }
        if self.review.suggesting {
            ui.separator();
            let color = egui::Color32::from_rgb(30, 140, 60);
            let suggesting = egui::Button::new(RichText::new("Suggesting").color(color).strong());
            let button = plain_button(ui, suggesting)
                .on_hover_text("Typing makes suggestions; click (or Ctrl+Alt+Shift+X) to edit directly");
            if button.clicked() {
                self.queue.push(Command::ToggleSuggest);
            }
        }
        let open =
            self.checking.analyst.latest().marks.iter().filter(|m| m.found.mark.kind.is_change()).count();
        if open > 0 {
            let label = crate::app::count(open, "suggestion", "suggestions");
            if plain_button(ui, egui::Button::new(label))
                .on_hover_text("Show the suggestions and comments")
                .clicked()
            {
                self.queue.push(Command::ToggleReviewPanel);
            }
        }
    }
}
