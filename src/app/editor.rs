//! The body editor: one text editor over the body markup, highlighted as
//! the writer types.

use egui::text::{CCursor, CCursorRange};
use egui::text_edit::TextEditState;
use egui::util::undoer::{Settings, Undoer};

use egui::RichText;

use super::highlight::Palette;
use super::{CopydeskApp, spelling};

pub const BODY_ID: &str = "body-editor";

pub(super) fn editor_ui(app: &mut CopydeskApp, ui: &mut egui::Ui) {
    let id = egui::Id::unique(BODY_ID);
    let ctx = ui.ctx().clone();
    if !app.editor_ready {
        // The app keeps one undo history for metadata and body together;
        // the text editor's own would undo a second time, so it keeps none.
        let mut state = TextEditState::load(&ctx, id).unwrap_or_default();
        state.set_undoer(Undoer::with_settings(Settings { max_undos: 0, ..Settings::default() }));
        state.store(&ctx, id);
        app.editor_ready = true;
    }
    let mut scroll_to = None;
    if let Some(offset) = app.cursor_to.take() {
        let body = app.workspace.doc().body();
        let mut offset = offset.min(body.len());
        while !body.is_char_boundary(offset) {
            offset -= 1;
        }
        let index = body[..offset].chars().count();
        let mut state = TextEditState::load(&ctx, id).unwrap_or_default();
        state.cursor.set_char_range(Some(CCursorRange::one(CCursor::new(index))));
        state.store(&ctx, id);
        ctx.memory_mut(|m| m.request_focus(id));
        scroll_to = Some(index);
    }
    // A find match: selected and scrolled to, while the keyboard stays in
    // the find bar.
    if let Some(range) = app.select_body.take() {
        let body = app.workspace.doc().body();
        if let (Some(head), Some(matched)) = (body.get(..range.start), body.get(range.clone())) {
            let start = head.chars().count();
            let end = start + matched.chars().count();
            let mut state = TextEditState::load(&ctx, id).unwrap_or_default();
            state.cursor.set_char_range(Some(CCursorRange::two(CCursor::new(start), CCursor::new(end))));
            state.store(&ctx, id);
            scroll_to = Some(start);
        }
    }

    let label = ui.label(egui::RichText::new("Body").strong());
    let palette = Palette::from_visuals(ui.visuals(), 15.0);
    let highlighter = &mut app.highlighter;
    let mut layouter = |ui: &egui::Ui, text: &dyn egui::TextBuffer, wrap_width: f32| {
        highlighter.layout(ui, text.as_str(), &palette, wrap_width)
    };
    let output = app.workspace.doc_mut().edit_body(|body| {
        let output = editor_scroll_ui(ui, body, id, &mut layouter, scroll_to);
        let changed = output.response.changed();
        (output, changed)
    });
    let changed = output.response.changed();
    let response = output.response.response.clone().labelled_by(label.id);

    // Spelling: underline what the latest analysis found, when it is of
    // this very text (mid-typing, old positions would be off).
    let analysis = app.analyst.latest().clone();
    if analysis.revision == app.workspace.doc().revision() && !changed {
        let ranges: Vec<std::ops::Range<usize>> =
            analysis.misspelled.iter().map(|m| m.chars.clone()).collect();
        spelling::underline(
            ui,
            &output.galley,
            output.galley_pos,
            output.text_clip_rect,
            &ranges,
            &mut app.spelling.body_rows,
        );
    }
    if let Some((found, current)) = app.body_matches() {
        let painter = ui.painter().with_clip_rect(output.text_clip_rect);
        let (all, here) = (
            egui::Color32::from_rgba_unmultiplied(250, 200, 40, 70),
            egui::Color32::from_rgba_unmultiplied(255, 140, 0, 140),
        );
        let current_chars = current.and_then(|i| found.body_chars.get(i).cloned());
        spelling::for_each_on_screen(
            &output.galley,
            output.galley_pos,
            output.text_clip_rect,
            &found.body_chars,
            &mut app.find_rows,
            |left, right, top, bottom| {
                let rect = egui::Rect::from_min_max(
                    egui::pos2(left, top),
                    egui::pos2(right.max(left + 2.0), bottom),
                );
                painter.rect_filled(rect, 2.0, all);
            },
        );
        if let Some(chars) = current_chars {
            spelling::for_each_on_screen(
                &output.galley,
                output.galley_pos,
                output.text_clip_rect,
                std::slice::from_ref(&chars),
                &mut app.find_rows,
                |left, right, top, bottom| {
                    let rect = egui::Rect::from_min_max(
                        egui::pos2(left, top),
                        egui::pos2(right.max(left + 2.0), bottom),
                    );
                    painter.rect_stroke(rect, 2.0, egui::Stroke::new(2.0, here), egui::StrokeKind::Outside);
                },
            );
        }
    }
    if response.secondary_clicked() {
        app.spelling.target = ui.input(|i| i.pointer.interact_pos()).and_then(|pointer| {
            let index = output.galley.cursor_from_pos(pointer - output.galley_pos).index.0;
            let word = analysis.misspelled.iter().find(|m| m.chars.start <= index && index <= m.chars.end)?;
            let suggestions = app.speller().map(|s| s.suggestions(&word.word, 6)).unwrap_or_default();
            Some(spelling::Target { word: word.word.clone(), at: Some(word.bytes.start), suggestions })
        });
    }
    let desk_open = app.desk.is_some();
    let target = app.spelling.target.clone();
    let mut chosen = None;
    response.context_menu(|ui| match &target {
        Some(target) => chosen = spelling::menu(ui, target, desk_open),
        None => {
            ui.label(RichText::new("No misspelled word here").weak());
        }
    });
    app.queue.extend(chosen);
}

/// The text editor in its scroll area; scrolls to character `scroll_to`.
/// The returned clip is what is on screen, so marks painted over the text
/// (misspellings, find matches) never spill outside the scroll area.
fn editor_scroll_ui(
    ui: &mut egui::Ui,
    body: &mut String,
    id: egui::Id,
    layouter: &mut dyn FnMut(&egui::Ui, &dyn egui::TextBuffer, f32) -> std::sync::Arc<egui::Galley>,
    scroll_to: Option<usize>,
) -> egui::text_edit::TextEditOutput {
    let scrolled =
        egui::ScrollArea::vertical().id_salt("editor-scroll").auto_shrink([false, false]).show(ui, |ui| {
            let output = egui::TextEdit::multiline(body)
                .id(id)
                .hint_text("Write the story. ## for a section heading, > for a quote, - for a list.")
                .desired_width(f32::INFINITY)
                .desired_rows(24)
                .lock_focus(true)
                .layouter(layouter)
                .show(ui);
            if let Some(index) = scroll_to {
                let cursor = output.galley.pos_from_cursor(CCursor::new(index));
                let rect = cursor.translate(output.galley_pos.to_vec2());
                ui.scroll_to_rect(rect.expand(24.0), Some(egui::Align::Center));
            }
            output
        });
    let mut output = scrolled.inner;
    output.text_clip_rect = output.text_clip_rect.intersect(scrolled.inner_rect);
    output
}
