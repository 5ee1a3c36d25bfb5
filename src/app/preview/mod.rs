//! The published page, drawn with egui: the elements of `page` (kicker,
//! serif headline, dek, lead figure, byline and dates, share bar, body and
//! related cards) in a desktop or phone column, the same list the HTML
//! export writes. Only the rows in view are laid out, so a 100,000-word
//! article scrolls as smoothly as a short one.

pub(crate) mod figure;
pub(crate) mod pictures;
pub(crate) mod social;

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use egui::text::{LayoutJob, TextFormat};
use egui::{Align, Color32, CornerRadius, FontFamily, FontId, Galley, Margin, Rect, Stroke, UiBuilder, vec2};

use crate::app::preview::pictures::Shelf;
use crate::app::window::fonts;
use crate::editing::analysis::Analysis;
use crate::model::article::{Article, Block, Image, Related};
use crate::model::markup::critic::Shown;
use crate::model::markup::inline::Inline;
use crate::model::page::{self, Element, Page};

mod header;
mod marks;
mod rows;
use header::{header, header_key};
use marks::mark_matches;
use rows::{Heights, Plan, Row};

/// Where the preview leaves the kinds of the page elements it drew in the
/// last frame, in order (egui temp data), so a test can compare them with
/// the exported HTML.
pub fn drawn_id() -> egui::Id {
    egui::Id::unique("copydesk-preview-drawn")
}

/// The page's colours: what ships is a light page, whatever the editor's
/// own theme.
const PAPER: Color32 = Color32::from_rgb(255, 255, 255);
const INK: Color32 = Color32::from_rgb(26, 26, 26);
const GREY: Color32 = Color32::from_rgb(92, 92, 92);
const RULE: Color32 = Color32::from_rgb(222, 222, 222);
const KICKER: Color32 = Color32::from_rgb(176, 30, 30);
const LINK: Color32 = Color32::from_rgb(20, 84, 160);
const DESK: Color32 = Color32::from_rgb(236, 236, 232);

/// Vertical gap between rows.
const GAP: f32 = 18.0;

/// What the preview of one tab remembers between frames.
pub struct PreviewState {
    /// The page's scroll area: one per tab, so egui keeps each tab's
    /// place on its page.
    scroll_id: egui::Id,
    heights: Heights,
    /// The rows and where they start, while nothing they depend on changes.
    plan: Option<Plan>,
    /// Where the page is scrolled to, as the scroll area last said.
    offset: f32,
    /// Move the scroll position by this much next frame: rows above the
    /// view turned out taller or shorter than guessed, and what is on
    /// screen must not jump.
    correction: f32,
    /// The body block the editor's caret was in last frame.
    caret_block: Option<usize>,
}

/// Laid-out body texts, so an idle frame re-uses them instead of building
/// and hashing a layout job per visible block. Only those drawn in the last
/// frame are kept: a galley holds its glyphs' vertices (some 150 bytes a
/// character), and paging through a long story used to leave megabytes of
/// paragraphs long scrolled past.
#[derive(Default)]
pub struct Galleys {
    /// Each galley with the frame it was last drawn in.
    map: HashMap<u64, (Arc<Galley>, u64)>,
    frame: u64,
    /// egui empties its glyph atlas when full, which invalidates galleys;
    /// the fill ratio dropping is the sign of it.
    atlas_fill: f32,
    /// The find bar's query, marked in the page: (query key, compiled).
    marks: Option<(u64, crate::model::find::Finder)>,
    /// The page shows its suggestions and comments (View ▸ Preview With
    /// Changes); else it is the page as published.
    pub with_changes: bool,
}

impl Galleys {
    fn begin_frame(&mut self, ui: &egui::Ui) {
        let fill = ui.fonts(|fonts| fonts.font_atlas_fill_ratio());
        if fill < self.atlas_fill {
            self.map.clear();
        }
        self.atlas_fill = fill;
        let last = self.frame;
        self.map.retain(|_, (_, drawn)| *drawn == last);
        self.frame += 1;
    }

    /// The galley for text `key` wrapped at the space left in `ui`.
    fn get(&mut self, ui: &egui::Ui, key: u64, job: impl FnOnce() -> LayoutJob) -> Arc<Galley> {
        let width = ui.available_width();
        let marks_key = self.marks.as_ref().map_or(0, |(key, _)| *key);
        let key = key ^ u64::from(width.round().to_bits()).rotate_left(23) ^ marks_key;
        let (marks, frame) = (&self.marks, self.frame);
        let (galley, drawn) = self.map.entry(key).or_insert_with(|| {
            let mut job = job();
            job.wrap.max_width = width;
            if let Some((_, finder)) = marks {
                mark_matches(&mut job, finder);
            }
            (ui.fonts_mut(|fonts| fonts.layout_job(job)), frame)
        });
        *drawn = frame;
        galley.clone()
    }
}

