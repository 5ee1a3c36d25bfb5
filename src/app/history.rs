//! Undo as edits, in the manner of helix's transactions: each step records
//! what changed (one splice of the body, the fields before and after), not
//! a copy of the body, and the history is bounded by bytes, not by steps,
//! so an afternoon of editing a 100,000-word story can be undone.

use std::collections::VecDeque;
use std::sync::Arc;

use super::document::{Fields, Snapshot};

/// How long the text must rest before the typing so far becomes a step.
const STABLE_SECONDS: f64 = 1.0;
/// The longest a burst of typing goes before it is a step anyway.
const BURST_SECONDS: f64 = 30.0;
/// What the history may hold, in bytes of text.
pub const BYTE_LIMIT: usize = 32 << 20;

/// The body between two states: `removed` at `at` became `inserted`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Splice {
    at: usize,
    removed: String,
    inserted: String,
}

/// One undo step.
#[derive(Debug, Clone)]
struct Step {
    /// The fields before and after, when they changed.
    fields: Option<Box<(Fields, Fields)>>,
    body: Option<Splice>,
}

impl Step {
    fn between(before: &Snapshot, after: &Snapshot) -> Step {
        let fields =
            (before.fields != after.fields).then(|| Box::new((before.fields.clone(), after.fields.clone())));
        let body = (!Arc::ptr_eq(&before.body, &after.body) && before.body != after.body)
            .then(|| splice(&before.body, &after.body));
        Step { fields, body }
    }

    fn bytes(&self) -> usize {
        let body = self.body.as_ref().map_or(0, |s| s.removed.len() + s.inserted.len());
        let fields = self.fields.as_ref().map_or(0, |f| size_of_fields(&f.0) + size_of_fields(&f.1));
        body + fields + std::mem::size_of::<Step>()
    }

    /// The state before the step, from the state after it.
    fn revert(&self, after: &Snapshot) -> Option<Snapshot> {
        let fields = self.fields.as_ref().map_or_else(|| after.fields.clone(), |f| f.0.clone());
        let body = match &self.body {
            Some(s) => replaced(&after.body, s.at, s.inserted.len(), &s.removed)?,
            None => after.body.clone(),
        };
        Some(Snapshot { fields, body })
    }

    /// The state after the step, from the state before it.
    fn apply(&self, before: &Snapshot) -> Option<Snapshot> {
        let fields = self.fields.as_ref().map_or_else(|| before.fields.clone(), |f| f.1.clone());
        let body = match &self.body {
            Some(s) => replaced(&before.body, s.at, s.removed.len(), &s.inserted)?,
            None => before.body.clone(),
        };
        Some(Snapshot { fields, body })
    }
}

/// `text` with `len` bytes at `at` replaced by `with`.
fn replaced(text: &str, at: usize, len: usize, with: &str) -> Option<Arc<str>> {
    let (head, tail) = (text.get(..at)?, text.get(at + len..)?);
    let mut out = String::with_capacity(head.len() + with.len() + tail.len());
    out.push_str(head);
    out.push_str(with);
    out.push_str(tail);
    Some(Arc::from(out))
}

/// The one splice that turns `old` into `new`: what lies between their
/// common start and common end.
fn splice(old: &str, new: &str) -> Splice {
    let mut prefix = old.bytes().zip(new.bytes()).take_while(|(a, b)| a == b).count();
    while !old.is_char_boundary(prefix) || !new.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let most = old.len().min(new.len()) - prefix;
    let mut suffix = old.bytes().rev().zip(new.bytes().rev()).take(most).take_while(|(a, b)| a == b).count();
    while !old.is_char_boundary(old.len() - suffix) || !new.is_char_boundary(new.len() - suffix) {
        suffix -= 1;
    }
    Splice {
        at: prefix,
        removed: old[prefix..old.len() - suffix].to_string(),
        inserted: new[prefix..new.len() - suffix].to_string(),
    }
}

fn size_of_fields(fields: &Fields) -> usize {
    let a = &fields.article;
    let lists: usize = a.tags.iter().chain(&a.bylines).map(String::len).sum();
    let related: usize =
        a.related.iter().map(|r| r.slug.len() + r.category.len() + r.title.len() + r.teaser.len()).sum();
    a.headline.len() + a.dek.len() + a.slug.len() + a.category.len() + lists + related + 64
}

pub struct History {
    undo: VecDeque<Step>,
    redo: Vec<Step>,
    bytes: usize,
    limit: usize,
    /// Where the last step ended: the next step is what changed since.
    base: Snapshot,
    /// The revision last seen, when it was first and last seen changing.
    seen: u64,
    burst_start: Option<f64>,
    changed_at: f64,
}

impl History {
    pub fn new(state: &Snapshot, revision: u64) -> History {
        History::with_limit(state, revision, BYTE_LIMIT)
    }

    pub fn with_limit(state: &Snapshot, revision: u64, limit: usize) -> History {
        History {
            undo: VecDeque::new(),
            redo: Vec::new(),
            bytes: 0,
            limit,
            base: state.clone(),
            seen: revision,
            burst_start: None,
            changed_at: 0.0,
        }
    }

