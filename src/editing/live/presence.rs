//! Who else is in the room and where their carets are: Yjs awareness, in
//! the shape y-websocket clients use (`user: {name, color}`, `cursor:
//! {anchor, head}` as Yjs relative positions), with the field the caret is
//! in beside it, so a caret stays on its word while others type.

use serde::{Deserialize, Serialize};
use yrs::sync::{Awareness, AwarenessUpdate, Message};
use yrs::updates::encoder::Encode;
use yrs::{Assoc, Doc, IndexedSequence, StickyIndex, TextRef, Transact};

use crate::model::article::Field;

/// A peer whose presence was not renewed for this long has gone (as
/// y-protocols decides).
const OUTDATED_MS: u64 = 30_000;

/// Another editor in the room.
#[derive(Debug, Clone, PartialEq)]
pub struct Peer {
    pub client: u64,
    pub name: String,
    /// `#rrggbb`, as they chose it (a colour from their name otherwise).
    pub color: String,
    pub cursor: Option<PeerCursor>,
}

/// Where another editor's caret and selection are, in bytes of the field's
/// text in this document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeerCursor {
    pub field: Field,
    pub anchor: usize,
    pub head: usize,
}

#[derive(Serialize, Deserialize, Default)]
struct User {
    #[serde(default)]
    name: String,
    #[serde(default)]
    color: String,
}

#[derive(Serialize, Deserialize)]
struct Cursor {
    anchor: StickyIndex,
    head: StickyIndex,
    #[serde(default = "body_name")]
    field: String,
}

fn body_name() -> String {
    "body".into()
}

#[derive(Serialize, Deserialize, Default)]
struct State {
    #[serde(default)]
    user: Option<User>,
    #[serde(default)]
    cursor: Option<Cursor>,
}

pub struct Presence {
    awareness: Awareness,
    name: String,
    color: String,
    /// Last published caret (field, anchor, head), to send only changes.
    cursor: Option<(Field, usize, usize)>,
    /// Set when the local state changed and is not sent yet.
    changed: bool,
}

/// A colour for a name, when a peer gave none: the same name, the same
/// colour, on every screen.
pub fn color_for(name: &str) -> String {
    const COLORS: [&str; 8] =
        ["#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2"];
    let at = xxhash_rust::xxh3::xxh3_64(name.as_bytes()) as usize % COLORS.len();
    COLORS[at].to_string()
}

impl Presence {
    pub fn new(doc: Doc, name: &str, color: &str) -> Presence {
        let mut presence = Presence {
            awareness: Awareness::new(doc),
            name: name.into(),
            color: color.into(),
            cursor: None,
            changed: true,
        };
        presence.publish(None);
        presence
    }

    fn publish(&mut self, cursor: Option<Cursor>) {
        let state = State { user: Some(User { name: self.name.clone(), color: self.color.clone() }), cursor };
        if self.awareness.set_local_state(&state).is_ok() {
            self.changed = true;
        }
    }

    fn message(&self) -> Option<Vec<u8>> {
        let client = self.awareness.client_id();
        let update: AwarenessUpdate = self.awareness.update_with_clients([client]).ok()?;
        Some(Message::Awareness(update).encode_v1())
    }

    /// This editor's presence, to send (on joining, when asked).
    pub fn announce(&mut self) -> Option<Vec<u8>> {
        self.changed = false;
        self.message()
    }

    /// The presence message, when it changed since last sent.
    pub fn take_message(&mut self) -> Option<Vec<u8>> {
        if !std::mem::take(&mut self.changed) {
            return None;
        }
        self.message()
    }

    pub fn renew(&mut self) {
        // Setting the same state again bumps its clock: peers see it alive.
        let state: Option<serde_json::Value> = self.awareness.local_state();
        if let Some(state) = state {
            let _ = self.awareness.set_local_state(state);
            self.changed = true;
        }
    }

    pub fn leave(&mut self) -> Option<Vec<u8>> {
        self.awareness.clean_local_state();
        self.changed = false;
        self.message()
    }

    /// Takes in another editor's presence; true when anything changed.
    pub fn apply(&mut self, update: AwarenessUpdate) -> bool {
        match self.awareness.apply_update_summary(update) {
            Ok(summary) => summary.is_some(),
            Err(_) => false,
        }
    }

    pub fn set_cursor(&mut self, cursor: Option<(Field, usize, usize)>, texts: &[(Field, &TextRef)]) {
        if cursor == self.cursor {
            return;
        }
        self.cursor = cursor;
        let sticky = cursor.and_then(|(field, anchor, head)| {
            let (_, text) = texts.iter().find(|(f, _)| *f == field)?;
            let txn = self.awareness.doc().transact();
            // A caret follows the character after it; at the very end there
            // is none (yrs gives no index), so it holds to the one before.
            let at = |i: usize| {
                let i = u32::try_from(i).ok()?;
                text.sticky_index(&txn, i, Assoc::After).or_else(|| text.sticky_index(&txn, i, Assoc::Before))
            };
            Some(Cursor { anchor: at(anchor)?, head: at(head)?, field: field.name().to_string() })
        });
        self.publish(sticky);
    }

    /// The name a peer among `clients` goes by (the first one known).
    pub fn name_of(&self, clients: impl Iterator<Item = u64>) -> Option<String> {
        let own = self.awareness.client_id().get();
        clients.filter(|c| *c != own).find_map(|client| {
            let state: State = self.awareness.state(yrs::ClientID::new(client))?;
            state.user.map(|u| u.name).filter(|n| !n.is_empty())
        })
    }

    pub fn peers(&self, texts: &[(Field, &TextRef)]) -> Vec<Peer> {
        let own = self.awareness.client_id();
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as u64);
        let txn = self.awareness.doc().transact();
        let mut peers: Vec<Peer> = self
            .awareness
            .iter()
            .filter(|(client, _)| *client != own)
            .filter_map(|(client, entry)| {
                if now.saturating_sub(entry.last_updated) > OUTDATED_MS {
                    return None;
                }
                let state: State = serde_json::from_str(entry.data.as_deref()?).ok()?;
                let user = state.user.unwrap_or_default();
                let name = if user.name.trim().is_empty() { "Another editor".to_string() } else { user.name };
                let valid = |c: &str| {
                    c.len() == 7 && c.starts_with('#') && c[1..].chars().all(|h| h.is_ascii_hexdigit())
                };
                let color = if valid(&user.color) { user.color } else { color_for(&name) };
                let cursor = state.cursor.and_then(|cursor| {
                    let field = Field::from_name(&cursor.field)?;
                    texts.iter().find(|(f, _)| *f == field)?;
                    let anchor = cursor.anchor.get_offset(&txn)?.index as usize;
                    let head = cursor.head.get_offset(&txn)?.index as usize;
                    Some(PeerCursor { field, anchor, head })
                });
                Some(Peer { client: client.get(), name, color, cursor })
            })
            .collect();
        peers.sort_by(|a, b| a.name.cmp(&b.name).then(a.client.cmp(&b.client)));
        peers
    }
}
