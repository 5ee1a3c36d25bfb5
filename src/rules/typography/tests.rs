//! Typography fixes by example, and as properties: markup and addresses
//! never change, and fixing twice equals fixing once.

use proptest::prelude::*;

use super::*;

fn setting(tag: &str, dash: Dash) -> Setting {
    Setting { quotes: Quotes::of(tag), dash }
}

fn fixed(text: &str, tag: &str) -> String {
    fix_all(text, setting(tag, Dash::SpacedEm), true)
}

#[test]
fn quotes_by_language() {
    assert_eq!(
        fixed(r#"She said "the ferry is late" and left."#, "en"),
        "She said “the ferry is late” and left."
    );
    assert_eq!(fixed(r#"Er sagte "die Fähre kommt"."#, "de"), "Er sagte „die Fähre kommt“.");
    assert_eq!(fixed(r#"Вона сказала "пором запізнюється"."#, "uk"), "Вона сказала «пором запізнюється».");
    assert_eq!(
        fixed(r#"Il a dit "le bac est en retard"."#, "fr"),
        "Il a dit «\u{a0}le bac est en retard\u{a0}»."
    );
    assert_eq!(fixed(r#"Il a dit " le bac "."#, "fr"), "Il a dit «\u{a0}le bac\u{a0}».");
    assert_eq!(fixed("Il a dit « le bac ».", "fr"), "Il a dit «\u{a0}le bac\u{a0}».");
    assert_eq!(fixed("He said 'wait' twice.", "en"), "He said ‘wait’ twice.");
}

#[test]
fn apostrophes_dashes_ellipses_and_spaces() {
    assert_eq!(
        fixed("The mayor's plan won't pass in the '90s.", "en"),
        "The mayor’s plan won’t pass in the ’90s."
    );
    assert_eq!(fixed("It rained--then it stopped.", "en"), "It rained — then it stopped.");
    assert_eq!(fixed("It rained -- then it stopped.", "en"), "It rained — then it stopped.");
    let closed = setting("en", Dash::ClosedEm);
    assert_eq!(fix_all("It rained -- then it stopped.", closed, true), "It rained—then it stopped.");
    let en = setting("en", Dash::SpacedEn);
    assert_eq!(fix_all("It rained--then.", en, true), "It rained – then.");
    assert_eq!(fixed("Wait...  what?", "en"), "Wait… what?");
    assert_eq!(fixed("A rule ---- stays.", "en"), "A rule ---- stays.");
}

#[test]
fn markup_and_addresses_stay() {
    let text = r#"See [the "plan"](https://example.org/a--b...c) and https://example.org/x--y or {--cut--} {~~old~>new~~} \"kept\"."#;
    let out = fixed(text, "en");
    assert_eq!(
        out,
        r#"See [the “plan”](https://example.org/a--b...c) and https://example.org/x--y or {--cut--} {~~old~>new~~} \"kept\"."#
    );
    assert!(fixes(&out, setting("en", Dash::SpacedEm)).is_empty());
}

#[test]
fn fixes_name_their_kind_and_say_what_to_use() {
    let text = "It's \"late\"...";
    let found = fixes(text, setting("de", Dash::SpacedEm));
    let kinds: Vec<Kind> = found.iter().map(|f| f.kind).collect();
    assert_eq!(kinds, vec![Kind::Apostrophe, Kind::Quote, Kind::Quote, Kind::Ellipsis]);
    assert_eq!(found[1].message(text), "Straight quote: use “„” here.");
    assert_eq!(Kind::of_code("typography-dash"), Some(Kind::Dash));
}

/// Pieces the generated texts are made of: prose with everything the fixes
/// touch, and markup and addresses they must not.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("word".to_string()),
        Just("Kyiv".to_string()),
        Just(" ".to_string()),
        Just("  ".to_string()),
        Just("\"".to_string()),
        Just("'".to_string()),
        Just("--".to_string()),
        Just("---".to_string()),
        Just("...".to_string()),
        Just("«".to_string()),
        Just("»".to_string()),
        Just("*".to_string()),
        Just(".".to_string()),
        "[a-z\"' .-]{0,6}".prop_map(|t| format!("[{t}](https://example.org/{}--x...\"y\")", t.len())),
        "[a-z\"'-]{0,6}".prop_map(|t| format!("https://example.com/{t}--q")),
        "[a-z\"' -]{0,5}".prop_map(|t| format!("{{++{t}++}}")),
        "[a-z\"' -]{0,5}".prop_map(|t| format!("{{--{t}--}}")),
        "[a-z\"' ]{0,4}".prop_map(|t| format!("{{~~{t}~>{t}~~}}")),
        "[a-z\"' ]{0,4}".prop_map(|t| format!("{{=={t}==}}{{>>{t}<<}}")),
        Just("\\\"".to_string()),
        Just("\\-\\-".to_string()),
        Just("name@example.org".to_string()),
    ]
}

/// The markup a text holds, in order: link addresses, CriticMarkup
/// delimiters and escapes.
fn markup(text: &str) -> Vec<String> {
    let mut kept: Vec<(usize, String)> = Vec::new();
    for link in inline::analyze(text).links {
        kept.push((link.range.start, link.url));
    }
    for delimiter in CRITIC_DELIMITERS {
        for (at, _) in text.match_indices(delimiter) {
            kept.push((at, delimiter.to_string()));
        }
    }
    for (at, _) in text.match_indices('\\') {
        kept.push((at, text[at..].chars().take(2).collect()));
    }
    kept.sort();
    kept.into_iter().map(|(_, s)| s).collect()
}

/// The bare addresses [`piece`] writes, each up to the next space: a fix
/// may close up the space after one, never change a character of it.
fn addresses(text: &str) -> Vec<&str> {
    let mut found: Vec<(usize, &str)> = Vec::new();
    for start in ["https://example.com/", "name@example.org"] {
        for (at, _) in text.match_indices(start) {
            let end = text[at..].find(char::is_whitespace).map_or(text.len(), |end| at + end);
            found.push((at, &text[at..end]));
        }
    }
    found.sort();
    // One that starts inside another (glued together) is part of it.
    let mut end = 0;
    found.retain(|(at, address)| {
        let keep = *at >= end;
        end = end.max(at + address.len());
        keep
    });
    found.into_iter().map(|(_, s)| s).collect()
}

/// True when every address of `before` is in `after`, in order.
fn keeps_addresses(before: &str, after: &str) -> bool {
    let mut rest = after;
    addresses(before).into_iter().all(|address| match rest.find(address) {
        Some(at) => {
            rest = &rest[at + address.len()..];
            true
        }
        None => false,
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn fixing_keeps_markup_and_addresses_and_is_idempotent(
        pieces in prop::collection::vec(piece(), 0..24),
        tag in prop_oneof![Just("en"), Just("de"), Just("fr"), Just("uk")],
        dash in prop_oneof![Just(Dash::SpacedEm), Just(Dash::ClosedEm), Just(Dash::SpacedEn)],
    ) {
        let text: String = pieces.concat();
        let setting = setting(tag, dash);
        let once = fix_all(&text, setting, true);
        prop_assert_eq!(markup(&once), markup(&text), "markup changed: {:?} -> {:?}", text, once);
        prop_assert!(keeps_addresses(&text, &once), "an address changed: {:?} -> {:?}", text, once);
        let twice = fix_all(&once, setting, true);
        prop_assert_eq!(&twice, &once);
        prop_assert!(fixes(&once, setting).is_empty(), "left to fix in {:?}", once);
    }
}

#[test]
fn the_cache_rescans_only_changed_texts_and_forgets_on_another_setting() {
    let english = setting("en", Dash::SpacedEm);
    let mut cache = TypographyCache::default();
    let first = r#"The mayor said "later" -- then left..."#;
    let second = "Two  spaces after the ferry's horn.";
    cache.start_pass(english);
    let found = cache.fixes(first, true, english);
    assert_eq!(&*found, fixes(first, english).as_slice());
    assert_eq!(&*cache.fixes(second, false, english), fixes_plain(second, english).as_slice());
    cache.finish_pass();
    assert_eq!(cache.texts_checked(), 2);
    // A keystroke in the second text: the first comes from the cache.
    cache.start_pass(english);
    cache.fixes(first, true, english);
    let edited = "Two  spaces after the ferry's horn!";
    assert_eq!(&*cache.fixes(edited, false, english), fixes_plain(edited, english).as_slice());
    cache.finish_pass();
    assert_eq!(cache.texts_checked(), 3);
    // German quotes are other fixes: nothing found in English is reused.
    let german = setting("de", Dash::SpacedEm);
    cache.start_pass(german);
    assert_eq!(&*cache.fixes(first, true, german), fixes(first, german).as_slice());
    assert_eq!(cache.texts_checked(), 4);
    assert_ne!(fixes(first, german), fixes(first, english));
}
