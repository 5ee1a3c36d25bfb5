//! Recorded answers: the mapping and the error paths without a server.
//! Each test scripts what WordPress or Ghost would answer (in their own
//! words, as the real servers were seen to) and looks at what was sent.
//! Here the fake CMS and the story; the tests by job in the files below.

use std::path::Path;
use std::sync::Mutex;

use serde_json::{Value, json};

use super::http::{Body, Method, Request, Response, Silence};
use super::*;
use crate::model::article::{Block, Correction, CorrectionKind, Image, Status};
use crate::storage::credentials::Secret;

mod failures;
mod ghost_mapping;
mod updates;
mod wordpress_mapping;

/// How a fake CMS answers a request.
type Answer = dyn Fn(&Request) -> Result<Response, Silence> + Send + Sync;

/// A fake CMS: `answer` decides each reply; every request is kept.
struct Recorded {
    answer: Box<Answer>,
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
