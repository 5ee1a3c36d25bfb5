//! Tests of the live document without a server: documents pass their
//! messages by hand, in any order, some lost, and must end the same.

use proptest::prelude::*;
use yrs::sync::{Message, SyncMessage};
use yrs::updates::decoder::Decode;
use yrs::updates::encoder::Encode;
use yrs::{Doc, Map, ReadTxn, Text, Transact, WriteTxn};

use super::*;
use crate::editing::document::Document;
use crate::model::article::Status as Workflow;
use crate::model::article::{Article, Block, Field};

fn article() -> Article {
    Article {
        id: Some("5f0c2d7e-1b9a-4c3e-8d21-7a6b5c4d3e2f".into()),
        headline: "Night Ferry Halted by Fog".into(),
        dek: "Crossings resume at dawn.".into(),
        slug: "night-ferry-fog".into(),
        tags: vec!["harbour".into()],
        body: vec![
            Block::Paragraph("Fog closed the strait at nine.".into()),
            Block::Paragraph("Pilots waited on the quay — with coffee.".into()),
        ],
        ..Article::default()
    }
}

/// The room's whole state, as the server would send it on joining.
fn step2(doc: &Document) -> Vec<u8> {
    let state = doc.live().map(|r| r.state()).unwrap_or_default();
    Message::Sync(SyncMessage::SyncStep2(state)).encode_v1()
}

/// A document that joins a room whose state is `room` (None: empty).
fn joined(name: &str, room: Option<&Document>) -> Document {
    let mut doc = Document::new(article(), None);
    let mut replica = Box::new(Replica::new(name, &color_for(name)));
    let state = match room {
        Some(room) => step2(room),
        None => Message::Sync(SyncMessage::SyncStep2(
            Doc::new().transact().encode_state_as_update_v1(&Default::default()),
        ))
        .encode_v1(),
    };
    let received = replica.receive(&state).expect("a Yjs message");
    assert!(received.synced);
    doc.join_live(replica);
    doc
}

/// Hands `data` to `doc` as from the room; its answers.
fn deliver(doc: &mut Document, data: &[u8]) -> Received {
    let received = doc.live_mut().expect("live").receive(data).expect("a Yjs message");
    let changes = doc.live_mut().expect("live").take_changes();
    doc.apply_live(changes);
    received
}

fn outgoing(doc: &mut Document) -> Vec<Vec<u8>> {
    doc.live_mut().expect("live").take_outgoing()
}

/// Both sync with each other, as on a reconnect.
fn reconnect(a: &mut Document, b: &mut Document) {
    for from in [0, 1] {
        let (x, y) = if from == 0 { (&mut *a, &mut *b) } else { (&mut *b, &mut *a) };
        for hello in x.live_mut().expect("live").hello() {
            for reply in deliver(y, &hello).replies {
                deliver(x, &reply);
            }
        }
    }
}

#[test]
fn remote_typing_arrives_as_a_splice_and_undo_takes_back_only_ones_own() {
    let mut ana = joined("Ana", None);
    let mut ben = joined("Ben", Some(&ana));
    assert_eq!(ben.body(), ana.body());
    outgoing(&mut ana);
    outgoing(&mut ben);

    assert!(ana.replace_body(0..0, "Update: "));
    for message in outgoing(&mut ana) {
        deliver(&mut ben, &message);
    }
    assert!(ben.body().starts_with("Update: Fog closed"));
    let revision = ben.body_revision();
    let end = ben.body().len();
    assert!(ben.replace_body(end..end, " More soon."));
    assert_ne!(ben.body_revision(), revision);
    for message in outgoing(&mut ben) {
        deliver(&mut ana, &message);
    }
    assert_eq!(ana.body(), ben.body());

    // Ana's undo takes back her word, not Ben's sentence.
    assert!(ana.can_undo());
    let restored = ana.undo().expect("an undo");
    assert_eq!(restored.body_at, Some(0));
    assert!(ana.body().starts_with("Fog closed"), "{}", ana.body());
    assert!(ana.body().ends_with("More soon."));
    for message in outgoing(&mut ana) {
        deliver(&mut ben, &message);
    }
    assert_eq!(ana.body(), ben.body());
    assert!(ana.redo().is_some());
    assert!(ana.body().starts_with("Update: "));
}

