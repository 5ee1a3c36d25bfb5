//! Typefaces: the preview sets the page in a newspaper serif (Liberation
//! Serif, SIL OFL, bundled in `assets/fonts/`), the tool itself stays in
//! egui's sans.

use std::sync::Arc;

use egui::{FontData, FontDefinitions, FontFamily, FontId};

pub const SERIF: &str = "serif";
pub const SERIF_BOLD: &str = "serif-bold";
pub const SERIF_ITALIC: &str = "serif-italic";
pub const SERIF_BOLD_ITALIC: &str = "serif-bold-italic";
pub const SANS_BOLD: &str = "sans-bold";

const FACES: [(&str, &[u8]); 5] = [
    (SERIF, include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/fonts/LiberationSerif-Regular.ttf"))),
    (
        SERIF_BOLD,
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/fonts/LiberationSerif-Bold.ttf")),
    ),
    (
        SERIF_ITALIC,
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/fonts/LiberationSerif-Italic.ttf")),
    ),
    (
        SERIF_BOLD_ITALIC,
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/fonts/LiberationSerif-BoldItalic.ttf")),
    ),
    (SANS_BOLD, include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/fonts/LiberationSans-Bold.ttf"))),
];

/// Registers one family per face, each falling back to egui's own fonts for
/// glyphs (emoji, symbols) the face lacks.
pub fn install(ctx: &egui::Context) {
    let mut fonts = FontDefinitions::default();
    let fallbacks = fonts.families.get(&FontFamily::Proportional).cloned().unwrap_or_default();
    for (name, bytes) in FACES {
        fonts.font_data.insert(name.to_owned(), Arc::new(FontData::from_static(bytes)));
        let mut chain = vec![name.to_owned()];
        chain.extend(fallbacks.iter().cloned());
        fonts.families.insert(FontFamily::Name(name.into()), chain);
    }
    // egui's own fonts lack arrows and many typographic marks (WGL4);
    // Liberation covers them, so it is the last resort for the tool's text too.
    for family in [FontFamily::Proportional, FontFamily::Monospace] {
        fonts.families.entry(family).or_default().push(SERIF.to_owned());
    }
    ctx.set_fonts(fonts);
}

/// The serif face for a combination of emphasis and strength.
pub fn serif(size: f32, bold: bool, italic: bool) -> FontId {
    let name = match (bold, italic) {
        (false, false) => SERIF,
        (true, false) => SERIF_BOLD,
        (false, true) => SERIF_ITALIC,
        (true, true) => SERIF_BOLD_ITALIC,
    };
    FontId::new(size, FontFamily::Name(name.into()))
}

pub fn sans_bold(size: f32) -> FontId {
    FontId::new(size, FontFamily::Name(SANS_BOLD.into()))
}
