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

/// Bytes that keep a text from being [`is_plain`] (bit 1) and from being
/// [`is_literal`] (bit 2): one table lookup per byte instead of a dozen
/// comparisons, as every block text of an export goes through these.
const CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let both = b"*_[]<>`\\&!";
    let mut i = 0;
    while i < both.len() {
        table[both[i] as usize] = PLAIN_BREAK | LITERAL_BREAK;
        i += 1;
    }
    let plain_only = b"#-+=|~0123456789";
    let mut i = 0;
    while i < plain_only.len() {
        table[plain_only[i] as usize] = PLAIN_BREAK;
        i += 1;
    }
    table[b'\n' as usize] = LITERAL_BREAK;
    table[b'\r' as usize] = LITERAL_BREAK;
    table
};
const PLAIN_BREAK: u8 = 1;
const LITERAL_BREAK: u8 = 2;

/// True when the text has no character that could start inline markup, so
/// it reads as itself. Most prose takes this fast path.
pub fn is_plain(text: &str) -> bool {
    !text.bytes().any(|b| CLASS[b as usize] & PLAIN_BREAK != 0)
}

/// True when the text, read as the inline content of one block, is what
/// the reader sees: one line, not starting with a space, without any
/// character that starts inline markup. Looser than [`is_plain`]: digits,
/// `#`, `-` and the like only mean something at the start of a line, and
/// a block text's start is always read as text (see [`walk`]). Most prose,
/// with its numbers and hyphens, takes this path and skips the parser.
pub fn is_literal(text: &str) -> bool {
    !text.starts_with(char::is_whitespace) && !text.bytes().any(|b| CLASS[b as usize] & LITERAL_BREAK != 0)
}

/// True for a byte that [`is_literal`] refuses anywhere in a text.
pub fn is_literal_break(byte: u8) -> bool {
    CLASS[byte as usize] & LITERAL_BREAK != 0
}

/// The reader-visible text of a block text.
pub fn plain(text: &str) -> String {
    if is_plain(text) {
        return text.to_string();
    }
    analyze(text).plain()
}

/// What a walk over a block text's inline markup reports, in reading
/// order. [`analyze`] collects it into runs; the HTML export writes it
/// out as it comes, so both read the markup the same way.
pub trait Sink {
    /// Text the reader sees, in one style; `link` is the destination of the
    /// link it is part of.
    fn text(&mut self, text: &str, emphasis: bool, strong: bool, link: Option<&str>, range: Range<usize>);
    /// An inline construct outside the subset.
    fn finding(&mut self, _finding: InlineFinding) {}
    /// A link begins.
    fn link_start(&mut self) {}
    /// A link ends; `range` covers its whole source.
    fn link_end(&mut self, _url: String, _range: Range<usize>, _inline: bool) {}
}

/// Parses the inline markup of one block text.
pub fn analyze(text: &str) -> Inline {
    let mut collect = Collect::default();
    walk(text, &mut collect);
    collect.inline
}

