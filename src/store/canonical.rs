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

use crate::article::{Article, Block, Related, ShareTarget, Status};

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

    /// The comma between fields or items.
    fn comma(&mut self) -> Option<()> {
        self.punct(b',')
    }

    /// An optional trailing comma, then `close`.
    fn close(&mut self, close: u8) -> Option<()> {
        if self.peek()? == b',' {
            self.at += 1;
        }
        self.punct(close)
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

    fn article(&mut self) -> Option<Article> {
        self.open_struct("Article")?;
        self.field("format")?;
        let format = self.number()?;
        self.comma()?;
        self.field("slug")?;
        let slug = self.string()?;
        self.comma()?;
        self.field("headline")?;
        let headline = self.string()?;
        self.comma()?;
        self.field("dek")?;
        let dek = self.string()?;
        self.comma()?;
        self.field("category")?;
        let category = self.string()?;
        self.comma()?;
        self.field("tags")?;
        let tags = self.list(Self::string)?;
        self.comma()?;
        self.field("bylines")?;
        let bylines = self.list(Self::string)?;
        self.comma()?;
        self.field("status")?;
        let status = self.status()?;
        self.comma()?;
        self.field("published_at")?;
        let published_at = self.option(Self::timestamp)?;
        self.comma()?;
        self.field("updated_at")?;
        let updated_at = self.option(Self::timestamp)?;
        self.comma()?;
        self.field("share")?;
        let share = self.list(Self::share_target)?;
        self.comma()?;
        self.field("body")?;
        let body = self.list(Self::block)?;
        self.comma()?;
        self.field("related")?;
        let related = self.list(Self::related)?;
        self.close(b')')?;
        Some(Article {
            format,
            slug,
            headline,
            dek,
            category,
            tags,
            bylines,
            status,
            published_at,
            updated_at,
            share,
            body,
            related,
        })
    }

    fn status(&mut self) -> Option<Status> {
        Some(match self.ident()? {
            "Draft" => Status::Draft,
            "Edit" => Status::Edit,
            "Ready" => Status::Ready,
            "Published" => Status::Published,
            _ => return None,
        })
    }

    fn share_target(&mut self) -> Option<ShareTarget> {
        Some(match self.ident()? {
            "Facebook" => ShareTarget::Facebook,
            "X" => ShareTarget::X,
            "LinkedIn" => ShareTarget::LinkedIn,
            "Bluesky" => ShareTarget::Bluesky,
            "WhatsApp" => ShareTarget::WhatsApp,
            _ => return None,
        })
    }

    /// A bad timestamp is left to ron, whose error names it.
    fn timestamp(&mut self) -> Option<jiff::Timestamp> {
        self.string()?.parse().ok()
    }

    fn block(&mut self) -> Option<Block> {
        let block = match self.ident()? {
            "Paragraph" => {
                self.punct(b'(')?;
                let text = self.string()?;
                self.punct(b')')?;
                return Some(Block::Paragraph(text));
            }
            "Heading" => {
                self.punct(b'(')?;
                self.field("level")?;
                let level = self.number()?;
                self.comma()?;
                self.field("text")?;
                Block::Heading { level, text: self.string()? }
            }
            "Quote" => {
                self.punct(b'(')?;
                self.field("text")?;
                let text = self.string()?;
                self.comma()?;
                self.field("attribution")?;
                Block::Quote { text, attribution: self.option(Self::string)? }
            }
            "List" => {
                self.punct(b'(')?;
                self.field("ordered")?;
                let ordered = self.boolean()?;
                self.comma()?;
                self.field("items")?;
                Block::List { ordered, items: self.list(Self::string)? }
            }
            _ => return None,
        };
        self.close(b')')?;
        Some(block)
    }

    fn related(&mut self) -> Option<Related> {
        self.open_struct("Related")?;
        self.field("slug")?;
        let slug = self.string()?;
        self.comma()?;
        self.field("category")?;
        let category = self.string()?;
        self.comma()?;
        self.field("title")?;
        let title = self.string()?;
        self.comma()?;
        self.field("teaser")?;
        let teaser = self.string()?;
        self.close(b')')?;
        Some(Related { slug, category, title, teaser })
    }
}

#[cfg(test)]
mod tests;
