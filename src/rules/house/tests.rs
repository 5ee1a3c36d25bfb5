//! A house style written for these tests: each rule type on invented
//! copy, and every kind of bad input named by file and line.

use std::fs;

use super::*;

fn desk(ini: &str, rules: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join(".vale.ini"), ini).expect("ini");
    for (name, yaml) in rules {
        let path = dir.path().join("styles").join(name);
        fs::create_dir_all(path.parent().expect("folder")).expect("styles");
        fs::write(path, yaml).expect("rule");
    }
    dir
}

fn run(style: &HouseStyle, texts: &[(Scope, &str)]) -> Vec<(String, String)> {
    let segments: Vec<Segment> = texts
        .iter()
        .enumerate()
        .map(|(i, (scope, text))| Segment { scope: *scope, text, block: Some(i) })
        .collect();
    style
        .check(&segments, &mut HouseCache::default())
        .into_iter()
        .map(|a| {
            let matched = a.at.map(|(s, r)| texts[s].1[r].to_string()).unwrap_or_default();
            (format!("{}:{matched}", a.rule), a.message)
        })
        .collect()
}

const HOUSE: &[(&str, &str)] = &[
    (
        "House/Terms.yml",
        "extends: substitution\nmessage: \"Use '%s' instead of '%s'.\"\nlevel: warning\nignorecase: true\nswap:\n  ferryboat: ferry\n  e-mail: email\n",
    ),
    (
        "House/Hedges.yml",
        "extends: existence\nmessage: \"Cut '%s'.\"\ntokens:\n  - arguably\n  - (?<!not )really\n",
    ),
    ("House/Repeat.yml", "extends: repetition\nmessage: \"'%s' twice.\"\nalpha: true\ntokens: ['[^\\s]+']\n"),
    (
        "House/Heads.yml",
        "extends: capitalization\nmessage: \"'%s' should be in sentence case.\"\nscope: heading\nmatch: $sentence\n",
    ),
    (
        "House/Acronyms.yml",
        "extends: conditional\nmessage: \"'%s' is not spelled out first.\"\nfirst: '\\b([A-Z]{3,5})\\b'\nsecond: '(?:\\b[A-Z][a-z]+ )+\\(([A-Z]{3,5})\\)'\n",
    ),
    ("House/Mix.yml", "extends: consistency\nmessage: \"Pick one: '%s'.\"\neither:\n  harbor: harbour\n"),
    (
        "House/Commas.yml",
        "extends: occurrence\nmessage: \"%s commas in one sentence.\"\nscope: sentence\nmax: 2\ntoken: ','\n",
    ),
    (
        "House/Grade.yml",
        "extends: metric\nmessage: \"Grade %s is too hard.\"\nformula: (words / sentences)\ncondition: \"> 12\"\n",
    ),
    ("House/Tengo.yml", "extends: script\nmessage: x\nscript: 'x := 1'\n"),
];

#[test]
fn every_runnable_type_finds_what_it_should() {
    let dir =
        desk("StylesPath = styles\nMinAlertLevel = suggestion\n\n[*.md]\nBasedOnStyles = House\n", HOUSE);
    let style = HouseStyle::of_desk(dir.path()).expect("has a .vale.ini");
    assert_eq!(style.problems, Vec::new());
    assert_eq!(style.skipped, vec![("House.Tengo".to_string(), "script".to_string())]);
    let found = run(
        &style,
        &[
            (Scope::Heading(2), "The Ferryboat Returns"),
            (
                Scope::Paragraph,
                "The Harbor Transit Authority (HTA) sent an e-mail about the the ferryboat from the harbor.",
            ),
            (
                Scope::Paragraph,
                "It is arguably late, the HTA said, and the PTA, a parents' group, agreed, loudly.",
            ),
            (Scope::Paragraph, "The harbour opened. It is not really new."),
        ],
    );
    let rules: Vec<&str> = found.iter().map(|(rule, _)| rule.as_str()).collect();
    assert_eq!(
        rules,
        vec![
            "House.Heads:The Ferryboat Returns",
            "House.Terms:Ferryboat",
            "House.Terms:e-mail",
            "House.Repeat:the the",
            "House.Terms:ferryboat",
            "House.Hedges:arguably",
            "House.Commas:,",
            "House.Acronyms:PTA",
            "House.Mix:harbour",
        ],
        "{found:#?}"
    );
    assert!(found.iter().any(|(_, m)| m == "Use 'email' instead of 'e-mail'."));
    assert!(found.iter().any(|(_, m)| m == "5 commas in one sentence."));
    // Metrics read the whole article: short sentences pass, one long one does not.
    let long = "word ".repeat(30);
    let graded = run(&style, &[(Scope::Paragraph, long.as_str())]);
    assert!(
        graded.iter().any(|(rule, m)| rule == "House.Grade:" && m == "Grade 30.00 is too hard."),
        "{graded:?}"
    );
}

