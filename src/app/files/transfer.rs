//! Copy in and pages out, in the window: File ▸ Import… (and dropping a
//! `.md` or `.txt` file), Edit ▸ Paste as New Article, File ▸ Export HTML….
//! An import runs off the window's thread with its progress shown (Escape
//! or Cancel stops it) and opens as a new unsaved article, with what was
//! guessed listed above the checks. Export writes the page and copies its
//! pictures through the same export as `copydesk export`.

use std::path::{Path, PathBuf};

use egui::RichText;

use crate::app::CopydeskApp;
use crate::app::DialogRequest;
use crate::app::files::open::{Intent, Purpose};
use crate::editing::background::{Job, Poll, Progress};
use crate::output::export::site;
use crate::output::import::{self, ImportError, Imported};

/// What the last import guessed, by input line.
pub struct ImportReport {
    pub source: String,
    pub findings: Vec<import::Finding>,
}

/// An import under way.
pub(crate) struct Importing {
    job: Job<Result<Imported, String>>,
    /// What is imported, as the report and the notices name it.
    source: String,
}

/// The core's progress callback (the fraction done; false to stop) as the
/// job's own progress.
fn reporting(progress: &Progress) -> impl FnMut(f32) -> bool + '_ {
    |at| {
        progress.report((at.clamp(0.0, 1.0) * 1000.0) as usize, 1000, "");
        !progress.is_cancelled()
    }
}

/// Files dropped on the window that are copy to import rather than
/// articles to open.
pub fn is_copy(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ["md", "markdown", "txt"].contains(&e.to_ascii_lowercase().as_str()))
}

impl CopydeskApp {
    pub(crate) fn ask_import(&mut self) {
        let folder = self.desk.as_ref().map(|d| d.root.clone());
        self.show_dialog(DialogRequest::ImportCopy { folder }, Purpose::Import);
    }