#[test]
fn carets_reach_the_others_in_their_field_even_at_the_end() {
    let mut ana = joined("Ana", None);
    let mut ben = joined("Ben", Some(&ana));
    outgoing(&mut ben);
    let headline_end = ana.fields().article.headline.len();
    let body_end = ana.body().len();
    for (field, anchor, head) in [
        (Field::Headline, 6, headline_end),
        (Field::Headline, headline_end, headline_end),
        (Field::Body, body_end, body_end),
        (Field::Dek, 0, 3),
    ] {
        ana.live_mut().expect("live").set_cursor(Some((field, anchor, head)));
        for message in outgoing(&mut ana) {
            deliver(&mut ben, &message);
        }
        let peers = ben.live().expect("live").peers();
        assert_eq!(peers.len(), 1, "{peers:?}");
        assert_eq!(peers[0].name, "Ana");
        assert_eq!(peers[0].cursor, Some(PeerCursor { field, anchor, head }));
    }
    // A caret at the end stays at the end while Ben types there.
    ana.live_mut().expect("live").set_cursor(Some((Field::Body, body_end, body_end)));
    for message in outgoing(&mut ana) {
        deliver(&mut ben, &message);
    }
    assert!(ben.replace_body(0..0, "Late: "));
    let cursor = ben.live().expect("live").peers()[0].cursor.expect("a caret");
    assert_eq!(cursor.head, ben.body().len());
}

#[test]
fn fields_travel_and_a_headline_merges_by_character() {
    let mut ana = joined("Ana", None);
    let mut ben = joined("Ben", Some(&ana));
    ana.edit_fields(|f| f.article.headline = "Night Ferry Halted by Thick Fog".into());
    ben.edit_fields(|f| {
        f.article.headline = "Night Ferry Halted by Fog Again".into();
        f.article.tags.push("weather".into());
        f.article.status = Workflow::Edit;
    });
    let (a, b) = (outgoing(&mut ana), outgoing(&mut ben));
    for message in b {
        deliver(&mut ana, &message);
    }
    for message in a {
        deliver(&mut ben, &message);
    }
    assert_eq!(ana.fields().article.headline, "Night Ferry Halted by Thick Fog Again");
    assert_eq!(ana.fields(), ben.fields());
    assert_eq!(ana.fields().article.tags, ["harbour", "weather"]);
    assert_eq!(ana.fields().article.status, Workflow::Edit);
}

#[test]
fn a_bad_peer_is_refused_and_the_text_stays() {
    let mut ana = joined("Ana", None);
    outgoing(&mut ana);
    let body = ana.body().to_string();

    // Not an update at all.
    let garbage = Message::Sync(SyncMessage::Update(vec![7, 7, 7, 200, 1])).encode_v1();
    let received = deliver(&mut ana, &garbage);
    assert_eq!(received.refused, ["a change from another editor was not applied"]);
    assert_eq!(ana.body(), body);

    // Tags as a number, from a client that knows better.
    let rogue = Doc::with_client_id(4242);
    rogue.transact_mut().apply_update(yrs::Update::decode_v1(&ana.live().unwrap().state()).unwrap()).unwrap();
    let update = {
        let mut txn = rogue.transact_mut();
        let meta = txn.get_or_insert_map("meta");
        meta.insert(&mut txn, "tags", 5.0);
        let text = txn.get_or_insert_text("body");
        text.insert(&mut txn, 0, "Rogue ");
        txn.encode_update_v1()
    };
    let received = deliver(&mut ana, &Message::Sync(SyncMessage::Update(update)).encode_v1());
    assert_eq!(received.refused.len(), 1, "{:?}", received.refused);
    assert_eq!(ana.fields().article.tags, ["harbour"], "the local value stays");
    assert!(ana.body().starts_with("Rogue "), "the rest of the change is a normal edit");
    // The field was put back for everyone.
    let healed = outgoing(&mut ana);
    assert!(!healed.is_empty());
    let mut ben = joined("Ben", Some(&ana));
    assert_eq!(ben.fields().article.tags, ["harbour"]);
    outgoing(&mut ben);

    // A message that is not Yjs at all.
    let err = ana.live_mut().unwrap().receive(&[250, 1, 2]);
    assert!(err.is_err() || err.is_ok_and(|r| r.replies.is_empty()));
}

