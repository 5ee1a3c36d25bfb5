//! Findings about the body: its blocks, their length, links and markup,
//! quotation marks left open, and words typed twice.

use super::scan;
use super::{Field, Findings, Limits, Location, Severity, control_message};
use crate::model::article::{Block, Image};
use crate::model::markup::{self, inline};

pub(super) fn body(blocks: &[Block], limits: Limits, out: &mut Findings) {
    use Severity::*;
    if blocks.iter().all(|b| b.texts().iter().all(|t| t.trim().is_empty())) {
        out.field(Error, "body-empty", Field::Body, "The body is empty.");
        return;
    }
    for (index, block) in blocks.iter().enumerate() {
        let at = |part: usize, offset: usize| Location::Body { block: index, part, offset };
        match block {
            Block::Heading { text, level } => {
                if !(2..=3).contains(level) {
                    out.push(
                        Error,
                        "heading-level",
                        at(0, 0),
                        format!(
                            "This heading has level {level}; sections use level 2 or 3 (the headline is level 1). It shows as level {} until fixed.",
                            (*level).clamp(2, 3)
                        ),
                    );
                }
                if text.trim().is_empty() {
                    out.push(Warning, "heading-empty", at(0, 0), "This heading has no text.");
                }
                let next = blocks.get(index + 1);
                if next.is_none() || matches!(next, Some(Block::Heading { .. })) {
                    out.push(
                        Warning,
                        "heading-without-section",
                        at(0, 0),
                        "Nothing follows this heading before the next one.",
                    );
                }
            }
            Block::Quote { attribution, .. } => {
                if attribution.as_deref().is_none_or(|a| a.trim().is_empty()) {
                    out.push(
                        Warning,
                        "quote-unattributed",
                        at(0, 0),
                        "This quote has no attribution; end it with a line “> — Name”.",
                    );
                }
            }
            Block::Paragraph(_) | Block::List { .. } | Block::Image(_) => {}
        }
        if !block_is_canonical(block) {
            out.push(
                Warning,
                "block-not-canonical",
                at(0, 0),
                format!(
                    "This {} would read back as different markup; open and save it in Copydesk to fix it.",
                    block.kind()
                ),
            );
        }
        let balance = matches!(block, Block::Paragraph(_) | Block::List { .. });
        for (part, text) in block.texts().into_iter().enumerate() {
            let at_part = |offset| at(part, offset);
            let words = match scan::ascii_prose(text, balance) {
                Some(scan) => plain_prose(scan, &at_part, out),
                None => any_text(text, balance, &at_part, out),
            };
            if matches!(block, Block::Paragraph(_)) && words > limits.paragraph_words {
                out.push(
                    Note,
                    "paragraph-too-long",
                    at(0, 0),
                    format!(
                        "This paragraph has {words} words; readers on phones lose their place past {}.",
                        limits.paragraph_words
                    ),
                );
            }
        }
    }
}

/// True when rendering the block alone and parsing it gives it back.
fn block_is_canonical(block: &Block) -> bool {
    // Most blocks are one line of prose that starts like prose: those read
    // back as themselves without a parse.
    let simple = |text: &str| {
        !text.is_empty()
            && memchr::memchr2(b'\n', b'\r', text.as_bytes()).is_none()
            // Comparing lengths: the trimmed text is a part of it.
            && text.trim().len() == text.len()
            && text
                .chars()
                .next()
                .is_some_and(|c| c.is_alphabetic() || matches!(c, '“' | '‘' | '"' | '\'' | '('))
    };
    match block {
        Block::Paragraph(text) | Block::Heading { text, .. } if simple(text) => return true,
        _ => {}
    }
    // The pixel size is read from the file, not written in the markup.
    let cleared;
    let block = match block {
        Block::Image(image) => {
            cleared = Block::Image(Image { width: None, height: None, ..image.clone() });
            &cleared
        }
        other => other,
    };
    let single = std::slice::from_ref(block);
    markup::parse(&markup::render(single)).blocks == single
}

