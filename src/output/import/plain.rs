//! The plain-text copy of a published page (DESIGN §1), as a browser gives
//! it: kicker, headline, dek, slug line, share bar, byline and date lines,
//! then the body, then a `Related` section of cards. Paragraphs may be
//! separated by blank lines or by single newlines.

use super::{Context, Findings, Imported, Source, dates};
use crate::model::article::{Article, Block, Related, ShareTarget};

/// One non-blank input line.
#[derive(Debug, Clone, Copy)]
struct Line<'a> {
    /// 1-based input line.
    number: usize,
    text: &'a str,
    /// A blank line came before it.
    after_blank: bool,
}

/// Longest dek the header accepts; a longer second line is body copy.
const DEK_MAX_WORDS: usize = 60;
/// Longest line read as a section heading.
const HEADING_MAX_WORDS: usize = 12;

pub(crate) fn import(text: &str, context: &Context) -> Imported {
    let mut findings = Findings::default();
    let mut article = Article { share: Vec::new(), ..Article::default() };
    let mut lines = Vec::new();
    let mut after_blank = false;
    for (n, raw) in text.lines().enumerate() {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            after_blank = !lines.is_empty();
        } else {
            lines.push(Line { number: n + 1, text: trimmed, after_blank });
            after_blank = false;
        }
    }
    let blank_lines = lines.iter().any(|l| l.after_blank);

    let body_start = header(&lines, &mut article, &mut findings, context);
    let related_at =
        lines[body_start..].iter().rposition(|l| is_related_marker(l.text)).map(|at| body_start + at);
    let body_end = related_at.unwrap_or(lines.len());
    article.body = body(&lines[body_start..body_end], blank_lines, &mut findings);
    if let Some(at) = related_at {
        let marker = lines[at];
        findings.note(
            marker.number,
            "import-related",
            format!("line {} (“{}”) starts the related links", marker.number, marker.text),
        );
        article.related = related(&lines[at + 1..], blank_lines, context, &mut findings);
    }

    if article.slug.is_empty() {
        let (slug, from) = match context.slug_from_name() {
            Some(slug) => (slug, "the file name"),
            None => (crate::model::slug::suggest(&article.headline), "the headline"),
        };
        findings.note(1, "import-slug", format!("no slug line: the slug `{slug}` comes from {from}"));
        article.slug = slug;
    }
    if article.share.is_empty() {
        findings.note(1, "import-share", "no share-bar line: the article has no share targets");
    }
    findings.note(1, "import-status", "plain-text copy: imported as a Draft");
    Imported { article, findings: findings.0, source: Source::PlainText { blank_lines } }
}

