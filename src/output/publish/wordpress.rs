//! WordPress's REST API (`/?rest_route=/wp/v2/…`, which works without
//! pretty permalinks), signed in with an application password: pictures as
//! media with their alt text and caption, found again by their hashed
//! names; the category and tags matched by name and created when missing;
//! the first byline that is a user's display name as the author. Requests
//! are few and batched (one lookup for all tags, one for all pictures):
//! each costs a PHP boot on the server.

use std::collections::HashMap;
use std::path::Path;

use base64::Engine as _;
use serde_json::{Value, json};

use super::http::{self, Body, Method, Problem, Request, Transport};
use super::outgoing::{Outgoing, Picture, escape, term_slug};
use super::{Cms, PublishError, RemotePost, Sent, Wanted, at_step, parse_time};
use crate::editing::background::Progress;
use crate::storage::credentials::Secret;

/// Statuses a post we may update can have (`any` is not a REST value).
const STATUSES: &str = "draft,pending,publish,future,private";

pub struct WordPress<'t> {
    base: String,
    /// `Basic …`, built once.
    authorization: String,
    transport: &'t dyn Transport,
    /// Users who can be credited (display name, id), read once.
    authors: Option<Vec<(String, u64)>>,
    /// Terms found or made (taxonomy, lowercased name) → id.
    terms: HashMap<(&'static str, String), u64>,
}

impl<'t> WordPress<'t> {
    pub fn new(base: &str, user: &str, password: &Secret, transport: &'t dyn Transport) -> WordPress<'t> {
        let pair = format!("{}:{}", user.trim(), password.expose().trim());
        let authorization = format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(pair));
        WordPress { base: base.to_string(), authorization, transport, authors: None, terms: HashMap::new() }
    }

    /// `route` under `/wp/v2/`, with `query` (`&k=v…`) after it.
    fn api(&self, route: &str, query: &str) -> String {
        format!("{}/?rest_route=/wp/v2/{route}{query}", self.base)
    }

    fn call(&self, request: Request) -> Result<Value, Problem> {
        let request = request.header("Authorization", self.authorization.clone());
        http::json(self.transport.send(&request)?)
    }

    fn authors(&mut self) -> Result<&[(String, u64)], PublishError> {
        if self.authors.is_none() {
            let step = "finding the bylines' users";
            // `who=authors` lists everyone who can write posts, not only
            // those who already have (an Editor may read that much).
            let url = self.api("users", "&who=authors&per_page=100&_fields=id,name");
            let value = self.call(Request::new(Method::Get, url)).map_err(at_step(step))?;
            let users = value.as_array().ok_or(Problem::Missing("its users")).map_err(at_step(step))?;
            self.authors = Some(
                users
                    .iter()
                    .filter_map(|u| {
                        Some((decode_entities(u["name"].as_str()?).trim().to_string(), u["id"].as_u64()?))
                    })
                    .collect(),
            );
        }
        Ok(self.authors.as_deref().unwrap_or_default())
    }

