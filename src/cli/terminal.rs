//! Text bound for a terminal: control characters from files (a headline
//! holding ESC sequences, a slug with a carriage return) are shown escaped,
//! so a file can never erase, recolour or spoof lines of the terminal.

use std::borrow::Cow;
use std::io::{self, Write};

/// True for characters a terminal acts on instead of showing: C0 controls
/// but line feed and tab, DEL, and the C1 controls (U+0080–U+009F).
pub fn is_control(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

/// `text` with every control character written as `\u{1b}`.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_control(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A writer that escapes control characters in everything written through
/// it. The CLI wraps its output in one, so no string can slip past.
pub struct Escaping<W: Write> {
    out: W,
    /// A 0xC2 byte that ended the last write: it starts a C1 control or an
    /// ordinary character, which only the next byte tells.
    pending_c2: bool,
}

impl<W: Write> Escaping<W> {
    pub fn new(out: W) -> Escaping<W> {
        Escaping { out, pending_c2: false }
    }
}

impl<W: Write> Write for Escaping<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut escaped = Vec::with_capacity(buf.len() + 8);
        let mut after_c2 = std::mem::take(&mut self.pending_c2);
        for (at, &byte) in buf.iter().enumerate() {
            if after_c2 {
                after_c2 = false;
                if (0x80..=0x9f).contains(&byte) {
                    // U+0080–U+009F is 0xC2 0x80–0x9F in UTF-8.
                    escaped.extend_from_slice(format!("\\u{{{byte:x}}}").as_bytes());
                } else {
                    escaped.push(0xc2);
                    escaped.push(byte);
                }
                continue;
            }
            match byte {
                b'\n' | b'\t' => escaped.push(byte),
                0x00..=0x1f | 0x7f => escaped.extend_from_slice(format!("\\u{{{byte:x}}}").as_bytes()),
                0xc2 if at + 1 == buf.len() => self.pending_c2 = true,
                0xc2 => after_c2 = true,
                _ => escaped.push(byte),
            }
        }
        self.out.write_all(&escaped)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if std::mem::take(&mut self.pending_c2) {
            self.out.write_all(&[0xc2])?;
        }
        self.out.flush()
    }
}

impl<W: Write> Drop for Escaping<W> {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn through_writer(pieces: &[&[u8]]) -> String {
        let mut bytes = Vec::new();
        {
            let mut writer = Escaping::new(&mut bytes);
            for piece in pieces {
                writer.write_all(piece).expect("write");
            }
        }
        String::from_utf8(bytes).expect("utf-8")
    }

    #[test]
    fn controls_are_escaped_and_text_is_kept() {
        assert_eq!(escape("plain – text\n"), "plain – text\n");
        assert_eq!(escape("a\u{1b}[2Kb\rc\u{9b}d"), "a\\u{1b}[2Kb\\u{d}c\\u{9b}d");
        let headline = "Flood\u{1b}[1A\u{1b}[2K warning é\u{85}\n";
        assert_eq!(through_writer(&[headline.as_bytes()]), escape(headline));
        // A C1 control split across two writes is still caught.
        let c1 = "x\u{9b}y".as_bytes();
        assert_eq!(through_writer(&[&c1[..2], &c1[2..]]), "x\\u{9b}y");
        // 0xC2 also starts ordinary characters.
        let copyright = "©".as_bytes();
        assert_eq!(through_writer(&[&copyright[..1], &copyright[1..]]), "©");
    }
}