/// Checks one piece of block text of any kind; [`plain_prose`] gives the
/// same findings faster for the plain ASCII copy most texts are.
pub(super) fn any_text(
    text: &str,
    balance: bool,
    at: &dyn Fn(usize) -> Location,
    out: &mut Findings,
) -> usize {
    if let Some(offset) = text.find(|c: char| c.is_control() && c != '\n' && c != '\t')
        && let Some(c) = text[offset..].chars().next()
    {
        out.push(Severity::Error, "control-character", at(offset), control_message(c));
    }
    prose(text, balance, at, out)
}

/// Checks one piece of block text: inline markup, links, repeated words,
/// spacing and (for paragraphs and list items) balanced marks.
/// Returns the number of words the reader sees.
fn prose(text: &str, balance: bool, at: &dyn Fn(usize) -> Location, out: &mut Findings) -> usize {
    use Severity::*;
    let analysed = inline::analyze(text);
    for finding in &analysed.findings {
        out.push(Warning, finding.code, at(finding.offset), finding.message);
    }
    for link in &analysed.links {
        if !scheme_allowed(&link.url) {
            out.push(
                Error,
                "link-scheme",
                at(link.range.start),
                format!("The link to “{}” must start with https://, http:// or mailto:.", link.url),
            );
        }
        if link.text.trim().is_empty() {
            out.push(
                Warning,
                "link-empty-text",
                at(link.range.start),
                "This link has no text for readers to click.",
            );
        }
    }
    if let Some(offset) = text.find("  ") {
        out.push(Warning, "double-space", at(offset), "Two spaces in a row.");
    }
    // One pass over what the reader sees counts the words and finds repeats.
    let plain = analysed.plain();
    let (words, repeats, total) = scan_words(&plain);
    // Repeats come in text order, so one walk over the runs places them all.
    let mut runs = RunWalk::default();
    let repeats = repeats.into_iter().map(|(offset, word)| (runs.source_offset(&analysed, offset), word));
    repeated_words(repeats, total, at, out);
    if balance && let Some(problem) = unbalanced(&plain) {
        out.push(Warning, "unbalanced-marks", at(0), problem);
    }
    words
}

/// The findings of [`prose`] for a text [`scan::ascii_prose`] took, in the
/// same order.
pub(super) fn plain_prose(scan: scan::Scan, at: &dyn Fn(usize) -> Location, out: &mut Findings) -> usize {
    if let Some((offset, c)) = scan.control {
        out.push(Severity::Error, "control-character", at(offset), control_message(c));
    }
    if let Some(offset) = scan.double_space {
        out.push(Severity::Warning, "double-space", at(offset), "Two spaces in a row.");
    }
    repeated_words(scan.repeats.into_iter(), scan.total_repeats, at, out);
    if let Some(problem) = scan.unbalanced {
        out.push(Severity::Warning, "unbalanced-marks", at(0), problem);
    }
    scan.words
}

/// A finding per listed repeat (offsets in the block text), and a note
/// for those past the list.
fn repeated_words<'a>(
    repeats: impl Iterator<Item = (usize, &'a str)>,
    total: usize,
    at: &dyn Fn(usize) -> Location,
    out: &mut Findings,
) {
    for (offset, word) in repeats {
        out.push(Severity::Warning, "repeated-word", at(offset), format!("“{word}” is repeated."));
    }
    if total > MAX_REPEATS_SHOWN {
        out.push(
            Severity::Note,
            "repeated-word-more",
            at(0),
            format!(
                "{} more repeated words in this text are not listed one by one.",
                total - MAX_REPEATS_SHOWN
            ),
        );
    }
}

/// Maps offsets in the reader's text back to the block text, for offsets
/// asked in increasing order: each run is stepped over once in all.
#[derive(Default)]
struct RunWalk {
    run: usize,
    plain_start: usize,
}

