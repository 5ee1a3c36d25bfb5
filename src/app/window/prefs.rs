//! What the editor chose that outlives the window (eframe persistence):
//! recent files, desks and commands, panels and their sizes, theme, the
//! caret, the open desk and tabs, and the name the team desk signs commits
//! with.

use std::path::PathBuf;

use crate::app::{PreviewWidth, ThemeChoice};

/// How many files File → Open Recent remembers.
pub(crate) const RECENT_MAX: usize = 10;

/// What the editor chose that outlives the window (eframe persistence).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Prefs {
    pub recent: Vec<PathBuf>,
    pub theme: ThemeChoice,
    pub preview_visible: bool,
    pub preview_width: PreviewWidth,
    pub checks_visible: bool,
    /// Labels of the commands last run from the palette, newest first.
    pub recent_commands: Vec<String>,
    pub outline_visible: bool,
    /// The caret blinks (off for remote desktops and software rendering,
    /// where every blink redraws the whole window).
    pub caret_blink: bool,
    /// The article files open in tabs, in tab order (they reopen at start).
    pub open_tabs: Vec<PathBuf>,
    /// The file in the tab that was active.
    pub active_tab: Option<PathBuf>,
    /// The preview keeps the section at the top of the editor in view.
    pub preview_follows_editor: bool,
    /// Who signs the team desk's commits (asked once, at the first Sync).
    pub author_name: String,
    pub author_email: String,
    /// The panel sizes chosen by dragging the dividers.
    pub panels: crate::app::window::layout::PanelSizes,
    /// The desk open when the window last closed (it reopens at start).
    pub open_desk: Option<PathBuf>,
    /// Desks opened lately, newest first, with their names (Open Recent).
    pub recent_desks: Vec<RecentDesk>,
}

/// A desk in File ▸ Open Recent: its folder and its name when opened.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RecentDesk {
    pub root: PathBuf,
    pub name: String,
}

impl Default for Prefs {
    fn default() -> Self {
        Prefs {
            recent: Vec::new(),
            theme: ThemeChoice::System,
            preview_visible: true,
            preview_width: PreviewWidth::Desktop,
            checks_visible: true,
            recent_commands: Vec::new(),
            outline_visible: false,
            caret_blink: true,
            open_tabs: Vec::new(),
            active_tab: None,
            preview_follows_editor: false,
            author_name: String::new(),
            author_email: String::new(),
            panels: Default::default(),
            open_desk: None,
            recent_desks: Vec::new(),
        }
    }
}

/// Sets whether the text caret blinks, in every theme.
pub(crate) fn apply_caret_blink(ctx: &egui::Context, blink: bool) {
    for theme in [egui::Theme::Dark, egui::Theme::Light] {
        ctx.style_mut_of(theme, |style| style.visuals.text_cursor.blink = blink);
    }
}

/// How long the caret blinks after the last input: GTK's default
/// `gtk-cursor-blink-timeout`. Then it holds still, so a focused window
/// nobody touches draws nothing (under software OpenGL every blink
/// redraws the whole window).
pub(crate) const BLINK_SECONDS: f64 = 10.0;

/// Whether the caret blinks now: the preference, for [`BLINK_SECONDS`]
/// after the last key, click or scroll (or the window coming to the front).
pub(crate) struct CaretBlink {
    last_input: f64,
    blinking: bool,
    focused: bool,
}

impl CaretBlink {
    pub(crate) fn new(blinking: bool) -> CaretBlink {
        CaretBlink { last_input: 0.0, blinking, focused: false }
    }

    /// Called at the start of every frame, before anything is drawn.
    pub(crate) fn update(&mut self, ctx: &egui::Context, preference: bool) {
        let (now, touched, focused) = ctx.input(|i| {
            let touched = i.events.iter().any(|event| {
                !matches!(
                    event,
                    egui::Event::PointerMoved(_) | egui::Event::MouseMoved(_) | egui::Event::PointerGone
                )
            });
            (i.time, touched, i.focused)
        });
        if touched || focused != self.focused {
            self.last_input = now;
        }
        self.focused = focused;
        let blink = preference && now - self.last_input < BLINK_SECONDS;
        if blink != self.blinking {
            apply_caret_blink(ctx, blink);
            self.blinking = blink;
        }
    }

    /// The preference changed: it takes effect now (and blinking starts
    /// afresh).
    pub(crate) fn set(&mut self, ctx: &egui::Context, blink: bool) {
        self.last_input = ctx.input(|i| i.time);
        apply_caret_blink(ctx, blink);
        self.blinking = blink;
    }
}
