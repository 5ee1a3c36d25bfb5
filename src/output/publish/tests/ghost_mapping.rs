//! Ghost's mapping on recorded answers: every field where Ghost keeps it,
//! and the Admin API token.

use super::*;

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
    assert!(html.contains("<aside class=\"corrections\""), "the page's own corrections markup: {html}");
    assert!(html.contains(">March 11, 2026</time>:</strong> The pier is on Dock Street."), "{html}");
    assert_eq!(
        html.matches("The pier is on Dock Street.").count(),
        1,
        "the correction once, at the foot: {html}"
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
