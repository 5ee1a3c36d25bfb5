//! Typography: straight quotes to the language's curly ones, apostrophes,
//! `--` to the desk's dash, `...` to an ellipsis, double spaces, and the
//! no-break spaces French guillemets want. Each is a fix (a byte range of
//! the text and its replacement); the checks report them and the window
//! applies one, or all. Markup (link addresses, `*`, escapes, CriticMarkup
//! delimiters such as `{++` and `~>`) and web addresses are never touched.

use std::ops::Range;

use crate::model::language::{APOSTROPHE, GUILLEMET_SPACE, Quotes};
use crate::model::markup::inline;
use crate::rules::style::Dash;

mod cache;
pub use cache::TypographyCache;

/// What a fix repairs; each kind is its own finding code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Quote,
    Apostrophe,
    Dash,
    Ellipsis,
    Spaces,
    GuillemetSpace,
}

impl Kind {
    pub const ALL: [Kind; 6] =
        [Kind::Quote, Kind::Apostrophe, Kind::Dash, Kind::Ellipsis, Kind::Spaces, Kind::GuillemetSpace];

    pub fn code(self) -> &'static str {
        match self {
            Kind::Quote => "typography-quotes",
            Kind::Apostrophe => "typography-apostrophe",
            Kind::Dash => "typography-dash",
            Kind::Ellipsis => "typography-ellipsis",
            Kind::Spaces => "typography-spaces",
            Kind::GuillemetSpace => "typography-guillemet-space",
        }
    }

    /// The kind a finding code names, if it is a typography one.
    pub fn of_code(code: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|kind| kind.code() == code)
    }
}

/// One repair: replace `range` of the checked text with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub range: Range<usize>,
    pub replacement: String,
    pub kind: Kind,
}

impl Fix {
    /// What the checks panel says about it.
    pub fn message(&self, original: &str) -> String {
        let found = original.get(self.range.clone()).unwrap_or_default().trim();
        let shown = |s: &str| s.replace(GUILLEMET_SPACE, "⍽");
        match self.kind {
            Kind::Quote => format!("Straight quote: use “{}” here.", self.replacement.trim()),
            Kind::Apostrophe => format!("Straight apostrophe: use “{}”.", self.replacement.trim()),
            Kind::Dash => format!("“{found}” is a typed dash: use “{}”.", self.replacement.trim()),
            Kind::Ellipsis => "Three dots: use the ellipsis “…”.".to_string(),
            Kind::Spaces => "Two or more spaces in a row: use one.".to_string(),
            Kind::GuillemetSpace => {
                format!("Guillemets take a no-break space inside: “{}”.", shown(&self.replacement))
            }
        }
    }
}

/// How text is set: the language's marks and the desk's dash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Setting {
    pub quotes: Quotes,
    pub dash: Dash,
}

/// The fixes a block text (inline markup source) needs, in text order,
/// never overlapping.
pub fn fixes(text: &str, setting: Setting) -> Vec<Fix> {
    let guarded = guarded(text, true);
    scan(text, &guarded, setting)
}

/// The fixes a text without markup (headline, dek) needs.
pub fn fixes_plain(text: &str, setting: Setting) -> Vec<Fix> {
    let guarded = guarded(text, false);
    scan(text, &guarded, setting)
}

