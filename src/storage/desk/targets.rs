//! The CMSs a desk publishes into (`desk.ron`'s `publish` list): a name the
//! newsroom chose, the kind of CMS and the site's address. Never a
//! credential: `desk.ron` travels through git (see `storage::credentials`).

use serde::{Deserialize, Serialize};

/// One CMS site the desk publishes into.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename = "Target", deny_unknown_fields)]
pub struct Target {
    /// The desk's name for it ("Courier WordPress"); an article's
    /// `published_to` entries key on it.
    pub name: String,
    pub kind: CmsKind,
    /// The site's address (`https://courier.example.org/`).
    pub url: String,
}

/// Which CMS a target runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum CmsKind {
    WordPress,
    Ghost,
}

impl CmsKind {
    pub const ALL: [CmsKind; 2] = [CmsKind::WordPress, CmsKind::Ghost];

    pub fn label(self) -> &'static str {
        match self {
            CmsKind::WordPress => "WordPress",
            CmsKind::Ghost => "Ghost",
        }
    }

    /// `wordpress` or `ghost`, as the command line takes it.
    pub fn parse(text: &str) -> Option<CmsKind> {
        match text.trim().to_ascii_lowercase().as_str() {
            "wordpress" | "wp" => Some(CmsKind::WordPress),
            "ghost" => Some(CmsKind::Ghost),
            _ => None,
        }
    }
}

impl Target {
    /// A target given on the command line rather than in `desk.ron`: named
    /// after its kind and host, so the article remembers it the same way
    /// the next time the same `--to KIND --url URL` is given.
    pub fn ad_hoc(kind: CmsKind, url: &str) -> Target {
        Target { name: format!("{} {}", kind.label(), site_url(url)), kind, url: url.trim().to_string() }
    }

    /// The site's address without a trailing slash, for joining API paths.
    pub fn base(&self) -> String {
        site_url(&self.url)
    }

    /// Why the address cannot be published to, in a sentence; `None` when
    /// it is an `http(s)://` address with a host and nothing that could
    /// end or change the URL.
    pub fn url_problem(&self) -> Option<String> {
        let url = self.url.trim();
        let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
        match rest {
            None => Some(format!("“{url}” is not a web address; write it as https://…")),
            Some(rest) if rest.is_empty() || rest.starts_with('/') => Some(format!("“{url}” has no host")),
            Some(_)
                if url.contains(|c: char| c.is_whitespace() || c.is_control() || matches!(c, '?' | '#')) =>
            {
                Some(format!("“{url}” is not a plain site address (no spaces, ? or #)"))
            }
            Some(_) => None,
        }
    }
}

fn site_url(url: &str) -> String {
    url.trim().trim_end_matches('/').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_checked_and_joined_without_double_slashes() {
        let target = Target::ad_hoc(CmsKind::Ghost, " https://news.example.org/ ");
        assert_eq!(target.base(), "https://news.example.org");
        assert_eq!(target.name, "Ghost https://news.example.org");
        assert_eq!(target.url_problem(), None);
        let bad = |url: &str| Target { url: url.into(), ..target.clone() }.url_problem();
        assert!(bad("ftp://x").is_some());
        assert!(bad("https://").is_some());
        assert!(bad("https://a.example/?x=1").is_some());
        assert_eq!(CmsKind::parse("WordPress"), Some(CmsKind::WordPress));
        assert_eq!(CmsKind::parse("drupal"), None);
    }
}
