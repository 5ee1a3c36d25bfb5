//! Dropdowns that keep the keyboard: the one rule every dropdown of the
//! window follows (the metadata panel's and the sidebar's), in a file of its
//! own so features use it without depending on one another.

/// A dropdown whose list closed on a choice gives the keyboard back to
/// its box (the chosen row, which had it, is gone), so Tab goes on from
/// there.
pub fn chosen_keeps_keyboard(shown: egui::InnerResponse<Option<bool>>) -> egui::Response {
    if shown.inner == Some(true) {
        shown.response.request_focus();
    }
    shown.response
}
