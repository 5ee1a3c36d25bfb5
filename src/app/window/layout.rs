//! How the window is shared between the panels. Across: the body always
//! wins. It never goes under [`BODY_MIN`] and is never narrower than the
//! preview beside it; when the window is too narrow the preview folds to a
//! strip first (click it to look at the page in place of the body), then
//! the desk sidebar (its articles stay one Ctrl+K away), and only then does
//! the metadata panel give up width. Down: the bottom strip (checks,
//! outline, import notes) takes what the body leaves above [`CENTRAL_MIN`],
//! and folds to one line before the body would get shorter.
//!
//! The sizes a person drags the dividers to are remembered
//! ([`PanelSizes`]) and never overwritten by a squeeze, so a window that
//! grows again gets them back.

/// The narrowest the body column may be (its text field keeps 420 px
/// after the panel's margins).
pub const BODY_MIN: f32 = 440.0;
pub const METADATA_MIN: f32 = 260.0;
pub const METADATA_DEFAULT: f32 = 320.0;
pub const DESK_MIN: f32 = 180.0;
pub const DESK_DEFAULT: f32 = 240.0;
pub const PREVIEW_MIN: f32 = 340.0;
/// The preview's share of what the side panels leave, until it is dragged.
const PREVIEW_SHARE: f32 = 0.45;
/// The width of a folded panel's strip.
pub const STRIP: f32 = 34.0;
/// The narrowest window (everything folded, the metadata panel at its
/// minimum, the body at its own).
pub const WINDOW_MIN: f32 = METADATA_MIN + BODY_MIN + 2.0 * STRIP + 24.0;
/// The height the body's column keeps above the bottom strip: about 360
/// px of text under its heading and the tab strip.
pub const CENTRAL_MIN: f32 = 410.0;
pub const BOTTOM_MIN: f32 = 90.0;
pub const BOTTOM_DEFAULT: f32 = 170.0;
/// The height of the folded bottom strip.
pub const BOTTOM_FOLDED: f32 = 28.0;

/// The panel sizes a person chose by dragging (the defaults until then),
/// kept in the preferences.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct PanelSizes {
    pub desk: f32,
    pub metadata: f32,
    /// `None`: a share of the room, see [`PREVIEW_SHARE`].
    pub preview: Option<f32>,
    pub bottom: f32,
    /// The bottom strip was folded by hand.
    pub bottom_folded: bool,
    /// The bottom strip was unfolded by hand in a window too short for it
    /// (for this session): it shows at its smallest.
    #[serde(skip)]
    pub bottom_forced: bool,
}

impl Default for PanelSizes {
    fn default() -> Self {
        PanelSizes {
            desk: DESK_DEFAULT,
            metadata: METADATA_DEFAULT,
            preview: None,
            bottom: BOTTOM_DEFAULT,
            bottom_folded: false,
            bottom_forced: false,
        }
    }
}

/// How a side panel is drawn this frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// Not wanted (no desk open, preview switched off).
    Off,
    /// Wanted, but there is no room: a strip that says so.
    Folded,
    Shown,
}

impl Side {
    /// The width to keep for the panel while sizing the others.
    fn reserve(self, min: f32) -> f32 {
        match self {
            Side::Off => 0.0,
            Side::Folded => STRIP,
            Side::Shown => min,
        }
    }
}

/// Which side panels are shown, folded or off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plan {
    pub desk: Side,
    pub preview: Side,
}

/// The widths the panels get this frame (0 for a panel not shown).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Widths {
    pub desk: f32,
    pub metadata: f32,
    pub preview: f32,
    /// What is left for the body's column.
    pub body: f32,
}

