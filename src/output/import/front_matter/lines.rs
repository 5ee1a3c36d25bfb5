//! Which line of the front matter each top-level key is written on, found
//! in one pass over the block whatever the syntax, so every finding about
//! a key names its line.

use std::collections::HashMap;

use xxhash_rust::xxh3::Xxh3DefaultBuilder;

use super::Kind;

/// The 0-based lines of the block each top-level key is written on, in
/// file order, found in one pass over the block (a key looked for line by
/// line made 100,000 keys take minutes). Each key's lines are a chain
/// through one list, so a key costs no allocation of its own.
pub(super) struct KeyLines<'a> {
    /// Per key, its first line not yet taken and its last line (indices
    /// into `lines`).
    keys: HashMap<&'a str, (usize, usize), Xxh3DefaultBuilder>,
    lines: Vec<usize>,
    /// The index of the next line of the same key.
    next: Vec<usize>,
}

impl<'a> KeyLines<'a> {
    const END: usize = usize::MAX;

    pub(super) fn of(block: &'a str, kind: Kind) -> KeyLines<'a> {
        let mut found = KeyLines {
            keys: HashMap::with_capacity_and_hasher(block.len() / 32, Xxh3DefaultBuilder),
            lines: Vec::new(),
            next: Vec::new(),
        };
        match kind {
            Kind::Json => json_keys(block, &mut |key, line| found.add(key, line)),
            Kind::Yaml => {
                for (n, line) in block.lines().enumerate() {
                    if let Some(key) = yaml_key(line) {
                        found.add(key, n);
                    }
                }
            }
            Kind::Toml => {
                let mut in_table = false;
                for (n, line) in block.lines().enumerate() {
                    let line = line.trim_start();
                    if let Some(header) = line.strip_prefix('[') {
                        // `[image]`, `[[related]]`, `[image.size]`: the
                        // table's top-level key; what follows belongs to it.
                        in_table = true;
                        let name = header.trim_start_matches('[').split(']').next().unwrap_or("");
                        found.add(unquote(name.split('.').next().unwrap_or("").trim()), n);
                    } else if !in_table
                        && !line.starts_with('#')
                        && let Some((key, _)) = line.split_once('=')
                    {
                        found.add(unquote(key.split('.').next().unwrap_or("").trim()), n);
                    }
                }
            }
        }
        found
    }

    fn add(&mut self, key: &'a str, line: usize) {
        let at = self.lines.len();
        self.lines.push(line);
        self.next.push(Self::END);
        match self.keys.get_mut(key) {
            Some((first, last)) => {
                if *first == Self::END {
                    *first = at;
                } else {
                    self.next[*last] = at;
                }
                *last = at;
            }
            None => {
                self.keys.insert(key, (at, at));
            }
        }
    }

    /// The next line of `key` not taken yet.
    pub(super) fn take(&mut self, key: &str) -> Option<usize> {
        let (first, _) = self.keys.get_mut(key)?;
        let at = *first;
        if at == Self::END {
            return None;
        }
        *first = self.next[at];
        Some(self.lines[at])
    }
}

/// The key of an unindented YAML `key: value` line.
fn yaml_key(line: &str) -> Option<&str> {
    let first = line.chars().next()?;
    if first.is_whitespace()
        || matches!(first, '#' | '-' | '[' | '{' | '&' | '*' | '!' | '?' | '|' | '>' | '%')
    {
        return None;
    }
    if first == '"' || first == '\'' {
        let end = line[1..].find(first)? + 1;
        return line[end + 1..].trim_start().starts_with(':').then(|| &line[1..end]);
    }
    // The first colon followed by a space or the end of the line.
    let bytes = line.as_bytes();
    let colon = (0..bytes.len())
        .find(|&i| bytes[i] == b':' && bytes.get(i + 1).is_none_or(|b| b.is_ascii_whitespace()))?;
    Some(line[..colon].trim_end())
}

fn unquote(key: &str) -> &str {
    key.strip_prefix('"').and_then(|k| k.strip_suffix('"')).unwrap_or(key)
}

/// The keys of a JSON object's first level with their lines: a small scan
/// of strings and brackets, so a key of the same name inside a nested
/// object is not taken for a top-level one.
fn json_keys<'a>(block: &'a str, add: &mut impl FnMut(&'a str, usize)) {
    let bytes = block.as_bytes();
    let (mut depth, mut line, mut at) = (0usize, 0usize, 0usize);
    let mut expect_key = false;
    while at < bytes.len() {
        match bytes[at] {
            b'\n' => line += 1,
            b'{' => {
                depth += 1;
                expect_key = depth == 1;
            }
            b'[' => depth += 1,
            b'}' | b']' => depth = depth.saturating_sub(1),
            b',' => expect_key = depth == 1,
            b'"' => {
                let start = at + 1;
                at = start;
                while at < bytes.len() && bytes[at] != b'"' {
                    if bytes[at] == b'\\' {
                        at += 1;
                    } else if bytes[at] == b'\n' {
                        line += 1;
                    }
                    at += 1;
                }
                if expect_key {
                    add(block.get(start..at.min(bytes.len())).unwrap_or(""), line);
                }
                expect_key = false;
            }
            _ => {}
        }
        at += 1;
    }
}
