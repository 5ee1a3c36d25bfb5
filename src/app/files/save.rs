//! Saving: save and save as, the questions a save may ask first (errors
//! in a story marked Ready, stamping Updated, renaming a slug other
//! articles link to), and what a save changes after it (the journal, the
//! desk index, the recent files).

use std::path::{Path, PathBuf};

use crate::app::files::open::{Intent, Purpose};
use crate::app::files::questions::{Overwrite, RenameConfirm, SaveGate, UpdatedOffer};
use crate::app::files::safety::JournalSlot;
use crate::app::window::question::modal_answering;
use crate::app::{CopydeskApp, DialogRequest};
use crate::model::article::Field;
use crate::storage::desk::rename;
use crate::storage::store;

/// Save As found the slug taken in the desk: the new one, being typed.
pub struct SlugTaken {
    /// Where the article is to be saved.
    pub path: PathBuf,
    /// The slug another article has.
    pub taken: String,
    pub slug: String,
    pub then: Option<Intent>,
    /// The field has been given the keyboard once.
    focused: bool,
    /// Why the slug typed cannot be used.
    problem: Option<String>,
}

/// The questions a save may ask, in the order it asks them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Gate {
    /// A Ready or Published story with errors.
    Publish,
    /// A published story saved again: stamp Updated?
    Updated,
    /// A slug other desk articles link to changed.
    Rename,
}

/// How a save went.
#[derive(Debug, PartialEq, Eq)]
enum Saved {
    Done,
    Failed,
    /// The file changed on disk; the editor is asked before replacing it.
    Asked,
}

impl CopydeskApp {
    pub(crate) fn suggested_path(&self) -> PathBuf {
        let doc = self.workspace.doc();
        let slug = &doc.fields().article.slug;
        // Names are only ever built from a valid slug, so they stay in the folder.
        let name = if crate::model::slug::validate(slug).is_ok() {
            format!("{slug}.ron")
        } else {
            "article.ron".into()
        };
        let folder = doc
            .path
            .as_deref()
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .or_else(|| self.desk.as_ref().map(|d| d.root.clone()));
        match folder {
            Some(folder) => folder.join(name),
            None => PathBuf::from(name),
        }
    }

    /// When the slug of a desk article changed and others link to it (or
    /// its file is named after it), the rename that saving should offer.
    fn rename_for_save(&self) -> Option<Result<rename::Plan, String>> {
        let doc = self.workspace.doc();
        let path = doc.path.as_ref()?;
        let desk = self.desk.as_ref()?;
        if !desk.contains(path) {
            return None;
        }
        let index = desk.index()?;
        let old = index.entry(path)?.slug.clone();
        let new = doc.fields().article.slug.clone();
        if old == new || crate::model::slug::validate(&new).is_err() {
            return None;
        }
        let incoming = index.linking_to(&old).any(|e| e.path != *path);
        let named_after = path.file_stem().is_some_and(|stem| *stem == *old);
        if !incoming && !named_after {
            return None;
        }
        Some(rename::plan(index, path, &old, &new).map_err(|e| e.to_string()))
    }

    pub(crate) fn apply_rename(&mut self, plan: &rename::Plan, then: Option<Intent>) {
        let mut article = self.workspace.doc().article();
        // A rename is a save of the same article: its id is kept (or given,
        // if this is its first save).
        store::identify(&mut article, store::Saving::Same);
        match rename::apply(plan, &article) {
            Ok(report) => {
                self.workspace.doc_mut().set_id(article.id.clone());
                let disk = store::fingerprint(&plan.destination).ok().flatten();
                let mut changed: Vec<PathBuf> = report.updated.clone();
                changed.push(plan.subject.clone());
                self.after_save(&plan.destination, disk, &changed);
                let mut text = format!(
                    "Renamed “{}” to “{}”: updated {} linking article(s)",
                    plan.old_slug,
                    plan.new_slug,
                    report.updated.len()
                );
                if let Some((from, to)) = &report.moved {
                    text.push_str(&format!(
                        "; moved {} to {}",
                        from.file_name().map(|n| n.to_string_lossy()).unwrap_or_default(),
                        to.file_name().map(|n| n.to_string_lossy()).unwrap_or_default()
                    ));
                }
                self.notify(false, text);
                if let Some(intent) = then {
                    self.proceed(intent);
                }
            }
            Err(error) => self.notify(true, format!("The rename stopped: {error}")),
        }
    }

    /// Saves the open document to its file (asking for one when it has
    /// none), then carries on with `then`.
    pub(crate) fn save(&mut self, then: Option<Intent>) {
        self.save_from(Gate::Publish, then);
    }

