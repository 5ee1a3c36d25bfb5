//! Failures on recorded answers: each names its step and says what to do,
//! a cancel stops before the post, a missing picture before anything.

use super::*;

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
fn a_missing_picture_stops_before_anything_is_sent() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fake = ghost_fake();
    let error = run(&ghost_target(), &ghost_key(), &fake, &article(), dir.path(), Choice::Careful)
        .expect_err("no picture");
    assert!(error.to_string().contains("picture “ferry.png”"), "{error}");
    assert!(fake.sent().is_empty());
}
