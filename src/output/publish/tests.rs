//! Recorded answers: the mapping and the error paths without a server.
//! Each test scripts what WordPress or Ghost would answer (in their own
//! words, as the real servers were seen to) and looks at what was sent.

use std::path::Path;
use std::sync::Mutex;

use serde_json::{Value, json};

use super::http::{Body, Method, Request, Response, Silence};
use super::*;
use crate::model::article::{Block, Correction, CorrectionKind, Image, Status};
use crate::storage::credentials::Secret;

/// A fake CMS: `answer` decides each reply; every request is kept.
struct Recorded {
    answer: Box<dyn Fn(&Request) -> Result<Response, Silence> + Send + Sync>,
    sent: Mutex<Vec<Request>>,
}

impl Recorded {
    fn new(answer: impl Fn(&Request) -> Result<Response, Silence> + Send + Sync + 'static) -> Recorded {
        Recorded { answer: Box::new(answer), sent: Mutex::new(Vec::new()) }
    }

    fn sent(&self) -> Vec<Request> {
        self.sent.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// The JSON body of the one request whose method and URL match.
    fn body_of(&self, method: Method, url_part: &str) -> Value {
        let found: Vec<Request> =
            self.sent().into_iter().filter(|r| r.method == method && r.url.contains(url_part)).collect();
        assert_eq!(
            found.len(),
            1,
            "{method:?} {url_part}: {:?}",
            self.sent().iter().map(|r| &r.url).collect::<Vec<_>>()
        );
        match &found[0].body {
            Body::Json(value) => value.clone(),
            other => panic!("not JSON: {other:?}"),
        }
    }

    fn count(&self, method: Method, url_part: &str) -> usize {
        self.sent().iter().filter(|r| r.method == method && r.url.contains(url_part)).count()
    }
}

impl Transport for Recorded {
    fn send(&self, request: &Request) -> Result<Response, Silence> {
        if let Ok(mut sent) = self.sent.lock() {
            sent.push(request.clone());
        }
        (self.answer)(request)
    }
}

fn ok(status: u16, value: Value) -> Result<Response, Silence> {
    Ok(Response {
        status,
        content_type: "application/json; charset=UTF-8".into(),
        location: None,
        body: value.to_string().into_bytes(),
    })
}

/// A 2×1 PNG, written beside the article.
fn picture(folder: &Path, name: &str, red: u8) {
    let mut bytes = Vec::new();
    let image = image::RgbImage::from_pixel(2, 1, image::Rgb([red, 20, 20]));
    image::DynamicImage::ImageRgb8(image)
        .write_to(&mut std::io::Cursor::new(&mut bytes), image::ImageFormat::Png)
        .expect("encode");
    std::fs::write(folder.join(name), bytes).expect("write picture");
}

fn article() -> Article {
    Article {
        id: Some("5e9069b0-c648-4056-807d-a85bee172ade".into()),
        slug: "harbour-ferry-returns".into(),
        headline: "Harbour Ferry Returns After Storm".into(),
        dek: "Service resumes Monday.".into(),
        category: "Local".into(),
        tags: vec!["ferries".into(), "storms".into()],
        bylines: vec!["Lena Ortiz".into(), "Tomas Berg".into()],
        status: Status::Published,
        published_at: Some("2026-03-10T11:00:00Z".parse().expect("time")),
        image: Some(Image {
            alt: "The ferry at the pier".into(),
            caption: "Back in service.".into(),
            credit: "Courier".into(),
            src: "ferry.png".into(),
            ..Image::default()
        }),
        body: vec![
            Block::Paragraph("The ferry {++finally ++}sails *again*.".into()),
            Block::Heading { level: 2, text: "The Repairs".into() },
            Block::Image(Image {
                alt: "A welder at work".into(),
                src: "welder.png".into(),
                ..Image::default()
            }),
            Block::Quote { text: "We are back.".into(), attribution: Some("Captain Ines Marr".into()) },
        ],
        corrections: vec![Correction {
            at: "2026-03-11T09:00:00Z".parse().expect("time"),
            kind: CorrectionKind::Correction,
            text: "The pier is on Dock Street.".into(),
        }],
        seo_title: Some("Ferry back after storm".into()),
        ..Article::default()
    }
}

fn folder_with_pictures() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    picture(dir.path(), "ferry.png", 200);
    picture(dir.path(), "welder.png", 90);
    dir
}

