//! The window's panels: how the width is shared (see `layout`), and
//! drawing the menu, status bar, desk sidebar, metadata, checks and
//! outline, preview and body in their places.

pub(crate) mod backdrop;
pub(crate) mod bottom;
pub(crate) mod dropdown;
pub(crate) mod floating;
pub mod fonts;
pub mod layout;
pub(crate) mod modals;
pub(crate) mod plain_button;
pub(crate) mod prefs;
pub(crate) mod question;
pub(crate) mod screenshot;

use crate::app::editor;
use crate::app::files::safety;
use crate::app::metadata;
use crate::app::metadata::related;
use crate::app::preview;
use crate::app::preview::pictures;
use crate::app::sidebar;
use crate::app::{Command, CopydeskApp};
use crate::storage::desk;

impl CopydeskApp {
    /// The panels, outermost first, then the body editor in what is left.
    /// Sizes follow [`layout`]: the body never goes under its minimum nor
    /// gets narrower than the preview, and dragged sizes are remembered.
    pub(crate) fn panels_ui(&mut self, ui: &mut egui::Ui) {
        egui::Panel::top("menu").frame(backdrop::panel(ui.style())).show(ui, |ui| self.menu_bar_ui(ui));
        egui::Panel::bottom("status")
            .frame(backdrop::panel(ui.style()))
            .show(ui, |ui| self.status_bar_ui(ui));
        if self.notices.iter().any(|n| n.error) {
            // Across the whole window, so a long message stays a line or two.
            egui::Panel::top("notices").frame(backdrop::panel(ui.style())).show(ui, |ui| self.notices_ui(ui));
        }
        // Floating windows stay in what is left: under the menu and notices.
        self.floating.area = Some(ui.available_rect_before_wrap());
        // The grips are painted with the panels, after them: over the
        // panels' edges, under every floating window.
        let mut grips: Vec<Grip> = Vec::new();
        grips.extend(self.bottom_strip_ui(ui));
        let width = ui.available_width();
        let plan = layout::Plan::for_width(width, self.desk.is_some(), self.prefs.preview_visible);
        self.layout = plan;
        if plan.preview != layout::Side::Folded {
            self.preview_peek = false;
        }
        let widths = plan.widths(width, &self.prefs.panels);
        match (&mut self.desk, plan.desk) {
            (Some(desk), layout::Side::Shown) => {
                let current = self.workspace.doc().path.clone();
                let dragging = resizing(ui, "desk");
                let range = if dragging {
                    layout::DESK_MIN..=plan.desk_max(width, &widths)
                } else {
                    widths.desk..=widths.desk
                };
                let shown = egui::Panel::left("desk")
                    .frame(backdrop::panel(ui.style()))
                    .resizable(true)
                    .default_size(widths.desk)
                    .size_range(range)
                    .show(ui, |ui| sidebar::show(ui, desk, current.as_deref()));
                self.queue.extend(shown.inner);
                let rect = shown.response.rect;
                if dragging {
                    self.prefs.panels.desk = rect.width();
                }
                grips.push(Grip::Down(rect.right(), rect.y_range()));
            }
            (Some(_), layout::Side::Folded) => {
                let shown = egui::Panel::left("desk-folded").frame(backdrop::panel(ui.style())).exact_size(layout::STRIP).resizable(false).show(ui, |ui| {
                    folded_strip_ui(ui, "Desk", "The desk sidebar is folded: the window is narrow. Open its articles with Ctrl+K.")
                });
                if shown.inner.clicked() {
                    self.queue.push(Command::Palette);
                    self.palette_query = Some("Open: ".into());
                }
            }
            _ => {}
        }
        let dragging = resizing(ui, "metadata");
        let range = if dragging {
            layout::METADATA_MIN..=plan.metadata_max(width, &widths)
        } else {
            widths.metadata..=widths.metadata
        };
        // Scrolled per tab: a new tab's fields start at its headline.
        let scroll = ("metadata-scroll", self.workspace.active_key());
        let shown = egui::Panel::left("metadata")
            .frame(backdrop::panel(ui.style()))
            .resizable(true)
            .default_size(widths.metadata)
            .size_range(range)
            .show(ui, |ui| {
                egui::ScrollArea::vertical().id_salt(scroll).show(ui, |ui| {
                    self.metadata_ui(ui);
                    self.follow_focus(ui);
                });
            });
        let rect = shown.response.rect;
        if dragging {
            self.prefs.panels.metadata = rect.width();
        }
        grips.push(Grip::Down(rect.right(), rect.y_range()));
        match plan.preview {
            layout::Side::Shown => {
                let caret_block = if self.prefs.preview_follows_editor {
                    self.editor_top_block()
                } else {
                    self.caret_block()
                };
                self.page_galleys.set_marks(self.find.as_ref().map(|bar| &bar.query));
                self.page_galleys.with_changes = self.review.with_changes;
                let dragging = resizing(ui, "preview");
                let range = if dragging {
                    layout::PREVIEW_MIN..=plan.preview_max(width, &widths)
                } else {
                    widths.preview..=widths.preview
                };
                let shown = egui::Panel::right("preview")
                    .frame(backdrop::panel(ui.style()))
                    .resizable(true)
                    .default_size(widths.preview)
                    .size_range(range)
                    .show(ui, |ui| self.page_ui(ui, caret_block));
                let rect = shown.response.rect;
                if dragging {
                    self.prefs.panels.preview = Some(rect.width());
                }
                grips.push(Grip::Down(rect.left(), rect.y_range()));
            }
            layout::Side::Folded => {
                let (label, hint) = if self.preview_peek {
                    ("Body", "Back to the body")
                } else {
                    (
                        "Preview",
                        "The preview is folded: the window is narrow. Click to see the page in place of the body.",
                    )
                };
                let shown = egui::Panel::right("preview-folded")
                    .frame(backdrop::panel(ui.style()))
                    .exact_size(layout::STRIP)
                    .resizable(false)
                    .show(ui, |ui| folded_strip_ui(ui, label, hint));
                if shown.inner.clicked() {
                    self.preview_peek = !self.preview_peek;
                }
            }
            layout::Side::Off => {}
        }
        egui::CentralPanel::default().frame(backdrop::central(ui.style())).show(ui, |ui| {
            self.tab_strip_ui(ui);
            safety::journal_banner(ui, &self.safety);
            if let (Some(outside), Some(path)) =
                (self.workspace.view_mut().journal.outside.clone(), self.workspace.doc().path.clone())
                && let Some(choice) = safety::outside_banner(ui, &outside, &path)
            {
                self.answer_outside(choice);
            }
            if self.preview_peek {
                self.page_ui(ui, None);
            } else {
                self.find_bar_ui(ui);
                // Scoped by tab, so each article keeps its own scroll.
                ui.push_id(("tab", self.workspace.active_key()), |ui| editor::editor_ui(self, ui));
            }
        });
        for grip in grips {
            match grip {
                Grip::Down(x, span) => layout::grip(ui.painter(), x, span.min, span.max),
                Grip::Across(y, span, max) => {
                    self.bottom_edge_ui(ui, y, span, max);
                    layout::grip_across(ui.painter(), y, span.min, span.max);
                }
            }
        }
    }

