//! The floating windows (Search & Social Preview, Article History, Resolve
//! Sync Conflicts): they sit under the menu bar and the notices, Escape
//! closes the one on top, and the keyboard goes back where it was when one
//! closes.

use crate::app::CopydeskApp;

/// One of the window's floating windows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Floating {
    Social,
    History,
    Resolve,
}

impl Floating {
    const ALL: [Floating; 3] = [Floating::Social, Floating::History, Floating::Resolve];

    /// The id its egui window is drawn under.
    pub(crate) fn id(self) -> egui::Id {
        egui::Id::unique(match self {
            Floating::Social => "social-view",
            Floating::History => "history-view",
            Floating::Resolve => "resolve-view",
        })
    }
}

/// Which floating windows are open, in the order they opened, each with
/// the widget that had the keyboard before it.
#[derive(Default)]
pub(crate) struct FloatingWindows {
    open: Vec<(Floating, Option<egui::Id>)>,
    /// Where they may be: the window under the menu bar and the notices.
    pub area: Option<egui::Rect>,
}

impl FloatingWindows {
    /// A floating window kept to [`Self::area`], opening near its corner.
    pub(crate) fn window<'a>(&self, title: impl Into<egui::WidgetText>, which: Floating) -> egui::Window<'a> {
        let window = egui::Window::new(title).id(which.id());
        match self.area {
            Some(area) => window.constrain_to(area).default_pos(area.left_top() + egui::vec2(24.0, 12.0)),
            None => window,
        }
    }
}

impl CopydeskApp {
    fn floating_is_open(&self, which: Floating) -> bool {
        match which {
            Floating::Social => self.social_open,
            Floating::History => self.team.history.is_some(),
            Floating::Resolve => self.team.resolve.is_some(),
        }
    }

    fn close_floating(&mut self, which: Floating) {
        match which {
            Floating::Social => self.social_open = false,
            Floating::History => self.team.history = None,
            Floating::Resolve => self.team.resolve = None,
        }
    }

    /// At the start of a frame, before anything is drawn: a window that
    /// opened remembers where the keyboard is; one that closed gives it
    /// back.
    pub(crate) fn track_floating(&mut self, ctx: &egui::Context) {
        for which in Floating::ALL {
            let open = self.floating_is_open(which);
            let known = self.floating.open.iter().position(|(w, _)| *w == which);
            match (open, known) {
                (true, None) => self.floating.open.push((which, ctx.memory(|m| m.focused()))),
                (false, Some(at)) => {
                    if let (_, Some(back)) = self.floating.open.remove(at) {
                        ctx.memory_mut(|m| m.request_focus(back));
                    }
                }
                _ => {}
            }
        }
    }

    /// After the frame's widgets: an Escape nothing else took closes the
    /// floating window on top.
    pub(crate) fn escape_floating(&mut self, ctx: &egui::Context) {
        if self.modal.is_some() || self.floating.open.is_empty() {
            return;
        }
        if !ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape)) {
            return;
        }
        let top = ctx.memory(|m| m.areas().top_layer_id(egui::Order::Middle));
        let open = &self.floating.open;
        let which = open
            .iter()
            .map(|(which, _)| *which)
            .find(|which| top == Some(egui::LayerId::new(egui::Order::Middle, which.id())))
            .or_else(|| open.last().map(|(which, _)| *which));
        if let Some(which) = which {
            self.close_floating(which);
            ctx.request_repaint();
        }
    }
}
