//! Tokenising, checking, findings and the cache, against the bundled
//! dictionary so results do not depend on the machine.

use std::sync::OnceLock;

use super::*;
use crate::model::article::Block;

fn speller() -> &'static Speller {
    static SPELLER: OnceLock<Speller> = OnceLock::new();
    SPELLER.get_or_init(|| Speller::bundled().expect("the bundled dictionary loads"))
}

/// The words reported in `text`, read back through their ranges.
fn flagged(text: &str) -> Vec<&str> {
    speller().misspellings(text).iter().map(|m| &text[m.range.clone()]).collect()
}

fn prose_article() -> Article {
    Article {
        slug: "harbor-ferry-terminal-vote".into(),
        headline: "Harbor Commission Backs New Ferry Terminal".into(),
        dek: "The 7-2 vote sends the $48 million project to state regulators.".into(),
        category: "Local".into(),
        bylines: vec!["Nora Quill".into()],
        body: vec![
            Block::Paragraph(
                "The Harbor Commission’s 7-2 vote on Tuesday clears the way for a long-delayed ferry \
                 terminal, the agency’s director said. “We’ve waited since 2019 for this,” said \
                 Commissioner Dana Hale, who called the $48 million plan “a once-in-a-generation fix.” \
                 The state-funded project still needs approval from the EPA, and \
                 [the full proposal](https://example.org/harbor/feryy-termnal-2026.pdf) runs to 312 pages."
                    .into(),
            ),
            Block::Heading { level: 2, text: "What Comes Next".into() },
            Block::Paragraph(
                "Residents who don’t live near the water say they weren’t consulted. At a packed \
                 hearing, a retired teacher asked why the city’s 10-year budget had *no* money for \
                 sidewalks; officials said a follow-up study would begin in mid-March and report by \
                 9:30 a.m. on June 4."
                    .into(),
            ),
            Block::Paragraph(
                "Construction is expected to start next spring. Crews will first remove the old pier, \
                 a 1950s-era structure that inspectors rated “poor” in a **well-publicized** report, \
                 before pouring new concrete footings. The terminal should open to passengers by late \
                 2028, weather permitting."
                    .into(),
            ),
            Block::Quote {
                text: "It’s the best news this waterfront has had in decades.".into(),
                attribution: Some("Commissioner Dana Hale".into()),
            },
            Block::List {
                ordered: false,
                items: vec!["Public comment closes on May 1".into(), "Bids are due in the fall".into()],
            },
        ],
        ..Article::default()
    }
}

#[test]
fn known_misspellings_are_flagged_with_the_right_suggestion() {
    for (typo, fix) in [("recieve", "receive"), ("goverment", "government"), ("accomodate", "accommodate")] {
        let text = format!("Officials will {typo} it.");
        let found = speller().misspellings(&text);
        assert_eq!(found.len(), 1, "{typo}: {found:?}");
        assert_eq!(found[0].word, typo);
        assert_eq!(&text[found[0].range.clone()], typo);
        let suggestions = speller().suggestions(typo, 3);
        assert_eq!(suggestions.first().map(String::as_str), Some(fix), "{typo}: {suggestions:?}");
    }
}

#[test]
fn correct_prose_has_no_findings() {
    let article = prose_article();
    let findings = speller().findings(&article);
    assert!(findings.is_empty(), "{findings:#?}");
}

#[test]
fn findings_name_the_word_suggest_and_point_at_it() {
    let mut article = prose_article();
    article.headline = "Council Will Recieve the Plan".into();
    article.dek = "A goverment study.".into();
    article.body[4] = Block::Quote {
        text: "We can accomodate them.".into(),
        attribution: Some("Resident Mia Zelwyn".into()),
    };
    let findings = speller().findings(&article);
    let summary: Vec<(Location, &str)> = findings.iter().map(|f| (f.location, f.message.as_str())).collect();
    assert_eq!(
        summary,
        vec![
            (
                Location::Field { field: Field::Headline },
                "“Recieve” may be misspelled; try “Receive”, “Relieve”."
            ),
            (Location::Field { field: Field::Dek }, "“goverment” may be misspelled; try “government”."),
            (
                Location::Body { block: 4, part: 0, offset: 7 },
                "“accomodate” may be misspelled; try “accommodate”."
            ),
            (Location::Body { block: 4, part: 1, offset: 13 }, "“Zelwyn” may be misspelled."),
        ]
    );
    assert!(findings.iter().all(|f| f.severity == Severity::Note && f.code == "misspelling"));
}