    /// The published page of the open article, at the chosen width; it
    /// follows `caret_block` when that changes.
    fn page_ui(&mut self, ui: &mut egui::Ui, caret_block: Option<usize>) {
        let analysis = self.checking.analyst.latest().clone();
        let preview_width = self.prefs.preview_width.viewport();
        let tab = self.workspace.active_tab_mut();
        let folder = tab.doc.path.as_deref().and_then(std::path::Path::parent);
        let mut shelf = pictures::Shelf { pictures: &mut self.pictures, folder };
        let article = &tab.doc.fields().article;
        let (state, galleys) = (&mut tab.view.preview, &mut self.page_galleys);
        preview::show(ui, state, galleys, article, &analysis, preview_width, caret_block, &mut shelf);
    }

    /// The body block the editor's caret is in, while the editor has the
    /// keyboard (the preview follows it).
    fn caret_block(&self) -> Option<usize> {
        let id = editor::body_id(self.workspace.active_key());
        if !self.ctx.memory(|m| m.has_focus(id)) {
            return None;
        }
        let analysis = self.checking.analyst.latest();
        if analysis.revision != self.workspace.doc().revision() {
            return None;
        }
        let at = self.caret_offset()?;
        analysis.parsed.sources.iter().rposition(|s| s.range.start <= at)
    }

    /// The body byte the editor's caret is at, found by its chunk (not by
    /// walking the body); kept per (revision, caret character).
    pub(crate) fn caret_offset(&self) -> Option<usize> {
        let chars = self.workspace.view().body_window.caret()?;
        let doc = self.workspace.doc();
        if !self.workspace.view().body_window.is_current(doc.body_revision()) {
            return None;
        }
        let key = (doc.revision(), chars);
        if let Some((cached, at)) = self.workspace.view().caret_cache.get()
            && cached == key
        {
            return Some(at);
        }
        let at = self.workspace.view().body_window.byte_of_char(doc.body(), chars);
        self.workspace.view().caret_cache.set(Some((key, at)));
        Some(at)
    }

