//! A fast reader for the canonical form Copydesk writes.
//!
//! ron's parser reads every string in three passes (find the closing quote,
//! look for escapes, validate the UTF-8 it was handed as `&str` again) and
//! checks for comments between every token, which made loading an article
//! six times slower than parsing the same article as JSON. Almost every file
//! Copydesk opens is one it wrote itself, so this reader takes the shape
//! `store::to_string` produces, in one pass, and gives up (`None`) at the
//! first thing it does not expect: comments, escapes, extensions, fields out
//! of order, numbers in other notations. ron then reads the file as before
//! and reports any error with its line and column, so this reader never
//! decides what an error says, and never accepts what ron would refuse
//! (the property tests below hold it to that).

use std::sync::Arc;

use serde::de::{DeserializeOwned, IntoDeserializer};

use crate::model::article::{
    Anchor, Article, Block, Correction, Field, Image, Note, Publication, Related, Reply, id_problem,
    language_problem,
};

/// The article in `text` if it is in the canonical shape; `None` when ron
/// must read it.
pub(super) fn article(text: &str) -> Option<Article> {
    let mut reader = Reader { text, at: 0 };
    let article = reader.article()?;
    reader.blanks();
    (reader.at == text.len()).then_some(article)
}

struct Reader<'a> {
    text: &'a str,
    /// Byte offset of the next unread byte; always on a character boundary
    /// because it only ever stops next to ASCII bytes.
    at: usize,
}

