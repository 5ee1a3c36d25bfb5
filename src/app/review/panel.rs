//! View ▸ Suggestions and Comments: every open suggestion and comment of
//! the article (who, when, what, the replies), with Accept and Reject,
//! Reply and Resolve, and Accept All / Reject All, for everyone or one
//! author. A click on a row puts the caret (or the keyboard) there.

use std::sync::Arc;

use egui::RichText;

use crate::app::{Command, CopydeskApp};
use crate::editing::suggest::decide::Placed;
use crate::model::article::{Field, Note};

use super::questions::shorten;

/// One row's note, its first line and where a click goes.
enum Place {
    Body(usize),
    Field(Field),
    Nowhere,
}

impl CopydeskApp {
    /// The panel, while it is open.
    pub(crate) fn review_panel_ui(&mut self, ctx: &egui::Context) {
        if !self.review.panel_open {
            return;
        }
        let mut open = true;
        let mut commands = Vec::new();
        let mut go = None;
        egui::Window::new("Suggestions and Comments")
            .id(egui::Id::unique("review-panel"))
            .open(&mut open)
            .default_width(360.0)
            .default_height(460.0)
            .default_pos(ctx.content_rect().right_top() + egui::vec2(-380.0, 60.0))
            .show(ctx, |ui| {
                (commands, go) = self.review_list_ui(ui);
            });
        if !open {
            self.review.panel_open = false;
        }
        match go {
            Some(Place::Body(at)) => self.workspace.view_mut().requests.cursor_to = Some(at),
            Some(Place::Field(field)) => self.workspace.view_mut().requests.focus_field = Some(field),
            _ => {}
        }
        self.queue.extend(commands);
    }