#[test]
fn link_text_is_checked_but_not_its_address() {
    let text = "Read [the goverment report](https://example.org/recieve/accomodate) today.";
    assert_eq!(flagged(text), vec!["goverment"]);
    // Addresses typed as text are not words either.
    assert!(
        flagged("Write to newsdesk@exmple.org or see www.exmple.org/recieve and http://qzx.example")
            .is_empty()
    );
}

#[test]
fn ranges_point_into_the_source_after_non_ascii_text_and_markup() {
    let text = "Café Müller’s naïve résumé — and then the goverment said";
    assert_eq!(flagged(text), vec!["goverment"]);

    let text = "**Ünïcödé** \\*really\\* &amp; caf&eacute; *Zürich* [a goverment](https://example.org/x) \
                Zürichh **accomodate**";
    let found = speller().misspellings(text);
    let words: Vec<(&str, &str)> = found.iter().map(|m| (m.word.as_str(), &text[m.range.clone()])).collect();
    assert_eq!(words, vec![("goverment", "goverment"), ("Zürichh", "Zürichh"), ("accomodate", "accomodate")]);
    // Accented spellings of listed words are accepted, even unusual ones:
    // the en_US list has no accents at all.
    assert!(flagged("sáid the café’s naïve coöperative").is_empty());
}

#[test]
fn entities_and_escapes_map_to_what_was_typed() {
    // "caf&eacute;" is shown as "café"; a misspelled word around entities
    // covers its whole source.
    let text = "A recei&eacute;ve, a recie\\'ve and a \\*goverment\\*";
    let found = speller().misspellings(text);
    let typed: Vec<&str> = found.iter().map(|m| &text[m.range.clone()]).collect();
    assert_eq!(typed, vec!["recei&eacute;ve", "recie\\'ve", "goverment"]);
    let words: Vec<&str> = found.iter().map(|m| m.word.as_str()).collect();
    assert_eq!(words, vec!["receiéve", "recie've", "goverment"]);
}

#[test]
fn words_from_the_desk_are_not_flagged() {
    let text = "Zelwyn Okafor-Brandt’s shop on Kestrelmoor Road";
    assert_eq!(flagged(text), vec!["Zelwyn", "Okafor", "Kestrelmoor"]);
    let desk = speller().with_words(&["Zelwyn".into(), "Okafor".into(), "Kestrelmoor Road".into()]);
    assert!(desk.misspellings(text).is_empty(), "{:?}", desk.misspellings(text));
    // Case works as for dictionary words: a capitalised desk word is a name.
    assert!(desk.accepts("ZELWYN"));
    assert!(!desk.accepts("zelwyn"));
    // The shared speller is unchanged.
    assert!(!speller().accepts("Zelwyn"));
    assert_ne!(desk.id(), speller().id());
}

#[test]
fn apostrophes_possessives_and_contractions() {
    assert!(flagged("The city’s plan; the city's plan. Don’t, won’t, can't, it’s, they’re.").is_empty());
    assert!(flagged("The residents’ group met at the mayor’s office.").is_empty());
    // An unknown name is reported without its possessive.
    let text = "Zelwyn’s shop";
    let found = speller().misspellings(text);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].word, "Zelwyn");
    assert_eq!(&text[found[0].range.clone()], "Zelwyn");
    // Suggestions keep the writer's apostrophe.
    assert!(speller().suggestions("does’nt", 3).contains(&"doesn’t".to_string()));
}

#[test]
fn hyphenated_compounds_check_each_part() {
    assert!(
        flagged("A well-known, state-of-the-art T-shirt co-op e-mail x-ray re-elected mid-March").is_empty()
    );
    let text = "a well-knwon and long–tiem plan";
    // The en dash is not a hyphen: "long" and "tiem" are separate words.
    assert_eq!(flagged(text), vec!["knwon", "tiem"]);
}

#[test]
fn case_follows_the_dictionary() {
    assert!(flagged("The vote. THE VOTE. Paris and London.").is_empty());
    assert_eq!(flagged("She moved to paris."), vec!["paris"]);
    assert_eq!(flagged("Recieve it."), vec!["Recieve"]);
    assert_eq!(flagged("A LONGWORDTYPO headline"), vec!["LONGWORDTYPO"]);
}