impl<'a> Reader<'a> {
    fn bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    /// Skips ASCII white space (anything else, comments included, is left
    /// for ron).
    fn blanks(&mut self) {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.bytes().get(self.at) {
            self.at += 1;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.blanks();
        self.bytes().get(self.at).copied()
    }

    fn punct(&mut self, byte: u8) -> Option<()> {
        (self.peek()? == byte).then(|| self.at += 1)
    }

    fn ident(&mut self) -> Option<&'a str> {
        self.blanks();
        let start = self.at;
        let bytes = self.bytes();
        if !bytes.get(start).is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_') {
            return None;
        }
        let len = bytes[start..].iter().take_while(|b| b.is_ascii_alphanumeric() || **b == b'_').count();
        self.at = start + len;
        Some(&self.text[start..self.at])
    }

    fn word(&mut self, word: &str) -> Option<()> {
        (self.ident()? == word).then_some(())
    }

    /// `name:` at the start of a struct field.
    fn field(&mut self, name: &str) -> Option<()> {
        self.word(name)?;
        self.punct(b':')
    }

    /// `name: value,` for every field but a struct's last.
    fn field_value<T>(&mut self, name: &str, read: impl FnOnce(&mut Self) -> Option<T>) -> Option<T> {
        self.field(name)?;
        let value = read(self)?;
        self.punct(b',')?;
        Some(value)
    }

    /// `name: value` for a struct's last field, an optional trailing comma
    /// and the closing parenthesis.
    fn last_field_value<T>(&mut self, name: &str, read: impl FnOnce(&mut Self) -> Option<T>) -> Option<T> {
        self.field(name)?;
        let value = read(self)?;
        if self.peek()? == b',' {
            self.at += 1;
        }
        self.punct(b')')?;
        Some(value)
    }

    /// `Name(` … the fields are read by the caller … `)`.
    fn open_struct(&mut self, name: &str) -> Option<()> {
        self.word(name)?;
        self.punct(b'(')
    }

    /// A string with no escapes: `"…"`, or the raw `r#"…"#` ron writes for
    /// text containing quotes or backslashes.
    fn string(&mut self) -> Option<String> {
        let bytes = self.bytes();
        match self.peek()? {
            b'"' => {
                let start = self.at + 1;
                let len = memchr::memchr2(b'"', b'\\', &bytes[start..])?;
                // An escape: ron knows what it means.
                if bytes[start + len] != b'"' {
                    return None;
                }
                self.at = start + len + 1;
                Some(self.text[start..start + len].to_owned())
            }
            b'r' => {
                let hashes = bytes[self.at + 1..].iter().take_while(|b| **b == b'#').count();
                let open = self.at + 1 + hashes;
                if bytes.get(open) != Some(&b'"') {
                    return None;
                }
                let start = open + 1;
                let mut from = start;
                // The first quote followed by as many hashes ends it.
                loop {
                    let quote = from + memchr::memchr(b'"', &bytes[from..])?;
                    let end = quote + 1 + hashes;
                    if bytes.get(quote + 1..end).is_some_and(|h| h.iter().all(|b| *b == b'#')) {
                        self.at = end;
                        return Some(self.text[start..quote].to_owned());
                    }
                    from = quote + 1;
                }
            }
            _ => None,
        }
    }

    /// A plain decimal number without sign, separators or leading zeros.
    fn number<T: TryFrom<u64>>(&mut self) -> Option<T> {
        self.blanks();
        let digits = self.bytes()[self.at..].iter().take_while(|b| b.is_ascii_digit()).count();
        let text = &self.text[self.at..self.at + digits];
        if digits == 0 || digits > 19 || (digits > 1 && text.starts_with('0')) {
            return None;
        }
        // Whatever follows a number must not continue it (`1_000`, `1.5`,
        // `0x1`, `1u8`): ron reads those.
        if self.bytes().get(self.at + digits).is_some_and(|b| b.is_ascii_alphanumeric() || b"_.".contains(b))
        {
            return None;
        }
        self.at += digits;
        T::try_from(text.parse::<u64>().ok()?).ok()
    }

    fn boolean(&mut self) -> Option<bool> {
        match self.ident()? {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        }
    }

    fn option<T>(&mut self, read: impl FnOnce(&mut Self) -> Option<T>) -> Option<Option<T>> {
        match self.ident()? {
            "None" => Some(None),
            "Some" => {
                self.punct(b'(')?;
                let value = read(self)?;
                self.punct(b')')?;
                Some(Some(value))
            }
            _ => None,
        }
    }

    /// `[a, b, c]`, with an optional trailing comma.
    fn list<T>(&mut self, mut read: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        self.punct(b'[')?;
        let mut items = Vec::new();
        loop {
            if self.peek()? == b']' {
                self.at += 1;
                return Some(items);
            }
            items.push(read(self)?);
            match self.peek()? {
                b',' => self.at += 1,
                b']' => {}
                _ => return None,
            }
        }
    }

    /// `name: value` followed by a comma, or by the struct's closing
    /// parenthesis (left for the caller), as ron allows for any field.
    fn member<T>(&mut self, name: &str, read: impl FnOnce(&mut Self) -> Option<T>) -> Option<T> {
        self.field(name)?;
        let value = read(self)?;
        match self.peek()? {
            b',' => self.at += 1,
            b')' => {}
            _ => return None,
        }
        Some(value)
    }

    /// A member older formats lack (ron reads its absence as the default
    /// too); present, it must be in its place.
    fn optional_member<T: Default>(
        &mut self,
        name: &str,
        read: impl FnOnce(&mut Self) -> Option<T>,
    ) -> Option<T> {
        if self.next_is(name) { self.member(name, read) } else { Some(T::default()) }
    }

    fn article(&mut self) -> Option<Article> {
        self.open_struct("Article")?;
        // Every field named, in file order: a field added to `Article`
        // does not compile here until it is read.
        let article = Article {
            format: self.member("format", Self::number)?,
            id: self.optional_member("id", |r| r.option(|r| r.checked(id_problem)))?,
            slug: self.member("slug", Self::string)?,
            headline: self.member("headline", Self::string)?,
            dek: self.member("dek", Self::string)?,
            category: self.member("category", Self::string)?,
            tags: self.member("tags", |r| r.list(Self::string))?,
            bylines: self.member("bylines", |r| r.list(Self::string))?,
            status: self.member("status", Self::unit_variant)?,
            published_at: self.member("published_at", |r| r.option(Self::timestamp))?,
            updated_at: self.member("updated_at", |r| r.option(Self::timestamp))?,
            // Format 3's fields, and format 2's image, are absent from
            // older files, which ron reads as none too.
            embargo_until: self.optional_member("embargo_until", |r| r.option(Self::timestamp))?,
            language: self.optional_member("language", |r| r.option(|r| r.checked(language_problem)))?,
            target_words: self.optional_member("target_words", |r| r.option(Self::number))?,
            seo_title: self.optional_member("seo_title", |r| r.option(Self::string))?,
            seo_description: self.optional_member("seo_description", |r| r.option(Self::string))?,
            social_title: self.optional_member("social_title", |r| r.option(Self::string))?,
            social_description: self.optional_member("social_description", |r| r.option(Self::string))?,
            image: self.optional_member("image", |r| r.option(Self::image))?,
            share: self.member("share", |r| r.list(Self::unit_variant))?,
            body: self.member("body", |r| r.list(Self::block))?,
            related: self.member("related", |r| r.list(Self::related))?,
            corrections: self.optional_member("corrections", |r| r.list(Self::correction))?,
            notes: self.optional_member("notes", |r| r.list(Self::note))?.into_iter().map(Arc::new).collect(),
            published_to: self.optional_member("published_to", |r| r.list(Self::publication))?,
        };
        self.punct(b')')?;
        Some(article)
    }

    /// A string that passes `problem`; a bad one is left to ron, whose
    /// error names it.
    fn checked(&mut self, problem: fn(&str) -> Option<String>) -> Option<String> {
        self.string().filter(|text| problem(text).is_none())
    }

    fn correction(&mut self) -> Option<Correction> {
        self.open_struct("Correction")?;
        Some(Correction {
            at: self.field_value("at", Self::timestamp)?,
            kind: self.field_value("kind", Self::unit_variant)?,
            text: self.last_field_value("text", Self::string)?,
        })
    }

    fn note(&mut self) -> Option<Note> {
        self.open_struct("Note")?;
        Some(Note {
            id: self.field_value("id", Self::string)?,
            kind: self.field_value("kind", Self::unit_variant)?,
            on: self
                .field_value("on", |r| r.option(|r| r.string().and_then(|name| Field::from_name(&name))))?,
            anchor: self.field_value("anchor", |r| r.option(Self::anchor))?,
            author: self.field_value("author", Self::string)?,
            at: self.field_value("at", Self::timestamp)?,
            text: self.field_value("text", Self::string)?,
            replies: self.field_value("replies", |r| r.list(Self::reply))?,
            resolved: self.last_field_value("resolved", Self::boolean)?,
        })
    }

    fn anchor(&mut self) -> Option<Anchor> {
        self.open_struct("Anchor")?;
        Some(Anchor {
            mark: self.field_value("mark", Self::string)?,
            before: self.last_field_value("before", Self::string)?,
        })
    }

    fn reply(&mut self) -> Option<Reply> {
        self.open_struct("Reply")?;
        Some(Reply {
            author: self.field_value("author", Self::string)?,
            at: self.field_value("at", Self::timestamp)?,
            text: self.last_field_value("text", Self::string)?,
        })
    }

    fn publication(&mut self) -> Option<Publication> {
        self.open_struct("Publication")?;
        Some(Publication {
            target: self.field_value("target", Self::string)?,
            remote_id: self.field_value("remote_id", Self::string)?,
            url: self.field_value("url", Self::string)?,
            remote_modified: self.last_field_value("remote_modified", Self::timestamp)?,
        })
    }

    /// A unit variant such as `Published` or `LinkedIn`, by the enum's own
    /// serde names, so a variant added to the model is read here too.
    fn unit_variant<T: DeserializeOwned>(&mut self) -> Option<T> {
        let name = self.ident()?;
        T::deserialize(IntoDeserializer::<serde::de::value::Error>::into_deserializer(name)).ok()
    }

    /// A bad timestamp is left to ron, whose error names it.
    fn timestamp(&mut self) -> Option<jiff::Timestamp> {
        self.string()?.parse().ok()
    }

    fn block(&mut self) -> Option<Block> {
        let variant = self.ident()?;
        self.punct(b'(')?;
        Some(match variant {
            "Paragraph" => {
                let text = self.string()?;
                self.punct(b')')?;
                Block::Paragraph(text)
            }
            "Heading" => Block::Heading {
                level: self.field_value("level", Self::number)?,
                text: self.last_field_value("text", Self::string)?,
            },
            "Quote" => Block::Quote {
                text: self.field_value("text", Self::string)?,
                attribution: self.last_field_value("attribution", |r| r.option(Self::string))?,
            },
            "List" => Block::List {
                ordered: self.field_value("ordered", Self::boolean)?,
                items: self.last_field_value("items", |r| r.list(Self::string))?,
            },
            "Image" => {
                let image = self.image()?;
                self.punct(b')')?;
                Block::Image(image)
            }
            _ => return None,
        })
    }

    fn image(&mut self) -> Option<Image> {
        self.open_struct("Image")?;
        Some(Image {
            alt: self.field_value("alt", Self::string)?,
            caption: self.field_value("caption", Self::string)?,
            credit: self.field_value("credit", Self::string)?,
            src: self.field_value("src", Self::string)?,
            width: self.field_value("width", |r| r.option(Self::number))?,
            height: self.last_field_value("height", |r| r.option(Self::number))?,
        })
    }

    /// True when the next identifier is `name`, without reading it.
    fn next_is(&mut self, name: &str) -> bool {
        let at = self.at;
        let found = self.ident() == Some(name);
        self.at = at;
        found
    }

    fn related(&mut self) -> Option<Related> {
        self.open_struct("Related")?;
        Some(Related {
            slug: self.field_value("slug", Self::string)?,
            category: self.field_value("category", Self::string)?,
            title: self.field_value("title", Self::string)?,
            teaser: self.last_field_value("teaser", Self::string)?,
        })
    }
}

#[cfg(test)]
mod tests;
