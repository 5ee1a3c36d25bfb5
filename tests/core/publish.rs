//! Publishing into the real WordPress and Ghost that `tests/servers/cms.sh`
//! starts on loopback: every sample article published, then read back
//! through the CMS's own API (not Copydesk's reader) and compared field by
//! field; an update after an edit; a post edited in the CMS behind
//! Copydesk's back refused as a conflict with the CMS's text untouched; a
//! scheduled story; wrong credentials named as such; and no secret printed
//! or stored anywhere. WordPress requests cost a second or two each here,
//! so each CMS's articles share one test.
//!
//! Without the servers these tests fail, saying how to start them
//! (`copydesk::testkit::cms`); they never skip.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use copydesk::cli::publish::{PublishOptions, publish};
use copydesk::model::article::{Article, Block, Correction, CorrectionKind};
use copydesk::model::markup::inline;
use copydesk::output::publish::Http;
use copydesk::storage::credentials::{Credential, Secret, Vault};
use copydesk::storage::desk::{self, CmsKind, Target};
use copydesk::storage::store;
use copydesk::testkit::cms::{Ghost, WordPress};
use scraper::{Html, Selector};
use serde_json::{Value, json};

/// The sample desk copied, with a `publish` list naming the server, a
/// correction and search and social overrides added to one story, and one
/// byline that is a user on both CMSs.
fn desk_copy(target: Target) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for entry in fs::read_dir("assets/sample").expect("samples") {
        let path = entry.expect("entry").path();
        fs::copy(&path, dir.path().join(path.file_name().expect("name"))).expect("copy");
    }
    let mut config = desk::config::read(&dir.path().join("desk.ron")).expect("desk.ron");
    config.publish = vec![target];
    desk::config::save(dir.path(), &config).expect("desk.ron saved");
    let market = dir.path().join("water-street-market-reopens.ron");
    let mut article = store::load(&market).expect("sample");
    article.corrections.push(Correction {
        at: "2026-03-17T10:00:00Z".parse().expect("time"),
        kind: CorrectionKind::Correction,
        text: "The market hall reopened with 31 vendors, not 13.".into(),
    });
    article.seo_title = Some("Water Street Market reopens after flood".into());
    article.social_title = Some("The market is back".into());
    article.social_description = Some("Shoppers return to Water Street.".into());
    store::save(&market, &article).expect("saved");
    let rowing = dir.path().join("rowing-regional-title.ron");
    let mut article = store::load(&rowing).expect("sample");
    article.bylines = vec!["Lena Ortiz".into()];
    store::save(&rowing, &article).expect("saved");
    dir
}

/// The sample articles' slugs, whose posts an earlier run on the same
/// server may have left.
fn slugs(desk: &Path) -> Vec<String> {
    articles(desk).iter().map(|p| store::load(p).expect("sample").slug).collect()
}

fn articles(desk: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = fs::read_dir(desk)
        .expect("desk")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron") && !p.ends_with("desk.ron"))
        .collect();
    paths.sort();
    paths
}

/// Publishes through the command's own code (gate, credentials, record),
/// in this process; returns (failed, stdout, stderr).
fn run_publish(
    path: &Path,
    to: &str,
    vault: &Vault,
    extra: impl FnOnce(&mut PublishOptions),
) -> (bool, String, String) {
    let mut options = PublishOptions { to: to.into(), ..PublishOptions::default() };
    extra(&mut options);
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let failed = publish(path, &options, vault, &Http::default(), &mut out, &mut err).expect("prints");
    (failed, String::from_utf8_lossy(&out).into_owned(), String::from_utf8_lossy(&err).into_owned())
}

/// A vault of its own (never the user's keyring or variables) holding the
/// test server's credential for `target`; the folder lives as long as it.
fn vault_for(target: &Target, credential: &Credential) -> (tempfile::TempDir, Vault) {
    let keeper = tempfile::tempdir().expect("temp dir");
    let vault = Vault::file_only(keeper.path().join("credentials.ron"));
    vault.keep(target, credential).expect("kept");
    (keeper, vault)
}

