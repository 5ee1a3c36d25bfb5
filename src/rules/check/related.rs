//! Findings about related links: duplicates, missing titles and teasers,
//! links to the article itself, and links the desk cannot resolve.

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
