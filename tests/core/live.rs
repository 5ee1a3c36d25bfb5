//! Live editing against the real Yjs server on loopback
//! (`tests/servers/live.sh start` prints `COPYDESK_TEST_LIVE_URL`): two
//! Copydesk documents and a JavaScript Yjs client (yjs + y-websocket, as a
//! browser editor) type into one room; the server is restarted mid-way.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

use copydesk::editing::background::Jobs;
use copydesk::editing::document::Document;
use copydesk::editing::live::{self, Session, Status};
use copydesk::model::article::{Article, Block};

fn repo() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The JavaScript client, driven a line at a time.
struct JsClient {
    child: Child,
    input: ChildStdin,
    output: BufReader<ChildStdout>,
}

impl JsClient {
    fn start(url: &str, room: &str) -> JsClient {
        let mut child = Command::new("node")
            .arg(repo().join("tests/servers/live-client.mjs"))
            .args(["--url", url, "--name", "Dana Okafor", "--color", "#2ca02c", "--timeout", "20000", room])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("node runs the live client");
        let input = child.stdin.take().expect("stdin");
        let mut output = BufReader::new(child.stdout.take().expect("stdout"));
        let mut ready = String::new();
        output.read_line(&mut ready).expect("a first line");
        assert!(ready.starts_with("ok ready"), "the JS client did not join: {ready}");
        JsClient { child, input, output }
    }

    fn ask(&mut self, line: &str) -> String {
        writeln!(self.input, "{line}").expect("the client reads");
        self.input.flush().expect("flush");
        let mut answer = String::new();
        self.output.read_line(&mut answer).expect("an answer");
        let answer = answer.trim_end().to_string();
        assert!(answer.starts_with("ok"), "{line} → {answer}");
        answer
    }

    fn get(&mut self, field: &str) -> String {
        let answer = self.ask(&format!("get {field}"));
        serde_json::from_str(answer.trim_start_matches("ok ")).expect("a JSON string")
    }
}

impl Drop for JsClient {
    fn drop(&mut self) {
        let _ = writeln!(self.input, "quit");
        let _ = self.child.wait();
    }
}

fn article() -> Article {
    Article {
        id: Some(uuid_like()),
        headline: "Harbour Crane Fails in Gale".into(),
        slug: "harbour-crane-gale".into(),
        body: vec![
            Block::Paragraph("The crane at berth four stopped at noon.".into()),
            Block::Paragraph("Dockers moved the café tables inside.".into()),
        ],
        ..Article::default()
    }
}

fn uuid_like() -> String {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    format!("{:08x}-4000-4000-8000-{:012x}", (nanos >> 48) as u32, nanos as u64 & 0xffff_ffff_ffff)
}