fn ghost_target() -> Target {
    Target { name: "Courier Ghost".into(), kind: CmsKind::Ghost, url: "http://ghost.test/".into() }
}

fn wp_target() -> Target {
    Target { name: "Courier WordPress".into(), kind: CmsKind::WordPress, url: "http://wp.test".into() }
}

fn ghost_key() -> Credential {
    Credential::Ghost {
        admin_key: Secret::new("6b158e6b:0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9"),
    }
}

fn wp_login() -> Credential {
    Credential::WordPress {
        user: "copydesk".into(),
        app_password: Secret::new("abcd efgh ijkl mnop qrst uvwx"),
    }
}

/// Ghost's echo of a post it saved.
fn ghost_post(id: &str, updated: &str, status: &str, body: &Value) -> Value {
    let post = &body["posts"][0];
    json!({ "posts": [{
        "id": id, "uuid": "u", "slug": post["slug"], "title": post["title"], "status": status,
        "url": format!("http://ghost.test/{}/", post["slug"].as_str().unwrap_or_default()),
        "updated_at": updated, "published_at": post["published_at"], "custom_excerpt": post["custom_excerpt"],
        "html": post["html"], "tags": post["tags"], "authors": [{ "name": "Lena Ortiz" }],
        "feature_image": post["feature_image"], "feature_image_alt": post["feature_image_alt"],
        "codeinjection_head": post["codeinjection_head"],
    }]})
}

fn ghost_fake() -> Recorded {
    Recorded::new(|request| {
        let url = request.url.as_str();
        match request.method {
            Method::Get if url.contains("/users/") => ok(
                200,
                json!({ "users": [
                    { "id": "u-owner", "name": "Copydesk Owner" }, { "id": "u-lena", "name": "Lena Ortiz" }
                ]}),
            ),
            Method::Get if url.contains("/posts/slug/") => {
                ok(404, json!({ "errors": [{ "message": "Resource not found", "type": "NotFoundError" }] }))
            }
            Method::Head => {
                Ok(Response { status: 404, content_type: "text/html".into(), ..Response::default() })
            }
            Method::Post if url.contains("/images/upload/") => {
                let Body::Upload { file_name, .. } = &request.body else { panic!("not an upload") };
                ok(
                    201,
                    json!({ "images": [{ "url": format!("http://ghost.test/content/images/2026/12/{file_name}"), "ref": file_name }] }),
                )
            }
            Method::Post if url.contains("/posts/") => {
                let Body::Json(body) = &request.body else { panic!("not JSON") };
                let status = body["posts"][0]["status"].as_str().unwrap_or_default().to_string();
                ok(201, ghost_post("p1", "2026-12-06T17:50:44.000Z", &status, body))
            }
            _ => panic!("unexpected {:?} {url}", request.method),
        }
    })
}

fn run(
    target: &Target,
    credential: &Credential,
    fake: &Recorded,
    article: &Article,
    folder: &Path,
    choice: Choice,
) -> Result<Outcome, PublishError> {
    let mut publisher = Publisher::new(target, credential, fake).expect("a publisher");
    let job = Job { article, folder, settings: page::Settings::default(), target, choice };
    publisher.publish(&job, &Progress::none())
}