impl RunWalk {
    /// Where byte `plain_offset` of the reader's text is in the block text.
    fn source_offset(&mut self, analysed: &inline::Inline, plain_offset: usize) -> usize {
        if plain_offset < self.plain_start {
            *self = RunWalk::default();
        }
        while let Some(run) = analysed.runs.get(self.run) {
            let plain_end = self.plain_start + run.text.len();
            if plain_offset < plain_end {
                // A run whose source has escapes or entities maps to its start.
                return if run.text.len() == run.range.len() {
                    run.range.start + (plain_offset - self.plain_start)
                } else {
                    run.range.start
                };
            }
            self.plain_start = plain_end;
            self.run += 1;
        }
        analysed.runs.last().map_or(0, |run| run.range.end)
    }
}

/// Links may only go to the web or to a mail address; the export writes
/// any other link as plain text.
pub fn scheme_allowed(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    // Something must follow the scheme: a host for the web, an address
    // (however short) for mail.
    ["https://", "http://", "mailto:"]
        .iter()
        .any(|scheme| lower.strip_prefix(scheme).is_some_and(|rest| !rest.is_empty()))
}

/// Repeated words listed one by one per text; past this a paragraph is
/// pasted junk, and a finding per word (a hundred thousand in a megabyte)
/// would only bury the rest.
pub(super) const MAX_REPEATS_SHOWN: usize = 50;

/// Words that are grammatical when doubled ("had had", "that that").
pub(super) const DOUBLE_OK: &[&str] = &["had", "that"];

/// The number of words (Unicode word boundaries), the first
/// [`MAX_REPEATS_SHOWN`] words repeated twice in a row with their offsets,
/// and how many repeats there are in all.
fn scan_words(text: &str) -> (usize, Vec<(usize, &str)>, usize) {
    let mut count = 0;
    let mut found = Vec::new();
    let mut total = 0;
    let mut previous: Option<(usize, &str)> = None;
    for (offset, segment) in crate::model::words::bound_indices(text) {
        let is_word = segment.chars().any(char::is_alphanumeric);
        if is_word {
            count += 1;
            if let Some((_, before)) = previous
                && before.eq_ignore_ascii_case(segment)
                && !segment.chars().all(|c| c.is_ascii_digit())
                && !DOUBLE_OK.iter().any(|ok| ok.eq_ignore_ascii_case(segment))
            {
                total += 1;
                if found.len() < MAX_REPEATS_SHOWN {
                    found.push((offset, segment));
                }
            }
            previous = Some((offset, segment));
        } else if !segment.chars().all(|c| c == ' ') {
            // Punctuation between the two ("no. No.") makes it deliberate.
            previous = None;
        }
    }
    (count, found, total)
}

/// Describes the first unbalanced quotation mark or bracket, if any.
pub(super) fn unbalanced(plain: &str) -> Option<String> {
    let mut stack: Vec<char> = Vec::new();
    let mut straight_quotes = 0usize;
    for c in plain.chars() {
        match c {
            '(' | '[' | '{' | '“' => stack.push(c),
            ')' | ']' | '}' | '”' => {
                let open = match c {
                    ')' => '(',
                    ']' => '[',
                    '}' => '{',
                    _ => '“',
                };
                if stack.last() == Some(&open) {
                    stack.pop();
                } else {
                    return Some(format!("A closing {c} has no opening {open}."));
                }
            }
            '"' => straight_quotes += 1,
            _ => {}
        }
    }
    if let Some(open) = stack.pop() {
        let close = match open {
            '(' => ')',
            '[' => ']',
            '{' => '}',
            _ => '”',
        };
        return Some(format!("An opening {open} is never closed with {close}."));
    }
    if straight_quotes % 2 == 1 {
        return Some("An odd number of \" quotation marks: one is not closed.".into());
    }
    None
}
