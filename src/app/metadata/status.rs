//! The story's status: marking it Draft, In Edit, Ready or Published
//! through the publish gate, and the question a status change with
//! warnings asks.

use crate::app::CopydeskApp;
use crate::app::window::question::{Answer, buttons, modal};
use crate::model::article::Status;
use crate::model::article::schedule::{self, Hold};
use crate::model::when::now_seconds;
use crate::rules::check::{self, Severity};

/// Confirming a status change that has warnings.
pub struct StatusConfirm {
    pub status: Status,
    pub warnings: Vec<String>,
}

impl CopydeskApp {
    /// Marks the story `status`: Ready and Published go through the
    /// publish gate (errors refuse, warnings ask first).
    pub(crate) fn set_status(&mut self, status: Status) {
        let mut candidate = self.workspace.doc().article();
        if status == Status::Published && candidate.published_at.is_none() {
            // Publishing stamps the time, as a CMS would.
            candidate.published_at = Some(now_seconds());
        }
        if status >= Status::Ready {
            let findings =
                check::gate(&candidate, status, &self.checking.setting.rules.context(self.desk_view()));
            let messages = |severity: Severity| -> Vec<String> {
                findings.iter().filter(|f| f.severity == severity).map(|f| f.message.clone()).collect()
            };
            let errors = messages(Severity::Error);
            if !errors.is_empty() {
                self.notify_about(
                    crate::app::Topic::Gate,
                    format!("Not marked {status}: fix these first. {}", errors.join(" ")),
                );
                return;
            }
            let mut warnings = messages(Severity::Warning);
            if status == Status::Published
                && let Some(hold @ Hold::Embargoed(_)) = schedule::hold(&candidate, jiff::Timestamp::now())
            {
                let zone = jiff::tz::TimeZone::system();
                warnings
                    .insert(0, format!("{}: a site export holds it back until then.", hold.describe(&zone)));
            }
            if !warnings.is_empty() {
                self.ask(StatusConfirm { status, warnings });
                return;
            }
        }
        self.apply_status(status);
    }

    /// Sets the status (stamping the publication time when a story is
    /// published without one).
    pub(crate) fn apply_status(&mut self, status: Status) {
        self.notices.retain(|n| n.topic != Some(crate::app::Topic::Gate));
        self.workspace.doc_mut().edit_fields(|fields| {
            fields.article.status = status;
            if status == Status::Published && fields.article.published_at.is_none() {
                fields.set_published(Some(now_seconds()));
            }
        });
    }

    pub(crate) fn status_confirm_ui(
        &mut self,
        ctx: &egui::Context,
        confirm: StatusConfirm,
    ) -> Option<StatusConfirm> {
        let status = confirm.status;
        let answer = modal(ctx, "status-confirm", |ui| {
            ui.heading(format!("Mark as {status}?"));
            ui.label(format!("The story has {} warning(s):", confirm.warnings.len()));
            for warning in confirm.warnings.iter().take(8) {
                ui.add(egui::Label::new(format!("• {warning}")).wrap());
            }
            let mark = format!("Mark {status}");
            buttons(ui, &[(&mark, Answer::First), ("Cancel", Answer::Cancel)])
        });
        match answer {
            Some(Answer::First) => {
                self.apply_status(status);
                None
            }
            Some(_) => None,
            None => Some(confirm),
        }
    }
}
