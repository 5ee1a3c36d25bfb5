//! Articles in other languages, through the one pipeline: spelling with the
//! system's Hunspell dictionary for the article's language (Debian's
//! `hunspell-uk`, `hunspell-de-de`, `hunspell-fr-classical`, `hunspell-he`;
//! `.ci/run` installs them), a missing dictionary naming its package,
//! desk words per language, typography and grammar notes, and the
//! language on the exported page. Every sentence here is invented.

use std::sync::Arc;

use copydesk::model::article::{Article, Block};
use copydesk::rules::review::{self, ReviewCache, Rules};
use copydesk::rules::spell::{Shelf, Speller};
use copydesk::storage::desk::config::{DeskConfig, Loaded};

fn article(language: &str, paragraphs: &[&str]) -> Article {
    Article {
        slug: "ferry-vote".into(),
        headline: String::new(),
        category: "Local".into(),
        language: Some(language.into()),
        body: paragraphs.iter().map(|p| Block::Paragraph(p.to_string())).collect(),
        ..Article::default()
    }
}

fn rules(config: DeskConfig) -> Rules {
    let english = Speller::load().expect("the English dictionary");
    Rules::new(&Loaded { config, error: None, present: true }, Some(&english), &[])
}

/// The words flagged as misspelled, by paragraph.
fn misspelled(rules: &Rules, article: &Article) -> Vec<Vec<String>> {
    let reviewed = review::review(article, rules, None, &mut ReviewCache::default());
    let spelling = reviewed.spelling.expect("a dictionary for the language");
    spelling
        .body
        .iter()
        .map(|texts| texts.iter().flat_map(|words| words.iter().map(|m| m.word.clone())).collect())
        .collect()
}

#[test]
fn ukrainian_german_and_french_articles_are_spelled_in_their_language() {
    let rules = rules(DeskConfig::default());
    let cases = [
        (
            "uk",
            "Міська рада схвалила новий бюджет у вівторок.",
            "Мер пообіцяв відремонтуавти міст до кінця року.",
            "відремонтуавти",
        ),
        (
            "de",
            "Der Stadtrat hat am Dienstag den neuen Haushalt beschlossen.",
            "Die Bürgermeisterin versprach, die Brüke bis Jahresende zu reparieren.",
            "Brüke",
        ),
        (
            "fr",
            "Le conseil municipal a adopté le nouveau budget mardi.",
            "La maire a promis de répparer le pont avant la fin de l’année.",
            "répparer",
        ),
    ];
    for (language, correct, misspelt, word) in cases {
        let found = misspelled(&rules, &article(language, &[correct, misspelt]));
        assert_eq!(found, vec![Vec::<String>::new(), vec![word.to_string()]], "{language}");
    }
    // English spelling is not applied to them: the same German sentence in
    // an English article is full of "mistakes".
    let as_english = misspelled(&rules, &article("en-US", &["Der Stadtrat hat am Dienstag beschlossen."]));
    assert!(as_english[0].len() >= 3, "{as_english:?}");
}

#[test]
fn hebrew_is_checked_too() {
    let rules = rules(DeskConfig::default());
    let found =
        misspelled(&rules, &article("he", &["העירייה אישרה את התקציב.", "העירייה אישרה את קשקשתבל."]));
    assert_eq!(found, vec![Vec::<String>::new(), vec!["קשקשתבל".to_string()]]);
}

#[test]
fn a_missing_dictionary_names_the_package_to_install() {
    let rules = rules(DeskConfig::default()).with_shelf(Arc::new(Shelf::default()));
    let reviewed = review::review(&article("tlh", &["Qapla'."]), &rules, None, &mut ReviewCache::default());
    let missing = reviewed.findings.iter().find(|f| f.code == "dictionary-missing").expect("a finding");
    assert!(missing.message.contains("apt install hunspell-tlh"), "{}", missing.message);
    assert!(reviewed.spelling.is_none());
}

