//! The fused scan against the general checks it stands in for.

use super::*;
use crate::rules::check::body::{any_text, plain_prose};
use crate::rules::check::{Findings, Location};
use proptest::prelude::*;

fn at(offset: usize) -> Location {
    Location::Body { block: 0, part: 0, offset }
}

/// The findings and word count of the general checks, and of this
/// scan when it takes the text.
fn both(text: &str, balance: bool) -> (Findings, usize, Option<(Findings, usize)>) {
    let mut general = Findings(Vec::new());
    let words = any_text(text, balance, &at, &mut general);
    let fast = ascii_prose(text, balance).map(|scan| {
        let mut out = Findings(Vec::new());
        let words = plain_prose(scan, &at, &mut out);
        (out, words)
    });
    (general, words, fast)
}

/// Asserts the scan takes `text` and finds what the general checks do.
fn agrees(text: &str) {
    for balance in [false, true] {
        let (general, words, fast) = both(text, balance);
        let (fast, fast_words) = fast.unwrap_or_else(|| panic!("the scan declined {text:?}"));
        assert_eq!(fast.0, general.0, "{text:?}");
        assert_eq!(fast_words, words, "{text:?}");
    }
}

#[test]
fn plain_copy_is_taken_and_checked_as_the_general_checks_do() {
    for text in [
        "The ferry's 4.5-tonne ramp, at 06:30; the the ramp (was) late.",
        "River river  river. River 1,000 1,000 had had {open (and) shut}",
        "A closing ) first, then (an opening",
        "Odd \"quotes\" here \" and a tab\there and a bell\u{7} too",
        "that that 42 42 x",
    ] {
        let (general, words, fast) = both(text, true);
        let (fast, fast_words) = fast.expect("plain ASCII copy takes the scan");
        assert_eq!(fast.0, general.0, "{text:?}");
        assert_eq!(fast_words, words, "{text:?}");
    }
}

#[test]
fn words_and_marks_across_block_edges_are_read_as_the_general_checks_do() {
    // Every offset of a joiner, a repeat, a long word and two spaces
    // against the 64-byte blocks (and the 8-byte chunks within them).
    for pad in 0..=70 {
        let lead = "x".repeat(pad.max(1));
        for tail in [
            " can't can't 1,000 1,000 a.m. A.M. 3.5 3.5",
            " riverbanks RIVERBANKS riverbankz riverbank",
            " abcdefgh ABCDEFGH abcdefgz abcdefghi abcdefghI abcdefghz 123456789 123456789",
            " had had that That x  x (a) {c} \"d\" e",
            " 06:30 06:30 x'y x'y x:y x:y, 1'000 1'000 2;5 2;5 a,b a,b",
            " end.",
            " word",
        ] {
            agrees(&format!("{lead}{tail}"));
            agrees(&format!("{lead} {lead}{tail}"));
        }
    }
    // Lengths around the block size, ending inside a word, on a space
    // and on a mark.
    for len in [1, 7, 8, 9, 63, 64, 65, 127, 128, 129, 200] {
        for unit in ["river ", "Ab ", "river.", "a'b ", "1,2 "] {
            let text: String = unit.repeat(len / unit.len() + 1).chars().take(len).collect();
            if !text.starts_with(' ') {
                agrees(&text);
            }
        }
    }
}

#[test]
fn runs_of_one_word_are_counted_as_the_general_checks_count_them() {
    // Runs long enough to be counted as copies (past the listed repeats),
    // broken off in every way: another word, another case, a longer gap,
    // a mark, a joiner, the end of the text, a word longer than eight.
    for unit in ["river ", "ab ", "x  ", "Ab ", "1,000 ", "had ", "ferry's ", "riverbanks "] {
        for copies in [49, 50, 51, 52, 60, 80] {
            for tail in ["", "end", "rivers", "River", " river", ", river", "'s", "(a) x", "x x x"] {
                let text = format!("{}{tail}", unit.repeat(copies));
                agrees(text.trim_end());
                agrees(&format!("lead {text}"));
            }
        }
    }
}