#[test]
fn ghost_gets_every_field_where_it_keeps_it() {
    let dir = folder_with_pictures();
    let fake = ghost_fake();
    let mut story = article();
    story.published_at = Some(jiff::Timestamp::now() + jiff::SignedDuration::from_hours(48));
    let outcome =
        run(&ghost_target(), &ghost_key(), &fake, &story, dir.path(), Choice::Careful).expect("published");
    assert!(outcome.created);
    assert_eq!(outcome.uploaded, 2);
    assert_eq!(outcome.publication.target, "Courier Ghost");
    assert_eq!(outcome.publication.remote_id, "p1");
    assert_eq!(
        outcome.publication.remote_modified,
        "2026-12-06T17:50:44Z".parse::<jiff::Timestamp>().expect("time")
    );
    let post = &fake.body_of(Method::Post, "/posts/?source=html")["posts"][0];
    assert_eq!(post["status"], "scheduled", "a future time schedules it");
    assert_eq!(post["published_at"], story.published_at.map(|t| t.to_string()).unwrap_or_default());
    assert_eq!(post["title"], "Harbour Ferry Returns After Storm");
    assert_eq!(post["custom_excerpt"], "Service resumes Monday.");
    assert_eq!(post["tags"], json!([{ "name": "Local" }, { "name": "ferries" }, { "name": "storms" }]));
    assert_eq!(post["authors"], json!([{ "id": "u-lena" }]), "only the byline with a staff user");
    assert_eq!(post["meta_title"], "Ferry back after storm");
    assert_eq!(post["feature_image_alt"], "The ferry at the pier");
    assert!(post["feature_image"].as_str().unwrap_or_default().contains("/ferry-"), "{post}");
    assert!(post["codeinjection_head"].as_str().unwrap_or_default().contains("5e9069b0-c648"));
    let html = post["html"].as_str().unwrap_or_default();
    assert!(
        html.starts_with("<!--kg-card-begin: html--><p class=\"byline\">By Lena Ortiz and Tomas Berg</p>"),
        "{html}"
    );
    assert!(html.contains("The ferry sails <em>again</em>."), "an open suggestion is left out: {html}");
    assert!(html.contains("<h2 data-element=\"heading\">The Repairs</h2>"), "{html}");
    assert!(html.contains("alt=\"A welder at work\""), "{html}");
    assert!(html.contains("<p class=\"attribution\">— Captain Ines Marr</p>"), "{html}");
    assert!(
        html.contains("<strong>Correction, March 11, 2026:</strong> The pier is on Dock Street."),
        "{html}"
    );
    assert!(!html.contains("ferry.png\""), "local paths are replaced: {html}");
    assert!(outcome.notes.iter().any(|n| n.contains("Tomas Berg")), "{:?}", outcome.notes);
    // The token is sent, never the key's secret.
    let auth = fake.sent()[0]
        .headers
        .iter()
        .find(|(n, _)| *n == "Authorization")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    assert!(auth.starts_with("Ghost ey"), "{auth}");
    assert!(!auth.contains("0a1b2c3d4e5f"), "{auth}");
}

#[test]
fn ghost_token_is_hs256_for_five_minutes_with_the_key_id() {
    let fake = ghost_fake();
    let key = Credential::Ghost { admin_key: Secret::new("6b158e6b:0a1b") };
    let dir = folder_with_pictures();
    run(&ghost_target(), &key, &fake, &article(), dir.path(), Choice::Careful).expect("published");
    let auth = fake.sent()[0]
        .headers
        .iter()
        .find(|(n, _)| *n == "Authorization")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let token = auth.trim_start_matches("Ghost ");
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::HS256);
    validation.set_audience(&["/admin/"]);
    let decoded = jsonwebtoken::decode::<Value>(
        token,
        &jsonwebtoken::DecodingKey::from_secret(&[0x0a, 0x1b]).expect("a key"),
        &validation,
    )
    .expect("valid token");
    assert_eq!(decoded.header.kid.as_deref(), Some("6b158e6b"));
    let (iat, exp) =
        (decoded.claims["iat"].as_i64().unwrap_or(0), decoded.claims["exp"].as_i64().unwrap_or(0));
    assert_eq!(exp - iat, 300);
}

