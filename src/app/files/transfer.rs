//! Copy in and pages out, in the window: File ▸ Import… (and dropping a
//! `.md` or `.txt` file), Edit ▸ Paste as New Article, File ▸ Export HTML….
//! An import opens as a new unsaved article, with what was guessed listed
//! above the checks.

use std::path::{Path, PathBuf};

use egui::RichText;

use crate::app::CopydeskApp;
use crate::app::DialogRequest;
use crate::app::files::open::{Intent, Purpose};
use crate::output::export::html;
use crate::output::import;

/// What the last import guessed, by input line.
pub struct ImportReport {
    pub source: String,
    pub findings: Vec<import::Finding>,
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

    /// Imports a file; the open article stays as it is if the file cannot
    /// be read, and the error says where.
    pub(crate) fn import_path(&mut self, path: &Path) {
        let index = self.desk_index().cloned();
        match import::from_file(path, index.as_deref()) {
            Ok(imported) => {
                let source = path
                    .file_name()
                    .map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into());
                self.intend(Intent::Import(Box::new(imported), source));
            }
            Err(error) => self.notify(true, format!("Could not import the file. {error}")),
        }
    }

    /// Imports text from the clipboard (the paste event answering
    /// Paste as New Article).
    pub(crate) fn import_text(&mut self, text: &str) {
        let index = self.desk_index().cloned();
        match import::from_text(text, None, index.as_deref()) {
            Ok(imported) => self.intend(Intent::Import(Box::new(imported), "the clipboard".into())),
            Err(error) => self.notify(true, format!("Could not import the clipboard: {error}")),
        }
    }

    /// What was guessed in the last import, above the checks.
    pub(crate) fn import_report_ui(&mut self, ui: &mut egui::Ui) {
        let Some(report) = &self.workspace.view_mut().import_report else { return };
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
    /// (its name and base URL) when it has any.
    pub(crate) fn export_html_to(&mut self, path: PathBuf) {
        let path =
            if path.extension().is_some_and(|e| e == "html") { path } else { path.with_extension("html") };
        let mut article = self.workspace.doc().article();
        let folder = self.workspace.doc().path.as_deref().and_then(Path::parent).map(Path::to_path_buf);
        self.update_setting();
        let config = self.checking.desk_config.clone();
        if let Some(folder) = &folder {
            crate::storage::media::measure(&mut article, folder);
        }
        let page = html::page(&article, config.page_settings(), html::Links::Standalone);
        match crate::storage::store::write_atomic(&path, page.as_bytes()) {
            Ok(()) => self.notify(false, format!("Exported {}", path.display())),
            Err(error) => self.notify(true, format!("Could not export the page: {error}")),
        }
    }
}