/// Reads the lines above the body; returns where the body starts.
fn header(lines: &[Line], article: &mut Article, findings: &mut Findings, context: &Context) -> usize {
    let mut at = 0;
    let Some(first) = lines.first() else { return 0 };
    if lines.len() > 1 && context.is_category(first.text) {
        article.category = first.text.to_string();
        findings.note(
            first.number,
            "import-category",
            format!("line {} read as the category (kicker)", first.number),
        );
        at += 1;
    }
    let Some(headline) = lines.get(at) else { return at };
    article.headline = headline.text.to_string();
    findings.note(
        headline.number,
        "import-headline",
        format!("line {} read as the headline", headline.number),
    );
    at += 1;
    if let Some(line) = lines.get(at)
        && !is_header_line(line.text)
        && line.text.split_whitespace().count() <= DEK_MAX_WORDS
        && is_list_item(line.text).is_none()
    {
        article.dek = line.text.to_string();
        findings.note(line.number, "import-dek", format!("line {} read as the dek", line.number));
        at += 1;
    }
    while let Some(line) = lines.get(at) {
        let n = line.number;
        if article.slug.is_empty() && is_slug(line.text) {
            article.slug = line.text.to_string();
            findings.note(n, "import-slug", format!("line {n} read as the slug"));
        } else if let Some(targets) = share_targets(line.text) {
            if article.share.is_empty() {
                article.share = targets;
                findings.note(
                    n,
                    "import-share",
                    format!("line {n} read as the share bar: its networks are the share targets"),
                );
            } else {
                findings.warn(
                    n,
                    "import-share",
                    format!("line {n} left out: a second share bar (“{}”)", line.text),
                );
            }
        } else if let Some(parts) = byline_or_dates(line.text) {
            for part in parts {
                match part {
                    Part::Bylines(names) => {
                        findings.note(
                            n,
                            "import-byline",
                            format!("line {n} read as the byline: “{}”", line.text),
                        );
                        article.bylines.extend(names);
                    }
                    Part::Date { updated, text, parsed } => {
                        let (field, slot) = if updated {
                            ("updated", &mut article.updated_at)
                        } else {
                            ("published", &mut article.published_at)
                        };
                        *slot = Some(parsed.at);
                        let how = parsed.assumed.map_or(String::new(), |a| format!(", {}", a.describe()));
                        findings.note(
                            n,
                            "import-date",
                            format!(
                                "line {n} read as the {field} date {} ({text}{how}): “{}”",
                                parsed.at, line.text
                            ),
                        );
                    }
                }
            }
        } else {
            break;
        }
        at += 1;
    }
    at
}

fn is_header_line(text: &str) -> bool {
    is_slug(text) || share_targets(text).is_some() || byline_or_dates(text).is_some()
}

/// `city-council-river-park-vote`: lowercase words joined by hyphens.
fn is_slug(text: &str) -> bool {
    text.contains('-')
        && !text.starts_with('-')
        && !text.ends_with('-')
        && !text.contains("--")
        && text.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A line made only of share-bar labels (`Facebook X LinkedIn`), maybe
/// after the word `Share`.
fn share_targets(text: &str) -> Option<Vec<ShareTarget>> {
    let mut targets = Vec::new();
    for (n, word) in
        text.split(|c: char| c.is_whitespace() || c == '|' || c == '·').filter(|w| !w.is_empty()).enumerate()
    {
        if n == 0 && word.eq_ignore_ascii_case("share") {
            continue;
        }
        let target = match word {
            "Twitter" => ShareTarget::X,
            _ => *ShareTarget::ALL.iter().find(|t| t.label() == word)?,
        };
        if !targets.contains(&target) {
            targets.push(target);
        }
    }
    (!targets.is_empty()).then_some(targets)
}

enum Part {
    Bylines(Vec<String>),
    Date { updated: bool, text: String, parsed: dates::Parsed },
}

/// `By Ana Ruiz and Tom Park · Published January 27, 2026`: every part of
/// the line must be a byline or a date, or the line is copy.
fn byline_or_dates(text: &str) -> Option<Vec<Part>> {
    let mut parts = Vec::new();
    for piece in text.split(" · ").flat_map(|p| p.split(" | ")) {
        let piece = piece.trim().trim_end_matches('.');
        if let Some(names) = piece.strip_prefix("By ") {
            let names: Vec<String> = names
                .split(", ")
                .flat_map(|n| n.split(" and "))
                .flat_map(|n| n.split(" & "))
                .map(|n| n.trim().trim_start_matches("and ").trim().to_string())
                .filter(|n| !n.is_empty())
                .collect();
            if names.is_empty()
                || names
                    .iter()
                    .any(|n| n.split_whitespace().count() > 5 || !n.starts_with(char::is_uppercase))
            {
                return None;
            }
            parts.push(Part::Bylines(names));
            continue;
        }
        let (updated, date_text) = date_prefix(piece);
        let parsed = dates::parse(date_text)?;
        parts.push(Part::Date { updated, text: date_text.to_string(), parsed });
    }
    (!parts.is_empty()).then_some(parts)
}

fn date_prefix(piece: &str) -> (bool, &str) {
    for (prefix, updated) in [
        ("Last updated", true),
        ("Updated", true),
        ("Published", false),
        ("Posted", false),
        ("Published on", false),
    ] {
        if let Some(rest) = piece.strip_prefix(prefix) {
            let rest = rest.trim_start_matches(':').trim();
            let rest = rest.strip_prefix("on ").unwrap_or(rest);
            return (updated, rest);
        }
    }
    (false, piece)
}

fn is_related_marker(text: &str) -> bool {
    let lower = text.to_lowercase();
    matches!(
        lower.as_str(),
        "related" | "related articles" | "related stories" | "related coverage" | "read more"
    )
}

/// A list item's marker: `Some(true)` for numbered, `Some(false)` for
/// bullets; and the item text.
fn is_list_item(text: &str) -> Option<(bool, &str)> {
    for bullet in ["• ", "- ", "* ", "◦ ", "‣ ", "– "] {
        if let Some(rest) = text.strip_prefix(bullet) {
            return Some((false, rest.trim()));
        }
    }
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=3).contains(&digits) {
        let rest = &text[digits..];
        if let Some(item) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return Some((true, item.trim()));
        }
    }
    None
}

