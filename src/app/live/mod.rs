//! The window's side of live editing: each tab of a desk with a live
//! server joins its article's room, the status bar says who is there and
//! whether edits wait to be sent, Article ▸ Live Editing leaves and
//! rejoins, and the other editors' carets and selections are drawn in the
//! body, the headline and the dek.

use egui::Color32;
use egui::text::CCursor;

use crate::app::CopydeskApp;
use crate::app::commands::Command;
use crate::app::window::plain_button::plain_button;
use crate::editing::live::{self, Peer, Session, Status};
use crate::model::article::Field;

/// A tab's room.
#[derive(Default)]
pub struct TabLive {
    pub session: Option<Session>,
    /// The editor left the room with the toggle: it is not joined again
    /// until they ask.
    left: bool,
    /// The rooms' address could not be used; said once.
    refused: Option<String>,
    /// The live server of the desk the article's folder is, for an article
    /// opened on its own (read once per file).
    folder: Option<(std::path::PathBuf, Option<String>)>,
    /// The live server this tab's article uses, as of the last frame.
    server: Option<String>,
    /// The other editors' carets drawn in the body last frame.
    pub drawn: Vec<Drawn>,
    /// The other editors' carets drawn in the headline and dek last frame.
    pub drawn_fields: Vec<Drawn>,
}

impl TabLive {
    /// True while the tab is in its room (or joining it).
    pub fn wanted(&self) -> bool {
        self.session.is_some()
    }
}

/// Another editor's caret as drawn: whose, in which field, where.
pub type Drawn = (String, Field, egui::Rect);

/// A colour from `#rrggbb`.
fn color(hex: &str) -> Color32 {
    let channel = |at: usize| hex.get(at..at + 2).and_then(|h| u8::from_str_radix(h, 16).ok()).unwrap_or(128);
    Color32::from_rgb(channel(1), channel(3), channel(5))
}

impl CopydeskApp {
    /// The desk's live server, when it has one.
    fn live_server(&self) -> Option<String> {
        let server = self.desk_index()?.config.config.live.clone()?;
        (!server.trim().is_empty()).then_some(server)
    }

