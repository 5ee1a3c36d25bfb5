//! Running the rules over an article's segments the way Vale runs them
//! over a document's blocks: per text (or per sentence) for most types,
//! in reading order across the document for conditional and consistency,
//! over the whole for metrics.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::Arc;

use fancy_regex::Regex;
use unicode_segmentation::UnicodeSegmentation;

use super::rule::{Case, Check, Rule};
use super::text::{self, Measures};
use super::{Alert, HouseCache, HouseStyle, Memo, Scope, Segment};
use crate::rules::memo::TextMemo;

/// Vale's message formatting: each `%s` takes the next value, each run of
/// white space in it printed as one space (as `vale` prints 'y. T' for a match
/// of "y.  T"); values beyond the placeholders are dropped.
pub fn format_message(message: &str, values: &[&str]) -> String {
    let mut out = String::with_capacity(message.len() + 16);
    let mut values = values.iter();
    let mut rest = message;
    while let Some(at) = rest.find("%s") {
        out.push_str(&rest[..at]);
        match values.next() {
            Some(value) => {
                let mut last_space = false;
                for c in value.chars() {
                    let space = c.is_whitespace();
                    if !(space && last_space) {
                        out.push(if space { ' ' } else { c });
                    }
                    last_space = space;
                }
            }
            None => out.push_str("%s"),
        }
        rest = &rest[at + 2..];
    }
    out.push_str(rest);
    out
}

fn applies(rule: &Rule, scope: Scope, name: &str) -> bool {
    rule.scopes.include.iter().any(|s| s == name)
        && !rule.scopes.exclude.iter().any(|s| scope.names().contains(&s.as_str()))
}

/// The units of `text` a rule reads in a segment: the whole text, its
/// sentences, or nothing.
fn units(rule: &Rule, segment: &Segment) -> Vec<Range<usize>> {
    let names = segment.scope.names();
    if rule.scopes.exclude.iter().any(|s| names.contains(&s.as_str())) {
        return Vec::new();
    }
    if rule.scopes.include.iter().any(|s| names.contains(&s.as_str())) {
        return std::iter::once(0..segment.text.len()).collect();
    }
    if segment.scope.has_sentences() && applies(rule, segment.scope, "sentence") {
        return segment
            .text
            .split_sentence_bound_indices()
            .map(|(at, sentence)| at..at + sentence.trim_end().len())
            .filter(|r| !r.is_empty())
            .collect();
    }
    Vec::new()
}

fn find_all(pattern: &Regex, text: &str) -> Vec<Range<usize>> {
    // A pattern that gives up (backtracking limit) finds nothing here
    // rather than failing the whole check.
    pattern
        .find_iter(text)
        .filter_map(Result::ok)
        .filter(|m| !m.range().is_empty())
        .map(|m| m.range())
        .collect()
}

fn excepted(rule: &Rule, observed: &str) -> bool {
    rule.exceptions.as_ref().is_some_and(|re| re.is_match(observed).unwrap_or(false))
}

/// Vale's `IsPhrase`: letters, digits, spaces and hyphens only.
fn is_phrase(text: &str) -> bool {
    text.chars().all(|c| c.is_alphanumeric() || c == ' ' || c == '-')
}

fn same_token(expected: &str, observed: &str) -> bool {
    if is_phrase(expected) {
        return expected == observed;
    }
    match Regex::new(&format!("^(?:{expected})$")) {
        Ok(re) => re.is_match(observed).unwrap_or(false),
        Err(_) => expected == observed,
    }
}

