//! Ghost's Admin API: a 5-minute HS256 token per request from the Admin
//! API key, pictures through `images/upload`, the post with its HTML
//! (`?source=html`, which Ghost turns into its own cards), tags by name
//! (the category first, so it is the primary tag), staff users as
//! authors, the search and social overrides in `meta_*`, `og_*` and
//! `twitter_*`. Ghost checks `updated_at` itself on an update (409).

use std::path::Path;

use serde_json::{Value, json};

use super::http::{self, Body, Method, Problem, Request, Transport};
use super::outgoing::{Outgoing, Picture, escape};
use super::{Cms, Conflict, PublishError, RemotePost, Sent, Wanted, at_step, parse_time};
use crate::editing::background::Progress;
use crate::storage::credentials::Secret;

/// The Admin API version spoken (Ghost 5 and 6 take it).
const ACCEPT_VERSION: &str = "v5.0";

pub struct Ghost<'t> {
    base: String,
    key_id: String,
    /// The key's secret, hex-decoded: the HMAC key.
    secret: Vec<u8>,
    transport: &'t dyn Transport,
    /// Staff users (name, id), read once per publisher.
    staff: Option<Vec<(String, String)>>,
}

impl<'t> Ghost<'t> {
    pub fn new(
        base: &str,
        admin_key: &Secret,
        transport: &'t dyn Transport,
    ) -> Result<Ghost<'t>, PublishError> {
        let bad = || {
            PublishError::BadCredential(
                "a Ghost Admin API key looks like ID:SECRET (the secret in hexadecimal)",
            )
        };
        let (id, secret) = admin_key.expose().trim().split_once(':').ok_or_else(bad)?;
        let secret = decode_hex(secret).ok_or_else(bad)?;
        Ok(Ghost { base: base.to_string(), key_id: id.to_string(), secret, transport, staff: None })
    }

    fn admin(&self, path: &str) -> String {
        format!("{}/ghost/api/admin/{path}", self.base)
    }

    /// A fresh token: HS256, `kid` the key's id, audience `/admin/`, five
    /// minutes (Ghost's limit).
    fn token(&self) -> Result<String, Problem> {
        #[derive(serde::Serialize)]
        struct Claims {
            iat: i64,
            exp: i64,
            aud: &'static str,
        }
        let now = jiff::Timestamp::now().as_second();
        let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256);
        header.kid = Some(self.key_id.clone());
        let claims = Claims { iat: now, exp: now + 300, aud: "/admin/" };
        let refused = |_| Problem::Unauthorized("the Admin API key could not sign a token".into());
        let key = jsonwebtoken::EncodingKey::from_secret(&self.secret).map_err(refused)?;
        jsonwebtoken::encode(&header, &claims, &key).map_err(refused)
    }

    fn send(&self, request: Request) -> Result<http::Response, Problem> {
        let request = request
            .header("Authorization", format!("Ghost {}", self.token()?))
            .header("Accept-Version", ACCEPT_VERSION);
        Ok(self.transport.send(&request)?)
    }

    fn call(&self, request: Request) -> Result<Value, Problem> {
        http::json(self.send(request)?)
    }

    /// The first post of a `{"posts": […]}` answer; `None` on 404.
    fn post_at(&self, url: String, step: &str) -> Result<Option<RemotePost>, PublishError> {
        match self.call(Request::new(Method::Get, url)) {
            Ok(value) => Ok(Some(remote_post(&value).map_err(at_step(step))?)),
            Err(Problem::NotFound(_)) => Ok(None),
            Err(problem) => Err(at_step(step)(problem)),
        }
    }

    fn staff(&mut self) -> Result<&[(String, String)], PublishError> {
        if self.staff.is_none() {
            let step = "finding the bylines' staff users";
            let value = self
                .call(Request::new(Method::Get, self.admin("users/?limit=all&fields=id,name")))
                .map_err(at_step(step))?;
            let users =
                value["users"].as_array().ok_or(Problem::Missing("its users")).map_err(at_step(step))?;
            self.staff = Some(
                users
                    .iter()
                    .filter_map(|u| {
                        Some((u["name"].as_str()?.trim().to_string(), u["id"].as_str()?.to_string()))
                    })
                    .collect(),
            );
        }
        Ok(self.staff.as_deref().unwrap_or_default())
    }

    /// Where each picture is in Ghost: found again (in the post, or at
    /// this month's upload address) or uploaded now.
    fn place_pictures(
        &self,
        outgoing: &Outgoing,
        existing: Option<&RemotePost>,
        progress: &Progress,
    ) -> Result<(Vec<String>, usize, usize), PublishError> {
        let mut addresses = Vec::with_capacity(outgoing.pictures.len());
        let (mut uploaded, mut reused) = (0, 0);
        let month = jiff::Timestamp::now().strftime("%Y/%m").to_string();
        let total = outgoing.pictures.len();
        for (n, picture) in outgoing.pictures.iter().enumerate() {
            if progress.is_cancelled() {
                return Err(PublishError::Cancelled(format!("uploading image {}/{total}", n + 1)));
            }
            if let Some(url) = existing.and_then(|post| find_in_post(post, picture)) {
                addresses.push(url);
                reused += 1;
                continue;
            }
            let guess = format!("{}/content/images/{month}/{}", self.base, picture.upload_name);
            let there = self.transport.send(&Request::new(Method::Head, guess.clone()));
            if there.is_ok_and(|answer| answer.status == 200 && answer.content_type.starts_with("image/")) {
                addresses.push(guess);
                reused += 1;
                continue;
            }
            let step = format!("uploading image {}/{total} ({})", n + 1, picture.upload_name);
            progress.report(n + 1, total, "uploading images");
            addresses.push(self.upload(picture).map_err(at_step(step))?);
            uploaded += 1;
        }
        Ok((addresses, uploaded, reused))
    }

    fn upload(&self, picture: &Picture) -> Result<String, Problem> {
        let mut request = Request::new(Method::Post, self.admin("images/upload/"));
        request.body = Body::Upload {
            field: "file",
            file_name: picture.upload_name.clone(),
            mime: picture.mime,
            bytes: picture.bytes.clone(),
            fields: vec![("ref", picture.upload_name.clone())],
        };
        let value = self.call(request)?;
        value["images"][0]["url"]
            .as_str()
            .map(str::to_string)
            .ok_or(Problem::Missing("the uploaded image's address"))
    }
}