/// `text` with `fixes` (sorted, not overlapping) applied.
pub fn apply(text: &str, fixes: &[Fix]) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut at = 0;
    for fix in fixes {
        if fix.range.start < at || fix.range.end > text.len() {
            continue;
        }
        out.push_str(&text[at..fix.range.start]);
        out.push_str(&fix.replacement);
        at = fix.range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Every fix applied until none is left (a repair can reveal another, as
/// spaces left beside a dash), so fixing twice equals fixing once.
pub fn fix_all(text: &str, setting: Setting, markup: bool) -> String {
    let mut text = text.to_string();
    for _ in 0..4 {
        let found = if markup { fixes(&text, setting) } else { fixes_plain(&text, setting) };
        if found.is_empty() {
            break;
        }
        text = apply(&text, &found);
    }
    text
}

/// The body text (the editor's markup) with every typography fix of
/// every block applied, until none is left. Block markers (`## `, `> `,
/// `- `) are outside the block texts and so never touched.
pub fn fix_body(body: &str, setting: Setting) -> String {
    let mut body = body.to_string();
    for _ in 0..4 {
        let parsed = crate::model::markup::parse(&body);
        let mut edits: Vec<(Range<usize>, String)> = Vec::new();
        for (block, source) in parsed.blocks.iter().zip(&parsed.sources) {
            for (part, text) in block.texts().into_iter().enumerate() {
                for fix in fixes(text, setting) {
                    let start = source.body_offset(part, fix.range.start);
                    let end = source.body_offset(part, fix.range.end);
                    // Only where the body holds exactly what was checked.
                    if body.get(start..end) == text.get(fix.range.clone()) {
                        edits.push((start..end, fix.replacement));
                    }
                }
            }
        }
        if edits.is_empty() {
            break;
        }
        edits.sort_by_key(|(range, _)| range.start);
        let fixes: Vec<Fix> = edits
            .into_iter()
            .map(|(range, replacement)| Fix { range, replacement, kind: Kind::Quote })
            .collect();
        body = apply(&body, &fixes);
    }
    body
}

/// The CriticMarkup delimiters, which are markup wherever they appear.
pub const CRITIC_DELIMITERS: [&str; 11] =
    ["{++", "++}", "{--", "--}", "{~~", "~>", "~~}", "{==", "==}", "{>>", "<<}"];

/// Byte flags: true where the text must not change (markup, escapes,
/// entities, CriticMarkup delimiters, web and mail addresses, HTML comment
/// delimiters).
fn guarded(text: &str, markup: bool) -> Vec<bool> {
    let mut guard = vec![false; text.len()];
    let mut protect = |range: Range<usize>| {
        for flag in guard.get_mut(range).into_iter().flatten() {
            *flag = true;
        }
    };
    if markup && !inline::is_plain(text) {
        // Everything outside the visible runs is markup; inside a run,
        // whatever is not the shown text literally (escapes, entities).
        let analysed = inline::analyze(text);
        let mut at = 0;
        for run in &analysed.runs {
            protect(at..run.range.start.max(at));
            let source = text.get(run.range.clone()).unwrap_or_default();
            if source != run.text {
                protect_escapes(source, run.range.start, &mut protect);
            }
            if run.style.link.as_deref() == Some(run.text.as_str()) {
                protect(run.range.clone());
            }
            at = run.range.end.max(at);
        }
        protect(at..text.len());
        for link in &analysed.links {
            // The link text is prose; its address is not.
            if let Some(close) = text.get(link.range.clone()).and_then(|s| s.rfind("](")) {
                protect(link.range.start + close..link.range.end);
            }
        }
    }
    for delimiter in CRITIC_DELIMITERS.iter().chain(&["<!--", "-->"]) {
        for (at, _) in text.match_indices(delimiter) {
            protect(at..at + delimiter.len());
        }
    }
    for (at, c) in text.char_indices() {
        if c == '\\' {
            let next = text[at + 1..].chars().next().map_or(0, char::len_utf8);
            protect(at..at + 1 + next);
        }
    }
    let mut word_start = None;
    for (at, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        match (c.is_whitespace(), word_start) {
            (false, None) => word_start = Some(at),
            (true, Some(start)) => {
                // Only the address itself: prose glued to it (the link
                // text before `](`, an opening quote) is still prose.
                if let Some(from) = address_start(&text[start..at]) {
                    protect(start + from..at);
                }
                word_start = None;
            }
            _ => {}
        }
    }
    guard
}

fn protect_escapes(source: &str, base: usize, protect: &mut impl FnMut(Range<usize>)) {
    let bytes = source.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'&'
            && let Some(end) = source[i..].find(';').filter(|&end| end <= 12)
        {
            protect(base + i..base + i + end + 1);
            i += end + 1;
            continue;
        }
        i += 1;
    }
}

/// Where the first web or mail address in a word (or something shaped
/// like one) starts, if the word holds one; from there on it is kept as
/// typed.
fn address_start(word: &str) -> Option<usize> {
    let lower = word.to_ascii_lowercase();
    let starts_word = |at: usize| lower[..at].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
    let web = lower.find("://").map(|at| {
        at - lower[..at].bytes().rev().take_while(|b| b.is_ascii_alphanumeric() || b"+.-".contains(b)).count()
    });
    let prefixed = ["www.", "mailto:"]
        .into_iter()
        .filter_map(|prefix| lower.match_indices(prefix).map(|(at, _)| at).find(|&at| starts_word(at)));
    let mail = lower.find('@').filter(|&at| lower[at..].contains('.')).map(|at| {
        at - lower[..at]
            .bytes()
            .rev()
            .take_while(|b| b.is_ascii_alphanumeric() || b"._%+-".contains(b))
            .count()
    });
    web.into_iter().chain(prefixed).chain(mail).min()
}

fn scan(text: &str, guard: &[bool], setting: Setting) -> Vec<Fix> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let free = |i: usize| chars.get(i).is_some_and(|&(at, _)| !guard.get(at).copied().unwrap_or(true));
    let char_at = |i: usize| chars.get(i).map(|&(_, c)| c);
    let offset = |i: usize| chars.get(i).map_or(text.len(), |&(at, _)| at);
    let quotes = setting.quotes;
    let mut out: Vec<Fix> = Vec::new();
    let push = |out: &mut Vec<Fix>, range: Range<usize>, replacement: String, kind: Kind| {
        if out.last().is_none_or(|last| last.range.end <= range.start)
            && text.get(range.clone()) != Some(&replacement)
        {
            out.push(Fix { range, replacement, kind });
        }
    };
    // French spacing: a space typed after an opening guillemet, or before a
    // closing one, goes into the fix (unless an earlier fix took it).
    let open_end =
        |i: usize, after: Option<char>| if after == Some(' ') && free(i + 1) { i + 2 } else { i + 1 };
    let close_start = |out: &[Fix], i: usize, before: Option<char>| {
        if before == Some(' ') && free(i - 1) && out.last().is_none_or(|f| f.range.end <= offset(i - 1)) {
            i - 1
        } else {
            i
        }
    };
    // Whether the last double quote met opened a quotation.
    let mut quote_open = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].1;
        if !free(i) {
            i += 1;
            continue;
        }
        let before = i.checked_sub(1).and_then(char_at);
        let after = char_at(i + 1);
        match c {
            '"' => {
                // A quote with space (or the end) on both sides, as French
                // typists set them, closes the one left open.
                let closes_after = after.is_none_or(|a| a.is_whitespace() || ".,;:!?)]}".contains(a));
                let opening = if before.is_some() && opens(before) && closes_after {
                    !quote_open
                } else {
                    opens(before)
                };
                quote_open = opening;
                if quotes.spaced {
                    // French: « + no-break space, taking a typed space along.
                    if opening {
                        let end = open_end(i, after);
                        push(
                            &mut out,
                            offset(i)..offset(end),
                            format!("{}{GUILLEMET_SPACE}", quotes.open),
                            Kind::Quote,
                        );
                    } else {
                        let start = close_start(&out, i, before);
                        push(
                            &mut out,
                            offset(start)..offset(i + 1),
                            format!("{GUILLEMET_SPACE}{}", quotes.close),
                            Kind::Quote,
                        );
                    }
                } else {
                    let mark = if opening { quotes.open } else { quotes.close };
                    push(&mut out, offset(i)..offset(i + 1), mark.to_string(), Kind::Quote);
                }
            }
            '\'' => {
                let letter_before = before.is_some_and(char::is_alphanumeric);
                let (mark, kind) =
                    if letter_before || after.is_some_and(|a| a.is_ascii_digit()) && opens(before) {
                        // "don't", "the Smiths'", "'90s".
                        (APOSTROPHE, Kind::Apostrophe)
                    } else if opens(before) {
                        (quotes.inner_open, Kind::Quote)
                    } else {
                        (quotes.inner_close, Kind::Quote)
                    };
                push(&mut out, offset(i)..offset(i + 1), mark.to_string(), kind);
            }
            '-' if after == Some('-') && free(i + 1) => {
                let mut end = i + 2;
                if char_at(end) == Some('-') && free(end) {
                    end += 1;
                }
                if char_at(end) == Some('-') {
                    // A rule of hyphens is not a dash.
                    while char_at(end) == Some('-') {
                        end += 1;
                    }
                    i = end;
                    continue;
                }
                let mark = setting.dash.mark();
                let (mut start, mut stop) = (i, end);
                let replacement = if setting.dash.spaced() {
                    let lead = if before.is_some_and(|b| !b.is_whitespace()) { " " } else { "" };
                    let trail = if char_at(end).is_some_and(|a| !a.is_whitespace()) { " " } else { "" };
                    format!("{lead}{mark}{trail}")
                } else {
                    while start > 0 && char_at(start - 1) == Some(' ') && free(start - 1) {
                        start -= 1;
                    }
                    while char_at(stop) == Some(' ') && free(stop) {
                        stop += 1;
                    }
                    // At the start or end of the text, a closed dash keeps
                    // nothing to close up against.
                    if start == 0 || stop == chars.len() {
                        (start, stop) = (i, end);
                    }
                    mark.to_string()
                };
                if out.last().is_some_and(|last| last.range.end > offset(start)) {
                    start = i;
                }
                push(&mut out, offset(start)..offset(stop), replacement, Kind::Dash);
                i = stop;
                continue;
            }
            '.' if after == Some('.') && char_at(i + 2) == Some('.') && free(i + 1) && free(i + 2) => {
                push(&mut out, offset(i)..offset(i + 3), "…".to_string(), Kind::Ellipsis);
                i += 3;
                continue;
            }
            ' ' if after == Some(' ') && free(i + 1) => {
                let mut end = i + 1;
                while char_at(end) == Some(' ') && free(end) {
                    end += 1;
                }
                // Spaces before a typed dash are the dash's business.
                if !(char_at(end) == Some('-') && char_at(end + 1) == Some('-') && !setting.dash.spaced()) {
                    push(&mut out, offset(i)..offset(end), " ".to_string(), Kind::Spaces);
                }
                i = end;
                continue;
            }
            _ if quotes.spaced && c == quotes.open && after != Some(GUILLEMET_SPACE) => {
                let end = open_end(i, after);
                push(&mut out, offset(i)..offset(end), format!("{c}{GUILLEMET_SPACE}"), Kind::GuillemetSpace);
            }
            _ if quotes.spaced
                && c == quotes.close
                && c != quotes.open
                && before != Some(GUILLEMET_SPACE) =>
            {
                let start = close_start(&out, i, before);
                push(
                    &mut out,
                    offset(start)..offset(i + 1),
                    format!("{GUILLEMET_SPACE}{c}"),
                    Kind::GuillemetSpace,
                );
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// True when a quote after `before` opens a quotation: at the start, after
/// a space, an opening bracket, a dash or another opening mark.
fn opens(before: Option<char>) -> bool {
    match before {
        None => true,
        Some(b) => {
            b.is_whitespace()
                || matches!(b, '(' | '[' | '{' | '—' | '–' | '-' | '/' | '“' | '‘' | '„' | '‚' | '«' | '‹')
        }
    }
}

#[cfg(test)]
mod tests;
