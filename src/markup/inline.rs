//! Inline markup inside one block text: `*em*`, `**strong**`, `[text](url)`.
//! Turns a block text into styled runs for the preview and the HTML export,
//! and reports inline constructs outside the subset.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

/// How a run of text is drawn.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Style {
    pub emphasis: bool,
    pub strong: bool,
    /// The destination when the run is (part of) a link's text.
    pub link: Option<String>,
}

/// A run of text with one style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    /// What the reader sees (escapes and entities resolved).
    pub text: String,
    pub style: Style,
    /// Where the run's source is in the block text.
    pub range: Range<usize>,
}

/// A link in a block text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub url: String,
    /// The link text as the reader sees it.
    pub text: String,
    /// Byte range of the whole `[text](url)` in the block text.
    pub range: Range<usize>,
    /// `false` for `<https://…>` autolinks, which the subset does not have.
    pub inline: bool,
}

/// An inline construct outside the subset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InlineFinding {
    pub code: &'static str,
    pub message: &'static str,
    /// Byte offset in the block text.
    pub offset: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inline {
    pub runs: Vec<Run>,
    pub links: Vec<Link>,
    pub findings: Vec<InlineFinding>,
}

impl Inline {
    /// The text as the reader sees it, without markup.
    pub fn plain(&self) -> String {
        self.runs.iter().map(|run| run.text.as_str()).collect()
    }
}

/// True when the text has no character that could start inline markup, so
/// it reads as itself. Most prose takes this fast path.
pub fn is_plain(text: &str) -> bool {
    !text.bytes().any(|b| {
        matches!(
            b,
            b'*' | b'_'
                | b'['
                | b']'
                | b'<'
                | b'>'
                | b'`'
                | b'\\'
                | b'&'
                | b'!'
                | b'#'
                | b'-'
                | b'+'
                | b'='
                | b'|'
                | b'~'
                | b'0'..=b'9'
        )
    })
}

/// The reader-visible text of a block text.
pub fn plain(text: &str) -> String {
    if is_plain(text) {
        return text.to_string();
    }
    analyze(text).plain()
}

/// Parses the inline markup of one block text.
pub fn analyze(text: &str) -> Inline {
    if is_plain(text) {
        let runs = if text.is_empty() {
            Vec::new()
        } else {
            vec![Run { text: text.to_string(), style: Style::default(), range: 0..text.len() }]
        };
        return Inline { runs, ..Inline::default() };
    }
    // Parsed alone, a text like "# Notes" or "1. First" would be a block of
    // its own; escaping its start makes pulldown-cmark read it as inline text.
    let (source, shift) = super::escape_paragraph(text);
    let escape_at = if shift == 0 { usize::MAX } else { first_difference(text, &source) };
    let back = |offset: usize| if offset > escape_at { offset - shift } else { offset.min(text.len()) };

    let mut inline = Inline::default();
    let mut emphasis = 0u32;
    let mut strong = 0u32;
    let mut links: Vec<(String, usize, bool, String)> = Vec::new();
    let mut image_depth = 0u32;

    for (event, range) in Parser::new_ext(&source, Options::empty()).into_offset_iter() {
        let range = back(range.start)..back(range.end);
        let style = || Style {
            emphasis: emphasis > 0,
            strong: strong > 0,
            link: links.last().map(|(url, ..)| url.clone()),
        };
        match event {
            Event::Start(Tag::Emphasis) => emphasis += 1,
            Event::End(TagEnd::Emphasis) => emphasis = emphasis.saturating_sub(1),
            Event::Start(Tag::Strong) => strong += 1,
            Event::End(TagEnd::Strong) => strong = strong.saturating_sub(1),
            Event::Start(Tag::Link { link_type, dest_url, .. }) => {
                let inline_link = matches!(link_type, LinkType::Inline);
                if !inline_link {
                    inline.findings.push(InlineFinding {
                        code: "autolink",
                        message: "Write links as [text](https://…) so readers see words, not an address.",
                        offset: range.start,
                    });
                }
                let url = if matches!(link_type, LinkType::Email) {
                    format!("mailto:{dest_url}")
                } else {
                    dest_url.to_string()
                };
                links.push((url, range.start, inline_link, String::new()));
            }
            Event::End(TagEnd::Link) => {
                if let Some((url, start, inline_link, text)) = links.pop() {
                    inline.links.push(Link { url, text, range: start..range.end, inline: inline_link });
                }
            }
            Event::Start(Tag::Image { .. }) => {
                if image_depth == 0 {
                    inline.findings.push(InlineFinding {
                        code: "unsupported-image",
                        message: "Images can't be placed in body text; kept as text.",
                        offset: range.start,
                    });
                    // Shown as typed, so the writer sees exactly what is kept.
                    push_run(&mut inline, &text[range.clone()], style(), range.clone(), &mut links);
                }
                image_depth += 1;
            }
            Event::End(TagEnd::Image) => image_depth = image_depth.saturating_sub(1),
            _ if image_depth > 0 => {}
            Event::Text(t) => push_run(&mut inline, &t, style(), range, &mut links),
            Event::Code(_) => {
                inline.findings.push(InlineFinding {
                    code: "unsupported-code",
                    message: "Inline code (`…`) is not part of article markup; kept as text.",
                    offset: range.start,
                });
                push_run(&mut inline, &text[range.clone()], style(), range, &mut links);
            }
            Event::InlineHtml(_) | Event::Html(_) => {
                inline.findings.push(InlineFinding {
                    code: "raw-html",
                    message: "Raw HTML is not allowed in the body; kept as text.",
                    offset: range.start,
                });
                push_run(&mut inline, &text[range.clone()], style(), range, &mut links);
            }
            Event::SoftBreak | Event::HardBreak => push_run(&mut inline, " ", style(), range, &mut links),
            _ => {}
        }
    }
    inline
}