#[test]
fn a_story_past_the_load_limit_is_refused() {
    let mut ana = joined("Ana", None);
    outgoing(&mut ana);
    let big = Doc::with_client_id(77);
    big.transact_mut().apply_update(yrs::Update::decode_v1(&ana.live().unwrap().state()).unwrap()).unwrap();
    let update = {
        let mut txn = big.transact_mut();
        let text = txn.get_or_insert_text("body");
        text.insert(&mut txn, 0, &"x".repeat(51 << 20));
        txn.encode_update_v1()
    };
    let body = ana.body().to_string();
    let received = deliver(&mut ana, &Message::Sync(SyncMessage::Update(update)).encode_v1());
    assert_eq!(received.refused.len(), 1);
    assert_eq!(ana.body(), body);
}

#[test]
fn unsaved_changes_merge_into_a_room_that_has_a_story() {
    let mut ana = joined("Ana", None);
    ana.edit_fields(|f| f.article.dek = "Crossings resume at dawn, the port says.".into());
    outgoing(&mut ana);
    // Ben had typed offline before joining.
    let mut ben = Document::new(article(), None);
    assert!(ben.replace_body(0..0, "Late: "));
    let mut replica = Box::new(Replica::new("Ben", "#1f77b4"));
    replica.receive(&step2(&ana)).unwrap();
    let notices = ben.join_live(replica);
    assert_eq!(notices.len(), 1);
    assert!(ben.body().starts_with("Late: Fog"));
    assert_eq!(ben.fields().article.dek, "Crossings resume at dawn, the port says.");
    for message in outgoing(&mut ben) {
        deliver(&mut ana, &message);
    }
    assert_eq!(ana.body(), ben.body());
}

#[test]
fn a_room_url_is_the_desk_address_and_the_id() {
    assert_eq!(room_url("ws://127.0.0.1:9/desk/", "abc").unwrap(), "ws://127.0.0.1:9/desk/abc");
    assert!(room_url("http://x/desk", "abc").is_err());
    assert_eq!(room_url("wss://live.example/desk", ""), Err(LiveError::NoId));
}

#[test]
fn a_server_that_is_not_a_yjs_server_is_said_so() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = std::thread::spawn(move || {
        use std::io::{Read, Write};
        if let Ok((mut stream, _)) = listener.accept() {
            let mut request = [0u8; 2048];
            let _ = stream.read(&mut request);
            let _ =
                stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello");
        }
    });
    let jobs = crate::editing::background::Jobs::default();
    let mut doc = Document::new(article(), None);
    let mut session = Session::join(&format!("ws://127.0.0.1:{port}/desk/x"), "Ana", "#d62728", &jobs);
    let start = std::time::Instant::now();
    while !matches!(session.status(), Status::Failed(_)) && start.elapsed().as_secs() < 10 {
        session.pump(&mut doc);
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let Status::Failed(why) = session.status() else { panic!("still {:?}", session.status()) };
    assert!(why.contains("is not a Yjs websocket server"), "{why}");
    assert!(why.contains("HTTP 200"), "{why}");
    let _ = server.join();
}

/// One step of the property test.
#[derive(Debug, Clone)]
enum Step {
    Insert {
        peer: usize,
        at: usize,
        text: String,
    },
    Delete {
        peer: usize,
        at: usize,
        len: usize,
    },
    Headline {
        peer: usize,
        at: usize,
        text: String,
    },
    Tag {
        peer: usize,
        tag: String,
    },
    /// A plain value in `meta` (the last one written wins).
    Workflow {
        peer: usize,
        status: usize,
    },
    Deliver {
        pick: usize,
    },
    Drop {
        pick: usize,
    },
    Reconnect {
        a: usize,
        b: usize,
    },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => (0..3usize, 0..200usize, "[a-zé ]{1,4}").prop_map(|(peer, at, text)| Step::Insert { peer, at, text }),
        2 => (0..3usize, 0..200usize, 1..6usize).prop_map(|(peer, at, len)| Step::Delete { peer, at, len }),
        1 => (0..3usize, 0..40usize, "[A-Z]{1,3}").prop_map(|(peer, at, text)| Step::Headline { peer, at, text }),
        1 => (0..3usize, "[a-z]{3,6}").prop_map(|(peer, tag)| Step::Tag { peer, tag }),
        1 => (0..3usize, 0..4usize).prop_map(|(peer, status)| Step::Workflow { peer, status }),
        4 => (0..1000usize).prop_map(|pick| Step::Deliver { pick }),
        1 => (0..1000usize).prop_map(|pick| Step::Drop { pick }),
        1 => (0..3usize, 0..3usize).prop_map(|(a, b)| Step::Reconnect { a, b }),
    ]
}

