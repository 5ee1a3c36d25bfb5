//! The windowed body editor: a text editor over the chunks in view plus a
//! margin, inside a scroll area with spacers for the rest, so a keystroke
//! lays out, paints and describes to AccessKit a few screens of text
//! whatever the length of the story. The selection lives here, in
//! characters of the whole body; egui sees its part inside the window.

use std::ops::Range;
use std::sync::Arc;

use egui::text::{CCursor, CCursorRange};
use egui::text_edit::{TextEditOutput, TextEditState};
use egui::{Event, Galley, ImeEvent, Key, Rect};

use super::buffer::WindowBuffer;
use super::chunks::Chunks;
use crate::editing::unchanged::Unchanged;

/// Bodies this short are one window: the whole text, as a plain editor.
pub const WHOLE_BODY_BYTES: usize = 48 * 1024;
/// Screens of text laid out above and below the view.
const MARGIN_SCREENS: f32 = 1.0;
/// With a screen reader attached, more, so it can read ahead.
const ACCESSKIT_MARGIN_SCREENS: f32 = 3.0;
/// First guesses, until a chunk has been measured.
const CHAR_PX: f32 = 7.0;
const ROW_PX: f32 = 19.0;

/// The selection in characters of the whole body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Selection {
    pub anchor: usize,
    pub caret: usize,
}

impl Selection {
    pub fn one(at: usize) -> Selection {
        Selection { anchor: at, caret: at }
    }

    pub fn range(&self) -> Range<usize> {
        self.anchor.min(self.caret)..self.anchor.max(self.caret)
    }
}

/// The windowed editor's state for one document.
pub struct BodyWindow {
    pub(super) chunks: Chunks,
    /// The body revision (`Document::body_revision`) the chunks describe.
    revision: Option<u64>,
    pub selection: Option<Selection>,
    /// The chunks shown.
    pub(super) window: Range<usize>,
    /// The window's text: bytes and characters of the body.
    pub(super) bytes: Range<usize>,
    pub(super) chars: Range<usize>,
    /// What was handed to egui, to tell what egui changed.
    handed: Option<CCursorRange>,
    /// An IME composition is under way: the window stays put.
    composing: bool,
    /// The wrap width the text editor last laid out with.
    wrap: Option<f32>,
    width: f32,
    /// Last frame's view (content coordinates).
    pub(super) viewport: Rect,
    /// Scroll the view here next frame.
    pub(super) scroll_to: Option<f32>,
    /// Put this character in the middle of the view once laid out.
    pub(super) center_on: Option<usize>,
    /// Scroll just enough to show the caret once laid out.
    pub(super) reveal: bool,
    /// The window's layout and where it lies (content y of its top).
    pub(super) galley: Option<(Arc<Galley>, f32)>,
}

impl Default for BodyWindow {
    fn default() -> Self {
        BodyWindow {
            chunks: Chunks::default(),
            revision: None,
            selection: None,
            window: 0..0,
            bytes: 0..0,
            chars: 0..0,
            handed: None,
            composing: false,
            wrap: None,
            width: 0.0,
            viewport: Rect::ZERO,
            scroll_to: None,
            center_on: None,
            reveal: false,
            galley: None,
        }
    }
}

/// What one frame of the editor gave.
pub struct Shown {
    pub output: TextEditOutput,
    pub edited: bool,
    /// What of the body the edits left alone.
    pub touched: Unchanged,
}

impl BodyWindow {
    /// Brings the chunks up to date with a body changed elsewhere (undo,
    /// Replace All, another document); measured heights of unchanged
    /// chunks are lost, which the anchoring hides.
    pub fn sync(&mut self, body: &str, revision: u64) {
        if self.revision == Some(revision) {
            return;
        }
        let (chars_per_row, unit_px) = if self.chunks.unit_px > 0.0 {
            (self.chunks.chars_per_row, self.chunks.unit_px)
        } else {
            (80.0, ROW_PX)
        };
        self.chunks = Chunks::new(body, chars_per_row, unit_px);
        self.revision = Some(revision);
        self.galley = None;
        let total = self.chunks.total_chars();
        if let Some(selection) = &mut self.selection {
            selection.anchor = selection.anchor.min(total);
            selection.caret = selection.caret.min(total);
        }
        self.window = 0..0;
    }