impl Plan {
    /// Folds what must fold for the body to keep [`BODY_MIN`] in `width`.
    pub fn for_width(width: f32, desk_open: bool, preview_wanted: bool) -> Plan {
        let wanted = |on: bool| if on { Side::Shown } else { Side::Off };
        let mut plan = Plan { desk: wanted(desk_open), preview: wanted(preview_wanted) };
        if plan.needs() > width && plan.preview == Side::Shown {
            plan.preview = Side::Folded;
        }
        if plan.needs() > width && plan.desk == Side::Shown {
            plan.desk = Side::Folded;
        }
        plan
    }

    /// The width everything needs at its minimum.
    fn needs(&self) -> f32 {
        self.desk.reserve(DESK_MIN) + METADATA_MIN + self.preview.reserve(PREVIEW_MIN) + BODY_MIN
    }

    /// The width of the folded strips.
    fn strips(&self) -> f32 {
        [self.desk, self.preview].iter().filter(|side| **side == Side::Folded).count() as f32 * STRIP
    }

    /// The widths for `width`, from the sizes chosen: the side panels give
    /// up width (the desk first) until the body and the preview fit at
    /// their minimums; the preview then takes its share of the rest, never
    /// more than the body beside it.
    pub fn widths(&self, width: f32, sizes: &PanelSizes) -> Widths {
        let room = width - self.strips();
        let shown = |side: Side| side == Side::Shown;
        let mut desk = if shown(self.desk) { sizes.desk.max(DESK_MIN) } else { 0.0 };
        let mut metadata = sizes.metadata.max(METADATA_MIN);
        let preview_min = if shown(self.preview) { PREVIEW_MIN } else { 0.0 };
        let mut over = desk + metadata + preview_min + BODY_MIN - room;
        if over > 0.0 && shown(self.desk) {
            let given = over.min(desk - DESK_MIN);
            desk -= given;
            over -= given;
        }
        if over > 0.0 {
            let given = over.min(metadata - METADATA_MIN);
            metadata -= given;
            over -= given;
        }
        if over > 0.0 {
            // Below the narrowest window the metadata panel shrinks on.
            metadata = (metadata - over).max(120.0);
        }
        let rest = room - desk - metadata;
        let preview = if shown(self.preview) {
            let wanted = sizes.preview.unwrap_or(rest * PREVIEW_SHARE);
            wanted.min(rest / 2.0).min(rest - BODY_MIN).max(PREVIEW_MIN)
        } else {
            0.0
        };
        Widths { desk, metadata, preview, body: rest - preview }
    }

    /// The widest the desk sidebar may be dragged in `width`.
    pub fn desk_max(&self, width: f32, widths: &Widths) -> f32 {
        (width - self.strips() - BODY_MIN - widths.metadata - self.preview.reserve(PREVIEW_MIN)).max(DESK_MIN)
    }

    /// The widest the metadata panel may be dragged.
    pub fn metadata_max(&self, width: f32, widths: &Widths) -> f32 {
        (width - self.strips() - BODY_MIN - widths.desk - self.preview.reserve(PREVIEW_MIN)).max(METADATA_MIN)
    }

    /// The widest the preview may be dragged: no wider than the body.
    pub fn preview_max(&self, width: f32, widths: &Widths) -> f32 {
        let rest = width - self.strips() - widths.desk - widths.metadata;
        (rest / 2.0).min(rest - BODY_MIN).max(PREVIEW_MIN)
    }
}

/// The bottom strip's height in `height` (what the menu, the notices and
/// the status bar leave), or `None` when it folds: the body's column
/// keeps [`CENTRAL_MIN`] first.
pub fn bottom_height(height: f32, sizes: &PanelSizes) -> Option<f32> {
    let room = height - CENTRAL_MIN;
    if sizes.bottom_folded {
        None
    } else if room >= BOTTOM_MIN {
        Some(sizes.bottom.clamp(BOTTOM_MIN, room))
    } else {
        sizes.bottom_forced.then_some(BOTTOM_MIN)
    }
}

/// The tallest the bottom strip may be dragged in `height`.
pub fn bottom_max(height: f32) -> f32 {
    (height - CENTRAL_MIN).max(BOTTOM_MIN)
}