fn push_run(
    inline: &mut Inline,
    text: &str,
    style: Style,
    range: Range<usize>,
    links: &mut [(String, usize, bool, String)],
) {
    if let Some((.., link_text)) = links.last_mut() {
        link_text.push_str(text);
    }
    // Adjacent runs with one style merge, so "don\'t" stays one run.
    if let Some(last) = inline.runs.last_mut()
        && last.style == style
        && last.range.end == range.start
    {
        last.text.push_str(text);
        last.range.end = range.end;
        return;
    }
    inline.runs.push(Run { text: text.to_string(), style, range });
}

fn first_difference(a: &str, b: &str) -> usize {
    a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn styled(text: &str) -> Vec<(String, bool, bool, Option<String>)> {
        analyze(text)
            .runs
            .into_iter()
            .map(|r| (r.text, r.style.emphasis, r.style.strong, r.style.link))
            .collect()
    }

    #[test]
    fn plain_text_is_one_run() {
        assert_eq!(styled("Plain words."), vec![("Plain words.".into(), false, false, None)]);
        assert!(analyze("").runs.is_empty());
    }

    #[test]
    fn emphasis_strong_and_links() {
        let runs = styled("A *late* vote, **9-2**, after [a hearing](https://example.org/h).");
        assert_eq!(
            runs,
            vec![
                ("A ".into(), false, false, None),
                ("late".into(), true, false, None),
                (" vote, ".into(), false, false, None),
                ("9-2".into(), false, true, None),
                (", after ".into(), false, false, None),
                ("a hearing".into(), false, false, Some("https://example.org/h".into())),
                (".".into(), false, false, None),
            ]
        );
        let inline = analyze("See [the map](https://example.org/map) now");
        assert_eq!(inline.links.len(), 1);
        assert_eq!(inline.links[0].text, "the map");
        assert_eq!(inline.links[0].range, 4..38);
        assert!(inline.findings.is_empty());
    }

    #[test]
    fn texts_that_look_like_blocks_stay_inline() {
        assert_eq!(plain("# Not a heading"), "# Not a heading");
        assert_eq!(plain("2026. A year"), "2026. A year");
        assert_eq!(plain("- dash first"), "- dash first");
        assert_eq!(plain("[ref]: /not-a-definition"), "[ref]: /not-a-definition");
        assert_eq!(plain("> not a quote"), "> not a quote");
    }

    #[test]
    fn unsupported_inline_is_kept_and_reported() {
        let inline = analyze("Run `rm -rf` and <b>shout</b> ![alt](https://example.org/i.png)");
        let codes: Vec<_> = inline.findings.iter().map(|f| f.code).collect();
        assert_eq!(codes, vec!["unsupported-code", "raw-html", "raw-html", "unsupported-image"]);
        assert_eq!(inline.plain(), "Run `rm -rf` and <b>shout</b> ![alt](https://example.org/i.png)");
        let auto = analyze("Mail <news@example.org>");
        assert_eq!(auto.findings[0].code, "autolink");
        assert_eq!(auto.links[0].url, "mailto:news@example.org");
    }
}
