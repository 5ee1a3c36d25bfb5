//! One test per finding code: it fires at its threshold and not below.

use super::*;
use crate::model::article::{Block, Image, Related, Status};

fn base() -> Article {
    Article {
        slug: "river-park-vote".into(),
        headline: "River Park Vote Passes".into(),
        dek: "The council approved the plan.".into(),
        category: "Local".into(),
        bylines: vec!["Ana Ruiz".into()],
        image: Some(Image {
            alt: "The old rail yard".into(),
            src: "yard.jpg".into(),
            width: Some(1600),
            height: Some(900),
            ..Image::default()
        }),
        body: vec![
            Block::Heading { level: 2, text: "The Vote".into() },
            Block::Paragraph("The council voted on Tuesday.".into()),
        ],
        ..Article::default()
    }
}

fn codes(article: &Article) -> Vec<&'static str> {
    codes_in(article, &Context::default())
}

fn codes_in(article: &Article, context: &Context) -> Vec<&'static str> {
    super::article(article, context).into_iter().map(|f| f.code).collect()
}

fn fires(article: &Article, code: &str) -> bool {
    codes(article).contains(&code)
}

fn with(edit: impl FnOnce(&mut Article)) -> Article {
    let mut article = base();
    edit(&mut article);
    article
}

fn body(blocks: Vec<Block>) -> Article {
    with(|a| a.body = blocks)
}

fn para(text: &str) -> Article {
    body(vec![Block::Paragraph(text.into())])
}

#[test]
fn the_base_article_is_clean() {
    assert_eq!(codes(&base()), Vec::<&str>::new());
    let mut ready = base();
    ready.status = Status::Ready;
    assert_eq!(codes(&ready), Vec::<&str>::new());
}

#[test]
fn headline_missing() {
    assert!(fires(&with(|a| a.headline = "  ".into()), "headline-missing"));
    assert!(!fires(&with(|a| a.headline = "A".into()), "headline-missing"));
}

#[test]
fn headline_lengths() {
    let at = |n: usize| with(|a| a.headline = "h".repeat(n));
    assert!(!fires(&at(60), "headline-long-for-search"));
    assert!(fires(&at(61), "headline-long-for-search"));
    assert!(fires(&at(90), "headline-long-for-search"));
    assert!(!fires(&at(90), "headline-too-long"));
    assert!(fires(&at(91), "headline-too-long"));
    // Characters, not bytes.
    assert!(!fires(&with(|a| a.headline = "é".repeat(60)), "headline-long-for-search"));
}

#[test]
fn dek_missing_only_for_ready() {
    let empty = with(|a| a.dek.clear());
    assert!(!fires(&empty, "dek-missing"));
    let mut ready = empty.clone();
    ready.status = Status::Ready;
    assert!(fires(&ready, "dek-missing"));
}

#[test]
fn dek_too_long() {
    assert!(!fires(&with(|a| a.dek = "d".repeat(160)), "dek-too-long"));
    assert!(fires(&with(|a| a.dek = "d".repeat(161)), "dek-too-long"));
}

#[test]
fn slug_rules() {
    assert!(fires(&with(|a| a.slug.clear()), "slug-missing"));
    assert!(fires(&with(|a| a.slug = "River Park".into()), "slug-invalid"));
    assert!(!fires(&base(), "slug-invalid"));
    let long = |n: usize| with(|a| a.slug = "s".repeat(n));
    assert!(!fires(&long(75), "slug-too-long"));
    assert!(fires(&long(76), "slug-too-long"));
}

