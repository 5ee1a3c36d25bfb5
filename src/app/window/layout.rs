//! How the window's width is shared between the panels. The body always
//! wins: it never goes under [`BODY_MIN`]. When the window is too narrow the
//! preview folds to a strip first (click it to look at the page in place of
//! the body), then the desk sidebar (its articles stay one Ctrl+K away),
//! and only then does the metadata panel give up width.

/// The narrowest the body column may be (its text field keeps 420 px
/// after the panel's margins).
pub const BODY_MIN: f32 = 440.0;
pub const METADATA_MIN: f32 = 260.0;
pub const METADATA_DEFAULT: f32 = 320.0;
pub const DESK_MIN: f32 = 180.0;
pub const DESK_DEFAULT: f32 = 240.0;
pub const PREVIEW_MIN: f32 = 340.0;
/// The width of a folded panel's strip.
pub const STRIP: f32 = 34.0;
/// The narrowest window (everything folded, the metadata panel at its
/// minimum, the body at its own).
pub const WINDOW_MIN: f32 = METADATA_MIN + BODY_MIN + 2.0 * STRIP + 24.0;

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

    /// The widest the desk sidebar may be in `width`.
    pub fn desk_max(&self, width: f32) -> f32 {
        (width - BODY_MIN - METADATA_MIN - self.preview.reserve(PREVIEW_MIN)).max(DESK_MIN)
    }

    /// The widest the metadata panel may be, once the desk took `desk`.
    pub fn metadata_max(&self, width: f32, desk: f32) -> f32 {
        (width - BODY_MIN - desk - self.preview.reserve(PREVIEW_MIN))
            .max(METADATA_MIN.min(width - BODY_MIN - desk))
    }

    /// The widest the preview may be, once the desk and metadata took theirs.
    pub fn preview_max(&self, width: f32, taken: f32) -> f32 {
        (width - BODY_MIN - taken).max(PREVIEW_MIN)
    }
}

/// A visible grip on a panel's draggable edge at `x`, so nobody has to
/// discover by chance that the dividers move.
pub fn grip_ui(ctx: &egui::Context, id: &str, x: f32, top: f32, bottom: f32) {
    let painter = ctx.layer_painter(egui::LayerId::new(egui::Order::Middle, egui::Id::unique(("grip", id))));
    let color = ctx.global_style().visuals.widgets.noninteractive.fg_stroke.color.gamma_multiply(0.6);
    let middle = (top + bottom) / 2.0;
    for step in -2..=2 {
        painter.circle_filled(egui::pos2(x, middle + step as f32 * 6.0), 1.6, color);
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
    fn the_body_keeps_its_minimum_at_every_width() {
        for width in (WINDOW_MIN as i32..2400).step_by(10) {
            let width = width as f32;
            for (desk, preview) in [(true, true), (true, false), (false, true), (false, false)] {
                let plan = Plan::for_width(width, desk, preview);
                let desk_width = match plan.desk {
                    Side::Shown => DESK_MIN,
                    Side::Folded => STRIP,
                    Side::Off => 0.0,
                };
                let metadata = plan.metadata_max(width, desk_width).min(METADATA_DEFAULT);
                let preview_width = match plan.preview {
                    Side::Shown => PREVIEW_MIN,
                    Side::Folded => STRIP,
                    Side::Off => 0.0,
                };
                let body = width - desk_width - metadata - preview_width;
                assert!(body >= BODY_MIN - 0.5, "{width}: {plan:?} leaves {body}");
            }
        }
    }
}
