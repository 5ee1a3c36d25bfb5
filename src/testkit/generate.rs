//! Invented articles of any length, for benchmarks, drills and soak tests:
//! every block type and every inline mark, deterministic for a seed, and
//! spelled so a spell checker finds only the invented names.

use crate::model::article::{Article, Block, Image, Related, ShareTarget, Status};

const WORDS: &[&str] = &[
    "the",
    "council",
    "voted",
    "after",
    "a",
    "long",
    "hearing",
    "on",
    "river",
    "park",
    "budget",
    "residents",
    "said",
    "they",
    "would",
    "wait",
    "for",
    "the",
    "final",
    "report",
    "before",
    "deciding",
    "whether",
    "to",
    "appeal",
    "city",
    "engineers",
    "estimated",
    "cost",
    "of",
    "new",
    "bridge",
    "at",
    "nearly",
    "twice",
    "what",
    "was",
    "planned",
    "last",
    "spring",
    "school",
    "board",
    "members",
    "asked",
    "questions",
    "about",
    "bus",
    "routes",
    "and",
    "lunch",
    "programs",
    "while",
    "parents",
    "filled",
    "the",
    "hall",
    "market",
    "vendors",
    "returned",
    "to",
    "their",
    "stalls",
    "early",
    "morning",
    "with",
    "bread",
    "apples",
    "cheese",
    "flowers",
    "mayor",
    "promised",
    "answers",
    "by",
    "end",
    "of",
    "month",
    "but",
    "critics",
    "doubted",
    "that",
    "timeline",
    "water",
    "rose",
    "slowly",
    "through",
    "night",
    "as",
    "crews",
    "stacked",
    "sandbags",
    "along",
    "street",
    "officials",
    "expect",
    "traffic",
    "delays",
    "during",
    "repairs",
    "which",
    "could",
    "last",
    "six",
    "months",
    "team",
    "won",
    "its",
    "first",
    "title",
    "in",
    "decades",
    "when",
    "rowers",
    "crossed",
    "line",
    "ahead",
    "of",
    "rivals",
    "from",
    "across",
    "region",
    "neighbors",
    "gathered",
    "outside",
    "library",
    "to",
    "celebrate",
    "plan",
    "includes",
    "trees",
    "benches",
    "lights",
    "paths",
    "playground",
    "garden",
    "and",
    "small",
    "stage",
    "opponents",
    "argued",
    "money",
    "should",
    "go",
    "to",
    "roads",
    "instead",
    "though",
    "few",
    "offered",
    "details",
    "state",
    "grant",
    "covers",
    "part",
    "remaining",
    "share",
    "comes",
    "from",
    "local",
    "taxes",
];

const NAMES: &[&str] = &[
    "Ines Okafor",
    "Marta Velk",
    "Jonah Pereira",
    "Ada Lindqvist",
    "Tomas Brandt",
    "Lena Moreau",
    "Ravi Anand",
];

/// A small, fast, deterministic generator (xorshift), so benchmarks and
/// drills need no random-number crate.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// A sentence of `min` to `min + spread - 1` words.
fn sentence_of(rng: &mut Rng, min: usize, spread: usize) -> String {
    let words = min + rng.below(spread);
    sentence(rng, words)
}

fn paragraph_of(rng: &mut Rng, min: usize, spread: usize) -> String {
    let words = min + rng.below(spread);
    paragraph(rng, words)
}

fn sentence(rng: &mut Rng, words: usize) -> String {
    let mut out = String::new();
    for n in 0..words {
        let word = WORDS[rng.below(WORDS.len())];
        if n == 0 {
            let mut chars = word.chars();
            if let Some(first) = chars.next() {
                out.extend(first.to_uppercase());
                out.push_str(chars.as_str());
            }
        } else {
            out.push(' ');
            // About one word in fifty is emphasised, strong or linked, as in
            // copy with a link or two per paragraph.
            match rng.below(150) {
                0 => out.push_str(&format!("*{word}*")),
                1 => out.push_str(&format!("**{word}**")),
                2 => out.push_str(&format!("[{word}](https://example.org/{word})")),
                _ => out.push_str(word),
            }
        }
    }
    out.push('.');
    out
}