fn record<'a>(article: &'a Article, target: &str) -> &'a copydesk::model::article::Publication {
    article
        .published_to
        .iter()
        .find(|p| p.target == target)
        .unwrap_or_else(|| panic!("no record for {target}"))
}

fn texts(html: &str, css: &str) -> Vec<String> {
    let doc = Html::parse_fragment(html);
    let selector = Selector::parse(css).expect("selector");
    doc.select(&selector)
        .map(|e| e.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

fn attrs(html: &str, css: &str, attr: &str) -> Vec<String> {
    let doc = Html::parse_fragment(html);
    let selector = Selector::parse(css).expect("selector");
    doc.select(&selector).filter_map(|e| e.value().attr(attr).map(str::to_string)).collect()
}

/// What the article's body must show in the CMS: its headings' words and
/// its pictures' alt texts, in order.
fn body_expectations(article: &Article) -> (Vec<String>, Vec<String>) {
    let headings = article
        .body
        .iter()
        .filter_map(|b| match b {
            Block::Heading { text, .. } => Some(inline::plain(text)),
            _ => None,
        })
        .collect();
    let alts = article
        .body
        .iter()
        .filter_map(|b| match b {
            Block::Image(image) => Some(image.alt.trim().to_string()),
            _ => None,
        })
        .collect();
    (headings, alts)
}

fn time(text: &str) -> jiff::Timestamp {
    text.parse().or_else(|_| format!("{text}Z").parse()).unwrap_or_else(|e| panic!("{text}: {e}"))
}

// ------------------------------------------------------------ WordPress --

/// Reads a WordPress post back and compares it with the article, field by
/// field.
fn check_wordpress_post(wp: &WordPress, article: &Article, id: &str) {
    let post = wp.get(&format!("posts/{id}&context=edit&_embed=wp:term,wp:featuredmedia"));
    let what = &article.slug;
    assert_eq!(post["title"]["raw"], article.headline.as_str(), "{what}: title");
    assert_eq!(post["slug"], article.slug.as_str(), "{what}: slug");
    assert_eq!(post["excerpt"]["raw"], article.dek.as_str(), "{what}: excerpt");
    let status = match article.status {
        copydesk::model::article::Status::Published => "publish",
        copydesk::model::article::Status::Ready => "pending",
        _ => "draft",
    };
    assert_eq!(post["status"], status, "{what}: status");
    if let Some(at) = article.published_at.filter(|_| status == "publish") {
        assert_eq!(time(post["date_gmt"].as_str().unwrap_or_default()), at, "{what}: date");
    }
    let terms: Vec<(String, String)> = post["_embedded"]["wp:term"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|group| group.as_array().cloned().unwrap_or_default())
        .map(|t| {
            (
                t["taxonomy"].as_str().unwrap_or_default().to_string(),
                t["name"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let of = |taxonomy: &str| {
        let mut names: Vec<String> =
            terms.iter().filter(|(t, _)| t == taxonomy).map(|(_, n)| n.to_lowercase()).collect();
        names.sort();
        names
    };
    assert_eq!(of("category"), vec![article.category.to_lowercase()], "{what}: category");
    let mut tags: Vec<String> = article.tags.iter().map(|t| t.to_lowercase()).collect();
    tags.sort();
    assert_eq!(of("post_tag"), tags, "{what}: tags");
    let lead = article.image.as_ref().expect("every sample has a lead picture");
    let featured = &post["_embedded"]["wp:featuredmedia"][0];
    assert_eq!(featured["alt_text"], lead.alt.trim(), "{what}: featured image alt text");
    assert!(
        featured["source_url"].as_str().unwrap_or_default().starts_with(&wp.url),
        "{what}: featured image is the site's"
    );
    let html = post["content"]["raw"].as_str().unwrap_or_default();
    let (headings, alts) = body_expectations(article);
    assert_eq!(texts(html, "h2, h3"), headings, "{what}: headings");
    assert_eq!(attrs(html, "figure img", "alt"), alts, "{what}: body images");
    for src in attrs(html, "figure img", "src") {
        assert!(src.starts_with(&wp.url), "{what}: {src} is uploaded");
    }
    for correction in &article.corrections {
        assert!(html.contains(correction.text.trim()), "{what}: correction");
    }
    let names: Vec<&str> = article.bylines.iter().map(String::as_str).collect();
    let author = post["author"].as_u64().unwrap_or_default();
    let author_name = wp.get(&format!("users/{author}"))["name"].as_str().unwrap_or_default().to_string();
    for name in &names {
        assert!(html.contains(name) || author_name == *name, "{what}: byline {name} kept");
    }
}

#[test]
fn wordpress_takes_every_sample_article_and_never_overwrites_silently() {
    let wp = WordPress::from_env();
    let target = "Courier WordPress";
    let site = Target { name: target.into(), kind: CmsKind::WordPress, url: wp.url.clone() };
    let desk = desk_copy(site.clone());
    wp.delete_posts(&slugs(desk.path()));
    let (_keeper, vault) = vault_for(&site, &wp.credential());
    for path in articles(desk.path()) {
        let (failed, out, err) = run_publish(&path, target, &vault, |_| {});
        assert!(!failed, "{}: {err}", path.display());
        assert!(out.contains("created on Courier WordPress"), "{out}");
        let article = store::load(&path).expect("reloads");
        check_wordpress_post(&wp, &article, &record(&article, target).remote_id);
    }

    // An update after an edit: the same post, the new headline, the
    // pictures found again rather than uploaded twice.
    let flood = desk.path().join("kestrel-bend-flood-wall.ron");
    let mut article = store::load(&flood).expect("sample");
    let id = record(&article, target).remote_id.clone();
    article.headline = "Kestrel Bend Approves $62 Million Flood Wall".into();
    store::save(&flood, &article).expect("saved");
    let (failed, out, err) = run_publish(&flood, target, &vault, |_| {});
    assert!(!failed, "{err}");
    assert!(
        out.contains("updated on Courier WordPress") && out.contains("0 uploaded, 2 already there"),
        "{out}"
    );
    let article = store::load(&flood).expect("reloads");
    assert_eq!(record(&article, target).remote_id, id, "the same post");
    check_wordpress_post(&wp, &article, &id);

    // Edited in the CMS behind Copydesk's back: refused, and the CMS's
    // text stays.
    wp.post(&format!("posts/{id}"), &json!({ "title": "Flood Wall (edited on the site)" }));
    let before = fs::read(&flood).expect("read");
    let (failed, _, err) = run_publish(&flood, target, &vault, |_| {});
    assert!(failed);
    assert!(err.contains("changed in Courier WordPress since it was last published"), "{err}");
    assert!(err.contains("Headline (differs)") && err.contains("Flood Wall (edited on the site)"), "{err}");
    assert_eq!(
        wp.get(&format!("posts/{id}&context=edit"))["title"]["raw"],
        "Flood Wall (edited on the site)"
    );
    assert_eq!(fs::read(&flood).expect("read"), before, "the article and its record stay as they were");

    // A scheduled story arrives as scheduled.
    let ferry = desk.path().join("ferry-street-bridge-closure.ron");
    let mut article = store::load(&ferry).expect("sample");
    let at = jiff::Timestamp::now() + jiff::SignedDuration::from_hours(72);
    let at = jiff::Timestamp::from_second(at.as_second()).expect("whole seconds");
    article.status = copydesk::model::article::Status::Published;
    article.published_at = Some(at);
    store::save(&ferry, &article).expect("saved");
    let (failed, _, err) = run_publish(&ferry, target, &vault, |_| {});
    assert!(!failed, "{err}");
    let article = store::load(&ferry).expect("reloads");
    let post = wp.get(&format!("posts/{}&context=edit", record(&article, target).remote_id));
    assert_eq!(post["status"], "future");
    assert_eq!(time(post["date_gmt"].as_str().unwrap_or_default()), at);

    // Wrong credentials: said plainly, the secret never shown, nothing
    // changed on disk.
    let keeper = tempfile::tempdir().expect("temp dir");
    let wrong = Vault::file_only(keeper.path().join("credentials.ron"));
    let site = Target { name: target.into(), kind: CmsKind::WordPress, url: wp.url.clone() };
    wrong
        .keep(
            &site,
            &Credential::WordPress {
                user: wp.user.clone(),
                app_password: Secret::new("wxyz wxyz wxyz wxyz wxyz wxyz"),
            },
        )
        .expect("kept");
    let market = desk.path().join("water-street-market-reopens.ron");
    let before = fs::read(&market).expect("read");
    let (failed, out, err) = run_publish(&market, target, &wrong, |_| {});
    assert!(failed);
    assert!(err.contains("refused the credentials (401"), "{err}");
    assert!(!err.contains("wxyz") && !out.contains("wxyz"), "{err}");
    assert_eq!(fs::read(&market).expect("read"), before);

    // The binary, as a script runs it: the secret appears nowhere.
    let rowing = desk.path().join("rowing-regional-title.ron");
    let run = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(["publish", rowing.to_str().expect("utf-8"), "--to", target])
        .env("COPYDESK_WP_USER", &wp.user)
        .env("COPYDESK_WP_APP_PASSWORD", &wp.password)
        .output()
        .expect("copydesk runs");
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(stdout.contains("updated on Courier WordPress (publish)"), "{stdout}");
    for file in fs::read_dir(desk.path()).expect("desk").map(|e| e.expect("entry").path()) {
        let text = String::from_utf8_lossy(&fs::read(&file).expect("read")).into_owned();
        assert!(!text.contains(&wp.password), "{} holds the password", file.display());
    }
    assert!(!stdout.contains(&wp.password) && !String::from_utf8_lossy(&run.stderr).contains(&wp.password));
}

// ---------------------------------------------------------------- Ghost --

fn check_ghost_post(gh: &Ghost, article: &Article, id: &str) -> Value {
    let answer = gh.get(&format!("posts/{id}/?formats=html"));
    let post = answer["posts"][0].clone();
    let what = &article.slug;
    assert_eq!(post["title"], article.headline.as_str(), "{what}: title");
    assert_eq!(post["slug"], article.slug.as_str(), "{what}: slug");
    assert_eq!(post["custom_excerpt"], article.dek.as_str(), "{what}: excerpt");
    let published = article.status == copydesk::model::article::Status::Published;
    assert_eq!(post["status"], if published { "published" } else { "draft" }, "{what}: status");
    if let (true, Some(at)) = (published, article.published_at) {
        assert_eq!(time(post["published_at"].as_str().unwrap_or_default()), at, "{what}: date");
    }
    let tags: Vec<String> = post["tags"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|t| t["name"].as_str().map(str::to_lowercase))
        .collect();
    assert_eq!(
        tags.first(),
        Some(&article.category.to_lowercase()),
        "{what}: the category is the primary tag"
    );
    let mut rest = tags[1..].to_vec();
    rest.sort();
    let mut wanted: Vec<String> = article.tags.iter().map(|t| t.to_lowercase()).collect();
    wanted.sort();
    assert_eq!(rest, wanted, "{what}: tags");
    let lead = article.image.as_ref().expect("a lead picture");
    assert_eq!(post["feature_image_alt"], lead.alt.trim(), "{what}: feature image alt");
    assert!(
        post["feature_image"].as_str().unwrap_or_default().starts_with(&gh.url),
        "{what}: feature image uploaded"
    );
    let html = post["html"].as_str().unwrap_or_default();
    let (headings, alts) = body_expectations(article);
    assert_eq!(texts(html, "h2, h3"), headings, "{what}: headings");
    assert_eq!(attrs(html, "figure img", "alt"), alts, "{what}: body images");
    for correction in &article.corrections {
        assert!(html.contains(correction.text.trim()), "{what}: correction");
    }
    let authors: Vec<&str> =
        post["authors"].as_array().into_iter().flatten().filter_map(|a| a["name"].as_str()).collect();
    for name in &article.bylines {
        assert!(
            html.contains(name.as_str()) || authors.contains(&name.as_str()),
            "{what}: byline {name} kept"
        );
    }
    if let Some(seo) = &article.seo_title {
        assert_eq!(post["meta_title"], seo.as_str(), "{what}: search title");
    }
    if let Some(social) = &article.social_title {
        assert_eq!(post["og_title"], social.as_str(), "{what}: social title");
        assert_eq!(post["twitter_title"], social.as_str(), "{what}: X title");
    }
    post
}

#[test]
fn ghost_takes_every_sample_article_and_never_overwrites_silently() {
    let gh = Ghost::from_env();
    let target = "Courier Ghost";
    let site = Target { name: target.into(), kind: CmsKind::Ghost, url: gh.url.clone() };
    let desk = desk_copy(site.clone());
    gh.delete_posts(&slugs(desk.path()));
    let (_keeper, vault) = vault_for(&site, &gh.credential());
    for path in articles(desk.path()) {
        let (failed, out, err) = run_publish(&path, target, &vault, |_| {});
        assert!(!failed, "{}: {err}", path.display());
        assert!(out.contains("created on Courier Ghost"), "{out}");
        let article = store::load(&path).expect("reloads");
        let post = check_ghost_post(&gh, &article, &record(&article, target).remote_id);
        if article.bylines == ["Lena Ortiz"] {
            assert_eq!(
                post["authors"][0]["name"], "Lena Ortiz",
                "a byline that is a staff user is the author"
            );
        }
    }

    let flood = desk.path().join("kestrel-bend-flood-wall.ron");
    let mut article = store::load(&flood).expect("sample");
    let id = record(&article, target).remote_id.clone();
    article.headline = "Kestrel Bend Approves $62 Million Flood Wall".into();
    store::save(&flood, &article).expect("saved");
    let (failed, out, err) = run_publish(&flood, target, &vault, |_| {});
    assert!(!failed, "{err}");
    assert!(out.contains("updated on Courier Ghost") && out.contains("0 uploaded, 2 already there"), "{out}");
    let article = store::load(&flood).expect("reloads");
    assert_eq!(record(&article, target).remote_id, id);
    check_ghost_post(&gh, &article, &id);

    let post = gh.get(&format!("posts/{id}/"));
    let updated = post["posts"][0]["updated_at"].as_str().unwrap_or_default().to_string();
    // Ghost's modified time has whole seconds: let one pass.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    gh.put(
        &format!("posts/{id}/"),
        &json!({ "posts": [{ "title": "Flood Wall (edited on the site)", "updated_at": updated }] }),
    );
    let before = fs::read(&flood).expect("read");
    let (failed, _, err) = run_publish(&flood, target, &vault, |_| {});
    assert!(failed);
    assert!(
        err.contains("changed in Courier Ghost since it was last published")
            && err.contains("Headline (differs)"),
        "{err}"
    );
    assert_eq!(gh.get(&format!("posts/{id}/"))["posts"][0]["title"], "Flood Wall (edited on the site)");
    assert_eq!(fs::read(&flood).expect("read"), before);
    // Overwrite, as the editor chose it: the post takes our text.
    let (failed, _, err) = run_publish(&flood, target, &vault, |o| o.overwrite = true);
    assert!(!failed, "{err}");
    assert_eq!(
        gh.get(&format!("posts/{id}/"))["posts"][0]["title"],
        "Kestrel Bend Approves $62 Million Flood Wall"
    );

    let ferry = desk.path().join("ferry-street-bridge-closure.ron");
    let mut article = store::load(&ferry).expect("sample");
    let at = jiff::Timestamp::now() + jiff::SignedDuration::from_hours(72);
    let at = jiff::Timestamp::from_second(at.as_second()).expect("whole seconds");
    article.status = copydesk::model::article::Status::Published;
    article.published_at = Some(at);
    store::save(&ferry, &article).expect("saved");
    let (failed, _, err) = run_publish(&ferry, target, &vault, |_| {});
    assert!(!failed, "{err}");
    let article = store::load(&ferry).expect("reloads");
    let post = gh.get(&format!("posts/{}/", record(&article, target).remote_id));
    assert_eq!(post["posts"][0]["status"], "scheduled");
    assert_eq!(time(post["posts"][0]["published_at"].as_str().unwrap_or_default()), at);

    let keeper = tempfile::tempdir().expect("temp dir");
    let wrong = Vault::file_only(keeper.path().join("credentials.ron"));
    let site = Target { name: target.into(), kind: CmsKind::Ghost, url: gh.url.clone() };
    let (key_id, _) = gh.key.split_once(':').expect("id:secret");
    let wrong_key = format!("{key_id}:{}", "ab".repeat(32));
    wrong.keep(&site, &Credential::Ghost { admin_key: Secret::new(wrong_key) }).expect("kept");
    let market = desk.path().join("water-street-market-reopens.ron");
    let before = fs::read(&market).expect("read");
    let (failed, out, err) = run_publish(&market, target, &wrong, |_| {});
    assert!(failed);
    assert!(err.contains("refused the credentials (401: Invalid token"), "{err}");
    assert!(!err.contains("abababab") && !out.contains("abababab"), "{err}");
    assert_eq!(fs::read(&market).expect("read"), before);

    let rowing = desk.path().join("rowing-regional-title.ron");
    let run = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(["publish", rowing.to_str().expect("utf-8"), "--to", target])
        .env("COPYDESK_GHOST_ADMIN_KEY", &gh.key)
        .output()
        .expect("copydesk runs");
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let secret = gh.secret();
    for file in fs::read_dir(desk.path()).expect("desk").map(|e| e.expect("entry").path()) {
        let text = String::from_utf8_lossy(&fs::read(&file).expect("read")).into_owned();
        assert!(!text.contains(secret), "{} holds the key", file.display());
    }
    assert!(
        !String::from_utf8_lossy(&run.stdout).contains(secret)
            && !String::from_utf8_lossy(&run.stderr).contains(secret)
    );
}

#[test]
fn a_dry_run_shows_what_would_be_sent_and_asks_nobody() {
    let dir = tempfile::tempdir().expect("temp dir");
    for name in [
        "kestrel-bend-flood-wall.ron",
        "kestrel-bend-flood-wall.png",
        "kestrel-bend-millrace.png",
        "desk.ron",
    ] {
        fs::copy(Path::new("assets/sample").join(name), dir.path().join(name)).expect("copy");
    }
    let path = dir.path().join("kestrel-bend-flood-wall.ron");
    // An address nothing listens on: a dry run never calls it.
    let run = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args([
            "publish",
            path.to_str().expect("utf-8"),
            "--to",
            "wordpress",
            "--url",
            "http://127.0.0.1:9/",
            "--dry-run",
        ])
        .env_remove("COPYDESK_WP_APP_PASSWORD")
        .output()
        .expect("copydesk runs");
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let shown: Value = serde_json::from_slice(&run.stdout).expect("JSON");
    assert_eq!(shown["post"]["title"], "Kestrel Bend Bets $62 Million on a Flood Wall");
    assert_eq!(shown["post"]["wanted"]["Live"]["at"], "2026-03-10T11:00:00Z");
    assert_eq!(shown["post"]["pictures"].as_array().map(Vec::len), Some(2));
    let body = shown["body_html"].as_str().unwrap_or_default();
    assert!(body.contains("src=\"upload:kestrel-bend-millrace-"), "{body}");
    assert!(body.contains("<h2 data-element=\"heading\">Three Floods in Eight Years</h2>"), "{body}");
    let article: Article = store::load(&path).expect("loads");
    assert!(article.published_to.is_empty(), "nothing recorded");

    let unknown = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(["publish", path.to_str().expect("utf-8"), "--to", "Courier Blog"])
        .output()
        .expect("copydesk runs");
    assert_eq!(unknown.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&unknown.stderr).contains("no target “Courier Blog”"),
        "{}",
        String::from_utf8_lossy(&unknown.stderr)
    );
}