    /// The body changed by a splice made outside the text editor (a
    /// keystroke of suggest mode): bytes `range` of the old body became
    /// `inserted` bytes of `body`, now at `revision`. Only the chunks the
    /// splice touched are cut afresh; the rest keep their measured heights.
    pub fn spliced(&mut self, body: &str, range: Range<usize>, inserted: usize, revision: u64) {
        if self.revision.is_none() || self.chunks.len() == 0 || range.end > self.chunks.total_bytes() {
            return self.sync(body, revision);
        }
        let first = self.chunks.at_byte(range.start);
        let last = self.chunks.at_byte(range.end.saturating_sub(1).max(range.start));
        let start = self.chunks.byte_start(first);
        let old_end = self.chunks.byte_start(last + 1);
        let new_end = (old_end + inserted).checked_sub(range.len());
        match new_end.and_then(|end| body.get(start..end)) {
            Some(text) => {
                self.chunks.replace(first..last + 1, text);
                self.revision = Some(revision);
                self.galley = None;
                if self.chunks.total_bytes() != body.len() {
                    self.revision = None;
                    self.sync(body, revision);
                }
            }
            None => {
                self.revision = None;
                self.sync(body, revision);
            }
        }
    }

    /// True when the chunks describe the body of `revision` (a command may
    /// have changed the body since the editor last drew it).
    pub fn is_current(&self, revision: u64) -> bool {
        self.revision == Some(revision)
    }

    /// Another editor's splice, already made in `body`: `removed` bytes
    /// (`removed_chars` characters) at byte `at` became `inserted`. The
    /// chunks around it are cut again and the selection keeps its place
    /// in the text, so a colleague's keystroke costs what one's own does.
    pub fn follow(&mut self, body: &str, at: usize, removed: usize, removed_chars: usize, inserted: &str) {
        let n = self.chunks.len();
        if n == 0 || self.revision.is_none() {
            self.revision = None;
            return;
        }
        let first = self.chunks.at_byte(at).saturating_sub(1);
        let last = self.chunks.at_byte(at + removed);
        let range = first..(last + 2).min(n);
        let start = self.chunks.byte_start(range.start);
        let end =
            (self.chunks.byte_start(range.end) + inserted.len()).saturating_sub(removed).min(body.len());
        let (Some(text), true) = (body.get(start..end), body.is_char_boundary(at)) else {
            self.revision = None;
            return;
        };
        let at_char = self.chunks.char_start(range.start) + body[start..at].chars().count();
        self.chunks.replace(range, text);
        let inserted_chars = inserted.chars().count();
        let moved = |c: usize| {
            if c >= at_char + removed_chars { c + inserted_chars - removed_chars } else { c.min(at_char) }
        };
        if let Some(selection) = &mut self.selection {
            selection.anchor = moved(selection.anchor);
            selection.caret = moved(selection.caret);
        }
        self.galley = None;
    }

    /// The body changed by the editor: its revision is now `revision`.
    pub fn edited(&mut self, revision: u64) {
        self.revision = Some(revision);
    }

    /// The characters of the body the text editor holds this frame.
    pub fn text_chars(&self) -> Range<usize> {
        self.chars.clone()
    }

    pub fn total_chars(&self) -> usize {
        self.chunks.total_chars()
    }

    /// Content y of the top of last frame's view.
    pub fn view_top(&self) -> f32 {
        self.viewport.top()
    }

    /// The caret, in characters of the body.
    pub fn caret(&self) -> Option<usize> {
        self.selection.map(|s| s.caret)
    }

    /// Content y of character `c`: exact inside the window, estimated
    /// (by its chunk) outside it.
    pub fn y_of_char(&self, c: usize) -> f32 {
        if let Some((galley, top)) = &self.galley
            && self.chars.start <= c
            && c <= self.chars.end
        {
            return top + galley.pos_from_cursor(CCursor::new(c - self.chars.start)).min.y;
        }
        let i = self.chunks.at_char(c);
        let span = (self.chunks.char_start(i + 1) - self.chunks.char_start(i)).max(1);
        let fraction = (c - self.chunks.char_start(i).min(c)) as f32 / span as f32;
        self.chunks.top(i) + fraction * self.chunks.height(i)
    }

    /// The character at content y (the nearest, by its chunk, outside the
    /// window).
    pub fn char_at_y(&self, y: f32) -> usize {
        if let Some((galley, top)) = &self.galley {
            let bottom = top + galley.rect.height();
            if y >= *top && y < bottom {
                let local = galley.cursor_from_pos(egui::vec2(0.0, y - top)).index;
                return self.chars.start + local.0;
            }
        }
        let i = self.chunks.at_y(y);
        let height = self.chunks.height(i).max(1.0);
        let fraction = ((y - self.chunks.top(i)) / height).clamp(0.0, 1.0);
        let span = self.chunks.char_start(i + 1) - self.chunks.char_start(i);
        self.chunks.char_start(i) + (fraction * span as f32) as usize
    }