    /// Who this editor is to the others: the name they sign desk commits
    /// with, else the login name.
    fn live_name(&self) -> String {
        let name = self.prefs.author_name.trim();
        if !name.is_empty() {
            return name.to_string();
        }
        std::env::var("USER")
            .ok()
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| "Copydesk editor".into())
    }

    /// The active article can be edited live.
    pub(crate) fn live_available(&self) -> bool {
        self.workspace.view().live.server.is_some() && self.workspace.doc().fields().article.id.is_some()
    }

    /// Article ▸ Live Editing: leaves the room, or joins it again.
    pub(crate) fn toggle_live(&mut self) {
        let tab = self.workspace.active_tab_mut();
        match tab.view.live.session.take() {
            Some(session) => {
                session.leave(&mut tab.doc);
                tab.view.live.left = true;
                self.notify(false, "Left the live story: edits stay on this computer until saved");
            }
            None => {
                tab.view.live.left = false;
                self.poll_live();
            }
        }
    }

    /// Every frame (and while settling): each desk tab with an id joins
    /// its room, messages move both ways, the room's edits land in the
    /// documents and their views.
    pub(crate) fn poll_live(&mut self) {
        let server = self.live_server();
        let name = self.live_name();
        let root = self.desk.as_ref().map(|d| d.root.clone());
        let jobs = self.jobs.clone();
        let mut notices = Vec::new();
        for tab in self.workspace.tabs_mut() {
            let in_desk = tab.doc.path.as_deref().zip(root.as_deref()).is_some_and(|(p, r)| p.starts_with(r));
            let tab_server = if in_desk {
                server.clone()
            } else {
                folder_server(&mut tab.view.live, tab.doc.path.as_deref())
            };
            tab.view.live.server = tab_server.clone();
            let room = match (&tab_server, &tab.doc.fields().article.id) {
                (Some(server), Some(id)) if !tab.view.live.left => Some(live::room_url(server, id)),
                _ => None,
            };
            let live_state = &mut tab.view.live;
            let current = live_state.session.as_ref().map(|s| s.url().to_string());
            match room {
                Some(Ok(url)) if current.as_deref() != Some(url.as_str()) => {
                    if let Some(old) = live_state.session.take() {
                        old.leave(&mut tab.doc);
                    }
                    live_state.session = Some(Session::join(&url, &name, &live::color_for(&name), &jobs));
                }
                Some(Err(error)) => {
                    if live_state.refused.as_deref() != Some(&error.to_string()) {
                        live_state.refused = Some(error.to_string());
                        notices.push(format!("Live editing is off: {error}"));
                    }
                }
                None => {
                    if let Some(old) = live_state.session.take() {
                        old.leave(&mut tab.doc);
                    }
                }
                Some(Ok(_)) => {}
            }
            let Some(session) = tab.view.live.session.as_mut() else { continue };
            let before = tab.doc.body_revision();
            let window = &mut tab.view.body_window;
            let following = window.is_current(before);
            session.pump_with(&mut tab.doc, &mut |body, splice, removed_chars| {
                if following {
                    window.follow(body, splice.at, splice.removed, removed_chars, &splice.inserted);
                }
            });
            if following && window.is_current(before) && tab.doc.body_revision() != before {
                window.edited(tab.doc.body_revision());
            }
            notices.extend(session.take_notices());
        }
        for notice in notices {
            let error = notice.contains("not applied") || notice.starts_with("Live editing is off");
            self.notify(error, notice);
        }
    }

    /// Tells the room where this editor's caret is: in the body, the
    /// headline or the dek, whichever has the keyboard.
    /// `body_id` is the active tab's body editor (the editor passes it in,
    /// so the room never reaches into the editor).
    pub(crate) fn publish_live_caret(&mut self, ctx: &egui::Context, body_id: egui::Id) {
        let tab = self.workspace.active_tab_mut();
        if !tab.doc.is_live() {
            return;
        }
        let focused = |id: egui::Id| ctx.memory(|m| m.has_focus(id));
        let window = &tab.view.body_window;
        let field_cursor = |field: Field, id: egui::Id, text: &str| {
            let range = egui::text_edit::TextEditState::load(ctx, id)?.cursor.char_range()?;
            let byte = |c: usize| text.char_indices().nth(c).map_or(text.len(), |(b, _)| b);
            Some((field, byte(range.secondary.index.0), byte(range.primary.index.0)))
        };
        let fields = &tab.doc.fields().article;
        let cursor = if focused(body_id) {
            window.selection.map(|s| {
                let body = tab.doc.body();
                (Field::Body, window.byte_of_char(body, s.anchor), window.byte_of_char(body, s.caret))
            })
        } else if focused(egui::Id::unique("field-headline")) {
            field_cursor(Field::Headline, egui::Id::unique("field-headline"), &fields.headline)
        } else if focused(egui::Id::unique("field-dek")) {
            field_cursor(Field::Dek, egui::Id::unique("field-dek"), &fields.dek)
        } else {
            None
        };
        if let Some(replica) = tab.doc.live_mut() {
            replica.set_cursor(cursor);
        }
    }

    /// The other editors in the active tab's room.
    pub fn live_peers(&self) -> Vec<Peer> {
        match &self.workspace.view().live.session {
            Some(session) => session.peers(self.workspace.doc()),
            None => Vec::new(),
        }
    }

    /// Hands `data` to the active tab's room as if it had come over the
    /// line; the next frame applies it (benchmarks measure that frame).
    pub fn live_receive(&mut self, data: &[u8]) {
        let tab = self.workspace.active_tab_mut();
        if let Some(session) = tab.view.live.session.as_mut() {
            session.receive_message(&mut tab.doc, data);
        }
    }

    /// The other editors' carets drawn last frame, in the body and the
    /// fields: name, field and where (for tests).
    pub fn live_carets_drawn(&self) -> Vec<Drawn> {
        let live = &self.workspace.view().live;
        live.drawn.iter().chain(&live.drawn_fields).cloned().collect()
    }

    /// What the status bar says of the room ("Live · 3 editors").
    pub fn live_status_text(&self) -> Option<String> {
        let session = self.workspace.view().live.session.as_ref()?;
        let editors = self.live_peers().len() + 1;
        Some(match session.status() {
            Status::Connecting => "Live · connecting…".to_string(),
            Status::Online { synced: false } => "Live · joining…".to_string(),
            Status::Online { synced: true } => {
                format!("Live · {}", crate::app::count(editors, "editor", "editors"))
            }
            Status::Offline(_) => {
                format!("Live · offline, {} to send", crate::app::count(session.unsent(), "edit", "edits"))
            }
            Status::Failed(_) => "Live · not connected".to_string(),
        })
    }

    /// The status bar's part (text, hover), when the article can be live.
    pub(crate) fn live_status(&self) -> Option<(String, String)> {
        if !self.live_available() {
            return None;
        }
        Some(match (self.live_status_text(), &self.workspace.view().live.session) {
            (Some(text), Some(session)) => {
                let mut names: Vec<String> = vec![format!("{} (you)", self.live_name())];
                names.extend(self.live_peers().into_iter().map(|p| p.name));
                let hover = match session.status() {
                    Status::Offline(why) => {
                        format!("Offline: {why}. Trying again…\nClick to leave the live story")
                    }
                    Status::Failed(why) => format!("{why}\nClick to leave the live story"),
                    _ => format!("{}\nClick to leave the live story", names.join("\n")),
                };
                (text, hover)
            }
            _ => ("Live · off".to_string(), "Click to join the live story".to_string()),
        })
    }
}

