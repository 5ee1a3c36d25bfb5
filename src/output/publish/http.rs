//! The wire: a request as the CMS clients build it, sent through a
//! [`Transport`] (ureq with timeouts in the product, recorded answers in
//! the tests), and the answer read as JSON, or named for what it is
//! instead: an HTML error page, a body cut short, a redirect to a login
//! page, silence past the timeout.

use std::sync::Arc;
use std::time::Duration;

/// How long one request may take, connection to last byte. A WordPress
/// under load answers in seconds; a picture upload takes longer.
pub const TIMEOUT: Duration = Duration::from_secs(60);
/// The largest answer read (a CMS post with its HTML is far smaller).
const ANSWER_MAX: u64 = 32 << 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Head,
    Post,
    Put,
    Delete,
}

/// One request, built by a CMS client.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: Method,
    pub url: String,
    /// Sent as given; `Authorization` among them (never logged or shown).
    pub headers: Vec<(&'static str, String)>,
    pub body: Body,
}

#[derive(Debug, Clone)]
pub enum Body {
    Empty,
    Json(serde_json::Value),
    /// A file and form fields, as `multipart/form-data`.
    Upload {
        field: &'static str,
        file_name: String,
        mime: &'static str,
        bytes: Arc<[u8]>,
        fields: Vec<(&'static str, String)>,
    },
}

impl Request {
    pub fn new(method: Method, url: impl Into<String>) -> Request {
        Request { method, url: url.into(), headers: Vec::new(), body: Body::Empty }
    }

    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Request {
        self.headers.push((name, value.into()));
        self
    }

    pub fn json(mut self, value: serde_json::Value) -> Request {
        self.body = Body::Json(value);
        self
    }
}

/// What came back.
#[derive(Debug, Clone, Default)]
pub struct Response {
    pub status: u16,
    pub content_type: String,
    /// A redirect's target.
    pub location: Option<String>,
    pub body: Vec<u8>,
}

/// Why no answer came.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Silence {
    /// Nothing answered at that address (refused, no such host, TLS failed).
    Unreachable(String),
    TimedOut,
    /// The answer stopped before its end.
    Cut,
}

/// Sends requests. Shared by a publish's steps; `Sync` so a background job
/// can hold it.
pub trait Transport: Send + Sync {
    fn send(&self, request: &Request) -> Result<Response, Silence>;
}

/// The real wire: ureq, no redirects followed (a login redirect must be
/// seen), statuses handed back rather than turned into errors.
pub struct Http {
    agent: ureq::Agent,
}

impl Default for Http {
    fn default() -> Http {
        Http::with_timeout(TIMEOUT)
    }
}

impl Http {
    pub fn with_timeout(timeout: Duration) -> Http {
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(timeout))
            .http_status_as_error(false)
            .max_redirects(0)
            .user_agent(concat!("Copydesk/", env!("CARGO_PKG_VERSION")))
            .build();
        Http { agent: config.into() }
    }
}

impl Transport for Http {
    fn send(&self, request: &Request) -> Result<Response, Silence> {
        use ureq::unversioned::multipart::{Form, Part};
        let url = request.url.as_str();
        let with_headers = |mut builder: ureq::RequestBuilder<ureq::typestate::WithBody>| {
            for (name, value) in &request.headers {
                builder = builder.header(*name, value);
            }
            builder
        };
        let without_body = |mut builder: ureq::RequestBuilder<ureq::typestate::WithoutBody>| {
            for (name, value) in &request.headers {
                builder = builder.header(*name, value);
            }
            builder.call()
        };
        let sent = match (request.method, &request.body) {
            (Method::Get, _) => without_body(self.agent.get(url)),
            (Method::Head, _) => without_body(self.agent.head(url)),
            (Method::Delete, _) => without_body(self.agent.delete(url)),
            (method, body) => {
                let builder = with_headers(match method {
                    Method::Put => self.agent.put(url),
                    _ => self.agent.post(url),
                });
                match body {
                    Body::Empty => builder.send_empty(),
                    Body::Json(value) => {
                        builder.header("Content-Type", "application/json").send(value.to_string().as_bytes())
                    }
                    Body::Upload { field, file_name, mime, bytes, fields } => {
                        let part = Part::bytes(bytes).file_name(file_name);
                        let part = part.mime_str(mime).map_err(|e| Silence::Unreachable(e.to_string()))?;
                        let mut form = Form::new().part(field, part);
                        for (name, value) in fields {
                            form = form.text(name, value);
                        }
                        builder.send(form)
                    }
                }
            }
        };
        let mut response = sent.map_err(silence)?;
        let header =
            |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
        let content_type = header("content-type").unwrap_or_default();
        let location = header("location");
        let status = response.status().as_u16();
        let body = response.body_mut().with_config().limit(ANSWER_MAX).read_to_vec().map_err(silence)?;
        Ok(Response { status, content_type, location, body })
    }
}

