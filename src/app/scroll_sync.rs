//! Scroll Preview with Editor: the body block at the top of the editor's
//! view, which the preview keeps in view while the option is on.

use super::{CopydeskApp, editor};

/// Where the editor's view starts: ((document revision, character at the
/// top), body block there).
pub type TopAt = ((u64, usize), Option<usize>);

impl CopydeskApp {
    /// How far down the preview's page is scrolled, in points.
    pub fn preview_offset(&self) -> f32 {
        self.preview.offset()
    }

    /// How many find matches the preview has marked on its page.
    pub fn preview_marks(&self) -> usize {
        self.preview.marked_on_page()
    }

    /// The body block at the top of the editor's view, as of last frame.
    /// The character there becomes a byte by walking the body: done when
    /// the view or the text moved, not every frame.
    pub(super) fn editor_top_block(&self) -> Option<usize> {
        let response = self.ctx.read_response(egui::Id::unique(editor::BODY_ID))?;
        let galley = self.highlighter.last_galley()?;
        // The editor's clip shows where its view starts inside the text.
        let y = (response.interact_rect.top() - response.rect.top()).max(0.0);
        let chars = galley.cursor_from_pos(egui::vec2(0.0, y + 8.0)).index.0;
        let doc = self.workspace.doc();
        let key = (doc.revision(), chars);
        if let Some((cached, block)) = self.top_cache.get()
            && cached == key
        {
            return block;
        }
        let analysis = self.analyst.latest();
        if analysis.revision != doc.revision() {
            return None;
        }
        let at = doc.body().char_indices().nth(chars).map_or(doc.body().len(), |(at, _)| at);
        let block = analysis.parsed.sources.iter().rposition(|s| s.range.start <= at);
        self.top_cache.set(Some((key, block)));
        block
    }
}