    /// True when the selection lies inside the window's text.
    pub fn selection_in_window(&self) -> bool {
        self.selection.is_none_or(|s| {
            let r = s.range();
            self.chars.start <= r.start && r.end <= self.chars.end
        })
    }

    /// The chunks to show for `viewport` (content coordinates).
    fn choose_window(&self, viewport: Rect, margin: f32, caret_first: bool) -> Range<usize> {
        let n = self.chunks.len();
        if n == 0 || self.chunks.total_bytes() <= WHOLE_BODY_BYTES {
            return 0..n;
        }
        if self.composing && self.window.end <= n && !self.window.is_empty() {
            return self.window.clone();
        }
        let view = if caret_first && let Some(caret) = self.caret() {
            // Typing where the caret is, scrolled out of view: the window
            // goes to the caret (and the view follows it).
            let y = self.y_of_char(caret);
            Rect::from_min_max(
                egui::pos2(0.0, y - viewport.height() / 2.0),
                egui::pos2(0.0, y + viewport.height() / 2.0),
            )
        } else {
            viewport
        };
        let first = self.chunks.at_y(view.min.y - margin);
        let last = self.chunks.at_y(view.max.y + margin);
        let mut window = first..(last + 1).min(n);
        // A small selection just outside stays inside the window, so egui
        // edits it whole.
        if let Some(selection) = self.selection {
            let range = selection.range();
            let (a, b) = (self.chunks.at_char(range.start), self.chunks.at_char(range.end));
            let union = a.min(window.start)..(b + 1).max(window.end).min(n);
            let limit = 2.0 * (view.height() + 2.0 * margin);
            if self.chunks.top(union.end) - self.chunks.top(union.start) <= limit {
                window = union;
            }
        }
        window
    }

    /// Heights of window chunks `first..` from `galley` (the window's text,
    /// starting at chunk `first`).
    fn heights(&self, galley: &Galley, first: usize, count: usize) -> Vec<f32> {
        let base = self.chunks.char_start(first);
        let mut starts = Vec::with_capacity(galley.rows.len());
        let mut chars = 0;
        for row in &galley.rows {
            starts.push(chars);
            chars += row.char_count_including_newline().0;
        }
        let top_of = |b: usize| {
            let row = starts.partition_point(|&s| s <= b).saturating_sub(1);
            galley.rows.get(row).map_or(0.0, |r| r.min_y())
        };
        let tops: Vec<f32> =
            (first..first + count).map(|i| top_of(self.chunks.char_start(i) - base)).collect();
        let bottom = galley.rect.max.y;
        (0..count).map(|i| (tops.get(i + 1).copied().unwrap_or(bottom) - tops[i]).max(0.0)).collect()
    }

    /// Takes measured heights for the window (from `galley`), keeping chunk
    /// `anchor` where it is on screen; returns the scroll correction the
    /// chunks above could not absorb.
    fn measure(&mut self, galley: &Galley, anchor: usize, absorb: bool) -> f32 {
        let window = self.window.clone();
        if window.is_empty() {
            return 0.0;
        }
        let heights = self.heights(galley, window.start, window.len());
        // Learn the estimate's unit from what was measured.
        let units: f32 = window.clone().map(|i| self.chunks.units(i)).sum();
        let measured: f32 = heights.iter().sum();
        if units > 0.0 && !self.chunks.is_measured(window.start) {
            self.chunks.unit_px = (measured / units).clamp(4.0, 200.0);
        }
        if !absorb {
            // Already painted with these heights: nothing to hide.
            self.chunks.measure(window.start, &heights);
            return 0.0;
        }
        let above = anchor.clamp(window.start, window.end) - window.start;
        let change_above = self.chunks.measure(window.start, &heights[..above]);
        self.chunks.measure(window.start + above, &heights[above..]);
        if change_above == 0.0 {
            return 0.0;
        }
        -self.chunks.absorb(window.start, -change_above)
    }