fn capitalise_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// What one text gives for every rule.
fn memo(style: &HouseStyle, segment: &Segment) -> Memo {
    let mut memo = Memo::default();
    if segment.scope.has_sentences() {
        memo.measures = Measures::prose(segment.text);
    }
    for (index, rule) in style.rules.iter().enumerate() {
        if rule.gate.as_ref().is_some_and(|gate| !gate.is_match(segment.text)) {
            continue;
        }
        for unit in units(rule, segment) {
            let text = &segment.text[unit.clone()];
            let at = |r: &Range<usize>| unit.start + r.start..unit.start + r.end;
            let mut alert = |range: Range<usize>, message: String| memo.alerts.push((index, range, message));
            match &rule.check {
                Check::Existence => {
                    let Some(pattern) = &rule.pattern else { continue };
                    for found in find_all(pattern, text) {
                        let observed = &text[found.clone()];
                        if !excepted(rule, observed.trim()) {
                            alert(at(&found), format_message(&rule.message, &[observed]));
                        }
                    }
                }
                Check::Substitution { replacements, keys, ignorecase, capitalize } => {
                    let Some(pattern) = &rule.pattern else { continue };
                    for captures in pattern.captures_iter(text).filter_map(Result::ok) {
                        let Some((group, found)) =
                            (1..captures.len()).find_map(|g| captures.get(g).map(|m| (g - 1, m)))
                        else {
                            continue;
                        };
                        let observed = found.as_str().trim();
                        let mut expected = replacements.get(group).cloned().unwrap_or_default();
                        if *capitalize && observed == capitalise_first(observed) {
                            expected = capitalise_first(&expected);
                        }
                        if expected.contains('$')
                            && let Some(key) = keys.get(group)
                            && let Ok(re) =
                                Regex::new(&format!("{}{key}", if *ignorecase { "(?i)" } else { "" }))
                        {
                            expected = re.replace_all(observed, expected.as_str()).into_owned();
                        }
                        if !same_token(&expected, observed) && !excepted(rule, observed) {
                            // Alternatives ("phone|mobile phone") are offered
                            // as Vale words them: 'phone' or 'mobile phone'.
                            let offered = expected.replace('|', "' or '");
                            alert(at(&found.range()), format_message(&rule.message, &[&offered, observed]));
                        }
                    }
                }
                Check::Occurrence { max, min } => {
                    let Some(pattern) = &rule.pattern else { continue };
                    let found = find_all(pattern, text);
                    let count = found.len();
                    if (*max > 0 && count > *max) || (*min > 0 && count < *min) {
                        let first = found.iter().find(|r| {
                            let m = &text[(*r).clone()];
                            !m.trim().is_empty() && !m.chars().all(|c| c == '*' || c == '@')
                        });
                        let range = first.map_or(unit.start..unit.start, at);
                        alert(range, format_message(&rule.message, &[&count.to_string()]));
                    }
                }
                Check::Repetition { alpha, ignorecase, max } => {
                    let mut previous: Option<(Range<usize>, &str)> = None;
                    let mut count = 0;
                    let Some(pattern) = &rule.pattern else { continue };
                    for found in find_all(pattern, text) {
                        let current = text[found.clone()].trim();
                        let same = previous.as_ref().is_some_and(|(_, p)| {
                            !current.is_empty()
                                && if *ignorecase { p.eq_ignore_ascii_case(current) } else { *p == current }
                        });
                        let hit = same && (!alpha || current.chars().all(char::is_alphabetic));
                        if hit {
                            count += 1;
                        }
                        if hit
                            && count > *max
                            && let Some((before, _)) = &previous
                        {
                            let span = before.start..found.end;
                            let whole = &text[span.clone()];
                            if !whole.contains('\n') && !excepted(rule, whole) {
                                alert(at(&span), format_message(&rule.message, &[current]));
                                count = 0;
                            }
                        }
                        previous = Some((found, current));
                    }
                }
                Check::Capitalization { case, exceptions, threshold } => {
                    if let Some(expected) = capitalization(case, exceptions, *threshold, rule, text) {
                        alert(unit.clone(), format_message(&rule.message, &[text, &expected]));
                    }
                }
                Check::Conditional { definitions } => {
                    let entry = memo.conditional.entry(index).or_default();
                    for captures in definitions.captures_iter(text).filter_map(Result::ok) {
                        for group in 1..captures.len() {
                            if let Some(m) = captures.get(group).filter(|m| !m.as_str().is_empty()) {
                                entry.0.push(m.as_str().to_string());
                            }
                        }
                    }
                    for found in rule.pattern.as_ref().map(|p| find_all(p, text)).unwrap_or_default() {
                        entry.1.push((at(&found), text[found].to_string()));
                    }
                }
                Check::Consistency { steps } => {
                    for (step, (pattern, names)) in steps.iter().enumerate() {
                        for captures in pattern.captures_iter(text).filter_map(Result::ok) {
                            for name in names {
                                if let Some(m) = captures.name(name) {
                                    let entry = memo.consistency.entry((index, step)).or_default();
                                    entry.0.push(name.clone());
                                    entry.1 = at(&m.range());
                                }
                            }
                        }
                    }
                }
                Check::Metric { .. } => {}
            }
        }
    }
    memo
}