fn silence(error: ureq::Error) -> Silence {
    match error {
        ureq::Error::Timeout(_) => Silence::TimedOut,
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => Silence::TimedOut,
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => Silence::Cut,
        other => Silence::Unreachable(other.to_string()),
    }
}

/// What was wrong with an answer, in words for the editor.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    #[error("the site could not be reached ({0}); check the address and the connection")]
    Unreachable(String),
    #[error("the site did not answer within {} seconds", TIMEOUT.as_secs())]
    TimedOut,
    #[error("the answer was cut off before its end; try again")]
    Cut,
    #[error(
        "the site refused the credentials (401: {0}); check the user and application password or Admin API key"
    )]
    Unauthorized(String),
    #[error(
        "the credentials are not allowed to do this (403: {0}); ask the site's administrator for the right role"
    )]
    Forbidden(String),
    #[error("not found (404: {0})")]
    NotFound(String),
    #[error("the CMS refused it ({status}: {message})")]
    Refused { status: u16, message: String },
    #[error(
        "the site sent a login page instead of answering ({0}); is this the CMS's address, and is its API open?"
    )]
    LoginRedirect(String),
    #[error("the site redirected to {0}; use that address for the target")]
    Redirected(String),
    #[error("the site answered {status} with {what} instead of the CMS's JSON; is this the CMS's address?")]
    NotTheApi { status: u16, what: String },
    #[error("the CMS's answer is cut short or is not JSON ({0}); try again")]
    Truncated(String),
    #[error("the CMS failed ({status}: {message}); try again later")]
    ServerFailed { status: u16, message: String },
    #[error("the CMS's answer lacks {0}")]
    Missing(&'static str),
}

impl From<Silence> for Problem {
    fn from(silence: Silence) -> Problem {
        match silence {
            Silence::Unreachable(why) => Problem::Unreachable(why),
            Silence::TimedOut => Problem::TimedOut,
            Silence::Cut => Problem::Cut,
        }
    }
}

/// The answer as JSON when it is a success; else the problem it shows.
pub fn json(response: Response) -> Result<serde_json::Value, Problem> {
    if (300..400).contains(&response.status) {
        let to = response.location.clone().unwrap_or_default();
        let lower = to.to_ascii_lowercase();
        return Err(if lower.contains("login") || lower.contains("signin") || lower.contains("wp-admin") {
            Problem::LoginRedirect(shorten(&to))
        } else {
            Problem::Redirected(shorten(&to))
        });
    }
    let parsed: Result<serde_json::Value, _> = serde_json::from_slice(&response.body);
    let value = match parsed {
        Ok(value) => value,
        Err(error) => {
            let text = String::from_utf8_lossy(&response.body);
            let looks_html = text.trim_start().starts_with('<');
            return Err(if looks_html || response.content_type.contains("html") {
                Problem::NotTheApi { status: response.status, what: describe_html(&text) }
            } else if error.is_eof() && !response.body.is_empty() {
                Problem::Truncated(format!("it stops after {} bytes", response.body.len()))
            } else if response.body.is_empty() {
                if (200..300).contains(&response.status) {
                    Problem::Truncated("it is empty".into())
                } else {
                    failure(response.status, "no explanation".into())
                }
            } else {
                Problem::Truncated(error.to_string())
            });
        }
    };
    if (200..300).contains(&response.status) {
        return Ok(value);
    }
    // WordPress refuses a parameter only signed-in users may give (a
    // draft's status) as 400, with the 401 underneath: a refused login.
    let signed_out = value["data"]["details"]
        .as_object()
        .is_some_and(|details| details.values().any(|d| d["data"]["status"] == 401));
    let status = if response.status == 400 && signed_out { 401 } else { response.status };
    Err(failure(status, message_of(&value)))
}

