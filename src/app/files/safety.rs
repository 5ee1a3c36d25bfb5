//! Never losing work, in the window: journaling unsaved changes in the
//! background, offering recovered work at start, and noticing when the open
//! file changes or disappears on disk.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use egui::RichText;

use crate::app::files::open::Intent;
use crate::editing::document::Document;
use crate::storage::recovery::{self, Journal, Record, Recovered, Writer};
use crate::storage::store::{self, Fingerprint};

/// Recovered work waiting for the editor's decision.
pub struct Offer {
    pub id: String,
    pub record: Box<Record>,
    /// How it differs from the file on disk, in words.
    pub summary: String,
}

/// What the file on disk did behind the open document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outside {
    /// Another program changed it while the document had unsaved changes.
    Changed,
    /// It was deleted (or moved away); the document is kept in memory.
    Deleted,
}

/// The question that offers recovered work (the offers live in
/// [`Safety::offers`]).
pub struct RecoveryOffers;

/// The editor's answer to a recovery offer.
pub enum OfferChoice {
    Restore(usize),
    /// Every offer, each in a tab of its own.
    RestoreAll,
    Discard(usize),
    Later,
}

/// The editor's answer to an outside change.
pub enum OutsideChoice {
    Reload,
    KeepMine,
    SaveAs,
}

/// One open document's place in the journal (and what its file did on
/// disk), kept by its tab.
#[derive(Default)]
pub struct JournalSlot {
    pub id: String,
    journaled: Option<u64>,
    pub outside: Option<Outside>,
}

impl JournalSlot {
    /// A newly opened document's place; `id` keeps a recovered record's.
    pub fn for_document(doc: &Document, id: Option<String>) -> JournalSlot {
        JournalSlot {
            id: id.unwrap_or_else(|| recovery::id_for(doc.path.as_deref())),
            journaled: None,
            outside: None,
        }
    }
}

pub struct Safety {
    journal: Option<Journal>,
    writer: Option<Writer>,
    /// Why journaling is off, when it is.
    pub problem: Option<String>,
    pub offers: Vec<Offer>,
    pub offers_hidden: bool,
    /// When (in the window's seconds) a body was last handed over.
    journaled_at: f64,
}

/// How fast the window may copy bodies for the journal: at most about one
/// percent of a core's copying speed, so a 500,000-word story is handed
/// over five times a second while typing, a short one on every key.
const JOURNAL_BYTES_PER_SECOND: f64 = 16.0 * 1024.0 * 1024.0;

/// How long after the last hand-over a body `len` bytes long may be handed
/// over again. The writer puts records on disk within the second anyway.
fn journal_pause(len: usize) -> f64 {
    (len as f64 / JOURNAL_BYTES_PER_SECOND).min(0.25)
}

impl Safety {
    /// Opens the journal (in `data_dir`, or the default location) and lists
    /// what earlier sessions left. Corrupt records are returned as messages.
    pub fn start(data_dir: Option<PathBuf>) -> (Safety, Vec<String>) {
        let journal = match data_dir {
            Some(dir) => Ok(Journal::in_dir(dir.join("recovery"))),
            None => Journal::default_location(),
        };
        let mut messages = Vec::new();
        let mut safety = Safety {
            journal: None,
            writer: None,
            problem: None,
            offers: Vec::new(),
            offers_hidden: false,
            journaled_at: f64::NEG_INFINITY,
        };
        match journal {
            Ok(journal) => {
                for found in journal.list() {
                    match found {
                        Recovered::Record { id, record } => {
                            let summary = describe(&record);
                            safety.offers.push(Offer { id, record, summary });
                        }
                        Recovered::Corrupt { file_name, moved_to, error } => messages.push(match moved_to {
                            Some(place) => format!(
                                "A recovery record ({file_name}) could not be read and was kept aside at {}: {error}",
                                place.display()
                            ),
                            None => format!("A recovery record ({file_name}) could not be read: {error}"),
                        }),
                    }
                }
                // Found out now, not after a crash: a data folder that
                // cannot be written means there will be nothing to recover.
                if let Err(error) = journal.probe() {
                    safety.problem = Some(journal_problem(&error.to_string()));
                }
                match Writer::start(journal.clone()) {
                    Ok(writer) => safety.writer = Some(writer),
                    Err(error) => {
                        safety.problem = Some(format!("Unsaved work is not being journaled: {error}"))
                    }
                }
                safety.journal = Some(journal);
            }
            Err(error) => safety.problem = Some(format!("Unsaved work is not being journaled: {error}")),
        }
        if let Some(problem) = &safety.problem {
            messages.push(problem.clone());
        }
        (safety, messages)
    }

