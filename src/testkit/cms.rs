//! The test WordPress and Ghost that `tests/servers/cms.sh` starts, as the
//! tests and the publish benchmark reach them: their addresses and
//! credentials from the environment or from starting them (`servers`), checked to answer before a test
//! relies on them (a test that cannot reach its server fails saying why and
//! how to start it, it never skips), and plain requests to each CMS's own
//! API, signed as the CMS documents it and independent of Copydesk's
//! publisher, so a test reads back what really landed.

use std::time::Duration;

use base64::Engine as _;
use serde_json::{Value, json};

use crate::storage::credentials::{Credential, Secret};

/// How to bring the servers up, for every failure that is about them.
const HOW_TO_START: &str = "start them with `env=$(bash tests/servers/cms.sh start); eval \"$env\"` \
     and run the tests in that shell (.ci/run does this)";

/// A test's requests wait this long: a WordPress request boots PHP in
/// WebAssembly and takes seconds on a loaded machine.
const PATIENCE: Duration = Duration::from_secs(120);

/// A variable `cms.sh start` exports: from the environment, else from
/// starting the servers once (see `servers`).
fn required(name: &str) -> String {
    super::servers::var("cms", name)
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder().timeout_global(Some(PATIENCE)).http_status_as_error(false).build().into()
}

/// Sends a request and reads its JSON answer, failing with the status and
/// the body when it is not a success.
fn answer(server: &str, what: &str, sent: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Value {
    let mut response = sent
        .unwrap_or_else(|e| panic!("the {server} test server did not answer {what}: {e}; {HOW_TO_START}"));
    let status = response.status().as_u16();
    let bytes = response.body_mut().read_to_vec().unwrap_or_default();
    if !(200..300).contains(&status) {
        panic!("{server} answered {what} with {status}: {}", String::from_utf8_lossy(&bytes));
    }
    if bytes.is_empty() {
        return Value::Null;
    }
    serde_json::from_slice(&bytes).unwrap_or_else(|e| {
        panic!("{server} answered {what} with no JSON ({e}): {}", String::from_utf8_lossy(&bytes))
    })
}

/// Fails with the reason unless `url` answers 200 now.
fn probe(server: &str, url: &str, authorization: &str) {
    let sent = agent().get(url).header("Authorization", authorization).call();
    match sent {
        Ok(response) if response.status() == 200 => {}
        Ok(response) => panic!(
            "the {server} test server at {url} answered {} instead of 200: restart it ({HOW_TO_START})",
            response.status()
        ),
        Err(e) => panic!("cannot reach the {server} test server at {url} ({e}): {HOW_TO_START}"),
    }
}

/// The local WordPress and the application password `cms.sh` made.
pub struct WordPress {
    pub url: String,
    pub user: String,
    pub password: String,
    agent: ureq::Agent,
}

impl WordPress {
    /// The running server, checked to answer an authenticated request;
    /// a failure saying why otherwise.
    pub fn from_env() -> WordPress {
        let server = WordPress {
            url: required("COPYDESK_TEST_WP_URL"),
            user: required("COPYDESK_WP_USER"),
            password: required("COPYDESK_WP_APP_PASSWORD"),
            agent: agent(),
        };
        probe("WordPress", &server.route("users/me"), &server.authorization());
        server
    }

    /// The address of a REST route under `wp/v2` (further parameters join
    /// with `&`: the site is addressed by `?rest_route=`).
    pub fn route(&self, route: &str) -> String {
        format!("{}/?rest_route=/wp/v2/{route}", self.url)
    }

    /// The application password as Copydesk keeps it.
    pub fn credential(&self) -> Credential {
        Credential::WordPress { user: self.user.clone(), app_password: Secret::new(self.password.clone()) }
    }

    /// HTTP Basic with the application password.
    pub fn authorization(&self) -> String {
        let pair = format!("{}:{}", self.user, self.password);
        format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(pair))
    }

    pub fn get(&self, route: &str) -> Value {
        let sent = self.agent.get(self.route(route)).header("Authorization", self.authorization()).call();
        answer("WordPress", &format!("GET {route}"), sent)
    }

    /// A change made as someone in the CMS would make it (POST updates).
    pub fn post(&self, route: &str, body: &Value) -> Value {
        let sent = self
            .agent
            .post(self.route(route))
            .header("Authorization", self.authorization())
            .header("Content-Type", "application/json")
            .send(body.to_string().as_bytes());
        answer("WordPress", &format!("POST {route}"), sent)
    }

    /// Deletes for good the posts (in any status, trash included) that hold
    /// these slugs, so a test that publishes the samples creates them again
    /// on a server an earlier run already used.
    pub fn delete_posts(&self, slugs: &[String]) {
        let found = self.get(&format!("posts&slug={}&status=any&context=edit&_fields=id", slugs.join(",")));
        let trashed =
            self.get(&format!("posts&slug={}&status=trash&context=edit&_fields=id", slugs.join(",")));
        for post in found.as_array().into_iter().chain(trashed.as_array()).flatten() {
            let route = format!("posts/{}&force=true", post["id"]);
            let sent =
                self.agent.delete(self.route(&route)).header("Authorization", self.authorization()).call();
            answer("WordPress", &format!("DELETE {route}"), sent);
        }
    }
}

