//! Undo as edits, in the manner of helix's transactions: each step records
//! what changed (one splice of the body, the fields before and after), not
//! a copy of the body, and the history is bounded by bytes, not by steps,
//! so an afternoon of editing a 100,000-word story can be undone.

use std::collections::VecDeque;
use std::sync::Arc;

use super::document::{Fields, Snapshot};
use super::unchanged::Unchanged;
use crate::model::article::Field;

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
    /// The step from `before` to `after`, whose bodies are known to agree
    /// where `unchanged` says.
    fn between(before: &Snapshot, after: &Snapshot, unchanged: Unchanged) -> Step {
        let fields =
            (before.fields != after.fields).then(|| Box::new((before.fields.clone(), after.fields.clone())));
        let body = (!unchanged.same(&after.body, &before.body))
            .then(|| splice(&before.body, &after.body, unchanged));
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
/// common start and common end. The search for those starts past what
/// `unchanged` already knows agrees, so a long story costs no more than a
/// short one.
fn splice(old: &str, new: &str, unchanged: Unchanged) -> Splice {
    let shortest = old.len().min(new.len());
    let known = unchanged.head().min(shortest);
    let mut prefix = known
        + old.as_bytes()[known..].iter().zip(&new.as_bytes()[known..]).take_while(|(a, b)| a == b).count();
    while !old.is_char_boundary(prefix) || !new.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let most = shortest - prefix;
    let known = unchanged.tail().min(most);
    let mut suffix = known
        + old.as_bytes()[..old.len() - known]
            .iter()
            .rev()
            .zip(new.as_bytes()[..new.len() - known].iter().rev())
            .take(most - known)
            .take_while(|(a, b)| a == b)
            .count();
    while !old.is_char_boundary(old.len() - suffix) || !new.is_char_boundary(new.len() - suffix) {
        suffix -= 1;
    }
    Splice {
        at: prefix,
        removed: old[prefix..old.len() - suffix].to_string(),
        inserted: new[prefix..new.len() - suffix].to_string(),
    }
}

/// About what a copy of the fields holds: every field of the catalogue and
/// the typed times.
fn size_of_fields(fields: &Fields) -> usize {
    let article: usize = Field::ALL.into_iter().map(|field| field.read(&fields.article).heap_bytes()).sum();
    article + fields.published_text.len() + fields.updated_text.len() + 64
}

pub struct Undo {
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

impl Undo {
    pub fn new(state: &Snapshot, revision: u64) -> Undo {
        Undo::with_limit(state, revision, BYTE_LIMIT)
    }

    pub fn with_limit(state: &Snapshot, revision: u64, limit: usize) -> Undo {
        Undo {
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

    /// Called every frame: true when typing rested a second (or ran for
    /// half a minute) and should become a step.
    pub fn feed(&mut self, now: f64, revision: u64) -> bool {
        if revision != self.seen {
            self.seen = revision;
            self.changed_at = now;
            self.burst_start.get_or_insert(now);
            return false;
        }
        self.burst_start
            .is_some_and(|start| now - self.changed_at >= STABLE_SECONDS || now - start >= BURST_SECONDS)
    }

    /// The state the last step ended in.
    pub fn base(&self) -> &Snapshot {
        &self.base
    }

    /// Ends the step being typed: what changed since the last step is a
    /// step of its own (another field is edited, Replace All, undo).
    /// `unchanged` says what of the body is known as it was at the base.
    pub fn commit(&mut self, current: &Snapshot, unchanged: Unchanged) {
        self.burst_start = None;
        let step = Step::between(&self.base, current, unchanged);
        self.base = current.clone();
        if step.fields.is_none() && step.body.is_none() {
            return;
        }
        self.redo.clear();
        self.push(step);
    }

    /// The typing came back to where the last step ended: no step to make.
    pub fn end_burst(&mut self) {
        self.burst_start = None;
    }

    /// Something was typed after an undo: the undone steps are gone.
    pub fn forget_redo(&mut self) {
        self.redo.clear();
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

    /// `at_base`: nothing changed since the last step.
    pub fn can_undo(&self, at_base: bool) -> bool {
        !self.undo.is_empty() || !at_base
    }

    pub fn can_redo(&self, at_base: bool) -> bool {
        !self.redo.is_empty() && at_base
    }

    /// The state before the last step, from `current`, the state at the
    /// base (typing in progress is committed as a step first).
    pub fn undo(&mut self, current: &Snapshot) -> Option<Snapshot> {
        let step = self.undo.pop_back()?;
        self.bytes -= step.bytes();
        let previous = step.revert(current)?;
        self.redo.push(step);
        self.base = previous.clone();
        Some(previous)
    }

    /// The state after the step last undone, from `current`, the state at
    /// the base.
    pub fn redo(&mut self, current: &Snapshot) -> Option<Snapshot> {
        let step = self.redo.pop()?;
        let next = step.apply(current)?;
        self.bytes += step.bytes();
        self.undo.push_back(step);
        self.base = next.clone();
        Some(next)
    }

    /// The article got its id (a save gave it): not an edit, so the
    /// history holds it as if it had always been there, and no undo or
    /// redo takes it back or makes a step of it.
    pub fn set_id(&mut self, id: Option<&str>) {
        let put = |fields: &mut Fields| fields.article.id = id.map(str::to_string);
        put(&mut self.base.fields);
        for step in self.undo.iter_mut().chain(self.redo.iter_mut()) {
            if let Some(pair) = &mut step.fields {
                put(&mut pair.0);
                put(&mut pair.1);
            }
        }
        // The steps' sizes changed with the id; undo subtracts them again.
        self.bytes = self.undo.iter().map(Step::bytes).sum();
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
        let s = splice("The river rose.", "The river rose again.", Unchanged::NOTHING);
        assert_eq!((s.at, s.removed.as_str(), s.inserted.as_str()), (14, "", " again"));
        let s = splice("café au lait", "cafè au lait", Unchanged::NOTHING);
        assert_eq!((s.removed.as_str(), s.inserted.as_str()), ("é", "è"));
    }

    proptest::proptest! {
        // What the editor knows of an edit only saves work: the splice is
        // the one found without it.
        #[test]
        fn a_known_unchanged_start_and_end_give_the_same_splice(
            old in "[abé]{0,12}",
            at in 0usize..14,
            removed in 0usize..4,
            inserted in "[abé]{0,3}",
        ) {
            let mut at = at.min(old.len());
            while !old.is_char_boundary(at) {
                at -= 1;
            }
            let mut end = (at + removed).min(old.len());
            while !old.is_char_boundary(end) {
                end += 1;
            }
            let mut new = old.clone();
            new.replace_range(at..end, &inserted);
            let hinted = splice(&old, &new, Unchanged::around(at, end, old.len()));
            proptest::prop_assert_eq!(hinted, splice(&old, &new, Unchanged::NOTHING));
        }
    }

    #[test]
    fn steps_hold_edits_not_copies_and_undo_redo_round_trip() {
        let long = "word ".repeat(20_000);
        let mut history = Undo::new(&state(&long), 1);
        let mut current = state(&long);
        for n in 0..500 {
            let mut body = current.body.to_string();
            body.insert(n * 5, 'x');
            current = state(&body);
            history.commit(&current, Unchanged::NOTHING);
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
        let mut history = Undo::with_limit(&state(""), 1, 4_000);
        let mut current = state("");
        let mut time = 0.0;
        for (revision, word) in (2..).zip(["one ", "two ", "three "]) {
            current = state(&format!("{}{word}", current.body));
            assert!(!history.feed(time, revision));
            time += 0.1;
            assert!(!history.feed(time, revision));
            time += 1.5;
            assert!(history.feed(time, revision), "rested a second");
            history.commit(&current, Unchanged::NOTHING);
        }
        assert_eq!(history.steps(), 3, "each word rested into its own step");
        for n in 0..100 {
            current = state(&format!("{}{}", current.body, "x".repeat(50 + n)));
            history.commit(&current, Unchanged::NOTHING);
        }
        assert!(history.bytes() <= 4_000 + 200, "{} bytes kept", history.bytes());
        assert!(history.steps() < 103, "old steps went");
    }

    #[test]
    fn typing_after_undo_forgets_the_redo() {
        let mut history = Undo::new(&state("a"), 1);
        let b = state("ab");
        history.commit(&b, Unchanged::NOTHING);
        let a = history.undo(&b).expect("undo");
        assert_eq!(&*a.body, "a");
        assert!(history.can_redo(true));
        // "c" typed: the document is no longer at the step.
        assert!(!history.can_redo(false));
        let c = state("ac");
        history.commit(&c, Unchanged::NOTHING);
        assert!(!history.can_redo(true), "a new step forgets the undone ones");
    }
}