#[test]
fn a_megabyte_of_one_word_is_all_repeats() {
    let text = "river River ".repeat(1 << 16);
    let scan = ascii_prose(text.trim_end(), true).expect("plain copy");
    assert_eq!(scan.words, 1 << 17);
    assert_eq!(scan.total_repeats, (1 << 17) - 1);
    assert_eq!(scan.repeats.len(), MAX_REPEATS_SHOWN);
    assert_eq!(scan.repeats[0], (6, "River"));
    assert_eq!(scan.double_space, None);
}

#[test]
fn byte_classes_and_bit_packing_match_the_byte_tests() {
    for b in 0..0x80u8 {
        let x = u64::from(b) << 24 | u64::from(b'a');
        let letter = in_range(x | FOLD, b'a', b'z') >> 24 == 0x80;
        assert_eq!(letter, b.is_ascii_alphabetic(), "{b}");
        assert_eq!(in_range(x, b'0', b'9') >> 24 == 0x80, b.is_ascii_digit(), "{b}");
        assert_eq!(is_alphanumeric(b), b.is_ascii_alphanumeric(), "{b}");
    }
    for lanes in [0u64, HIGH, 0x80, 0x80 << 56, 0x8000_8000_0080_0080] {
        let expected = (0..8).filter(|j| lanes >> (8 * j + 7) & 1 == 1).fold(0, |m, j| m | 1 << j);
        assert_eq!(pack(lanes), expected, "{lanes:x}");
    }
    assert!(KEY_MASK.iter().skip(1).zip(1..).all(|(mask, len)| mask.count_ones() == 8 * len));
}

#[test]
fn markup_other_scripts_and_line_breaks_are_left_to_the_general_checks() {
    for text in [
        "Some *bold* words",
        "snake_case",
        "Café",
        "two\nlines",
        " leading space",
        "\u{b}leading tab",
        "a [link](x)",
    ] {
        assert!(ascii_prose(text, true).is_none(), "{text:?}");
    }
}

/// The scan takes any text the general checks would not start with a
/// space, and finds what they find.
fn scan_agrees(text: &str, balance: bool) -> Result<(), TestCaseError> {
    let (general, words, fast) = both(text, balance);
    prop_assert_eq!(fast.is_some(), !text.starts_with(char::is_whitespace));
    if let Some((fast, fast_words)) = fast {
        prop_assert_eq!(fast.0, general.0);
        prop_assert_eq!(fast_words, words);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]
    // Few letters, so words repeat often; nothing the scan declines
    // but a leading space.
    #[test]
    fn the_scan_agrees_with_the_general_checks(
        text in "[abAB09 .,;:'\"(){}\t\u{1}\u{7f}-]{0,40}",
        balance in any::<bool>(),
    ) {
        scan_agrees(&text, balance)?;
    }

    // Longer texts of whole words, so that words, joiners, repeats
    // and marks fall on every offset of the 64-byte blocks.
    #[test]
    fn long_texts_across_blocks_agree_with_the_general_checks(
        text in "(river|River|riverbanks|RIVERBANKS|abcdefgh|ABCDEFGH|abcdefgz|riverbankz|had|that|42|1,000|a[.]m|x'y|\
                  [ .,;:'\"(){}\t\u{1}-]){0,120}",
        balance in any::<bool>(),
    ) {
        scan_agrees(&text, balance)?;
    }

    // Runs of a repeated word long enough to be counted as copies, and
    // what breaks them off.
    #[test]
    fn runs_of_copies_agree_with_the_general_checks(
        unit in "(ab|Ab|had|1,0|a'b|abcdefghi)( | {2})",
        copies in 45usize..120,
        tail in "[aAb ,.()]{0,12}",
        balance in any::<bool>(),
    ) {
        let text = format!("{}{tail}", unit.repeat(copies));
        scan_agrees(&text, balance)?;
    }

    #[test]
    fn when_markup_or_other_scripts_are_near_the_scan_still_agrees(
        text in "[abA0 .:'\"()\\[\\]\t\u{1}_*é\n-]{0,24}|[ab ]{50,80}[_*é\n\u{b}][ab ]{0,80}",
        balance in any::<bool>(),
    ) {
        let (general, words, fast) = both(&text, balance);
        if let Some((fast, fast_words)) = fast {
            prop_assert_eq!(fast.0, general.0);
            prop_assert_eq!(fast_words, words);
        }
    }
}