/// Reads the inline markup of one block text, telling `sink` what it finds.
pub fn walk(text: &str, sink: &mut impl Sink) {
    if is_literal(text) || is_plain(text) {
        if !text.is_empty() {
            sink.text(text, false, false, None, 0..text.len());
        }
        return;
    }
    // Parsed alone, a text like "# Notes" or "1. First" would be a block of
    // its own; escaping its start makes pulldown-cmark read it as inline text.
    // One line starting with a letter always reads as a paragraph, which
    // spares most texts a second parse.
    let risky = super::may_start_block(text)
        || text.starts_with(char::is_whitespace)
        || memchr::memchr2(b'\n', b'\r', text.as_bytes()).is_some();
    let (source, shift) = if risky {
        let (escaped, shift) = super::escape_paragraph(text);
        (std::borrow::Cow::Owned(escaped), shift)
    } else {
        (std::borrow::Cow::Borrowed(text), 0)
    };
    let escape_at = if shift == 0 { usize::MAX } else { first_difference(text, &source) };
    let back = |offset: usize| if offset > escape_at { offset - shift } else { offset.min(text.len()) };

    let mut emphasis = 0u32;
    let mut strong = 0u32;
    let mut links: Vec<(String, usize, bool)> = Vec::new();
    let mut image_depth = 0u32;
    let finding = |code, message, offset| InlineFinding { code, message, offset };

    for (event, range) in Parser::new_ext(&source, Options::empty()).into_offset_iter() {
        let range = back(range.start)..back(range.end);
        let (em, st) = (emphasis > 0, strong > 0);
        match event {
            Event::Start(Tag::Emphasis) => emphasis += 1,
            Event::End(TagEnd::Emphasis) => emphasis = emphasis.saturating_sub(1),
            Event::Start(Tag::Strong) => strong += 1,
            Event::End(TagEnd::Strong) => strong = strong.saturating_sub(1),
            Event::Start(Tag::Link { link_type, dest_url, .. }) => {
                let inline_link = matches!(link_type, LinkType::Inline);
                if !inline_link {
                    sink.finding(finding(
                        "autolink",
                        "Write links as [text](https://…) so readers see words, not an address.",
                        range.start,
                    ));
                }
                let url = if matches!(link_type, LinkType::Email) {
                    format!("mailto:{dest_url}")
                } else {
                    dest_url.into_string()
                };
                sink.link_start();
                links.push((url, range.start, inline_link));
            }
            Event::End(TagEnd::Link) => {
                if let Some((url, start, inline_link)) = links.pop() {
                    sink.link_end(url, start..range.end, inline_link);
                }
            }
            Event::Start(Tag::Image { .. }) => {
                if image_depth == 0 {
                    sink.finding(finding(
                        "unsupported-image",
                        "Images can't be placed in body text; kept as text.",
                        range.start,
                    ));
                    // Shown as typed, so the writer sees exactly what is kept.
                    let link = links.last().map(|(url, ..)| url.as_str());
                    sink.text(&text[range.clone()], em, st, link, range);
                }
                image_depth += 1;
            }
            Event::End(TagEnd::Image) => image_depth = image_depth.saturating_sub(1),
            _ if image_depth > 0 => {}
            Event::Text(t) => sink.text(&t, em, st, links.last().map(|(url, ..)| url.as_str()), range),
            Event::Code(_) => {
                sink.finding(finding(
                    "unsupported-code",
                    "Inline code (`…`) is not part of article markup; kept as text.",
                    range.start,
                ));
                sink.text(&text[range.clone()], em, st, links.last().map(|(url, ..)| url.as_str()), range);
            }
            Event::InlineHtml(_) | Event::Html(_) => {
                sink.finding(finding(
                    "raw-html",
                    "Raw HTML is not allowed in the body; kept as text.",
                    range.start,
                ));
                sink.text(&text[range.clone()], em, st, links.last().map(|(url, ..)| url.as_str()), range);
            }
            Event::SoftBreak | Event::HardBreak => {
                sink.text(" ", em, st, links.last().map(|(url, ..)| url.as_str()), range)
            }
            _ => {}
        }
    }
}

/// Collects a walk into [`Inline`].
#[derive(Default)]
struct Collect {
    inline: Inline,
    /// The texts of the links open now.
    link_texts: Vec<String>,
}

impl Sink for Collect {
    fn text(&mut self, text: &str, emphasis: bool, strong: bool, link: Option<&str>, range: Range<usize>) {
        if let Some(link_text) = self.link_texts.last_mut() {
            link_text.push_str(text);
        }
        // Adjacent runs with one style merge, so "don\'t" stays one run.
        if let Some(last) = self.inline.runs.last_mut()
            && last.style.emphasis == emphasis
            && last.style.strong == strong
            && last.style.link.as_deref() == link
            && last.range.end == range.start
        {
            last.text.push_str(text);
            last.range.end = range.end;
            return;
        }
        let style = Style { emphasis, strong, link: link.map(str::to_string) };
        self.inline.runs.push(Run { text: text.to_string(), style, range });
    }

    fn finding(&mut self, finding: InlineFinding) {
        self.inline.findings.push(finding);
    }

    fn link_start(&mut self) {
        self.link_texts.push(String::new());
    }

    fn link_end(&mut self, url: String, range: Range<usize>, inline: bool) {
        let text = self.link_texts.pop().unwrap_or_default();
        self.inline.links.push(Link { url, text, range, inline });
    }
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
    fn literal_texts_read_as_themselves_through_the_parser() {
        for text in [
            "The 9-2 vote on 2026-03-10",
            "2026. A year",
            "# Not a heading",
            "- dash first",
            "+ plus first",
            "1) One",
            "a | b ~ c = d -- e",
            "Élan: 50% off, #1 on the list ***",
        ]
        .into_iter()
        .filter(|t| !t.contains('*'))
        {
            assert!(is_literal(text), "{text}");
            let (source, _) = crate::model::markup::escape_paragraph(text);
            let parsed: String = Parser::new_ext(&source, Options::empty())
                .filter_map(|e| match e {
                    Event::Text(t) => Some(t.into_string()),
                    _ => None,
                })
                .collect();
            assert_eq!(parsed, text);
            assert_eq!(styled(text), vec![(text.to_string(), false, false, None)]);
        }
        for markup in ["*a*", "a_b", "[x](y)", "<b>", "a\\b", "&amp;", "![i](p)", " lead", "two\nlines"] {
            assert!(!is_literal(markup), "{markup}");
        }
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