/// A visible grip on a panel's draggable edge at `x`, so nobody has to
/// discover by chance that the dividers move. Painted with the panels
/// (under every floating window).
pub fn grip(painter: &egui::Painter, x: f32, top: f32, bottom: f32) {
    let color =
        painter.ctx().global_style().visuals.widgets.noninteractive.fg_stroke.color.gamma_multiply(0.6);
    let middle = (top + bottom) / 2.0;
    for step in -2..=2 {
        painter.circle_filled(egui::pos2(x, middle + step as f32 * 6.0), 1.6, color);
    }
}

/// The same grip lying down, on the bottom strip's top edge at `y`.
pub fn grip_across(painter: &egui::Painter, y: f32, left: f32, right: f32) {
    let color =
        painter.ctx().global_style().visuals.widgets.noninteractive.fg_stroke.color.gamma_multiply(0.6);
    let middle = (left + right) / 2.0;
    for step in -2..=2 {
        painter.circle_filled(egui::pos2(middle + step as f32 * 6.0, y), 1.6, color);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_windows_show_everything() {
        let plan = Plan::for_width(1920.0, true, true);
        assert_eq!(plan, Plan { desk: Side::Shown, preview: Side::Shown });
    }

    #[test]
    fn the_preview_folds_before_the_desk() {
        let plan = Plan::for_width(1100.0, true, true);
        assert_eq!(plan, Plan { desk: Side::Shown, preview: Side::Folded });
        let plan = Plan::for_width(800.0, true, true);
        assert_eq!(plan, Plan { desk: Side::Folded, preview: Side::Folded });
    }

    #[test]
    fn the_body_keeps_its_minimum_and_the_preview_never_outgrows_it() {
        let dragged =
            PanelSizes { desk: 400.0, metadata: 520.0, preview: Some(1400.0), ..PanelSizes::default() };
        for sizes in [PanelSizes::default(), dragged] {
            for width in (WINDOW_MIN as i32..2600).step_by(10) {
                let width = width as f32;
                for (desk, preview) in [(true, true), (true, false), (false, true), (false, false)] {
                    let plan = Plan::for_width(width, desk, preview);
                    let w = plan.widths(width, &sizes);
                    assert!(w.body >= BODY_MIN - 0.5, "{width}: {plan:?} leaves {w:?}");
                    assert!(w.body + 0.5 >= w.preview, "{width}: the preview outgrows the body: {w:?}");
                    let total = w.desk + w.metadata + w.preview + w.body + plan.strips();
                    assert!((total - width).abs() < 0.5, "{width}: {w:?} does not add up");
                }
            }
        }
    }

    #[test]
    fn chosen_sizes_come_back_when_the_window_grows() {
        let sizes = PanelSizes { preview: Some(600.0), ..PanelSizes::default() };
        let plan = Plan::for_width(1920.0, true, true);
        let wide = plan.widths(1920.0, &sizes);
        assert_eq!(wide.preview, 600.0);
        let squeezed = Plan::for_width(1250.0, true, true).widths(1250.0, &sizes);
        assert!(squeezed.preview < 600.0);
        assert_eq!(plan.widths(1920.0, &sizes), wide, "nothing of the squeeze is remembered");
    }

    #[test]
    fn the_bottom_strip_folds_before_the_body_gets_short() {
        let sizes = PanelSizes::default();
        assert_eq!(bottom_height(900.0, &sizes), Some(BOTTOM_DEFAULT));
        let tight = bottom_height(550.0, &sizes).expect("shown");
        assert!(tight >= BOTTOM_MIN && 550.0 - tight >= CENTRAL_MIN, "{tight}");
        assert_eq!(bottom_height(470.0, &sizes), None);
        assert_eq!(bottom_height(900.0, &PanelSizes { bottom_folded: true, ..sizes }), None);
    }
}
