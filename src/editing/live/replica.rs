//! The open article as a Yjs document: root texts `body` (the editor's
//! markup), `headline` and `dek`, and the map `meta` (see `meta`). Local
//! edits go in as splices and come out as encoded updates to send; updates
//! from the room come in and out as splices on the body and new field
//! values, never as a whole new text. Undo is yrs's `UndoManager`, which
//! tracks only this editor's transactions, so it never takes back a
//! colleague's typing.

use std::collections::HashSet;
use std::sync::{Arc, Mutex, PoisonError};

use yrs::encoding::read::Cursor as ReadCursor;
use yrs::sync::protocol::MessageReader;
use yrs::sync::{Message, SyncMessage};
use yrs::types::Delta;
use yrs::types::text::TextEvent;
use yrs::undo::Options as UndoOptions;
use yrs::updates::decoder::{Decode, DecoderV1};
use yrs::updates::encoder::Encode;
use yrs::{
    DeepObservable, Doc, GetString, Map, MapRef, Observable, OffsetKind, Options, Origin, ReadTxn,
    StateVector, Text, TextRef, Transact, TransactionMut, UndoManager, Update,
};

use super::meta;
use super::presence::{Peer, Presence};
use super::{LiveError, Splice};
use crate::editing::document::Fields;
use crate::model::article::Field;
use crate::storage::store::MAX_FILE_BYTES;

/// Transactions typed here: tracked by undo, sent to the room.
const LOCAL: &str = "copydesk-local";
/// Applied from the room: not sent back, not undone.
const REMOTE: &str = "copydesk-remote";
/// Seeding the room and putting back a refused field: sent, never undone,
/// and already what the editor has.
const QUIET: &str = "copydesk-quiet";

/// What arrived for the document since it last looked: undo's and the
/// room's changes (this editor's own typing is already in the document).
#[derive(Debug, Default, PartialEq)]
pub struct Changes {
    /// Body splices, in order, each in the text as the ones before left it.
    pub body: Vec<Splice>,
    /// The fields as they now are, when any changed.
    pub fields: Option<Fields>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.body.is_empty() && self.fields.is_none()
    }
}

/// What one message from the room did.
#[derive(Debug, Default)]
pub struct Received {
    /// Answers to send back (the state the room lacks).
    pub replies: Vec<Vec<u8>>,
    /// The room sent its whole state: the first sync is done.
    pub synced: bool,
    /// The room asked for our state: everything made offline is on its way.
    pub answered: bool,
    /// "a change from ‹name› was not applied", one per refused update.
    pub refused: Vec<String>,
    /// Who is in the room, or where their carets are, changed.
    pub presence: bool,
}

/// Filled by the document's observers during a transaction.
#[derive(Default)]
struct Inbox {
    body: Vec<Splice>,
    fields: bool,
    /// Encoded updates made here (typing, undo, seeding), to send.
    outgoing: Vec<Vec<u8>>,
}

pub struct Replica {
    doc: Doc,
    body: TextRef,
    headline: TextRef,
    dek: TextRef,
    meta: MapRef,
    undo: UndoManager,
    presence: Presence,
    inbox: Arc<Mutex<Inbox>>,
    /// The fields as the document has them, which the live document agrees
    /// with: a local field edit writes what differs from these.
    known: Fields,
    /// About how big the document has grown (its state when joined plus
    /// every update since), against the load limit.
    bytes: usize,
}

