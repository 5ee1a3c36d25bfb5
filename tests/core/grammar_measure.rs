//! Where Harper's time goes on a long article (an ignored measurement, run
//! by hand: `cargo test --release --test core grammar_measure -- --ignored
//! --nocapture`): building its documents (tagger and
//! neural chunker) against linting them, and the tagger and chunkers alone.

use std::time::Instant;

use copydesk::model::article::Block;
use copydesk::testkit::generate;
use harper_core::linting::{LintGroup, Linter};
use harper_core::parsers::PlainEnglish;
use harper_core::spell::FstDictionary;
use harper_core::{Dialect, Document};

#[test]
#[ignore = "a measurement, run by hand with --release"]
fn measure_harper_rule_by_rule() {
    let article = generate::article(20_000, 11);
    let paragraphs: Vec<String> = article
        .body
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(text) => Some(text.clone()),
            _ => None,
        })
        .collect();
    let start = Instant::now();
    let docs: Vec<Document> = paragraphs.iter().map(|p| Document::new_curated(p, &PlainEnglish)).collect();
    println!("documents for {} paragraphs: {:?}", paragraphs.len(), start.elapsed());
    let start = Instant::now();
    let mut group = LintGroup::new_curated(FstDictionary::curated(), Dialect::American);
    println!("lint group: {:?}", start.elapsed());
    let enabled = group.iter_keys().filter(|name| group.config.is_rule_enabled(name)).count();
    let start = Instant::now();
    let lints: usize = docs.iter().map(|d| group.lint(d).len()).sum();
    println!("{enabled} rules on every paragraph: {:?} ({lints} lints)", start.elapsed());
    // Timed rule by rule (each alone, Harper's cache cold), no rule stood
    // out: every one took about the same small share, so the cost is the
    // number of rules, and no smaller rule set is cheap without dropping
    // most of them.
}

#[test]
#[ignore = "a measurement, run by hand with --release"]
fn measure_harper_tagger_and_chunker() {
    use harper_brill::{Chunker, Tagger};
    let article = generate::article(20_000, 11);
    let mut sentences: Vec<Vec<String>> = Vec::new();
    for b in &article.body {
        if let Block::Paragraph(text) = b {
            for s in text.split(". ") {
                sentences.push(s.split_whitespace().map(str::to_string).collect());
            }
        }
    }
    println!("{} sentences", sentences.len());
    let tagger = harper_brill::brill_tagger();
    let start = Instant::now();
    let tags: Vec<_> = sentences.iter().map(|s| tagger.tag_sentence(s)).collect();
    println!("brill tagger: {:?}", start.elapsed());
    let chunk_all = |what: &str, chunker: &dyn Chunker| {
        let start = Instant::now();
        for (s, t) in sentences.iter().zip(&tags) {
            chunker.chunk_sentence(s, t);
        }
        println!("{what}: {:?}", start.elapsed());
    };
    let burn = harper_brill::burn_chunker();
    chunk_all("burn (neural) chunker", &*burn);
    chunk_all("burn chunker again (its cache)", &*burn);
    chunk_all("brill chunker", &*harper_brill::brill_chunker());
}