    fn review_list_ui(&mut self, ui: &mut egui::Ui) -> (Vec<Command>, Option<Place>) {
        let mut commands = Vec::new();
        let mut go = None;
        let analysis = self.checking.analyst.latest().clone();
        let notes = self.workspace.doc().fields().article.notes.clone();
        let zone = jiff::tz::TimeZone::system();
        let author_of = |m: &Placed| m.found.note.and_then(|n| notes.get(n)).map(Arc::as_ref);
        let changes = analysis.marks.iter().filter(|m| m.found.mark.kind.is_change()).count();
        if analysis.revision != self.workspace.doc().revision() {
            ui.label(RichText::new("Updating…").weak());
        }

        // Whose work is listed.
        let mut authors: Vec<String> =
            analysis.marks.iter().filter_map(|m| author_of(m).map(|n| n.author.clone())).collect();
        authors.extend(notes.iter().filter(|n| !n.resolved).map(|n| n.author.clone()));
        authors.sort();
        authors.dedup();
        ui.horizontal(|ui| {
            let label = ui.label("Show");
            egui::ComboBox::from_id_salt("review-author")
                .selected_text(self.review.author.as_deref().unwrap_or("Everyone"))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.review.author, None, "Everyone");
                    for name in &authors {
                        ui.selectable_value(&mut self.review.author, Some(name.clone()), name);
                    }
                })
                .response
                .labelled_by(label.id);
        });
        let filter = self.review.author.clone();
        ui.horizontal_wrapped(|ui| {
            let (accept, reject) = match &filter {
                Some(name) => (Command::AcceptAllBy(name.clone()), Command::RejectAllBy(name.clone())),
                None => (Command::AcceptAll, Command::RejectAll),
            };
            let whose = filter.as_ref().map(|n| format!(" by {n}")).unwrap_or_default();
            if ui.add_enabled(changes > 0, egui::Button::new(format!("Accept All{whose}"))).clicked() {
                commands.push(accept);
            }
            if ui.add_enabled(changes > 0, egui::Button::new(format!("Reject All{whose}"))).clicked() {
                commands.push(reject);
            }
        });
        ui.separator();
        let shown = |note: Option<&Note>| match (&filter, note) {
            (None, _) => true,
            (Some(name), Some(note)) => note.author.trim() == name.trim(),
            (Some(_), None) => false,
        };
        egui::ScrollArea::vertical().id_salt("review-list").auto_shrink([false, false]).show(ui, |ui| {
            let mut rows = 0;
            for mark in &analysis.marks {
                let note = author_of(mark);
                let is_change = mark.found.mark.kind.is_change();
                if !shown(note) || (!is_change && note.is_some_and(|n| n.resolved)) {
                    continue;
                }
                rows += 1;
                let kind = mark.found.mark.kind.label();
                self.row_ui(ui, kind, note, &mark.describe(), &zone, Place::Body(mark.range.start), &mut go);
                ui.horizontal(|ui| {
                    if is_change {
                        for (label, accept) in [("Accept", true), ("Reject", false)] {
                            if ui
                                .small_button(label)
                                .on_hover_text(format!("{label} this {}", kind.to_lowercase()))
                                .clicked()
                            {
                                commands.push(Command::DecideMark {
                                    at: mark.range.start,
                                    mark: mark.text.clone(),
                                    accept,
                                });
                            }
                        }
                    } else if ui.small_button("Resolve").clicked() {
                        commands.push(match note {
                            Some(note) => Command::ResolveNote(note.id.clone()),
                            None => Command::ResolveMark { at: mark.range.start, mark: mark.text.clone() },
                        });
                    }
                    if let Some(note) = note {
                        self.reply_button_ui(ui, note);
                    }
                });
                if let Some(note) = note {
                    self.reply_box_ui(ui, note, &mut commands);
                }
                ui.separator();
            }
            for note in notes.iter().filter(|n| n.on.is_some() && !n.resolved && shown(Some(n))) {
                rows += 1;
                let field = note.on.unwrap_or(Field::Notes);
                let what = format!("on the {}: {}", field.label().to_lowercase(), note.text);
                self.row_ui(ui, "Comment", Some(note), &what, &zone, Place::Field(field), &mut go);
                self.resolve_or_reply_ui(ui, note, &mut commands);
                ui.separator();
            }
            for note in analysis.orphaned.iter().filter_map(|&n| notes.get(n)).filter(|n| shown(Some(n))) {
                rows += 1;
                let mark = note.anchor.as_ref().map_or("", |a| a.mark.as_str());
                let what = format!("its mark is gone: {}", shorten(mark, 80));
                self.row_ui(
                    ui,
                    &format!("Orphaned {}", note.kind.label().to_lowercase()),
                    Some(note),
                    &what,
                    &zone,
                    Place::Nowhere,
                    &mut go,
                );
                self.resolve_or_reply_ui(ui, note, &mut commands);
                ui.separator();
            }
            if rows == 0 {
                ui.label(RichText::new("No open suggestions or comments.").weak());
            }
        });
        (commands, go)
    }

    /// A row's words: kind, author, time, what, replies; a click on them
    /// goes to `place`.
    #[allow(clippy::too_many_arguments)]
    fn row_ui(
        &self,
        ui: &mut egui::Ui,
        kind: &str,
        note: Option<&Note>,
        what: &str,
        zone: &jiff::tz::TimeZone,
        place: Place,
        go: &mut Option<Place>,
    ) {
        let who = match note {
            Some(note) => {
                format!("{kind} by {} · {}", note.author, crate::model::when::describe(note.at, zone))
            }
            None => format!("{kind} by an unknown author"),
        };
        ui.label(RichText::new(who).strong().small());
        let clicked = ui
            .add(egui::Label::new(shorten(what, 160)).wrap().sense(egui::Sense::click()))
            .on_hover_text("Go there")
            .clicked();
        if clicked && !matches!(place, Place::Nowhere) {
            *go = Some(place);
        }
        for reply in note.map(|n| n.replies.as_slice()).unwrap_or_default() {
            ui.horizontal_wrapped(|ui| {
                ui.add_space(12.0);
                ui.label(RichText::new(format!("Reply by {}: {}", reply.author, reply.text)).small());
            });
        }
    }

    /// A comment's Resolve and Reply buttons, and its reply box when open.
    fn resolve_or_reply_ui(&mut self, ui: &mut egui::Ui, note: &Note, commands: &mut Vec<Command>) {
        ui.horizontal(|ui| {
            if ui.small_button("Resolve").clicked() {
                commands.push(Command::ResolveNote(note.id.clone()));
            }
            self.reply_button_ui(ui, note);
        });
        self.reply_box_ui(ui, note, commands);
    }

    fn reply_button_ui(&mut self, ui: &mut egui::Ui, note: &Note) {
        if ui.small_button("Reply").clicked() {
            self.review.replying = Some((note.id.clone(), String::new()));
            self.review.reply_focus = true;
        }
    }

    /// The answer being written to `note`, under its row.
    fn reply_box_ui(&mut self, ui: &mut egui::Ui, note: &Note, commands: &mut Vec<Command>) {
        let focus = &mut self.review.reply_focus;
        let Some((id, draft)) = &mut self.review.replying else { return };
        if *id != note.id {
            return;
        }
        let mut send = false;
        let mut cancel = false;
        ui.horizontal(|ui| {
            let label = ui.label("Reply");
            let response =
                ui.add(egui::TextEdit::singleline(draft).desired_width(200.0)).labelled_by(label.id);
            if std::mem::take(focus) {
                response.request_focus();
            }
            if response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                send = true;
            }
            send |= ui.small_button("Send").clicked();
            cancel = ui.small_button("Cancel").clicked();
        });
        if send && !draft.trim().is_empty() {
            commands.push(Command::Reply { note: id.clone(), text: draft.clone() });
        }
        if cancel {
            self.review.replying = None;
        }
    }
}
