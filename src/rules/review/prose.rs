//! The prose passes of the pipeline: typography in the article's
//! language, English grammar, and the desk's house style, each turning
//! what it finds into findings (and repairs) at the place in the article.

use std::ops::Range;
use std::sync::Arc;

use super::{PlacedFix, Rules, ShownTexts};
use crate::model::article::{Article, Block, Field};
use crate::model::language::Quotes;
use crate::rules::check::{Finding, Location, Severity};
use crate::rules::grammar::{self, Grammar, GrammarCache};
use crate::rules::house::{self, HouseCache, HouseStyle, Level, Scope, Segment};
use crate::rules::spell::Shown;
use crate::rules::typography::{self, TypographyCache};

/// Where a text of the article is: a field, or a body block's text part.
#[derive(Clone, Copy)]
enum Place {
    Field(Field),
    Body { block: usize, part: usize },
}

impl Place {
    fn at(self, offset: usize) -> Location {
        match self {
            Place::Field(field) => Location::Field { field },
            Place::Body { block, part } => Location::Body { block, part, offset },
        }
    }
}

/// The prose texts of an article in reading order: the headline and dek
/// (plain), then each body text (markup), with what part of a page each is.
/// Gathered once per check for the three prose passes.
pub(super) struct Texts<'a>(Vec<(Place, &'a str, bool, Scope)>);

impl<'a> Texts<'a> {
    pub(super) fn of(article: &'a Article) -> Texts<'a> {
        Texts(texts(article))
    }
}

fn texts(article: &Article) -> Vec<(Place, &str, bool, Scope)> {
    let mut out = vec![
        (Place::Field(Field::Headline), article.headline.as_str(), false, Scope::Title),
        (Place::Field(Field::Dek), article.dek.as_str(), false, Scope::Other),
    ];
    for (block, content) in article.body.iter().enumerate() {
        for (part, text) in content.texts().into_iter().enumerate() {
            let scope = match content {
                Block::Heading { level, .. } => Scope::Heading(*level),
                Block::Paragraph(_) => Scope::Paragraph,
                Block::Quote { .. } if part == 0 => Scope::Quote,
                Block::Quote { .. } => Scope::Other,
                Block::List { .. } => Scope::ListItem,
                Block::Image(_) if part == 0 => Scope::Alt,
                Block::Image(_) => Scope::Other,
            };
            out.push((Place::Body { block, part }, text, true, scope));
        }
    }
    out
}

pub(super) fn typography(
    texts: &Texts,
    rules: &Rules,
    tag: &str,
    cache: &mut TypographyCache,
    findings: &mut Vec<Finding>,
    fixes: &mut Vec<PlacedFix>,
) {
    if !rules.style.typography {
        return;
    }
    let setting = typography::Setting { quotes: Quotes::of(tag), dash: rules.style.dash };
    cache.start_pass(setting);
    for &(place, text, markup, _) in &texts.0 {
        for fix in cache.fixes(text, markup, setting).iter() {
            let location = place.at(fix.range.start);
            findings.push(Finding {
                severity: Severity::Note,
                code: fix.kind.code(),
                message: fix.message(text),
                location,
            });
            fixes.push(PlacedFix {
                code: fix.kind.code(),
                location,
                range: fix.range.clone(),
                replacement: fix.replacement.clone(),
            });
        }
    }
    cache.finish_pass();
}

/// Each text as the reader sees it (markup taken out), in the order of
/// `texts`, remembered for the texts with markup: grammar and house style
/// both read every text as shown, every check, so it is made once for both
/// (and shared with the pass running beside).
pub(super) fn shown_texts(Texts(texts): &Texts, memo: &mut ShownTexts) -> Vec<Arc<Shown<'static>>> {
    memo.start_pass(&());
    let shown = texts
        .iter()
        .map(|&(_, text, markup, _)| {
            if markup {
                memo.get_or_make(text, |text| Arc::new(Shown::of_markup(text).into_owned()))
            } else {
                Arc::new(Shown::plain(text).into_owned())
            }
        })
        .collect();
    memo.finish_pass();
    shown
}

