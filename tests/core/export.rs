//! The HTML export: every sample's head field by field, the JSON-LD equal
//! to the article, hostile text in every field, the link and image
//! allowlists, the static site (and that nothing leaves it), the CLI,
//! html-validate and headless Chromium at phone and desktop widths.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use copydesk::model::article::{Article, Block, Image, Related, ShareTarget, Status};
use copydesk::model::page::{self, Settings};
use copydesk::output::export::html::{self, Links};
use copydesk::output::export::site;
use copydesk::storage::desk::config::{self, DeskConfig};
use copydesk::storage::{media, store};
use scraper::{ElementRef, Html, Selector};

fn sample_articles() -> Vec<(PathBuf, Article)> {
    let mut paths: Vec<PathBuf> = fs::read_dir("assets/sample")
        .expect("samples")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron") && !p.ends_with("desk.ron"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 5);
    paths
        .into_iter()
        .map(|path| {
            let mut article = store::load(&path).unwrap_or_else(|e| panic!("{e}"));
            media::measure(&mut article, Path::new("assets/sample"));
            (path, article)
        })
        .collect()
}

fn sample_desk() -> DeskConfig {
    config::read(Path::new("assets/sample/desk.ron")).unwrap_or_else(|e| panic!("{e}"))
}

fn select<'a>(doc: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    let selector = Selector::parse(css).unwrap_or_else(|e| panic!("{css}: {e:?}"));
    doc.select(&selector).collect()
}

/// The `content` of the one `<meta property|name=…>`.
fn meta(doc: &Html, key: &str) -> Option<String> {
    let found: Vec<String> = select(doc, &format!("meta[property=\"{key}\"], meta[name=\"{key}\"]"))
        .iter()
        .filter_map(|m| m.value().attr("content").map(str::to_string))
        .collect();
    assert!(found.len() <= 1, "{key} appears {} times", found.len());
    found.into_iter().next()
}

fn metas(doc: &Html, key: &str) -> Vec<String> {
    select(doc, &format!("meta[property=\"{key}\"]"))
        .iter()
        .filter_map(|m| m.value().attr("content").map(str::to_string))
        .collect()
}

fn text(element: &ElementRef) -> String {
    element.text().collect()
}

fn json_ld(doc: &Html) -> serde_json::Value {
    let scripts = select(doc, "script");
    assert_eq!(scripts.len(), 1, "exactly one script, the JSON-LD");
    assert_eq!(scripts[0].value().attr("type"), Some("application/ld+json"));
    serde_json::from_str(&text(&scripts[0])).unwrap_or_else(|e| panic!("JSON-LD: {e}"))
}

/// The element sequence an exported page holds.
fn element_kinds(doc: &Html) -> Vec<String> {
    select(doc, "[data-element]")
        .iter()
        .filter_map(|e| e.value().attr("data-element").map(str::to_string))
        .collect()
}

#[test]
fn every_sample_exports_its_metadata_field_by_field() {
    let desk = sample_desk();
    let settings = desk.page_settings();
    let base = "https://courier.example.org/";
    for (path, article) in sample_articles() {
        let name = path.display();
        let doc = Html::parse_document(&html::page(&article, settings, Links::Standalone));
        let url = format!("{base}{}/", article.slug);

        assert_eq!(text(&select(&doc, "title")[0]), article.headline, "{name}");
        assert_eq!(meta(&doc, "description").as_deref(), Some(article.dek.as_str()), "{name}");
        let canonical = select(&doc, "link[rel=canonical]");
        assert_eq!(canonical.len(), 1);
        assert_eq!(canonical[0].value().attr("href"), Some(url.as_str()), "{name}");

        assert_eq!(meta(&doc, "og:type").as_deref(), Some("article"));
        assert_eq!(meta(&doc, "og:title").as_deref(), Some(article.headline.as_str()));
        assert_eq!(meta(&doc, "og:description").as_deref(), Some(article.dek.as_str()));
        assert_eq!(meta(&doc, "og:url").as_deref(), Some(url.as_str()));
        assert_eq!(meta(&doc, "og:site_name").as_deref(), Some(desk.name.as_str()));
        let published = article.published_at.map(|t| t.to_string());
        let modified = article.updated_at.or(article.published_at).map(|t| t.to_string());
        assert_eq!(meta(&doc, "article:published_time"), published, "{name}");
        assert_eq!(meta(&doc, "article:modified_time"), modified, "{name}");
        assert_eq!(meta(&doc, "article:section").as_deref(), Some(article.category.as_str()));
        assert_eq!(metas(&doc, "article:tag"), article.tags, "{name}");

        let image = article.image.as_ref().expect("every sample has a lead image");
        let image_url = format!("{url}{}", image.src);
        assert_eq!(meta(&doc, "og:image").as_deref(), Some(image_url.as_str()), "{name}");
        assert_eq!(meta(&doc, "og:image:alt").as_deref(), Some(image.alt.as_str()));
        assert_eq!(meta(&doc, "twitter:card").as_deref(), Some("summary_large_image"));
        assert_eq!(meta(&doc, "twitter:image").as_deref(), Some(image_url.as_str()));
        assert_eq!(meta(&doc, "twitter:title").as_deref(), Some(article.headline.as_str()));
        assert_eq!(meta(&doc, "twitter:description").as_deref(), Some(article.dek.as_str()));

        let ld = json_ld(&doc);
        assert_eq!(ld["@context"], "https://schema.org");
        assert_eq!(ld["@type"], "NewsArticle");
        assert_eq!(ld["headline"], article.headline.as_str());
        assert_eq!(ld["description"], article.dek.as_str());
        assert_eq!(ld["image"], serde_json::json!([image_url]));
        assert_eq!(ld["datePublished"].as_str().map(str::to_string), published);
        assert_eq!(ld["dateModified"].as_str().map(str::to_string), modified);
        let authors: Vec<&str> = ld["author"]
            .as_array()
            .expect("authors")
            .iter()
            .map(|a| {
                assert_eq!(a["@type"], "Person");
                a["name"].as_str().expect("name")
            })
            .collect();
        assert_eq!(authors, article.bylines, "{name}: authors in byline order");
        assert_eq!(ld["publisher"]["name"], desk.name.as_str());
        assert_eq!(ld["articleSection"], article.category.as_str());
        assert_eq!(ld["keywords"], serde_json::json!(article.tags));
        assert_eq!(ld["mainEntityOfPage"]["@id"], url.as_str());

        // The page: its elements in the page model's order, a real share
        // link per target, the lead image with its alt, caption and credit.
        assert_eq!(element_kinds(&doc), page::build(&article, settings).kinds(), "{name}");
        let shares = select(&doc, "nav.share a");
        assert_eq!(shares.len(), article.share.len());
        for (link, target) in shares.iter().zip(&article.share) {
            assert_eq!(text(link), target.label());
            let href = link.value().attr("href").expect("href");
            assert!(href.starts_with("https://"), "{href}");
            assert!(href.contains("courier%2Eexample%2Eorg"), "{href}");
        }
        let lead = select(&doc, "figure.lead-figure img");
        assert_eq!(lead.len(), 1);
        assert_eq!(lead[0].value().attr("src"), Some(image.src.as_str()));
        assert_eq!(lead[0].value().attr("alt"), Some(image.alt.as_str()));
        assert_eq!(lead[0].value().attr("width"), image.width.map(|w| w.to_string()).as_deref());
        let caption = text(&select(&doc, "figure.lead-figure figcaption")[0]);
        assert!(caption.starts_with(&image.caption) && caption.ends_with(&image.credit), "{caption}");
    }
}

