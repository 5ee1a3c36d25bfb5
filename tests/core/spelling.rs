//! Spelling through the public API: where dictionaries come from, and how
//! long checking a long article takes (an ignored test, run by hand:
//! `cargo test --release --test core spelling -- --ignored --nocapture`).

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use copydesk::model::article::{Article, Block};
use copydesk::rules::spell::{DictionarySource, SYSTEM_DICTIONARY, SpellCache, SpellError, Speller};

use crate::common::{copydesk, put, story};

#[test]
fn the_bundled_dictionary_loads_and_checks() {
    let speller = Speller::from_strings(
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/dictionary/en_US.aff")),
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/dictionary/en_US.dic")),
    )
    .expect("the bundled dictionary parses");
    assert_eq!(speller.source(), &DictionarySource::Text);
    assert!(speller.accepts("government"));
    assert!(!speller.accepts("goverment"));

    let bundled = Speller::bundled().expect("the embedded copy parses");
    assert_eq!(bundled.source(), &DictionarySource::Bundled);
    assert!(bundled.accepts("accommodate"));
}

#[test]
fn the_system_dictionary_is_preferred_when_installed() {
    let speller = Speller::load_with_override(None).expect("some dictionary loads");
    let installed = Path::new(&format!("{SYSTEM_DICTIONARY}.aff")).is_file()
        && Path::new(&format!("{SYSTEM_DICTIONARY}.dic")).is_file();
    if installed {
        assert_eq!(speller.source(), &DictionarySource::Files(SYSTEM_DICTIONARY.into()));
    } else {
        eprintln!("no system dictionary at {SYSTEM_DICTIONARY}; checked the fallback only");
        assert_eq!(speller.source(), &DictionarySource::Bundled);
    }
    assert!(speller.accepts("receive"));
    assert!(!speller.accepts("recieve"));
}

#[test]
fn a_named_dictionary_overrides_the_others() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let base = folder.path().join("en_XX.v2");
    std::fs::write(folder.path().join("en_XX.v2.aff"), "SET UTF-8\nTRY esianrtolcdugmphbyfvkwz\n")
        .expect("write aff");
    std::fs::write(folder.path().join("en_XX.v2.dic"), "3\nquorble\nzint\nthe\n").expect("write dic");
    let speller = Speller::load_with_override(Some(&base)).expect("the named dictionary loads");
    assert_eq!(speller.source(), &DictionarySource::Files(base.clone()));
    let words: Vec<String> =
        speller.misspellings("The quorble zint is a word").into_iter().map(|m| m.word).collect();
    assert_eq!(words, vec!["is", "a", "word"]);

    // Asking for a dictionary that is not there is an error, not a silent
    // fallback.
    let missing = folder.path().join("nowhere");
    let error = Speller::load_with_override(Some(&missing)).expect_err("missing files");
    assert!(matches!(error, SpellError::Read { .. }), "{error:?}");
    assert!(error.to_string().contains("nowhere.aff"), "{error}");

    std::fs::write(folder.path().join("broken.aff"), "SET UTF-8\n").expect("write aff");
    std::fs::write(folder.path().join("broken.dic"), "many\nwords\n").expect("write dic");
    let error = Speller::from_files(&folder.path().join("broken")).expect_err("bad count line");
    assert!(matches!(error, SpellError::Parse { .. }), "{error:?}");

    std::fs::write(folder.path().join("latin1.aff"), b"SET ISO8859-1\n").expect("write aff");
    std::fs::write(folder.path().join("latin1.dic"), b"1\ncaf\xe9\n").expect("write dic");
    let error = Speller::from_files(&folder.path().join("latin1")).expect_err("not UTF-8");
    assert!(matches!(error, SpellError::NotUtf8 { .. }), "{error:?}");
}

/// About 20,000 words of generated news prose with a few hundred invented
/// names the dictionary cannot know.
fn long_article() -> Article {
    const SENTENCES: [&str; 6] = [
        "The council’s budget committee met on Tuesday to weigh a well-funded plan for the harbor.",
        "Residents who live near the water said they weren’t told about the *new* ferry schedule.",
        "Officials said the project would cost $48 million and open by 2028, pending review.",
        "A spokesperson for the [state agency](https://example.org/agency/report-2026) declined to comment.",
        "Inspectors rated the 1950s-era pier “poor” in a report released last spring.",
        "Crews will begin work in mid-March, weather permitting, and finish before the holidays.",
    ];
    const SYLLABLES: [&str; 12] =
        ["zor", "vel", "quin", "drab", "mok", "tész", "ulv", "phrax", "kel", "yb", "wend", "ost"];
    let mut body = Vec::new();
    let mut words = 0;
    let mut index = 0usize;
    while words < 20_000 {
        let mut paragraph = String::new();
        for sentence in 0..5 {
            let text = SENTENCES[(index + sentence) % SENTENCES.len()];
            paragraph.push_str(text);
            paragraph.push(' ');
        }
        // Three hundred distinct names, each used a few times.
        let name_number = index % 300;
        let name = format!(
            "{}{}{}",
            SYLLABLES[name_number % 12],
            SYLLABLES[(name_number / 12) % 12],
            SYLLABLES[(name_number / 144 + 5) % 12]
        );
        let mut chars = name.chars();
        let name: String = chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default();
        paragraph.push_str(&format!("{name} said the vote was close."));
        words += copydesk::model::stats::count_words(&paragraph);
        body.push(Block::Paragraph(paragraph));
        index += 1;
    }
    Article {
        headline: "Harbor Plan Clears Committee".into(),
        dek: "The ferry terminal moves ahead after a long debate.".into(),
        body,
        ..Article::default()
    }
}

