//! Applying the repairs typography and grammar notes offer: one (from the
//! checks panel, or the one at the caret) or every typography repair at
//! once, each an undoable edit of the document.

use crate::app::CopydeskApp;
use crate::model::article::Field;
use crate::model::language::Quotes;
use crate::rules::check::Location;
use crate::rules::review::PlacedFix;
use crate::rules::typography;

impl CopydeskApp {
    /// Applies the repair finding `index` of the latest analysis offers.
    pub(crate) fn apply_fix(&mut self, index: usize) {
        let analysis = self.checking.analyst.latest().clone();
        let Some(finding) = analysis.findings.get(index) else { return };
        let fix =
            analysis.fixes.iter().find(|f| f.location == finding.location && f.code == finding.code).cloned();
        match fix {
            Some(fix) if analysis.revision == self.workspace.doc().revision() => self.apply_placed(&fix),
            Some(_) => self.notify(false, "The text changed since it was checked; try again in a moment."),
            None => self.notify(false, "This note has no fix to apply."),
        }
    }

    /// Applies the repair at the caret, or the next one after it.
    pub(crate) fn fix_here(&mut self) {
        let analysis = self.checking.analyst.latest().clone();
        if analysis.revision != self.workspace.doc().revision() {
            self.notify(false, "The text changed since it was checked; try again in a moment.");
            return;
        }
        let caret = self.caret_offset().unwrap_or(0);
        let next = analysis
            .fixes
            .iter()
            .filter_map(|fix| analysis.body_range(fix).map(|range| (range, fix)))
            .find(|(range, _)| range.end >= caret)
            .map(|(_, fix)| fix.clone());
        match next {
            Some(fix) => self.apply_placed(&fix),
            None => self.notify(false, "No typography or grammar fix at or after the caret."),
        }
    }

    fn apply_placed(&mut self, fix: &PlacedFix) {
        match fix.location {
            Location::Body { .. } => {
                let analysis = self.checking.analyst.latest().clone();
                let Some(range) = analysis.body_range(fix) else { return };
                let end = range.start + fix.replacement.len();
                if self.workspace.doc_mut().replace_body(range, &fix.replacement) {
                    self.workspace.view_mut().requests.cursor_to = Some(end);
                }
            }
            Location::Field { field: field @ (Field::Headline | Field::Dek) } => {
                self.workspace.doc_mut().edit_fields(|fields| {
                    let text = match field {
                        Field::Headline => &mut fields.article.headline,
                        _ => &mut fields.article.dek,
                    };
                    if fix.range.end <= text.len()
                        && text.is_char_boundary(fix.range.start)
                        && text.is_char_boundary(fix.range.end)
                    {
                        text.replace_range(fix.range.clone(), &fix.replacement);
                    }
                });
            }
            _ => {}
        }
    }

    /// Every typography repair in the headline, dek and body, as one undo
    /// step.
    pub(crate) fn fix_all_typography(&mut self) {
        let rules = &self.checking.setting.rules;
        let tag = rules.language_of(&self.workspace.doc().fields().article).to_string();
        let setting = typography::Setting { quotes: Quotes::of(&tag), dash: rules.style.dash };
        let doc = self.workspace.doc();
        let body = typography::fix_body(doc.body(), setting);
        let headline = typography::fix_all(&doc.fields().article.headline, setting, false);
        let dek = typography::fix_all(&doc.fields().article.dek, setting, false);
        let article = &doc.fields().article;
        if body == doc.body() && headline == article.headline && dek == article.dek {
            self.notify(false, "The typography is already right.");
            return;
        }
        self.workspace.doc_mut().edit_as_one_step(|fields, text| {
            fields.article.headline = headline;
            fields.article.dek = dek;
            *text = body;
        });
        self.notify(false, "Fixed the typography (Undo puts it back).");
    }
}
