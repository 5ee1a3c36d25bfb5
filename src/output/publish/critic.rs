//! The body as published while suggestions are open: a CriticMarkup mark
//! is sent as if rejected (an addition left out, a deletion kept, a
//! substitution's old text kept) and comments are left out, so nothing
//! the desk has not accepted reaches readers. A stand-in until the copy
//! desk's own "as published" text (issue 29) is on main.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::article::{Article, Block};

/// `{++…++}`, `{--…--}`, `{~~…~>…~~}`, `{==…==}`, `{>>…<<}`, shortest
/// first, so two marks on a line stay two.
static MARK: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?s)\{\+\+(.*?)\+\+\}|\{--(.*?)--\}|\{~~(.*?)~>(.*?)~~\}|\{==(.*?)==\}|\{>>(.*?)<<\}").ok()
});

/// `text` with every open mark resolved as rejected.
pub fn rejected(text: &str) -> String {
    let Some(mark) = MARK.as_ref() else { return text.to_string() };
    if !text.contains('{') {
        return text.to_string();
    }
    mark.replace_all(text, |found: &regex::Captures<'_>| {
        // Kept: a deletion's text (2), a substitution's old text (3), a
        // highlight's text (5); additions (1) and comments (6) go.
        [2, 3, 5].iter().find_map(|&group| found.get(group)).map_or(String::new(), |m| m.as_str().to_string())
    })
    .into_owned()
}

/// The article with every mark in its headline, dek and body rejected.
pub fn as_published(article: &Article) -> Article {
    let mut out = article.clone();
    out.headline = rejected(&out.headline);
    out.dek = rejected(&out.dek);
    for block in &mut out.body {
        match block {
            Block::Heading { text, .. } | Block::Paragraph(text) => *text = rejected(text),
            Block::Quote { text, attribution } => {
                *text = rejected(text);
                if let Some(name) = attribution {
                    *name = rejected(name);
                }
            }
            Block::List { items, .. } => items.iter_mut().for_each(|item| *item = rejected(item)),
            Block::Image(image) => {
                image.alt = rejected(&image.alt);
                image.caption = rejected(&image.caption);
                image.credit = rejected(&image.credit);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_suggestions_are_sent_as_if_rejected() {
        assert_eq!(rejected("The {++new ++}wall"), "The wall");
        assert_eq!(rejected("The {--old --}wall"), "The old wall");
        assert_eq!(rejected("A {~~tall~>short~~} wall"), "A tall wall");
        assert_eq!(rejected("{==Seven==}{>>check the vote<<} voted"), "Seven voted");
        assert_eq!(rejected("no marks {here}"), "no marks {here}");
        assert_eq!(rejected("{++a++} and {++b++}"), " and ");
    }
}