/// `Some(expected)` when `text` is not in the case the rule wants.
fn capitalization(
    case: &Case,
    exceptions: &[String],
    threshold: f64,
    rule: &Rule,
    text: &str,
) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.is_empty() {
        return None;
    }
    let is_exception = |w: &str| exceptions.iter().any(|e| e == w) || excepted(rule, w);
    let ratio = |expected: &[String], first_strict: bool| -> (bool, String) {
        let mut count = 0.0;
        for (i, word) in words.iter().enumerate() {
            let want = expected.get(i).map(String::as_str).unwrap_or(word);
            if *word == want || is_exception(word) || (!first_strict && *word == word.to_uppercase()) {
                count += 1.0;
            } else if first_strict && i == 0 {
                return (false, expected.join(" "));
            }
        }
        (count / words.len() as f64 >= threshold, expected.join(" "))
    };
    let (fine, expected) = match case {
        Case::Lower => (text == text.to_lowercase(), text.to_lowercase()),
        Case::Upper => (text == text.to_uppercase(), text.to_uppercase()),
        Case::Pattern(re) => (re.is_match(text).unwrap_or(false) || excepted(rule, text), text.to_string()),
        Case::Sentence { indicators } => {
            let mut expected = Vec::with_capacity(words.len());
            for (i, word) in words.iter().enumerate() {
                let after_indicator =
                    i > 0 && indicators.iter().any(|ind| words[i - 1].ends_with(ind.as_str()));
                let numbered = i == 1 && words[0].trim_end_matches('.').chars().all(|c| c.is_ascii_digit());
                expected.push(if is_exception(word) {
                    word.to_string()
                } else if i == 0 || after_indicator || numbered {
                    capitalise_first(&word.to_lowercase())
                } else {
                    word.to_lowercase()
                });
            }
            ratio(&expected, true)
        }
        Case::Title { chicago } => {
            let last = words.len() - 1;
            let expected: Vec<String> = words
                .iter()
                .enumerate()
                .map(|(i, word)| {
                    let lower = word.to_lowercase();
                    let small = SMALL_WORDS.contains(&lower.as_str())
                        || (*chicago && PREPOSITIONS.contains(&lower.as_str()));
                    if is_exception(word) {
                        word.to_string()
                    } else if small && i != 0 && i != last {
                        lower
                    } else {
                        capitalise_first(word)
                    }
                })
                .collect();
            ratio(&expected, false)
        }
    };
    (!fine).then_some(expected)
}

/// Words AP and Chicago both leave lowercase inside a title.
const SMALL_WORDS: &[&str] = &[
    "a", "an", "and", "as", "at", "but", "by", "for", "in", "nor", "of", "on", "or", "so", "the", "to", "up",
    "yet", "vs", "via",
];

/// Chicago also lowercases every preposition.
const PREPOSITIONS: &[&str] = &[
    "about", "above", "across", "after", "against", "along", "among", "around", "before", "behind", "below",
    "beneath", "beside", "between", "beyond", "down", "during", "except", "from", "inside", "into", "like",
    "near", "onto", "out", "outside", "over", "past", "since", "through", "toward", "under", "until", "upon",
    "with", "within", "without",
];

