//! Markdown files: front matter onto the fields, the rest through the body
//! markup parser. What the subset lacks (`#` and `####` headings, tables,
//! raw HTML, code) stays in the body as text and is reported by line.

use super::front_matter::{self, Kind};
use super::{Context, Findings, ImportError, Imported, Source};
use crate::model::article::Article;
use crate::model::markup;

pub(crate) fn import(text: &str, kind: Option<Kind>, context: &Context) -> Result<Imported, ImportError> {
    let mut findings = Findings::default();
    let mut article = Article::default();
    let (mapped, body_start) = match kind {
        Some(kind) => {
            let split = front_matter::split(text, kind)?;
            (front_matter::apply(&split.entries, &mut article, &mut findings), split.body_start)
        }
        None => {
            findings.note(1, "import-status", "no front matter: imported as a Draft");
            (front_matter::Mapped::default(), 0)
        }
    };
    let mut body = &text[body_start..];
    let mut body_line = super::line_of(text, body_start);

    // Without a title, a leading `# Heading` is the headline, as Markdown
    // files without front matter are written.
    if !mapped.has_headline {
        let skipped = body.len() - body.trim_start_matches(['\n', '\r', ' ', '\t']).len();
        let rest = &body[skipped..];
        let first = rest.lines().next().unwrap_or("");
        if let Some(headline) = first.strip_prefix("# ") {
            let line = super::line_of(text, body_start + skipped);
            article.headline = headline.trim().trim_end_matches('#').trim().to_string();
            findings.note(line, "import-headline", format!("line {line} (a # heading) read as the headline"));
            let consumed = skipped + first.len();
            body_line = super::line_of(text, body_start + consumed);
            body = &body[consumed..];
        } else {
            findings.warn(
                body_line,
                "import-no-headline",
                "no title and no # heading: the headline is empty",
            );
        }
    }

    let parsed = markup::parse(body);
    // The findings come in body order: their lines are counted on from the
    // last one's, so the body is read once whatever their number.
    let mut lines = super::LineCounter::new(body);
    findings.0.reserve(parsed.findings.len());
    for finding in &parsed.findings {
        let line = body_line + lines.line(finding.offset) - 1;
        // The line is the finding's own; the message need not repeat it.
        findings.warn(line, "import-markup", finding.message.as_ref());
    }
    report_tables(body, body_line, &mut findings);
    article.body = parsed.blocks;
    size_body_images(&mut article, &mapped.image_sizes);

    if !mapped.has_slug {
        match context.slug_from_name() {
            Some(slug) => {
                findings.note(
                    1,
                    "import-slug",
                    format!("no `slug` key: the slug `{slug}` comes from the file name"),
                );
                article.slug = slug;
            }
            None => {
                article.slug = crate::model::slug::suggest(&article.headline);
                findings.note(
                    1,
                    "import-slug",
                    format!("no `slug` key: the slug `{}` comes from the headline", article.slug),
                );
            }
        }
    }
    let related_lines = vec![mapped.related_line.max(1); article.related.len()];
    super::resolve_related(&mut article.related, &related_lines, context, &mut findings);
    Ok(Imported { article, findings: findings.0, source: Source::Markdown(kind) })
}

/// Gives body images the sizes `image_sizes` lists for their source, each
/// entry used once, in body order (one picture can appear twice at two
/// sizes only if it is two entries).
fn size_body_images(article: &mut Article, sizes: &[(String, u32, u32)]) {
    let mut unused: Vec<&(String, u32, u32)> = sizes.iter().collect();
    for block in &mut article.body {
        if let crate::model::article::Block::Image(image) = block
            && let Some(at) = unused.iter().position(|(src, ..)| *src == image.src)
        {
            let (_, width, height) = unused.remove(at);
            (image.width, image.height) = (Some(*width), Some(*height));
        }
    }
}

/// Tables are not in the markup subset (nor in the parser's options), so
/// they arrive as paragraphs of pipes: say so at their delimiter row.
fn report_tables(body: &str, body_line: usize, findings: &mut Findings) {
    let mut start = 0;
    let ends = memchr::memchr_iter(b'\n', body.as_bytes()).chain(std::iter::once(body.len()));
    for (n, end) in ends.enumerate() {
        let line = &body[start..end];
        start = end + 1;
        let row = line.trim();
        // The character test first: it stops at a prose line's first letter.
        let is_delimiter = row.bytes().all(|b| matches!(b, b'|' | b'-' | b':' | b' ' | b'\t'))
            && row.contains('-')
            && row.contains('|');
        if is_delimiter {
            let line = body_line + n.saturating_sub(1);
            findings.warn(
                line,
                "import-table",
                format!("line {line}: a table is not part of article markup; kept as text"),
            );
        }
    }
}
