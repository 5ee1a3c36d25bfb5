//! The canonical reader must agree with ron on everything it accepts.

use proptest::prelude::*;

use super::article;
use crate::model::article::{
    Anchor, Article, Block, Correction, CorrectionKind, Field, Image, Note, NoteKind, Publication, Related,
    Reply, ShareTarget, Status,
};
use crate::storage::store;

fn ron_reads(text: &str) -> Result<Article, ron::error::SpannedError> {
    ron::Options::default().from_str(text)
}

/// Text that stresses strings: quotes, backslashes, raw-string endings,
/// line breaks, non-ASCII.
fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => "[a-zA-Z ]{0,12}",
        1 => "\\PC{0,6}",
        1 => prop::sample::select(vec![
            "\"", "\\", "\"#", "#", "r#\"", "\\n", "\n", "\r\n", "\t", "“quoted”", "é", "日本", "),", "/*", "//",
        ])
        .prop_map(str::to_string),
    ];
    prop::collection::vec(piece, 0..6).prop_map(|parts| parts.concat())
}

fn timestamp() -> impl Strategy<Value = Option<jiff::Timestamp>> {
    prop::option::of((0i64..4_000_000_000).prop_map(|s| jiff::Timestamp::from_second(s).unwrap_or_default()))
}

fn block() -> impl Strategy<Value = Block> {
    prop_oneof![
        (any::<u8>(), text()).prop_map(|(level, text)| Block::Heading { level, text }),
        text().prop_map(Block::Paragraph),
        (text(), prop::option::of(text())).prop_map(|(text, attribution)| Block::Quote { text, attribution }),
        (any::<bool>(), prop::collection::vec(text(), 0..4))
            .prop_map(|(ordered, items)| Block::List { ordered, items }),
        image().prop_map(Block::Image),
    ]
}

fn image() -> impl Strategy<Value = Image> {
    (text(), text(), text(), text(), prop::option::of(any::<u32>()), prop::option::of(any::<u32>())).prop_map(
        |(alt, caption, credit, src, width, height)| Image { alt, caption, credit, src, width, height },
    )
}

fn related() -> impl Strategy<Value = Related> {
    (text(), text(), text(), text()).prop_map(|(slug, category, title, teaser)| Related {
        slug,
        category,
        title,
        teaser,
    })
}

fn required_time() -> impl Strategy<Value = jiff::Timestamp> {
    (0i64..4_000_000_000).prop_map(|s| jiff::Timestamp::from_second(s).unwrap_or_default())
}

fn correction() -> impl Strategy<Value = Correction> {
    (required_time(), prop::sample::select(CorrectionKind::ALL.to_vec()), text())
        .prop_map(|(at, kind, text)| Correction { at, kind, text })
}

fn note() -> impl Strategy<Value = Note> {
    let reply = (text(), required_time(), text()).prop_map(|(author, at, text)| Reply { author, at, text });
    (
        (
            text(),
            prop::sample::select(NoteKind::ALL.to_vec()),
            prop::option::of(prop::sample::select(Field::ALL.to_vec())),
        ),
        prop::option::of((text(), text()).prop_map(|(mark, before)| Anchor { mark, before })),
        (text(), required_time(), text()),
        (prop::collection::vec(reply, 0..3), any::<bool>()),
    )
        .prop_map(|((id, kind, on), anchor, (author, at, text), (replies, resolved))| Note {
            id,
            kind,
            on,
            anchor,
            author,
            at,
            text,
            replies,
            resolved,
        })
}

fn publication() -> impl Strategy<Value = Publication> {
    (text(), text(), text(), required_time()).prop_map(|(target, remote_id, url, remote_modified)| {
        Publication { target, remote_id, url, remote_modified }
    })
}

/// Format 3's fields, all of them, valid where the loader checks them.
#[allow(clippy::type_complexity)]
fn copy_desk() -> impl Strategy<
    Value = (
        (Option<String>, Option<jiff::Timestamp>, Option<String>, Option<u32>),
        [Option<String>; 4],
        (Vec<Correction>, Vec<Note>, Vec<Publication>),
    ),
> {
    let id = prop::option::of(any::<u128>().prop_map(|n| uuid::Uuid::from_u128(n).to_string()));
    let language = prop::option::of(
        prop::sample::select(vec!["en", "en-US", "uk", "de-CH-1996", "sr-Latn"]).prop_map(str::to_string),
    );
    (
        (id, timestamp(), language, prop::option::of(any::<u32>())),
        [
            prop::option::of(text()),
            prop::option::of(text()),
            prop::option::of(text()),
            prop::option::of(text()),
        ],
        (
            prop::collection::vec(correction(), 0..3),
            prop::collection::vec(note(), 0..3),
            prop::collection::vec(publication(), 0..2),
        ),
    )
}

