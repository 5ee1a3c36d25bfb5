//! `copydesk review`: an article's suggested changes and comments listed
//! with where they are in the file, or accepted or rejected (all, or one
//! author's) for pipelines. Decisions go through the same rules as the
//! window's (`model::article::suggestions`) and the file is written by the
//! one atomic writer.

use std::io::Write;
use std::path::Path;

use crate::model::article::Note;
use crate::model::article::suggestions::{self, changes_by, describe};
use crate::model::markup::critic::Keep;
use crate::storage::store::{self, Position, locate};

use super::terminal;

/// What `review` does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    List,
    AcceptAll,
    RejectAll,
}

/// Runs `copydesk review` on `path`; returns whether it failed.
pub fn review(
    path: &Path,
    action: Action,
    author: Option<&str>,
    out: &mut dyn Write,
) -> std::io::Result<bool> {
    let mut out = terminal::Escaping::new(out);
    let bytes = match store::read_limited(path) {
        Ok(bytes) => bytes,
        Err(error) => {
            writeln!(out, "{error}")?;
            return Ok(true);
        }
    };
    let loaded = store::decode(&bytes, path)
        .and_then(|text| store::parse_str(text, path).map(|article| (text, article)));
    let (text, mut article) = match loaded {
        Ok(loaded) => loaded,
        Err(error) => {
            writeln!(out, "{error}")?;
            return Ok(true);
        }
    };
    let keep = match action {
        Action::List => return list(path, text, &article, &mut out).map(|()| false),
        Action::AcceptAll => Keep::New,
        Action::RejectAll => Keep::Old,
    };
    let decided = suggestions::decide(&mut article, keep, changes_by(author));
    let whose = author.map(|name| format!(" by {name}")).unwrap_or_default();
    let verb = if keep == Keep::New { "accepted" } else { "rejected" };
    if decided == 0 {
        writeln!(out, "{}: no open suggestions{whose}", path.display())?;
        return Ok(false);
    }
    if let Err(error) = store::save(path, &article) {
        writeln!(out, "{error}")?;
        return Ok(true);
    }
    writeln!(
        out,
        "{}: {verb} {decided} suggestion{}{whose}",
        path.display(),
        if decided == 1 { "" } else { "s" }
    )?;
    Ok(false)
}

/// "Suggestion by Tomas Reyes, 2026-03-10T16:20:00Z" and the replies.
fn signed(note: Option<&Note>, kind: &str) -> String {
    match note {
        Some(note) => format!("{kind} by {}, {}", note.author, note.at),
        None => format!("{kind} by an unknown author"),
    }
}

fn replies(note: Option<&Note>) -> String {
    let Some(note) = note else { return String::new() };
    note.replies.iter().map(|r| format!(" [reply by {}, {}: {}]", r.author, r.at, r.text)).collect()
}

fn list(
    path: &Path,
    text: &str,
    article: &crate::model::article::Article,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let map = locate::Map::of(text);
    let found = suggestions::find(&article.body, &article.notes);
    let at =
        |block, part, offset| map.block_text(block, part, offset).unwrap_or(Position { line: 1, col: 1 });
    let mut open = 0;
    for mark in &found.found {
        let note = mark.note.and_then(|n| article.notes.get(n));
        if note.is_some_and(|n| n.resolved) && !mark.mark.kind.is_change() {
            continue;
        }
        open += 1;
        let Position { line, col } = at(mark.block, mark.part, mark.mark.range.start);
        let kind = mark.mark.kind.label();
        let what = describe(suggestions::text_of(&article.body, mark), &mark.mark);
        writeln!(out, "{}:{line}:{col}: {}: {what}{}", path.display(), signed(note, kind), replies(note))?;
    }
    for (_, note) in suggestions::open_field_notes(&article.notes) {
        open += 1;
        let field = note.on.map_or("notes", |f| f.name());
        let Position { line, col } = map.field(field).unwrap_or(Position { line: 1, col: 1 });
        writeln!(
            out,
            "{}:{line}:{col}: {} on the {field}: {}{}",
            path.display(),
            signed(Some(note), "Comment"),
            note.text,
            replies(Some(note))
        )?;
    }
    for &index in &found.orphaned {
        let Some(note) = article.notes.get(index) else { continue };
        let mark = note.anchor.as_ref().map_or("", |a| a.mark.as_str());
        let Position { line, col } = map.field("notes").unwrap_or(Position { line: 1, col: 1 });
        writeln!(
            out,
            "{}:{line}:{col}: orphaned {} (its mark {mark} is gone): {}{}",
            path.display(),
            signed(Some(note), note.kind.label()),
            note.text,
            replies(Some(note))
        )?;
    }
    for bad in &found.malformed {
        let Position { line, col } = at(bad.block, bad.part, bad.bad.range.start);
        writeln!(
            out,
            "{}:{line}:{col}: malformed mark: {} [{}]",
            path.display(),
            bad.bad.problem.message(),
            bad.bad.problem.code()
        )?;
    }
    writeln!(out, "{}: {open} open", path.display())?;
    Ok(())
}