#[test]
fn a_page_without_base_url_or_image_says_less_but_stays_valid() {
    let article = Article {
        headline: "Quiet Day".into(),
        dek: "Nothing happened.".into(),
        body: vec![Block::Paragraph("Calm.".into())],
        ..Article::default()
    };
    let doc = Html::parse_document(&html::page(&article, Settings::default(), Links::Standalone));
    assert!(select(&doc, "link[rel=canonical]").is_empty());
    assert_eq!(meta(&doc, "og:url"), None);
    assert_eq!(meta(&doc, "og:image"), None);
    assert_eq!(meta(&doc, "twitter:card").as_deref(), Some("summary"));
    let ld = json_ld(&doc);
    assert!(ld.get("mainEntityOfPage").is_none() && ld.get("image").is_none());
    // No address to share yet: the share bar names the networks only.
    assert!(select(&doc, "nav.share a").is_empty());
    assert_eq!(select(&doc, "nav.share span").len(), ShareTarget::ALL.len());
}

/// Text meant to break out of wherever it is written.
const PAYLOADS: &[&str] = &[
    "</script><script>alert(1)</script>",
    "<!--<script>",
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "' onmouseover='alert(1)' x='",
    "\" onmouseover=\"alert(1)\" x=\"",
    "javascript:alert(1)",
    "[click](javascript:alert(1))",
    "[data](data:text/html;base64,PHNjcmlwdD4=)",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&amp;&quot;&#39;&#x3C;",
    "line\u{2028}separator\u{2029}paragraph",
    "</title><script>alert(1)</script>",
    "</style><script>alert(1)</script>",
    "<style>body{display:none}</style>",
    "]]><!-- -->",
    "<![CDATA[<script>]]>",
    "<svg onload=alert(1)>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "--><script>alert(1)</script><!--",
    "</textarea><script>alert(1)</script>",
    "{{ self }} {% if true %}x{% endif %}",
    "${alert(1)} #{1+1}",
    "\\u003c/script\\u003e",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<base href=\"https://evil.example/\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">",
    "<!DOCTYPE html><html>",
    "<?xml version=\"1.0\"?><x/>",
    "</p></article></main><script>alert(1)</script>",
    "\"'`<>&",
    "\u{202e}txt.exe override",
    "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
];

/// Every text field of an article set to `payload`.
fn article_full_of(payload: &str) -> Article {
    Article {
        slug: payload.into(),
        headline: payload.into(),
        dek: payload.into(),
        category: payload.into(),
        tags: vec![payload.into(), payload.into()],
        bylines: vec![payload.into(), payload.into()],
        status: Status::Published,
        published_at: "2026-03-10T11:00:00Z".parse().ok(),
        updated_at: "2026-03-10T12:00:00Z".parse().ok(),
        image: Some(Image {
            alt: payload.into(),
            caption: payload.into(),
            credit: payload.into(),
            src: "lead.png".into(),
            width: Some(1600),
            height: Some(900),
        }),
        share: ShareTarget::ALL.to_vec(),
        body: vec![
            Block::Heading { level: 2, text: payload.into() },
            Block::Paragraph(payload.into()),
            Block::Quote { text: payload.into(), attribution: Some(payload.into()) },
            Block::List { ordered: false, items: vec![payload.into(), payload.into()] },
            Block::Image(Image {
                alt: payload.into(),
                caption: payload.into(),
                credit: payload.into(),
                src: "body.png".into(),
                width: None,
                height: None,
            }),
        ],
        related: vec![Related {
            slug: payload.into(),
            category: payload.into(),
            title: payload.into(),
            teaser: payload.into(),
        }],
        ..Article::default()
    }
}

