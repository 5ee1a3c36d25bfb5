//! Publishing a 20,000-word article with 5 pictures into the local
//! WordPress (`tests/servers/cms.sh start`), against sending the same
//! bytes (the 5 uploads and a post of the same HTML, in the same status)
//! with the same client.
//! Each WordPress request boots PHP in WebAssembly (a second or more on a
//! loaded machine), so this is timed by hand, in rounds that alternate the
//! two (the machine's load moves under a long measurement), not by
//! criterion's hundred samples. Every round has new pictures (one pixel
//! differs), a new slug and a new id, so both sides upload everything.

use std::path::Path;
use std::time::{Duration, Instant};

use copydesk::editing::background::Progress;
use copydesk::model::article::{Article, Block, Image};
use copydesk::output::publish::http::{Body, Method, Request};
use copydesk::output::publish::{Choice, Http, Job, Outgoing, Publisher, Transport};
use copydesk::storage::credentials::{Credential, Secret};
use copydesk::storage::desk::{CmsKind, Target};
use copydesk::testkit::cms::WordPress;
use copydesk::testkit::generate;

/// Measured rounds (after one warm-up round).
const ROUNDS: usize = 3;

pub fn run() {
    // Fails saying how to start the server when it is not running.
    let wp = WordPress::from_env();
    let url = wp.url.clone();
    let target = Target { name: "Bench WordPress".into(), kind: CmsKind::WordPress, url: url.clone() };
    let credential =
        Credential::WordPress { user: wp.user.clone(), app_password: Secret::new(wp.password.clone()) };
    let http = Http::default();
    let mut publisher = Publisher::new(&target, &credential, &http).expect("a publisher");
    let authorization = wp.authorization();
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut published, mut sent) = (Vec::new(), Vec::new());
    let mut bytes = 0;
    for round in 0..=ROUNDS {
        let article = article_with_pictures(dir.path(), round);
        settle(&http, &url, &authorization);
        let started = Instant::now();
        let job = Job {
            article: &article,
            folder: dir.path(),
            settings: copydesk::model::page::Settings::default(),
            target: &target,
            choice: Choice::Careful,
        };
        let outcome = publisher.publish(&job, &Progress::none()).expect("published");
        assert_eq!(outcome.uploaded, 5, "every picture is new");
        let publish_time = started.elapsed();

        // The same bytes, the same client: five uploads, one post.
        let outgoing =
            Outgoing::of(&article, dir.path(), Default::default(), jiff::Timestamp::now()).expect("mapped");
        settle(&http, &url, &authorization);
        let started = Instant::now();
        let mut addresses = Vec::new();
        for picture in &outgoing.pictures {
            let mut request = Request::new(Method::Post, format!("{url}/?rest_route=/wp/v2/media"))
                .header("Authorization", authorization.clone());
            request.body = Body::Upload {
                field: "file",
                file_name: format!("baseline-{}", picture.upload_name),
                mime: picture.mime,
                bytes: picture.bytes.clone(),
                fields: vec![("alt_text", picture.alt.clone()), ("caption", picture.caption.clone())],
            };
            let answer = copydesk::output::publish::http::json(http.send(&request).expect("answers"))
                .expect("uploaded");
            addresses.push(answer["source_url"].as_str().unwrap_or_default().to_string());
        }
        let html = outgoing.body_html(dir.path(), &|p| {
            outgoing.pictures.iter().position(|q| q.hash == p.hash).and_then(|i| addresses.get(i).cloned())
        });
        bytes = html.len() + outgoing.pictures.iter().map(|p| p.size).sum::<usize>();
        let post = serde_json::json!({ "title": outgoing.title, "slug": format!("{}-baseline", outgoing.slug), "content": html, "status": outcome.status });
        let request = Request::new(Method::Post, format!("{url}/?rest_route=/wp/v2/posts"))
            .header("Authorization", authorization.clone())
            .json(post);
        copydesk::output::publish::http::json(http.send(&request).expect("answers")).expect("posted");
        let baseline_time = started.elapsed();
        if round > 0 {
            published.push(publish_time);
            sent.push(baseline_time);
        }
        println!(
            "publish round {round}{}: publish {:.2} s, same bytes {:.2} s",
            if round == 0 { " (warm-up)" } else { "" },
            publish_time.as_secs_f64(),
            baseline_time.as_secs_f64()
        );
    }
    let (publish, baseline) = (median(&mut published), median(&mut sent));
    println!(
        "\n{:<28} {:<26} {:>12} {:>12} {:>7.2}x   ({} KB sent each way)",
        "publish",
        "wordpress 20k + 5 images",
        format!("{:.2} s", publish.as_secs_f64()),
        format!("{:.2} s", baseline.as_secs_f64()),
        publish.as_secs_f64() / baseline.as_secs_f64(),
        bytes / 1024
    );
}

/// Waits, untimed, for the work WordPress defers to the request after a
/// write. Publishing a post (status `publish`) schedules a cron job that
/// requests every address in its body (enclosures); with one PHP worker
/// that runs inside the next request, 10 s and more for five pictures, so
/// without this each side would pay for the other's post.
fn settle(http: &Http, url: &str, authorization: &str) {
    let request = Request::new(Method::Get, format!("{url}/?rest_route=/wp/v2/posts&per_page=1&_fields=id"))
        .header("Authorization", authorization.to_string());
    copydesk::output::publish::http::json(http.send(&request).expect("answers")).expect("settled");
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times.get(times.len() / 2).copied().unwrap_or_default()
}

/// The generated 20,000-word article with its pictures replaced by five
/// local ones, new for this round.
fn article_with_pictures(folder: &Path, round: usize) -> Article {
    let mut article = generate::article(20_000, 20);
    article.id = Some(copydesk::model::article::new_id());
    article.slug = format!("bench-publish-{}-{round}", std::process::id());
    // A draft on both sides: a published post sets WordPress's enclosure
    // cron off (see `settle`), WordPress's cost, not the client's.
    article.status = copydesk::model::article::Status::Draft;
    article.body.retain(|block| !matches!(block, Block::Image(_)));
    let every = article.body.len() / 6;
    for n in 0..5 {
        let name = format!("bench-{round}-{n}.png");
        // New bytes per run and round, so a server an earlier run used
        // holds none of them.
        write_picture(&folder.join(&name), std::process::id() as usize * 100 + round * 10 + n);
        let image = Image {
            alt: format!("Bench picture {n}"),
            caption: "A made-up picture.".into(),
            credit: "Bench".into(),
            src: name,
            ..Image::default()
        };
        if n == 0 {
            article.image = Some(image);
        } else {
            article.body.insert((n * every).min(article.body.len()), Block::Image(image));
        }
    }
    article
}

/// A 640×400 PNG of a few hundred kilobytes whose bytes differ per `seed`.
fn write_picture(path: &Path, seed: usize) {
    let mut state = 0x9e37_79b9_7f4a_7c15_u64 ^ seed as u64;
    let image = image::RgbImage::from_fn(640, 400, |x, y| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let noise = (state & 0x3f) as u8;
        image::Rgb([(x / 3) as u8 ^ noise, (y / 2) as u8, noise.wrapping_mul(3)])
    });
    image.save(path).expect("picture written");
}
