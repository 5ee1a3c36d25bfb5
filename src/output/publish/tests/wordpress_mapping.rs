//! WordPress's mapping on recorded answers: terms, media, author, status,
//! and its refusals in its own words.

use super::*;

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
    assert!(content.contains("<aside class=\"corrections\""), "{content}");
    assert_eq!(
        content.matches("The pier is on Dock Street.").count(),
        1,
        "the correction once, at the foot, not also in the body: {content}"
    );
    let foot = content.find("The pier is on Dock Street.").unwrap_or(0);
    assert!(foot > content.find("Captain Ines Marr").unwrap_or(usize::MAX), "after the body: {content}");
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

#[test]
fn wordpress_refusals_keep_its_words_and_name_the_step() {
    let dir = folder_with_pictures();
    let story = Article { bylines: Vec::new(), ..article() };
    let case = |answer: fn(&Request) -> Option<Result<Response, Silence>>| {
        let fake =
            Recorded::new(move |request| answer(request).unwrap_or_else(|| wp_fake(false).send(request)));
        let error = run(&wp_target(), &wp_login(), &fake, &story, dir.path(), Choice::Careful)
            .expect_err("refused")
            .to_string();
        (error, fake)
    };
    // An Author's account trying to publish: 403 in WordPress's words.
    let (forbidden, _) = case(|r| {
        (r.method == Method::Post && r.url.contains("/wp/v2/posts")).then(|| {
            ok(403, json!({ "code": "rest_cannot_publish", "message": "Sorry, you are not allowed to publish posts as this user.", "data": { "status": 403 } }))
        })
    });
    assert_eq!(
        forbidden,
        "creating the post: the credentials are not allowed to do this (403: Sorry, you are not allowed to \
         publish posts as this user. [rest_cannot_publish]); ask the site's administrator for the right role"
    );
    // A field WordPress refused: its own message, the step, nothing else sent.
    let (refused, fake) = case(|r| {
        (r.method == Method::Post && r.url.contains("/wp/v2/posts")).then(|| {
            ok(400, json!({ "code": "rest_invalid_param", "message": "Invalid parameter(s): date_gmt", "data": { "status": 400, "params": { "date_gmt": "Invalid date." } } }))
        })
    });
    assert!(
        refused.starts_with(
            "creating the post: the CMS refused it (400: Invalid parameter(s): date_gmt [rest_invalid_param])"
        ),
        "{refused}"
    );
    assert_eq!(fake.count(Method::Post, "/wp/v2/posts"), 1, "tried once, not again");
    // A wrong application password: WordPress's 401 on the first read.
    let (unknown, fake) = case(|r| {
        (r.method == Method::Get).then(|| {
            ok(401, json!({ "code": "rest_not_logged_in", "message": "You are not currently logged in.", "data": { "status": 401 } }))
        })
    });
    assert!(
        unknown.contains(
            "the site refused the credentials (401: You are not currently logged in. [rest_not_logged_in]); \
             check the user and application password"
        ),
        "{unknown}"
    );
    assert!(!unknown.contains("abcd"), "the password is never in the message");
    assert_eq!(fake.count(Method::Post, "/wp/v2/"), 0, "nothing written after a refused login");
}
