//! Publishing into a newsroom's CMS (WordPress, Ghost): the article mapped
//! to what the CMS takes (`outgoing`), the clients (`wordpress`, `ghost`)
//! over one wire (`http`), and the rules every publish follows here:
//!
//! - never a silent overwrite: before an update the post is read, and when
//!   it changed in the CMS since our last publish the publish stops with a
//!   [`Conflict`] (field by field) unless the editor chose Overwrite for
//!   exactly the version they were shown; a post deleted there stops with
//!   [`PublishError::Deleted`] unless the editor chose to create it again;
//! - never a duplicate: pictures are found again by a hash of their bytes,
//!   and a post a lost answer left behind is found by the article's id
//!   before a new one is made;
//! - every failure names its step, and nothing is changed on disk: the
//!   caller records the [`Outcome`] only when there is one.

mod conflict;
pub mod ghost;
pub mod http;
pub mod outgoing;
pub mod wordpress;

use std::path::Path;

use crate::editing::background::Progress;
use crate::model::article::{Article, Publication};
use crate::model::page;
use crate::storage::credentials::Credential;
use crate::storage::desk::{CmsKind, Target};

pub use conflict::{Conflict, FieldDiff};
pub use http::{Http, Problem, Transport};
pub use outgoing::{Outgoing, PictureProblem, Wanted};

/// A post as the CMS holds it: what the conflict check shows, and what
/// the tests read back.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RemotePost {
    pub id: String,
    /// Its public address (a preview address for drafts).
    pub url: String,
    pub modified: jiff::Timestamp,
    /// The modified time as the CMS wrote it (Ghost wants it back, as is,
    /// with an update).
    pub modified_text: String,
    /// The CMS's own word (`publish`, `future`, `scheduled`, …).
    pub status: String,
    pub title: String,
    pub slug: String,
    pub excerpt: String,
    /// When it is (or will be) published.
    pub date: Option<jiff::Timestamp>,
    /// WordPress's categories; Ghost's primary tag.
    pub categories: Vec<String>,
    pub tags: Vec<String>,
    pub featured_image: Option<String>,
    pub featured_alt: String,
    /// The body as the CMS gives it back (its raw HTML where it keeps it).
    pub html: String,
    /// Names of the users it is credited to.
    pub authors: Vec<String>,
    /// The article id Copydesk left on it, if any.
    pub marker: Option<String>,
}

/// What the editor decided after a publish stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Choice {
    /// Stop at any change made in the CMS.
    #[default]
    Careful,
    /// Replace the post, as long as it is still the version modified at
    /// this time (the one the editor was shown).
    Overwrite(jiff::Timestamp),
    /// The post was deleted in the CMS: make a new one.
    Recreate,
}

/// One publish: what, where, and what the editor decided so far.
#[derive(Debug, Clone)]
pub struct Job<'a> {
    pub article: &'a Article,
    /// The article's folder (its pictures are relative to it).
    pub folder: &'a Path,
    pub settings: page::Settings<'a>,
    pub target: &'a Target,
    pub choice: Choice,
}

/// A publish that went through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// What the article records (replacing its entry for the target).
    pub publication: Publication,
    pub created: bool,
    /// The CMS's status word now.
    pub status: String,
    /// Things the editor should know (bylines without a user, fields the
    /// CMS has no place for, pictures reused).
    pub notes: Vec<String>,
    /// Pictures uploaded now, and found already there.
    pub uploaded: usize,
    pub reused: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error("not published: {0}")]
    Picture(#[from] PictureProblem),
    #[error("not published: the credential is for {given}, the target is a {wanted} site")]
    WrongCredential { given: &'static str, wanted: &'static str },
    #[error("not published: {0}")]
    BadTarget(String),
    #[error("not published: {0}")]
    BadCredential(&'static str),
    #[error("{step}: {problem}")]
    Step { step: String, problem: Problem },
    #[error("the post was changed in the CMS since it was last published from here: {}", .0.summary())]
    Conflict(Box<Conflict>),
    #[error(
        "the post ({url}) is gone from the CMS (deleted or in the trash); publish again to create it anew"
    )]
    Deleted { url: String },
    #[error("stopped before {0}; nothing after that was sent, and publishing again finishes the job")]
    Cancelled(String),
}

impl PublishError {
    /// True when the CMS refused the credential itself (ask for another).
    pub fn is_unauthorized(&self) -> bool {
        matches!(self, PublishError::Step { problem: Problem::Unauthorized(_), .. })
    }
}

/// Names a failed step.
pub(crate) fn at_step(step: impl Into<String>) -> impl FnOnce(Problem) -> PublishError {
    let step = step.into();
    move |problem| PublishError::Step { step, problem }
}

/// What each CMS client does; the order and the rules are [`publish`]'s.
pub(crate) trait Cms {
    /// The post as it is now; `None` when it is deleted or in the trash.
    fn read(&mut self, id: &str) -> Result<Option<RemotePost>, PublishError>;
    /// A post with the article's slug that carries the article's id: made
    /// by an earlier try whose answer was lost.
    fn find_ours(&mut self, outgoing: &Outgoing) -> Result<Option<RemotePost>, PublishError>;
    /// The CMS's status word for `wanted`.
    fn status_word(&self, wanted: Wanted) -> &'static str;
    /// Sends the post: creates it, or updates `existing`.
    fn send(
        &mut self,
        outgoing: &Outgoing,
        folder: &Path,
        existing: Option<&RemotePost>,
        progress: &Progress,
    ) -> Result<Sent, PublishError>;
}