fn lock(inbox: &Mutex<Inbox>) -> std::sync::MutexGuard<'_, Inbox> {
    inbox.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A body delta as splices in bytes of the text (the document counts in
/// bytes; yrs converts from the UTF-16 Yjs counts on the wire).
fn splices(delta: &[Delta]) -> Vec<Splice> {
    let mut at = 0;
    let mut out: Vec<Splice> = Vec::new();
    for change in delta {
        match change {
            Delta::Retain(len, _) => at += *len as usize,
            Delta::Deleted(len) => out.push(Splice { at, removed: *len as usize, inserted: String::new() }),
            Delta::Inserted(value, _) => {
                let text = value.clone().cast::<String>().unwrap_or_default();
                let len = text.len();
                // A delete and an insert at one place are one splice.
                match out.last_mut() {
                    Some(last) if last.at == at && last.inserted.is_empty() => last.inserted = text,
                    _ => out.push(Splice { at, removed: 0, inserted: text }),
                }
                at += len;
            }
        }
    }
    out
}

fn is_own(txn: &TransactionMut) -> bool {
    let origin = txn.origin();
    origin == Some(&Origin::from(LOCAL)) || origin == Some(&Origin::from(QUIET))
}

impl Replica {
    /// An empty live document for an editor called `name` (their sync
    /// name), shown to the others in `color` (`#rrggbb`).
    pub fn new(name: &str, color: &str) -> Replica {
        let doc = Doc::with_options(Options { offset_kind: OffsetKind::Bytes, ..Options::default() });
        Replica::with_doc(doc, name, color)
    }

    fn with_doc(doc: Doc, name: &str, color: &str) -> Replica {
        let body = doc.get_or_insert_text("body");
        let headline = doc.get_or_insert_text("headline");
        let dek = doc.get_or_insert_text("dek");
        let meta = doc.get_or_insert_map("meta");
        let inbox = Arc::new(Mutex::new(Inbox::default()));

        let sink = inbox.clone();
        body.observe("copydesk", move |txn, event: &TextEvent| {
            if !is_own(txn) {
                lock(&sink).body.extend(splices(event.delta(txn)));
            }
        });
        for text in [&headline, &dek] {
            let sink = inbox.clone();
            text.observe("copydesk", move |txn, _: &TextEvent| {
                if !is_own(txn) {
                    lock(&sink).fields = true;
                }
            });
        }
        let sink = inbox.clone();
        meta.observe_deep("copydesk", move |txn, _| {
            if !is_own(txn) {
                lock(&sink).fields = true;
            }
        });
        let sink = inbox.clone();
        let remote = Origin::from(REMOTE);
        // Kept by the document for its life (dropped with it).
        let _ = doc.observe_update_v1("copydesk", move |txn, event| {
            if txn.origin() != Some(&remote) {
                lock(&sink).outgoing.push(event.update.clone());
            }
        });

        let mut options =
            UndoOptions { tracked_origins: HashSet::from([Origin::from(LOCAL)]), ..UndoOptions::default() };
        // As long as the window's own typing groups.
        options.capture_timeout_millis = 1000;
        let mut undo = UndoManager::with_options(options);
        for text in [&body, &headline, &dek] {
            undo.expand_scope(&doc, text);
        }
        undo.expand_scope(&doc, &meta);
        let presence = Presence::new(doc.clone(), name, color);
        Replica { doc, body, headline, dek, meta, undo, presence, inbox, known: Fields::default(), bytes: 0 }
    }

    /// True when nobody has written anything into the room yet.
    pub fn is_empty(&self) -> bool {
        let txn = self.doc.transact();
        self.body.len(&txn) == 0
            && self.headline.len(&txn) == 0
            && self.dek.len(&txn) == 0
            && self.meta.len(&txn) == 0
    }

    /// Writes the article as saved into an empty room. The first edits
    /// come from a client id of the content itself, so two editors who
    /// join an empty room at once with the same file write the very same
    /// edits, which Yjs keeps once, instead of the story twice.
    pub fn seed(&mut self, fields: &Fields, body: &str) {
        let content = format!(
            "{body}\u{0}{:?}\u{0}{}\u{0}{}",
            fields.article, fields.published_text, fields.updated_text
        );
        // Yjs client ids are 53 bits (a JavaScript number).
        let client = (xxhash_rust::xxh3::xxh3_64(content.as_bytes()) >> 11).max(1);
        let base = Doc::with_options(Options {
            offset_kind: OffsetKind::Bytes,
            client_id: yrs::ClientID::new(client),
            ..Options::default()
        });
        let seeded = Replica::with_doc(base, "", "");
        {
            let mut txn = seeded.doc.transact_mut_with(QUIET);
            seeded.body.insert(&mut txn, 0, body);
            seeded.write_fields(&mut txn, &Fields::default(), fields);
        }
        let update = seeded.doc.transact().encode_state_as_update_v1(&StateVector::default());
        if let Ok(update) = Update::decode_v1(&update) {
            let mut txn = self.doc.transact_mut_with(QUIET);
            let _ = txn.apply_update(update);
        }
        self.known = fields.clone();
        self.bytes = body.len();
    }

    /// The room's article: the body text, and the fields (what is not
    /// shared, such as whether the slug follows the headline, from
    /// `local`), with the fields whose values Copydesk cannot read.
    pub fn article(&self, local: &Fields) -> (String, Fields, Vec<Field>) {
        let txn = self.doc.transact();
        let (fields, refused) = self.read_fields(&txn, local);
        (self.body.get_string(&txn), fields, refused)
    }

    fn read_fields<T: ReadTxn>(&self, txn: &T, base: &Fields) -> (Fields, Vec<Field>) {
        let mut fields = base.clone();
        fields.article.headline = self.headline.get_string(txn);
        fields.article.dek = self.dek.get_string(txn);
        let blank = Fields::default();
        let mut refused = Vec::new();
        for field in meta::fields() {
            let fine = match meta::read(&self.meta, txn, field) {
                Some(Some(entry)) => meta::put(field, &entry, &mut fields),
                Some(None) => false,
                // Never written: the field's default, as every editor reads it.
                None => meta::put(field, &meta::entry(field, &blank), &mut fields),
            };
            if !fine {
                refused.push(field);
            }
        }
        (fields, refused)
    }

    /// The document's fields as the live document now agrees with.
    pub fn agree(&mut self, fields: &Fields) {
        self.known = fields.clone();
    }

    pub fn body_text(&self) -> String {
        self.body.get_string(&self.doc.transact())
    }

    /// The editor changed `removed` bytes at byte `at` of the body to
    /// `inserted`. False (and nothing done) when that is not inside the
    /// live body, which would mean the two went apart.
    pub fn local_body(&mut self, splice: &Splice) -> bool {
        self.body_splice(LOCAL, splice)
    }

    /// Like [`Replica::local_body`], not undone by undo (the edits made
    /// before the room was joined).
    pub fn quiet_body(&mut self, splice: &Splice) -> bool {
        self.body_splice(QUIET, splice)
    }

    fn body_splice(&mut self, origin: &'static str, splice: &Splice) -> bool {
        let mut txn = self.doc.transact_mut_with(origin);
        let len = self.body.len(&txn) as usize;
        let Some(end) = splice.at.checked_add(splice.removed) else { return false };
        if end > len || u32::try_from(end + splice.inserted.len()).is_err() {
            return false;
        }
        if splice.removed > 0 {
            self.body.remove_range(&mut txn, splice.at as u32, splice.removed as u32);
        }
        if !splice.inserted.is_empty() {
            self.body.insert(&mut txn, splice.at as u32, &splice.inserted);
        }
        self.bytes += splice.inserted.len();
        true
    }

    /// The editor changed the fields to `fields`: what differs from what
    /// the live document had goes in (a headline or dek by the characters
    /// that changed).
    pub fn local_fields(&mut self, fields: &Fields) {
        self.fields_as(LOCAL, fields);
    }

    pub fn quiet_fields(&mut self, fields: &Fields) {
        self.fields_as(QUIET, fields);
    }

    fn fields_as(&mut self, origin: &'static str, fields: &Fields) {
        if *fields == self.known {
            return;
        }
        let old = std::mem::take(&mut self.known);
        {
            let mut txn = self.doc.transact_mut_with(origin);
            self.write_fields(&mut txn, &old, fields);
        }
        self.known = fields.clone();
    }

    fn write_fields(&self, txn: &mut TransactionMut, old: &Fields, new: &Fields) {
        for (text, before, after) in [
            (&self.headline, &old.article.headline, &new.article.headline),
            (&self.dek, &old.article.dek, &new.article.dek),
        ] {
            if before != after {
                let current = text.get_string(txn);
                let splice = Splice::between(&current, after);
                if splice.removed > 0 {
                    text.remove_range(txn, splice.at as u32, splice.removed as u32);
                }
                if !splice.inserted.is_empty() {
                    text.insert(txn, splice.at as u32, &splice.inserted);
                }
            }
        }
        for field in meta::fields() {
            let after = meta::entry(field, new);
            let before = meta::entry(field, old);
            let present = self.meta.contains_key(txn, field.name());
            if before != after || !present {
                let held = match meta::read(&self.meta, txn, field) {
                    Some(Some(entry)) => Some(entry),
                    _ => None,
                };
                meta::write(&self.meta, txn, field, held.as_ref(), &after);
            }
        }
    }

    /// Takes back this editor's last change (typing groups as in the
    /// window); true when there was one. The room's edits stay.
    pub fn undo(&mut self) -> bool {
        self.undo.undo_blocking()
    }

    pub fn redo(&mut self) -> bool {
        self.undo.redo_blocking()
    }

    pub fn can_undo(&self) -> bool {
        self.undo.can_undo()
    }

    pub fn can_redo(&self) -> bool {
        self.undo.can_redo()
    }

    /// What the document should apply: undo's and the room's changes
    /// since it last asked.
    pub fn take_changes(&mut self) -> Changes {
        let (body, fields_changed) = {
            let mut inbox = lock(&self.inbox);
            (std::mem::take(&mut inbox.body), std::mem::take(&mut inbox.fields))
        };
        let fields = fields_changed.then(|| {
            let (fields, _) = self.read_fields(&self.doc.transact(), &self.known);
            self.known = fields.clone();
            fields
        });
        Changes { body, fields }
    }

    /// The messages to send the room: updates made here, and this
    /// editor's presence when it changed.
    pub fn take_outgoing(&mut self) -> Vec<Vec<u8>> {
        let updates = std::mem::take(&mut lock(&self.inbox).outgoing);
        let mut messages: Vec<Vec<u8>> =
            updates.into_iter().map(|u| Message::Sync(SyncMessage::Update(u)).encode_v1()).collect();
        messages.extend(self.presence.take_message());
        messages
    }

    /// How many updates wait in the outbox.
    pub fn outgoing_len(&self) -> usize {
        lock(&self.inbox).outgoing.len()
    }

    /// The first message on a new connection: what this document has (the
    /// room answers with what it lacks) and who this editor is.
    pub fn hello(&mut self) -> Vec<Vec<u8>> {
        let state = self.doc.transact().state_vector();
        let mut out = vec![Message::Sync(SyncMessage::SyncStep1(state)).encode_v1()];
        out.extend(self.presence.announce());
        out
    }

    /// Handles one message from the room.
    pub fn receive(&mut self, data: &[u8]) -> Result<Received, LiveError> {
        let mut received = Received::default();
        let mut decoder = DecoderV1::new(ReadCursor::new(data));
        for message in MessageReader::new(&mut decoder) {
            let message = message.map_err(|e| LiveError::NotYjs(e.to_string()))?;
            match message {
                Message::Sync(SyncMessage::SyncStep1(state)) => {
                    let update = self.doc.transact().encode_state_as_update_v1(&state);
                    received.replies.push(Message::Sync(SyncMessage::SyncStep2(update)).encode_v1());
                    received.answered = true;
                }
                Message::Sync(SyncMessage::SyncStep2(update)) => {
                    self.apply(&update, &mut received);
                    received.synced = true;
                }
                Message::Sync(SyncMessage::Update(update)) => self.apply(&update, &mut received),
                Message::Awareness(update) => {
                    if self.presence.apply(update) {
                        received.presence = true;
                    }
                }
                Message::AwarenessQuery => received.replies.extend(self.presence.announce()),
                Message::Auth(Some(reason)) => return Err(LiveError::Denied(reason)),
                Message::Auth(None) | Message::Custom(..) => {}
            }
        }
        Ok(received)
    }

    /// Applies one update from the room, or refuses it: one that does not
    /// decode, would grow the story past the load limit, or puts a value
    /// of the wrong kind into a field (that field is put back as it was).
    fn apply(&mut self, data: &[u8], received: &mut Received) {
        let limit = MAX_FILE_BYTES as usize;
        let decoded = Update::decode_v1(data);
        let who = match &decoded {
            Ok(update) => self.presence.name_of(update.state_vector().iter().map(|(client, _)| client.get())),
            Err(_) => None,
        };
        let refuse = |received: &mut Received| {
            received.refused.push(format!(
                "a change from {} was not applied",
                who.as_deref().unwrap_or("another editor")
            ));
        };
        let Ok(update) = decoded else { return refuse(received) };
        if self.bytes.saturating_add(data.len()) > limit {
            return refuse(received);
        }
        let applied = self.doc.transact_mut_with(REMOTE).apply_update(update);
        if applied.is_err() {
            return refuse(received);
        }
        self.bytes += data.len();
        if lock(&self.inbox).fields {
            let (_, refused) = self.read_fields(&self.doc.transact(), &self.known);
            if !refused.is_empty() {
                refuse(received);
                let known = self.known.clone();
                let mut txn = self.doc.transact_mut_with(QUIET);
                for field in refused {
                    meta::write(&self.meta, &mut txn, field, None, &meta::entry(field, &known));
                }
            }
        }
        // Past the limit by an accumulation of small updates: nothing more
        // comes in, and the editor is told once.
        if self.body.len(&self.doc.transact()) as usize > limit {
            refuse(received);
        }
    }

    /// Where this editor's caret and selection are (bytes of `field`'s
    /// text), for the others to see.
    pub fn set_cursor(&mut self, cursor: Option<(Field, usize, usize)>) {
        let texts = [(Field::Body, &self.body), (Field::Headline, &self.headline), (Field::Dek, &self.dek)];
        self.presence.set_cursor(cursor, &texts);
    }

    /// The other editors in the room, with their carets where they are in
    /// this document.
    pub fn peers(&self) -> Vec<Peer> {
        let texts = [(Field::Body, &self.body), (Field::Headline, &self.headline), (Field::Dek, &self.dek)];
        self.presence.peers(&texts)
    }

    /// Sends this editor's presence again (peers forget one not renewed
    /// for 30 seconds).
    pub fn renew_presence(&mut self) {
        self.presence.renew();
    }

    /// This editor leaves: the others stop showing them.
    pub fn leave_message(&mut self) -> Option<Vec<u8>> {
        self.presence.leave()
    }

    /// The whole state, as one update (for tests and a late joiner).
    pub fn state(&self) -> Vec<u8> {
        self.doc.transact().encode_state_as_update_v1(&StateVector::default())
    }

    /// Heap bytes the live document holds, about (yrs keeps no count):
    /// its state encoded, which is its content plus per-edit ids.
    pub fn encoded_len(&self) -> usize {
        self.state().len()
    }

    pub fn client_id(&self) -> u64 {
        self.doc.client_id().get()
    }
}