/// Draws the preview filling `ui`; `caret_block` is the body block the
/// editor's caret is in, which the page follows when it changes.
// The page needs the tab's state, the shared caches and what to draw.
#[allow(clippy::too_many_arguments)]
pub fn show(
    ui: &mut egui::Ui,
    state: &mut PreviewState,
    galleys: &mut Galleys,
    article: &Article,
    analysis: &Analysis,
    viewport: f32,
    caret_block: Option<usize>,
    shelf: &mut Shelf<'_>,
) {
    let area = ui.available_rect_before_wrap();
    // The desk goes around the paper, once the paper's place is known.
    let desk = ui.painter().add(egui::Shape::Noop);
    // The page's column as the exported page lays it out on a screen that
    // wide (narrowed to the panel when the panel is narrower).
    let mut layout = page::Column::at(viewport);
    layout.story = layout.story.min(area.width() - 24.0).max(200.0);
    let column = layout.story;
    let text_width = layout.text_width();
    // Related cards go two abreast where the page's grid fits two 240 px cards.
    let pairs = text_width >= 2.0 * 240.0 + 12.0;

    // The page as the export sees it. The header row draws its elements;
    // the body rows draw the analysis's blocks themselves, so the page is
    // built without them (10,000 of them in a long story, every frame).
    let page = page::build_with_body(article, &[], page::Settings::default());
    let mut drawn: Vec<&'static str> = Vec::new();
    let block_keys = &analysis.block_keys;
    state.heights.forget_old(block_keys.len());
    galleys.begin_frame(ui);
    // Heights are kept by the width the text wraps at.
    let header = header_key(article, text_width);
    let plan =
        Plan::for_page(state.plan.take(), article, analysis, header, text_width, pairs, &state.heights);

    let mut scroll = egui::ScrollArea::vertical().id_salt(state.scroll_id).auto_shrink([false, false]);
    if state.correction != 0.0 {
        scroll =
            scroll.vertical_scroll_offset((state.offset + std::mem::take(&mut state.correction)).max(0.0));
    }
    let follow = caret_block.filter(|_| caret_block != state.caret_block);
    // No block is known while the analysis trails the text (every
    // keystroke) or the editor is away: the page stays where it followed
    // last, and a caret still in that block does not scroll it again.
    if caret_block.is_some() {
        state.caret_block = caret_block;
    }
    let mut correction = 0.0;
    let heights = &mut state.heights;
    let output = scroll.show_viewport(ui, |ui, viewport| {
        let origin = ui.min_rect().min;
        let left = ((ui.available_width() - column) / 2.0).max(8.0);
        // The paper is painted under the rows once their height is known.
        let paper = ui.painter().add(egui::Shape::Noop);
        let page_top = 16.0;
        let on_screen = plan.within(viewport.min.y - 200.0 - page_top, viewport.max.y + 200.0 - page_top);
        // Rows laid out taller or shorter than planned push those below
        // them, this frame already.
        let mut shift = 0.0;
        for index in on_screen.clone() {
            let (key, row) = plan.rows[index];
            let (y, planned) = (page_top + plan.top(index) + shift, plan.height(index));
            let rect =
                Rect::from_min_size(origin + vec2(left + layout.padding, y), vec2(text_width, f32::INFINITY));
            let response = ui.scope_builder(UiBuilder::new().max_rect(rect), |ui| {
                ui.set_width(text_width);
                draw_row(ui, row, &page, analysis, &layout, galleys, &mut drawn, shelf);
            });
            let height = response.response.rect.height();
            if heights.measured(key, height, planned) {
                // A row above the view changing height would push what is
                // on screen; the scroll position follows, next frame. Rows
                // in view are already placed by their measured heights, so
                // a changed paragraph (every keystroke's) costs no second
                // frame.
                if y + planned <= viewport.min.y {
                    correction += height - planned;
                    ui.ctx().request_repaint();
                }
                shift += height - planned;
            }
            if follow.is_some_and(|block| row == Row::Block(block)) {
                ui.scroll_to_rect(response.response.rect, Some(Align::Center));
            }
        }
        if let Some(index) = follow.and_then(|block| plan.row_of_block(block))
            && !on_screen.contains(&index)
        {
            // Far off: go there; the next frame lays it out.
            let y = page_top + plan.top(index);
            let rect = Rect::from_min_size(origin + vec2(left, y), vec2(column, plan.height(index)));
            ui.scroll_to_rect(rect, Some(Align::Center));
        }
        let y = page_top + plan.end() + shift;
        let page =
            Rect::from_min_max(origin + vec2(left, page_top - 8.0), origin + vec2(left + column, y + 16.0));
        ui.painter().set(paper, egui::Shape::rect_filled(page, CornerRadius::same(2), PAPER));
        ui.set_min_height(y + 32.0);
        page
    });
    state.plan = Some(plan);
    ui.painter().set(desk, desk_around(area, output.inner));
    state.offset = output.state.clamped_offset().y;
    state.correction += correction;
    ui.ctx().data_mut(|data| data.insert_temp(drawn_id(), drawn));
}