    /// Why unsaved work is not safe right now, for the banner: the start-up
    /// problem, or the journal writer's latest failure (cleared by its next
    /// success).
    pub fn journal_failure(&self) -> Option<String> {
        if let Some(error) = self.writer.as_ref().and_then(Writer::last_error) {
            return Some(journal_problem(&error));
        }
        self.problem.clone()
    }

    /// A handle for the stop-signal handler.
    pub fn writer_handle(&self) -> Option<recovery::WriterHandle> {
        self.writer.as_ref().map(Writer::handle)
    }

    /// True when the writer already has this revision of the document in
    /// `slot` (or needs nothing).
    pub fn is_journaled(&self, slot: &JournalSlot, revision: u64) -> bool {
        self.writer.is_none() || slot.journaled == Some(revision)
    }

    /// How long to wait, at `now`, before handing over a body `len` bytes
    /// long; zero or less when it may go now.
    pub fn journal_wait(&self, now: f64, len: usize) -> f64 {
        journal_pause(len) - (now - self.journaled_at)
    }

    /// Hands the writer the document's state when it changed (at `now`,
    /// the window's time); forgets the record once the document is clean
    /// again.
    pub fn journal(&mut self, slot: &mut JournalSlot, doc: &Document, cursor: usize, now: f64) {
        let Some(writer) = &self.writer else { return };
        if slot.journaled == Some(doc.revision()) {
            return;
        }
        slot.journaled = Some(doc.revision());
        self.journaled_at = now;
        if !doc.is_dirty() {
            writer.forget(slot.id.clone());
            return;
        }
        // The body is shared, not copied: the record is made on the
        // writer's thread.
        let (path, article, body) = (doc.path.clone(), doc.fields().article.clone(), doc.body_shared());
        let (published, updated) = (doc.fields().published_text.clone(), doc.fields().updated_text.clone());
        let base = doc.disk;
        writer.update_with(slot.id.clone(), move || {
            let mut record = Record::new(path, article, body.to_string());
            record.published_text = published;
            record.updated_text = updated;
            record.cursor = cursor;
            record.base = base;
            record
        });
    }

    /// The document was saved or discarded: its record goes.
    pub fn forget(&mut self, id: &str) {
        if let Some(writer) = &self.writer {
            writer.forget(id.to_string());
        }
    }

    /// Removes a recovered record from disk (the editor discarded it).
    pub fn discard(&mut self, id: &str) {
        if let Some(journal) = &self.journal {
            let _ = journal.remove(id);
        }
    }

    /// Writes everything pending now (used by tests and on quit).
    pub fn flush(&self) {
        if let Some(writer) = &self.writer {
            let _ = writer.flush();
        }
    }
}

/// Whether `path` still holds what `known` describes: `None` when it does,
/// `Some(None)` when the file is gone, `Some(Some(new))` when it changed.
pub fn changed_on_disk(path: &Path, known: &Fingerprint) -> Option<Option<Fingerprint>> {
    // The cheap look first: same size and time means same file.
    if let Ok(meta) = std::fs::metadata(path)
        && meta.len() == known.len
        && meta.modified().ok() == known.modified
    {
        return None;
    }
    match store::fingerprint(path) {
        Ok(None) => Some(None),
        Ok(Some(now)) if now.same_content(known) => None,
        Ok(Some(now)) => Some(Some(now)),
        // Unreadable for a moment (being replaced): look again next time.
        Err(_) => None,
    }
}

