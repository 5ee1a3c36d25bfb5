//! The editor's highlighter agrees with the parser: what it colours as a
//! quote's attribution is exactly what the parser reads as one, on every
//! sample, on generated articles and on the tricky cases by hand.

use std::collections::BTreeSet;

use copydesk::app::editor::highlight::{Mark, marks_of_text};
use copydesk::model::article::Block;
use copydesk::model::markup;

/// Byte offsets of attribution names: (by the highlighter, by the parser).
fn attribution_bytes(body: &str) -> (BTreeSet<usize>, BTreeSet<usize>) {
    let highlighted: BTreeSet<usize> = marks_of_text(body)
        .into_iter()
        .filter(|(_, mark)| *mark == Mark::Attribution)
        .flat_map(|(range, _)| range)
        .collect();
    let parsed = markup::parse(body);
    let mut expected = BTreeSet::new();
    for (block, source) in parsed.blocks.iter().zip(&parsed.sources) {
        if let Block::Quote { attribution: Some(name), .. } = block {
            let start = source.body_offset(1, 0);
            expected.extend(start..start + name.len());
        }
    }
    (highlighted, expected)
}

fn assert_agree(body: &str) {
    let (highlighted, parsed) = attribution_bytes(body);
    assert_eq!(highlighted, parsed, "highlighter and parser disagree on:\n{body}");
}

#[test]
fn attributions_agree_on_every_sample() {
    let samples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample");
    for entry in std::fs::read_dir(samples).expect("samples") {
        let path = entry.expect("entry").path();
        if path.file_name().is_some_and(|n| n == "desk.ron") || path.extension().is_none_or(|e| e != "ron") {
            continue;
        }
        let article = copydesk::storage::store::load(&path).expect("sample loads");
        let body = markup::render(&article.body);
        assert_agree(&body);
    }
}

#[test]
fn attributions_agree_on_generated_articles() {
    for seed in 0..20 {
        let article = copydesk::testkit::generate::article(3_000, seed);
        let body = markup::render(&article.body);
        let (_, parsed) = attribution_bytes(&body);
        assert!(!parsed.is_empty() || seed > 0, "generated articles have attributed quotes");
        assert_agree(&body);
    }
}

#[test]
fn attributions_agree_on_the_tricky_cases() {
    for body in [
        "> — Only a dash line",
        "> Two lines\n> — Ana Ruiz",
        "> — Not last\n> Said in the middle",
        "> First\n> -- Keyboard Dash",
        "> One quote\n\n> — Another quote alone",
        "Paragraph\n\n> Quoted\n> — Name\n\nAfter.",
        "> A\n> B\n> — C\n> D",
    ] {
        assert_agree(body);
    }
}
