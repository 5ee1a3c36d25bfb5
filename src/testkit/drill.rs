//! Crash drills behind the hidden `copydesk drill` command: scripted work
//! that runs until it is killed, so tests can kill a real process at random
//! moments and check that nothing was lost or torn.

use std::convert::Infallible;
use std::io::{self, Write};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use crate::model::article::{Article, Block, Status};
use crate::storage::recovery::{Journal, Record, RecoveryError, Writer};
use crate::storage::store::{self, SaveError};

/// The record id the journal drill writes under.
pub const JOURNAL_DRILL_ID: &str = "drill";

#[derive(Debug, thiserror::Error)]
pub enum DrillError {
    #[error(transparent)]
    Recovery(#[from] RecoveryError),
    #[error(transparent)]
    Save(#[from] SaveError),
    #[error("cannot report progress: {0}")]
    Output(#[from] io::Error),
}

/// The body of the journal drill after `edits` edits: a fixed opening
/// followed by ` w1 w2 … w{edits}`.
pub fn journal_body(edits: u64) -> String {
    let mut body = String::from(JOURNAL_OPENING);
    for n in 1..=edits {
        push_edit(&mut body, n);
    }
    body
}

const JOURNAL_OPENING: &str = "The drill desk files copy while the power flickers.";

fn push_edit(body: &mut String, n: u64) {
    body.push_str(" w");
    body.push_str(&n.to_string());
}

/// Types into an untitled document forever: every `interval`, appends
/// ` w{n}` to the body, hands the new state to a recovery writer on the
/// journal in `<data>/recovery`, then prints `edit {n} {unix_millis}`.
/// An edit is printed only after the writer has it, so a test may hold the
/// journal to every printed edit older than the one-second promise. On
/// SIGTERM the writer flushes and the process exits with code 143.
pub fn journal(data: &Path, interval: Duration, out: &mut dyn Write) -> Result<Infallible, DrillError> {
    let writer = Writer::start(Journal::in_dir(data.join("recovery")))?;
    #[cfg(unix)]
    crate::storage::recovery::write_on_sigterm(writer.handle())?;
    let article = Article {
        slug: "recovery-drill".into(),
        headline: "Recovery Drill".into(),
        category: "News".into(),
        ..Article::default()
    };
    let mut body = String::from(JOURNAL_OPENING);
    let mut n = 0;
    loop {
        n += 1;
        push_edit(&mut body, n);
        writer.update(JOURNAL_DRILL_ID, Arc::new(Record::new(None, article.clone(), body.clone())));
        writeln!(out, "edit {n} {}", jiff::Timestamp::now().as_millisecond())?;
        out.flush()?;
        std::thread::sleep(interval);
    }
}

/// Saves the two `save_versions` to `file` alternately, forever, printing
/// `saved {n}` after each save.
pub fn save(file: &Path, out: &mut dyn Write) -> Result<Infallible, DrillError> {
    let versions = save_versions();
    let mut n = 0u64;
    loop {
        n += 1;
        store::save(file, &versions[(n % 2) as usize])?;
        writeln!(out, "saved {n}")?;
        out.flush()?;
    }
}

/// Two different articles of about 20,000 words each, the same on every
/// run, large enough that a save takes long enough to be interrupted.
pub fn save_versions() -> [Article; 2] {
    [
        generated(0x5eed_0001, "Budget Hearing Runs Past Midnight"),
        generated(0x5eed_0002, "Ferry Strike Ends After Nine Days"),
    ]
}

/// Invented filler vocabulary for the drill articles.
const WORDS: [&str; 48] = [
    "harbor",
    "council",
    "ferry",
    "budget",
    "hearing",
    "clerk",
    "evening",
    "vote",
    "river",
    "bridge",
    "market",
    "school",
    "district",
    "mayor",
    "union",
    "contract",
    "schedule",
    "crossing",
    "tide",
    "lantern",
    "archive",
    "ledger",
    "quarter",
    "station",
    "garden",
    "warden",
    "pier",
    "tunnel",
    "signal",
    "meadow",
    "orchard",
    "foundry",
    "courier",
    "granary",
    "beacon",
    "terrace",
    "reservoir",
    "plaza",
    "depot",
    "gallery",
    "workshop",
    "canal",
    "boulevard",
    "chapel",
    "mill",
    "dock",
    "summit",
    "valley",
];

fn generated(seed: u64, headline: &str) -> Article {
    let mut state = seed;
    let mut next = move || {
        // xorshift64: deterministic and dependency-free.
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut body = Vec::new();
    let mut words = 0;
    while words < 20_000 {
        if body.len().is_multiple_of(10) {
            body.push(Block::Heading { level: 2, text: format!("Part {}", body.len() / 10 + 1) });
        }
        let mut paragraph = String::new();
        for sentence in 0..(3 + next() % 3) {
            let length = 8 + next() % 10;
            for i in 0..length {
                let word = WORDS[(next() % WORDS.len() as u64) as usize];
                if i == 0 {
                    if sentence > 0 {
                        paragraph.push(' ');
                    }
                    let mut chars = word.chars();
                    paragraph.extend(chars.next().map(|c| c.to_ascii_uppercase()));
                    paragraph.push_str(chars.as_str());
                } else {
                    paragraph.push(' ');
                    paragraph.push_str(word);
                }
            }
            paragraph.push('.');
            words += length;
        }
        body.push(Block::Paragraph(paragraph));
    }
    Article {
        slug: crate::model::slug::suggest(headline),
        headline: headline.into(),
        dek: "A long article the save drill writes over and over.".into(),
        category: "Local".into(),
        bylines: vec!["Drill Desk".into()],
        status: Status::Draft,
        body,
        ..Article::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn save_versions_are_large_distinct_and_canonical() {
        let versions = save_versions();
        assert_ne!(versions[0], versions[1]);
        for version in &versions {
            let words = crate::model::stats::Stats::of_blocks(&version.body).words;
            assert!((20_000..21_000).contains(&words), "{words} words");
            let text = store::to_string(version);
            let back = store::parse_str(&text, Path::new("drill.ron")).expect("parses");
            assert_eq!(&back, version);
            assert_eq!(store::to_string(&back), text);
            assert_eq!(
                crate::model::markup::parse(&crate::model::markup::render(&version.body)).blocks,
                version.body
            );
        }
        assert_eq!(save_versions(), versions, "the same on every run");
    }

    #[test]
    fn journal_body_grows_by_one_word_per_edit() {
        assert_eq!(journal_body(0), JOURNAL_OPENING);
        assert_eq!(journal_body(3), format!("{JOURNAL_OPENING} w1 w2 w3"));
    }
}