/// Every element with its attribute names, in document order; emphasis
/// written as markup in body text is the writer's, not an injection.
fn shape(doc: &Html) -> Vec<(String, BTreeSet<String>)> {
    doc.root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
        .filter(|e| !matches!(e.value().name(), "em" | "strong"))
        .map(|e| {
            (e.value().name().to_string(), e.value().attrs().map(|(name, _)| name.to_string()).collect())
        })
        .collect()
}

#[test]
fn hostile_text_in_every_field_adds_nothing_and_round_trips_through_json_ld() {
    assert!(PAYLOADS.len() >= 30);
    let desk = sample_desk();
    let settings = desk.page_settings();
    let baseline =
        Html::parse_document(&html::page(&article_full_of("plain words"), settings, Links::Standalone));
    let expected = shape(&baseline);
    for payload in PAYLOADS {
        let article = article_full_of(payload);
        let exported = html::page(&article, settings, Links::Standalone);
        let doc = Html::parse_document(&exported);
        assert_eq!(shape(&doc), expected, "payload {payload:?} changed the page's elements:\n{exported}");
        assert_eq!(select(&doc, "script").len(), 1, "{payload:?}");

        let ld = json_ld(&doc);
        assert_eq!(ld["headline"], *payload, "{payload:?}");
        assert_eq!(ld["description"], *payload);
        assert_eq!(ld["articleSection"], *payload);
        assert_eq!(ld["keywords"], serde_json::json!([payload, payload]));
        assert_eq!(ld["author"][0]["name"], *payload);
        assert_eq!(ld["author"][1]["name"], *payload);
        assert_eq!(ld["image"][0].as_str().map(|u| u.ends_with("/lead.png")), Some(true));

        assert_eq!(text(&select(&doc, "title")[0]), *payload);
        assert_eq!(text(&select(&doc, "h1")[0]), *payload);
        assert_eq!(meta(&doc, "description").as_deref(), Some(*payload));
        assert_eq!(meta(&doc, "og:image:alt").as_deref(), Some(*payload));
        assert_eq!(select(&doc, "figure img")[0].value().attr("alt"), Some(*payload));
        // A link in hostile text is never followed to anything but the web.
        for link in select(&doc, "a[href]") {
            let href = link.value().attr("href").unwrap_or_default();
            assert!(href.starts_with("https://") || href.starts_with("http://"), "{payload:?}: {href}");
        }
    }
}

#[test]
fn links_keep_the_allowlist_and_images_stay_in_the_folder_or_on_https() {
    let body = "[a](https://a.example/x) [b](http://b.example/) [c](mailto:desk@example.org) \
                [d](javascript:alert(1)) [e](data:text/html,x) [f](ftp://f.example/) [g](file:///etc/passwd) [h](vbscript:x)";
    let article = Article {
        headline: "Links".into(),
        body: vec![
            Block::Paragraph(body.into()),
            Block::Image(Image { alt: "a".into(), src: "javascript:alert(1)".into(), ..Image::default() }),
            Block::Image(Image { alt: "b".into(), src: "../../secret.png".into(), ..Image::default() }),
            Block::Image(Image {
                alt: "c".into(),
                src: "http://plain.example/i.png".into(),
                ..Image::default()
            }),
            Block::Image(Image {
                alt: "d".into(),
                src: "https://img.example.org/i.png".into(),
                ..Image::default()
            }),
            Block::Image(Image { alt: "e".into(), src: "photos/ok.png".into(), ..Image::default() }),
        ],
        ..Article::default()
    };
    let doc = Html::parse_document(&html::page(&article, Settings::default(), Links::Standalone));
    let hrefs: Vec<&str> =
        select(&doc, "p[data-element=paragraph] a").iter().filter_map(|a| a.value().attr("href")).collect();
    assert_eq!(hrefs, ["https://a.example/x", "http://b.example/", "mailto:desk@example.org"]);
    let paragraph = text(&select(&doc, "p[data-element=paragraph]")[0]);
    assert!(
        paragraph.contains(" d ") && paragraph.contains(" h"),
        "refused links stay as their text: {paragraph}"
    );
    let srcs: Vec<&str> = select(&doc, "img").iter().filter_map(|i| i.value().attr("src")).collect();
    assert_eq!(srcs, ["https://img.example.org/i.png", "photos/ok.png"]);
    // Each refused image still has its figure (the page keeps its shape)
    // showing the alt text instead.
    assert_eq!(select(&doc, "figure").len(), 5);
}

fn copy_samples(to: &Path) {
    for entry in fs::read_dir("assets/sample").expect("samples") {
        let path = entry.expect("entry").path();
        if path.is_file() {
            fs::copy(&path, to.join(path.file_name().expect("name"))).expect("copy");
        }
    }
}

fn files_under(root: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .map(|e| e.into_path())
        .collect()
}