fn any_article() -> impl Strategy<Value = Article> {
    let status = prop::sample::select(vec![Status::Draft, Status::Edit, Status::Ready, Status::Published]);
    let share = prop::sample::subsequence(ShareTarget::ALL.to_vec(), 0..=ShareTarget::ALL.len());
    (
        (any::<u32>(), text(), text(), text(), text()),
        (prop::collection::vec(text(), 0..3), prop::collection::vec(text(), 0..3), status),
        (timestamp(), timestamp(), prop::option::of(image()), share),
        (prop::collection::vec(block(), 0..6), prop::collection::vec(related(), 0..3)),
        copy_desk(),
    )
        .prop_map(
            |(
                (format, slug, headline, dek, category),
                (tags, bylines, status),
                (published_at, updated_at, image, share),
                (body, related),
                (
                    (id, embargo_until, language, target_words),
                    [seo_title, seo_description, social_title, social_description],
                    (corrections, notes, published_to),
                ),
            )| Article {
                format,
                id,
                slug,
                headline,
                dek,
                category,
                tags,
                bylines,
                status,
                published_at,
                updated_at,
                embargo_until,
                language,
                target_words,
                seo_title,
                seo_description,
                social_title,
                social_description,
                image,
                share,
                body,
                related,
                corrections,
                notes: notes.into_iter().map(std::sync::Arc::new).collect(),
                published_to,
            },
        )
}

/// An edit a hand (or a bad merge) might make to a file.
#[derive(Debug, Clone)]
enum Edit {
    Insert(usize, &'static str),
    Delete(usize, usize),
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    let insert = (
        any::<usize>(),
        prop::sample::select(vec![
            " ",
            "\n",
            ",",
            "(",
            ")",
            "[",
            "]",
            ":",
            "\"",
            "\\",
            "#",
            "r",
            "/",
            "//x\n",
            "/*x*/",
            "0",
            "1",
            "9",
            "_",
            ".",
            "+",
            "-",
            "x",
            "Some(",
            "None",
            "é",
            "\u{a0}",
            "\u{feff}",
            "Article",
            "true",
            "#![enable(implicit_some)]",
        ]),
    )
        .prop_map(|(at, what)| Edit::Insert(at, what));
    let delete = (any::<usize>(), 1usize..4).prop_map(|(at, len)| Edit::Delete(at, len));
    prop::collection::vec(prop_oneof![insert, delete], 1..4)
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut text = text.to_string();
    let boundary = |text: &str, at: usize| {
        let mut at = at % (text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    for edit in edits {
        match *edit {
            Edit::Insert(at, what) => {
                let at = boundary(&text, at);
                text.insert_str(at, what);
            }
            Edit::Delete(at, len) => {
                let start = boundary(&text, at);
                let end = boundary(&text, start.saturating_add(len).min(text.len()));
                text.replace_range(start..end, "");
            }
        }
    }
    text
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2048, ..ProptestConfig::default() })]

    #[test]
    fn reads_what_copydesk_writes(article_in in any_article()) {
        let text = store::to_string(&article_in);
        prop_assert_eq!(article(&text), Some(article_in), "text was:\n{}", text);
    }

    #[test]
    fn never_accepts_what_ron_reads_differently(article_in in any_article(), edits in edits()) {
        let text = apply(&store::to_string(&article_in), &edits);
        if let Some(fast) = article(&text) {
            match ron_reads(&text) {
                Ok(slow) => prop_assert_eq!(fast, slow, "text was:\n{}", text),
                Err(error) => prop_assert!(false, "accepted what ron refuses ({error}):\n{text}"),
            }
        }
    }
}

#[test]
fn reads_the_samples_and_a_long_article() {
    let mut texts: Vec<String> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/sample"))
        .expect("sample folder")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "ron") && !path.ends_with("desk.ron"))
        .map(|path| std::fs::read_to_string(path).expect("sample text"))
        .collect();
    assert!(texts.len() >= 5);
    texts.push(store::to_string(&crate::testkit::generate::article(20_000, 7)));
    for text in texts {
        let slow = ron_reads(&text).expect("ron reads it");
        assert_eq!(article(&text), Some(slow));
    }
}

#[test]
fn leaves_anything_unusual_to_ron() {
    let text =
        store::to_string(&Article { body: vec![Block::Paragraph("Plain.".into())], ..Article::default() });
    assert!(article(&text).is_some());
    let unusual = [
        // An escape.
        text.replace("\"Plain.\"", "\"Pl\\u{61}in.\""),
        // A comment.
        text.replace("body:", "// the story\n    body:"),
        // An extension.
        format!("#![enable(implicit_some)]\n{text}"),
        // Fields out of order.
        text.replace("format: 3,\n", "").replace("related: [],", "related: [],\n    format: 3,"),
        text.replace("    notes: [],\n", "")
            .replace("    corrections: [],", "    notes: [],\n    corrections: [],"),
        // A format 3 field ron must judge: an id that is not one.
        text.replace("id: None", "id: Some(\"story-1\")"),
        // No struct name.
        text.replacen("Article(", "(", 1),
        // Something after the article.
        format!("{text}x"),
        // Numbers ron reads its own way.
        text.replace("format: 3", "format: 0x3"),
        text.replace("format: 3", "format: 03"),
        text.replace("format: 3", "format: 3_0"),
        // An image field out of order.
        text.replace("    image: None,\n", "").replace("related: [],", "related: [],\n    image: None,"),
        // A cut-off file.
        text[..text.len() / 2].to_string(),
    ];
    for text in unusual {
        assert_eq!(article(&text), None, "accepted:\n{text}");
    }
}

#[test]
fn reads_older_formats_in_one_pass() {
    for name in ["format-1.ron", "format-2.ron", "format-3.ron"] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats").join(name);
        let text = std::fs::read_to_string(&path).expect("fixture");
        let slow = ron_reads(&text).expect("ron reads it");
        assert_eq!(article(&text), Some(slow), "{name}");
    }
}