    /// Imports a file off the window's thread; the open article stays as
    /// it is if the file cannot be read, and the error says where.
    pub(crate) fn import_path(&mut self, path: &Path) {
        let source =
            path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into());
        let (path, index) = (path.to_path_buf(), self.desk_index().cloned());
        self.start_import(source, move |progress| {
            import::from_file_with(&path, index.as_deref(), &mut reporting(progress)).map_err(|error| {
                match error.error {
                    ImportError::Cancelled => String::new(),
                    _ => format!("Could not import the file. {error}"),
                }
            })
        });
    }

    /// Imports text from the clipboard (the paste event answering
    /// Paste as New Article).
    pub(crate) fn import_text(&mut self, text: &str) {
        let (text, index) = (text.to_string(), self.desk_index().cloned());
        self.start_import("the clipboard".into(), move |progress| {
            import::from_text_with(&text, None, index.as_deref(), &mut reporting(progress))
                .map_err(|error| format!("Could not import the clipboard: {error}"))
        });
    }

    fn start_import(
        &mut self,
        source: String,
        work: impl FnOnce(&Progress) -> Result<Imported, String> + Send + 'static,
    ) {
        if let Some(running) = &self.importing {
            let text = format!("Still importing {}; wait for it or cancel it first.", running.source);
            self.notify(true, text);
            return;
        }
        let job = self.jobs.spawn("import", work);
        self.importing = Some(Importing { job, source });
    }

    /// Each frame, before the shortcuts: Escape cancels a running import.
    /// (Before the job is polled, so an import that finished in the same
    /// moment is not opened after the editor said stop.)
    pub(crate) fn escape_import(&mut self, ctx: &egui::Context) {
        if self.importing.is_some()
            && self.modal.is_none()
            && ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape))
        {
            self.cancel_import();
        }
    }

    /// A finished import opens as a new article.
    pub(crate) fn poll_import(&mut self) {
        let Some(running) = &mut self.importing else { return };
        match running.job.poll() {
            Poll::Pending => {}
            Poll::Ready(result) => self.finish_import(result),
            Poll::Lost => {
                let source = self.importing.take().map(|i| i.source).unwrap_or_default();
                self.notify(true, format!("Could not import {source}: the import stopped unexpectedly."));
            }
        }
    }

    fn cancel_import(&mut self) {
        if let Some(running) = self.importing.take() {
            running.job.cancel();
            self.notify(false, format!("Import of {} cancelled.", running.source));
        }
    }

    fn finish_import(&mut self, result: Result<Imported, String>) {
        let Some(running) = self.importing.take() else { return };
        match result {
            Ok(imported) => self.intend(Intent::Import(Box::new(imported), running.source)),
            Err(error) if error.is_empty() => {}
            Err(error) => self.notify(true, error),
        }
    }

    /// The running import, over the window: what is imported, how far it
    /// is, and Cancel.
    pub(crate) fn import_progress_ui(&mut self, ctx: &egui::Context) {
        let Some(running) = &self.importing else { return };
        let label = format!("Importing {}…", running.source);
        let fraction = running
            .job
            .step()
            .filter(|step| step.total > 0)
            .map_or(0.0, |step| step.done as f32 / step.total as f32);
        let mut cancel = false;
        egui::Area::new(egui::Id::unique("import-progress"))
            .anchor(egui::Align2::CENTER_BOTTOM, [0.0, -36.0])
            .order(egui::Order::Foreground)
            .show(ctx, |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.horizontal(|ui| {
                        ui.label(label.as_str());
                        ui.add(egui::ProgressBar::new(fraction).desired_width(160.0).show_percentage());
                        cancel =
                            ui.button("Cancel import").on_hover_text("Stop the import (Escape)").clicked();
                    });
                });
            });
        if cancel {
            self.cancel_import();
        }
    }

    /// What was guessed in the last import, above the checks.
    pub(crate) fn import_report_ui(&mut self, ui: &mut egui::Ui) {
        let Some(report) = &self.workspace.view().import_report else { return };
        let mut close = false;
        ui.horizontal(|ui| {
            ui.label(RichText::new(format!("Imported from {}", report.source)).strong());
            if ui.small_button("Hide").clicked() {
                close = true;
            }
        });
        // A share of the strip, so the checks below keep room in a short one.
        let room = (ui.available_height() * 0.35).clamp(24.0, 90.0);
        egui::ScrollArea::vertical().id_salt("import-report").max_height(room).show(ui, |ui| {
            if report.findings.is_empty() {
                ui.label(RichText::new("Every line was read without a guess.").weak());
            }
            for finding in &report.findings {
                ui.add(egui::Label::new(format!("line {}: {}", finding.line, finding.message)).wrap());
            }
        });
        ui.separator();
        if close {
            self.workspace.view_mut().import_report = None;
        }
    }

    pub(crate) fn ask_export_html(&mut self) {
        if self.embargo_holds_export() {
            return;
        }
        self.show_export_dialog();
    }

    /// Asks where to write the page.
    pub(crate) fn show_export_dialog(&mut self) {
        let (folder, file_name) = self.export_suggestion();
        self.show_dialog(DialogRequest::ExportHtml { folder, file_name }, Purpose::ExportHtml);
    }

    /// Where the page is suggested to go: beside the article, named after
    /// its slug.
    pub(crate) fn export_suggestion(&self) -> (Option<PathBuf>, String) {
        let doc = self.workspace.doc();
        let folder = doc.path.as_deref().and_then(Path::parent).map(Path::to_path_buf);
        let slug = &doc.fields().article.slug;
        let file_name = if crate::model::slug::validate(slug).is_ok() {
            format!("{slug}.html")
        } else {
            "article.html".into()
        };
        (folder, file_name)
    }

    /// Writes the open article as one HTML page, with the desk's settings
    /// (its name and base URL) when it has any, and its pictures beside it:
    /// the same export as `copydesk export`.
    pub(crate) fn export_html_to(&mut self, path: PathBuf) {
        let path =
            if path.extension().is_some_and(|e| e == "html") { path } else { path.with_extension("html") };
        let article = self.workspace.doc().article();
        let source = self.workspace.doc().path.clone();
        let folder = source.as_deref().and_then(Path::parent).map(Path::to_path_buf);
        self.update_setting();
        let config = self.checking.desk_config.clone();
        match site::page(&article, folder.as_deref(), &config, &path, source.as_deref()) {
            Ok(skipped) if skipped.is_empty() => self.notify(false, format!("Exported {}", path.display())),
            Ok(skipped) => {
                self.notify(false, format!("Exported {}", path.display()));
                self.notify(true, format!("Left out of the page: {}", skipped.join("; ")));
            }
            Err(error) => self.notify(true, format!("Could not export the page: {error}")),
        }
    }
}
