//! Scroll Preview with Editor: the body block at the top of the editor's
//! view, which the preview keeps in view while the option is on.

use crate::app::CopydeskApp;

/// Where the editor's view starts: ((document revision, character at the
/// top), body block there).
pub type TopAt = ((u64, usize), Option<usize>);

impl CopydeskApp {
    /// How far down the preview's page is scrolled, in points.
    pub fn preview_offset(&self) -> f32 {
        self.workspace.view().preview.offset()
    }

    /// How many laid-out texts the preview keeps between frames.
    pub fn preview_galleys_kept(&self) -> usize {
        self.page_galleys.galleys_kept()
    }

    /// How many find matches the preview has marked on its page.
    pub fn preview_marks(&self) -> usize {
        self.page_galleys.marked_on_page()
    }

    /// The body block at the top of the editor's view, as of last frame.
    /// The windowed editor knows which character is at the top of its view
    /// (exactly inside its window, by chunk outside it); the block there is
    /// looked up when the view or the text moved, not every frame.
    pub(crate) fn editor_top_block(&self) -> Option<usize> {
        let window = &self.workspace.view().body_window;
        if !window.is_current(self.workspace.doc().body_revision()) {
            return None;
        }
        let chars = window.char_at_y(window.view_top() + 8.0);
        let doc = self.workspace.doc();
        let key = (doc.revision(), chars);
        if let Some((cached, block)) = self.workspace.view().top_cache.get()
            && cached == key
        {
            return block;
        }
        let analysis = self.checking.analyst.latest();
        if analysis.revision != doc.revision() {
            return None;
        }
        let at = window.byte_of_char(doc.body(), chars);
        let block = analysis.parsed.sources.iter().rposition(|s| s.range.start <= at);
        self.workspace.view().top_cache.set(Some((key, block)));
        block
    }
}