pub(super) fn check(style: &HouseStyle, segments: &[Segment], cache: &mut HouseCache) -> Vec<Alert> {
    for memo in cache.memos.values_mut() {
        memo.start_pass(&style.id);
    }
    let memos: Vec<Arc<Memo>> = segments
        .iter()
        .map(|segment| {
            let texts = cache.memos.entry(segment.scope).or_insert_with(|| {
                let mut texts = TextMemo::default();
                texts.start_pass(&style.id);
                texts
            });
            texts.get_or_make(segment.text, |_| Arc::new(memo(style, segment)))
        })
        .collect();
    for memo in cache.memos.values_mut() {
        memo.finish_pass();
    }

    let mut alerts = Vec::new();
    let alert = |rule: &Rule, at: Option<(usize, Range<usize>)>, message: String| Alert {
        rule: rule.name,
        level: rule.level,
        message,
        at,
    };
    for (index, rule) in style.rules.iter().enumerate() {
        match &rule.check {
            Check::Conditional { .. } => {
                let mut defined: HashSet<&str> = HashSet::new();
                for (segment, memo) in memos.iter().enumerate() {
                    let Some((definitions, uses)) = memo.conditional.get(&index) else { continue };
                    defined.extend(definitions.iter().map(String::as_str));
                    for (range, used) in uses {
                        if !defined.contains(used.as_str()) && !excepted(rule, used) {
                            let message = format_message(&rule.message, &[used]);
                            alerts.push(alert(rule, Some((segment, range.clone())), message));
                        }
                    }
                }
            }
            Check::Consistency { steps } => {
                let mut seen: HashSet<&str> = HashSet::new();
                for (segment, memo) in memos.iter().enumerate() {
                    for (step, (_, names)) in steps.iter().enumerate() {
                        let Some((found, range)) = memo.consistency.get(&(index, step)) else { continue };
                        seen.extend(found.iter().map(String::as_str));
                        if names.iter().all(|n| seen.contains(n.as_str())) {
                            let observed = segments[segment].text.get(range.clone()).unwrap_or_default();
                            let message = format_message(&rule.message, &[observed]);
                            alerts.push(alert(rule, Some((segment, range.clone())), message));
                        }
                    }
                }
            }
            Check::Metric { formula, condition } => {
                let mut measures = Measures::default();
                let mut blocks_seen = HashSet::new();
                for (segment, memo) in segments.iter().zip(&memos) {
                    measures.merge(&memo.measures);
                    let first_of_block = segment.block.is_none_or(|b| blocks_seen.insert(b));
                    match segment.scope {
                        Scope::Heading(level) if first_of_block => measures.add(heading_variable(level), 1.0),
                        Scope::Title => measures.add(heading_variable(1), 1.0),
                        Scope::Paragraph if first_of_block => measures.add("paragraphs", 1.0),
                        Scope::ListItem if first_of_block => measures.add("list", 1.0),
                        Scope::Quote if first_of_block => measures.add("blockquote", 1.0),
                        _ => {}
                    }
                }
                let mut variables: std::collections::HashMap<&str, f64> =
                    text::VARIABLES.iter().map(|v| (*v, 0.0)).collect();
                variables.insert("heading_h6", 0.0);
                for (name, value) in &measures.0 {
                    variables.insert(name, *value);
                }
                if variables.get("words").copied().unwrap_or(0.0) == 0.0
                    && variables.values().all(|v| *v == 0.0)
                {
                    continue;
                }
                let Ok(value) = text::evaluate(&text::normalise(formula), &variables) else { continue };
                if text::evaluate(&format!("{value} {condition}"), &variables) == Ok(1.0) {
                    alerts.push(alert(rule, None, format_message(&rule.message, &[&format!("{value:.2}")])));
                }
            }
            _ => {}
        }
    }
    for (segment, memo) in memos.iter().enumerate() {
        for (index, range, message) in &memo.alerts {
            if let Some(rule) = style.rules.get(*index) {
                alerts.push(alert(rule, Some((segment, range.clone())), message.clone()));
            }
        }
    }
    alerts.sort_by_key(|a| a.at.as_ref().map(|(segment, range)| (*segment, range.start)));
    alerts
}

fn heading_variable(level: u8) -> &'static str {
    match level {
        1 => "heading_h1",
        2 => "heading_h2",
        3 => "heading_h3",
        4 => "heading_h4",
        5 => "heading_h5",
        _ => "heading_h6",
    }
}
