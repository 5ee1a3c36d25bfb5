//! The resolve view: after a sync that met real conflicts, each conflicted
//! article with, per field, mine and theirs side by side and the editor's
//! choice (Keep mine, Take theirs, and for the body Keep both). Finishing
//! an article settles it through the core's `resolve`; the view sits
//! beside the editor, so the article stays readable and editable.

use std::path::PathBuf;

use egui::RichText;

use crate::app::CopydeskApp;
use crate::app::commands::Command;
use crate::model::article::Field;
use crate::storage::team::Choice;
use crate::storage::team::sync::{self, FileConflict};

/// One conflicted article and the choices made so far.
struct Pending {
    conflict: FileConflict,
    choices: Vec<Choice>,
    done: bool,
}

pub(crate) struct ResolveView {
    root: PathBuf,
    files: Vec<Pending>,
}

impl ResolveView {
    pub(crate) fn new(root: PathBuf, conflicts: Vec<FileConflict>) -> ResolveView {
        let files = conflicts
            .into_iter()
            .map(|conflict| Pending {
                choices: vec![Choice::KeepMine; conflict.conflicts().len()],
                conflict,
                done: false,
            })
            .collect();
        ResolveView { root, files }
    }

    fn all_done(&self) -> bool {
        self.files.iter().all(|f| f.done)
    }
}

/// What the editor asked for in the view this frame.
enum Asked {
    Finish(usize),
    Sync,
    Close,
}

impl CopydeskApp {
    pub(crate) fn resolve_window_ui(&mut self, ctx: &egui::Context) {
        let Some(view) = &mut self.team.resolve else { return };
        let mut open = true;
        let mut asked = None;
        self.floating
            .window("Resolve sync conflicts", crate::app::window::floating::Floating::Resolve)
            .open(&mut open)
            .default_size([760.0, 520.0])
            .vscroll(true)
            .show(ctx, |ui| asked = view_ui(ui, view));
        if !open {
            asked = Some(Asked::Close);
        }
        match asked {
            Some(Asked::Finish(index)) => self.finish_article(index),
            Some(Asked::Sync) => {
                self.team.resolve = None;
                self.queue.push(Command::Sync);
            }
            Some(Asked::Close) => self.team.resolve = None,
            None => {}
        }
    }

    /// Settles one article with the choices made. The open article's
    /// unsaved edits are saved first, as they are part of mine.
    fn finish_article(&mut self, index: usize) {
        let Some(view) = &self.team.resolve else { return };
        let Some(file) = view.files.get(index) else { return };
        let (root, path, choices) = (view.root.clone(), file.conflict.path.clone(), file.choices.clone());
        let open = self.workspace.doc().path.as_ref() == Some(&path);
        if open && self.workspace.doc().is_dirty() {
            self.save(None);
            if self.workspace.doc().is_dirty() {
                self.notify(true, "Save the article first: its edits are part of your side.");
                return;
            }
            // The edits may have changed what conflicts: look again.
            let fresh = sync::pending(&root).ok().and_then(|p| p.into_iter().find(|c| c.path == path));
            if let Some(fresh) = fresh
                && fresh.conflicts()
                    != self.team.resolve.as_ref().map_or(&[][..], |v| v.files[index].conflict.conflicts())
            {
                if let Some(view) = &mut self.team.resolve {
                    view.files[index] = Pending {
                        choices: vec![Choice::KeepMine; fresh.conflicts().len()],
                        conflict: fresh,
                        done: false,
                    };
                }
                self.notify(true, "Your saved edits changed the conflicts; check the choices again.");
                return;
            }
        }
        match sync::resolve(&root, &path, &choices) {
            Ok(_) => {
                if let Some(view) = &mut self.team.resolve {
                    view.files[index].done = true;
                }
                if open && !self.workspace.doc().is_dirty() {
                    self.open_path(&path);
                }
                if let Some(desk) = &mut self.desk {
                    desk.refresh(std::slice::from_ref(&path));
                }
                let left =
                    self.team.resolve.as_ref().map_or(0, |v| v.files.iter().filter(|f| !f.done).count());
                let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                let text = if left == 0 {
                    format!("Resolved {name}. Every conflict is settled: Sync to finish the merge.")
                } else {
                    format!("Resolved {name}; {left} article(s) left.")
                };
                self.notify(false, text);
                self.notices.retain(|n| !(n.error && n.text.starts_with("Not sent:")));
                self.team.start_survey(&self.jobs);
            }
            Err(error) => self.notify(true, format!("Could not resolve {}: {error}", path.display())),
        }
    }
}

fn view_ui(ui: &mut egui::Ui, view: &mut ResolveView) -> Option<Asked> {
    let mut asked = None;
    if view.all_done() {
        ui.label("Every conflict is settled. Sync to commit the merge and send it.");
        ui.horizontal(|ui| {
            if ui.button("Sync now").clicked() {
                asked = Some(Asked::Sync);
            }
            if ui.button("Close").clicked() {
                asked = Some(Asked::Close);
            }
        });
        return asked;
    }
    ui.add(
        egui::Label::new(
            "These articles changed differently here and on the remote. Each one already holds every change that did not clash, and yours where they did; choose per field, then finish the article. Until then it stays open to read and edit.",
        )
        .wrap(),
    );
    for (index, file) in view.files.iter_mut().enumerate().filter(|(_, f)| !f.done) {
        ui.separator();
        let name =
            file.conflict.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let headline = file.conflict.merge.merged.headline.clone();
        ui.label(RichText::new(format!("{headline} ({name})")).strong());
        for (at, (conflict, choice)) in
            file.conflict.merge.conflicts.iter().zip(file.choices.iter_mut()).enumerate()
        {
            ui.push_id((index, at), |ui| {
                ui.label(RichText::new(conflict.field.label()).strong());
                ui.columns(2, |columns| {
                    side_ui(&mut columns[0], "Mine", &conflict.mine.display());
                    side_ui(&mut columns[1], "Theirs", &conflict.theirs.display());
                });
                ui.horizontal(|ui| {
                    ui.radio_value(choice, Choice::KeepMine, "Keep mine");
                    ui.radio_value(choice, Choice::TakeTheirs, "Take theirs");
                    if conflict.field == Field::Body {
                        ui.radio_value(choice, Choice::KeepBoth, "Keep both");
                    }
                });
            });
        }
        if ui.button(format!("Finish {name}")).on_hover_text("Write the article with these choices").clicked()
        {
            asked = Some(Asked::Finish(index));
        }
    }
    asked
}

fn side_ui(ui: &mut egui::Ui, title: &str, text: &str) {
    ui.label(RichText::new(title).small().weak());
    egui::Frame::group(ui.style()).show(ui, |ui| {
        egui::ScrollArea::vertical().id_salt(title).max_height(160.0).show(ui, |ui| {
            let text = if text.is_empty() { "(empty)" } else { text };
            ui.add(egui::Label::new(text).wrap());
        });
    });
}