fn failure(status: u16, message: String) -> Problem {
    match status {
        401 => Problem::Unauthorized(message),
        403 => Problem::Forbidden(message),
        404 | 410 => Problem::NotFound(message),
        500..=599 => Problem::ServerFailed { status, message },
        _ => Problem::Refused { status, message },
    }
}

/// The CMS's own explanation: WordPress's `message` (and `code`), Ghost's
/// `errors[0]` (`message`, `context`).
pub fn message_of(value: &serde_json::Value) -> String {
    let text =
        |v: &serde_json::Value| v.as_str().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
    if let Some(first) = value.get("errors").and_then(|e| e.get(0)) {
        let mut message = text(&first["message"]).unwrap_or_else(|| "no message".into());
        if let Some(context) = text(&first["context"]) {
            message = format!("{message} {context}");
        }
        return shorten(&message);
    }
    match (text(&value["message"]), text(&value["code"])) {
        (Some(message), Some(code)) => shorten(&format!("{} [{code}]", strip_tags(&message))),
        (Some(message), None) => shorten(&strip_tags(&message)),
        (None, Some(code)) => code,
        (None, None) => "no explanation".into(),
    }
}

/// "an HTML page titled “502 Bad Gateway”", or "an HTML page".
fn describe_html(text: &str) -> String {
    let lower = text.to_ascii_lowercase();
    let title = lower.find("<title>").and_then(|start| {
        let from = start + "<title>".len();
        let end = lower[from..].find("</title>")? + from;
        text.get(from..end).map(|t| t.trim().to_string())
    });
    match title.filter(|t| !t.is_empty()) {
        Some(title) => format!("an HTML page titled “{}”", shorten(&title)),
        None if text.trim().is_empty() => "nothing".into(),
        None if text.trim_start().starts_with('<') => "an HTML page".into(),
        None => "text that is not JSON".into(),
    }
}

fn strip_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// At most 200 characters of a server's text in a message.
fn shorten(text: &str) -> String {
    let text = text.trim();
    match text.char_indices().nth(200) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, content_type: &str, body: &str) -> Response {
        Response { status, content_type: content_type.into(), location: None, body: body.as_bytes().to_vec() }
    }

    #[test]
    fn unexpected_answers_are_named() {
        let html = answer(502, "text/html", "<html><head><title>502 Bad Gateway</title></head></html>");
        let problem = json(html).expect_err("not JSON");
        assert!(problem.to_string().contains("502 Bad Gateway"), "{problem}");
        let cut = answer(201, "application/json", "{\"id\": 4, \"title\": {\"raw\": \"Fer");
        assert!(matches!(json(cut), Err(Problem::Truncated(_))));
        let login = Response {
            status: 302,
            location: Some("https://news.example.org/wp-login.php?redirect_to=x".into()),
            ..Response::default()
        };
        assert!(matches!(json(login), Err(Problem::LoginRedirect(_))));
        let empty = answer(200, "application/json", "");
        assert!(matches!(json(empty), Err(Problem::Truncated(_))));
    }

    #[test]
    fn a_parameter_refused_to_the_signed_out_is_a_refused_login() {
        let wp = answer(
            400,
            "application/json",
            r#"{"code":"rest_invalid_param","message":"Invalid parameter(s): status","data":{"status":400,"params":{"status":"Status is forbidden."},"details":{"status":{"code":"rest_forbidden_status","message":"Status is forbidden.","data":{"status":401}}}}}"#,
        );
        assert!(matches!(json(wp), Err(Problem::Unauthorized(_))));
    }

    #[test]
    fn the_cms_explanation_is_kept() {
        let wp = answer(
            401,
            "application/json",
            r#"{"code":"rest_not_logged_in","message":"You are not currently logged in.","data":{"status":401}}"#,
        );
        assert_eq!(
            json(wp),
            Err(Problem::Unauthorized("You are not currently logged in. [rest_not_logged_in]".into()))
        );
        let ghost = answer(
            422,
            "application/json",
            r#"{"errors":[{"message":"Validation error, cannot save post.","context":"Value in published_at cannot be blank.","type":"ValidationError"}]}"#,
        );
        assert_eq!(
            json(ghost),
            Err(Problem::Refused {
                status: 422,
                message: "Validation error, cannot save post. Value in published_at cannot be blank.".into()
            })
        );
    }
}
