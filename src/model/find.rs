//! Finding and replacing text: a query (plain or regular expression, match
//! case, whole word) compiled once, its matches in a text, and replacements
//! with `$1` capture groups when it is a regular expression.

use std::ops::Range;

use regex::{Regex, RegexBuilder};

/// What the editor asked to find.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    pub text: String,
    pub match_case: bool,
    pub whole_word: bool,
    pub regex: bool,
}

/// Why a query cannot be searched for, in words for the find bar.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FindError {
    #[error("{0}")]
    Pattern(String),
}

/// A compiled query.
#[derive(Debug, Clone)]
pub struct Finder {
    pattern: Regex,
    regex: bool,
}

/// The largest compiled pattern accepted (a pasted novel is not a query).
const SIZE_LIMIT: usize = 1 << 20;

impl Query {
    /// Compiles the query; `None` when there is nothing to find.
    pub fn compile(&self) -> Result<Option<Finder>, FindError> {
        if self.text.is_empty() {
            return Ok(None);
        }
        let mut pattern = if self.regex { self.text.clone() } else { regex::escape(&self.text) };
        if self.whole_word {
            pattern = format!(r"\b(?:{pattern})\b");
        }
        let compiled = RegexBuilder::new(&pattern)
            .case_insensitive(!self.match_case)
            .size_limit(SIZE_LIMIT)
            .build()
            .map_err(|error| FindError::Pattern(describe(&error)))?;
        Ok(Some(Finder { pattern: compiled, regex: self.regex }))
    }
}

/// A regex error in one line ("unclosed group at 3"), not the crate's
/// multi-line drawing of the pattern.
fn describe(error: &regex::Error) -> String {
    match error {
        regex::Error::Syntax(text) => {
            let last = text.lines().rev().find(|l| l.trim_start().starts_with("error:")).unwrap_or(text);
            format!("Not a regular expression: {}", last.trim().trim_start_matches("error: "))
        }
        regex::Error::CompiledTooBig(_) => "The regular expression is too large.".into(),
        _ => format!("Not a regular expression: {error}"),
    }
}

impl Finder {
    /// Every match in `text`, as byte ranges, in order (empty matches are
    /// skipped: a match must hold something to be shown and replaced).
    pub fn matches(&self, text: &str) -> Vec<Range<usize>> {
        self.pattern.find_iter(text).map(|m| m.range()).filter(|r| !r.is_empty()).collect()
    }

    /// The replacement for the match at `range` of `text` (capture groups
    /// expanded for a regular expression, taken literally otherwise).
    pub fn replacement(&self, text: &str, range: Range<usize>, with: &str) -> String {
        if !self.regex {
            return with.to_string();
        }
        match self
            .pattern
            .captures_at(text, range.start)
            .filter(|c| c.get(0).map(|m| m.range()) == Some(range))
        {
            Some(captures) => {
                let mut out = String::new();
                captures.expand(with, &mut out);
                out
            }
            None => with.to_string(),
        }
    }

    /// `text` with every match replaced; the number of replacements.
    pub fn replace_all(&self, text: &str, with: &str) -> (String, usize) {
        let mut out = String::with_capacity(text.len());
        let mut last = 0;
        let mut count = 0;
        for range in self.matches(text) {
            out.push_str(&text[last..range.start]);
            out.push_str(&self.replacement(text, range.clone(), with));
            last = range.end;
            count += 1;
        }
        out.push_str(&text[last..]);
        (out, count)
    }
}

/// The 1-based line of byte `offset` in `text`.
pub fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())].iter().filter(|&&b| b == b'\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(text: &str) -> Query {
        Query { text: text.into(), ..Query::default() }
    }

    fn count(query: &Query, text: &str) -> usize {
        query.compile().expect("compiles").map_or(0, |f| f.matches(text).len())
    }

    #[test]
    fn case_and_whole_words_change_the_count() {
        let text = "Millrace, millrace and Millraces. MILLRACE";
        assert_eq!(count(&query("millrace"), text), 4);
        assert_eq!(count(&Query { match_case: true, ..query("Millrace") }, text), 2);
        assert_eq!(count(&Query { whole_word: true, ..query("millrace") }, text), 3);
        assert_eq!(count(&Query { whole_word: true, match_case: true, ..query("Millrace") }, text), 1);
    }

    #[test]
    fn plain_text_is_not_a_pattern() {
        assert_eq!(count(&query("$62 (est.)"), "a $62 (est.) wall, $62 (est)"), 1);
    }

    #[test]
    fn a_regex_replaces_with_its_groups() {
        let finder = Query { regex: true, ..query(r"(\w+) Street") }.compile().expect("ok").expect("finder");
        let (out, n) = finder.replace_all("Water Street and Ferry Street", "$1 St.");
        assert_eq!((out.as_str(), n), ("Water St. and Ferry St.", 2));
        // A plain query takes `$1` literally.
        let finder = query("Street").compile().expect("ok").expect("finder");
        assert_eq!(finder.replace_all("Water Street", "$1").0, "Water $1");
    }

    #[test]
    fn an_invalid_regex_says_why_without_panicking() {
        for bad in ["(unclosed", "[z-a]", "a{99999999}", "*"] {
            let error = Query { regex: true, ..query(bad) }.compile().expect_err("invalid");
            let text = error.to_string();
            assert!(text.starts_with("Not a regular expression") || text.contains("too large"), "{text}");
            assert!(!text.contains('\n'), "one line: {text}");
        }
    }

    #[test]
    fn lines_count_from_one() {
        assert_eq!(line_of("a\nb\nc", 0), 1);
        assert_eq!(line_of("a\nb\nc", 4), 3);
    }
}