/// What [`Cms::send`] did.
pub(crate) struct Sent {
    pub post: RemotePost,
    pub notes: Vec<String>,
    pub uploaded: usize,
    pub reused: usize,
}

/// A client for `target`, signed in with `credential`, over `transport`.
pub struct Publisher<'t> {
    target: Target,
    cms: Box<dyn Cms + 't>,
}

impl<'t> Publisher<'t> {
    pub fn new(
        target: &Target,
        credential: &Credential,
        transport: &'t dyn Transport,
    ) -> Result<Publisher<'t>, PublishError> {
        if let Some(problem) = target.url_problem() {
            return Err(PublishError::BadTarget(problem));
        }
        if credential.kind() != target.kind {
            return Err(PublishError::WrongCredential {
                given: credential.kind().label(),
                wanted: target.kind.label(),
            });
        }
        if let Some(problem) = credential.problem() {
            return Err(PublishError::BadCredential(problem));
        }
        let cms: Box<dyn Cms + 't> = match (target.kind, credential) {
            (CmsKind::WordPress, Credential::WordPress { user, app_password }) => {
                Box::new(wordpress::WordPress::new(&target.base(), user, app_password, transport))
            }
            (_, Credential::Ghost { admin_key }) => {
                Box::new(ghost::Ghost::new(&target.base(), admin_key, transport)?)
            }
            (_, Credential::WordPress { .. }) => {
                return Err(PublishError::WrongCredential {
                    given: "WordPress",
                    wanted: target.kind.label(),
                });
            }
        };
        Ok(Publisher { target: target.clone(), cms })
    }

    /// Publishes `job.article` (see the module's rules). The article itself
    /// is not touched: the caller records [`Outcome::publication`].
    pub fn publish(&mut self, job: &Job<'_>, progress: &Progress) -> Result<Outcome, PublishError> {
        let outgoing = Outgoing::of(job.article, job.folder, job.settings, jiff::Timestamp::now())?;
        let previous = job.article.published_to.iter().find(|p| p.target == self.target.name);
        let stop = |before: &str| -> Result<(), PublishError> {
            if progress.is_cancelled() { Err(PublishError::Cancelled(before.to_string())) } else { Ok(()) }
        };
        let mut existing = None;
        if let Some(previous) = previous {
            progress.report(0, 0, "reading the post");
            match self.cms.read(&previous.remote_id)? {
                None if job.choice == Choice::Recreate => {}
                None => return Err(PublishError::Deleted { url: previous.url.clone() }),
                Some(remote) => {
                    let changed = remote.modified != previous.remote_modified;
                    let allowed = matches!(job.choice, Choice::Overwrite(seen) if seen == remote.modified);
                    if changed && !allowed {
                        let ours = self.cms.status_word(outgoing.wanted);
                        return Err(PublishError::Conflict(Box::new(Conflict::between(
                            remote, &outgoing, job.folder, ours,
                        ))));
                    }
                    existing = Some(remote);
                }
            }
        }
        if existing.is_none() && outgoing.id.is_some() {
            stop("looking for an earlier try")?;
            progress.report(0, 0, "looking for an earlier try");
            existing = self.cms.find_ours(&outgoing)?;
        }
        stop("sending")?;
        let created = existing.is_none();
        let sent = self.cms.send(&outgoing, job.folder, existing.as_ref(), progress)?;
        Ok(Outcome {
            publication: Publication {
                target: self.target.name.clone(),
                remote_id: sent.post.id.clone(),
                url: sent.post.url.clone(),
                remote_modified: sent.post.modified,
            },
            created,
            status: sent.post.status.clone(),
            notes: sent.notes,
            uploaded: sent.uploaded,
            reused: sent.reused,
        })
    }

    /// The post as the CMS holds it now (`None`: deleted).
    pub fn read(&mut self, id: &str) -> Result<Option<RemotePost>, PublishError> {
        self.cms.read(id)
    }
}

/// The article with `outcome` recorded: its entry for the target replaced.
pub fn record(article: &mut Article, outcome: &Outcome) {
    let publication = outcome.publication.clone();
    match article.published_to.iter_mut().find(|p| p.target == publication.target) {
        Some(entry) => *entry = publication,
        None => article.published_to.push(publication),
    }
}

/// A time as a CMS writes it: WordPress's `…_gmt` has no zone (it is
/// UTC), Ghost's ends in `Z` with milliseconds.
pub(crate) fn parse_time(text: &str) -> Option<jiff::Timestamp> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    text.parse().ok().or_else(|| format!("{text}Z").parse().ok())
}

/// HTML to its words, for showing and comparing bodies.
pub fn plain_text(html: &str) -> String {
    let fragment = scraper::Html::parse_fragment(html);
    let mut words = String::with_capacity(html.len() / 2);
    for text in fragment.root_element().text() {
        for word in text.split_whitespace() {
            if !words.is_empty() {
                words.push(' ');
            }
            words.push_str(word);
        }
    }
    words
}

#[cfg(test)]
mod tests;