#[test]
fn the_desk_sets_the_default_language_and_keeps_words_per_language() {
    let mut config = DeskConfig { language: Some("uk".into()), ..DeskConfig::default() };
    config.language_words.insert("uk".into(), vec!["Зеленобір".into()]);
    let rules = rules(config);
    let mut story = article("uk", &["Пором до Зеленобору відходить о дев’ятій, сказав капітан Kestrel."]);
    story.language = None;
    assert_eq!(rules.language_of(&story), "uk");
    // The desk's Ukrainian word (and its forms Hunspell cannot derive) and
    // a Latin-script name are not Ukrainian misspellings.
    let found = misspelled(&rules, &story);
    assert!(found[0].iter().all(|w| w != "Kestrel"), "{found:?}");
    let found = misspelled(&rules, &article("uk", &["Острів Зеленобір чекає на пором."]));
    assert_eq!(found, vec![Vec::<String>::new()]);
    let found = misspelled(&rules, &article("de", &["Zeleny Zelenobir ist weit."]));
    assert!(!found[0].is_empty(), "the Ukrainian word is not German: {found:?}");
}

#[test]
fn typography_and_grammar_notes_come_with_fixes() {
    // Grammar is the desk's choice (off by default for its cost).
    let mut config = DeskConfig::default();
    config.style.grammar = true;
    let rules = rules(config);
    let reviewed = review::review(
        &article("de", &["Er sagte: \"Die Fähre kommt\"... und ging."]),
        &rules,
        None,
        &mut ReviewCache::default(),
    );
    let codes: Vec<&str> =
        reviewed.findings.iter().map(|f| f.code).filter(|c| c.starts_with("typography")).collect();
    assert_eq!(codes, vec!["typography-quotes", "typography-quotes", "typography-ellipsis"]);
    let marks: Vec<&str> = reviewed.fixes.iter().map(|f| f.replacement.as_str()).collect();
    assert_eq!(marks, vec!["„", "“", "…"]);

    let reviewed = review::review(
        &article("en-US", &["The mayor signed a order for the ferry on Monday."]),
        &rules,
        None,
        &mut ReviewCache::default(),
    );
    let grammar = reviewed.findings.iter().find(|f| f.code == "grammar").expect("a grammar note");
    assert!(grammar.message.contains("“an”"), "{}", grammar.message);
    assert!(reviewed.fixes.iter().any(|f| f.code == "grammar" && f.replacement == "an"));
    // Without the desk turning it on, no grammar.
    let quiet = review::review(
        &article("en-US", &["The mayor signed a order for the ferry on Monday."]),
        &self::rules(DeskConfig::default()),
        None,
        &mut ReviewCache::default(),
    );
    assert!(quiet.findings.iter().all(|f| f.code != "grammar"));
}

#[test]
fn the_exported_page_is_in_the_article_language() {
    let mut story = article("uk", &["Пором відходить о дев’ятій."]);
    story.headline = "Пором повертається".into();
    story
        .body
        .push(Block::Quote {
            text: "Ми чекали два роки.".into(), attribution: Some("Ольга Коваль".into())
        });
    let config = DeskConfig { language: Some("de".into()), ..DeskConfig::default() };
    let html = copydesk::output::export::html::page(
        &story,
        config.page_settings(),
        copydesk::output::export::html::Links::Standalone,
    );
    assert!(html.contains("<html lang=\"uk\">"), "{}", &html[..200]);
    assert!(html.contains("\"inLanguage\":\"uk\""));
    assert!(html.contains("«Ми чекали два роки.»"), "the quote in Ukrainian marks");
    story.language = None;
    let html = copydesk::output::export::html::page(
        &story,
        config.page_settings(),
        copydesk::output::export::html::Links::Standalone,
    );
    assert!(html.contains("<html lang=\"de\">") && html.contains("„Ми чекали два роки.“"));
}
