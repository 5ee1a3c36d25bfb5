//! The suggested changes and comments of an article: its body's
//! CriticMarkup marks found block by block, each with the note saying who
//! made it (see `notes`), and deciding them (accept, reject, resolve) the
//! way `copydesk review` and the checks see them. The window decides marks
//! of the text it edits through `editing::suggest`, with these same rules.

use std::ops::Range;

use super::{Article, Block, Note, NoteKind, pair};
use crate::model::article::FoundMark;
use crate::model::markup::critic::{self, BadMark, Keep, Kind, Mark};

/// One mark of the body with its note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub block: usize,
    /// Which text of the block (in [`Block::texts`] order).
    pub part: usize,
    /// Ranges within that text.
    pub mark: Mark,
    /// Index into the article's notes; `None`: by an unknown author.
    pub note: Option<usize>,
}

/// A malformed mark, where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Malformed {
    pub block: usize,
    pub part: usize,
    pub bad: BadMark,
}

/// Every mark of a body paired with the notes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Suggestions {
    /// In reading order.
    pub found: Vec<Found>,
    pub malformed: Vec<Malformed>,
    /// Open notes whose mark is gone (indices into the notes).
    pub orphaned: Vec<usize>,
}

impl Suggestions {
    /// Open changes (every change mark is open until decided).
    pub fn changes(&self) -> impl Iterator<Item = &Found> {
        self.found.iter().filter(|f| f.mark.kind.is_change())
    }

    /// Comments in the body whose note is not resolved.
    pub fn open_comments<'a>(&'a self, notes: &'a [Note]) -> impl Iterator<Item = &'a Found> {
        self.found.iter().filter(|f| {
            f.mark.kind == Kind::Comment
                && f.note.and_then(|n| notes.get(n)).is_none_or(|note| !note.resolved)
        })
    }
}

/// The texts of every block, in [`Block::texts`] order, mutable.
fn texts_mut(block: &mut Block) -> Vec<&mut String> {
    match block {
        Block::Heading { text, .. } | Block::Paragraph(text) => vec![text],
        Block::Quote { text, attribution } => {
            let mut texts = vec![text];
            texts.extend(attribution.as_mut());
            texts
        }
        Block::List { items, .. } => items.iter_mut().collect(),
        Block::Image(image) => vec![&mut image.alt, &mut image.caption, &mut image.credit],
    }
}

/// Finds every mark of `body` and pairs it with `notes`.
pub fn find(body: &[Block], notes: &[Note]) -> Suggestions {
    let mut out = Suggestions::default();
    let mut texts: Vec<&str> = Vec::new();
    for (block, content) in body.iter().enumerate() {
        for (part, text) in content.texts().into_iter().enumerate() {
            if !text.contains('{') {
                continue;
            }
            let scan = critic::scan(text);
            for mark in scan.marks {
                texts.push(text);
                out.found.push(Found { block, part, mark, note: None });
            }
            out.malformed.extend(scan.bad.into_iter().map(|bad| Malformed { block, part, bad }));
        }
    }
    let marks: Vec<FoundMark> = out
        .found
        .iter()
        .zip(&texts)
        .map(|(f, text)| FoundMark { mark: &text[f.mark.range.clone()], before: &text[..f.mark.range.start] })
        .collect();
    let paired = pair(&marks, notes);
    for (found, note) in out.found.iter_mut().zip(paired.notes) {
        found.note = note;
    }
    out.orphaned = paired.orphaned;
    out
}

/// The text of `found` in `body`.
pub fn text_of<'a>(body: &'a [Block], found: &Found) -> &'a str {
    body.get(found.block).and_then(|b| b.texts().get(found.part).copied()).unwrap_or("")
}

/// What a mark says, in one line: the words it adds, removes or replaces,
/// or the passage and the comment.
pub fn describe(text: &str, mark: &Mark) -> String {
    let part = |range: &Range<usize>| text.get(range.clone()).unwrap_or("");
    let mut line = match mark.kind {
        Kind::Addition => format!("add “{}”", part(&mark.new)),
        Kind::Deletion => format!("remove “{}”", part(&mark.old)),
        Kind::Substitution => format!("replace “{}” with “{}”", part(&mark.old), part(&mark.new)),
        Kind::Comment => format!("on “{}”", part(&mark.old)),
    };
    if let Some(comment) = &mark.comment {
        line.push_str(&format!(": {}", part(comment)));
    }
    line
}

