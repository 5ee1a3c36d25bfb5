//! Publishing from the window into the real Ghost that
//! `tests/servers/cms.sh` starts: Article ▸ Publish to ‹target› runs as a
//! background job and ends with the post's link and the record saved; a
//! post changed in Ghost behind Copydesk's back asks Overwrite or Cancel,
//! field by field, and Cancel leaves Ghost's text alone.

use std::fs;

use copydesk::app::{Command, Launch, ScriptedDialogs};
use copydesk::storage::desk::{self, CmsKind, Target};
use copydesk::storage::store;
use egui_kittest::kittest::Queryable as _;
use serde_json::{Value, json};

use crate::common::{harness_with, settle};

/// The Ghost server's address and key, or a failure saying how to start
/// it (skipped outside CI only when asked, as the core's publish tests).
fn ghost() -> Option<(String, String)> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    if let (Some(url), Some(key)) = (var("COPYDESK_TEST_GHOST_URL"), var("COPYDESK_GHOST_ADMIN_KEY")) {
        return Some((url, key));
    }
    if std::env::var_os("CI").is_none() && var("COPYDESK_SKIP_CMS_TESTS").is_some() {
        eprintln!("window publish test skipped (COPYDESK_SKIP_CMS_TESTS)");
        return None;
    }
    panic!(
        "the Ghost test server is not running: start tests/servers/cms.sh (env=$(bash tests/servers/cms.sh start); eval \"$env\")"
    )
}

/// A request to Ghost's Admin API, signed as its documentation says.
fn admin(url: &str, key: &str, method: &str, path: &str, body: Option<Value>) -> Value {
    let (id, secret) = key.split_once(':').expect("id:secret");
    let secret: Vec<u8> = (0..secret.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&secret[i..i + 2], 16).expect("hex"))
        .collect();
    let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256);
    header.kid = Some(id.into());
    let now = jiff::Timestamp::now().as_second();
    let claims = json!({ "iat": now, "exp": now + 300, "aud": "/admin/" });
    let token = jsonwebtoken::encode(
        &header,
        &claims,
        &jsonwebtoken::EncodingKey::from_secret(&secret).expect("key"),
    )
    .expect("token");
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    let address = format!("{url}/ghost/api/admin/{path}");
    let auth = format!("Ghost {token}");
    let mut answer = match (method, body) {
        ("PUT", Some(body)) => agent
            .put(&address)
            .header("Authorization", &auth)
            .header("Content-Type", "application/json")
            .send(body.to_string().as_bytes()),
        _ => agent.get(&address).header("Authorization", &auth).call(),
    }
    .expect("Ghost answers");
    let bytes = answer.body_mut().read_to_vec().expect("an answer");
    serde_json::from_slice(&bytes).expect("JSON")
}

#[test]
fn publish_from_the_window_then_a_conflict_asks_first() {
    let Some((url, key)) = ghost() else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    for name in ["water-street-market-reopens.ron", "water-street-market-reopens.png", "desk.ron"] {
        fs::copy(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample").join(name),
            dir.path().join(name),
        )
        .expect("copy");
    }
    let mut config = desk::config::read(&dir.path().join("desk.ron")).expect("desk.ron");
    config.publish = vec![Target { name: "Courier Ghost".into(), kind: CmsKind::Ghost, url: url.clone() }];
    desk::config::save(dir.path(), &config).expect("saved");
    let path = dir.path().join("water-street-market-reopens.ron");
    // A slug of its own, so this test's post is never another test's.
    let mut article = store::load(&path).expect("sample");
    article.slug = format!("window-publish-{}", std::process::id());
    article.id = Some(copydesk::model::article::new_id());
    store::save(&path, &article).expect("saved");

    let launch =
        Launch { open: Some(path.clone()), desk: Some(dir.path().to_path_buf()), ..Launch::default() };
    let mut harness = harness_with(&ScriptedDialogs::default(), launch);
    harness.state_mut().issue(Command::PublishTo("Courier Ghost".into()));
    harness.run_steps(2);
    assert!(harness.state().publish_busy(), "runs in the background");
    settle(&mut harness);
    let notices: Vec<String> = harness.state().notices().iter().map(|n| n.text.clone()).collect();
    assert!(
        notices.iter().any(|n| n.starts_with("Created on Courier Ghost (published): http")),
        "{notices:?}"
    );
    harness.get_by_label("On Courier Ghost");
    let saved = store::load(&path).expect("reloads");
    let record = saved.published_to.first().expect("the record is saved with the article").clone();

    // Changed in Ghost behind Copydesk's back.
    let post = admin(&url, &key, "GET", &format!("posts/{}/", record.remote_id), None);
    let updated = post["posts"][0]["updated_at"].clone();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    admin(
        &url,
        &key,
        "PUT",
        &format!("posts/{}/", record.remote_id),
        Some(json!({ "posts": [{ "title": "Edited in Ghost", "updated_at": updated }] })),
    );

    harness.state_mut().issue(Command::PublishTo("Courier Ghost".into()));
    settle(&mut harness);
    assert!(harness.state().modal_open(), "the conflict is asked about");
    harness.get_by_label("Changed in Courier Ghost since you published");
    harness.get_by_label("Edited in Ghost");
    harness.get_by_label("Cancel").click();
    settle(&mut harness);
    assert!(!harness.state().modal_open());
    let now = admin(&url, &key, "GET", &format!("posts/{}/", record.remote_id), None);
    assert_eq!(now["posts"][0]["title"], "Edited in Ghost", "Cancel leaves Ghost's text");

    harness.state_mut().issue(Command::PublishTo("Courier Ghost".into()));
    settle(&mut harness);
    harness.get_by_label("Overwrite").click();
    settle(&mut harness);
    let notices: Vec<String> = harness.state().notices().iter().map(|n| n.text.clone()).collect();
    assert!(notices.iter().any(|n| n.starts_with("Updated on Courier Ghost")), "{notices:?}");
    let now = admin(&url, &key, "GET", &format!("posts/{}/", record.remote_id), None);
    assert_eq!(now["posts"][0]["title"], "Water Street Market Reopens Its Doors to Shoppers");
}
