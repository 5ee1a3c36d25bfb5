//! A quick gate in front of a rule pattern that needs fancy-regex's
//! backtracking (a lookaround such as Vale's `(?<!not )really`): the same
//! pattern with its lookarounds left out, compiled by the `regex` crate.
//! Leaving out a zero-width assertion only lets more through, so a text
//! the gate does not match cannot match the rule, and most paragraphs are
//! passed over in one linear scan instead of a backtracking search from
//! every position.

/// The gate for `pattern`, when it has lookarounds and the rest compiles
/// without them (a backreference, for one, does not: no gate then).
pub fn gate_of(pattern: &str) -> Option<regex::Regex> {
    let stripped = without_lookarounds(pattern)?;
    if stripped == pattern {
        // fancy-regex hands such a pattern to the regex crate already.
        return None;
    }
    regex::Regex::new(&stripped).ok()
}

/// `pattern` with every lookaround group removed and atomic groups made
/// plain; `None` when its brackets do not balance.
fn without_lookarounds(pattern: &str) -> Option<String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::with_capacity(pattern.len());
    let mut at = 0;
    while at < chars.len() {
        match chars[at] {
            '\\' => {
                out.extend(chars.get(at..at + 2)?);
                at += 2;
            }
            '[' => {
                let end = class_end(&chars, at)?;
                out.extend(&chars[at..end]);
                at = end;
            }
            '(' if lookaround_at(&chars, at) => at = group_end(&chars, at)?,
            '(' if chars.get(at + 1..at + 3) == Some(&['?', '>']) => {
                out.push_str("(?:");
                at += 3;
            }
            c => {
                out.push(c);
                at += 1;
            }
        }
    }
    Some(out)
}

fn lookaround_at(chars: &[char], at: usize) -> bool {
    match chars.get(at + 1..at + 4) {
        Some(['?', '=' | '!', _]) => true,
        Some(['?', '<', '=' | '!']) => true,
        _ => matches!(chars.get(at + 1..at + 3), Some(['?', '=' | '!'])),
    }
}

/// The index just past the character class opening at `start`.
fn class_end(chars: &[char], start: usize) -> Option<usize> {
    let mut at = start + 1;
    if chars.get(at) == Some(&'^') {
        at += 1;
    }
    // A `]` first in a class is a literal.
    if chars.get(at) == Some(&']') {
        at += 1;
    }
    while at < chars.len() {
        match chars[at] {
            '\\' => at += 2,
            '[' if chars.get(at + 1) == Some(&':') => {
                // A POSIX class such as [:alpha:] inside the class.
                let close = (at + 2..chars.len().saturating_sub(1))
                    .find(|&i| chars[i] == ':' && chars[i + 1] == ']')?;
                at = close + 2;
            }
            '[' => at = class_end(chars, at)?,
            ']' => return Some(at + 1),
            _ => at += 1,
        }
    }
    None
}

/// The index just past the group opening at `start`.
fn group_end(chars: &[char], start: usize) -> Option<usize> {
    let mut depth = 0;
    let mut at = start;
    while at < chars.len() {
        match chars[at] {
            '\\' => at += 2,
            '[' => at = class_end(chars, at)?,
            '(' => {
                depth += 1;
                at += 1;
            }
            ')' => {
                depth -= 1;
                at += 1;
                if depth == 0 {
                    return Some(at);
                }
            }
            _ => at += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookarounds_are_left_out_and_the_rest_kept() {
        assert_eq!(
            without_lookarounds(r"(?i)\b(?:(?<!not )really|very)\b").as_deref(),
            Some(r"(?i)\b(?:really|very)\b")
        );
        assert_eq!(without_lookarounds(r"a(?=b(c))d(?!e)").as_deref(), Some("ad"));
        assert_eq!(without_lookarounds(r"x(?<=[(\]])y").as_deref(), Some("xy"), "brackets in a class");
        assert_eq!(without_lookarounds(r"(?P<one>a)(?<two>b)\(").as_deref(), Some(r"(?P<one>a)(?<two>b)\("));
        assert_eq!(without_lookarounds(r"(?>ab|a)c").as_deref(), Some("(?:ab|a)c"));
        assert_eq!(without_lookarounds(r"a(?=b"), None, "unbalanced");
    }

    #[test]
    fn a_gate_only_where_it_helps_and_compiles() {
        assert!(gate_of(r"\b(?:plain|words)\b").is_none(), "no lookaround: the regex crate runs it already");
        assert!(gate_of(r"(\w+) \1(?!x)").is_none(), "a backreference");
        assert!(gate_of(r"(?<!not )really").is_some());
    }

    #[test]
    fn whatever_the_rule_matches_the_gate_lets_through() {
        let patterns = [
            r"(?i)\b(?:(?<!not )really|(?<=the )very|quite(?= possibly))\b",
            r"(?m)\b(?:e-?mail(?!s))\b",
            r"[Tt]he (?!end)\w+",
        ];
        let texts = [
            "It was really late.",
            "It was not really late.",
            "The very idea, quite possibly.",
            "Send the email now; emails later.",
            "The end came. The ferry left.",
            "",
        ];
        for pattern in patterns {
            let fancy = fancy_regex::Regex::new(pattern).expect("compiles");
            let gate = gate_of(pattern).expect("a gate");
            for text in texts {
                if fancy.is_match(text).unwrap_or(false) {
                    assert!(gate.is_match(text), "{pattern} on {text:?}");
                }
            }
        }
    }
}
