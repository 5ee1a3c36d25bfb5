//! Live co-editing: the open article as a Yjs document shared through a
//! standard Yjs websocket server (`@y/websocket-server`), so several
//! editors (and any Yjs client) work in one story at once.
//!
//! It lives with the editing model, not with storage, because it is a
//! second form of the open [`Document`](crate::editing::document::Document):
//! it takes the document's splices, gives it the room's, and owns its undo
//! while live. Storage still saves the document as ever.
//!
//! - `replica`: the Yjs document (texts `body`, `headline`, `dek`; map
//!   `meta`) and the y-sync protocol over it;
//! - `meta`: the other fields in `meta`, through the field catalogue;
//! - `presence`: awareness (names, colours, carets);
//! - `connection`: the websocket thread (reconnects with backoff);
//! - `session`: one open article's room, joined: connection, replica, status.

mod connection;
pub mod meta;
mod presence;
mod replica;
mod session;

pub use connection::{Connection, Event};
pub use presence::{Peer, PeerCursor, color_for};
pub use replica::{Changes, Received, Replica};
pub use session::{Session, Status};

/// One edit of a text: `removed` bytes at byte `at` became `inserted`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Splice {
    pub at: usize,
    pub removed: usize,
    pub inserted: String,
}

impl Splice {
    /// The one splice that turns `old` into `new`: what lies between their
    /// common start and end.
    pub fn between(old: &str, new: &str) -> Splice {
        let mut head = old.bytes().zip(new.bytes()).take_while(|(a, b)| a == b).count();
        while !old.is_char_boundary(head) || !new.is_char_boundary(head) {
            head -= 1;
        }
        let most = old.len().min(new.len()) - head;
        let mut tail =
            old.bytes().rev().zip(new.bytes().rev()).take(most).take_while(|(a, b)| a == b).count();
        while !old.is_char_boundary(old.len() - tail) || !new.is_char_boundary(new.len() - tail) {
            tail -= 1;
        }
        Splice {
            at: head,
            removed: old.len() - tail - head,
            inserted: new[head..new.len() - tail].to_string(),
        }
    }

    /// Applies the splice to `text`; false (and nothing done) when it does
    /// not fit it.
    pub fn apply(&self, text: &mut String) -> bool {
        let end = self.at.checked_add(self.removed);
        match end {
            Some(end)
                if end <= text.len() && text.is_char_boundary(self.at) && text.is_char_boundary(end) =>
            {
                text.replace_range(self.at..end, &self.inserted);
                true
            }
            _ => false,
        }
    }
}

/// What goes wrong with a room.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LiveError {
    #[error("the live server address “{0}” is not a ws:// or wss:// address")]
    BadAddress(String),
    #[error("{0} is not a Yjs websocket server ({1})")]
    NotYjsServer(String, String),
    #[error("the live server sent something that is not a Yjs message: {0}")]
    NotYjs(String),
    #[error("the live server refused this editor: {0}")]
    Denied(String),
    #[error("the article has no id yet: save it once to edit it live")]
    NoId,
}

/// The room of an article: the desk's `live` address and the article id.
pub fn room_url(server: &str, id: &str) -> Result<String, LiveError> {
    let server = server.trim().trim_end_matches('/');
    if !(server.starts_with("ws://") || server.starts_with("wss://")) || server.contains(['?', '#', ' ']) {
        return Err(LiveError::BadAddress(server.to_string()));
    }
    if id.is_empty() {
        return Err(LiveError::NoId);
    }
    Ok(format!("{server}/{id}"))
}

#[cfg(test)]
mod tests;