    /// Saves, asking the questions from `gate` on; each answer moves on
    /// to the next question.
    pub(crate) fn save_from(&mut self, gate: Gate, then: Option<Intent>) {
        // A time that is not one is said first, before any question or dialog.
        if self.times_stop_save() {
            return;
        }
        if gate <= Gate::Publish
            && let Some(errors) = self.publish_errors()
        {
            self.ask(SaveGate { errors, then, to: None });
            return;
        }
        if gate <= Gate::Updated && self.offers_updated() {
            self.ask(UpdatedOffer(then));
            return;
        }
        if gate <= Gate::Rename
            && let Some(plan) = self.rename_for_save()
        {
            self.ask(RenameConfirm { plan, then });
            return;
        }
        match self.workspace.doc().path.clone() {
            Some(path) => self.save_to(&path, then, true),
            None => self.ask_save_path(then),
        }
    }

    /// Save As to `path`, chosen in the dialog: a slug another article of
    /// the desk has is changed first (the next free one offered), and the
    /// publish gate runs as on every save.
    pub(crate) fn save_as(&mut self, path: PathBuf, then: Option<Intent>) {
        if let Some(free) = self.free_slug_for(&path) {
            let taken = self.workspace.doc().fields().article.slug.clone();
            let asked = SlugTaken { path, taken, slug: free, then, focused: false, problem: None };
            self.ask(asked);
            return;
        }
        if let Some(errors) = self.publish_errors() {
            self.ask(SaveGate { errors, then, to: Some(path) });
            return;
        }
        // The dialog already asked before replacing another file.
        self.save_to(&path, then, false);
    }

    /// When saving the open article at `path` (in the open desk) would give
    /// the desk a second article with its slug, the first free one.
    fn free_slug_for(&self, path: &Path) -> Option<String> {
        let desk = self.desk.as_ref().filter(|desk| desk.contains(path))?;
        let index = desk.index()?;
        let slug = &self.workspace.doc().fields().article.slug;
        (!slug.is_empty() && index.slug_taken(slug, path)).then(|| index.free_slug(slug, path))
    }

    /// The question Save As asks when the slug is taken in the desk.
    pub(crate) fn slug_taken_ui(&mut self, ctx: &egui::Context, mut asked: SlugTaken) -> Option<SlugTaken> {
        #[derive(Clone, Copy)]
        enum Answer {
            Save,
            Cancel,
        }
        let answer = modal_answering(ctx, "slug-taken", Answer::Cancel, |ui| {
            ui.heading(format!("Another article in this desk has the slug “{}”", asked.taken));
            ui.add(
                egui::Label::new(
                    "A slug is the story's address on the site, so each article of a desk needs its own. Save this copy with a new one:",
                )
                .wrap(),
            );
            let label = ui.label("New slug");
            let field = ui
                .add(egui::TextEdit::singleline(&mut asked.slug).desired_width(360.0))
                .labelled_by(label.id);
            if !std::mem::replace(&mut asked.focused, true) {
                field.request_focus();
            }
            if let Some(problem) = &asked.problem {
                ui.colored_label(ui.visuals().error_fg_color, problem.as_str());
            }
            let entered = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            let mut answer = entered.then_some(Answer::Save);
            ui.horizontal(|ui| {
                if ui.button("Save with this slug").clicked() {
                    answer = Some(Answer::Save);
                }
                if ui.button("Cancel").clicked() {
                    answer = Some(Answer::Cancel);
                }
            });
            answer
        });
        match answer {
            Some(Answer::Save) => {
                let slug = asked.slug.trim().to_string();
                let problem = match crate::model::slug::validate(&slug) {
                    Err(reason) => Some(format!("That is not a slug: {reason}.")),
                    Ok(()) => {
                        let index = self.desk.as_ref().and_then(|d| d.index());
                        index.filter(|index| index.slug_taken(&slug, &asked.path)).map(|index| {
                            format!(
                                "That one is taken too; “{}” is free.",
                                index.free_slug(&slug, &asked.path)
                            )
                        })
                    }
                };
                if problem.is_some() {
                    asked.problem = problem;
                    return Some(asked);
                }
                self.workspace.doc_mut().edit_fields(|fields| {
                    fields.article.slug = slug;
                    fields.slug_linked = false;
                });
                self.save_as(asked.path, asked.then);
                None
            }
            Some(Answer::Cancel) => None,
            None => Some(asked),
        }
    }

    /// What stops a Ready or Published story from being saved as such: the
    /// publish gate runs on every save, not only when the status changes.
    fn publish_errors(&self) -> Option<Vec<String>> {
        let article = self.workspace.doc().article();
        if article.status < crate::model::article::Status::Ready {
            return None;
        }
        let desk = self.checking.setting.desk.as_deref().map(|d| d as &dyn crate::rules::check::Desk);
        let findings =
            crate::rules::check::gate(&article, article.status, &self.checking.setting.rules.context(desk));
        let errors: Vec<String> = findings
            .into_iter()
            .filter(|f| f.severity == crate::rules::check::Severity::Error)
            .map(|f| f.message)
            .collect();
        (!errors.is_empty()).then_some(errors)
    }

