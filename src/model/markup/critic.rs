//! CriticMarkup in block text: the copy desk's suggested changes and
//! comments (`{++added++}`, `{--removed--}`, `{~~old~>new~~}`,
//! `{==passage==}{>>comment<<}`), found, written back, accepted and
//! rejected.
//!
//! A change may carry its reason right after it (`{--very--}{>>filler<<}`),
//! as CriticMarkup allows. A mark never holds another mark and never runs
//! past a blank line. A malformed mark (unclosed, nested, a comment with
//! no passage, a highlight with no comment, a substitution with no `~>`)
//! is not a mark: it stays literal text, is reported with its offset, and
//! accepting or rejecting never touches it, so nothing is half-applied.

use std::ops::Range;

use crate::model::article::Block;

/// What a mark suggests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// `{++added++}`
    Addition,
    /// `{--removed--}`
    Deletion,
    /// `{~~old~>new~~}`
    Substitution,
    /// `{==passage==}{>>comment<<}`: a note on a passage, not a change.
    Comment,
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::Addition => "Insertion",
            Kind::Deletion => "Deletion",
            Kind::Substitution => "Replacement",
            Kind::Comment => "Comment",
        }
    }

    /// True for the marks Accept and Reject act on.
    pub fn is_change(self) -> bool {
        self != Kind::Comment
    }
}

/// One well-formed mark, as byte ranges of the text it was found in.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Mark {
    pub kind: Kind,
    /// The whole mark, braces and an attached `{>>reason<<}` included.
    pub range: Range<usize>,
    /// What the text keeps when the change is rejected: a deletion's
    /// words, a substitution's old words, a comment's passage (empty, at
    /// the mark's start, for an addition).
    pub old: Range<usize>,
    /// What the text keeps when the change is accepted: an addition's
    /// words, a substitution's new ones, a comment's passage (empty for a
    /// deletion).
    pub new: Range<usize>,
    /// The words of `{>>…<<}`: a comment's, or a change's reason.
    pub comment: Option<Range<usize>>,
}

impl Mark {
    /// The reader's text of the mark once decided.
    pub fn kept(&self, keep: Keep) -> Option<Range<usize>> {
        match keep {
            Keep::Old => Some(self.old.clone()),
            Keep::New => Some(self.new.clone()),
            Keep::Mark => None,
        }
    }
}

/// Why a would-be mark is not one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Problem {
    /// `{++` (or another opening) with no closing before the paragraph ends.
    Unclosed,
    /// A mark inside another mark.
    Nested,
    /// `{>>comment<<}` with no `{==passage==}` or change before it.
    CommentWithoutPassage,
    /// `{==passage==}` with no `{>>comment<<}` after it.
    HighlightWithoutComment,
    /// `{~~…~~}` with no `~>` between the old and new words.
    SubstitutionWithoutArrow,
}

impl Problem {
    /// Stable code of the finding.
    pub fn code(self) -> &'static str {
        match self {
            Problem::Unclosed => "critic-unclosed",
            Problem::Nested => "critic-nested",
            Problem::CommentWithoutPassage => "critic-comment-without-passage",
            Problem::HighlightWithoutComment => "critic-highlight-without-comment",
            Problem::SubstitutionWithoutArrow => "critic-substitution-without-arrow",
        }
    }

    pub fn message(self) -> &'static str {
        match self {
            Problem::Unclosed => {
                "This suggestion mark is never closed before the paragraph ends; it is kept as text and cannot be accepted or rejected."
            }
            Problem::Nested => {
                "A suggestion mark holds another mark; both are kept as text. Accept or reject one before marking inside it."
            }
            Problem::CommentWithoutPassage => {
                "A comment {>>…<<} must follow the passage it is about ({==passage==}) or a change; it is kept as text."
            }
            Problem::HighlightWithoutComment => {
                "A highlighted passage {==…==} has no comment {>>…<<} after it; it is kept as text."
            }
            Problem::SubstitutionWithoutArrow => {
                "A replacement {~~old~>new~~} needs ~> between the old and new words; it is kept as text."
            }
        }
    }
}

