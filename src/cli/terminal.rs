//! Text bound for a terminal: the one place every command's output passes
//! through (`main.rs` wraps standard output and standard error in
//! [`Escaping`]). Control characters from files, commits and remotes (a
//! headline holding ESC sequences, a teammate's commit message, a slug
//! with a carriage return) are shown escaped, so a file can never erase,
//! recolour or spoof lines of the terminal; and the password of a URL
//! (`https://ama:TOKEN@host/…`) is shown as `***`.

use std::borrow::Cow;
use std::io::{self, Write};

/// What a password in a URL is printed as.
pub const HIDDEN: &str = "***";

/// True for characters a terminal acts on instead of showing: C0 controls
/// but line feed and tab, DEL, and the C1 controls (U+0080–U+009F).
pub fn is_control(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

/// `text` as the terminal should show it: every control character written
/// as `\u{1b}`, every URL's password as `***`.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_control) && !text.contains("://") {
        return Cow::Borrowed(text);
    }
    Cow::Owned(String::from_utf8_lossy(&safe_line(text.as_bytes())).into_owned())
}

/// `url` with its password, if it has one, replaced by `***`.
pub fn hide_password(url: &str) -> Cow<'_, str> {
    let bytes = hide_passwords(url.as_bytes());
    match bytes {
        Cow::Borrowed(_) => Cow::Borrowed(url),
        Cow::Owned(bytes) => Cow::Owned(String::from_utf8_lossy(&bytes).into_owned()),
    }
}

/// Every `scheme://user:password@host` in `line` with the password
/// replaced by `***`.
fn hide_passwords(line: &[u8]) -> Cow<'_, [u8]> {
    let mut out: Option<Vec<u8>> = None;
    let mut copied = 0;
    let mut from = 0;
    while let Some(found) = find(&line[from..], b"://") {
        let authority = from + found + 3;
        let end = line[authority..]
            .iter()
            .position(|&b| {
                matches!(b, b'/' | b'?' | b'#' | b'"' | b'\'' | b'<' | b'>' | b'`') || b.is_ascii_whitespace()
            })
            .map_or(line.len(), |at| authority + at);
        let userinfo = line[authority..end].iter().rposition(|&b| b == b'@').map(|at| authority + at);
        if let Some(at) = userinfo
            && let Some(colon) = line[authority..at].iter().position(|&b| b == b':')
        {
            let password = authority + colon + 1;
            let out = out.get_or_insert_with(|| Vec::with_capacity(line.len()));
            out.extend_from_slice(&line[copied..password]);
            out.extend_from_slice(HIDDEN.as_bytes());
            copied = at;
        }
        from = end.max(authority);
    }
    match out {
        None => Cow::Borrowed(line),
        Some(mut out) => {
            out.extend_from_slice(&line[copied..]);
            Cow::Owned(out)
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

/// One line (or the rest of the output) made safe: passwords hidden, then
/// control characters escaped. Works on bytes, so text that is not UTF-8
/// passes as it is.
fn safe_line(line: &[u8]) -> Vec<u8> {
    let line = hide_passwords(line);
    let mut escaped = Vec::with_capacity(line.len() + 8);
    let mut bytes = line.iter().copied().peekable();
    while let Some(byte) = bytes.next() {
        match byte {
            b'\n' | b'\t' => escaped.push(byte),
            0x00..=0x1f | 0x7f => escaped.extend_from_slice(format!("\\u{{{byte:x}}}").as_bytes()),
            // U+0080–U+009F is 0xC2 0x80–0x9F in UTF-8.
            0xc2 if bytes.peek().is_some_and(|next| (0x80..=0x9f).contains(next)) => {
                let next = bytes.next().unwrap_or_default();
                escaped.extend_from_slice(format!("\\u{{{next:x}}}").as_bytes());
            }
            _ => escaped.push(byte),
        }
    }
    escaped
}

/// A writer that makes everything written through it safe for a terminal
/// (see the module). It works a line at a time, so an escape sequence or
/// a URL split across two writes is caught all the same.
pub struct Escaping<W: Write> {
    out: W,
    /// The line written so far, not yet passed on.
    line: Vec<u8>,
    /// False for a data stream going to a file or a pipe: passed through
    /// untouched (see [`Escaping::data`]).
    escaping: bool,
}

impl<W: Write> Escaping<W> {
    pub fn new(out: W) -> Escaping<W> {
        Escaping { out, line: Vec::new(), escaping: true }
    }

    /// For what a command writes as its product (an article as RON,
    /// Markdown) rather than as messages: escaped when it goes to a
    /// terminal, else left byte for byte as it is, so a file written with
    /// `>` holds exactly the data.
    pub fn data(out: W, to_terminal: bool) -> Escaping<W> {
        Escaping { out, line: Vec::new(), escaping: to_terminal }
    }

    fn pass_line(&mut self) -> io::Result<()> {
        let line = std::mem::take(&mut self.line);
        self.out.write_all(&safe_line(&line))
    }
}

impl<W: Write> Write for Escaping<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if !self.escaping {
            return self.out.write(buf);
        }
        let mut rest = buf;
        while let Some(end) = memchr::memchr(b'\n', rest) {
            self.line.extend_from_slice(&rest[..=end]);
            self.pass_line()?;
            rest = &rest[end + 1..];
        }
        self.line.extend_from_slice(rest);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.line.is_empty() {
            self.pass_line()?;
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
        // A C1 control or an escape sequence split across two writes is
        // still caught.
        let c1 = "x\u{9b}y".as_bytes();
        assert_eq!(through_writer(&[&c1[..2], &c1[2..]]), "x\\u{9b}y");
        // 0xC2 also starts ordinary characters.
        let copyright = "©".as_bytes();
        assert_eq!(through_writer(&[&copyright[..1], &copyright[1..]]), "©");
    }

    #[test]
    fn passwords_in_urls_are_hidden() {
        assert_eq!(
            escape("origin https://ama:ghp_T0KEN@git.example.org/desk.git (fetch)"),
            "origin https://ama:***@git.example.org/desk.git (fetch)"
        );
        assert_eq!(hide_password("ssh://git@git.example.org/desk.git"), "ssh://git@git.example.org/desk.git");
        assert_eq!(hide_password("https://git.example.org/a:b@c"), "https://git.example.org/a:b@c");
        assert_eq!(hide_password("file:///srv/desk.git"), "file:///srv/desk.git");
        assert_eq!(
            through_writer(&[b"remote: https://ama:s3cr", b"et@host/x and http://b:c@d\n"]),
            "remote: https://ama:***@host/x and http://b:***@d\n"
        );
        let data = "title: \u{1b}[2K https://a:b@c\n";
        let mut bytes = Vec::new();
        Escaping::data(&mut bytes, false).write_all(data.as_bytes()).expect("write");
        assert_eq!(bytes, data.as_bytes(), "data to a file is left as it is");
    }
}