    /// The ids of `names` in `taxonomy` (`categories`, `tags`), made when
    /// missing. One lookup for all of them, one request per new term.
    fn terms(&mut self, taxonomy: &'static str, names: &[String]) -> Result<Vec<u64>, PublishError> {
        let step = if taxonomy == "categories" { "matching the category" } else { "matching the tags" };
        let missing: Vec<&String> =
            names.iter().filter(|n| !self.terms.contains_key(&(taxonomy, n.to_lowercase()))).collect();
        if !missing.is_empty() {
            let slugs: Vec<String> = missing.iter().map(|n| term_slug(n)).filter(|s| !s.is_empty()).collect();
            let url = self.api(
                taxonomy,
                &format!("&per_page=100&_fields=id,name,slug&slug={}", encode(&slugs.join(","))),
            );
            let value = self.call(Request::new(Method::Get, url)).map_err(at_step(step))?;
            for term in value.as_array().into_iter().flatten() {
                let (Some(id), Some(name), Some(slug)) =
                    (term["id"].as_u64(), term["name"].as_str(), term["slug"].as_str())
                else {
                    continue;
                };
                let name = decode_entities(name);
                for wanted in &missing {
                    if wanted.eq_ignore_ascii_case(name.trim()) || term_slug(wanted) == slug {
                        self.terms.insert((taxonomy, wanted.to_lowercase()), id);
                    }
                }
            }
        }
        let mut ids = Vec::with_capacity(names.len());
        for name in names {
            let key = (taxonomy, name.to_lowercase());
            let id = match self.terms.get(&key) {
                Some(id) => *id,
                None => {
                    let made = self
                        .make_term(taxonomy, name)
                        .map_err(at_step(format!("{step} (making “{name}”)")))?;
                    self.terms.insert(key, made);
                    made
                }
            };
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        Ok(ids)
    }

    fn make_term(&self, taxonomy: &str, name: &str) -> Result<u64, Problem> {
        let request = Request::new(Method::Post, self.api(taxonomy, "")).json(json!({ "name": name }));
        let request = request.header("Authorization", self.authorization.clone());
        let response = self.transport.send(&request)?;
        // A term of that name already (another spelling of its slug):
        // WordPress says which.
        if response.status == 400
            && let Ok(value) = serde_json::from_slice::<Value>(&response.body)
            && value["code"] == "term_exists"
            && let Some(id) = value["data"]["term_id"].as_u64()
        {
            return Ok(id);
        }
        http::json(response)?["id"].as_u64().ok_or(Problem::Missing("the new term's id"))
    }

    /// Each picture's media id and address: found by its hashed name in
    /// one lookup, else uploaded with its alt text and caption in one
    /// request. Alt text or caption changed since: updated.
    fn place_pictures(&self, outgoing: &Outgoing, progress: &Progress) -> Result<Placed, PublishError> {
        if outgoing.pictures.is_empty() {
            return Ok(Placed::default());
        }
        let step = "checking uploaded images";
        let slug_of = |p: &Picture| {
            p.upload_name.rsplit_once('.').map_or(p.upload_name.clone(), |(stem, _)| stem.to_string())
        };
        let slugs: Vec<String> = outgoing.pictures.iter().map(slug_of).collect();
        progress.report(0, outgoing.pictures.len(), step);
        let url = self.api(
            "media",
            &format!(
                "&per_page=100&context=edit&_fields=id,slug,source_url,alt_text,caption&slug={}",
                encode(&slugs.join(","))
            ),
        );
        let value = self.call(Request::new(Method::Get, url)).map_err(at_step(step))?;
        let found: Vec<&Value> = value.as_array().map(|a| a.iter().collect()).unwrap_or_default();
        let total = outgoing.pictures.len();
        let (mut placed, mut uploaded, mut reused) = (Vec::with_capacity(total), 0, 0);
        for (n, picture) in outgoing.pictures.iter().enumerate() {
            if progress.is_cancelled() {
                return Err(PublishError::Cancelled(format!("uploading image {}/{total}", n + 1)));
            }
            let there = found.iter().find(|m| m["slug"].as_str() == Some(slugs[n].as_str()));
            if let Some(media) = there
                && let (Some(id), Some(url)) = (media["id"].as_u64(), media["source_url"].as_str())
            {
                let alt = media["alt_text"].as_str().unwrap_or_default();
                let caption = media["caption"]["raw"].as_str().unwrap_or_default();
                if alt != picture.alt || caption != picture.caption {
                    let step = format!("updating image {}/{total}'s alt text", n + 1);
                    let request = Request::new(Method::Post, self.api(&format!("media/{id}"), ""))
                        .json(json!({ "alt_text": picture.alt, "caption": picture.caption }));
                    self.call(request).map_err(at_step(step))?;
                }
                placed.push((id, url.to_string()));
                reused += 1;
                continue;
            }
            progress.report(n + 1, total, "uploading images");
            let step = format!("uploading image {}/{total} ({})", n + 1, picture.upload_name);
            let mut request = Request::new(Method::Post, self.api("media", ""));
            request.body = Body::Upload {
                field: "file",
                file_name: picture.upload_name.clone(),
                mime: picture.mime,
                bytes: picture.bytes.clone(),
                fields: vec![("alt_text", picture.alt.clone()), ("caption", picture.caption.clone())],
            };
            let media = self.call(request).map_err(at_step(step.clone()))?;
            let id = media["id"]
                .as_u64()
                .ok_or(Problem::Missing("the media's id"))
                .map_err(at_step(step.clone()))?;
            let url = media["source_url"]
                .as_str()
                .ok_or(Problem::Missing("the media's address"))
                .map_err(at_step(step))?;
            placed.push((id, url.to_string()));
            uploaded += 1;
        }
        Ok(Placed { media: placed, uploaded, reused })
    }
}

/// The pictures in the media library: each one's media id and address, in
/// the outgoing order, and how many were uploaded or found there already.
#[derive(Default)]
struct Placed {
    media: Vec<(u64, String)>,
    uploaded: usize,
    reused: usize,
}

impl Cms for WordPress<'_> {
    fn read(&mut self, id: &str) -> Result<Option<RemotePost>, PublishError> {
        let step = "reading the post";
        let Ok(id) = id.parse::<u64>() else { return Ok(None) };
        let url = self.api(&format!("posts/{id}"), "&context=edit&_embed=wp:term,wp:featuredmedia");
        match self.call(Request::new(Method::Get, url)) {
            Ok(value) => {
                let post = remote_post(&value).map_err(at_step(step))?;
                Ok((post.status != "trash").then_some(post))
            }
            Err(Problem::NotFound(_)) => Ok(None),
            Err(problem) => Err(at_step(step)(problem)),
        }
    }

