//! The window's background: cleared once per frame to the panel colour,
//! so the panels paint no background of their own. Under software OpenGL
//! every painted pixel costs the same whether it shows or is painted over,
//! and the panels' own fills were a whole extra screen of pixels in every
//! frame (a keystroke's among them) that looked exactly like the clear.

use egui::{Color32, Frame, Style, Visuals};

/// What the frame is cleared to: the colour the panels would have painted.
pub fn clear_color(visuals: &Visuals) -> [f32; 4] {
    visuals.panel_fill.to_normalized_gamma_f32()
}

/// A side, top or bottom panel's frame: its margins, no fill.
pub fn panel(style: &Style) -> Frame {
    Frame::side_top_panel(style).fill(Color32::TRANSPARENT)
}

/// The central panel's frame: its margins, no fill.
pub fn central(style: &Style) -> Frame {
    Frame::central_panel(style).fill(Color32::TRANSPARENT)
}
