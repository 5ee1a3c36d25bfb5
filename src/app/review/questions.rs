//! What the copy desk's work asks: a comment's words, a correction's
//! words, and whether to export a page under embargo.

use std::ops::Range;

use egui::RichText;

use crate::app::CopydeskApp;
use crate::app::window::question::{Answer, buttons, modal};
use crate::model::article::{Correction, CorrectionKind, Field};
use crate::model::when::now_seconds;

/// What a comment is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Body bytes `range`, which read `passage` when asked.
    Body {
        range: Range<usize>,
        passage: String,
    },
    Field(Field),
}

/// An open question of this feature.
pub enum ReviewQuestion {
    Comment {
        target: Target,
        text: String,
        problem: Option<String>,
    },
    Correction {
        kind: CorrectionKind,
        text: String,
    },
    /// Export HTML of a story under embargo: export anyway?
    ExportEmbargoed {
        until: jiff::Timestamp,
    },
}

impl CopydeskApp {
    pub(crate) fn review_question_ui(
        &mut self,
        ctx: &egui::Context,
        question: ReviewQuestion,
    ) -> Option<ReviewQuestion> {
        match question {
            ReviewQuestion::Comment { target, mut text, problem } => {
                let answer = modal(ctx, "review-comment", |ui| {
                    ui.heading("Add Comment");
                    let on = match &target {
                        Target::Body { passage, .. } => format!("On “{}”", shorten(passage, 80)),
                        Target::Field(field) => format!("On the {}", field.label().to_lowercase()),
                    };
                    ui.label(on);
                    let label = ui.label("Comment");
                    let response = ui.add(
                        egui::TextEdit::multiline(&mut text)
                            .desired_rows(3)
                            .desired_width(420.0)
                            .hint_text("Your comment"),
                    );
                    let response = response.labelled_by(label.id);
                    if !response.has_focus() && text.is_empty() {
                        response.request_focus();
                    }
                    if let Some(problem) = &problem {
                        ui.label(RichText::new(problem).color(ui.visuals().error_fg_color));
                    }
                    let enter = response.has_focus()
                        && ui.input(|i| i.key_pressed(egui::Key::Enter) && i.modifiers.command);
                    let answer = buttons(ui, &[("Add Comment", Answer::First), ("Cancel", Answer::Cancel)]);
                    if enter { Some(Answer::First) } else { answer }
                });
                match answer {
                    Some(Answer::First) => match self.add_comment(&target, &text) {
                        Ok(()) => None,
                        Err(problem) => {
                            Some(ReviewQuestion::Comment { target, text, problem: Some(problem) })
                        }
                    },
                    Some(_) => None,
                    None => Some(ReviewQuestion::Comment { target, text, problem }),
                }
            }
            ReviewQuestion::Correction { kind, mut text } => {
                let answer = modal(ctx, "review-correction", |ui| {
                    ui.heading(format!("Add {}", kind.label()));
                    ui.add(
                        egui::Label::new(format!(
                            "Shown at the story's foot as “{}, {}: …”; Updated is stamped now.",
                            kind.label(),
                            now_seconds().strftime("%B %-d, %Y")
                        ))
                        .wrap(),
                    );
                    let label = ui.label(format!("{} text", kind.label()));
                    let response = ui.add(
                        egui::TextEdit::multiline(&mut text)
                            .desired_rows(3)
                            .desired_width(420.0)
                            .hint_text("An earlier version of this story said …"),
                    );
                    let response = response.labelled_by(label.id);
                    if !response.has_focus() && text.is_empty() {
                        response.request_focus();
                    }
                    buttons(ui, &[("Add", Answer::First), ("Cancel", Answer::Cancel)])
                });
                match answer {
                    Some(Answer::First) if !text.trim().is_empty() => {
                        self.add_correction(kind, &text);
                        None
                    }
                    Some(Answer::First) | None => Some(ReviewQuestion::Correction { kind, text }),
                    Some(_) => None,
                }
            }
            ReviewQuestion::ExportEmbargoed { until } => {
                let zone = jiff::tz::TimeZone::system();
                let answer = modal(ctx, "review-embargo", |ui| {
                    ui.heading("Under embargo");
                    ui.add(
                        egui::Label::new(format!(
                            "This story is embargoed until {}. A page exported now could be published before then.",
                            crate::model::when::describe(until, &zone)
                        ))
                        .wrap(),
                    );
                    buttons(ui, &[("Export Anyway…", Answer::First), ("Cancel", Answer::Cancel)])
                });
                match answer {
                    Some(Answer::First) => {
                        self.show_export_dialog();
                        None
                    }
                    Some(_) => None,
                    None => Some(ReviewQuestion::ExportEmbargoed { until }),
                }
            }
        }
    }

    /// Appends a correction (update, editor's note) and stamps Updated,
    /// as one undo step.
    fn add_correction(&mut self, kind: CorrectionKind, text: &str) {
        let now = now_seconds();
        let correction = Correction { at: now, kind, text: text.trim().replace(['\r', '\n'], " ") };
        self.workspace.doc_mut().splice_as_one_step(&[], |fields| {
            fields.article.corrections.push(correction);
            fields.updated_text = now.to_string();
        });
        self.notify(false, format!("{} added; Updated stamped {now}.", kind.label()));
        self.request_analysis();
    }

    /// Export HTML asks first while the story is under embargo.
    pub(crate) fn embargo_holds_export(&mut self) -> bool {
        let article = &self.workspace.doc().fields().article;
        match crate::model::article::schedule::hold(article, jiff::Timestamp::now()) {
            Some(crate::model::article::schedule::Hold::Embargoed(until)) => {
                self.ask(ReviewQuestion::ExportEmbargoed { until });
                true
            }
            _ => false,
        }
    }
}

/// `text` cut to about `chars` characters, with an ellipsis.
pub(super) fn shorten(text: &str, chars: usize) -> String {
    let text = text.replace('\n', " ");
    if text.chars().count() <= chars {
        return text;
    }
    let cut: String = text.chars().take(chars).collect();
    format!("{}…", cut.trim_end())
}
