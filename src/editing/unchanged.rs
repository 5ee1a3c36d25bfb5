//! What of the body is known to be as it was in an earlier state (when
//! saved, at the last undo step): a start and an end no edit has touched.
//!
//! "Is the story still as saved?" and "is there anything to undo?" are
//! asked after every keystroke. Comparing whole bodies answered them, at a
//! cost that grew with the story (three megabytes compared per key at
//! 500,000 words). Every edit is a splice, so the part that can differ is
//! the span between the first and the last byte any edit touched; only
//! that span needs comparing, and it is as long as the typing, not the
//! story.

/// The body's first `head` bytes and last `tail` bytes are as they were.
/// The two may overlap: together they can cover the whole text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unchanged {
    head: usize,
    tail: usize,
}

impl Unchanged {
    /// Nothing was edited.
    pub const ALL: Unchanged = Unchanged { head: usize::MAX, tail: usize::MAX };
    /// Anything may have changed (a whole new body).
    pub const NOTHING: Unchanged = Unchanged { head: 0, tail: 0 };

    /// One splice of a text `len` bytes long: bytes `start..end` were
    /// replaced.
    pub fn around(start: usize, end: usize, len: usize) -> Unchanged {
        Unchanged { head: start, tail: len.saturating_sub(end) }
    }

    /// A further splice, in the text as it is after the edits so far.
    pub fn edit(&mut self, start: usize, end: usize, len: usize) {
        *self = self.and(Unchanged::around(start, end, len));
    }

    /// What neither of two edit runs, one after the other, touched: a
    /// start and an end kept by each edit are kept by both, because an edit
    /// never moves the bytes before it nor the distance of those after it
    /// from the end.
    pub fn and(self, later: Unchanged) -> Unchanged {
        Unchanged { head: self.head.min(later.head), tail: self.tail.min(later.tail) }
    }

    /// True when `now` is the text `then` became through the edits
    /// recorded here, and reads the same: only the span between the
    /// untouched start and end is compared.
    pub fn same(self, now: &str, then: &str) -> bool {
        if std::ptr::eq(now, then) {
            return true;
        }
        if now.len() != then.len() {
            return false;
        }
        let len = now.len();
        let head = self.head.min(len);
        let tail = self.tail.min(len - head);
        now.as_bytes()[head..len - tail] == then.as_bytes()[head..len - tail]
    }

    /// Where the common start of `old` and `new` begins its search: bytes
    /// known unchanged need no comparing.
    pub fn head(self) -> usize {
        self.head
    }

    pub fn tail(self) -> usize {
        self.tail
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn typing_a_letter_and_deleting_it_is_the_same_text() {
        let then = "The ferry runs at dawn.";
        let mut now = then.to_string();
        let mut unchanged = Unchanged::ALL;
        unchanged.edit(9, 9, now.len());
        now.insert(9, 'x');
        assert!(!unchanged.same(&now, then));
        unchanged.edit(9, 10, now.len());
        now.remove(9);
        assert!(unchanged.same(&now, then));
    }

    #[test]
    fn a_letter_swapped_for_another_is_not_the_same() {
        let then = "abc";
        let mut unchanged = Unchanged::ALL;
        unchanged.edit(1, 2, 3);
        assert!(!unchanged.same("axc", then));
        assert!(Unchanged::NOTHING.same("abc", then));
        assert!(!Unchanged::NOTHING.same("abd", then));
    }

    proptest! {
        // Random splices, recorded as they are made: the answer is always
        // what comparing the whole texts says.
        #[test]
        fn recorded_splices_answer_as_a_whole_comparison_does(
            start in "[ab]{0,12}",
            edits in prop::collection::vec((0usize..16, 0usize..4, "[ab]{0,3}"), 0..8),
        ) {
            let mut now = start.clone();
            let mut unchanged = Unchanged::ALL;
            for (at, removed, inserted) in edits {
                let at = at.min(now.len());
                let end = (at + removed).min(now.len());
                unchanged.edit(at, end, now.len());
                now.replace_range(at..end, &inserted);
                prop_assert_eq!(unchanged.same(&now, &start), now == start);
            }
        }
    }
}