    fn find_ours(&mut self, outgoing: &Outgoing) -> Result<Option<RemotePost>, PublishError> {
        let (Some(id), false) = (&outgoing.id, outgoing.slug.is_empty()) else { return Ok(None) };
        let step = "looking for an earlier try";
        let url = self.api(
            "posts",
            &format!(
                "&context=edit&status={STATUSES}&_embed=wp:term,wp:featuredmedia&slug={}",
                encode(&outgoing.slug)
            ),
        );
        let value = self.call(Request::new(Method::Get, url)).map_err(at_step(step))?;
        for post in value.as_array().into_iter().flatten() {
            let post = remote_post(post).map_err(at_step(step))?;
            if post.marker.as_ref() == Some(id) {
                return Ok(Some(post));
            }
        }
        Ok(None)
    }

    fn status_word(&self, wanted: Wanted) -> &'static str {
        match wanted {
            Wanted::Draft => "draft",
            Wanted::Review => "pending",
            Wanted::Live { .. } => "publish",
            Wanted::Scheduled { .. } => "future",
        }
    }

    fn send(
        &mut self,
        outgoing: &Outgoing,
        folder: &Path,
        existing: Option<&RemotePost>,
        progress: &Progress,
    ) -> Result<Sent, PublishError> {
        let mut notes = Vec::new();
        // The author: the first byline that is a user. One author only, so
        // more than one byline (or one without a user) is also written at
        // the top of the body.
        let mut author = None;
        let mut unmatched = Vec::new();
        if !outgoing.bylines.is_empty() {
            let users = self.authors()?.to_vec();
            for byline in &outgoing.bylines {
                match users.iter().find(|(name, _)| name.eq_ignore_ascii_case(byline)) {
                    Some((_, id)) if author.is_none() => author = Some(*id),
                    Some(_) => {}
                    None => unmatched.push(byline.clone()),
                }
            }
        }
        let category = match &outgoing.category {
            Some(name) => self.terms("categories", std::slice::from_ref(name))?,
            None => Vec::new(),
        };
        let tags = if outgoing.tags.is_empty() { Vec::new() } else { self.terms("tags", &outgoing.tags)? };
        let Placed { media: placed, uploaded, reused } = self.place_pictures(outgoing, progress)?;
        let address = |picture: &Picture| {
            outgoing
                .pictures
                .iter()
                .position(|p| p.hash == picture.hash)
                .and_then(|i| placed.get(i))
                .map(|(_, url)| url.clone())
        };
        let mut html = String::new();
        if outgoing.bylines.len() > 1 || !unmatched.is_empty() {
            html.push_str(&format!("<p class=\"byline\">{}</p>\n", escape(&outgoing.byline_line())));
            if !unmatched.is_empty() {
                notes.push(format!(
                    "{} {} no WordPress user: the bylines are written at the top of the body",
                    unmatched.join(", "),
                    if unmatched.len() == 1 { "has" } else { "have" }
                ));
            } else {
                notes.push(
                    "WordPress credits one author: every byline is written at the top of the body".into(),
                );
            }
        }
        html.push_str(&outgoing.body_html(folder, &address));
        html.push_str(&outgoing.corrections_html());
        if let Some(id) = &outgoing.id {
            html.push_str(&format!("\n<!-- copydesk:article {} -->", escape(id)));
        }
        let mut post = json!({
            "title": outgoing.title,
            "slug": outgoing.slug,
            "excerpt": outgoing.excerpt,
            "content": html,
            "status": self.status_word(outgoing.wanted),
            "categories": category,
            "tags": tags,
        });
        let fields = post.as_object_mut().ok_or(PublishError::BadTarget("internal: not an object".into()))?;
        if let Some(author) = author {
            fields.insert("author".into(), json!(author));
        }
        match outgoing.wanted {
            Wanted::Live { at: Some(at) } | Wanted::Scheduled { at } => {
                fields.insert("date_gmt".into(), Value::String(at.to_string()));
            }
            Wanted::Live { at: None } | Wanted::Draft | Wanted::Review => {}
        }
        match &outgoing.lead {
            Some(lead) => match lead.picture.and_then(|i| placed.get(i)) {
                Some((id, _)) => {
                    fields.insert("featured_media".into(), json!(id));
                }
                None => notes.push("the lead picture is on the web; a WordPress featured image must be uploaded media, so none was set".into()),
            },
            None => {
                fields.insert("featured_media".into(), json!(0));
            }
        }
        if outgoing.seo_title.is_some()
            || outgoing.seo_description.is_some()
            || outgoing.social_title.is_some()
            || outgoing.social_description.is_some()
        {
            notes.push("WordPress has no fields of its own for the search and social overrides (SEO plugins keep theirs read-only): they were not sent".into());
        }
        let (url, step) = match existing {
            Some(post) => (self.api(&format!("posts/{}", encode(&post.id)), ""), "updating the post"),
            None => (self.api("posts", ""), "creating the post"),
        };
        if progress.is_cancelled() {
            return Err(PublishError::Cancelled(step.into()));
        }
        progress.report(0, 0, step);
        let value = self.call(Request::new(Method::Post, url).json(post)).map_err(at_step(step))?;
        let mut sent = remote_post(&value).map_err(at_step(step))?;
        // The answer has term ids, not names: ours are what was sent.
        sent.categories = outgoing.category.iter().cloned().collect();
        sent.tags = outgoing.tags.clone();
        Ok(Sent { post: sent, notes, uploaded, reused })
    }
}

