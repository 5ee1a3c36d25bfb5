//! Publishing from the window into the real Ghost that
//! `tests/servers/cms.sh` starts: Article ▸ Publish to ‹target› runs as a
//! background job and ends with the post's link and the record saved; a
//! post changed in Ghost behind Copydesk's back asks Overwrite or Cancel,
//! field by field, and Cancel leaves Ghost's text alone.

use std::fs;

use copydesk::app::{Command, Launch, ScriptedDialogs};
use copydesk::storage::desk::{self, CmsKind, Target};
use copydesk::storage::store;
use copydesk::testkit::cms::Ghost;
use egui_kittest::kittest::Queryable as _;
use serde_json::json;

use crate::common::{harness_with, settle};

#[test]
fn publish_from_the_window_then_a_conflict_asks_first() {
    // Fails saying how to start the server when it is not running.
    let ghost = Ghost::from_env();
    let dir = tempfile::tempdir().expect("temp dir");
    // The whole sample desk: the publish gate checks the story's related
    // links against the desk.
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample");
    for entry in fs::read_dir(sample).expect("samples") {
        let from = entry.expect("entry").path();
        fs::copy(&from, dir.path().join(from.file_name().expect("name"))).expect("copy");
    }
    let mut config = desk::config::read(&dir.path().join("desk.ron")).expect("desk.ron");
    config.publish =
        vec![Target { name: "Courier Ghost".into(), kind: CmsKind::Ghost, url: ghost.url.clone() }];
    desk::config::save(dir.path(), &config).expect("saved");
    let path = dir.path().join("water-street-market-reopens.ron");
    // A slug of its own, so this test's post is never another test's.
    let mut article = store::load(&path).expect("sample");
    article.slug = format!("window-publish-{}", std::process::id());
    article.id = Some(copydesk::model::article::new_id());
    store::save(&path, &article).expect("saved");

    // The server's key in a vault of the test's own, never the user's.
    let keeper = tempfile::tempdir().expect("temp dir");
    let vault = copydesk::storage::credentials::Vault::file_only(keeper.path().join("credentials.ron"));
    let site = &config.publish[0];
    vault.keep(site, &ghost.credential()).expect("kept");
    let launch = Launch {
        open: Some(path.clone()),
        desk: Some(dir.path().to_path_buf()),
        vault: Some(vault),
        ..Launch::default()
    };
    let mut harness = harness_with(&ScriptedDialogs::default(), launch);
    harness.state_mut().issue(Command::PublishTo("Courier Ghost".into()));
    harness.run_steps(2);
    assert!(
        harness.state().publish_busy(),
        "runs in the background: {:?}",
        harness.state().notices().iter().map(|n| n.text.clone()).collect::<Vec<_>>()
    );
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
    let post = ghost.get(&format!("posts/{}/", record.remote_id));
    let updated = post["posts"][0]["updated_at"].clone();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    ghost.put(
        &format!("posts/{}/", record.remote_id),
        &json!({ "posts": [{ "title": "Edited in Ghost", "updated_at": updated }] }),
    );

    harness.state_mut().issue(Command::PublishTo("Courier Ghost".into()));
    settle(&mut harness);
    assert!(harness.state().modal_open(), "the conflict is asked about");
    harness.get_by_label("Changed in Courier Ghost since you published");
    harness.get_by_label("Edited in Ghost");
    harness.get_by_label("Cancel").click();
    settle(&mut harness);
    assert!(!harness.state().modal_open());
    let now = ghost.get(&format!("posts/{}/", record.remote_id));
    assert_eq!(now["posts"][0]["title"], "Edited in Ghost", "Cancel leaves Ghost's text");

    harness.state_mut().issue(Command::PublishTo("Courier Ghost".into()));
    settle(&mut harness);
    harness.get_by_label("Overwrite").click();
    settle(&mut harness);
    let notices: Vec<String> = harness.state().notices().iter().map(|n| n.text.clone()).collect();
    assert!(notices.iter().any(|n| n.starts_with("Updated on Courier Ghost")), "{notices:?}");
    let now = ghost.get(&format!("posts/{}/", record.remote_id));
    assert_eq!(now["posts"][0]["title"], "Water Street Market Reopens Its Doors to Shoppers");
}