    /// The editor in its scroll area for one frame.
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        body: &mut String,
        id: egui::Id,
        layouter: &mut dyn FnMut(&egui::Ui, &dyn egui::TextBuffer, f32) -> Arc<Galley>,
    ) -> Shown {
        let ctx = ui.ctx().clone();
        let accesskit = ctx.has_accesskit_node(egui::accesskit_root_id());
        let margin_screens = if accesskit { ACCESSKIT_MARGIN_SCREENS } else { MARGIN_SCREENS };
        let focused = ctx.memory(|m| m.has_focus(id));
        let typing = focused
            && ui.input(|i| {
                i.events.iter().any(|e| {
                    matches!(e, Event::Text(_) | Event::Paste(_) | Event::Cut | Event::Ime(_))
                        || matches!(
                            e,
                            Event::Key { key: Key::Backspace | Key::Delete | Key::Enter, pressed: true, .. }
                        )
                })
            });
        let caret_away =
            typing && self.caret().is_some_and(|c| !self.chars.contains(&c) && c != self.chars.end);

        let mut area = egui::ScrollArea::vertical().id_salt("editor-scroll").auto_shrink([false, false]);
        if let Some(c) = self.center_on
            && self.chunks.total_bytes() > WHOLE_BODY_BYTES
        {
            let y = self.y_of_char(c);
            if !(self.viewport.min.y..self.viewport.max.y).contains(&y) {
                self.scroll_to = Some((y - self.viewport.height() / 2.0).max(0.0));
            }
        }
        if let Some(offset) = self.scroll_to.take() {
            area = area.vertical_scroll_offset(offset.max(0.0));
        }
        let scrolled = area.show_viewport(ui, |ui, viewport| {
            ui.spacing_mut().item_spacing.y = 0.0;
            let origin = ui.max_rect().min.y;
            let width = ui.available_width();
            if width != self.width {
                let chars_per_row = ((width - 8.0) / CHAR_PX).max(10.0);
                let unit = if self.chunks.unit_px > 0.0 { self.chunks.unit_px } else { ROW_PX };
                self.chunks.reestimate(chars_per_row, unit);
                self.width = width;
                self.wrap = None;
                self.galley = None;
            }
            self.viewport = viewport;
            let anchor = self.chunks.at_y(viewport.min.y);
            let margin = viewport.height() * margin_screens;
            self.window = self.choose_window(viewport, margin, caret_away);
            self.place_window(body.as_str());

            // Measure the window before placing it, so chunks that just came
            // into it push the view neither up nor down.
            let mut correction = 0.0;
            if let Some(wrap) = self.wrap {
                let text: &str = &body[self.bytes.clone()];
                let galley = layouter(ui, &text, wrap);
                correction += self.measure(&galley, anchor, true);
            }
            let top = self.chunks.top(self.window.start);
            let bottom = self.chunks.total_height() - self.chunks.top(self.window.end);
            ui.add_space(top);

            self.hand_selection(&ctx, id);
            let mut buffer = WindowBuffer {
                body: &mut *body,
                window: self.bytes.clone(),
                edited: false,
                touched: Unchanged::ALL,
            };
            let mut wrap_seen = None;
            let mut layout = |ui: &egui::Ui, text: &dyn egui::TextBuffer, wrap: f32| {
                wrap_seen = Some(wrap);
                layouter(ui, text, wrap)
            };
            let output = egui::TextEdit::multiline(&mut buffer)
                .id(id)
                .hint_text("Write the story. ## for a section heading, > for a quote, - for a list.")
                .desired_width(f32::INFINITY)
                .desired_rows(24)
                .lock_focus(true)
                .layouter(&mut layout)
                .show(ui);
            let (edited, touched) = (buffer.edited, buffer.touched);
            let window_end = buffer.window.end;
            if let Some(wrap) = wrap_seen {
                self.wrap = Some(wrap);
            }
            if edited {
                // The window's chunks are cut afresh from its new text.
                let tail = self.bytes.end < self.chunks.byte_start(self.window.end);
                let end = window_end + usize::from(tail);
                let before = self.chunks.len();
                self.chunks.replace(self.window.clone(), &body[self.bytes.start..end]);
                let count = self.window.len() + self.chunks.len() - before;
                self.window = self.window.start..self.window.start + count;
                self.place_window(body.as_str());
            }
            correction += self.measure(&output.galley, anchor, false);
            ui.add_space(bottom);
            self.galley = Some((output.galley.clone(), output.galley_pos.y - origin));
            self.take_selection(&ctx, id, edited);
            ui.input(|i| self.update_composing(&i.events, focused));
            if let Some(c) = self.center_on.take()
                && (self.chars.contains(&c) || c == self.chars.end)
            {
                let rect = output.galley.pos_from_cursor(CCursor::new(c - self.chars.start));
                ui.scroll_to_rect(
                    rect.translate(output.galley_pos.to_vec2()).expand(24.0),
                    Some(egui::Align::Center),
                );
            }
            if std::mem::take(&mut self.reveal)
                && let Some(caret) = self.caret()
                && self.chars.start <= caret
                && caret <= self.chars.end
            {
                let rect = output.galley.pos_from_cursor(CCursor::new(caret - self.chars.start));
                ui.scroll_to_rect(rect.translate(output.galley_pos.to_vec2()).expand(4.0), None);
            }
            if correction != 0.0 {
                self.scroll_to = Some(viewport.min.y + correction);
                ctx.request_repaint();
            }
            Shown { output, edited, touched }
        });
        let mut shown = scrolled.inner;
        shown.output.text_clip_rect = shown.output.text_clip_rect.intersect(scrolled.inner_rect);
        shown
    }

    /// Works out the window's bytes and characters from its chunks. A
    /// window that stops before the body's end leaves out its last newline,
    /// so its rows are exactly its chunks' rows.
    fn place_window(&mut self, body: &str) {
        let start = self.chunks.byte_start(self.window.start);
        let mut end = self.chunks.byte_start(self.window.end);
        let mut chars_end = self.chunks.char_start(self.window.end);
        if self.window.end < self.chunks.len() && end > start && body.as_bytes().get(end - 1) == Some(&b'\n')
        {
            end -= 1;
            chars_end -= 1;
        }
        self.bytes = start..end;
        self.chars = self.chunks.char_start(self.window.start)..chars_end;
    }

    /// Hands egui the part of the selection inside the window.
    fn hand_selection(&mut self, ctx: &egui::Context, id: egui::Id) {
        let Some(selection) = self.selection else {
            self.handed = None;
            return;
        };
        let local = |c: usize| CCursor::new(c.clamp(self.chars.start, self.chars.end) - self.chars.start);
        let range = CCursorRange::two(local(selection.anchor), local(selection.caret));
        let mut state = TextEditState::load(ctx, id).unwrap_or_default();
        if state.cursor.char_range() != Some(range) {
            state.cursor.set_char_range(Some(range));
            state.store(ctx, id);
        }
        self.handed = Some(range);
    }

    /// Takes back what egui did to the selection (a click, a drag, keys,
    /// typing); an end egui left alone keeps its place outside the window.
    fn take_selection(&mut self, ctx: &egui::Context, id: egui::Id, edited: bool) {
        let Some(range) = TextEditState::load(ctx, id).and_then(|s| s.cursor.char_range()) else { return };
        if Some(range) == self.handed && !edited {
            return;
        }
        let base = self.chars.start;
        let mut selection = self.selection.unwrap_or(Selection::one(base + range.primary.index.0));
        let handed = self.handed.filter(|_| !edited);
        if handed.is_none_or(|h| h.primary != range.primary) {
            selection.caret = base + range.primary.index.0;
        }
        if handed.is_none_or(|h| h.secondary != range.secondary) {
            selection.anchor = base + range.secondary.index.0;
        }
        self.selection = Some(selection);
        self.handed = Some(range);
    }

    fn update_composing(&mut self, events: &[Event], focused: bool) {
        for event in events {
            if let Event::Ime(ime) = event {
                match ime {
                    ImeEvent::Preedit { text, .. } => self.composing = focused && !text.is_empty(),
                    ImeEvent::Commit(_) => self.composing = false,
                    _ => {}
                }
            }
        }
    }

    /// The character at byte `b` of `body`.
    pub fn char_of_byte(&self, body: &str, b: usize) -> usize {
        self.chunks.char_of_byte(body, b)
    }

    pub fn byte_of_char(&self, body: &str, c: usize) -> usize {
        self.chunks.byte_of_char(body, c)
    }

    /// Character ranges (sorted, of the body) that fall in the window,
    /// as ranges of the window's text.
    pub fn local_ranges(&self, ranges: &[Range<usize>]) -> Vec<Range<usize>> {
        let Range { start, end } = self.chars;
        let first = ranges.partition_point(|r| r.end < start);
        ranges[first..]
            .iter()
            .take_while(|r| r.start <= end)
            .map(|r| r.start.max(start) - start..r.end.min(end) - start)
            .collect()
    }
}

impl BodyWindow {
    /// True when the caret lies inside last frame's view.
    pub fn caret_in_view(&self) -> bool {
        self.caret().is_some_and(|c| {
            let y = self.y_of_char(c);
            self.viewport.min.y <= y && y < self.viewport.max.y
        })
    }
}