/// "+120 / −4 words against the file on disk", or what else applies.
fn describe(record: &Record) -> String {
    let Some(path) = &record.document else {
        return format!("{} words, never saved", count_words(&record.body));
    };
    match store::load(path) {
        Ok(article) => {
            let disk = crate::model::markup::render(&article.body);
            let (added, removed) = word_difference(&disk, &record.body);
            let mut text = format!("+{added} / −{removed} words against {}", path.display());
            let fields: Vec<String> =
                record.fields_differing_from(&article).iter().map(|f| f.label().to_lowercase()).collect();
            if let Some((last, rest)) = fields.split_last() {
                let (list, verb) = match rest {
                    [] => (last.clone(), "differs"),
                    _ => (format!("{} and {last}", rest.join(", ")), "differ"),
                };
                text.push_str(&format!("; the {list} {verb}"));
            }
            text
        }
        Err(_) => format!("{} words; {} is no longer readable", count_words(&record.body), path.display()),
    }
}

fn count_words(text: &str) -> usize {
    crate::model::stats::count_words(text)
}

/// Words in `new` but not `old`, and in `old` but not `new` (as multisets).
fn word_difference(old: &str, new: &str) -> (usize, usize) {
    let mut counts: HashMap<&str, i64> = HashMap::new();
    for word in crate::model::words::words(old) {
        *counts.entry(word).or_default() -= 1;
    }
    for word in crate::model::words::words(new) {
        *counts.entry(word).or_default() += 1;
    }
    let added = counts.values().filter(|&&n| n > 0).sum::<i64>() as usize;
    let removed = counts.values().filter(|&&n| n < 0).map(|n| -n).sum::<i64>() as usize;
    (added, removed)
}

/// The start-up offer of recovered work.
pub fn offers_modal(ctx: &egui::Context, offers: &[Offer]) -> Option<OfferChoice> {
    let mut choice = None;
    egui::Modal::new(egui::Id::unique("recovery-offers")).show(ctx, |ui| {
        ui.set_max_width(620.0);
        ui.heading("Recovered work");
        ui.label("Copydesk closed before these changes were saved. Nothing is deleted until you decide.");
        ui.add_space(6.0);
        for (index, offer) in offers.iter().enumerate() {
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.set_width(ui.available_width());
                let headline = offer.record.article.headline.trim();
                let title = if headline.is_empty() { "Untitled article" } else { headline };
                ui.label(RichText::new(title).strong());
                let place = offer
                    .record
                    .document
                    .as_ref()
                    .map_or_else(|| "not saved to a file yet".to_string(), |p| p.display().to_string());
                ui.label(RichText::new(place).small());
                ui.label(
                    RichText::new(format!(
                        "Last change {} · {}",
                        offer.record.written_at.strftime("%Y-%m-%d %H:%M:%S UTC"),
                        offer.summary
                    ))
                    .small()
                    .weak(),
                );
                ui.horizontal(|ui| {
                    if ui.button("Restore").on_hover_text("Open it as an unsaved document").clicked() {
                        choice = Some(OfferChoice::Restore(index));
                    }
                    if ui.button("Discard").on_hover_text("Delete this recovered work").clicked() {
                        choice = Some(OfferChoice::Discard(index));
                    }
                });
            });
        }
        ui.separator();
        ui.horizontal(|ui| {
            if offers.len() > 1
                && ui
                    .button("Restore All")
                    .on_hover_text("Open each as an unsaved document in its own tab")
                    .clicked()
            {
                choice = Some(OfferChoice::RestoreAll);
            }
            if ui.button("Later").on_hover_text("Keep everything and decide next time").clicked() {
                choice = Some(OfferChoice::Later);
            }
        });
    });
    choice
}