/// The desk: the area around the paper, in strips, so that the pixels under
/// the paper are not painted twice (software OpenGL pays for each). The
/// strips reach a pixel under the paper's edges and corners, so its
/// anti-aliased edge and rounded corners still lie on the desk's colour.
fn desk_around(area: Rect, paper: Rect) -> egui::Shape {
    let under = paper.shrink(1.0).intersect(area);
    if !under.is_positive() {
        return egui::Shape::rect_filled(area, 0.0, DESK);
    }
    let corner = vec2(3.0, 3.0);
    let strips = [
        Rect::from_x_y_ranges(area.x_range(), area.top()..=under.top()),
        Rect::from_x_y_ranges(area.x_range(), under.bottom()..=area.bottom()),
        Rect::from_x_y_ranges(area.left()..=under.left(), under.y_range()),
        Rect::from_x_y_ranges(under.right()..=area.right(), under.y_range()),
        Rect::from_min_size(under.left_top(), corner),
        Rect::from_min_size(under.right_top() - vec2(corner.x, 0.0), corner),
        Rect::from_min_size(under.left_bottom() - vec2(0.0, corner.y), corner),
        Rect::from_min_size(under.right_bottom() - corner, corner),
    ];
    egui::Shape::Vec(
        strips
            .into_iter()
            .filter(|r| r.is_positive())
            .map(|r| egui::Shape::rect_filled(r, 0.0, DESK))
            .collect(),
    )
}

impl Default for PreviewState {
    fn default() -> Self {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        PreviewState {
            scroll_id: egui::Id::unique(("preview-scroll", n)),
            heights: Heights::default(),
            plan: None,
            offset: 0.0,
            correction: 0.0,
            caret_block: None,
        }
    }
}

fn hash_of<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

// One row needs the page, its caches and where to report what it drew.
#[allow(clippy::too_many_arguments)]
fn draw_row(
    ui: &mut egui::Ui,
    row: Row,
    page: &Page<'_>,
    analysis: &Analysis,
    layout: &page::Column,
    galleys: &mut Galleys,
    drawn: &mut Vec<&'static str>,
    shelf: &mut Shelf<'_>,
) {
    let article = page.article;
    let pairs = layout.text_width() >= 2.0 * 240.0 + 12.0;
    match row {
        Row::Header => {
            header(ui, page, layout, galleys.marks.as_ref().map(|(_, finder)| finder), drawn, shelf)
        }
        Row::Block(index) => {
            if let (Some(block), Some(inlines), Some(key)) = (
                analysis.parsed.blocks.get(index),
                analysis.inlines.get(index),
                analysis.block_keys.get(index),
            ) {
                let changes =
                    analysis.changes.get(index).and_then(Option::as_ref).filter(|_| galleys.with_changes);
                block_view(ui, block, inlines, changes, *key, galleys, shelf);
                drawn.push(Element::Body(block).kind());
            }
        }
        Row::Corrections => {
            drawn.push("corrections");
            let rect = ui.available_rect_before_wrap();
            ui.painter().hline(rect.x_range(), rect.top(), Stroke::new(1.0, RULE));
            ui.add_space(8.0);
            for correction in &article.corrections {
                let mut job = LayoutJob::default();
                let format = |font_id| TextFormat { font_id, color: INK, ..TextFormat::default() };
                job.append(
                    &format!("{}: ", page::correction_heading(correction)),
                    0.0,
                    format(fonts::sans_bold(14.0)),
                );
                job.append(correction.text.trim(), 0.0, format(FontId::new(14.0, FontFamily::Proportional)));
                ui.add(egui::Label::new(job).wrap());
                ui.add_space(4.0);
            }
        }
        Row::RelatedTitle => {
            drawn.push("related");
            ui.add_space(8.0);
            let rect = ui.available_rect_before_wrap();
            ui.painter().hline(rect.x_range(), rect.top(), Stroke::new(2.0, INK));
            ui.add_space(8.0);
            ui.label(egui::RichText::new("RELATED").font(fonts::sans_bold(13.0)).color(INK));
        }
        Row::Related(start, end) => {
            let cards = &article.related[start..end];
            if pairs {
                ui.columns(2, |columns| {
                    for (column, card) in columns.iter_mut().zip(cards) {
                        related_card(column, card);
                    }
                });
            } else {
                for card in cards {
                    related_card(ui, card);
                }
            }
        }
    }
}

