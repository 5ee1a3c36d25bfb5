//! Counts a writer watches: words, characters, paragraphs, reading time.

use crate::model::article::Block;
use crate::model::markup::critic;

/// Average adult silent reading speed for non-fiction, words per minute.
pub const WORDS_PER_MINUTE: usize = 238;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    pub words: usize,
    pub characters: usize,
    pub paragraphs: usize,
}

impl Stats {
    /// Whole minutes, rounded up, and at least one for any text at all.
    pub fn reading_minutes(&self) -> usize {
        self.words.div_ceil(WORDS_PER_MINUTE)
    }

    pub fn of_blocks(blocks: &[Block]) -> Self {
        let mut stats = Stats::default();
        for block in blocks {
            if matches!(block, Block::Paragraph(_)) {
                stats.paragraphs += 1;
            }
            // A reader reads a photo's caption, not its alt text or credit.
            let texts = match block {
                Block::Image(image) => vec![image.caption.as_str()],
                other => other.texts(),
            };
            for text in texts {
                // Counted as it would be published: an open suggestion
                // is not yet the story, and comments are not in it.
                let published;
                let text = if critic::may_have_marks(text) {
                    published = critic::published(text);
                    published.as_str()
                } else {
                    text
                };
                stats.words += count_words(text);
                stats.characters += text.chars().count();
            }
        }
        stats
    }
}

/// Words by Unicode word boundaries (UAX #29): "don't" is one word, "—" none,
/// "4.5" one, and CJK text counts per ideograph as readers of it expect.
pub fn count_words(text: &str) -> usize {
    crate::model::words::words(text).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_words_by_unicode_rules() {
        assert_eq!(count_words("The council's 9-2 vote — at last."), 7);
        assert_eq!(count_words("Rates rose 4.5% in 2026"), 5);
        assert_eq!(count_words(""), 0);
        assert_eq!(count_words("   — … "), 0);
    }

    #[test]
    fn reading_time_rounds_up() {
        let stats = |words| Stats { words, characters: 0, paragraphs: 0 };
        assert_eq!(stats(0).reading_minutes(), 0);
        assert_eq!(stats(1).reading_minutes(), 1);
        assert_eq!(stats(238).reading_minutes(), 1);
        assert_eq!(stats(239).reading_minutes(), 2);
    }

    #[test]
    fn counts_blocks() {
        let blocks = vec![
            Block::Heading { level: 2, text: "Two words".into() },
            Block::Paragraph("One two three.".into()),
            Block::Quote { text: "Four".into(), attribution: Some("Mia Chen".into()) },
            Block::List { ordered: false, items: vec!["a b".into(), "c".into()] },
            Block::Paragraph("End".into()),
        ];
        let stats = Stats::of_blocks(&blocks);
        assert_eq!(stats.words, 2 + 3 + 1 + 2 + 3 + 1);
        assert_eq!(stats.paragraphs, 2);
        assert_eq!(stats.characters, 9 + 14 + 4 + 8 + 3 + 1 + 3);
    }
}
