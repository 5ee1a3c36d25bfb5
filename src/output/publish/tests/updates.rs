//! Publishing again on recorded answers: a post changed in the CMS is not
//! overwritten without asking, a deleted one is offered anew, a lost
//! answer is finished rather than duplicated, and statuses per CMS.

use super::*;

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