fn time<T>(what: &str, run: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let result = run();
    let took = start.elapsed();
    println!("{what:<58} {:>9.1} ms", took.as_secs_f64() * 1000.0);
    (result, took)
}

#[test]
#[ignore = "a measurement, run by hand with --release"]
fn measure_loading_and_checking_a_long_article() {
    time("load the system (or fallback) dictionary", || Speller::load_with_override(None).expect("loads"));
    let (speller, _) = time("load the bundled dictionary", || Speller::bundled().expect("loads"));

    let article = long_article();
    let words: usize =
        article.body.iter().flat_map(|b| b.texts()).map(copydesk::model::stats::count_words).sum();
    println!("article: {words} words in {} paragraphs", article.body.len());

    let (spelling, _) = time("check every text, no suggestions (cold cache)", || {
        speller.check_article(&article, &mut SpellCache::new())
    });
    let flagged: usize = spelling.body.iter().flatten().map(|texts| texts.len()).sum();
    println!("misspellings: {flagged}");

    let mut cache = SpellCache::new();
    let (findings, _) = time("findings, cold cache (default suggestion budget)", || {
        speller.findings_cached(&article, &mut cache)
    });
    println!("findings: {}", findings.len());
    // Each check computes suggestions for a budget of new words, so the
    // first few after opening still have some to do.
    let mut catching_up = 1;
    loop {
        let before = cache.texts_checked();
        let start = Instant::now();
        speller.findings_cached(&article, &mut cache);
        let took = start.elapsed();
        assert_eq!(cache.texts_checked(), before);
        catching_up += 1;
        if took < Duration::from_millis(5) || catching_up > 50 {
            println!("suggestions caught up after {catching_up} checks");
            break;
        }
    }
    time("findings, warm cache, nothing changed", || speller.findings_cached(&article, &mut cache));

    let mut edited = article.clone();
    if let Some(Block::Paragraph(text)) = edited.body.get_mut(100) {
        text.push_str(" Then they recieved it.");
    }
    let (findings, _) = time("findings, warm cache, one paragraph changed (new typo)", || {
        speller.findings_cached(&edited, &mut cache)
    });
    assert!(findings.iter().any(|f| f.message.contains("“received”")));

    let mut complete = SpellCache::new().with_suggestion_budget(usize::MAX);
    time("findings, cold cache, suggestions for every word", || {
        speller.findings_cached(&article, &mut complete)
    });
    time("suggestions for one word (quick path)", || speller.suggestions("recieve", 5));
    time("suggestions for one name (whole word list)", || speller.suggestions("Zorvelquin", 5));
}

#[test]
fn a_name_is_never_cut_in_two_and_keeps_its_capital() {
    let speller = Speller::bundled().expect("the embedded copy parses");
    for name in ["Kyiv", "Zorvath", "Brelund"] {
        let suggestions = speller.suggestions(name, 6);
        let squashed = |s: &str| s.replace([' ', '-'], "").to_lowercase();
        assert!(
            suggestions.iter().all(|s| squashed(s) != name.to_lowercase()),
            "{name} is cut in two: {suggestions:?}"
        );
        assert!(
            suggestions.iter().all(|s| s.chars().next().is_some_and(char::is_uppercase)),
            "{name} keeps its capital: {suggestions:?}"
        );
    }
    // A lowercase typo is helped as before.
    assert_eq!(speller.suggestions("recieve", 3).first().map(String::as_str), Some("receive"));
}

#[test]
fn a_desk_word_of_64_kib_is_reported_not_a_crash() {
    let desk = tempfile::tempdir().expect("temp dir");
    let huge = "w".repeat(65_536);
    let settings = copydesk::storage::desk::DeskConfig {
        words: vec!["Corrow".into(), huge.clone()],
        ..Default::default()
    };
    fs::write(desk.path().join("desk.ron"), copydesk::storage::desk::config::to_string(&settings))
        .expect("desk.ron");
    put(desk.path(), "landing.ron", &story("landing", "Landing Reopens", &[]));

    let speller = copydesk::rules::spell::Speller::bundled().expect("dictionary");
    let with = speller.with_words(&settings.words);
    assert!(with.accepts("Corrow"));
    assert_eq!(copydesk::rules::spell::Speller::unusable_words(&settings.words), vec![huge]);

    let ran = copydesk(&["check", desk.path().to_str().expect("utf-8")]);
    let stdout = String::from_utf8_lossy(&ran.stdout);
    assert_ne!(ran.status.code(), Some(101), "panicked: {}", ran.stderr);
    assert!(stdout.contains("[desk-word-too-long]"), "{stdout}");
}
