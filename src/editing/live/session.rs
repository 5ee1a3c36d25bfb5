//! One open article's room, joined: the connection, the live document
//! until the first sync (then the [`Document`] holds it), and what the
//! status bar says. The window calls [`Session::pump`] every frame for
//! every tab; tests call it in a loop.

use std::time::{Duration, Instant};

use super::{Connection, Event, LiveError, Peer, Replica};
use crate::editing::background::Jobs;
use crate::editing::document::Document;

/// How often this editor's presence is sent again (peers drop one silent
/// for 30 seconds).
const RENEW: Duration = Duration::from_secs(15);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// Connecting for the first time.
    Connecting,
    /// Connected; `synced` once the room's state is in.
    Online { synced: bool },
    /// The line dropped (why); trying again with backoff.
    Offline(String),
    /// The address is not a Yjs server, or refused this editor.
    Failed(String),
}

pub struct Session {
    url: String,
    connection: Connection,
    /// The live document until the room's state is in, when the document
    /// takes it.
    waiting: Option<Box<Replica>>,
    status: Status,
    /// Edits made since the line dropped, not yet in the room.
    unsent: usize,
    renewed: Instant,
    notices: Vec<String>,
    /// Ever synced: a message that does not decode before that means the
    /// server is not a Yjs server.
    synced_once: bool,
}

impl Session {
    /// Joins the room at `url` as `name` (shown in `color`).
    pub fn join(url: &str, name: &str, color: &str, jobs: &Jobs) -> Session {
        Session {
            url: url.to_string(),
            connection: Connection::open(url, jobs),
            waiting: Some(Box::new(Replica::new(name, color))),
            status: Status::Connecting,
            unsent: 0,
            renewed: Instant::now(),
            notices: Vec::new(),
            synced_once: false,
        }
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn status(&self) -> &Status {
        &self.status
    }

    /// Edits made offline and not yet sent (counted once the document
    /// holds the live document).
    pub fn unsent(&self) -> usize {
        self.unsent
    }

    /// The other editors in the room.
    pub fn peers(&self, doc: &Document) -> Vec<Peer> {
        match (self.waiting.as_deref(), doc.live()) {
            (Some(replica), _) | (None, Some(replica)) => replica.peers(),
            (None, None) => Vec::new(),
        }
    }

    /// What the editor should be told (refused changes, a replaced text).
    pub fn take_notices(&mut self) -> Vec<String> {
        std::mem::take(&mut self.notices)
    }

    /// Moves messages both ways and applies the room's changes to `doc`;
    /// true when anything on screen may have changed.
    pub fn pump(&mut self, doc: &mut Document) -> bool {
        self.pump_with(doc, &mut |_, _, _| {})
    }

    /// Like [`Session::pump`], telling `follow` of each body splice from
    /// the room as it is made (see [`Document::apply_live_with`]).
    pub fn pump_with(
        &mut self,
        doc: &mut Document,
        follow: &mut dyn FnMut(&str, &super::Splice, usize),
    ) -> bool {
        let mut changed = false;
        for event in self.connection.events() {
            changed = true;
            match event {
                Event::Connected => {
                    self.status = Status::Online { synced: false };
                    let hello = self.replica(doc).map(|r| r.hello()).unwrap_or_default();
                    for message in hello {
                        self.connection.send(message);
                    }
                }
                Event::Message(data) => self.receive(doc, &data),
                Event::Offline(why) => {
                    if !matches!(self.status, Status::Failed(_)) {
                        self.status = Status::Offline(why);
                    }
                }
                Event::Failed(error) => self.fail(error),
            }
        }
        if let Some(replica) = doc.live_mut() {
            let changes = replica.take_changes();
            if !changes.is_empty() {
                doc.apply_live_with(changes, follow);
                changed = true;
            }
        }
        if self.renewed.elapsed() >= RENEW {
            self.renewed = Instant::now();
            if let Some(replica) = self.replica(doc) {
                replica.renew_presence();
            }
        }
        let online = matches!(self.status, Status::Online { .. });
        if let Some(replica) = doc.live_mut() {
            let edits = replica.outgoing_len();
            let messages = replica.take_outgoing();
            if online {
                for message in messages {
                    self.connection.send(message);
                }
            } else if edits > 0 {
                self.unsent += edits;
                changed = true;
            }
        } else if let Some(replica) = self.waiting.as_mut() {
            // Presence only: the document is not in the room yet.
            let messages = replica.take_outgoing();
            if online {
                for message in messages {
                    self.connection.send(message);
                }
            }
        }
        changed
    }

    fn replica<'a>(&'a mut self, doc: &'a mut Document) -> Option<&'a mut Replica> {
        match self.waiting.as_deref_mut() {
            Some(replica) => Some(replica),
            None => doc.live_mut(),
        }
    }

    fn fail(&mut self, error: LiveError) {
        self.status = Status::Failed(error.to_string());
        self.connection.close();
    }

    /// Handles `data` as if it had come over the line (benchmarks and
    /// tests of the window hand messages in this way).
    pub fn receive_message(&mut self, doc: &mut Document, data: &[u8]) {
        self.receive(doc, data);
    }

    fn receive(&mut self, doc: &mut Document, data: &[u8]) {
        let synced_once = self.synced_once;
        let url = self.url.clone();
        let result = match self.replica(doc) {
            Some(replica) => replica.receive(data),
            None => return,
        };
        match result {
            Ok(received) => {
                for reply in received.replies {
                    self.connection.send(reply);
                }
                if received.answered {
                    // The room asked for what it lacks and got it all.
                    self.unsent = 0;
                }
                self.notices.extend(received.refused);
                if received.synced {
                    self.synced_once = true;
                    self.status = Status::Online { synced: true };
                    if let Some(replica) = self.waiting.take() {
                        self.notices.extend(doc.join_live(replica));
                        // Whatever joining wrote goes to the room now.
                        if let Some(replica) = doc.live_mut() {
                            for message in replica.take_outgoing() {
                                self.connection.send(message);
                            }
                        }
                    }
                }
            }
            Err(LiveError::NotYjs(why)) if !synced_once => self.fail(LiveError::NotYjsServer(url, why)),
            Err(LiveError::NotYjs(_)) => {
                self.notices.push("a message from the live server was not understood".into())
            }
            Err(error) => self.fail(error),
        }
    }

    /// Leaves the room: the others stop showing this editor, and the
    /// document goes back to editing on its own (its undo starts afresh).
    pub fn leave(self, doc: &mut Document) {
        let mut replica = doc.leave_live().or(self.waiting);
        if let Some(message) = replica.as_mut().and_then(|r| r.leave_message()) {
            self.connection.send(message);
        }
        // Give the thread a moment to write the goodbye before it stops.
        std::thread::sleep(Duration::from_millis(30));
        self.connection.close();
    }
}
