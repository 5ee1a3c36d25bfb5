//! Reading a desk's Vale setup: `.vale.ini` (`StylesPath`, `MinAlertLevel`,
//! `BasedOnStyles`, per-rule `Style.Rule = NO|YES|level`) and the YAML rule
//! files of the styles it names. Whatever cannot be read or run becomes a
//! [`Problem`] naming file and line; the rest still loads.
//!
//! The INI reader is written here rather than taken from a crate because
//! every key's line must survive into the findings.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::rule::{self, Level, Rule};
use super::{HouseStyle, Problem};
use crate::storage::desk::paths;

/// The names Vale looks for, in order.
pub const CONFIG_NAMES: [&str; 2] = [".vale.ini", "_vale.ini"];

/// One `key = value` of the INI file, with its line.
#[derive(Debug, Clone)]
struct Entry {
    key: String,
    value: String,
    line: usize,
}

/// The sections of an INI file: the global one (named "") first.
fn parse_ini(text: &str, path: &Path, problems: &mut Vec<Problem>) -> Vec<(String, Vec<Entry>)> {
    let mut sections: Vec<(String, Vec<Entry>)> = vec![(String::new(), Vec::new())];
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';') {
            continue;
        }
        if let Some(name) = trimmed.strip_prefix('[') {
            match name.strip_suffix(']') {
                Some(name) => sections.push((name.trim().to_string(), Vec::new())),
                None => problems.push(Problem::new(
                    path,
                    line,
                    format!("“{trimmed}” opens a section but has no closing “]”."),
                )),
            }
            continue;
        }
        match trimmed.split_once('=') {
            Some((key, value)) if !key.trim().is_empty() => {
                let value = value.trim().trim_matches('"').to_string();
                if let Some((_, entries)) = sections.last_mut() {
                    entries.push(Entry { key: key.trim().to_string(), value, line });
                }
            }
            _ => problems.push(Problem::new(path, line, format!("“{trimmed}” is not “key = value”."))),
        }
    }
    sections
}

/// True when a section's glob would take a Markdown file (an article's
/// body is Markdown): `*`, `*.md`, `*.{md,txt}`, `*.{md}`.
fn takes_markdown(glob: &str) -> bool {
    let glob = glob.trim();
    if glob == "*" || glob == "*.md" || glob == "**" {
        return true;
    }
    glob.strip_prefix("*.{")
        .and_then(|rest| rest.strip_suffix('}'))
        .is_some_and(|list| list.split(',').any(|ext| matches!(ext.trim(), "md" | "markdown")))
}

/// Where a desk's Vale configuration is, if it has one.
pub fn find(root: &Path) -> Option<PathBuf> {
    CONFIG_NAMES.iter().map(|name| root.join(name)).find(|path| paths::is_plain_file(path))
}