fn boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn pair(docs: &mut [Document], a: usize, b: usize) -> (&mut Document, &mut Document) {
    let (low, high) = docs.split_at_mut(b.max(a));
    if a < b { (&mut low[a], &mut high[0]) } else { (&mut high[0], &mut low[b]) }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    // Three editors edit body, headline, tags and status; messages arrive in any
    // order, some are lost, peers reconnect now and then. After a last
    // reconnect all three hold the same article, and a fresh document
    // given every update ever made, backwards, holds it too.
    #[test]
    fn three_live_documents_converge(steps in prop::collection::vec(step(), 1..60)) {
        let first = joined("Ana", None);
        let second = joined("Ben", Some(&first));
        let third = joined("Cleo", Some(&first));
        let mut docs = vec![first, second, third];
        let mut every_update: Vec<Vec<u8>> = docs
            .iter()
            .map(|d| Message::Sync(SyncMessage::Update(d.live().unwrap().state())).encode_v1())
            .collect();
        // In flight: (to, message).
        let mut wire: Vec<(usize, Vec<u8>)> = Vec::new();
        for doc in docs.iter_mut() {
            outgoing(doc);
        }
        for step in steps {
            match step {
                Step::Insert { peer, at, text } => {
                    let at = boundary(docs[peer].body(), at);
                    docs[peer].replace_body(at..at, &text);
                }
                Step::Delete { peer, at, len } => {
                    let body = docs[peer].body();
                    let at = boundary(body, at);
                    let end = boundary(body, at + len);
                    docs[peer].replace_body(at..end, "");
                }
                Step::Headline { peer, at, text } => docs[peer].edit_fields(|f| {
                    let at = boundary(&f.article.headline, at);
                    f.article.headline.insert_str(at, &text);
                }),
                Step::Tag { peer, tag } => docs[peer].edit_fields(|f| f.article.tags.push(tag)),
                Step::Workflow { peer, status } => {
                    docs[peer].edit_fields(|f| f.article.status = Workflow::ALL[status])
                }
                Step::Deliver { pick } if !wire.is_empty() => {
                    let (to, message) = wire.remove(pick % wire.len());
                    deliver(&mut docs[to], &message);
                }
                Step::Drop { pick } if !wire.is_empty() => {
                    wire.remove(pick % wire.len());
                }
                Step::Reconnect { a, b } if a != b => {
                    let (x, y) = pair(&mut docs, a, b);
                    reconnect(x, y);
                }
                _ => {}
            }
            for (from, doc) in docs.iter_mut().enumerate() {
                for message in outgoing(doc) {
                    every_update.push(message.clone());
                    for to in (0..3).filter(|to| *to != from) {
                        wire.push((to, message.clone()));
                    }
                }
            }
        }
        for (a, b) in [(0, 1), (1, 2), (0, 2)] {
            let (x, y) = pair(&mut docs, a, b);
            reconnect(x, y);
        }
        prop_assert_eq!(docs[0].body(), docs[1].body());
        prop_assert_eq!(docs[1].body(), docs[2].body());
        prop_assert_eq!(docs[0].fields(), docs[1].fields());
        prop_assert_eq!(docs[1].fields(), docs[2].fields());
        // The document's own text is the live document's, everywhere.
        for doc in &docs {
            prop_assert_eq!(doc.live().unwrap().body_text(), doc.body());
        }

        // The replay: everything ever sent, last first.
        let mut replay = Replica::new("Replay", "#000000");
        for message in every_update.iter().rev() {
            prop_assert!(replay.receive(message).is_ok());
        }
        let (body, fields, refused) = replay.article(docs[0].fields());
        prop_assert!(refused.is_empty());
        prop_assert_eq!(body.as_str(), docs[0].body());
        prop_assert_eq!(&fields, docs[0].fields());
    }
}
