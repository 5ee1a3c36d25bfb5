//! Findings about related links: duplicates, missing titles and teasers,
//! links to the article itself, links the desk cannot resolve, and
//! addresses of pages outside the desk that are not `https://`.

use std::collections::HashSet;

use super::{Context, Findings, Location, Lookup, Severity, Target};
use crate::model::article::{Article, Related};

pub(super) fn related(article: &Article, context: &Context, out: &mut Findings) {
    use Severity::*;
    let mut seen = HashSet::new();
    for (index, link) in article.related.iter().enumerate() {
        let at = Location::Related { index };
        let slug = link.slug.trim();
        if !seen.insert(slug.to_string()) {
            out.push(Warning, "related-duplicate", at, format!("“{slug}” is already in the related list."));
        }
        if link.title.trim().is_empty() {
            out.push(Error, "related-title-empty", at, "This related link has no title.");
        }
        if link.teaser.trim().is_empty() {
            out.push(Warning, "related-teaser-empty", at, "This related link has no teaser.");
        }
        if let Some(address) = link.address() {
            // A page outside the desk: nothing to look up, but it must be
            // an address a reader's browser opens safely.
            if !is_web_address(address) {
                out.push(
                    Error,
                    "related-url",
                    at,
                    format!("“{address}” is not an https:// address for a page outside the desk."),
                );
            }
            continue;
        }
        if !slug.is_empty() && slug == article.slug {
            out.push(Error, "related-self", at, "This related link points at this article itself.");
            continue;
        }
        let Some(desk) = context.desk else { continue };
        match desk.lookup(slug) {
            Lookup::Missing => out.push(
                Error,
                "related-broken",
                at,
                format!("No article in the desk has the slug “{slug}”."),
            ),
            Lookup::Ambiguous(count) => out.push(
                Error,
                "related-ambiguous",
                at,
                format!("{count} articles in the desk share the slug “{slug}”; this link cannot tell which is meant."),
            ),
            Lookup::Found(target) => {
                if related_state(link, &target) == RelatedState::Stale {
                    out.push(
                        Warning,
                        "related-stale",
                        at,
                        format!("“{slug}” has changed since this link was made; refresh it."),
                    );
                }
            }
        }
    }
}

/// An `https://` address with a host and nothing a page would stumble on.
pub fn is_web_address(address: &str) -> bool {
    let Some(rest) = address.strip_prefix("https://") else { return false };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    !host.is_empty()
        && !host.starts_with('.')
        && host.chars().all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
        && !address.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>'))
}

/// How a related link compares with the article it points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RelatedState {
    Ok,
    Stale,
    Broken,
    SelfLink,
}

/// Compares a related link with its target: stale when the title, category
/// or teaser no longer match what the target would give today.
pub fn related_state(link: &Related, target: &Target) -> RelatedState {
    let fresh = target.related_card(&link.slug);
    if link.title != fresh.title || link.category != fresh.category || link.teaser != fresh.teaser {
        RelatedState::Stale
    } else {
        RelatedState::Ok
    }
}
