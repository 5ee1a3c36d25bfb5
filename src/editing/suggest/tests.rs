use super::*;
use crate::model::article::NoteKind;

const ME: &str = "Tomas Reyes";

fn me() -> Signer<'static> {
    Signer { name: ME, now: jiff::Timestamp::UNIX_EPOCH }
}

/// Runs keystrokes from `selection`, applying each outcome as the window
/// does; returns the caret.
fn keys(
    body: &mut String,
    notes: &mut Vec<Note>,
    selection: Range<usize>,
    typed: &[Typing],
    who: Signer,
) -> usize {
    let mut selection = selection;
    for typing in typed {
        match keystroke(body, selection.clone(), typing, notes, who) {
            Outcome::Edit { splice, notes: changes, caret } => {
                body.replace_range(splice.range, &splice.with);
                apply_notes(notes, &changes);
                selection = caret..caret;
            }
            Outcome::Move(caret) => selection = caret..caret,
            Outcome::Refused(_) => {}
        }
    }
    selection.start
}

fn letters(text: &str) -> Vec<Typing> {
    text.chars().map(|c| Typing::Insert(c.to_string())).collect()
}

fn back(n: usize) -> Vec<Typing> {
    vec![Typing::Backspace { word: false }; n]
}

/// Every note's mark is in the body exactly once, and pairs with it.
fn anchored(body: &str, notes: &[Note]) {
    for note in notes {
        let mark = &note.anchor.as_ref().expect("anchored").mark;
        assert_eq!(body.matches(mark.as_str()).count(), 1, "{mark:?} in {body:?}");
    }
}

#[test]
fn typing_makes_one_signed_insertion_that_grows() {
    let mut body = String::from("The ferry ran on Sunday.\n\nSecond paragraph.");
    let mut notes = Vec::new();
    let caret = keys(&mut body, &mut notes, 14..14, &letters("late "), me());
    assert_eq!(body, "The ferry ran {++late ++}on Sunday.\n\nSecond paragraph.");
    assert_eq!(&body[..caret], "The ferry ran {++late ");
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].author, ME);
    assert_eq!(notes[0].kind, NoteKind::Suggestion);
    assert_eq!(notes[0].anchor, Some(Anchor::new("{++late ++}", "The ferry ran ")));
    // Taking the words back takes the suggestion and its note back.
    let caret = keys(&mut body, &mut notes, caret..caret, &back(3), me());
    assert_eq!(body, "The ferry ran {++la++}on Sunday.\n\nSecond paragraph.");
    anchored(&body, &notes);
    keys(&mut body, &mut notes, caret..caret, &back(2), me());
    assert_eq!(body, "The ferry ran on Sunday.\n\nSecond paragraph.");
    assert!(notes.is_empty());
}

#[test]
fn deleting_strikes_words_and_one_mark_grows_leftwards() {
    let mut body = String::from("The ferry ran on Sunday.");
    let mut notes = Vec::new();
    let caret = keys(&mut body, &mut notes, 23..23, &back(6), me());
    assert_eq!(body, "The ferry ran on {--Sunday--}.");
    assert_eq!(&body[..caret], "The ferry ran on ");
    assert_eq!(notes.len(), 1);
    anchored(&body, &notes);
    // Forward from the start of a word: the mark grows to the right.
    let mut body = String::from("ab cd");
    let mut notes = Vec::new();
    let caret = keys(&mut body, &mut notes, 3..3, &vec![Typing::Delete { word: false }; 2], me());
    assert_eq!(body, "ab {--cd--}");
    assert_eq!(caret, body.len());
    assert_eq!(notes.len(), 1);
    anchored(&body, &notes);
}

#[test]
fn typing_over_a_selection_is_a_replacement() {
    let mut body = String::from("Open on Sunday.");
    let mut notes = Vec::new();
    let caret = keys(&mut body, &mut notes, 8..14, &letters("Monday"), me());
    assert_eq!(body, "Open on {~~Sunday~>Monday~~}.");
    assert_eq!(&body[..caret], "Open on {~~Sunday~>Monday");
    assert_eq!(notes.len(), 1);
    anchored(&body, &notes);
    // Backspacing the new words whole leaves a removal.
    keys(&mut body, &mut notes, caret..caret, &back(6), me());
    assert_eq!(body, "Open on {--Sunday--}.");
    anchored(&body, &notes);
}

#[test]
fn someone_elses_marks_are_stepped_over_not_typed_into() {
    let mut body = String::from("A {++quick++} fox.");
    let mut notes = Vec::new();
    let ines = Signer { name: "Ines Marrow", now: jiff::Timestamp::UNIX_EPOCH };
    // Ines's own mark is a mark without a note for Tomas: unknown.
    let caret = keys(&mut body, &mut notes, 6..6, &letters("x"), me());
    assert_eq!(body, "A {++quick++}{++x++} fox.");
    assert_eq!(&body[..caret], "A {++quick++}{++x");
    // Backspace from after Ines's word steps over it and strikes the space.
    let mut body = String::from("A {++quick++} fox.");
    let mut notes = Vec::new();
    keys(&mut body, &mut notes, 2..2, &letters("very "), ines);
    assert_eq!(body, "A {++very ++}{++quick++} fox.");
    let after = body.find(" fox").unwrap_or(0);
    keys(&mut body, &mut notes, after..after, &back(1), me());
    assert_eq!(body, "A{-- --}{++very ++}{++quick++} fox.");
    assert_eq!(notes.len(), 2);
    anchored(&body, &notes);
}

#[test]
fn line_breaks_are_neither_typed_nor_struck() {
    let body = "One.\n\nTwo.";
    let refused = keystroke(body, 6..6, &Typing::Backspace { word: false }, &[], me());
    assert_eq!(refused, Outcome::Refused(NO_LINE_BREAK));
    let refused = keystroke(body, 4..4, &Typing::Insert("\n".into()), &[], me());
    assert_eq!(refused, Outcome::Refused(NO_LINE_BREAK));
    // A selection across paragraphs strikes each paragraph's words.
    let mut body = String::from("One.\n\nTwo.");
    let mut notes = Vec::new();
    keys(&mut body, &mut notes, 2..8, &back(1), me());
    assert_eq!(body, "On{--e.--}\n\n{--Tw--}o.");
    assert_eq!(notes.len(), 2);
}

#[test]
fn a_word_at_a_time() {
    let mut body = String::from("The old pier.");
    let mut notes = Vec::new();
    keys(&mut body, &mut notes, 8..8, &[Typing::Backspace { word: true }], me());
    assert_eq!(body, "The {--old --}pier.");
    anchored(&body, &notes);
}