#[test]
fn a_desk_exports_to_a_static_site_of_its_published_articles() {
    let desk = tempfile::tempdir().expect("desk");
    copy_samples(desk.path());
    let out = tempfile::tempdir().expect("site");
    let site_dir = out.path().join("site");
    let report = site::site(desk.path(), &site_dir).unwrap_or_else(|e| panic!("{e}"));
    let published: Vec<Article> =
        sample_articles().into_iter().map(|(_, a)| a).filter(|a| a.status == Status::Published).collect();
    assert_eq!(report.pages.len(), published.len());
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    for article in &published {
        let page = site_dir.join(&article.slug).join("index.html");
        let doc = Html::parse_document(&fs::read_to_string(&page).expect("page written"));
        assert_eq!(text(&select(&doc, "h1")[0]), article.headline);
        let image = article.image.as_ref().expect("lead image");
        assert_eq!(
            fs::read(site_dir.join(&article.slug).join(&image.src)).expect("image copied"),
            fs::read(Path::new("assets/sample").join(&image.src)).expect("sample image")
        );
        // Related cards link to the other pages of the site.
        for link in select(&doc, "aside.related a") {
            assert!(link.value().attr("href").is_some_and(|h| h.starts_with("../") && h.ends_with('/')));
        }
    }
    let ready = sample_articles().into_iter().map(|(_, a)| a).find(|a| a.status != Status::Published);
    assert!(ready.is_some_and(|a| !site_dir.join(a.slug).exists()), "only Published articles go out");

    let front = Html::parse_document(&fs::read_to_string(site_dir.join("index.html")).expect("front page"));
    let listed: BTreeSet<String> = select(&front, "section a")
        .iter()
        .filter_map(|a| a.value().attr("href").map(|h| h.trim_end_matches('/').to_string()))
        .collect();
    assert_eq!(listed, published.iter().map(|a| a.slug.clone()).collect());
    let sections: Vec<String> = select(&front, "section h2").iter().map(text).collect();
    let mut categories: Vec<String> =
        published.iter().map(|a| a.category.clone()).collect::<BTreeSet<_>>().into_iter().collect();
    let order = sample_desk().categories;
    categories.sort_by_key(|c| order.iter().position(|o| o == c));
    assert_eq!(sections, categories, "sections in the desk's category order");

    let feed = fs::read_to_string(site_dir.join("feed.xml")).expect("feed");
    let sitemap = fs::read_to_string(site_dir.join("sitemap.xml")).expect("sitemap");
    assert!(feed.starts_with("<?xml") && feed.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\">"));
    assert_eq!(feed.matches("<entry>").count(), published.len());
    for article in &published {
        let url = format!("https://courier.example.org/{}/", article.slug);
        assert!(feed.contains(&format!("<id>{url}</id>")), "{feed}");
        assert!(sitemap.contains(&format!("<loc>{url}</loc>")), "{sitemap}");
    }
}

#[test]
fn a_re_export_rewrites_only_the_pages_that_changed() {
    let desk = tempfile::tempdir().expect("desk");
    copy_samples(desk.path());
    let out = tempfile::tempdir().expect("site");
    let site_dir = out.path().join("site");
    let first = site::site(desk.path(), &site_dir).unwrap_or_else(|e| panic!("{e}"));
    let pages: Vec<PathBuf> = first.pages.iter().map(|slug| site_dir.join(slug).join("index.html")).collect();
    // Stale marks on every page: a page rewritten loses its mark.
    let stamp = |path: &Path| fs::metadata(path).and_then(|m| m.modified()).expect("mtime");
    let before: Vec<_> = pages.iter().map(|p| stamp(p)).collect();
    std::thread::sleep(std::time::Duration::from_millis(30));
    let (changed_path, mut changed) = sample_articles()
        .into_iter()
        .find(|(_, a)| a.status == Status::Published)
        .expect("a published sample");
    let changed_path = desk.path().join(changed_path.file_name().expect("name"));
    changed.dek.push_str(" Updated after the vote.");
    store::save(&changed_path, &changed).expect("save");
    site::site(desk.path(), &site_dir).unwrap_or_else(|e| panic!("{e}"));
    for (page, before) in pages.iter().zip(before) {
        let rewritten = stamp(page) != before;
        let is_changed = page.starts_with(site_dir.join(&changed.slug));
        assert_eq!(rewritten, is_changed, "{}", page.display());
    }
    let page = fs::read_to_string(site_dir.join(&changed.slug).join("index.html")).expect("page");
    assert!(page.contains("Updated after the vote."));
}