struct FakeDesk {
    duplicates: usize,
    targets: Vec<(&'static str, Target)>,
}

impl Desk for FakeDesk {
    fn others_with_slug(&self, _: &str) -> usize {
        self.duplicates
    }
    fn lookup(&self, slug: &str) -> Lookup {
        let found: Vec<_> = self.targets.iter().filter(|(s, _)| *s == slug).collect();
        match found.as_slice() {
            [] => Lookup::Missing,
            [(_, target)] => Lookup::Found(target.clone()),
            many => Lookup::Ambiguous(many.len()),
        }
    }
}

fn target() -> Target {
    Target {
        headline: "Rail Yard Cleanup".into(),
        category: "Local".into(),
        dek: "It will cost more.".into(),
    }
}

#[test]
fn slug_duplicate_in_desk() {
    let desk = FakeDesk { duplicates: 1, targets: vec![] };
    let context = Context { desk: Some(&desk), ..Context::default() };
    assert!(codes_in(&base(), &context).contains(&"slug-duplicate"));
    let desk = FakeDesk { duplicates: 0, targets: vec![] };
    let context = Context { desk: Some(&desk), ..Context::default() };
    assert!(!codes_in(&base(), &context).contains(&"slug-duplicate"));
}

#[test]
fn category_rules() {
    assert!(fires(&with(|a| a.category.clear()), "category-missing"));
    let taxonomy = vec!["Local".to_string(), "Sports".to_string()];
    let context = Context { taxonomy: Some(&taxonomy), ..Context::default() };
    assert!(!codes_in(&base(), &context).contains(&"category-unknown"));
    let odd = with(|a| a.category = "Gossip".into());
    assert!(codes_in(&odd, &context).contains(&"category-unknown"));
    // Without a taxonomy any category goes.
    assert!(!fires(&odd, "category-unknown"));
}

#[test]
fn byline_needed_for_ready() {
    let none = with(|a| a.bylines.clear());
    assert!(!fires(&none, "byline-missing"));
    let mut ready = none;
    ready.status = Status::Ready;
    assert!(fires(&ready, "byline-missing"));
}

#[test]
fn dates() {
    let mut published = base();
    published.status = Status::Published;
    assert!(fires(&published, "published-at-missing"));
    published.published_at = Some("2026-01-27T09:30:00Z".parse().expect("time"));
    assert!(!fires(&published, "published-at-missing"));
    published.updated_at = Some("2026-01-27T09:29:59Z".parse().expect("time"));
    assert!(fires(&published, "updated-before-published"));
    published.updated_at = published.published_at;
    assert!(!fires(&published, "updated-before-published"));
}

#[test]
fn body_empty() {
    assert!(fires(&body(vec![]), "body-empty"));
    assert!(fires(&body(vec![Block::Paragraph(" ".into())]), "body-empty"));
    assert!(!fires(&para("Words."), "body-empty"));
}

#[test]
fn headings() {
    let heading = |text: &str| Block::Heading { level: 2, text: text.into() };
    let p = Block::Paragraph("Text.".into());
    assert!(fires(&body(vec![p.clone(), heading("")]), "heading-empty"));
    assert!(fires(&body(vec![heading("A"), heading("B"), p.clone()]), "heading-without-section"));
    assert!(fires(&body(vec![p.clone(), heading("Last")]), "heading-without-section"));
    assert!(!fires(&body(vec![heading("A"), p.clone(), heading("B"), p]), "heading-without-section"));
}

#[test]
fn quote_unattributed() {
    let quote = |attribution: Option<&str>| {
        body(vec![Block::Quote { text: "We waited.".into(), attribution: attribution.map(Into::into) }])
    };
    assert!(fires(&quote(None), "quote-unattributed"));
    assert!(fires(&quote(Some(" ")), "quote-unattributed"));
    assert!(!fires(&quote(Some("Mia Chen")), "quote-unattributed"));
}

#[test]
fn unbalanced_marks() {
    for bad in ["He said “yes.", "A (note.", "A note).", "Close ] only", "Odd \"quote here."] {
        assert!(fires(&para(bad), "unbalanced-marks"), "{bad}");
    }
    for good in
        ["He said “yes.”", "A (note [inside]).", "See [the map](https://example.org/m).", "Say \"so\"."]
    {
        assert!(!fires(&para(good), "unbalanced-marks"), "{good}");
    }
}

#[test]
fn repeated_word() {
    assert!(fires(&para("We saw the the river."), "repeated-word"));
    assert!(fires(&para("It was The the end."), "repeated-word"));
    assert!(!fires(&para("We saw the river."), "repeated-word"));
    assert!(!fires(&para("No. No more."), "repeated-word"));
    assert!(!fires(&para("She had had enough."), "repeated-word"));
    assert!(!fires(&para("Rooms 12 12 and 14."), "repeated-word"));
}

#[test]
fn double_space() {
    assert!(fires(&para("Two  spaces."), "double-space"));
    assert!(!fires(&para("One space."), "double-space"));
}

#[test]
fn paragraph_too_long() {
    let words = |n: usize| para(&vec!["word"; n].join(" "));
    assert!(!fires(&words(120), "paragraph-too-long"));
    assert!(fires(&words(121), "paragraph-too-long"));
    let limits = Limits { paragraph_words: 10, ..Limits::default() };
    let context = Context { limits, ..Context::default() };
    assert!(codes_in(&words(11), &context).contains(&"paragraph-too-long"));
}

#[test]
fn links() {
    assert!(fires(&para("See [this](javascript:alert(1))."), "link-scheme"));
    assert!(fires(&para("See [this](/relative/path)."), "link-scheme"));
    assert!(fires(&para("See [this](ftp://example.org/f)."), "link-scheme"));
    assert!(!fires(&para("See [this](https://example.org/f)."), "link-scheme"));
    assert!(!fires(&para("Write [to us](mailto:desk@example.org)."), "link-scheme"));
    assert!(fires(&para("See [](https://example.org/f)."), "link-empty-text"));
    assert!(!fires(&para("See [it](https://example.org/f)."), "link-empty-text"));
}

#[test]
fn unsupported_inline_markup() {
    assert!(fires(&para("Run `this` now."), "unsupported-code"));
    assert!(fires(&para("A <b>bold</b> move."), "raw-html"));
    assert!(fires(&para("A ![map](https://example.org/m.png) here."), "unsupported-image"));
    assert!(fires(&para("Visit <https://example.org>."), "autolink"));
    assert!(!fires(&para("A *bold* move."), "raw-html"));
}

#[test]
fn block_not_canonical() {
    // Text that would read back as a heading if written into the body.
    assert!(fires(&para("## Sneaky"), "block-not-canonical"));
    assert!(!fires(&para("\\## Escaped"), "block-not-canonical"));
    assert!(!fires(&para("Plain."), "block-not-canonical"));
}

#[test]
fn related_rules() {
    let link = |slug: &str, title: &str, teaser: &str| Related {
        slug: slug.into(),
        category: "Local".into(),
        title: title.into(),
        teaser: teaser.into(),
    };
    let fresh = target().related_card("rail-yard-cleanup");
    let article = |links: Vec<Related>| with(|a| a.related = links);
    let desk = FakeDesk { duplicates: 0, targets: vec![("rail-yard-cleanup", target())] };
    let context = Context { desk: Some(&desk), ..Context::default() };
    let twice = FakeDesk {
        duplicates: 0,
        targets: vec![("rail-yard-cleanup", target()), ("rail-yard-cleanup", target())],
    };
    let ambiguous = Context { desk: Some(&twice), ..Context::default() };
    assert!(codes_in(&article(vec![fresh.clone()]), &ambiguous).contains(&"related-ambiguous"));

    assert_eq!(codes_in(&article(vec![fresh.clone()]), &context), Vec::<&str>::new());
    let found = codes_in(&article(vec![fresh.clone(), fresh.clone()]), &context);
    assert!(found.contains(&"related-duplicate"));
    assert!(
        codes_in(&article(vec![link("rail-yard-cleanup", "", "x")]), &context)
            .contains(&"related-title-empty")
    );
    assert!(
        codes_in(&article(vec![link("rail-yard-cleanup", "x", "")]), &context)
            .contains(&"related-teaser-empty")
    );
    assert!(codes_in(&article(vec![link("river-park-vote", "x", "y")]), &context).contains(&"related-self"));
    assert!(codes_in(&article(vec![link("no-such-story", "x", "y")]), &context).contains(&"related-broken"));
    let mut stale = fresh.clone();
    stale.title = "Old Title".into();
    assert!(codes_in(&article(vec![stale]), &context).contains(&"related-stale"));
    // Without a desk, links cannot be resolved, so none are called broken.
    assert!(!fires(&article(vec![link("no-such-story", "x", "y")]), "related-broken"));
    // A page outside the desk is not looked up; its address must be https.
    let outside = link("https://courier.example.org/2019/old-bridge/", "x", "y");
    assert_eq!(codes_in(&article(vec![outside]), &context), Vec::<&str>::new());
    for address in
        ["http://courier.example.org/x", "https://", "https:// spaced.example/", "ftp://x.example/"]
    {
        let codes = codes_in(&article(vec![link(address, "x", "y")]), &context);
        assert_eq!(codes, vec!["related-url"], "{address}");
    }
}

#[test]
fn teasers_cut_at_a_word() {
    assert_eq!(teaser("Short dek."), "Short dek.");
    let long = "The estimate for cleaning the old rail yard doubled after crews found solvents, heavy metals and a buried fuel tank under the east platform.";
    let cut = teaser(long);
    assert!(cut.ends_with("..."), "{cut}");
    assert!(cut.chars().count() <= TEASER_MAX, "{cut}");
    assert!(long.starts_with(cut.trim_end_matches("...")));
    assert_eq!(
        cut,
        "The estimate for cleaning the old rail yard doubled after crews found solvents, heavy metals and a buried fuel tank..."
    );
}

#[test]
fn gate_checks_as_the_target_status() {
    let draft = with(|a| a.bylines.clear());
    let blocking: Vec<_> = gate(&draft, Status::Ready, &Context::default())
        .into_iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| f.code)
        .collect();
    assert_eq!(blocking, vec!["byline-missing"]);
    assert!(gate(&base(), Status::Ready, &Context::default()).is_empty());
}