/// The local Ghost and the Admin API key of the integration `cms.sh` made.
pub struct Ghost {
    pub url: String,
    pub key: String,
    agent: ureq::Agent,
}

impl Ghost {
    /// The running server, checked to answer a signed request; a failure
    /// saying why otherwise.
    pub fn from_env() -> Ghost {
        let server = Ghost {
            url: required("COPYDESK_TEST_GHOST_URL"),
            key: required("COPYDESK_GHOST_ADMIN_KEY"),
            agent: agent(),
        };
        probe("Ghost", &server.address("posts/?limit=1"), &format!("Ghost {}", server.token()));
        server
    }

    /// The Admin API key as Copydesk keeps it.
    pub fn credential(&self) -> Credential {
        Credential::Ghost { admin_key: Secret::new(self.key.clone()) }
    }

    /// The Admin API key's secret half (what must never be printed).
    pub fn secret(&self) -> &str {
        self.key.split_once(':').map_or("", |(_, secret)| secret)
    }

    fn address(&self, path: &str) -> String {
        format!("{}/ghost/api/admin/{path}", self.url)
    }

    /// A token as Ghost's documentation makes it: HS256 with the key id,
    /// five minutes, audience `/admin/`, the secret hex-decoded.
    pub fn token(&self) -> String {
        let (id, secret) = self.key.split_once(':').expect("COPYDESK_GHOST_ADMIN_KEY is id:secret");
        let secret: Vec<u8> = (0..secret.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(secret.get(i..i + 2).unwrap_or("zz"), 16).expect("a hex secret"))
            .collect();
        let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256);
        header.kid = Some(id.into());
        let now = jiff::Timestamp::now().as_second();
        jsonwebtoken::encode(
            &header,
            &json!({ "iat": now, "exp": now + 300, "aud": "/admin/" }),
            &jsonwebtoken::EncodingKey::from_secret(&secret).expect("a key"),
        )
        .expect("a token")
    }

    pub fn get(&self, path: &str) -> Value {
        let sent = self
            .agent
            .get(self.address(path))
            .header("Authorization", format!("Ghost {}", self.token()))
            .call();
        answer("Ghost", &format!("GET {path}"), sent)
    }

    /// A change made as someone in the CMS would make it.
    pub fn put(&self, path: &str, body: &Value) -> Value {
        let sent = self
            .agent
            .put(self.address(path))
            .header("Authorization", format!("Ghost {}", self.token()))
            .header("Content-Type", "application/json")
            .send(body.to_string().as_bytes());
        answer("Ghost", &format!("PUT {path}"), sent)
    }

    /// Deletes the posts that hold these slugs, so a test that publishes
    /// the samples creates them again on a server an earlier run used.
    pub fn delete_posts(&self, slugs: &[String]) {
        let found = self.get(&format!("posts/?filter=slug:[{}]&limit=all&fields=id", slugs.join(",")));
        for post in found["posts"].as_array().into_iter().flatten() {
            let path = format!("posts/{}/", post["id"].as_str().unwrap_or_default());
            let sent = self
                .agent
                .delete(self.address(&path))
                .header("Authorization", format!("Ghost {}", self.token()))
                .call();
            answer("Ghost", &format!("DELETE {path}"), sent);
        }
    }
}