/// The status bar's part: the room's state (names on hover) as a button
/// that leaves or rejoins.
pub(crate) fn status_ui(ui: &mut egui::Ui, status: Option<(String, String)>) -> Option<Command> {
    let (text, hover) = status?;
    ui.separator();
    let clicked = plain_button(ui, egui::Button::new(text)).on_hover_text(hover).clicked();
    clicked.then_some(Command::ToggleLive)
}

/// The live server of the desk `path`'s folder is (an article opened on
/// its own from a desk folder), read once per file.
fn folder_server(live: &mut TabLive, path: Option<&std::path::Path>) -> Option<String> {
    let path = path?;
    if let Some((seen, server)) = &live.folder
        && seen == path
    {
        return server.clone();
    }
    let folder = path.parent()?;
    let loaded = crate::storage::desk::config::load(folder);
    let server = loaded.config.live.filter(|s| loaded.present && !s.trim().is_empty());
    live.folder = Some((path.to_path_buf(), server.clone()));
    server
}

/// Draws the other editors' carets in a headline or dek field (`text` is
/// what it holds).
pub(crate) fn paint_field_carets(
    ui: &egui::Ui,
    peers: &[Peer],
    field: Field,
    text: &str,
    output: &egui::text_edit::TextEditOutput,
) -> Vec<Drawn> {
    let local = |byte: usize| text[..text.floor_char_boundary(byte)].chars().count();
    paint(ui, peers, field, output, &local, &|byte| byte <= text.len())
}

/// Draws the carets of `peers` in `field`'s text edit: `local` turns a
/// byte of the field into a character of the galley, `inside` says whether
/// a byte is on show.
pub(crate) fn paint(
    ui: &egui::Ui,
    peers: &[Peer],
    field: Field,
    output: &egui::text_edit::TextEditOutput,
    local: &dyn Fn(usize) -> usize,
    inside: &dyn Fn(usize) -> bool,
) -> Vec<Drawn> {
    let painter = ui.painter().with_clip_rect(output.text_clip_rect);
    let galley = &output.galley;
    let mut drawn = Vec::new();
    for peer in peers {
        let Some(cursor) = peer.cursor.filter(|c| c.field == field) else { continue };
        let tint = color(&peer.color);
        if cursor.anchor != cursor.head {
            let (from, to) = (local(cursor.anchor.min(cursor.head)), local(cursor.anchor.max(cursor.head)));
            let mut start = 0;
            for row in &galley.rows {
                let (a, b) = (from.max(start), to.min(start + row.char_count_excluding_newline().0));
                if a < b {
                    let left = galley.pos_from_cursor(CCursor::new(a)).min.x;
                    let right = galley.pos_from_cursor(CCursor::new(b)).min.x;
                    let rect = egui::Rect::from_min_max(
                        egui::pos2(left, row.min_y()),
                        egui::pos2(right.max(left + 2.0), row.max_y()),
                    )
                    .translate(output.galley_pos.to_vec2());
                    painter.rect_filled(rect, 0.0, tint.gamma_multiply(0.25));
                }
                start += row.char_count_including_newline().0;
            }
        }
        if !inside(cursor.head) {
            continue;
        }
        let rect =
            galley.pos_from_cursor(CCursor::new(local(cursor.head))).translate(output.galley_pos.to_vec2());
        let caret = egui::Rect::from_min_max(rect.min, egui::pos2(rect.min.x + 2.0, rect.max.y));
        painter.rect_filled(caret, 0.0, tint);
        let font = egui::FontId::proportional(10.0);
        let label = painter.layout_no_wrap(peer.name.clone(), font, Color32::WHITE);
        // The name flies above the caret; on the first visible row that
        // would be clipped away, so it hangs below instead.
        let above = caret.min.y - label.size().y - 1.0;
        let top = if above >= output.text_clip_rect.top() { above } else { caret.max.y + 1.0 };
        // Near the right edge it slides left, so the whole name shows.
        let size = label.size() + egui::vec2(6.0, 0.0);
        let clip = output.text_clip_rect;
        let left = caret.min.x.min(clip.right() - size.x).max(clip.left());
        let tag = egui::Rect::from_min_size(egui::pos2(left, top), size);
        painter.rect_filled(tag, 2.0, tint);
        painter.galley(tag.min + egui::vec2(3.0, 0.0), label, Color32::WHITE);
        drawn.push((peer.name.clone(), field, caret));
    }
    drawn
}