#[test]
fn locations_point_at_the_text() {
    let findings = super::article(&para("Fine words, the the end."), &Context::default());
    let repeated = findings.iter().find(|f| f.code == "repeated-word").expect("found");
    assert_eq!(repeated.location, Location::Body { block: 0, part: 0, offset: 16 });
}

#[test]
fn image_missing_on_a_story_going_out() {
    let without = |status| {
        with(|a| {
            a.image = None;
            a.status = status;
        })
    };
    assert!(!fires(&without(Status::Edit), "image-missing"));
    assert!(fires(&without(Status::Ready), "image-missing"));
    let published = codes(&without(Status::Published));
    assert!(published.contains(&"image-missing"), "{published:?}");
    let finding = super::article(&without(Status::Ready), &Context::default())
        .into_iter()
        .find(|f| f.code == "image-missing")
        .expect("found");
    assert_eq!(
        (finding.severity, finding.location),
        (Severity::Warning, Location::Field { field: Field::Image })
    );
}

#[test]
fn image_alt_missing_is_an_error_for_lead_and_body_images() {
    let lead = with(|a| a.image.as_mut().into_iter().for_each(|i| i.alt = "  ".into()));
    let finding =
        super::article(&lead, &Context::default()).into_iter().find(|f| f.code == "image-alt-missing");
    assert_eq!(finding.map(|f| f.severity), Some(Severity::Error));
    let in_body = with(|a| a.body.push(Block::Image(Image { src: "b.png".into(), ..Image::default() })));
    let finding =
        super::article(&in_body, &Context::default()).into_iter().find(|f| f.code == "image-alt-missing");
    assert_eq!(finding.map(|f| f.location), Some(Location::Body { block: 2, part: 0, offset: 0 }));
}