#[test]
fn no_slug_or_image_path_writes_outside_the_site() {
    let desk = tempfile::tempdir().expect("desk");
    fs::write(desk.path().join("secret.png"), b"not for the site").expect("secret");
    let sub = desk.path().join("local");
    fs::create_dir(&sub).expect("sub");
    let hostile = |slug: &str, src: &str| Article {
        slug: slug.into(),
        image: Some(Image { alt: "x".into(), src: src.into(), ..Image::default() }),
        body: vec![Block::Image(Image { alt: "y".into(), src: src.into(), ..Image::default() })],
        ..publishable(slug, "x.png", &[])
    };
    let cases = [
        ("../escaped", "x.png"),
        ("/etc/escaped", "x.png"),
        ("..", "x.png"),
        ("ok-slug", "../secret.png"),
        ("other-slug", "/etc/passwd"),
        ("third-slug", "..\\..\\secret.png"),
        ("Capital", "x.png"),
        ("fine-slug", "x.png"),
    ];
    for (n, (slug, src)) in cases.iter().enumerate() {
        store::save(&sub.join(format!("a{n}.ron")), &hostile(slug, src)).expect("save");
    }
    let out = tempfile::tempdir().expect("out");
    let site_dir = out.path().join("site");
    let report = site::site(desk.path(), &site_dir).unwrap_or_else(|e| panic!("{e}"));
    // A source the export refuses is an error `check` reports: the article
    // stays out whole.
    assert_eq!(report.pages, ["fine-slug"]);
    let skipped = report.skipped.join("\n");
    assert!(skipped.contains("slug is not valid"), "{skipped}");
    assert_eq!(skipped.matches("[image-source-invalid]").count(), 3, "{skipped}");
    let site_root = fs::canonicalize(&site_dir).expect("site");
    for file in files_under(out.path()) {
        let file = fs::canonicalize(&file).expect("file");
        assert!(file.starts_with(&site_root), "{} is outside the site", file.display());
        assert_ne!(fs::read(&file).ok().as_deref(), Some(&b"not for the site"[..]), "{}", file.display());
    }
    // A site folder inside the desk is refused.
    assert!(matches!(
        site::site(desk.path(), &desk.path().join("site")),
        Err(site::ExportError::SiteInsideDesk(_))
    ));
}

fn copydesk(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_copydesk")).args(args).output().expect("copydesk runs")
}

#[test]
fn the_cli_exports_a_page_and_a_site() {
    let out = tempfile::tempdir().expect("out");
    let page_path = out.path().join("story.html");
    let run = copydesk(&[
        "export",
        "assets/sample/kestrel-bend-flood-wall.ron",
        "-o",
        page_path.to_str().expect("utf-8"),
    ]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stdout));
    let doc = Html::parse_document(&fs::read_to_string(&page_path).expect("page"));
    assert_eq!(meta(&doc, "og:url").as_deref(), Some("https://courier.example.org/kestrel-bend-flood-wall/"));
    // Its images are copied beside it.
    assert!(out.path().join("kestrel-bend-flood-wall.png").is_file());

    let desk = tempfile::tempdir().expect("desk");
    copy_samples(desk.path());
    let site_dir = out.path().join("site");
    let run =
        copydesk(&["export", desk.path().to_str().expect("utf-8"), "-o", site_dir.to_str().expect("utf-8")]);
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(run.status.success(), "{stdout}");
    assert!(stdout.contains("4 pages, 5 images"), "{stdout}");
    assert!(site_dir.join("rowing-regional-title/index.html").is_file());

    let markdown_path = out.path().join("story.md");
    let run = copydesk(&[
        "export",
        "assets/sample/kestrel-bend-flood-wall.ron",
        "-o",
        markdown_path.to_str().expect("utf-8"),
        "--format",
        "markdown",
    ]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    assert!(std::fs::read_to_string(&markdown_path).expect("written").starts_with("---\n"));
    let run = copydesk(&["export", "no-such-file.ron", "-o", page_path.to_str().expect("utf-8")]);
    assert_eq!(run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.stdout).contains("no-such-file.ron"));
}

/// The exported samples, written to a folder with their images.
fn exported_samples(dir: &Path) -> Vec<PathBuf> {
    let desk = sample_desk();
    copy_samples(dir);
    sample_articles()
        .into_iter()
        .map(|(_, article)| {
            let path = dir.join(format!("{}.html", article.slug));
            fs::write(&path, html::page(&article, desk.page_settings(), Links::Standalone)).expect("write");
            path
        })
        .collect()
}

/// Fails the test, naming what to install, when `name` is not on the
/// `PATH`: a validation that passed without running would hide a broken
/// page.
fn require_tool(name: &str) {
    let found = Command::new("sh")
        .args(["-c", &format!("command -v {name}")])
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(found, "`{name}` is not installed (.ci/run installs it; see the README)");
}