/// A malformed mark: its text, kept as it is.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BadMark {
    pub range: Range<usize>,
    pub problem: Problem,
}

/// Every mark of a text, in reading order, and every malformed one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scan {
    pub marks: Vec<Mark>,
    pub bad: Vec<BadMark>,
}

/// What a decision keeps of a mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Keep {
    /// Rejected (a comment: its passage, the comment dropped).
    Old,
    /// Accepted (a comment: its passage, the comment dropped).
    New,
    /// Left as it is.
    Mark,
}

const OPENERS: [&[u8; 3]; 5] = [b"{++", b"{--", b"{~~", b"{==", b"{>>"];

/// True when `text` may hold a mark: the quick test that lets prose
/// without any skip the scan.
pub fn may_have_marks(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'{', bytes).any(|at| opener_at(bytes, at).is_some())
}

/// The kind of opening at `at` (`{` followed by a delimiter pair).
fn opener_at(bytes: &[u8], at: usize) -> Option<usize> {
    let pair = bytes.get(at..at + 3)?;
    OPENERS.iter().position(|opener| pair == opener.as_slice())
}

/// Where the paragraph holding `from` ends: a blank line ends every mark.
fn limit_after(bytes: &[u8], from: usize) -> usize {
    memchr::memmem::find(&bytes[from..], b"\n\n").map_or(bytes.len(), |at| from + at)
}

fn find(bytes: &[u8], from: usize, to: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(bytes.get(from..to)?, needle).map(|at| from + at)
}

fn holds_opener(bytes: &[u8], range: Range<usize>) -> bool {
    memchr::memchr_iter(b'{', &bytes[range.clone()]).any(|at| opener_at(bytes, range.start + at).is_some())
}

/// The well-formed `{>>comment<<}` starting at `at`, if there is one:
/// (the whole, the words). A broken one is judged on its own later.
fn comment_at(bytes: &[u8], at: usize, limit: usize) -> Option<(Range<usize>, Range<usize>)> {
    if bytes.get(at..at + 3) != Some(b"{>>".as_slice()) {
        return None;
    }
    let words = at + 3;
    let close = find(bytes, words, limit, b"<<}")?;
    (!holds_opener(bytes, words..close)).then_some((at..close + 3, words..close))
}

/// Finds every mark and malformed mark of `text`.
pub fn scan(text: &str) -> Scan {
    let mut out = Scan::default();
    if !text.contains('{') {
        return out;
    }
    let bytes = text.as_bytes();
    let mut i = 0;
    // The paragraph end found for an earlier mark holds for every later
    // one before it: looked for again only past it, so a paragraph with
    // many marks is read to its end once, not once a mark.
    let mut limit = 0;
    while let Some(found) = memchr::memchr(b'{', &bytes[i..]) {
        let open = i + found;
        let Some(which) = opener_at(bytes, open) else {
            i = open + 1;
            continue;
        };
        let content = open + 3;
        if content > limit {
            limit = limit_after(bytes, content);
        }
        let closer: &[u8] = match which {
            0 => b"++}",
            1 => b"--}",
            2 => b"~~}",
            3 => b"==}",
            _ => b"<<}",
        };
        let Some(close) = find(bytes, content, limit, closer) else {
            out.bad.push(BadMark { range: open..content, problem: Problem::Unclosed });
            i = content;
            continue;
        };
        let end = close + 3;
        if holds_opener(bytes, content..close) {
            out.bad.push(BadMark { range: open..end, problem: Problem::Nested });
            i = end;
            continue;
        }
        let (kind, old, new) = match which {
            0 => (Kind::Addition, open..open, content..close),
            1 => (Kind::Deletion, content..close, open..open),
            2 => match find(bytes, content, close, b"~>") {
                Some(arrow) => (Kind::Substitution, content..arrow, arrow + 2..close),
                None => {
                    out.bad.push(BadMark { range: open..end, problem: Problem::SubstitutionWithoutArrow });
                    i = end;
                    continue;
                }
            },
            3 => (Kind::Comment, content..close, content..close),
            _ => {
                out.bad.push(BadMark { range: open..end, problem: Problem::CommentWithoutPassage });
                i = end;
                continue;
            }
        };
        match comment_at(bytes, end, limit) {
            Some((whole, words)) => {
                out.marks.push(Mark { kind, range: open..whole.end, old, new, comment: Some(words) });
                i = whole.end;
            }
            None if kind == Kind::Comment => {
                out.bad.push(BadMark { range: open..end, problem: Problem::HighlightWithoutComment });
                i = end;
            }
            None => {
                out.marks.push(Mark { kind, range: open..end, old, new, comment: None });
                i = end;
            }
        }
    }
    out
}