fn paragraph(rng: &mut Rng, words: usize) -> String {
    let mut out = String::new();
    let mut left = words;
    while left > 0 {
        let length = (6 + rng.below(14)).min(left);
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&sentence(rng, length));
        left -= length;
    }
    out
}

/// A body of about `words` words, using every block type.
pub fn body(words: usize, seed: u64) -> Vec<Block> {
    let mut rng = Rng(seed.max(1).wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let mut blocks = Vec::new();
    let mut written = 0;
    let mut since_heading = 0;
    while written < words {
        since_heading += 1;
        let block = if since_heading > 8 {
            since_heading = 0;
            let level = if rng.below(3) == 0 { 3 } else { 2 };
            Block::Heading { level, text: sentence_of(&mut rng, 3, 4).trim_end_matches('.').to_string() }
        } else {
            // Every section has a quote and a list, so any length uses
            // every block type.
            match since_heading {
                3 => Block::Quote {
                    text: paragraph_of(&mut rng, 15, 25),
                    attribution: Some(NAMES[rng.below(NAMES.len())].to_string()),
                },
                6 => {
                    let ordered = rng.below(2) == 0;
                    let count = 3 + rng.below(3);
                    Block::List { ordered, items: (0..count).map(|_| sentence_of(&mut rng, 4, 8)).collect() }
                }
                5 => Block::Image(image_of(&mut rng, blocks.len())),
                _ => Block::Paragraph(paragraph_of(&mut rng, 40, 70)),
            }
        };
        written += block.texts().iter().map(|t| t.split_whitespace().count()).sum::<usize>();
        blocks.push(block);
    }
    blocks
}

/// A photo on the web (generated desks have no image files), with alt
/// text, caption and credit.
fn image_of(rng: &mut Rng, n: usize) -> Image {
    Image {
        alt: sentence_of(rng, 6, 10).trim_end_matches('.').to_string(),
        caption: sentence_of(rng, 8, 14),
        credit: NAMES[rng.below(NAMES.len())].to_string(),
        src: format!("https://images.example.org/generated/{n}.jpg"),
        width: None,
        height: None,
    }
}

/// A whole article of about `words` words.
pub fn article(words: usize, seed: u64) -> Article {
    let mut rng = Rng(seed.wrapping_add(7) | 1);
    let headline = sentence(&mut rng, 6).trim_end_matches('.').to_string();
    Article {
        slug: format!("generated-story-{seed}"),
        dek: sentence(&mut rng, 18),
        category: "Local".into(),
        tags: vec!["generated".into()],
        bylines: vec![NAMES[seed as usize % NAMES.len()].to_string()],
        status: Status::Draft,
        share: ShareTarget::ALL.to_vec(),
        image: Some(image_of(&mut rng, seed as usize)),
        body: body(words, seed),
        related: (1..=3)
            .map(|n| Related {
                slug: format!("generated-story-{}", seed + n),
                category: "Local".into(),
                title: format!("Generated Story {}", seed + n),
                teaser: "A teaser for the generated story.".into(),
            })
            .collect(),
        headline,
        ..Article::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::markup;

    #[test]
    fn generated_articles_are_canonical_and_sized() {
        for words in [200, 2_000, 20_000] {
            let article = article(words, 3);
            let counted: usize =
                article.body.iter().flat_map(|b| b.texts()).map(|t| t.split_whitespace().count()).sum();
            assert!(counted >= words && counted < words + 200, "{counted} for {words}");
            assert_eq!(markup::parse(&markup::render(&article.body)).blocks, article.body);
            let kinds: std::collections::HashSet<_> = article.body.iter().map(Block::kind).collect();
            if words >= 2_000 {
                assert_eq!(kinds.len(), 5, "{kinds:?}");
            }
        }
        assert_eq!(article(500, 9), article(500, 9));
        assert_ne!(article(500, 9).body, article(500, 10).body);
    }
}