#[test]
fn exported_samples_pass_html_validate() {
    require_tool("html-validate");
    let dir = tempfile::tempdir().expect("dir");
    let mut pages = exported_samples(dir.path());
    // The static site's front page too.
    let desk = tempfile::tempdir().expect("desk");
    copy_samples(desk.path());
    let site_dir = dir.path().join("site");
    site::site(desk.path(), &site_dir).unwrap_or_else(|e| panic!("{e}"));
    pages.push(site_dir.join("index.html"));
    let config = dir.path().join("htmlvalidate.json");
    fs::write(&config, r#"{ "extends": ["html-validate:recommended"] }"#).expect("config");
    let mut command = Command::new("html-validate");
    command.arg("--config").arg(&config).args(&pages);
    let out = command.output().expect("html-validate runs");
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Runs headless Chromium on `page` at `width` px.
fn chromium(profile: &Path, width: u32, extra: &[&str], page: &Path) -> std::process::Output {
    Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--window-size={width},900"))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs")
}

#[test]
fn exported_page_fits_a_phone_and_a_desktop_in_chromium() {
    require_tool("chromium");
    let dir = tempfile::tempdir().expect("dir");
    let pages = exported_samples(dir.path());
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("export-screenshots");
    fs::create_dir_all(&shots).expect("screenshot folder");
    for page in &pages {
        // The page's width as the browser lays it out, written into the DOM
        // so --dump-dom reports it.
        let probe = page.with_extension("probe.html");
        let html = fs::read_to_string(page).expect("page");
        let script = "<script>addEventListener('load',()=>{const d=document.documentElement;\
                      d.setAttribute('data-scroll-width',String(d.scrollWidth));\
                      d.setAttribute('data-client-width',String(d.clientWidth));});</script>";
        fs::write(&probe, html.replace("</body>", &format!("{script}</body>"))).expect("probe");
        for width in [375u32, 1280] {
            let profile = tempfile::tempdir().expect("profile");
            let out = chromium(profile.path(), width, &["--dump-dom", "--virtual-time-budget=2000"], &probe);
            let dom = String::from_utf8_lossy(&out.stdout);
            let attr = |name: &str| -> u32 {
                dom.split(&format!("{name}=\""))
                    .nth(1)
                    .and_then(|r| r.split('"').next())
                    .and_then(|v| v.parse().ok())
                    .unwrap_or_else(|| {
                        panic!(
                            "{name} missing at {width}px for {}:\n{}",
                            page.display(),
                            String::from_utf8_lossy(&out.stderr)
                        )
                    })
            };
            let (scroll, client) = (attr("data-scroll-width"), attr("data-client-width"));
            assert!(
                scroll <= client,
                "{} scrolls sideways at {width}px: {scroll} > {client}",
                page.display()
            );

            let stem = page.file_stem().and_then(|s| s.to_str()).unwrap_or("page");
            let shot = shots.join(format!("{stem}-{width}.png"));
            let profile = tempfile::tempdir().expect("profile");
            let out = chromium(profile.path(), width, &[&format!("--screenshot={}", shot.display())], page);
            assert!(shot.is_file(), "no screenshot: {}", String::from_utf8_lossy(&out.stderr));
            let (w, _) = media::pixel_size(&shot).expect("a PNG");
            assert_eq!(w, width);
        }
    }
}

#[test]
fn a_related_page_outside_the_desk_links_to_its_address() {
    let desk = sample_desk();
    let article = Article {
        headline: "Bridge Reopens".into(),
        related: vec![Related {
            slug: "https://courier.example.org/2019/old-bridge/".into(),
            category: "Local".into(),
            title: "How the Old Bridge Was Built".into(),
            teaser: "A look back.".into(),
        }],
        ..Article::default()
    };
    for links in [Links::Standalone, Links::Site] {
        let doc = Html::parse_document(&html::page(&article, desk.page_settings(), links));
        let hrefs: Vec<&str> =
            select(&doc, "[data-element=related] a").iter().filter_map(|a| a.value().attr("href")).collect();
        assert_eq!(hrefs, vec!["https://courier.example.org/2019/old-bridge/"]);
    }
    // The page's column and the preview's come from one place.
    let page = html::page(&article, desk.page_settings(), Links::Standalone);
    assert!(page.contains(&page::Column::stylesheet()), "the stylesheet carries the page model's column");
}

/// A Published story with nothing `check` calls an error, its lead image
/// at `lead` and one body image per entry of `body_images`.
fn publishable(slug: &str, lead: &str, body_images: &[&str]) -> Article {
    let picture = |src: &str| Image {
        src: src.into(),
        alt: "The quay at low tide".into(),
        caption: "The quay on Monday.".into(),
        credit: "Tove Arnesen".into(),
        ..Image::default()
    };
    let mut body = vec![Block::Paragraph("The harbour board met on Monday to talk about the quay.".into())];
    body.extend(body_images.iter().map(|src| Block::Image(picture(src))));
    Article {
        slug: slug.into(),
        headline: "Harbour Board Weighs a Longer Quay".into(),
        dek: "The vote is due in April.".into(),
        category: "Local".into(),
        bylines: vec!["Tove Arnesen".into()],
        status: Status::Published,
        published_at: "2026-03-10T11:00:00Z".parse().ok(),
        image: Some(picture(lead)),
        body,
        ..Article::default()
    }
}

fn write_png(path: &Path) {
    image::RgbImage::new(12, 8).save(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// Every file under `root` whose bytes contain `needle`.
fn files_holding(root: &Path, needle: &[u8]) -> Vec<PathBuf> {
    files_under(root)
        .into_iter()
        .filter(|f| fs::read(f).is_ok_and(|bytes| bytes.windows(needle.len()).any(|w| w == needle)))
        .collect()
}

#[test]
fn an_image_that_is_a_link_is_never_followed_into_an_export() {
    use std::os::unix::fs::symlink;
    let root = tempfile::tempdir().expect("root");
    let private = root.path().join("private");
    fs::create_dir(&private).expect("private");
    let secret = b"-----BEGIN OPENSSH PRIVATE KEY----- ferry";
    fs::write(private.join("id.png"), secret).expect("secret");
    let desk = root.path().join("desk");
    fs::create_dir(&desk).expect("desk");
    // A teammate's links: one to a file, one to a folder.
    symlink(private.join("id.png"), desk.join("lead.png")).expect("file link");
    symlink("../private", desk.join("photos")).expect("folder link");
    write_png(&desk.join("quay.png"));
    let story = desk.join("longer-quay.ron");
    store::save(&story, &publishable("longer-quay", "lead.png", &["photos/id.png", "quay.png"]))
        .expect("save");

    // `check` names both links: errors for a Published story...
    let run = copydesk(&["check", story.to_str().expect("utf-8")]);
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert_eq!(run.status.code(), Some(1), "{stdout}");
    let linked: Vec<&str> = stdout.lines().filter(|l| l.contains("[image-linked]")).collect();
    assert_eq!(linked.len(), 2, "{stdout}");
    assert!(linked.iter().all(|l| l.contains(": error: ")), "{stdout}");
    // ...warnings for a draft.
    let mut draft = publishable("longer-quay", "lead.png", &["photos/id.png", "quay.png"]);
    draft.status = Status::Draft;
    store::save(&story, &draft).expect("save");
    let run = copydesk(&["check", story.to_str().expect("utf-8")]);
    let stdout = String::from_utf8_lossy(&run.stdout);
    let linked: Vec<&str> = stdout.lines().filter(|l| l.contains("[image-linked]")).collect();
    assert_eq!(linked.len(), 2, "{stdout}");
    assert!(linked.iter().all(|l| l.contains(": warning: ")), "{stdout}");

    // One page: the real picture is copied, the links are left out with a message.
    let out = root.path().join("out");
    fs::create_dir(&out).expect("out");
    let run = copydesk(&[
        "export",
        story.to_str().expect("utf-8"),
        "-o",
        out.join("quay.html").to_str().expect("utf-8"),
    ]);
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(run.status.success(), "{stdout}");
    assert!(out.join("quay.png").is_file(), "{stdout}");
    assert!(
        stdout.contains("lead.png") && stdout.contains("photos/id.png") && stdout.contains("link"),
        "{stdout}"
    );
    assert!(files_holding(&out, secret).is_empty(), "{stdout}");

    // The site: the story is left out (it has errors) and nothing of the secret goes out.
    store::save(&story, &publishable("longer-quay", "lead.png", &["photos/id.png", "quay.png"]))
        .expect("save");
    let site_dir = root.path().join("site");
    let report = site::site(&desk, &site_dir).unwrap_or_else(|e| panic!("{e}"));
    assert!(report.pages.is_empty(), "{:?}", report.pages);
    assert!(
        report.skipped.iter().any(|s| s.contains("longer-quay") && s.contains("link")),
        "{:?}",
        report.skipped
    );
    assert!(files_holding(&site_dir, secret).is_empty());
}

#[test]
fn a_site_exported_around_its_desk_never_writes_into_it() {
    // The desk `news/`, a story whose slug is `news`, the site in the desk's parent.
    let parent = tempfile::tempdir().expect("parent");
    let desk = parent.path().join("news");
    fs::create_dir(&desk).expect("desk");
    write_png(&desk.join("quay.png"));
    let picture = fs::read(desk.join("quay.png")).expect("png");
    store::save(&desk.join("news.ron"), &publishable("news", "quay.png", &[])).expect("save");
    store::save(&desk.join("other.ron"), &publishable("other", "quay.png", &[])).expect("save");
    let before = files_under(&desk);
    let report = site::site(&desk, parent.path()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        fs::read(desk.join("quay.png")).expect("still there"),
        picture,
        "the desk's picture is intact"
    );
    assert_eq!(files_under(&desk), before, "nothing written into the desk");
    assert_eq!(report.pages, ["other"]);
    assert!(
        report.skipped.iter().any(|s| s.contains("news.ron") && s.contains("desk")),
        "{:?}",
        report.skipped
    );
    assert!(parent.path().join("other/index.html").is_file());
}

#[test]
fn an_export_never_leaves_a_fragment_or_replaces_its_input() {
    let dir = tempfile::tempdir().expect("dir");
    let story = dir.path().join("flood-wall.ron");
    fs::copy("assets/sample/kestrel-bend-flood-wall.ron", &story).expect("copy");
    let article = fs::read(&story).expect("read");
    // The output is the input: refused, whichever format.
    for format in ["html", "markdown"] {
        let run = copydesk(&[
            "export",
            "--format",
            format,
            story.to_str().expect("utf-8"),
            "-o",
            story.to_str().expect("utf-8"),
        ]);
        assert_eq!(run.status.code(), Some(1), "{format}");
        assert_eq!(fs::read(&story).expect("read"), article, "{format} overwrote its input");
    }
    let copy = dir.path().join("copy.md");
    fs::write(&copy, "---\ntitle: Ferry Notes\n---\n\nThe ferry ran late.\n").expect("write");
    let run = copydesk(&["import", copy.to_str().expect("utf-8"), "-o", copy.to_str().expect("utf-8")]);
    assert_eq!(run.status.code(), Some(1));
    assert!(fs::read_to_string(&copy).expect("read").starts_with("---\ntitle: Ferry Notes"));

    // A full disk (a file size limit of 4 KB) leaves the old page and the
    // old site whole.
    let page = dir.path().join("page.html");
    let site_dir = dir.path().join("site");
    let desk = dir.path().join("desk");
    fs::create_dir(&desk).expect("desk");
    copy_samples(&desk);
    let run = copydesk(&["export", desk.to_str().expect("utf-8"), "-o", site_dir.to_str().expect("utf-8")]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stdout));
    fs::write(&page, "<!doctype html><title>The old page</title>").expect("old page");
    let front = fs::read(site_dir.join("index.html")).expect("front page");
    let sample = store::load(&desk.join("rowing-regional-title.ron")).expect("load");
    let mut changed = sample.clone();
    changed.headline.push_str(" Again");
    store::save(&desk.join("rowing-regional-title.ron"), &changed).expect("save");
    let rowing = site_dir.join("rowing-regional-title/index.html");
    let old_rowing = fs::read(&rowing).expect("page");
    for args in [
        vec!["export", story.to_str().expect("utf-8"), "-o", page.to_str().expect("utf-8")],
        vec!["export", desk.to_str().expect("utf-8"), "-o", site_dir.to_str().expect("utf-8")],
    ] {
        let mut command = Command::new(env!("CARGO_BIN_EXE_copydesk"));
        command.args(&args);
        // SAFETY: between fork and exec only async-signal-safe calls.
        unsafe {
            std::os::unix::process::CommandExt::pre_exec(&mut command, || {
                libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
                let limit = libc::rlimit { rlim_cur: 4096, rlim_max: 4096 };
                libc::setrlimit(libc::RLIMIT_FSIZE, &limit);
                Ok(())
            });
        }
        let run = command.output().expect("copydesk runs");
        assert_eq!(run.status.code(), Some(1), "{args:?}: {}", String::from_utf8_lossy(&run.stdout));
    }
    assert_eq!(fs::read_to_string(&page).expect("page"), "<!doctype html><title>The old page</title>");
    assert_eq!(fs::read(&rowing).expect("page"), old_rowing, "a page is whole, old or new");
    let now = fs::read(site_dir.join("index.html")).expect("front page");
    assert!(now == front || String::from_utf8_lossy(&now).trim_end().ends_with("</html>"));
    let stray: Vec<PathBuf> = files_under(dir.path())
        .into_iter()
        .filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().ends_with(".tmp")))
        .collect();
    assert!(stray.is_empty(), "{stray:?}");
}