    /// A story already published is being saved again with changes, and
    /// nobody touched its Updated time: offer to stamp it.
    fn offers_updated(&self) -> bool {
        let doc = self.workspace.doc();
        let published = crate::model::article::Status::Published;
        doc.path.is_some()
            && doc.is_dirty()
            && doc.fields().article.status == published
            && doc.saved_fields().article.status == published
            && doc.fields().updated_text == doc.saved_fields().updated_text
    }

    pub(crate) fn ask_save_path(&mut self, then: Option<Intent>) {
        if self.times_stop_save() {
            return;
        }
        let suggested = self.suggested_path();
        let folder = suggested.parent().filter(|p| !p.as_os_str().is_empty()).map(Path::to_path_buf);
        let file_name = suggested.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        self.show_dialog(DialogRequest::SaveArticle { folder, file_name }, Purpose::SaveAs { then });
    }

    /// Saves to `path`, then carries on with `then`. With `check`, a file
    /// changed on disk since it was read is not replaced without asking.
    pub(crate) fn save_to(&mut self, path: &Path, then: Option<Intent>, check: bool) {
        if self.try_save(path, check) == Saved::Asked {
            self.ask(Overwrite(then));
        } else if self.workspace.doc().path.as_deref() == Some(path)
            && !self.workspace.doc().is_dirty()
            && let Some(intent) = then
        {
            self.proceed(intent);
        }
    }

    /// Reads the times typed and not yet read ("today 5pm" typed and saved
    /// without leaving the field); true, with the field's message and the
    /// keyboard in it, when one is not a time and the save must stop.
    fn times_stop_save(&mut self) -> bool {
        let zone = self.checking.setting.rules.zone();
        self.workspace.doc_mut().edit_fields(|fields| {
            for text in [&mut fields.published_text, &mut fields.updated_text] {
                if let Some(normal) = crate::app::metadata::date_field::normalise(text, &zone) {
                    *text = normal;
                }
            }
        });
        let fields = self.workspace.doc().fields();
        let times = [
            (Field::PublishedAt, fields.published_text.clone()),
            (Field::UpdatedAt, fields.updated_text.clone()),
        ];
        for (field, text) in times {
            if let Some(problem) = crate::app::metadata::date_field::timestamp_problem(&text, &zone) {
                self.notify(
                    true,
                    format!("Not saved: the {} is not valid. {problem}", field.label().to_lowercase()),
                );
                self.workspace.view_mut().requests.focus_field = Some(field);
                return true;
            }
        }
        false
    }

    fn try_save(&mut self, path: &Path, check: bool) -> Saved {
        if self.times_stop_save() {
            return Saved::Failed;
        }
        let doc = self.workspace.doc();
        let mut article = doc.article();
        // The saved file carries its pictures' sizes as they are now.
        if let Some(folder) = path.parent() {
            crate::storage::media::measure(&mut article, folder);
        }
        let same_file = doc.path.as_deref() == Some(path);
        // Live, the room's story is the one to keep: it is written over a
        // file changed behind it (a sync, another editor's save), and the
        // editor told.
        let live_over = same_file
            && doc.is_live()
            && doc
                .disk
                .as_ref()
                .is_some_and(|known| crate::app::files::safety::changed_on_disk(path, known).is_some());
        let expected = if check && same_file && !doc.is_live() { doc.disk } else { None };
        // Saved to its own file, the article keeps its id (or gets one at
        // this first save); saved anywhere else (Save As), it is a new
        // article with a new id, and the file it came from keeps its own.
        let saving = if same_file { store::Saving::Same } else { store::Saving::Copy };
        match store::save_article(path, &mut article, saving, expected.as_ref()) {
            Ok(disk) => {
                self.workspace.doc_mut().set_id(article.id.clone());
                self.after_save(path, Some(disk), &[]);
                if live_over {
                    self.notify(
                        false,
                        format!(
                            "Saved the live story to {}; the file had also changed on disk",
                            path.display()
                        ),
                    );
                } else {
                    self.notify(false, format!("Saved {}", path.display()));
                }
                Saved::Done
            }
            Err(store::SaveError::ChangedOnDisk { .. }) => Saved::Asked,
            Err(error) => {
                self.notify(true, error.to_string());
                Saved::Failed
            }
        }
    }

    /// The open document is on disk at `path` now (as `disk`); `also`
    /// lists other files the save wrote, for the desk to re-read.
    fn after_save(&mut self, path: &Path, disk: Option<store::Fingerprint>, also: &[PathBuf]) {
        let tab = self.workspace.active_tab_mut();
        tab.doc.mark_saved(path);
        tab.doc.disk = disk;
        // Saved under a (possibly new) name: a journal place of its own.
        let old = std::mem::replace(&mut tab.view.journal, JournalSlot::for_document(&tab.doc, None));
        self.safety.forget(&old.id);
        self.remember(path);
        if let Some(desk) = &mut self.desk {
            let mut changed: Vec<PathBuf> = also.to_vec();
            if desk.contains(path) {
                changed.push(path.to_path_buf());
            }
            if !changed.is_empty() {
                desk.refresh(&changed);
            }
        }
    }
}