/// Pumps both sessions until `done` or ten seconds.
fn pump_until(
    sessions: &mut [(&mut Session, &mut Document)],
    what: &str,
    mut done: impl FnMut(&[(&mut Session, &mut Document)]) -> bool,
) {
    let start = Instant::now();
    loop {
        for (session, doc) in sessions.iter_mut() {
            session.pump(doc);
        }
        if done(sessions) {
            return;
        }
        assert!(start.elapsed() < Duration::from_secs(20), "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// UTF-16 position of byte `at` of `text`, as the JS client counts.
fn utf16(text: &str, at: usize) -> usize {
    text[..at].encode_utf16().count()
}

#[test]
fn two_copydesk_editors_and_a_js_client_share_a_story_through_a_server_restart() {
    let url = copydesk::testkit::servers::live_url();
    let prefix = format!("{url}/copydesk-live-test");
    let article = article();
    let id = article.id.clone().unwrap();
    let room = live::room_url(&prefix, &id).unwrap();
    let jobs = Jobs::default();

    let mut ana_doc = Document::new(article.clone(), None);
    let mut ana = Session::join(&room, "Ana Ruiz", "#d62728", &jobs);
    pump_until(&mut [(&mut ana, &mut ana_doc)], "Ana to seed the room", |s| s[0].1.is_live());

    let mut ben_doc = Document::new(article.clone(), None);
    let mut ben = Session::join(&room, "Ben Adeyemi", "#1f77b4", &jobs);
    pump_until(&mut [(&mut ben, &mut ben_doc)], "Ben to join", |s| s[0].1.is_live());
    assert_eq!(ben_doc.body(), ana_doc.body(), "no story twice");

    let mut js = JsClient::start(&url, &format!("copydesk-live-test/{id}"));
    assert_eq!(js.get("body"), ana_doc.body());
    assert_eq!(js.get("headline"), "Harbour Crane Fails in Gale");

    // All three type at once.
    assert!(ana_doc.replace_body(0..0, "Update: "));
    let end = ben_doc.body().len();
    assert!(ben_doc.replace_body(end..end, " Repairs start Monday."));
    let body = js.get("body");
    let after_cafe = body.find("café").unwrap() + "café".len();
    js.ask(&format!("insert body {} \" and chairs\"", utf16(&body, after_cafe)));
    js.ask("insert headline 0 \"Live: \"");
    ben_doc.edit_fields(|f| f.article.headline.push_str(", Port Says"));

    let expected_headline = "Live: Harbour Crane Fails in Gale, Port Says";
    pump_until(
        &mut [(&mut ana, &mut ana_doc), (&mut ben, &mut ben_doc)],
        "the three edits everywhere",
        |s| {
            s.iter().all(|(_, d)| {
                d.body().starts_with("Update: ")
                    && d.body().contains("café and chairs")
                    && d.body().ends_with("Monday.")
                    && d.fields().article.headline == expected_headline
            })
        },
    );
    js.ask(&format!("wait body {}", serde_json::to_string(ana_doc.body()).unwrap()));
    js.ask(&format!("wait headline {}", serde_json::to_string(expected_headline).unwrap()));
    assert_eq!(ana_doc.body(), ben_doc.body());

    // Presence: each sees the other two, by name.
    pump_until(&mut [(&mut ana, &mut ana_doc), (&mut ben, &mut ben_doc)], "presence", |s| {
        s[0].0.peers(s[0].1).len() == 2 && s[1].0.peers(s[1].1).len() == 2
    });
    let names: Vec<String> = ana.peers(&ana_doc).into_iter().map(|p| p.name).collect();
    assert_eq!(names, ["Ben Adeyemi", "Dana Okafor"]);

    // The server goes away; everyone types offline.
    let restart = Command::new("bash")
        .arg(repo().join("tests/servers/live.sh"))
        .arg("stop")
        .stdout(Stdio::null())
        .status()
        .expect("live.sh runs");
    assert!(restart.success());
    pump_until(&mut [(&mut ana, &mut ana_doc), (&mut ben, &mut ben_doc)], "both offline", |s| {
        s.iter().all(|(session, _)| matches!(session.status(), Status::Offline(_)))
    });
    assert!(ana_doc.replace_body(0..0, "Offline A. "));
    assert!(ben_doc.replace_body(0..0, "Offline B. "));
    ana_doc.edit_fields(|f| f.article.tags.push("weather".into()));
    let body = js.get("body");
    js.ask(&format!("insert body {} \" Offline C.\"", utf16(&body, body.len())));
    for (session, doc) in [(&mut ana, &mut ana_doc), (&mut ben, &mut ben_doc)] {
        session.pump(doc);
        assert!(session.unsent() >= 1, "an edit waits to be sent");
    }
    let started = Command::new("bash")
        .arg(repo().join("tests/servers/live.sh"))
        .arg("start")
        .stdout(Stdio::null())
        .status()
        .expect("live.sh runs");
    assert!(started.success());

    pump_until(
        &mut [(&mut ana, &mut ana_doc), (&mut ben, &mut ben_doc)],
        "nothing lost after the restart",
        |s| {
            s.iter().all(|(session, d)| {
                session.unsent() == 0
                    && d.body().contains("Offline A. ")
                    && d.body().contains("Offline B. ")
                    && d.body().ends_with("Offline C.")
                    && d.fields().article.tags == ["weather"]
            })
        },
    );
    assert_eq!(ana_doc.body(), ben_doc.body());
    js.ask(&format!("wait body {} 20000", serde_json::to_string(ana_doc.body()).unwrap()));
    assert_eq!(js.get("headline"), expected_headline);
    assert_eq!(ana_doc.fields(), ben_doc.fields());
    ana.leave(&mut ana_doc);
    ben.leave(&mut ben_doc);
}