/// Decides the marks `choose` picks (given each mark and its note): the
/// block text keeps `keep` of each, and their notes are resolved. Returns
/// how many marks were decided. Malformed marks are never touched.
pub fn decide(article: &mut Article, keep: Keep, choose: impl Fn(&Found, Option<&Note>) -> bool) -> usize {
    let suggestions = find(&article.body, &article.notes);
    // Per block text, the marks to decide, in reading order.
    let mut chosen: Vec<&Found> =
        suggestions.found.iter().filter(|f| choose(f, f.note.and_then(|n| article.notes.get(n)))).collect();
    chosen.sort_by_key(|f| (f.block, f.part, f.mark.range.start));
    let mut decided = 0;
    for found in chosen.iter().rev() {
        let Some(text) =
            article.body.get_mut(found.block).and_then(|b| texts_mut(b).into_iter().nth(found.part))
        else {
            continue;
        };
        let Some(kept) = found.mark.kept(keep) else { continue };
        let (Some(kept), true) =
            (text.get(kept).map(str::to_string), text.get(found.mark.range.clone()).is_some())
        else {
            continue;
        };
        text.replace_range(found.mark.range.clone(), &kept);
        decided += 1;
        if let Some(note) = found.note.and_then(|n| article.notes.get_mut(n)) {
            note.resolved = true;
        }
    }
    decided
}

/// Picks the open changes, or only those by `author`.
pub fn changes_by(author: Option<&str>) -> impl Fn(&Found, Option<&Note>) -> bool + '_ {
    move |found, note| {
        found.mark.kind.is_change()
            && match author {
                None => true,
                Some(name) => note.is_some_and(|n| n.author.trim() == name.trim()),
            }
    }
}

/// Notes on metadata fields that are still open.
pub fn open_field_notes(notes: &[Note]) -> impl Iterator<Item = (usize, &Note)> {
    notes.iter().enumerate().filter(|(_, n)| n.on.is_some() && !n.resolved && n.kind == NoteKind::Comment)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::article::Anchor;

    fn note(id: &str, mark: &str, before: &str, author: &str, kind: NoteKind) -> Note {
        Note {
            id: id.into(),
            kind,
            on: None,
            anchor: Some(Anchor::new(mark, before)),
            author: author.into(),
            at: jiff::Timestamp::UNIX_EPOCH,
            text: String::new(),
            replies: Vec::new(),
            resolved: false,
        }
    }

    fn article() -> Article {
        Article {
            body: vec![
                Block::Paragraph("The ferry ran {++late++} on {--every--} Sunday.".into()),
                Block::Quote {
                    text: "We {~~waited~>hoped~~} for {==years==}{>>Check the year<<}.".into(),
                    attribution: Some("Ines {++Marrow++}".into()),
                },
                Block::Paragraph("Broken {++mark".into()),
            ],
            notes: vec![
                note("a", "{++late++}", "The ferry ran ", "Tomas Reyes", NoteKind::Suggestion),
                note("b", "{~~waited~>hoped~~}", "We ", "Ines Marrow", NoteKind::Suggestion),
                note(
                    "c",
                    "{==years==}{>>Check the year<<}",
                    "We {~~waited~>hoped~~} for ",
                    "Tomas Reyes",
                    NoteKind::Comment,
                ),
                note("d", "{--gone--}", "", "Tomas Reyes", NoteKind::Suggestion),
            ],
            ..Article::default()
        }
    }

    #[test]
    fn marks_pair_with_their_notes_and_gone_ones_are_orphaned() {
        let article = article();
        let found = find(&article.body, &article.notes);
        let seen: Vec<(usize, usize, Option<usize>)> =
            found.found.iter().map(|f| (f.block, f.part, f.note)).collect();
        assert_eq!(seen, vec![(0, 0, Some(0)), (0, 0, None), (1, 0, Some(1)), (1, 0, Some(2)), (1, 1, None)]);
        assert_eq!(found.orphaned, vec![3]);
        assert_eq!(found.malformed.len(), 1);
        assert_eq!(found.changes().count(), 4);
        assert_eq!(found.open_comments(&article.notes).count(), 1);
    }

    #[test]
    fn deciding_by_author_touches_only_theirs_and_resolves_their_notes() {
        let mut article = article();
        let decided = decide(&mut article, Keep::New, changes_by(Some("Tomas Reyes")));
        assert_eq!(decided, 1);
        assert_eq!(article.body[0], Block::Paragraph("The ferry ran late on {--every--} Sunday.".into()));
        assert!(article.notes[0].resolved);
        assert!(!article.notes[1].resolved);
        let decided = decide(&mut article, Keep::Old, changes_by(None));
        assert_eq!(decided, 3);
        assert_eq!(article.body[0], Block::Paragraph("The ferry ran late on every Sunday.".into()));
        assert_eq!(
            article.body[1],
            Block::Quote {
                text: "We waited for {==years==}{>>Check the year<<}.".into(),
                attribution: Some("Ines ".into())
            }
        );
        assert_eq!(article.body[2], Block::Paragraph("Broken {++mark".into()), "never half-applied");
        assert!(article.notes[1].resolved);
        assert!(!article.notes[2].resolved, "comments are not changes");
    }
}