#[test]
fn levels_and_switches_in_the_ini() {
    let ini = "StylesPath = styles\nMinAlertLevel = warning\n[*]\nBasedOnStyles = House\nHouse.Hedges = error\nHouse.Terms = NO\n";
    let style = HouseStyle::of_desk(desk(ini, HOUSE).path()).expect("ini");
    let names = style.rule_names();
    assert!(names.contains(&"House.Hedges"), "raised to error: {names:?}");
    assert!(!names.contains(&"House.Terms") && !names.contains(&"House.Repeat"), "{names:?}");
}

#[test]
fn bad_input_names_file_and_line_and_the_rest_still_run() {
    let rules = [
        ("House/Broken.yml", "extends: existence\nmessage: \"x\"\ntokens: [unclosed\n"),
        ("House/Regex.yml", "extends: existence\nmessage: \"x\"\nlevel: warning\ntokens:\n  - '(?<=a'\n"),
        ("House/Kind.yml", "message: \"x\"\nextends: grammar\n"),
        ("House/Level.yml", "extends: existence\nmessage: x\nlevel: loud\ntokens: [a]\n"),
        ("House/Good.yml", "extends: existence\nmessage: \"No '%s'.\"\ntokens: [synergy]\n"),
    ];
    let dir = desk("StylesPath = styles\n[*.md\nBasedOnStyles = House\nHouse.Missing = YES\n", &rules);
    let style = HouseStyle::of_desk(dir.path()).expect("ini");
    let mut problems: Vec<String> = style
        .problems
        .iter()
        .map(|p| format!("{}:{}", p.path.file_name().and_then(|n| n.to_str()).unwrap_or("?"), p.line))
        .collect();
    problems.sort();
    // The YAML parser places an unclosed list where the file ends.
    let broken = problems.iter().position(|p| p == "Broken.yml:3" || p == "Broken.yml:4");
    assert!(broken.map(|at| problems.remove(at)).is_some(), "{problems:?}");
    assert_eq!(
        problems,
        vec![".vale.ini:2", ".vale.ini:4", "Kind.yml:2", "Level.yml:3", "Regex.yml:4"],
        "{:#?}",
        style.problems
    );
    assert!(style.problems.iter().any(|p| p.message.contains("does not compile")), "{:#?}", style.problems);
    assert_eq!(run(&style, &[(Scope::Paragraph, "More synergy.")]).len(), 1);
}

#[test]
fn one_edit_reruns_one_paragraph() {
    let style = HouseStyle::of_desk(desk("StylesPath = styles\n[*]\nBasedOnStyles = House\n", HOUSE).path())
        .expect("ini");
    let mut cache = HouseCache::default();
    let paragraphs = ["One ferry.", "Two ferries.", "Three ferries."];
    let segments = |texts: &[&'static str]| -> Vec<Segment<'static>> {
        texts.iter().map(|t| Segment { scope: Scope::Paragraph, text: t, block: None }).collect()
    };
    style.check(&segments(&paragraphs), &mut cache);
    style.check(&segments(&["One ferry.", "Two ferryboats.", "Three ferries."]), &mut cache);
    assert_eq!(cache.texts_checked(), 4);
    // The same words as a quote are another text to the rules.
    let quote = [Segment { scope: Scope::Quote, text: "One ferry.", block: None }];
    style.check(&quote, &mut cache);
    assert_eq!(cache.texts_checked(), 5);
    // Another style (the desk's rules reloaded) reads everything again.
    let reloaded =
        HouseStyle::of_desk(desk("StylesPath = styles\n[*]\nBasedOnStyles = House\n", HOUSE).path())
            .expect("ini");
    reloaded.check(&quote, &mut cache);
    assert_eq!(cache.texts_checked(), 6);
}
