use super::*;
use crate::model::markup;
use proptest::prelude::*;

fn kinds(text: &str) -> Vec<(Kind, &str)> {
    scan(text).marks.iter().map(|m| (m.kind, &text[m.range.clone()])).collect()
}

fn problems(text: &str) -> Vec<(Problem, &str)> {
    scan(text).bad.iter().map(|b| (b.problem, &text[b.range.clone()])).collect()
}

#[test]
fn finds_the_four_marks_and_a_reason() {
    let text = "The vote was {~~late Tuesday~>on Tuesday evening~~} and {++very ++}close: \
                {--nine--}{>>two abstained<<} members, {==Quay Row==}{>>Which end?<<}.";
    assert_eq!(
        kinds(text),
        vec![
            (Kind::Substitution, "{~~late Tuesday~>on Tuesday evening~~}"),
            (Kind::Addition, "{++very ++}"),
            (Kind::Deletion, "{--nine--}{>>two abstained<<}"),
            (Kind::Comment, "{==Quay Row==}{>>Which end?<<}"),
        ]
    );
    assert!(scan(text).bad.is_empty());
    assert_eq!(
        accept_all(text),
        "The vote was on Tuesday evening and very close:  members, {==Quay Row==}{>>Which end?<<}."
    );
    assert_eq!(
        reject_all(text),
        "The vote was late Tuesday and close: nine members, {==Quay Row==}{>>Which end?<<}."
    );
    assert_eq!(published(text), "The vote was late Tuesday and close: nine members, Quay Row.");
}

#[test]
fn bad_marks_stay_text_and_are_never_half_applied() {
    for (text, want) in [
        ("An {++unclosed mark", vec![(Problem::Unclosed, "{++")]),
        ("Two {++a {--b--} c++} deep", vec![(Problem::Nested, "{++a {--b--} c++}")]),
        ("Alone {>>no passage<<} here", vec![(Problem::CommentWithoutPassage, "{>>no passage<<}")]),
        ("Lit {==passage==} only", vec![(Problem::HighlightWithoutComment, "{==passage==}")]),
        ("A {~~swap without arrow~~}", vec![(Problem::SubstitutionWithoutArrow, "{~~swap without arrow~~}")]),
        (
            "Passage {==x==}{>>never closed",
            vec![(Problem::HighlightWithoutComment, "{==x==}"), (Problem::Unclosed, "{>>")],
        ),
        ("Across {++a paragraph\n\nbreak++}", vec![(Problem::Unclosed, "{++")]),
    ] {
        assert_eq!(problems(text), want, "{text:?}");
        assert!(scan(text).marks.is_empty(), "{text:?}");
        assert_eq!(accept_all(text), text, "{text:?}");
        assert_eq!(reject_all(text), text, "{text:?}");
        assert_eq!(published(text), text, "{text:?}");
    }
    // A good mark beside a bad one is still decided; the bad one is not.
    let text = "{++kept++} and {--open";
    assert_eq!(accept_all(text), "kept and {--open");
    assert_eq!(problems(text), vec![(Problem::Unclosed, "{--")]);
}

#[test]
fn a_single_line_break_is_inside_a_paragraph() {
    let text = "{++two\nlines++}";
    assert_eq!(kinds(text), vec![(Kind::Addition, text)]);
    assert_eq!(accept_all(text), "two\nlines");
}

#[test]
fn shown_runs_leave_the_braces_out() {
    assert_eq!(
        shown("A {~~b~>c~~} {==d==}{>>e<<}."),
        vec![
            (Shown::Same, "A "),
            (Shown::Removed, "b"),
            (Shown::Added, "c"),
            (Shown::Same, " "),
            (Shown::Passage, "d"),
            (Shown::Comment, "e"),
            (Shown::Same, "."),
        ]
    );
}

/// One piece of a generated body: prose, or a mark with what it means.
#[derive(Debug, Clone)]
enum Part {
    Plain(String),
    Add(String, Option<String>),
    Del(String, Option<String>),
    Sub(String, String, Option<String>),
    Comment(String, String),
}