fn wp_fake(existing_media: bool) -> Recorded {
    Recorded::new(move |request| {
        let url = request.url.as_str();
        match request.method {
            Method::Get if url.contains("/wp/v2/users") => {
                ok(200, json!([{ "id": 1, "name": "admin" }, { "id": 3, "name": "Lena Ortiz" }]))
            }
            Method::Get if url.contains("/wp/v2/categories") => ok(200, json!([])),
            Method::Post if url.contains("/wp/v2/categories") => ok(
                400,
                json!({ "code": "term_exists", "message": "A term with the name provided already exists.", "data": { "status": 400, "term_id": 7 } }),
            ),
            Method::Get if url.contains("/wp/v2/tags") => {
                ok(200, json!([{ "id": 11, "name": "ferries", "slug": "ferries" }]))
            }
            Method::Post if url.contains("/wp/v2/tags") => {
                ok(201, json!({ "id": 12, "name": "storms", "slug": "storms" }))
            }
            Method::Get if url.contains("/wp/v2/media") => {
                if existing_media {
                    let slugs =
                        url.split("slug=").nth(1).unwrap_or_default().replace("%2C", ",").replace("%2D", "-");
                    let media: Vec<Value> = slugs.split(',').enumerate().map(|(n, slug)| json!({
                        "id": 40 + n, "slug": slug, "source_url": format!("http://wp.test/wp-content/uploads/{slug}.png"),
                        "alt_text": if n == 0 { "The ferry at the pier" } else { "old alt" },
                        "caption": { "raw": if n == 0 { "Back in service. Courier" } else { "" } },
                    })).collect();
                    ok(200, Value::Array(media))
                } else {
                    ok(200, json!([]))
                }
            }
            Method::Post if url.contains("/wp/v2/media/") => ok(200, json!({ "id": 41 })),
            Method::Post if url.contains("/wp/v2/media") => {
                ok(201, json!({ "id": 50, "source_url": "http://wp.test/wp-content/uploads/x.png" }))
            }
            Method::Get if url.contains("/wp/v2/posts&") => ok(200, json!([])),
            Method::Post if url.contains("/wp/v2/posts") => {
                let Body::Json(body) = &request.body else { panic!("not JSON") };
                ok(
                    201,
                    json!({ "id": 9, "link": "http://wp.test/?p=9", "status": body["status"], "modified_gmt": "2026-12-06T17:50:13",
                    "slug": body["slug"], "title": { "raw": body["title"] }, "content": { "raw": body["content"] } }),
                )
            }
            _ => panic!("unexpected {:?} {url}", request.method),
        }
    })
}

#[test]
fn wordpress_terms_media_author_and_status() {
    let dir = folder_with_pictures();
    let fake = wp_fake(true);
    let story = Article { status: Status::Ready, ..article() };
    let outcome =
        run(&wp_target(), &wp_login(), &fake, &story, dir.path(), Choice::Careful).expect("published");
    assert_eq!((outcome.uploaded, outcome.reused), (0, 2), "both pictures found by their hashed names");
    assert_eq!(fake.count(Method::Post, "/wp/v2/media&") + fake.count(Method::Post, "/wp/v2/media\u{0}"), 0);
    assert_eq!(fake.count(Method::Post, "/wp/v2/media/41"), 1, "the changed alt text is updated");
    assert_eq!(fake.count(Method::Post, "/wp/v2/media/40"), 0, "an unchanged one is left alone");
    let post = fake.body_of(Method::Post, "/wp/v2/posts");
    assert_eq!(post["status"], "pending", "Ready waits for review");
    assert_eq!(post["categories"], json!([7]), "term_exists gives the id");
    assert_eq!(post["tags"], json!([11, 12]));
    assert_eq!(post["author"], 3);
    assert_eq!(post["featured_media"], 40);
    assert!(post.get("date_gmt").is_none(), "not live yet: no date");
    let content = post["content"].as_str().unwrap_or_default();
    assert!(content.starts_with("<p class=\"byline\">By Lena Ortiz and Tomas Berg</p>"), "{content}");
    assert!(content.contains("<!-- copydesk:article 5e9069b0-c648-4056-807d-a85bee172ade -->"));
    assert!(content.contains("<aside class=\"corrections\">"), "{content}");
    assert!(outcome.notes.iter().any(|n| n.contains("search and social")), "{:?}", outcome.notes);
    let auth = fake.sent()[0]
        .headers
        .iter()
        .find(|(n, _)| *n == "Authorization")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    assert!(auth.starts_with("Basic ") && !auth.contains("abcd"), "encoded, never plain");
}