fn plain(ui: &mut egui::Ui, text: &str, font: FontId, color: Color32) {
    ui.add(egui::Label::new(egui::RichText::new(text).font(font).color(color)).wrap());
}

/// Body text as a layout job from its inline runs.
fn prose(inline: &Inline, size: f32, base_bold: bool, base_italic: bool, color: Color32) -> LayoutJob {
    let mut job = LayoutJob::default();
    for run in &inline.runs {
        let bold = base_bold || run.style.strong;
        let italic = base_italic ^ run.style.emphasis;
        let mut format = TextFormat {
            font_id: fonts::serif(size, bold, italic),
            color,
            line_height: Some(size * 1.5),
            ..TextFormat::default()
        };
        if run.style.link.is_some() {
            format.color = LINK;
            format.underline = Stroke::new(1.0, LINK);
        }
        job.append(&run.text, 0.0, format);
    }
    job
}

/// Body text with its suggestions and comments shown: insertions
/// underlined, removals struck through, commented passages tinted, and
/// each comment's words after its passage, small and in brackets.
fn prose_with_changes(
    pieces: &[(Shown, Inline)],
    size: f32,
    base_bold: bool,
    base_italic: bool,
    color: Color32,
) -> LayoutJob {
    const ADDED: Color32 = Color32::from_rgb(20, 120, 50);
    const REMOVED: Color32 = Color32::from_rgb(190, 30, 40);
    const TINT: Color32 = Color32::from_rgb(255, 236, 160);
    let mut job = LayoutJob::default();
    for (shown, inline) in pieces {
        let mut part = prose(inline, size, base_bold, base_italic, color);
        for section in &mut part.sections {
            let format = &mut section.format;
            match shown {
                Shown::Same => {}
                Shown::Added => {
                    format.color = ADDED;
                    format.underline = Stroke::new(1.5, ADDED);
                }
                Shown::Removed => {
                    format.color = REMOVED;
                    format.strikethrough = Stroke::new(1.5, REMOVED);
                }
                Shown::Passage => format.background = TINT,
                Shown::Comment => {
                    format.font_id = fonts::serif(size * 0.75, false, true);
                    format.color = GREY;
                    format.background = TINT;
                }
            }
        }
        if *shown == Shown::Comment {
            part.text = format!(" [{}]", part.text);
            for section in &mut part.sections {
                let range = &mut section.byte_range;
                *range = egui::text::ByteIndex(range.start.0 + 2)..egui::text::ByteIndex(range.end.0 + 2);
            }
            if let Some(first) = part.sections.first_mut() {
                first.byte_range.start = egui::text::ByteIndex(0);
            }
            if let Some(last) = part.sections.last_mut() {
                last.byte_range.end = egui::text::ByteIndex(part.text.len());
            }
        }
        let offset = job.text.len();
        job.text.push_str(&part.text);
        for mut section in part.sections {
            section.byte_range = egui::text::ByteIndex(section.byte_range.start.0 + offset)
                ..egui::text::ByteIndex(section.byte_range.end.0 + offset);
            job.sections.push(section);
        }
    }
    job
}