/// `— Mia Chen`: the attribution line under a quote.
fn attribution(text: &str) -> Option<&str> {
    ["—", "―", "-- "]
        .iter()
        .find_map(|dash| text.strip_prefix(dash))
        .map(str::trim)
        .filter(|name| !name.is_empty() && name.split_whitespace().count() <= 12)
}

/// Short, no final punctuation, starts like a title.
fn is_heading_like(text: &str) -> bool {
    let words = text.split_whitespace().count();
    words <= HEADING_MAX_WORDS
        && text.chars().count() <= 90
        && !text.ends_with(['.', '!', '?', ':', ';', ',', '…', '"', '”', '\'', '’', ')'])
        && text.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

fn body(lines: &[Line], blank_lines: bool, findings: &mut Findings) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    // Whether the last block is a paragraph made from the line just before.
    let mut quote_candidate = false;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let n = line.number;
        if let Some((ordered, _)) = is_list_item(line.text) {
            let mut items = Vec::new();
            let mut j = i;
            while let Some(next) = lines.get(j)
                && let Some((kind, item)) = is_list_item(next.text)
                && kind == ordered
            {
                items.push(escape(item));
                j += 1;
            }
            let last = lines[j - 1].number;
            findings.note(n, "import-list", format!("lines {n}–{last} read as a list"));
            blocks.push(Block::List { ordered, items });
            quote_candidate = false;
            i = j;
            continue;
        }
        if let Some(name) = attribution(line.text)
            && quote_candidate
            && let Some(Block::Paragraph(text)) = blocks.last()
        {
            let text = text.clone();
            blocks.pop();
            findings.note(
                n,
                "import-quote",
                format!("line {n} read as the attribution of the quote above it"),
            );
            blocks.push(Block::Quote { text, attribution: Some(escape(name)) });
            quote_candidate = false;
            i += 1;
            continue;
        }
        let next = lines.get(i + 1);
        let next_is_body = next.is_some_and(|next| attribution(next.text).is_none());
        // With blank lines between paragraphs, a heading stands alone (or
        // is too short to be the first line of a wrapped paragraph).
        let alone = !blank_lines
            || next.is_some_and(|next| next.after_blank)
            || line.text.split_whitespace().count() <= 6;
        if is_heading_like(line.text) && next_is_body && alone {
            findings.note(n, "import-heading", format!("line {n} read as a section heading"));
            blocks.push(Block::Heading { level: 2, text: escape(line.text) });
            quote_candidate = false;
            i += 1;
            continue;
        }
        // With blank lines between paragraphs, lines without one between
        // them are one paragraph wrapped by a mail client or a wire feed.
        let mut text = line.text.to_string();
        let mut j = i + 1;
        while blank_lines
            && let Some(next) = lines.get(j)
            && !next.after_blank
            && is_list_item(next.text).is_none()
            && attribution(next.text).is_none()
        {
            text.push(' ');
            text.push_str(next.text);
            j += 1;
        }
        if j > i + 1 {
            findings.note(
                n,
                "import-wrapped",
                format!("lines {n}–{} joined into one paragraph", lines[j - 1].number),
            );
        }
        blocks.push(Block::Paragraph(escape(&text)));
        quote_candidate = true;
        i = j;
    }
    blocks
}