    /// Called every frame: typing that rested a second (or ran for half a
    /// minute) becomes a step.
    pub fn feed(&mut self, now: f64, revision: u64, current: &Snapshot) {
        if revision != self.seen {
            self.seen = revision;
            self.changed_at = now;
            self.burst_start.get_or_insert(now);
            return;
        }
        if let Some(start) = self.burst_start
            && (now - self.changed_at >= STABLE_SECONDS || now - start >= BURST_SECONDS)
        {
            self.commit(current);
        }
    }

    /// Ends the step being typed: what changed since the last step is a
    /// step of its own (another field is edited, Replace All, undo).
    pub fn commit(&mut self, current: &Snapshot) {
        self.burst_start = None;
        if *current == self.base {
            return;
        }
        let step = Step::between(&self.base, current);
        self.redo.clear();
        self.push(step);
        self.base = current.clone();
    }

    fn push(&mut self, step: Step) {
        self.bytes += step.bytes();
        self.undo.push_back(step);
        // The oldest steps go first; the newest always stays.
        while self.bytes > self.limit && self.undo.len() > 1 {
            if let Some(old) = self.undo.pop_front() {
                self.bytes -= old.bytes();
            }
        }
    }

    pub fn can_undo(&self, current: &Snapshot) -> bool {
        !self.undo.is_empty() || *current != self.base
    }

    pub fn can_redo(&self, current: &Snapshot) -> bool {
        !self.redo.is_empty() && *current == self.base
    }

    /// The state before the last step (typing in progress is a step).
    pub fn undo(&mut self, current: &Snapshot) -> Option<Snapshot> {
        self.commit(current);
        let step = self.undo.pop_back()?;
        self.bytes -= step.bytes();
        let previous = step.revert(current)?;
        self.redo.push(step);
        self.base = previous.clone();
        Some(previous)
    }

    /// The state after the step last undone, unless something was typed
    /// since (which makes a new branch and forgets the redo).
    pub fn redo(&mut self, current: &Snapshot) -> Option<Snapshot> {
        if *current != self.base {
            self.redo.clear();
            return None;
        }
        let step = self.redo.pop()?;
        let next = step.apply(current)?;
        self.bytes += step.bytes();
        self.undo.push_back(step);
        self.base = next.clone();
        Some(next)
    }

    /// How many bytes the history holds.
    #[cfg(test)]
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    #[cfg(test)]
    pub fn steps(&self) -> usize {
        self.undo.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(body: &str) -> Snapshot {
        Snapshot { fields: Fields::default(), body: Arc::from(body) }
    }

    #[test]
    fn a_splice_is_what_lies_between_common_ends() {
        let s = splice("The river rose.", "The river rose again.");
        assert_eq!((s.at, s.removed.as_str(), s.inserted.as_str()), (14, "", " again"));
        let s = splice("café au lait", "cafè au lait");
        assert_eq!((s.removed.as_str(), s.inserted.as_str()), ("é", "è"));
    }

    #[test]
    fn steps_hold_edits_not_copies_and_undo_redo_round_trip() {
        let long = "word ".repeat(20_000);
        let mut history = History::new(&state(&long), 1);
        let mut current = state(&long);
        for n in 0..500 {
            let mut body = current.body.to_string();
            body.insert(n * 5, 'x');
            current = state(&body);
            history.commit(&current);
        }
        assert_eq!(history.steps(), 500, "no cap on steps");
        assert!(
            history.bytes() < 500 * 200,
            "500 one-letter edits of a 500 KB text take {} bytes",
            history.bytes()
        );
        let edited = current.clone();
        for _ in 0..500 {
            current = history.undo(&current).expect("undoable");
        }
        assert_eq!(&*current.body, long.as_str());
        for _ in 0..500 {
            current = history.redo(&current).expect("redoable");
        }
        assert_eq!(current, edited);
    }

    #[test]
    fn typing_rests_into_a_step_and_the_oldest_steps_go_past_the_limit() {
        let mut history = History::with_limit(&state(""), 1, 4_000);
        let mut current = state("");
        let mut time = 0.0;
        for (revision, word) in (2..).zip(["one ", "two ", "three "]) {
            current = state(&format!("{}{word}", current.body));
            history.feed(time, revision, &current);
            time += 0.1;
            history.feed(time, revision, &current);
            time += 1.5;
            history.feed(time, revision, &current);
        }
        assert_eq!(history.steps(), 3, "each word rested into its own step");
        for n in 0..100 {
            current = state(&format!("{}{}", current.body, "x".repeat(50 + n)));
            history.commit(&current);
        }
        assert!(history.bytes() <= 4_000 + 200, "{} bytes kept", history.bytes());
        assert!(history.steps() < 103, "old steps went");
    }

    #[test]
    fn typing_after_undo_forgets_the_redo() {
        let mut history = History::new(&state("a"), 1);
        let b = state("ab");
        history.commit(&b);
        let a = history.undo(&b).expect("undo");
        let c = state("ac");
        assert!(!history.can_redo(&c));
        assert!(history.redo(&c).is_none());
        assert_eq!(&*a.body, "a");
    }
}