// A block needs its texts as published and with changes, and the caches.
#[allow(clippy::too_many_arguments)]
fn block_view(
    ui: &mut egui::Ui,
    block: &Block,
    inlines: &[Inline],
    changes: Option<&crate::editing::analysis::BlockChanges>,
    key: u64,
    galleys: &mut Galleys,
    shelf: &mut Shelf<'_>,
) {
    let empty = Inline::default();
    let text = |part: usize| inlines.get(part).unwrap_or(&empty);
    // One key per text of the block (and per view of its changes).
    let salt = if changes.is_some() { 0x5ca1_ab1e } else { 0 };
    let part_key = |part: usize| key ^ salt ^ (part as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    // A text's job: as published, or with its changes shown.
    let prose = |part: usize, size: f32, bold: bool, italic: bool, color: Color32| match changes
        .and_then(|c| c.get(part))
    {
        Some(pieces) => prose_with_changes(pieces, size, bold, italic, color),
        None => prose(text(part), size, bold, italic, color),
    };
    match block {
        Block::Heading { level, .. } => {
            let size = if *level <= 2 { 25.0 } else { 20.0 };
            ui.add_space(6.0);
            let galley = galleys.get(ui, part_key(0), || prose(0, size, true, false, INK));
            ui.add(egui::Label::new(galley));
        }
        Block::Paragraph(_) => {
            let galley = galleys.get(ui, part_key(0), || prose(0, 18.0, false, false, INK));
            ui.add(egui::Label::new(galley));
        }
        Block::Quote { attribution, .. } => {
            let response = ui.scope_builder(UiBuilder::new(), |ui| {
                ui.horizontal(|ui| {
                    ui.add_space(18.0);
                    ui.vertical(|ui| {
                        let mut quote = prose(0, 21.0, false, true, INK);
                        if let Some((_, finder)) = &galleys.marks {
                            mark_matches(&mut quote, finder);
                        }
                        ui.add(egui::Label::new(quote).wrap());
                        if attribution.is_some() {
                            ui.add_space(4.0);
                            let mut job = prose(1, 14.0, true, false, GREY);
                            job.sections.iter_mut().for_each(|s| s.format.font_id = fonts::sans_bold(13.0));
                            // The dash is drawn, not typed: set in these fonts at
                            // this size it lands on the baseline like an underscore.
                            ui.horizontal(|ui| {
                                let height = ui.text_style_height(&egui::TextStyle::Body);
                                let (rect, _) =
                                    ui.allocate_exact_size(vec2(14.0, height), egui::Sense::hover());
                                ui.painter().hline(rect.x_range(), rect.center().y, Stroke::new(1.5, GREY));
                                ui.add(egui::Label::new(job).wrap());
                            });
                        }
                    });
                });
            });
            let rect = response.response.rect;
            ui.painter().vline(rect.left() + 4.0, rect.y_range(), Stroke::new(3.0, KICKER));
        }
        Block::Image(image) => figure(ui, image, shelf),
        Block::List { ordered, items } => {
            for (n, _) in items.iter().enumerate() {
                ui.horizontal_top(|ui| {
                    let marker = if *ordered { format!("{}.", n + 1) } else { "•".to_string() };
                    ui.add_sized(
                        vec2(22.0, 27.0),
                        egui::Label::new(
                            egui::RichText::new(marker).font(fonts::serif(18.0, false, false)).color(INK),
                        ),
                    );
                    ui.with_layout(egui::Layout::top_down(Align::Min), |ui| {
                        let galley = galleys.get(ui, part_key(n), || prose(n, 18.0, false, false, INK));
                        ui.add(egui::Label::new(galley));
                    });
                });
            }
        }
    }
}

/// A photo as the page shows it: the picture itself when it is a local
/// file (decoded once, off this thread), else a placeholder saying why.
fn figure(ui: &mut egui::Ui, image: &Image, shelf: &mut Shelf<'_>) {
    let picture = shelf.get(ui.ctx(), &image.src);
    self::figure::figure_ui(ui, image, &picture, self::figure::MAX_HEIGHT, true);
}

fn related_card(ui: &mut egui::Ui, card: &Related) {
    egui::Frame::new()
        .fill(Color32::from_rgb(248, 247, 244))
        .stroke(Stroke::new(1.0, RULE))
        .corner_radius(CornerRadius::same(4))
        .inner_margin(Margin::same(12))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            plain(ui, &card.category.to_uppercase(), fonts::sans_bold(11.0), KICKER);
            ui.add_space(2.0);
            plain(ui, &card.title, fonts::serif(18.0, true, false), INK);
            ui.add_space(2.0);
            plain(ui, &card.teaser, fonts::serif(15.0, false, false), GREY);
            ui.add_space(2.0);
            plain(ui, &format!("/{}", card.slug), FontId::new(11.0, FontFamily::Monospace), GREY);
        });
}
