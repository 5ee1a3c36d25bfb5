//! A post changed in the CMS behind Copydesk's back: what the CMS holds
//! against what would be sent, field by field, for the editor to choose
//! Overwrite or Cancel.

use std::path::Path;

use super::{Outgoing, RemotePost, Wanted};

/// One field of the post, both ways.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldDiff {
    pub label: &'static str,
    pub cms: String,
    pub ours: String,
}

impl FieldDiff {
    pub fn differs(&self) -> bool {
        self.cms != self.ours
    }
}

/// The post as the CMS holds it now, and every field compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub remote: RemotePost,
    pub fields: Vec<FieldDiff>,
}

impl Conflict {
    /// `remote` against what `outgoing` would send (`status` in the CMS's
    /// word).
    pub fn between(remote: RemotePost, outgoing: &Outgoing, folder: &Path, status: &str) -> Conflict {
        let date = |at: Option<jiff::Timestamp>| at.map(|at| at.to_string()).unwrap_or_default();
        let ours_date = match outgoing.wanted {
            Wanted::Live { at } => date(at),
            Wanted::Scheduled { at } => at.to_string(),
            Wanted::Draft | Wanted::Review => String::new(),
        };
        let ours_body = outgoing.body_html(folder, &|p| Some(p.upload_name.clone()));
        let lead_alt = outgoing.lead.as_ref().map(|l| l.alt.clone()).unwrap_or_default();
        let list = |items: &[String]| {
            let mut sorted: Vec<String> = items.iter().map(|i| i.to_lowercase()).collect();
            sorted.sort();
            sorted.join(", ")
        };
        let mut ours_categories = Vec::new();
        ours_categories.extend(outgoing.category.clone());
        let fields = vec![
            FieldDiff { label: "Headline", cms: remote.title.clone(), ours: outgoing.title.clone() },
            FieldDiff { label: "Slug", cms: remote.slug.clone(), ours: outgoing.slug.clone() },
            FieldDiff { label: "Dek (excerpt)", cms: remote.excerpt.clone(), ours: outgoing.excerpt.clone() },
            FieldDiff { label: "Status", cms: remote.status.clone(), ours: status.to_string() },
            FieldDiff { label: "Published", cms: date(remote.date), ours: ours_date },
            FieldDiff { label: "Category", cms: list(&remote.categories), ours: list(&ours_categories) },
            FieldDiff { label: "Tags", cms: list(&remote.tags), ours: list(&outgoing.tags) },
            FieldDiff { label: "Lead image alt text", cms: remote.featured_alt.clone(), ours: lead_alt },
            // The byline paragraph and the corrections are part of both.
            FieldDiff { label: "Body", cms: story_words(&remote.html), ours: story_words(&ours_body) },
        ];
        Conflict { remote, fields }
    }

    /// "Headline, Body differ (changed in the CMS at …)".
    pub fn summary(&self) -> String {
        let differing: Vec<&str> = self.fields.iter().filter(|f| f.differs()).map(|f| f.label).collect();
        let when = format!("modified there {}", self.remote.modified);
        if differing.is_empty() {
            format!("{when}; its fields match what would be sent")
        } else {
            format!("{when}; {} differ", differing.join(", "))
        }
    }
}

/// The story's words in a post body, leaving out the byline paragraph and
/// the corrections Copydesk adds around it (their markup is the CMS's
/// business), compared as words so Ghost's rewritten markup is no
/// difference.
pub fn story_words(html: &str) -> String {
    let fragment = scraper::Html::parse_fragment(html);
    let mut words: Vec<&str> = Vec::new();
    for node in fragment.root_element().descendants() {
        let Some(text) = node.value().as_text() else { continue };
        let added = node.ancestors().filter_map(|a| a.value().as_element()).any(|element| {
            let class = element.attr("class").unwrap_or_default();
            class.split_whitespace().any(|c| c == "byline" || c == "corrections")
        });
        if !added {
            words.extend(text.split_whitespace());
        }
    }
    words.join(" ")
}