    /// Keeps the field with the keyboard in view as Tab moves through the
    /// panel.
    fn follow_focus(&mut self, ui: &mut egui::Ui) {
        let focused = ui.memory(|m| m.focused());
        if focused == self.workspace.view_mut().metadata_focus {
            return;
        }
        self.workspace.view_mut().metadata_focus = focused;
        // Only the panel's own fields: a question's field over the panel
        // is on a layer of its own.
        if let Some(response) = focused.and_then(|id| ui.ctx().read_response(id))
            && response.layer_id == ui.layer_id()
            && ui.min_rect().contains(response.rect.center())
        {
            ui.scroll_to_rect(response.rect.expand(8.0), None);
        }
    }

    fn metadata_ui(&mut self, ui: &mut egui::Ui) {
        let focus = self.workspace.view_mut().requests.focus_field.take();
        let focus_related = self.workspace.view_mut().requests.focus_related.take();
        let current = self.workspace.doc().path.clone();
        let view = self.desk_index().map(|index| desk::DeskView { index: index.clone(), current });
        let own_slug = self.workspace.doc().fields().article.slug.clone();
        let mut opened = Vec::new();
        let mut state_line = |ui: &mut egui::Ui,
                              _: usize,
                              link: &crate::model::article::Related|
         -> Option<crate::model::article::Related> {
            let view = view.as_ref()?;
            let refreshed = related::state_line(ui, view, &own_slug, link);
            opened.extend(related::open_button(ui, view, link));
            refreshed
        };
        let saved_slug = self.workspace.doc().saved_slug().to_string();
        let peers = self.live_peers();
        let mut carets_drawn = Vec::new();
        let analysis = self.checking.analyst.latest().clone();
        let current = analysis.revision == self.workspace.doc().revision();
        let none: &[std::ops::Range<usize>] = &[];
        let folder = self
            .workspace
            .doc()
            .path
            .as_deref()
            .and_then(std::path::Path::parent)
            .map(std::path::Path::to_path_buf);
        let zone = self.checking.setting.rules.zone();
        let commands = metadata::show(
            ui,
            self.workspace.doc_mut(),
            metadata::Context {
                categories: &self.checking.categories,
                limits: self.checking.setting.rules.limits,
                focus,
                focus_related,
                related_extras: Some(&mut state_line),
                desk_open: self.desk.is_some(),
                saved_slug,
                desk_language: crate::model::language::effective(
                    self.checking.setting.rules.language.as_deref(),
                    None,
                ),
                headline_misspelled: if current { &analysis.headline_misspelled } else { none },
                dek_misspelled: if current { &analysis.dek_misspelled } else { none },
                peers: &peers,
                carets_drawn: &mut carets_drawn,
                pictures: pictures::Shelf { pictures: &mut self.pictures, folder: folder.as_deref() },
                zone: &zone,
            },
        );
        self.workspace.view_mut().live.drawn_fields = carets_drawn;
        self.queue.extend(commands);
        self.queue.extend(opened);
    }
}

/// A panel edge's grip, painted once the panels are drawn.
pub(crate) enum Grip {
    /// A vertical edge at x, over a span of y.
    Down(f32, egui::Rangef),
    /// The bottom strip's top edge at y, over a span of x, and the tallest
    /// the strip may be dragged.
    Across(f32, egui::Rangef, f32),
}

/// True while the divider of the panel `salt` (shown in `ui`) is dragged:
/// the panel's size range opens for the drag, and what it is dragged to is
/// remembered. Otherwise the panel is held at the size the layout gives it.
pub(crate) fn resizing(ui: &egui::Ui, salt: &str) -> bool {
    ui.ctx().is_being_dragged(ui.scope_id().with(salt).with("__resize"))
}

/// A folded panel: a strip the height of the window with its name written
/// up the side; the whole strip is one button.
fn folded_strip_ui(ui: &mut egui::Ui, label: &str, hint: &str) -> egui::Response {
    let rect = ui.available_rect_before_wrap();
    let response = ui
        .allocate_rect(rect, egui::Sense::click())
        .on_hover_text(hint)
        .on_hover_cursor(egui::CursorIcon::PointingHand);
    let response = response.accessible_name(format!("{label}: {hint}"));
    let visuals = ui.style().interact(&response);
    ui.painter().rect_filled(rect.shrink(2.0), 4.0, visuals.weak_bg_fill);
    let font = egui::TextStyle::Button.resolve(ui.style());
    let galley = ui.painter().layout_no_wrap(label.to_string(), font, visuals.text_color());
    let at = egui::pos2(rect.center().x - galley.size().y / 2.0, rect.top() + 16.0 + galley.size().x);
    ui.painter().add(
        egui::epaint::TextShape::new(at, galley, visuals.text_color())
            .with_angle(-std::f32::consts::FRAC_PI_2),
    );
    response
}