#[test]
fn new_pictures_are_uploaded_with_their_alt_text_in_one_request() {
    let dir = folder_with_pictures();
    let fake = wp_fake(false);
    let outcome =
        run(&wp_target(), &wp_login(), &fake, &article(), dir.path(), Choice::Careful).expect("published");
    assert_eq!(outcome.uploaded, 2);
    let uploads: Vec<Request> =
        fake.sent().into_iter().filter(|r| matches!(r.body, Body::Upload { .. })).collect();
    assert_eq!(uploads.len(), 2);
    let Body::Upload { fields, file_name, .. } = &uploads[0].body else { panic!() };
    assert!(file_name.starts_with("ferry-") && file_name.ends_with(".png"), "{file_name}");
    assert!(fields.contains(&("alt_text", "The ferry at the pier".to_string())));
    let post = fake.body_of(Method::Post, "/wp/v2/posts");
    assert_eq!(post["status"], "publish");
    assert_eq!(post["date_gmt"], "2026-03-10T11:00:00Z");
}

fn published_before(modified: &str) -> Article {
    Article {
        published_to: vec![Publication {
            target: "Courier Ghost".into(),
            remote_id: "p1".into(),
            url: "http://ghost.test/harbour-ferry-returns/".into(),
            remote_modified: modified.parse().expect("time"),
        }],
        ..article()
    }
}

fn ghost_with_post(updated: &'static str, title: &'static str) -> Recorded {
    Recorded::new(move |request| {
        let url = request.url.as_str();
        match request.method {
            Method::Get if url.contains("/posts/p1/") => ok(
                200,
                json!({ "posts": [{
                    "id": "p1", "title": title, "slug": "harbour-ferry-returns", "status": "published",
                    "url": "http://ghost.test/harbour-ferry-returns/", "updated_at": updated,
                    "custom_excerpt": "Service resumes Monday.", "html": "<p>The ferry sails <em>again</em>.</p>",
                    "tags": [{ "name": "Local" }], "feature_image": null,
                }]}),
            ),
            Method::Get if url.contains("/users/") => ok(200, json!({ "users": [] })),
            Method::Head => Ok(Response { status: 404, ..Response::default() }),
            Method::Post if url.contains("/images/upload/") => {
                ok(201, json!({ "images": [{ "url": "http://ghost.test/content/images/x.png" }] }))
            }
            Method::Put if url.contains("/posts/p1/") => {
                let Body::Json(body) = &request.body else { panic!("not JSON") };
                ok(200, ghost_post("p1", "2026-12-07T08:00:00.000Z", "published", body))
            }
            _ => panic!("unexpected {:?} {url}", request.method),
        }
    })
}

#[test]
fn a_post_changed_in_the_cms_is_not_overwritten_without_asking() {
    let dir = folder_with_pictures();
    let fake = ghost_with_post("2026-12-06T18:00:00.000Z", "Ferry Back (edited on the site)");
    let story = published_before("2026-12-06T17:50:44Z");
    let Err(PublishError::Conflict(conflict)) =
        run(&ghost_target(), &ghost_key(), &fake, &story, dir.path(), Choice::Careful)
    else {
        panic!("a conflict")
    };
    assert_eq!(fake.count(Method::Put, "/posts/"), 0, "nothing sent");
    assert_eq!(fake.count(Method::Post, "/images/"), 0, "not even pictures");
    let headline = conflict.fields.iter().find(|f| f.label == "Headline").expect("headline row");
    assert!(headline.differs());
    assert_eq!(headline.cms, "Ferry Back (edited on the site)");
    assert_eq!(headline.ours, "Harbour Ferry Returns After Storm");
    let dek = conflict.fields.iter().find(|f| f.label == "Dek (excerpt)").expect("dek row");
    assert!(!dek.differs());

    // Overwrite for another version than the one shown: still refused.
    let stale = Choice::Overwrite("2026-12-06T17:55:00Z".parse().expect("time"));
    assert!(matches!(
        run(&ghost_target(), &ghost_key(), &fake, &story, dir.path(), stale),
        Err(PublishError::Conflict(_))
    ));
    // For the version shown: sent, with Ghost's own collision token.
    let outcome = run(
        &ghost_target(),
        &ghost_key(),
        &fake,
        &story,
        dir.path(),
        Choice::Overwrite(conflict.remote.modified),
    )
    .expect("overwritten");
    assert!(!outcome.created);
    let put = fake.body_of(Method::Put, "/posts/p1/");
    assert_eq!(put["posts"][0]["updated_at"], "2026-12-06T18:00:00.000Z");
    assert!(
        put["posts"][0].get("codeinjection_head").is_none(),
        "the head code is the site's after creation"
    );
}

