//! An article in another language in the window: its language in the
//! metadata panel, typography fixed from the keyboard in that language's
//! marks (one fix at the caret, or all at once as one undo step).

use crate::common::*;
use copydesk::app::{Launch, ScriptedDialogs};
use copydesk::model::article::Block;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable as _;

/// A Ukrainian story with straight quotes, three dots and a typed dash.
fn ukrainian(dialogs: &ScriptedDialogs) -> App<'static> {
    let mut story = article("porom-u-zatoku", "Пором повертається до затоки");
    story.language = Some("uk".into());
    story.dek = "Перевізник обіцяє рейси щогодини.".into();
    story.body = vec![Block::Paragraph(
        "Капітан Остап Яворенко сказав: \"Пором вийде о сьомій\"... Так -- щодня.".into(),
    )];
    harness_with(dialogs, Launch { untitled: Some(story), ..Launch::default() })
}

fn typography_codes(harness: &App) -> Vec<&'static str> {
    let analysis = harness.state().analysis();
    analysis.findings.iter().map(|f| f.code).filter(|code| code.starts_with("typography-")).collect()
}

#[test]
fn a_ukrainian_story_is_fixed_in_its_own_quotation_marks_from_the_keyboard() {
    let dialogs = ScriptedDialogs::new();
    let mut harness = ukrainian(&dialogs);
    let rows: Vec<String> = harness.query_all_by_label("Language").map(|node| format!("{node:?}")).collect();
    assert!(
        rows.iter().any(|row| row.contains("Ukrainian (uk)")),
        "the language row names the language: {rows:?}"
    );
    let codes = typography_codes(&harness);
    assert!(codes.contains(&"typography-quotes") && codes.contains(&"typography-dash"), "{codes:?}");
    // Spelled with the Ukrainian dictionary: the story has no misspelling.
    let analysis = harness.state().analysis();
    assert!(
        !analysis.findings.iter().any(|f| f.code == "misspelling" || f.code == "dictionary-missing"),
        "{:?}",
        analysis.findings
    );
    let before = harness.state().document().body().to_string();

    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::T);
    settle(&mut harness);
    assert_eq!(
        harness.state().document().body(),
        "Капітан Остап Яворенко сказав: «Пором вийде о сьомій»… Так — щодня."
    );
    assert_eq!(typography_codes(&harness), Vec::<&str>::new());

    // One undo step puts it all back.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut harness);
    assert_eq!(harness.state().document().body(), before);
}

#[test]
fn fix_here_applies_the_one_fix_at_the_caret() {
    let dialogs = ScriptedDialogs::new();
    let mut harness = ukrainian(&dialogs);
    harness.get_by_label("Body").focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Home);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Period);
    settle(&mut harness);
    // The first fix after the caret (the opening quote), only that one.
    assert_eq!(
        harness.state().document().body(),
        "Капітан Остап Яворенко сказав: «Пором вийде о сьомій\"... Так -- щодня."
    );
}