/// One piece of a text: prose, a mark in its parts, or a malformed mark
/// kept as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece<'a> {
    Text(&'a str),
    Change { kind: Kind, old: &'a str, new: &'a str, reason: Option<&'a str> },
    Comment { passage: &'a str, comment: &'a str },
    Bad { text: &'a str, problem: Problem },
}

/// The text as pieces, in order; [`render`] writes them back.
pub fn pieces(text: &str) -> Vec<Piece<'_>> {
    let scan = scan(text);
    let mut spans: Vec<(Range<usize>, Option<&Mark>, Option<Problem>)> = scan
        .marks
        .iter()
        .map(|m| (m.range.clone(), Some(m), None))
        .chain(scan.bad.iter().map(|b| (b.range.clone(), None, Some(b.problem))))
        .collect();
    spans.sort_by_key(|(range, ..)| range.start);
    let mut out = Vec::with_capacity(spans.len() * 2 + 1);
    let mut at = 0;
    for (range, mark, problem) in spans {
        if range.start > at {
            out.push(Piece::Text(&text[at..range.start]));
        }
        match (mark, problem) {
            (Some(mark), _) if mark.kind == Kind::Comment => out.push(Piece::Comment {
                passage: &text[mark.old.clone()],
                comment: mark.comment.clone().map_or("", |c| &text[c]),
            }),
            (Some(mark), _) => out.push(Piece::Change {
                kind: mark.kind,
                old: &text[mark.old.clone()],
                new: &text[mark.new.clone()],
                reason: mark.comment.clone().map(|c| &text[c]),
            }),
            (None, problem) => out.push(Piece::Bad {
                text: &text[range.clone()],
                problem: problem.unwrap_or(Problem::Unclosed),
            }),
        }
        at = range.end;
    }
    if at < text.len() {
        out.push(Piece::Text(&text[at..]));
    }
    out
}

/// Writes pieces back as text: marks in their canonical CriticMarkup.
pub fn render(pieces: &[Piece<'_>]) -> String {
    let mut out = String::new();
    for piece in pieces {
        match piece {
            Piece::Text(text) | Piece::Bad { text, .. } => out.push_str(text),
            Piece::Change { kind, old, new, reason } => {
                match kind {
                    Kind::Addition => out.extend(["{++", new, "++}"]),
                    Kind::Deletion => out.extend(["{--", old, "--}"]),
                    Kind::Substitution | Kind::Comment => out.extend(["{~~", old, "~>", new, "~~}"]),
                }
                if let Some(reason) = reason {
                    out.extend(["{>>", reason, "<<}"]);
                }
            }
            Piece::Comment { passage, comment } => out.extend(["{==", passage, "==}{>>", comment, "<<}"]),
        }
    }
    out
}

/// `text` with each mark decided by `decide` (given its index and the
/// mark); malformed marks stay exactly as they are.
pub fn apply(text: &str, scan: &Scan, mut decide: impl FnMut(usize, &Mark) -> Keep) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (index, mark) in scan.marks.iter().enumerate() {
        let Some(kept) = mark.kept(decide(index, mark)) else { continue };
        out.push_str(&text[at..mark.range.start]);
        out.push_str(&text[kept]);
        at = mark.range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Every change accepted; comments stay.
pub fn accept_all(text: &str) -> String {
    decide_changes(text, Keep::New)
}

/// Every change rejected; comments stay.
pub fn reject_all(text: &str) -> String {
    decide_changes(text, Keep::Old)
}

fn decide_changes(text: &str, keep: Keep) -> String {
    if !may_have_marks(text) {
        return text.to_string();
    }
    let scan = scan(text);
    apply(text, &scan, |_, mark| if mark.kind.is_change() { keep } else { Keep::Mark })
}

/// The text as it is published: every change rejected (an open suggestion
/// is not yet the story), every comment gone (its passage stays).
pub fn published(text: &str) -> String {
    if !may_have_marks(text) {
        return text.to_string();
    }
    let scan = scan(text);
    apply(text, &scan, |_, _| Keep::Old)
}

/// The blocks as published (see [`published`]); `None` when no text of
/// theirs holds a mark, so a story without marks is not copied.
pub fn published_blocks(blocks: &[Block]) -> Option<Vec<Block>> {
    if !blocks.iter().any(|b| b.texts().into_iter().any(may_have_marks)) {
        return None;
    }
    let publish = |text: &String| published(text);
    Some(
        blocks
            .iter()
            .map(|block| match block {
                Block::Heading { level, text } => Block::Heading { level: *level, text: publish(text) },
                Block::Paragraph(text) => Block::Paragraph(publish(text)),
                Block::Quote { text, attribution } => {
                    Block::Quote { text: publish(text), attribution: attribution.as_ref().map(publish) }
                }
                Block::List { ordered, items } => {
                    Block::List { ordered: *ordered, items: items.iter().map(publish).collect() }
                }
                Block::Image(image) => {
                    let mut image = image.clone();
                    for text in [&mut image.alt, &mut image.caption, &mut image.credit] {
                        *text = published(text);
                    }
                    Block::Image(image)
                }
            })
            .collect(),
    )
}

/// The text in pieces for showing it with its changes: what each run is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Shown {
    /// Text of the story as it stands.
    Same,
    /// Suggested for adding.
    Added,
    /// Suggested for removal.
    Removed,
    /// A passage someone commented on.
    Passage,
    /// The words of a comment (or a change's reason).
    Comment,
}

/// The reader's runs of a text with its changes shown: each piece of prose
/// with what it is. Braces are left out; malformed marks are prose.
pub fn shown(text: &str) -> Vec<(Shown, &str)> {
    let mut out = Vec::new();
    let scan = scan(text);
    let mut at = 0;
    for mark in &scan.marks {
        if mark.range.start > at {
            out.push((Shown::Same, &text[at..mark.range.start]));
        }
        match mark.kind {
            Kind::Addition => out.push((Shown::Added, &text[mark.new.clone()])),
            Kind::Deletion => out.push((Shown::Removed, &text[mark.old.clone()])),
            Kind::Substitution => {
                out.push((Shown::Removed, &text[mark.old.clone()]));
                out.push((Shown::Added, &text[mark.new.clone()]));
            }
            Kind::Comment => out.push((Shown::Passage, &text[mark.old.clone()])),
        }
        if let Some(comment) = mark.comment.clone() {
            out.push((Shown::Comment, &text[comment]));
        }
        at = mark.range.end;
    }
    if at < text.len() {
        out.push((Shown::Same, &text[at..]));
    }
    out.retain(|(_, piece)| !piece.is_empty());
    out
}

#[cfg(test)]
mod tests;
