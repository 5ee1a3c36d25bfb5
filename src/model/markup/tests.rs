use super::*;

fn blocks(text: &str) -> Vec<Block> {
    parse(text).blocks
}

fn para(text: &str) -> Block {
    Block::Paragraph(text.into())
}

#[test]
fn parses_every_supported_block() {
    let text = "## A Long Fight\n\nThe council voted *late Tuesday*\nafter [a hearing](https://example.org/h).\n\n> We waited two years.\n> — Resident Mia Chen\n\n- First\n- Second\n\n1. One\n2. Two\n\n### Smaller";
    assert_eq!(
        blocks(text),
        vec![
            Block::Heading { level: 2, text: "A Long Fight".into() },
            para("The council voted *late Tuesday* after [a hearing](https://example.org/h)."),
            Block::Quote {
                text: "We waited two years.".into(),
                attribution: Some("Resident Mia Chen".into())
            },
            Block::List { ordered: false, items: vec!["First".into(), "Second".into()] },
            Block::List { ordered: true, items: vec!["One".into(), "Two".into()] },
            Block::Heading { level: 3, text: "Smaller".into() },
        ]
    );
    assert!(parse(text).findings.is_empty());
}

#[test]
fn renders_canonically() {
    let blocks = vec![
        Block::Heading { level: 2, text: "Section".into() },
        para("Words *here*."),
        Block::Quote { text: "Said.".into(), attribution: Some("Ana Ruiz".into()) },
        Block::Quote { text: "Unsigned.".into(), attribution: None },
        Block::List { ordered: false, items: vec!["a".into(), "b".into()] },
        Block::List { ordered: false, items: vec!["c".into()] },
        Block::List { ordered: true, items: vec!["x".into(), "y".into()] },
        Block::List { ordered: true, items: vec!["z".into()] },
    ];
    let text = render(&blocks);
    assert_eq!(
        text,
        "## Section\n\nWords *here*.\n\n> Said.\n> — Ana Ruiz\n\n> Unsigned.\n\n- a\n- b\n\n* c\n\n1. x\n2. y\n\n1) z"
    );
    assert_eq!(parse(&text).blocks, blocks);
}

#[test]
fn quote_attribution_rules() {
    assert_eq!(
        blocks("> Hello\n> -- Ana"),
        vec![Block::Quote { text: "Hello".into(), attribution: Some("Ana".into()) }]
    );
    // A one-line quote that starts with a dash is text, not an attribution.
    assert_eq!(
        blocks("> — Only a dash"),
        vec![Block::Quote { text: "— Only a dash".into(), attribution: None }]
    );
    // Paragraphs inside a quote join into one text.
    assert_eq!(
        blocks("> One\n>\n> Two\n> — Mia"),
        vec![Block::Quote { text: "One Two".into(), attribution: Some("Mia".into()) }]
    );
}

#[test]
fn setext_and_closing_hashes() {
    assert_eq!(blocks("Title\n---"), vec![Block::Heading { level: 2, text: "Title".into() }]);
    assert_eq!(blocks("## Title ##"), vec![Block::Heading { level: 2, text: "Title ##".into() }]);
    assert_eq!(blocks("#hashtag\n---"), vec![Block::Heading { level: 2, text: "#hashtag".into() }]);
}

#[test]
fn unsupported_blocks_are_kept_as_text_and_reported() {
    let cases = [
        ("# Top", "\\# Top", "unsupported-heading-level"),
        ("#### Deep", "\\#### Deep", "unsupported-heading-level"),
        ("```\nlet x = 1;\n```", "``` let x = 1; ```", "unsupported-code-block"),
        ("~~~\ncode\n~~~", "\\~~~ code ~~~", "unsupported-code-block"),
        ("    indented code", "indented code", "unsupported-code-block"),
        ("<div>\nhi\n</div>", "\\<div> hi </div>", "raw-html"),
        ("---", "\\---", "unsupported-rule"),
        ("2026. The year", "2026\\. The year", "unsupported-list-start"),
        ("[ref]: https://example.org", "\\[ref]: https://example.org", "unsupported-reference"),
        ("Title\n===", "Title ===", "unsupported-heading-level"),
    ];
    for (input, kept, code) in cases {
        let parsed = parse(input);
        assert_eq!(parsed.blocks, vec![para(kept)], "{input:?}");
        assert_eq!(parsed.findings.len(), 1, "{input:?}");
        assert_eq!(parsed.findings[0].code, code, "{input:?}");
        // The kept text reads back as itself, with nothing more to report.
        let again = parse(&render(&parsed.blocks));
        assert_eq!(again.blocks, parsed.blocks, "{input:?}");
        assert!(again.findings.is_empty(), "{input:?}: {:?}", again.findings);
    }
}