/// Plain copy is text, not markup: characters that would start markup are
/// escaped so the article shows exactly what the page showed.
fn escape(text: &str) -> String {
    if crate::model::markup::inline::is_plain(text) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if matches!(c, '*' | '_' | '[' | ']' | '<' | '`' | '\\' | '&') {
            out.push('\\');
        }
        out.push(c);
    }
    let (escaped, _) = crate::model::markup::escape_paragraph(&out);
    escaped
}

/// The cards after `Related`: slug, category, title, teaser, in groups
/// separated by blank lines or starting at each slug line.
fn related(lines: &[Line], blank_lines: bool, context: &Context, findings: &mut Findings) -> Vec<Related> {
    let mut groups: Vec<Vec<Line>> = Vec::new();
    // Cards start at their slug lines; without slugs, at blank lines when
    // the cards' lines are kept together; else at category lines, or every
    // three lines (category, title, teaser).
    let by_slug = lines.iter().any(|l| is_slug(l.text));
    let by_blank = !by_slug && blank_lines && lines.windows(2).any(|w| !w[1].after_blank);
    let by_category = !by_slug && !by_blank && lines.iter().any(|l| context.is_category(l.text));
    for line in lines {
        let starts = match groups.last() {
            None => true,
            Some(_) if by_slug => is_slug(line.text),
            Some(_) if by_blank => line.after_blank,
            Some(_) if by_category => context.is_category(line.text),
            Some(group) => group.len() >= 3,
        };
        match groups.last_mut() {
            Some(group) if !starts => group.push(*line),
            _ => groups.push(vec![*line]),
        }
    }
    let mut cards = Vec::new();
    let mut card_lines = Vec::new();
    for group in groups {
        let mut rest = group.as_slice();
        let first = rest[0].number;
        let mut card = Related::default();
        if let Some((line, tail)) = rest.split_first()
            && is_slug(line.text)
        {
            card.slug = line.text.to_string();
            rest = tail;
        }
        if rest.len() >= 3 || (rest.len() == 2 && rest.first().is_some_and(|l| context.is_category(l.text))) {
            card.category = rest[0].text.to_string();
            rest = &rest[1..];
        }
        if let Some((line, tail)) = rest.split_first() {
            card.title = line.text.to_string();
            rest = tail;
        }
        if let Some((line, tail)) = rest.split_first() {
            card.teaser = line.text.to_string();
            rest = tail;
        }
        for extra in rest {
            findings.warn(
                extra.number,
                "import-related-extra",
                format!("line {} left out of the related card above it: “{}”", extra.number, extra.text),
            );
        }
        findings.note(
            first,
            "import-related",
            format!(
                "line {first} starts a related link ({})",
                if card.slug.is_empty() { card.title.as_str() } else { card.slug.as_str() }
            ),
        );
        cards.push(card);
        card_lines.push(first);
    }
    // A card without a slug line is resolved against the desk first; only
    // what the desk cannot find gets a slug made from its title.
    let mut resolved = cards.clone();
    super::resolve_related(&mut resolved, &card_lines, context, findings);
    for (card, line) in resolved.iter_mut().zip(&card_lines) {
        if card.slug.is_empty() {
            card.slug = crate::model::slug::suggest(&card.title);
            findings.warn(
                *line,
                "import-related-slug",
                format!(
                    "related link “{}” has no slug line: `{}` made from its title",
                    card.title, card.slug
                ),
            );
        }
    }
    resolved
}