/// The message for a journal that cannot be written, with what to do.
fn journal_problem(error: &str) -> String {
    format!(
        "Unsaved work is not being kept for recovery: {error}. If Copydesk stops now, changes since the last save are lost. Save often, and make the data folder writable (or set {} to a folder you can write).",
        recovery::DATA_DIR_ENV
    )
}

/// The banner shown while unsaved work cannot be journaled; call it every
/// frame above the editor.
pub fn journal_banner(ui: &mut egui::Ui, safety: &Safety) {
    let Some(problem) = safety.journal_failure() else { return };
    egui::Frame::new()
        .fill(egui::Color32::from_rgb(140, 30, 30))
        .inner_margin(egui::Margin::symmetric(8, 6))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(RichText::new(problem).color(egui::Color32::WHITE));
        });
}

/// The banner shown while the open file changed or vanished on disk.
pub fn outside_banner(ui: &mut egui::Ui, outside: &Outside, path: &Path) -> Option<OutsideChoice> {
    let mut choice = None;
    egui::Frame::new()
        .fill(egui::Color32::from_rgb(110, 70, 0))
        .inner_margin(egui::Margin::symmetric(8, 6))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            let text = match outside {
                Outside::Changed => format!(
                    "{} was changed by another program. Your unsaved changes are still here.",
                    path.display()
                ),
                Outside::Deleted => format!(
                    "{} was deleted or moved on disk. The article is kept here; save it to write it again.",
                    path.display()
                ),
            };
            ui.label(RichText::new(text).color(egui::Color32::WHITE));
            ui.horizontal(|ui| {
                if *outside == Outside::Changed
                    && ui
                        .button("Reload")
                        .on_hover_text("Open the version on disk, dropping your changes")
                        .clicked()
                {
                    choice = Some(OutsideChoice::Reload);
                }
                if ui
                    .button("Keep mine")
                    .on_hover_text("Keep editing; saving will replace the file")
                    .clicked()
                {
                    choice = Some(OutsideChoice::KeepMine);
                }
                if ui.button("Save As…").clicked() {
                    choice = Some(OutsideChoice::SaveAs);
                }
            });
        });
    choice
}

/// The recovery offers as the window's modal.
impl crate::app::CopydeskApp {
    pub(crate) fn recovery_ui(
        &mut self,
        ctx: &egui::Context,
        offers: RecoveryOffers,
    ) -> Option<RecoveryOffers> {
        match offers_modal(ctx, &self.safety.offers) {
            Some(OfferChoice::Restore(index)) => {
                if let Some(offer) = self.safety.offers.get(index) {
                    let intent = Intent::Restore(offer.record.clone(), offer.id.clone());
                    self.intend(intent);
                }
                None
            }
            Some(OfferChoice::RestoreAll) => {
                let offers: Vec<Intent> = self
                    .safety
                    .offers
                    .iter()
                    .map(|offer| Intent::Restore(offer.record.clone(), offer.id.clone()))
                    .collect();
                for intent in offers {
                    self.intend(intent);
                    // A question (the file is open with unsaved changes)
                    // stops the run; the rest stay offered.
                    if self.modal.is_some() {
                        break;
                    }
                }
                None
            }
            Some(OfferChoice::Discard(index)) => {
                if index < self.safety.offers.len() {
                    let offer = self.safety.offers.remove(index);
                    self.safety.discard(&offer.id);
                }
                (!self.safety.offers.is_empty()).then_some(offers)
            }
            Some(OfferChoice::Later) => {
                self.safety.offers_hidden = true;
                None
            }
            None => Some(offers),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_difference_counts_both_ways() {
        assert_eq!(word_difference("the river rose", "the river rose again"), (1, 0));
        assert_eq!(word_difference("the river rose", "the rose"), (0, 1));
        assert_eq!(word_difference("a b", "c d e"), (3, 2));
    }
}