impl Part {
    /// The part as written in the body.
    fn marked(&self) -> String {
        let reason = |r: &Option<String>| r.as_ref().map(|r| format!("{{>>{r}<<}}")).unwrap_or_default();
        match self {
            Part::Plain(text) => text.clone(),
            Part::Add(new, r) => format!("{{++{new}++}}{}", reason(r)),
            Part::Del(old, r) => format!("{{--{old}--}}{}", reason(r)),
            Part::Sub(old, new, r) => format!("{{~~{old}~>{new}~~}}{}", reason(r)),
            Part::Comment(passage, comment) => format!("{{=={passage}==}}{{>>{comment}<<}}"),
        }
    }

    /// The part with its change made (`accept`) or refused, comments
    /// kept (or, `published`, dropped).
    fn decided(&self, accept: bool, published: bool) -> String {
        match self {
            Part::Plain(text) => text.clone(),
            Part::Add(new, _) => {
                if accept {
                    new.clone()
                } else {
                    String::new()
                }
            }
            Part::Del(old, _) => {
                if accept {
                    String::new()
                } else {
                    old.clone()
                }
            }
            Part::Sub(old, new, _) => {
                if accept {
                    new.clone()
                } else {
                    old.clone()
                }
            }
            Part::Comment(passage, _) if published => passage.clone(),
            Part::Comment(..) => self.marked(),
        }
    }
}

/// Words a mark may hold: no braces or delimiter characters, no line
/// break (a blank line would end the paragraph the mark is in).
fn words() -> impl Strategy<Value = String> {
    "[a-zA-Zé ,.*#0-9]{0,12}"
}

fn part() -> impl Strategy<Value = Part> {
    let reason = proptest::option::of("[a-z ]{1,8}");
    prop_oneof![
        3 => "[a-zA-Z ,.*#>0-9\\-\n]{0,30}".prop_map(Part::Plain),
        1 => (words(), reason.clone()).prop_map(|(n, r)| Part::Add(n, r)),
        1 => (words(), reason.clone()).prop_map(|(o, r)| Part::Del(o, r)),
        1 => (words(), words(), reason).prop_map(|(o, n, r)| Part::Sub(o, n, r)),
        1 => (words(), "[a-z ?]{0,10}").prop_map(|(p, c)| Part::Comment(p, c)),
    ]
}

/// The body the parts spell.
fn body(parts: &[Part]) -> String {
    parts.iter().map(Part::marked).collect()
}

proptest! {
    /// Any text, marks good and bad, renders back to itself.
    #[test]
    fn any_text_renders_back_to_itself(text in "[a-z {}+\\-~=<>\n]{0,80}") {
        prop_assert_eq!(render(&pieces(&text)), text);
    }

    /// A body with marks renders back to the same text, every mark found.
    #[test]
    fn a_body_with_marks_renders_back(parts in prop::collection::vec(part(), 0..12)) {
        let text = body(&parts);
        prop_assert_eq!(render(&pieces(&text)), text.clone());
        let marks = parts.iter().filter(|p| !matches!(p, Part::Plain(_))).count();
        prop_assert_eq!(scan(&text).marks.len(), marks);
        prop_assert!(scan(&text).bad.is_empty());
    }

    /// Accepting (or rejecting) every change and then parsing the body
    /// gives the blocks of the text with the changes made by hand.
    #[test]
    fn accept_all_then_parse_is_parse_of_the_changes_made(parts in prop::collection::vec(part(), 0..12)) {
        let text = body(&parts);
        for (accept, published_too) in [(true, false), (false, false), (false, true)] {
            let expected: String = parts.iter().map(|p| p.decided(accept, published_too)).collect();
            let decided = match (accept, published_too) {
                (true, _) => accept_all(&text),
                (false, false) => reject_all(&text),
                (false, true) => published(&text),
            };
            prop_assert_eq!(&decided, &expected);
            prop_assert_eq!(markup::parse(&decided).blocks, markup::parse(&expected).blocks);
        }
    }
}