#[test]
fn nested_structures_flatten_with_a_finding() {
    let parsed = parse("- a\n  - b\n- c");
    assert_eq!(parsed.blocks, vec![Block::List { ordered: false, items: vec!["a - b".into(), "c".into()] }]);
    assert_eq!(parsed.findings[0].code, "list-structure");
    let parsed = parse("> - a\n> - b");
    assert_eq!(parsed.blocks, vec![Block::Quote { text: "- a - b".into(), attribution: None }]);
    assert_eq!(parsed.findings[0].code, "quote-structure");
}

#[test]
fn list_marker_avoids_thematic_breaks() {
    let list = vec![Block::List { ordered: false, items: vec!["--".into(), "x".into()] }];
    let text = render(&list);
    assert_eq!(text, "* --\n* x");
    assert_eq!(blocks(&text), list);
}

#[test]
fn source_offsets_map_back_to_the_text() {
    let text = "Intro line\n\n## Head\n\nFirst line\n  second *line*\n\n- one\n- two";
    let parsed = parse(text);
    let para_source = &parsed.sources[2];
    // "second" starts after the joining space, at offset 11 in the block text.
    assert_eq!(&text[para_source.body_offset(0, 11)..][..6], "second");
    let list = &parsed.sources[3];
    assert_eq!(&text[list.body_offset(1, 0)..], "two");
    let heading = &parsed.sources[1];
    assert_eq!(&text[heading.body_offset(0, 0)..][..4], "Head");
}

#[test]
fn crlf_and_odd_whitespace() {
    assert_eq!(
        blocks("## Head\r\n\r\nLine one\r\nline two\r\n"),
        vec![Block::Heading { level: 2, text: "Head".into() }, para("Line one line two")]
    );
    assert_eq!(blocks(""), vec![]);
    assert_eq!(blocks("\n\n  \n"), vec![]);
}

fn image(alt: &str, src: &str, caption: &str, credit: &str) -> Block {
    Block::Image(crate::model::article::Image {
        alt: alt.into(),
        src: src.into(),
        caption: caption.into(),
        credit: credit.into(),
        width: None,
        height: None,
    })
}

#[test]
fn an_image_paragraph_with_a_credit_line_is_an_image_block() {
    let text = "Before.\n\n![The wall at dusk](photos/wall.jpg \"Crews pour the first section.\")\nCredit: Ines Moreau\n\n![Map](https://maps.example.org/m.png)\n\nAfter.";
    assert_eq!(
        blocks(text),
        vec![
            para("Before."),
            image("The wall at dusk", "photos/wall.jpg", "Crews pour the first section.", "Ines Moreau"),
            image("Map", "https://maps.example.org/m.png", "", ""),
            para("After."),
        ]
    );
    assert!(parse(text).findings.is_empty());
    assert_eq!(render(&blocks(text)), text);
}

#[test]
fn an_image_inside_prose_stays_prose() {
    for text in [
        "See ![map](m.png) here.",
        "![map](m.png)\nA second line that is not a credit.",
        "![map](m.png)\nCredit: A\nCredit: B",
        "![map][ref]",
    ] {
        assert!(matches!(blocks(text).as_slice(), [Block::Paragraph(_)]), "{text:?}: {:?}", blocks(text));
    }
}

#[test]
fn awkward_image_fields_round_trip() {
    let awkward = [
        image("[*a*] \\ `b` <c> &amp; \"q\"", "a b (1)&<x>.png", "Say \"hi\" \\ &amp; )", "Lu *Tan*"),
        image("", "", "", ""),
        image("Alt", "https://img.example.org/a.jpg?w=1&h=2", "", "Agency"),
    ];
    for block in awkward {
        let single = std::slice::from_ref(&block);
        assert_eq!(blocks(&render(single)), single, "{}", render(single));
    }
}