#[test]
fn an_unchanged_post_is_updated_and_a_deleted_one_offered_anew() {
    let dir = folder_with_pictures();
    let fake = ghost_with_post("2026-12-06T17:50:44.000Z", "Harbour Ferry Returns After Storm");
    let story = published_before("2026-12-06T17:50:44Z");
    let outcome =
        run(&ghost_target(), &ghost_key(), &fake, &story, dir.path(), Choice::Careful).expect("updated");
    assert!(!outcome.created);
    assert_eq!(
        outcome.publication.remote_modified,
        "2026-12-07T08:00:00Z".parse::<jiff::Timestamp>().expect("time")
    );
    let mut recorded = story.clone();
    record(&mut recorded, &outcome);
    assert_eq!(recorded.published_to.len(), 1, "the entry is replaced, not added");

    let gone = Recorded::new(|request| match request.method {
        Method::Get if request.url.contains("/posts/p1/") => {
            ok(404, json!({ "errors": [{ "message": "Post not found.", "type": "NotFoundError" }] }))
        }
        _ => ghost_fake().send(request),
    });
    let Err(PublishError::Deleted { url }) =
        run(&ghost_target(), &ghost_key(), &gone, &story, dir.path(), Choice::Careful)
    else {
        panic!("deleted")
    };
    assert_eq!(url, "http://ghost.test/harbour-ferry-returns/");
    let outcome = run(&ghost_target(), &ghost_key(), &gone, &story, dir.path(), Choice::Recreate)
        .expect("created anew");
    assert!(outcome.created);
}

#[test]
fn a_post_left_by_a_lost_answer_is_finished_not_duplicated() {
    let dir = folder_with_pictures();
    let fake = Recorded::new(|request| {
        let url = request.url.as_str();
        match request.method {
            Method::Get if url.contains("/wp/v2/posts&") => ok(
                200,
                json!([{
                    "id": 9, "link": "http://wp.test/?p=9", "status": "draft", "modified_gmt": "2026-12-06T17:50:13", "slug": "harbour-ferry-returns",
                    "title": { "raw": "Harbour Ferry Returns After Storm" },
                    "content": { "raw": "<p>x</p>\n<!-- copydesk:article 5e9069b0-c648-4056-807d-a85bee172ade -->" },
                }]),
            ),
            _ => wp_fake(true).send(request),
        }
    });
    let outcome =
        run(&wp_target(), &wp_login(), &fake, &article(), dir.path(), Choice::Careful).expect("published");
    assert!(!outcome.created, "the post made before is updated");
    assert_eq!(fake.count(Method::Post, "/wp/v2/posts/9"), 1);
    assert_eq!(outcome.publication.remote_id, "9");
}