/// An uploaded copy of `picture` the post already shows.
fn find_in_post(post: &RemotePost, picture: &Picture) -> Option<String> {
    let name = format!("/{}", picture.upload_name);
    if let Some(feature) = &post.featured_image
        && feature.ends_with(&name)
    {
        return Some(feature.clone());
    }
    let at = post.html.find(&name)?;
    let start = post.html[..at].rfind('"')? + 1;
    Some(post.html[start..at + name.len()].to_string())
}

impl Cms for Ghost<'_> {
    fn read(&mut self, id: &str) -> Result<Option<RemotePost>, PublishError> {
        let url = self.admin(&format!("posts/{}/?formats=html", encode(id)));
        self.post_at(url, "reading the post")
    }

    fn find_ours(&mut self, outgoing: &Outgoing) -> Result<Option<RemotePost>, PublishError> {
        if outgoing.slug.is_empty() {
            return Ok(None);
        }
        let url = self.admin(&format!("posts/slug/{}/?formats=html", encode(&outgoing.slug)));
        let found = self.post_at(url, "looking for an earlier try")?;
        Ok(found.filter(|post| post.marker.is_some() && post.marker == outgoing.id))
    }

    fn status_word(&self, wanted: Wanted) -> &'static str {
        match wanted {
            Wanted::Draft | Wanted::Review => "draft",
            Wanted::Live { .. } => "published",
            Wanted::Scheduled { .. } => "scheduled",
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
        // Authors: the bylines that are staff users, in byline order.
        let mut authors = Vec::new();
        let mut unmatched = Vec::new();
        if !outgoing.bylines.is_empty() {
            let staff = self.staff()?.to_vec();
            for byline in &outgoing.bylines {
                match staff.iter().find(|(name, _)| name.eq_ignore_ascii_case(byline)) {
                    Some((_, id)) => authors.push(json!({ "id": id })),
                    None => unmatched.push(byline.clone()),
                }
            }
        }
        let (addresses, uploaded, reused) = self.place_pictures(outgoing, existing, progress)?;
        let address = |picture: &Picture| {
            outgoing
                .pictures
                .iter()
                .position(|p| p.hash == picture.hash)
                .and_then(|i| addresses.get(i).cloned())
        };
        let mut html = String::new();
        if !unmatched.is_empty() {
            // An HTML card keeps the paragraph's class (Ghost drops it from
            // ordinary paragraphs).
            html.push_str(&card(&format!("<p class=\"byline\">{}</p>", escape(&outgoing.byline_line()))));
            notes.push(format!(
                "{} {} no Ghost staff user: the bylines are written at the top of the body",
                unmatched.join(", "),
                if unmatched.len() == 1 { "has" } else { "have" }
            ));
        }
        html.push_str(&outgoing.body_html(folder, &address));
        let corrections = outgoing.corrections_html();
        if !corrections.is_empty() {
            html.push_str(&card(&corrections));
        }
        let mut post = json!({
            "title": outgoing.title,
            "slug": outgoing.slug,
            "custom_excerpt": outgoing.excerpt,
            "html": html,
            "status": self.status_word(outgoing.wanted),
            "tags": outgoing.category.iter().chain(&outgoing.tags).map(|name| json!({ "name": name })).collect::<Vec<_>>(),
            "meta_title": outgoing.seo_title,
            "meta_description": outgoing.seo_description,
            "og_title": outgoing.social_title,
            "og_description": outgoing.social_description,
            "twitter_title": outgoing.social_title,
            "twitter_description": outgoing.social_description,
            "canonical_url": outgoing.canonical_url.as_deref().filter(|url| !url.starts_with(&self.base)),
        });
        let fields = post.as_object_mut().ok_or(PublishError::BadTarget("internal: not an object".into()))?;
        if !authors.is_empty() {
            fields.insert("authors".into(), Value::Array(authors));
        }
        match outgoing.wanted {
            Wanted::Live { at: Some(at) } | Wanted::Scheduled { at } => {
                fields.insert("published_at".into(), Value::String(at.to_string()));
            }
            Wanted::Live { at: None } | Wanted::Draft | Wanted::Review => {}
        }
        match &outgoing.lead {
            Some(lead) => {
                let url =
                    lead.picture.and_then(|i| addresses.get(i).cloned()).or_else(|| lead.remote.clone());
                fields.insert("feature_image".into(), url.map_or(Value::Null, Value::String));
                fields.insert("feature_image_alt".into(), Value::String(lead.alt.clone()));
                fields.insert("feature_image_caption".into(), Value::String(escape(&lead.caption)));
            }
            None => {
                fields.insert("feature_image".into(), Value::Null);
            }
        }
        let (request, step) = match existing {
            Some(post) => {
                fields.insert("updated_at".into(), Value::String(post.modified_text.clone()));
                let url = self.admin(&format!("posts/{}/?source=html&formats=html", encode(&post.id)));
                (Request::new(Method::Put, url), "updating the post")
            }
            None => {
                if let Some(id) = &outgoing.id {
                    fields.insert("codeinjection_head".into(), Value::String(marker(id)));
                }
                (
                    Request::new(Method::Post, self.admin("posts/?source=html&formats=html")),
                    "creating the post",
                )
            }
        };
        if progress.is_cancelled() {
            return Err(PublishError::Cancelled(step.into()));
        }
        progress.report(0, 0, step);
        let answer = self.call(request.json(json!({ "posts": [post] })));
        let value = match (answer, existing) {
            (Ok(value), _) => value,
            // Ghost's own collision check: changed between our read and
            // our write.
            (Err(Problem::Refused { status: 409, .. }), Some(before)) => {
                let now = self.read(&before.id)?.unwrap_or_else(|| before.clone());
                return Err(PublishError::Conflict(Box::new(Conflict::between(
                    now, outgoing, folder, "updated",
                ))));
            }
            (Err(problem), _) => return Err(at_step(step)(problem)),
        };
        let post = remote_post(&value).map_err(at_step(step))?;
        if outgoing.seo_title.is_some() || outgoing.social_title.is_some() {
            notes.push(
                "the search and social titles and descriptions went to Ghost's meta, Open Graph and X fields"
                    .into(),
            );
        }
        Ok(Sent { post, notes, uploaded, reused })
    }
}