fn encode(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// WordPress sends names HTML-escaped (`Arts &amp; Culture`).
fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    text.replace("&amp;", "&")
        .replace("&#038;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#039;", "'")
        .replace("&#8217;", "’")
}

/// A post as WordPress answers it (`context=edit`, terms and featured
/// media embedded when asked).
pub(crate) fn remote_post(post: &Value) -> Result<RemotePost, Problem> {
    let id = post["id"].as_u64().ok_or(Problem::Missing("the post's id"))?;
    let raw = |key: &str| {
        post[key]["raw"]
            .as_str()
            .or_else(|| post[key]["rendered"].as_str())
            .or_else(|| post[key].as_str())
            .unwrap_or_default()
            .to_string()
    };
    let modified_text = post["modified_gmt"].as_str().unwrap_or_default().to_string();
    let modified = parse_time(&modified_text).ok_or(Problem::Missing("the post's modified_gmt"))?;
    let mut categories = Vec::new();
    let mut tags = Vec::new();
    for group in post["_embedded"]["wp:term"].as_array().into_iter().flatten() {
        for term in group.as_array().into_iter().flatten() {
            let name = decode_entities(term["name"].as_str().unwrap_or_default());
            match term["taxonomy"].as_str() {
                Some("category") => categories.push(name),
                Some("post_tag") => tags.push(name),
                _ => {}
            }
        }
    }
    let featured = &post["_embedded"]["wp:featuredmedia"][0];
    let html = raw("content");
    let marker = html.find("<!-- copydesk:article ").and_then(|at| {
        let rest = &html[at + "<!-- copydesk:article ".len()..];
        Some(rest[..rest.find(" -->")?].to_string())
    });
    let status = post["status"].as_str().unwrap_or_default().to_string();
    // A draft's date floats until it is published: not a publish date.
    let date = if matches!(status.as_str(), "publish" | "future" | "private") {
        post["date_gmt"].as_str().and_then(parse_time)
    } else {
        None
    };
    Ok(RemotePost {
        id: id.to_string(),
        url: post["link"].as_str().unwrap_or_default().to_string(),
        modified,
        modified_text,
        status,
        title: raw("title"),
        slug: post["slug"].as_str().unwrap_or_default().to_string(),
        excerpt: raw("excerpt"),
        date,
        categories,
        tags,
        featured_image: featured["source_url"].as_str().map(str::to_string),
        featured_alt: featured["alt_text"].as_str().unwrap_or_default().to_string(),
        html,
        authors: post["_embedded"]["author"][0]["name"].as_str().map(str::to_string).into_iter().collect(),
        marker,
    })
}