/// Loads the house style a `.vale.ini` describes.
pub fn load(config: &Path) -> HouseStyle {
    let mut style = HouseStyle::default();
    let text = match read_text(config) {
        Ok(text) => text,
        Err(message) => {
            style.problems.push(Problem::new(config, 0, message));
            return style;
        }
    };
    let sections = parse_ini(&text, config, &mut style.problems);
    let folder = config.parent().unwrap_or(Path::new("."));
    let mut styles_path: Option<PathBuf> = None;
    // Style → its line; rule → (level override, line).
    let mut based_on: Vec<(String, usize)> = Vec::new();
    let mut overrides: BTreeMap<String, (String, usize)> = BTreeMap::new();
    for (name, entries) in &sections {
        let global = name.is_empty();
        if !global && !takes_markdown(name) {
            continue;
        }
        for entry in entries {
            match entry.key.as_str() {
                "StylesPath" if global => styles_path = Some(folder.join(&entry.value)),
                "MinAlertLevel" if global => match Level::parse(&entry.value) {
                    Some(level) => style.min_level = level,
                    None => style.problems.push(Problem::new(
                        config,
                        entry.line,
                        format!("MinAlertLevel “{}” is not suggestion, warning or error.", entry.value),
                    )),
                },
                "BasedOnStyles" => {
                    for name in entry.value.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                        based_on.push((name.to_string(), entry.line));
                    }
                }
                key if key.contains('.') => {
                    overrides.insert(key.to_string(), (entry.value.clone(), entry.line));
                }
                "Vocab" | "Packages" | "IgnoredScopes" | "SkippedScopes" | "BlockIgnores"
                | "TokenIgnores" | "IgnoredClasses" | "WordTemplate" | "Transform" | "Lang"
                | "NLPEndpoint" | "CommentDelimiters" => {
                    style.problems.push(Problem::new(
                        config,
                        entry.line,
                        format!("“{}” is a Vale setting Copydesk does not use; it is ignored.", entry.key),
                    ));
                }
                other => style.problems.push(Problem::new(
                    config,
                    entry.line,
                    format!("“{other}” is not a Vale setting."),
                )),
            }
        }
    }
    let Some(styles) = styles_path else {
        if !based_on.is_empty() || !overrides.is_empty() {
            style.problems.push(Problem::new(
                config,
                1,
                "No StylesPath: Copydesk cannot find the styles named here.",
            ));
        }
        return style;
    };
    // Rules to load: every rule of each based-on style, and rules named
    // one by one, less those set to NO.
    let mut wanted: BTreeMap<String, (Option<Level>, usize)> = BTreeMap::new();
    for (name, line) in &based_on {
        if name == "Vale" {
            // Vale's built-in style: its repetition rule runs; its
            // spelling, terms and avoid rules need Vale's vocabularies.
            wanted.insert("Vale.Repetition".into(), (None, *line));
            style.skipped.push(("Vale.Spelling".into(), "spelling".into()));
            continue;
        }
        let folder = styles.join(name);
        if !paths::is_plain_dir(&folder) {
            style.problems.push(Problem::new(
                config,
                *line,
                format!("The style “{name}” is not a folder in {}.", styles.display()),
            ));
            continue;
        }
        for file in rule_files(&folder) {
            if let Some(rule) = file.file_stem().and_then(|s| s.to_str()) {
                wanted.insert(format!("{name}.{rule}"), (None, *line));
            }
        }
    }
    for (name, (value, line)) in &overrides {
        match value.trim() {
            "NO" | "no" | "false" => {
                wanted.remove(name);
            }
            "YES" | "yes" | "true" => {
                wanted.entry(name.clone()).or_insert((None, *line));
            }
            level => match Level::parse(level) {
                Some(level) => {
                    wanted.insert(name.clone(), (Some(level), *line));
                }
                None => style.problems.push(Problem::new(
                    config,
                    *line,
                    format!("“{name} = {level}”: expected YES, NO, suggestion, warning or error."),
                )),
            },
        }
    }
    for (name, (level, line)) in wanted {
        if name == "Vale.Repetition" {
            style.rules.push(rule::vale_repetition(level));
            continue;
        }
        let Some((style_name, rule_name)) = name.split_once('.') else { continue };
        let path = styles.join(style_name).join(format!("{rule_name}.yml"));
        if !paths::is_plain_file(&path) {
            style.problems.push(Problem::new(
                config,
                line,
                format!("No rule file {} for “{name}”.", path.display()),
            ));
            continue;
        }
        let text = match read_text(&path) {
            Ok(text) => text,
            Err(message) => {
                style.problems.push(Problem::new(&path, 0, message));
                continue;
            }
        };
        match rule::compile(&name, &text, &path) {
            Ok(rule::Loaded::Runs(mut rule)) => {
                if let Some(level) = level {
                    rule.level = level;
                }
                style.rules.push(*rule);
            }
            Ok(rule::Loaded::Skipped(kind)) => style.skipped.push((name, kind)),
            Err(problem) => style.problems.push(problem),
        }
    }
    style.rules.retain(|rule: &Rule| rule.level >= style.min_level);
    style
}

/// The `.yml` files of a style folder, by name.
fn rule_files(folder: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .into_iter()
        .flatten()
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "yml") && paths::is_plain_file(path))
        .collect();
    files.sort();
    files
}

fn read_text(path: &Path) -> Result<String, String> {
    let bytes = crate::storage::store::read_limited(path).map_err(|error| error.to_string())?;
    String::from_utf8(bytes).map_err(|_| format!("{} is not UTF-8 text.", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_for_markdown() {
        assert!(takes_markdown("*") && takes_markdown("*.md") && takes_markdown("*.{md,rst}"));
        assert!(!takes_markdown("*.rst") && !takes_markdown("*.{txt}"));
    }

    #[test]
    fn ini_lines_and_bad_lines() {
        let mut problems = Vec::new();
        let sections = parse_ini(
            "StylesPath = styles\n[*.md\nBasedOnStyles = House\n[*]\nnonsense\n",
            Path::new("x.ini"),
            &mut problems,
        );
        assert_eq!(sections[0].1[0].value, "styles");
        assert_eq!(problems.iter().map(|p| p.line).collect::<Vec<_>>(), vec![2, 5]);
    }
}