/// Characters XML 1.0 does not allow in a document, and those HTML calls
/// control characters.
fn forbidden(c: char) -> bool {
    (c.is_control() && !matches!(c, '\n' | '\t' | '\r'))
        || matches!(c as u32, 0xFDD0..=0xFDEF)
        || (c as u32 & 0xFFFE) == 0xFFFE
}

#[test]
fn feed_sitemap_and_pages_never_carry_forbidden_characters() {
    let root = tempfile::tempdir().expect("root");
    let desk = root.path().join("desk");
    fs::create_dir(&desk).expect("desk");
    fs::copy("assets/sample/desk.ron", desk.join("desk.ron")).expect("desk.ron");
    write_png(&desk.join("quay.png"));
    // An error `check` reports: left out of the site, with its message.
    let mut tabbed = publishable("vertical-tab", "quay.png", &[]);
    tabbed.headline = "Quay\u{b} Vote Delayed".into();
    // What `check` lets through still never reaches a page or the feed.
    let mut odd = publishable("odd-characters", "quay.png", &[]);
    odd.headline = "Quay Vote \u{FFFF}Delayed".into();
    odd.dek = "The board waits\u{FDD0} for April.".into();
    odd.tags = vec!["harbour\u{FFFE}".into()];
    // (Control characters anywhere in the catalogue's fields are `check`
    // errors since every field is checked; noncharacters are not.)
    if let Some(image) = &mut odd.image {
        image.caption = "The quay\u{FDEF} at dusk.".into();
    }
    odd.related = vec![Related {
        slug: "vertical-tab".into(),
        category: "Local".into(),
        title: "Quay\u{1FFFE} vote".into(),
        teaser: "A teaser\u{FFFF}.".into(),
    }];
    store::save(&desk.join("tabbed.ron"), &tabbed).expect("save");
    store::save(&desk.join("odd.ron"), &odd).expect("save");
    let site_dir = root.path().join("site");
    let report = site::site(&desk, &site_dir).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(report.pages, ["odd-characters"]);
    assert!(
        report.skipped.iter().any(|s| s.contains("tabbed.ron") && s.contains("control character")),
        "{:?}",
        report.skipped
    );
    assert!(!site_dir.join("vertical-tab").exists(), "never half-written");
    for file in ["feed.xml", "sitemap.xml", "index.html", "odd-characters/index.html"] {
        let text = fs::read_to_string(site_dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert!(!text.chars().any(forbidden), "{file}: {:?}", text.chars().find(|&c| forbidden(c)));
    }
    let feed = fs::read_to_string(site_dir.join("feed.xml")).expect("feed");
    assert!(feed.contains("Quay Vote") && feed.contains("Delayed"), "{feed}");
    // One page on its own too.
    let page = html::page(&odd, Settings::default(), Links::Standalone);
    assert!(!page.chars().any(forbidden));
}

#[test]
fn export_notices_reach_the_terminal_escaped() {
    let dir = tempfile::tempdir().expect("dir");
    let story = dir.path().join("quay.ron");
    store::save(&story, &publishable("quay", "gone\u{1b}[2K\u{1b}]0;owned\u{7}.png", &["x\u{9b}1A.png"]))
        .expect("save");
    let page = dir.path().join("out/quay.html");
    fs::create_dir_all(page.parent().expect("folder")).expect("folder");
    let run = copydesk(&["export", story.to_str().expect("utf-8"), "-o", page.to_str().expect("utf-8")]);
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(stdout.contains("gone\\u{1b}[2K"), "{stdout:?}");
    assert!(!stdout.contains(['\u{1b}', '\u{7}', '\u{9b}']), "{stdout:?}");
}