#[test]
fn image_too_small_for_a_social_card() {
    let sized =
        |w, h| with(|a| a.image.as_mut().into_iter().for_each(|i| (i.width, i.height) = (Some(w), Some(h))));
    assert!(!fires(&sized(1200, 630), "image-too-small"));
    assert!(fires(&sized(1199, 900), "image-too-small"));
    assert!(fires(&sized(1600, 629), "image-too-small"));
    // An unmeasured (remote) image is not guessed at.
    assert!(!fires(&with(|a| a.image.as_mut().into_iter().for_each(|i| i.width = None)), "image-too-small"));
}

#[test]
fn image_sources_that_cannot_be_published() {
    for src in ["javascript:alert(1)", "../outside.png", "http://plain.example/a.png", ""] {
        assert!(
            fires(
                &with(|a| a.image.as_mut().into_iter().for_each(|i| i.src = src.into())),
                "image-source-invalid"
            ),
            "{src:?}"
        );
    }
    assert!(!fires(
        &with(|a| a.image.as_mut().into_iter().for_each(|i| i.src = "https://img.example.org/a.jpg".into())),
        "image-source-invalid"
    ));
}

#[test]
fn headline_and_dek_cut_in_search_results() {
    // Wide capitals fill 600 px sooner than narrow letters.
    assert!(fires(
        &with(|a| a.headline = "WWWWW MMMMM WWWWW MMMMM WWWWW MMMMM WWWW".into()),
        "headline-cut-in-search"
    ));
    assert!(!fires(
        &with(|a| a.headline = "iiiii lllll iiiii lllll iiiii lllll iiii".into()),
        "headline-cut-in-search"
    ));
    assert!(fires(&with(|a| a.dek = "word ".repeat(40)), "dek-cut-in-search"));
    assert!(!fires(&base(), "dek-cut-in-search"));
}

#[test]
fn control_character_in_any_catalogue_field_points_at_that_field() {
    let caption = with(|a| a.image.as_mut().into_iter().for_each(|i| i.caption = "Dusk\u{1b}[2K".into()));
    let teaser = with(|a| a.related = vec![Related { teaser: "Bell\u{7}".into(), ..Related::default() }]);
    for (article, field) in [(caption, Field::ImageCaption), (teaser, Field::Related)] {
        let found: Vec<Location> = super::article(&article, &Context::default())
            .into_iter()
            .filter(|f| f.code == "control-character")
            .map(|f| f.location)
            .collect();
        assert_eq!(found, vec![Location::Field { field }]);
    }
}