/// Ghost keeps what is inside an HTML card verbatim.
fn card(html: &str) -> String {
    format!("<!--kg-card-begin: html-->{html}<!--kg-card-end: html-->\n")
}

/// The article's id in the post's head code: how a post made by a lost
/// try is known again.
fn marker(id: &str) -> String {
    format!("<meta name=\"copydesk:article\" content=\"{}\">", escape(id))
}

fn encode(segment: &str) -> String {
    percent_encoding::utf8_percent_encode(segment, crate::model::page::SEGMENT).to_string()
}

fn decode_hex(text: &str) -> Option<Vec<u8>> {
    if text.is_empty() || !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok()).collect()
}

/// A post from `{"posts": [post]}`.
pub(crate) fn remote_post(value: &Value) -> Result<RemotePost, Problem> {
    let post = &value["posts"][0];
    let text = |key: &str| post[key].as_str().unwrap_or_default().to_string();
    let id = post["id"].as_str().ok_or(Problem::Missing("the post's id"))?.to_string();
    let modified_text = text("updated_at");
    let modified = parse_time(&modified_text).ok_or(Problem::Missing("the post's updated_at"))?;
    let names = |key: &str| -> Vec<String> {
        post[key]
            .as_array()
            .map(|items| items.iter().filter_map(|i| i["name"].as_str().map(str::to_string)).collect())
            .unwrap_or_default()
    };
    let tags = names("tags");
    let marker = post["codeinjection_head"].as_str().and_then(|head| {
        let at = head.find("copydesk:article\" content=\"")? + "copydesk:article\" content=\"".len();
        let end = head[at..].find('"')? + at;
        Some(head[at..end].to_string())
    });
    Ok(RemotePost {
        id,
        url: text("url"),
        modified,
        modified_text,
        status: text("status"),
        title: text("title"),
        slug: text("slug"),
        excerpt: text("custom_excerpt"),
        date: post["published_at"].as_str().and_then(parse_time),
        categories: tags.first().cloned().into_iter().collect(),
        tags: tags.into_iter().skip(1).collect(),
        featured_image: post["feature_image"].as_str().map(str::to_string),
        featured_alt: text("feature_image_alt"),
        html: text("html"),
        authors: names("authors"),
        marker,
    })
}