#[test]
fn every_failure_names_its_step() {
    let dir = folder_with_pictures();
    let story = Article { bylines: Vec::new(), ..article() };
    let case = |answer: fn(&Request) -> Option<Result<Response, Silence>>| {
        let fake =
            Recorded::new(move |request| answer(request).unwrap_or_else(|| ghost_fake().send(request)));
        run(&ghost_target(), &ghost_key(), &fake, &story, dir.path(), Choice::Careful)
            .expect_err("fails")
            .to_string()
    };
    let html = case(|r| {
        matches!(r.body, Body::Upload { .. }).then(|| {
            Ok(Response {
                status: 502,
                content_type: "text/html".into(),
                location: None,
                body: b"<html><title>502 Bad Gateway</title></html>".to_vec(),
            })
        })
    });
    assert!(html.starts_with("uploading image 1/2 (ferry-") && html.contains("502 Bad Gateway"), "{html}");
    let cut = case(|r| {
        (r.method == Method::Post && r.url.contains("/posts/")).then(|| {
            Ok(Response {
                status: 201,
                content_type: "application/json".into(),
                location: None,
                body: b"{\"posts\":[{\"id\":\"p".to_vec(),
            })
        })
    });
    assert!(cut.starts_with("creating the post: the CMS's answer is cut short"), "{cut}");
    let login = case(|r| {
        (r.method == Method::Get).then(|| {
            Ok(Response {
                status: 302,
                location: Some("http://ghost.test/ghost/#/signin".into()),
                ..Response::default()
            })
        })
    });
    assert!(login.starts_with("looking for an earlier try: the site sent a login page"), "{login}");
    let silent = case(|r| (r.method == Method::Post).then_some(Err(Silence::TimedOut)));
    assert!(silent.contains("did not answer within"), "{silent}");
    let refused = case(|r| {
        (r.method == Method::Post && r.url.contains("/posts/")).then(|| ok(401, json!({ "errors": [{ "message": "Invalid token: invalid signature", "type": "UnauthorizedError", "code": "INVALID_JWT" }] })))
    });
    assert!(
        refused.starts_with(
            "creating the post: the site refused the credentials (401: Invalid token: invalid signature)"
        ),
        "{refused}"
    );
    let down = case(|_| Some(Err(Silence::Unreachable("connection refused".into()))));
    assert!(down.contains("could not be reached (connection refused)"), "{down}");
}

#[test]
fn a_cancelled_publish_stops_before_the_post() {
    let dir = folder_with_pictures();
    let (release, wait) = std::sync::mpsc::channel::<()>();
    let wait = Mutex::new(wait);
    let fake = std::sync::Arc::new(Recorded::new(move |request| {
        if matches!(request.body, Body::Upload { .. })
            && let Ok(wait) = wait.lock()
        {
            let _ = wait.recv_timeout(std::time::Duration::from_secs(5));
        }
        ghost_fake().send(request)
    }));
    let jobs = crate::editing::background::Jobs::default();
    let shared = fake.clone();
    let story = Article { bylines: Vec::new(), ..article() };
    let folder = dir.path().to_path_buf();
    let mut job = jobs.spawn("publish", move |progress| {
        let target = ghost_target();
        let mut publisher = Publisher::new(&target, &ghost_key(), &*shared).expect("publisher");
        let job = Job {
            article: &story,
            folder: &folder,
            settings: page::Settings::default(),
            target: &target,
            choice: Choice::Careful,
        };
        publisher.publish(&job, progress)
    });
    while fake.count(Method::Post, "/images/upload/") == 0 {
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    job.cancel();
    let _ = release.send(());
    let result = job.wait().expect("a result");
    assert!(matches!(result, Err(PublishError::Cancelled(_))), "{result:?}");
    assert_eq!(fake.count(Method::Post, "/posts/"), 0, "no post");
}

#[test]
fn scheduled_and_review_statuses_map_per_cms() {
    let now: jiff::Timestamp = "2026-12-06T12:00:00Z".parse().expect("time");
    let at = |s: &str| Some(s.parse::<jiff::Timestamp>().expect("time"));
    let story = |status, published: Option<jiff::Timestamp>, embargo| Article {
        status,
        published_at: published,
        embargo_until: embargo,
        ..Article::default()
    };
    assert_eq!(Wanted::of(&story(Status::Edit, None, None), now), Wanted::Draft);
    assert_eq!(Wanted::of(&story(Status::Ready, None, None), now), Wanted::Review);
    assert_eq!(
        Wanted::of(&story(Status::Published, at("2026-12-01T00:00:00Z"), None), now),
        Wanted::Live { at: at("2026-12-01T00:00:00Z") }
    );
    assert_eq!(
        Wanted::of(&story(Status::Published, at("2026-12-01T00:00:00Z"), at("2026-12-08T06:00:00Z")), now),
        Wanted::Scheduled { at: "2026-12-08T06:00:00Z".parse().expect("time") },
        "the embargo holds it back"
    );
}

#[test]
fn a_missing_picture_stops_before_anything_is_sent() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fake = ghost_fake();
    let error = run(&ghost_target(), &ghost_key(), &fake, &article(), dir.path(), Choice::Careful)
        .expect_err("no picture");
    assert!(error.to_string().contains("picture “ferry.png”"), "{error}");
    assert!(fake.sent().is_empty());
}
