//! The body editor: one text editor over the body markup, highlighted as
//! the writer types, laid out a window at a time (see `window`).

pub mod highlight;
pub(crate) mod scroll_sync;
pub(crate) mod spelling;

use egui::text_edit::TextEditState;
use egui::util::undoer::{Settings, Undoer};

use egui::RichText;

use crate::app::CopydeskApp;
use highlight::Palette;

mod buffer;
mod chunks;
mod keys;
mod suggest;
mod window;

pub use window::{BodyWindow, Selection};

/// The body text editor's id in the tab with key `key`: egui keeps each
/// tab's caret, selection and scroll under its own.
pub fn body_id(key: u64) -> egui::Id {
    egui::Id::unique(("body-editor", key))
}

pub(crate) fn editor_ui(app: &mut CopydeskApp, ui: &mut egui::Ui) {
    let id = body_id(app.workspace.active_key());
    let ctx = ui.ctx().clone();
    // Suggest mode signs with the sync name (it is not on without one).
    let suggesting = app.suggesting().then(|| app.prefs.author_name.trim().to_string());
    let mut refused = None;
    let tab = app.workspace.active_tab_mut();
    let (doc, view) = (&mut tab.doc, &mut tab.view);
    if !view.editor_ready {
        // The app keeps one undo history for metadata and body together;
        // the text editor's own would undo a second time, so it keeps none.
        let mut state = TextEditState::load(&ctx, id).unwrap_or_default();
        state.set_undoer(Undoer::with_settings(Settings { max_undos: 0, ..Settings::default() }));
        state.cursor.set_char_range(None);
        state.store(&ctx, id);
        view.body_window = BodyWindow::default();
        view.editor_ready = true;
    }
    let window = &mut view.body_window;
    window.sync(doc.body(), doc.body_revision());
    if let Some(offset) = view.requests.cursor_to.take() {
        let at = window.char_of_byte(doc.body(), offset);
        window.selection = Some(Selection::one(at));
        window.center_on = Some(at);
        ctx.memory_mut(|m| m.request_focus(id));
    }
    // A find match: selected and scrolled to, while the keyboard stays in
    // the find bar.
    if let Some(range) = view.requests.select_body.take() {
        let body = doc.body();
        if range.start <= range.end && body.get(range.clone()).is_some() {
            let (start, end) = (window.char_of_byte(body, range.start), window.char_of_byte(body, range.end));
            window.selection = Some(Selection { anchor: start, caret: end });
            window.center_on = Some(start);
        }
    }
    if ctx.memory(|m| m.has_focus(id)) {
        if let Some(name) = &suggesting {
            let me = crate::editing::suggest::Signer { name, now: crate::model::when::now_seconds() };
            refused = suggest::handle(window, &ctx, doc, me);
        }
        keys::handle(window, &ctx, doc);
    }

    let label = ui.label(egui::RichText::new("Body").strong());
    let palette = Palette::from_visuals(ui.visuals(), 15.0);
    let highlighter = &mut app.highlighter;
    let mut layouter = |ui: &egui::Ui, text: &dyn egui::TextBuffer, wrap_width: f32| {
        highlighter.layout(ui, text.as_str(), &palette, wrap_width)
    };
    let shown = doc.edit_body(|body| {
        let shown = window.show(ui, body, id, &mut layouter);
        let touched = shown.edited.then_some(shown.touched);
        (shown, touched)
    });
    if shown.edited {
        window.edited(doc.body_revision());
    }
    let output = shown.output;
    let changed = output.response.changed();
    if let Some(why) = refused {
        app.notify(false, why);
    }
    app.publish_live_caret(&ctx, id);
    let peers = app.live_peers();
    let tab = app.workspace.active_tab_mut();
    tab.view.live.drawn = paint_live_carets(ui, &peers, &tab.view.body_window, tab.doc.body(), &output);
    let response = output.response.response.clone().labelled_by(label.id);

    // Spelling: underline what the latest analysis found, when it is of
    // this very text (mid-typing, old positions would be off).
    let analysis = app.checking.analyst.latest().clone();
    if analysis.revision == app.workspace.doc().revision() && !changed {
        let ranges: Vec<std::ops::Range<usize>> =
            analysis.misspelled.iter().map(|m| m.chars.clone()).collect();
        let ranges = app.workspace.view().body_window.local_ranges(&ranges);
        spelling::underline(
            ui,
            &output.galley,
            output.galley_pos,
            output.text_clip_rect,
            &ranges,
            &mut app.checking.spelling.body_rows,
        );
    }
    if let Some((found, current)) = app.body_matches() {
        let painter = ui.painter().with_clip_rect(output.text_clip_rect);
        let (all, here) = (
            egui::Color32::from_rgba_unmultiplied(250, 200, 40, 70),
            egui::Color32::from_rgba_unmultiplied(255, 140, 0, 140),
        );
        let current_chars = current.and_then(|i| found.body_chars.get(i).cloned());
        let window = &app.workspace.view().body_window;
        let current_chars = current_chars.and_then(|c| window.local_ranges(&[c]).pop());
        let found_chars = window.local_ranges(&found.body_chars);
        let find_rows = &mut app.workspace.view_mut().find_rows;
        spelling::for_each_on_screen(
            &output.galley,
            output.galley_pos,
            output.text_clip_rect,
            &found_chars,
            find_rows,
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
                find_rows,
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
        app.checking.spelling.target = ui.input(|i| i.pointer.interact_pos()).and_then(|pointer| {
            let index = app.workspace.view().body_window.chars.start
                + output.galley.cursor_from_pos(pointer - output.galley_pos).index.0;
            let word = analysis.misspelled.iter().find(|m| m.chars.start <= index && index <= m.chars.end)?;
            let suggestions = app.speller().map(|s| s.suggestions(&word.word, 6)).unwrap_or_default();
            Some(spelling::Target { word: word.word.clone(), at: Some(word.bytes.start), suggestions })
        });
    }
    let desk_open = app.desk.is_some();
    let target = app.checking.spelling.target.clone();
    let mut chosen = None;
    response.context_menu(|ui| match &target {
        Some(target) => chosen = spelling::menu(ui, target, desk_open),
        None => {
            ui.label(RichText::new("No misspelled word here").weak());
        }
    });
    app.queue.extend(chosen);
}

// ----- What tests look at -----
impl CopydeskApp {
    /// The id egui keeps the active tab's body text editor under.
    pub fn body_editor_id(&self) -> egui::Id {
        body_id(self.workspace.active_key())
    }

    /// The body editor's selection in characters of the body: (anchor,
    /// caret).
    pub fn body_selection(&self) -> Option<(usize, usize)> {
        self.workspace.view().body_window.selection.map(|s| (s.anchor, s.caret))
    }

    /// The characters of the body the text editor holds this frame.
    pub fn editor_window_chars(&self) -> std::ops::Range<usize> {
        self.workspace.view().body_window.chars.clone()
    }

    /// How far down the body the editor's view starts (content points,
    /// as of last frame).
    pub fn editor_view_top(&self) -> f32 {
        self.workspace.view().body_window.view_top()
    }

    /// True when the caret is inside the editor's view.
    pub fn body_caret_in_view(&self) -> bool {
        self.workspace.view().body_window.caret_in_view()
    }
}

/// Draws the other editors' carets and selections in the body's text
/// editor window; says which were drawn where.
fn paint_live_carets(
    ui: &egui::Ui,
    peers: &[crate::editing::live::Peer],
    window: &BodyWindow,
    body: &str,
    output: &egui::text_edit::TextEditOutput,
) -> Vec<crate::app::live::Drawn> {
    let chars = window.text_chars();
    let local = |byte: usize| {
        let c = window.char_of_byte(body, byte);
        c.clamp(chars.start, chars.end) - chars.start
    };
    let inside = |byte: usize| (chars.start..=chars.end).contains(&window.char_of_byte(body, byte));
    crate::app::live::paint(ui, peers, crate::model::article::Field::Body, output, &local, &inside)
}