#[test]
fn numbers_acronyms_abbreviations_and_identifiers_are_skipped() {
    let none: Vec<&str> = Vec::new();
    assert_eq!(
        flagged(
            "On the 9th, 1950s-era COVID-19 rules, FEMA and NTSB CEOs met at 9 a.m. in the U.S., \
             e.g. at example.org, and/or on config_value_x; 3rd-quarter 4.5%"
        ),
        none
    );
    // Other scripts are not misspelled English.
    assert_eq!(flagged("Αθήνα and 東京 and Київ"), none);
    // A missing space after a period still shows the misspelled half.
    assert_eq!(flagged("the end.Nxet day"), vec!["end.Nxet"]);
}

#[test]
fn suggestions_fall_back_to_the_whole_word_list() {
    assert_eq!(speller().suggestions("recieve", 2), vec!["receive", "relieve"]);
    assert!(speller().suggestions("recieve", 0).is_empty());
    // Nothing is one edit away from this, so the slow search answers.
    assert!(speller().suggest("Zelwyn", 3, false).is_empty());
    assert!(!speller().suggestions("Zelwyn", 3).is_empty());
}

#[test]
fn the_cache_gives_the_same_results_and_rechecks_only_changed_texts() {
    let mut article = prose_article();
    article.dek = "A goverment study.".into();
    let mut cache = SpellCache::new();
    let cold = speller().findings_cached(&article, &mut cache);
    assert_eq!(cold, speller().findings(&article));
    // Headline, dek, 4 single-text blocks, a quote with attribution, 2 items.
    assert_eq!(cache.texts_checked(), 10);
    assert_eq!(cache.len(), 10);

    let warm = speller().findings_cached(&article, &mut cache);
    assert_eq!(warm, cold);
    assert_eq!(cache.texts_checked(), 10);

    // One keystroke in one paragraph.
    if let Block::Paragraph(text) = &mut article.body[2] {
        text.push_str(" Recieve.");
    }
    let edited = speller().findings_cached(&article, &mut cache);
    assert_eq!(cache.texts_checked(), 11);
    assert_eq!(edited, speller().findings(&article));
    assert_eq!(edited.len(), cold.len() + 1);
    // The old version of the paragraph is gone from the cache.
    assert_eq!(cache.len(), 10);

    let spelling = speller().check_article(&article, &mut cache);
    assert_eq!(cache.texts_checked(), 11);
    assert_eq!(spelling.body.len(), article.body.len());
    assert_eq!(spelling.body[4].len(), 2);
    assert_eq!(spelling.dek.len(), 1);
}

#[test]
fn the_cache_forgets_results_of_another_speller() {
    let article = Article { dek: "Zelwyn spoke.".into(), ..Article::default() };
    let mut cache = SpellCache::new();
    assert_eq!(speller().findings_cached(&article, &mut cache).len(), 1);
    let desk = speller().with_words(&["Zelwyn".into()]);
    assert!(desk.findings_cached(&article, &mut cache).is_empty());
    assert_eq!(cache.texts_checked(), 4);
}

#[test]
fn suggestions_beyond_the_budget_wait_for_a_later_check() {
    let article = Article { dek: "A goverment plan to recieve funds.".into(), ..Article::default() };
    let mut cache = SpellCache::new().with_suggestion_budget(1);
    let first: Vec<String> =
        speller().findings_cached(&article, &mut cache).into_iter().map(|f| f.message).collect();
    assert_eq!(
        first,
        vec!["“goverment” may be misspelled; try “government”.", "“recieve” may be misspelled."]
    );
    let second: Vec<String> =
        speller().findings_cached(&article, &mut cache).into_iter().map(|f| f.message).collect();
    assert_eq!(
        second,
        vec![
            "“goverment” may be misspelled; try “government”.",
            "“recieve” may be misspelled; try “receive”, “relieve”."
        ]
    );
}

#[test]
fn a_speller_can_go_to_another_thread() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<Speller>();
    send_sync::<SpellCache>();
}

#[test]
fn empty_and_odd_text_does_not_panic() {
    for text in [
        "",
        " ",
        "*",
        "[",
        "](",
        "&",
        "&amp",
        "\\",
        "’",
        "-",
        "--a--",
        "a-",
        "-a",
        "é\u{301}",
        "[x](",
        "*a*b*c",
    ] {
        speller().misspellings(text);
        speller().misspellings_plain(text);
    }
}