/// Grammar's notes and fixes on the article's prose (`shown` as made by
/// `shown_texts`).
pub(super) fn grammar(
    texts: &Texts,
    shown: &[Arc<Shown<'static>>],
    grammar: &Grammar,
    tag: &str,
    cache: &mut GrammarCache,
) -> (Vec<Finding>, Vec<PlacedFix>) {
    let (mut findings, mut fixes) = (Vec::new(), Vec::new());
    if !grammar::checks_language(tag) {
        return (findings, fixes);
    }
    cache.start_pass(grammar, tag);
    // Headlines and headings are fragments in title case; captions and alt
    // text are not sentences either.
    let (prose, read): (Vec<_>, Vec<_>) = texts
        .0
        .iter()
        .zip(shown)
        .filter(|((place, _, _, scope), _)| {
            matches!(scope, Scope::Paragraph | Scope::Quote | Scope::ListItem)
                || matches!(place, Place::Field(Field::Dek))
        })
        .map(|(&(place, text, _, _), shown)| ((place, text), (text, shown.clone())))
        .unzip();
    let problems = cache.problems(grammar, &read, tag);
    for ((place, text), problems) in prose.iter().zip(problems) {
        for problem in problems.iter() {
            let location = place.at(problem.range.start);
            findings.push(Finding {
                severity: Severity::Note,
                code: grammar::FINDING_CODE,
                message: grammar::message(problem, text),
                location,
            });
            if let Some(first) = problem.suggestions.first() {
                fixes.push(PlacedFix {
                    code: grammar::FINDING_CODE,
                    location,
                    range: problem.range.clone(),
                    replacement: first.clone(),
                });
            }
        }
    }
    cache.finish_pass();
    (findings, fixes)
}

pub(super) fn house_style(
    Texts(texts): &Texts,
    style: &HouseStyle,
    shown: &[Arc<Shown<'static>>],
    cache: &mut HouseCache,
    findings: &mut Vec<Finding>,
) {
    let segments: Vec<Segment> = texts
        .iter()
        .zip(shown)
        .map(|((place, _, _, scope), shown)| Segment {
            scope: *scope,
            text: &shown.text,
            block: match place {
                Place::Body { block, .. } => Some(*block),
                Place::Field(_) => None,
            },
        })
        .collect();
    for alert in style.check(&segments, cache) {
        let location = match &alert.at {
            Some((segment, range)) => {
                let source: Range<usize> = shown[*segment].source_range(range.clone());
                texts[*segment].0.at(source.start)
            }
            None => Location::Field { field: Field::Body },
        };
        findings.push(Finding {
            severity: match alert.level {
                Level::Error => Severity::Error,
                Level::Warning => Severity::Warning,
                Level::Suggestion => Severity::Note,
            },
            code: alert.rule,
            message: alert.message,
            location,
        });
    }
}

/// The desk's house-style setup problems and skipped rule types, with a
/// severity: each names the file and line.
pub fn house_problems(style: &HouseStyle) -> Vec<(house::Problem, Severity)> {
    let mut out: Vec<(house::Problem, Severity)> =
        style.problems.iter().map(|problem| (problem.clone(), Severity::Warning)).collect();
    if !style.skipped.is_empty() {
        let names: Vec<String> =
            style.skipped.iter().map(|(rule, kind)| format!("{rule} ({kind})")).collect();
        out.push((
            house::Problem::new(
                &style.config,
                0,
                format!("House-style rules Copydesk cannot run are skipped: {}.", names.join(", ")),
            ),
            Severity::Note,
        ));
    }
    out
}

/// The house-style setup problems as findings on the article (the window
/// shows them in the checks panel; `copydesk check` reports them once per
/// desk instead).
pub(super) fn house_problem_findings(style: &HouseStyle, findings: &mut Vec<Finding>) {
    for (problem, severity) in house_problems(style) {
        findings.push(Finding {
            severity,
            code: if severity == Severity::Note { "house-style-skipped" } else { "house-style-setup" },
            message: problem.to_string(),
            location: Location::Field { field: Field::Body },
        });
    }
}
