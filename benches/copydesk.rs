//! The performance suite: every measurement sits beside a baseline measured
//! in the same run, and the ratios are printed at the end.
//!
//! `cargo bench` runs it all (under 10 minutes on a 2-core machine);
//! `cargo bench -- window` runs one group. `cargo bench -- publish` times
//! publishing into the local WordPress (`tests/servers/cms.sh start`
//! first), by hand rather than with criterion (see `cms/publish.rs`).

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use copydesk::app::{Command, CopydeskApp, Launch, Prefs, ScriptedDialogs};
use copydesk::model::article::suggestions;
use copydesk::model::article::{Anchor, Article, Note, NoteKind};
use copydesk::model::markup;
use copydesk::output::export::{html, site};
use copydesk::rules::check;
use copydesk::storage::{desk, store};
use copydesk::testkit::generate;
use criterion::{BatchSize, Criterion};

#[path = "cms/publish.rs"]
mod publish;

/// Heap bytes in use, counted for the live document's memory figure (a
/// relaxed counter: both sides of every ratio pay the same for it).
struct CountingAllocator;

static HEAP_IN_USE: std::sync::atomic::AtomicIsize = std::sync::atomic::AtomicIsize::new(0);

unsafe impl std::alloc::GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        HEAP_IN_USE.fetch_add(layout.size() as isize, std::sync::atomic::Ordering::Relaxed);
        unsafe { std::alloc::System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: std::alloc::Layout) {
        HEAP_IN_USE.fetch_sub(layout.size() as isize, std::sync::atomic::Ordering::Relaxed);
        unsafe { std::alloc::System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: std::alloc::Layout, new_size: usize) -> *mut u8 {
        HEAP_IN_USE
            .fetch_add(new_size as isize - layout.size() as isize, std::sync::atomic::Ordering::Relaxed);
        unsafe { std::alloc::System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// The heap `make`'s result holds (what it allocated and kept).
fn heap_of<T>(make: impl FnOnce() -> T) -> (T, usize) {
    let before = HEAP_IN_USE.load(std::sync::atomic::Ordering::Relaxed);
    let value = make();
    let after = HEAP_IN_USE.load(std::sync::atomic::Ordering::Relaxed);
    (value, (after - before).max(0) as usize)
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(800))
        .measurement_time(Duration::from_secs(3))
        .sample_size(30)
        .configure_from_args()
}

/// A 20k/100k-word article on disk and in memory.
struct Fixture {
    _dir: tempfile::TempDir,
    path: PathBuf,
    article: Article,
}

fn fixture(words: usize) -> Fixture {
    fixture_with(words, words as u64)
}

fn fixture_with(words: usize, seed: u64) -> Fixture {
    let dir = tempfile::tempdir().expect("temp dir");
    let article = generate::article(words, seed);
    let path = dir.path().join("story.ron");
    store::save(&path, &article).expect("save");
    Fixture { _dir: dir, path, article }
}

fn open_and_save(c: &mut Criterion) {
    let fixture = fixture(20_000);
    let ron = store::to_string(&fixture.article);
    let json = serde_json::to_string(&fixture.article).expect("json");
    let mut group = c.benchmark_group("open");
    group
        .bench_function("ron load 20k", |b| b.iter(|| store::parse_str(black_box(&ron), Path::new("x.ron"))));
    group.bench_function("json parse 20k (baseline)", |b| {
        b.iter(|| serde_json::from_str::<Article>(black_box(&json)).expect("json"))
    });
    group.bench_function("ron load from disk 20k", |b| b.iter(|| store::load(black_box(&fixture.path))));
    group.finish();
    let mut group = c.benchmark_group("save");
    group.bench_function("ron serialise 20k", |b| b.iter(|| store::to_string(black_box(&fixture.article))));
    group.bench_function("json serialise 20k (baseline)", |b| {
        b.iter(|| serde_json::to_string(black_box(&fixture.article)).expect("json"))
    });
    group.finish();
}

fn markup_bench(c: &mut Criterion) {
    let body = markup::render(&generate::body(20_000, 5));
    let mut group = c.benchmark_group("markup");
    group.bench_function("parse+render 20k", |b| {
        b.iter(|| markup::render(&markup::parse(black_box(&body)).blocks))
    });
    group.bench_function("pulldown-cmark events 20k (baseline)", |b| {
        b.iter(|| pulldown_cmark::Parser::new(black_box(&body)).count())
    });
    group.finish();
}

/// Importing a 20k-word Markdown file (front matter, body, findings)
/// against pulldown-cmark reading the same text.
fn import_bench(c: &mut Criterion) {
    let article = generate::article(20_000, 11);
    let text = copydesk::output::export::markdown::to_string(&article).expect("export");
    let mut group = c.benchmark_group("import");
    group.bench_function("markdown import 20k", |b| {
        b.iter(|| {
            copydesk::output::import::from_text(black_box(&text), Some("story.md"), None).expect("import")
        })
    });
    group.bench_function("pulldown-cmark events 20k (baseline)", |b| {
        b.iter(|| pulldown_cmark::Parser::new(black_box(&text)).count())
    });
    group.finish();
}

/// How many keys the front matter benchmarks write (`COPYDESK_BENCH_KEYS`
/// sets a smaller count, to measure a build whose import is slow).
fn front_matter_keys() -> usize {
    std::env::var("COPYDESK_BENCH_KEYS").ok().and_then(|n| n.parse().ok()).unwrap_or(100_000)
}

/// A Markdown file whose front matter holds `keys` keys in `kind`'s syntax,
/// and the front matter's own text (what the parser alone is given).
fn front_matter_file(kind: &str, keys: usize) -> (String, String) {
    let mut block = String::with_capacity(keys * 32);
    for n in 0..keys {
        match kind {
            "YAML" => block.push_str(&format!("desk_note_{n:06}: Filed from the river office {n}\n")),
            "TOML" => block.push_str(&format!("desk_note_{n:06} = \"Filed from the river office {n}\"\n")),
            _ => {
                let comma = if n + 1 == keys { "" } else { "," };
                block.push_str(&format!(
                    "  \"desk_note_{n:06}\": \"Filed from the river office {n}\"{comma}\n"
                ))
            }
        }
    }
    let body = "\nThe ferry ran late again on Tuesday.\n";
    let file = match kind {
        "YAML" => format!("---\ntitle: Ferry Notes\n{block}---\n{body}"),
        "TOML" => format!("+++\ntitle = \"Ferry Notes\"\n{block}+++\n{body}"),
        _ => format!("{{\n  \"title\": \"Ferry Notes\",\n{block}}}\n{body}"),
    };
    let front = match kind {
        "JSON" => format!("{{\n  \"title\": \"Ferry Notes\",\n{block}}}\n"),
        "TOML" => format!("title = \"Ferry Notes\"\n{block}"),
        _ => format!("title: Ferry Notes\n{block}"),
    };
    (file, front)
}

/// Importing front matter of 100,000 keys in each syntax against its
/// parser reading the front matter alone (budget: 3x), and a Markdown file
/// of 400,000 `####` lines (outside the subset: each one kept as text and
/// reported) against pulldown-cmark reading it (budget: 3x).
fn import_scale_bench(c: &mut Criterion) {
    let keys = front_matter_keys();
    let mut group = c.benchmark_group("import front matter");
    group.sample_size(10).measurement_time(Duration::from_secs(5));
    for kind in ["YAML", "TOML", "JSON"] {
        let (file, front) = front_matter_file(kind, keys);
        group.bench_function(format!("{kind} import {keys} keys"), |b| {
            b.iter(|| {
                copydesk::output::import::from_text(black_box(&file), Some("notes.md"), None).expect("import")
            })
        });
        group.bench_function(format!("{kind} parse {keys} keys (baseline)"), |b| {
            b.iter(|| match kind {
                "YAML" => {
                    serde_saphyr::from_str::<serde_json::Value>(black_box(&front)).map(|_| ()).expect("yaml")
                }
                "TOML" => toml::from_str::<toml::Table>(black_box(&front)).map(|_| ()).expect("toml"),
                _ => serde_json::from_str::<serde_json::Value>(black_box(&front)).map(|_| ()).expect("json"),
            })
        });
    }
    group.finish();

    let lines = 400_000;
    let text: String = (0..lines).map(|n| format!("#### Ferry timetable note {n}\n")).collect();
    let mut group = c.benchmark_group("import headings");
    group.sample_size(10).measurement_time(Duration::from_secs(5));
    group.bench_function("markdown import 400k #### lines", |b| {
        b.iter(|| {
            copydesk::output::import::from_text(black_box(&text), Some("notes.md"), None).expect("import")
        })
    });
    group.bench_function("pulldown-cmark events 400k #### lines (baseline)", |b| {
        b.iter(|| pulldown_cmark::Parser::new(black_box(&text)).count())
    });
    group.finish();
}

fn checks_bench(c: &mut Criterion) {
    let article = generate::article(20_000, 11);
    let body = markup::render(&article.body);
    let speller = copydesk::rules::spell::Speller::load().expect("a dictionary");
    let mut group = c.benchmark_group("checks");
    group.bench_function("checks 20k", |b| {
        b.iter(|| check::article(black_box(&article), &check::Context::default()))
    });
    group.bench_function("checks+spelling 20k cold", |b| {
        b.iter(|| {
            let mut findings = check::article(black_box(&article), &check::Context::default());
            findings.extend(speller.findings(&article));
            findings
        })
    });
    // What the window does per keystroke: one paragraph changed, the rest
    // of the spelling answered from the cache.
    let mut cache = copydesk::rules::spell::SpellCache::new();
    let mut edited = article.clone();
    let paragraph = edited
        .body
        .iter()
        .position(|b| matches!(b, copydesk::model::article::Block::Paragraph(_)))
        .unwrap_or(0);
    let mut n = 0u64;
    speller.findings_cached(&edited, &mut cache);
    group.bench_function("checks+spelling 20k one edit", |b| {
        b.iter(|| {
            n += 1;
            if let Some(copydesk::model::article::Block::Paragraph(text)) = edited.body.get_mut(paragraph) {
                text.push_str(if n.is_multiple_of(2) { " x" } else { " y" });
            }
            let mut findings = check::article(black_box(&edited), &check::Context::default());
            findings.extend(speller.findings_cached(&edited, &mut cache));
            findings
        })
    });
    group.bench_function("parse 20k (baseline)", |b| b.iter(|| markup::parse(black_box(&body))));
    group.finish();
}

/// A desk folder whose `.vale.ini` runs the write-good and Microsoft
/// styles kept as test fixtures.
fn house_style_desk() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/vale");
    for (repo, style) in [("write-good", "write-good"), ("Microsoft", "Microsoft")] {
        let target = dir.path().join("styles").join(style);
        std::fs::create_dir_all(&target).expect("styles folder");
        for entry in std::fs::read_dir(fixtures.join(repo).join(style)).expect("style fixture") {
            let path = entry.expect("entry").path();
            if let Some(name) = path.file_name() {
                std::fs::copy(&path, target.join(name)).expect("copy rule");
            }
        }
    }
    std::fs::write(
        dir.path().join(".vale.ini"),
        "StylesPath = styles\n[*.md]\nBasedOnStyles = write-good, Microsoft\n",
    )
    .expect("ini");
    dir
}

/// Every check of the one pipeline (spelling, typography, grammar, house
/// style) after one keystroke in a 20,000-word article, against spelling
/// alone; and a first full check of it.
fn language_checks_bench(c: &mut Criterion) {
    use copydesk::model::article::Block;
    use copydesk::rules::review::{self, ReviewCache, Rules};
    use copydesk::storage::desk::config::{DeskConfig, Loaded};
    let mut article = generate::article(20_000, 11);
    article.language = Some("en-US".into());
    let speller = copydesk::rules::spell::Speller::load().expect("a dictionary");
    let desk = house_style_desk();
    let loaded = |config: DeskConfig| Loaded { config, error: None, present: true };
    // Grammar is the desk's choice; this measures every check, so it is on.
    let mut every_check = DeskConfig::default();
    every_check.style.grammar = true;
    let all = Rules::new(&loaded(every_check), Some(&speller), &[]).with_house_style(desk.path());
    assert!(all.house.as_ref().is_some_and(|h| h.rules.len() > 40), "the house style loads");
    // A desk's checks as it gets them unless it turns grammar on.
    let default =
        Rules::new(&loaded(DeskConfig::default()), Some(&speller), &[]).with_house_style(desk.path());
    assert!(default.grammar.is_none() && default.house.is_some());
    let mut spelling_only = DeskConfig::default();
    spelling_only.style.typography = false;
    spelling_only.style.grammar = false;
    let spelling = Rules::new(&loaded(spelling_only), Some(&speller), &[]);
    let paragraph = article.body.iter().position(|b| matches!(b, Block::Paragraph(_))).unwrap_or(0);
    let mut group = c.benchmark_group("language checks");
    group.sample_size(20);
    for (name, rules) in [
        ("all checks 20k one edit", &all),
        ("default checks 20k one edit", &default),
        ("spelling 20k one edit (baseline)", &spelling),
    ] {
        let mut edited = article.clone();
        let mut cache = ReviewCache::default();
        review::review(&edited, rules, None, &mut cache);
        let original = match article.body.get(paragraph) {
            Some(Block::Paragraph(text)) => text.clone(),
            _ => String::new(),
        };
        let mut n = 0u64;
        group.bench_function(name, |b| {
            b.iter(|| {
                n += 1;
                // Each keystroke leaves one sentence that no check has seen
                // (a number never typed before), and the paragraph keeps
                // its length: a paragraph that grew by " x" at every
                // iteration measured a sentence of thousands of words.
                if let Some(Block::Paragraph(text)) = edited.body.get_mut(paragraph) {
                    *text = format!("{original} The ferry count reached {n} on the quay.");
                }
                review::review(black_box(&edited), rules, None, &mut cache).findings.len()
            })
        });
    }
    group.bench_function("default checks 20k first", |b| {
        b.iter(|| {
            review::review(black_box(&article), &default, None, &mut ReviewCache::default()).findings.len()
        })
    });
    // Harper's first reading of 20,000 words takes seconds: ten samples.
    group.sample_size(10);
    group.bench_function("all checks 20k first", |b| {
        b.iter(|| review::review(black_box(&article), &all, None, &mut ReviewCache::default()).findings.len())
    });
    group.finish();
}

/// `copydesk check` on one paragraph of a megabyte where every word repeats
/// the one before (a finding per word), against reading and parsing the
/// same file: placing findings must not rescan the file per finding.
fn check_cli_bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let write = |bytes: usize, name: &str| {
        let mut article = generate::article(200, 7);
        let paragraph = "river ".repeat(bytes / 6);
        article.body.push(copydesk::model::article::Block::Paragraph(paragraph.trim_end().to_string()));
        let path = dir.path().join(name);
        store::save(&path, &article).expect("save");
        path
    };
    let path = write(1_000_000, "long-paragraph.ron");
    let quarter = write(250_000, "quarter-paragraph.ron");
    // Not a budget row: a megabyte of ordinary prose (words from a list,
    // a comma or full stop every few words), whose words are all different
    // from the one before, for what checking costs when nothing repeats.
    let prose_path = {
        let mut article = generate::article(200, 7);
        article.body.push(copydesk::model::article::Block::Paragraph(prose(1_000_000)));
        let path = dir.path().join("prose-paragraph.ron");
        store::save(&path, &article).expect("save");
        path
    };
    let check = |path: &Path| {
        let mut report = copydesk::cli::Report::default();
        copydesk::cli::check_file(
            black_box(path),
            &copydesk::rules::review::Rules::default(),
            None,
            &mut report,
        );
        report.findings.len()
    };
    let mut group = c.benchmark_group("check-cli");
    group.sample_size(10).measurement_time(Duration::from_secs(6));
    group.bench_function("check 1 MB paragraph", |b| b.iter(|| check(&path)));
    // Linear time means four quarters cost what the whole does.
    group.bench_function("check 250 KB paragraph x4 (baseline)", |b| {
        b.iter(|| (0..4).map(|_| check(&quarter)).sum::<usize>())
    });
    group.bench_function("load 1 MB paragraph (baseline)", |b| b.iter(|| store::load(black_box(&path))));
    group.bench_function("check 1 MB prose paragraph", |b| b.iter(|| check(&prose_path)));
    group.bench_function("load 1 MB prose paragraph (baseline)", |b| {
        b.iter(|| store::load(black_box(&prose_path)))
    });
    group.finish();
}

/// About `bytes` of one-line prose: invented words in a fixed
/// pseudo-random order, a comma or a full stop every few of them.
fn prose(bytes: usize) -> String {
    const WORDS: &[&str] = &[
        "ferry",
        "council",
        "harbor",
        "tide",
        "vote",
        "mayor",
        "budget",
        "bridge",
        "crews",
        "wall",
        "river",
        "residents",
        "said",
        "on",
        "the",
        "a",
        "of",
        "before",
        "after",
        "dusk",
        "planned",
        "quietly",
        "rose",
        "twelve",
        "meters",
        "north",
        "Linden",
        "Okafor",
        "stalls",
        "market",
        "closed",
        "early",
    ];
    let mut out = String::with_capacity(bytes + 16);
    let mut seed = 7u64;
    let mut previous = usize::MAX;
    let mut since_mark = 0;
    while out.len() < bytes {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let mut pick = (seed >> 33) as usize % WORDS.len();
        if pick == previous {
            pick = (pick + 1) % WORDS.len();
        }
        previous = pick;
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(WORDS[pick]);
        since_mark += 1;
        if since_mark > 4 + (seed >> 60) as usize {
            out.push(if seed & 1 == 0 { ',' } else { '.' });
            since_mark = 0;
        }
    }
    out
}

fn export_bench(c: &mut Criterion) {
    let article = generate::article(20_000, 13);
    let body = markup::render(&article.body);
    let desk = copydesk::storage::desk::config::DeskConfig {
        name: "The Bench Courier".into(),
        base_url: Some("https://bench.example.org/".into()),
        ..Default::default()
    };
    let settings = desk.page_settings();
    let mut group = c.benchmark_group("export");
    group.bench_function("html page 20k", |b| {
        b.iter(|| html::page(black_box(&article), settings, html::Links::Standalone))
    });
    group.bench_function("pulldown-cmark push_html 20k (baseline)", |b| {
        b.iter(|| {
            let mut out = String::new();
            pulldown_cmark::html::push_html(&mut out, pulldown_cmark::Parser::new(black_box(&body)));
            out
        })
    });
    group.finish();

    // The whole desk as a static site: every article read, laid out and
    // written, with the front page, feed and sitemap (budget: 3 s).
    let (dir, paths) = published_desk(10_000);
    let out = tempfile::tempdir().expect("site dir");
    let mut group = c.benchmark_group("export site");
    group.sample_size(10).measurement_time(Duration::from_secs(10));
    // Into an empty folder each time. The sites are all kept until the
    // group ends: deleting 20,000 files and folders between runs made ext4
    // search past the just-freed inodes on the next run's creates (most of
    // a profile was `recently_deleted`), which no editor's one export meets.
    let kept = std::cell::RefCell::new(Vec::new());
    let exported = site::site(dir.path(), &out.path().join("first")).map(|r| r.pages.len()).unwrap_or(0);
    assert_eq!(exported, 10_000, "every generated story goes out");
    group.bench_function("site of 10k articles", |b| {
        b.iter_batched(
            || tempfile::tempdir().expect("site dir"),
            |fresh| {
                let pages = site::site(black_box(dir.path()), &fresh.path().join("site"))
                    .map(|r| r.pages.len())
                    .unwrap_or(0);
                kept.borrow_mut().push(fresh);
                pages
            },
            BatchSize::PerIteration,
        )
    });
    // Again over the same site with nothing changed: unchanged pages are
    // compared, not rewritten.
    group.bench_function("site of 10k articles again", |b| {
        b.iter(|| {
            site::site(black_box(dir.path()), &out.path().join("site")).map(|r| r.pages.len()).unwrap_or(0)
        })
    });
    group.bench_function("read 10k files' bytes (baseline)", |b| {
        b.iter(|| paths.iter().map(|p| std::fs::read(p).map(|b| b.len()).unwrap_or(0)).sum::<usize>())
    });
    group.finish();
    drop(kept);
}

/// A desk of `count` published 1,000-word articles in 50 folders, and the
/// articles' paths.
fn published_desk(count: u64) -> (tempfile::TempDir, Vec<PathBuf>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut paths = Vec::with_capacity(count as usize);
    for n in 0..count {
        let mut article = generate::article(1_000, n + 1);
        article.slug = format!("desk-story-{n}");
        // Links to other stories of this desk: a broken one is an error,
        // and the export leaves out what `check` finds an error in.
        for (k, link) in article.related.iter_mut().enumerate() {
            link.slug = format!("desk-story-{}", (n + 1 + k as u64) % count);
        }
        // Published, so the site export below writes every one of them.
        article.status = copydesk::model::article::Status::Published;
        article.published_at =
            Some(jiff::Timestamp::from_second(1_770_000_000 + n as i64).unwrap_or_default());
        let folder = dir.path().join(format!("{:02}", n % 50));
        std::fs::create_dir_all(&folder).expect("folder");
        let path = folder.join(format!("{}.ron", article.slug));
        std::fs::write(&path, store::to_string(&article)).expect("write");
        paths.push(path);
    }
    (dir, paths)
}

fn desk_bench(c: &mut Criterion) {
    let (dir, paths) = published_desk(10_000);
    let mut group = c.benchmark_group("desk");
    group.sample_size(10).measurement_time(Duration::from_secs(8));
    group.bench_function("index 10k articles", |b| {
        b.iter(|| desk::Index::scan(black_box(dir.path()), &desk::Progress::default()).entries.len())
    });
    group.bench_function("read 10k files' bytes (baseline)", |b| {
        b.iter(|| paths.iter().map(|p| std::fs::read(p).map(|b| b.len()).unwrap_or(0)).sum::<usize>())
    });
    group.finish();
}

/// The team desk: status of a 10,000-article git desk against walking its
/// files; a field merge of two 20,000-word versions against serialising one.
fn team_bench(c: &mut Criterion) {
    use copydesk::storage::team::{TeamDesk, merge};
    let dir = tempfile::tempdir().expect("temp dir");
    for n in 0..10_000u64 {
        let mut article = generate::article(200, n + 1);
        article.slug = format!("team-story-{n}");
        let folder = dir.path().join(format!("{:02}", n % 50));
        std::fs::create_dir_all(&folder).expect("folder");
        std::fs::write(folder.join(format!("{}.ron", article.slug)), store::to_string(&article))
            .expect("write");
    }
    let team = TeamDesk::init(dir.path(), None).expect("share");
    {
        let repo = git2::Repository::open(dir.path()).expect("repo");
        let mut index = repo.index().expect("index");
        index.add_all(["*"], git2::IndexAddOption::DEFAULT, None).expect("add");
        index.write().expect("write index");
        let tree = repo.find_tree(index.write_tree().expect("tree")).expect("tree");
        let who = git2::Signature::now("Bench Desk", "bench@example.org").expect("signature");
        repo.commit(Some("HEAD"), &who, &who, "10k articles", &tree, &[]).expect("commit");
    }
    for n in 0..20u64 {
        let path = dir.path().join(format!("{:02}", n % 50)).join(format!("team-story-{n}.ron"));
        let mut article = store::load(&path).expect("load");
        article.headline.push_str(" (edited)");
        store::save(&path, &article).expect("save");
    }
    let mut group = c.benchmark_group("team");
    group.sample_size(10).measurement_time(Duration::from_secs(6));
    group.bench_function("status 10k articles", |b| b.iter(|| team.status().expect("status").files.len()));
    group.bench_function("list 10k files (baseline)", |b| {
        b.iter(|| desk::index::article_files(black_box(dir.path())).len())
    });
    let base = generate::article(20_000, 3);
    let mut mine = base.clone();
    let mut theirs = base.clone();
    mine.headline = "Mine".into();
    theirs.dek = "Theirs".into();
    for (i, block) in mine.body.iter_mut().enumerate().filter(|(i, _)| i % 40 == 0) {
        *block = copydesk::model::article::Block::Paragraph(format!("Mine rewrote block {i}."));
    }
    for (i, block) in theirs.body.iter_mut().enumerate().filter(|(i, _)| i % 40 == 20) {
        *block = copydesk::model::article::Block::Paragraph(format!("Theirs rewrote block {i}."));
    }
    group.bench_function("field merge 20k", |b| {
        b.iter(|| merge::merge_article(Some(black_box(&base)), black_box(&mine), black_box(&theirs)))
    });
    group.bench_function("ron serialise 20k (baseline)", |b| b.iter(|| store::to_string(black_box(&mine))));
    group.finish();
}

/// Drives an `eframe::App` (or a bare closure) headlessly, frame by frame.
struct Window {
    ctx: egui::Context,
    frame: eframe::Frame,
    time: f64,
}

impl Window {
    fn new(accesskit: bool) -> Window {
        let ctx = egui::Context::default();
        if accesskit {
            ctx.enable_accesskit();
        }
        Window { ctx, frame: eframe::Frame::_new_kittest(), time: 0.0 }
    }

    fn input(&mut self, events: Vec<egui::Event>) -> egui::RawInput {
        self.time += 1.0 / 60.0;
        egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1480.0, 920.0))),
            time: Some(self.time),
            events,
            ..egui::RawInput::default()
        }
    }

    fn app_frame(&mut self, app: &mut CopydeskApp, events: Vec<egui::Event>) {
        let input = self.input(events);
        let frame = &mut self.frame;
        let mut output = self.ctx.run_ui(input, |ui| eframe::App::ui(app, ui, frame));
        // Textures are never uploaded here; egui asserts they were handled.
        output.textures_delta.clear();
        black_box(output.shapes.len());
    }

    fn bare_frame(&mut self, text: &mut String, events: Vec<egui::Event>) {
        let input = self.input(events);
        let mut output = self.ctx.run_ui(input, |ui| {
            egui::CentralPanel::default().show(ui, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    ui.add(
                        egui::TextEdit::multiline(text)
                            .id(egui::Id::unique("bare"))
                            .desired_width(f32::INFINITY),
                    );
                });
            });
        });
        output.textures_delta.clear();
        black_box(output.shapes.len());
    }
}

fn open_app(window: &Window, path: &Path, data: &Path) -> CopydeskApp {
    open_app_in(window, path, None, data)
}

fn open_app_in(window: &Window, path: &Path, desk: Option<&Path>, data: &Path) -> CopydeskApp {
    let cc = eframe::CreationContext::_new_kittest(window.ctx.clone());
    let launch = Launch {
        data_dir: Some(data.to_path_buf()),
        open: Some(path.to_path_buf()),
        desk: desk.map(Path::to_path_buf),
        dialogs: Some(Box::new(ScriptedDialogs::new())),
        ..Launch::default()
    };
    CopydeskApp::new(&cc, launch)
}

/// Finding every match of a word in a 100,000-word article (budget 5 ms),
/// against counting it with memchr's substring search.
fn find_bench(c: &mut Criterion) {
    let body = markup::render(&generate::body(100_000, 3));
    let word = body
        .split_whitespace()
        .nth(500)
        .unwrap_or("the")
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_string();
    let query = copydesk::model::find::Query { text: word.clone(), whole_word: true, ..Default::default() };
    let finder = query.compile().expect("a word compiles").expect("a finder");
    let mut group = c.benchmark_group("find");
    group.bench_function("find all 100k", |b| b.iter(|| finder.matches(black_box(&body)).len()));
    group.bench_function("memmem count 100k (baseline)", |b| {
        b.iter(|| memchr::memmem::find_iter(black_box(body.as_bytes()), word.as_bytes()).count())
    });
    group.finish();
}

/// An idle frame with the sample desk open (sidebar, desk dictionary,
/// related-link states) and the checks panel shown, against the same
/// article without the desk: the desk must not make every frame dearer.
fn desk_window_bench(c: &mut Criterion) {
    let data = tempfile::tempdir().expect("temp dir");
    let desk = tempfile::tempdir().expect("temp dir");
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample");
    for entry in std::fs::read_dir(samples).expect("samples") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), desk.path().join(entry.file_name())).expect("copy");
    }
    let article = desk.path().join("kestrel-bend-flood-wall.ron");
    let mut group = c.benchmark_group("sidebar");
    group.sample_size(30).measurement_time(Duration::from_secs(3));
    for (name, with_desk) in
        [("idle frame, desk and checks", true), ("idle frame, no desk (baseline)", false)]
    {
        let mut window = Window::new(false);
        let mut app = open_app_in(&window, &article, with_desk.then_some(desk.path()), data.path());
        for _ in 0..3 {
            window.app_frame(&mut app, Vec::new());
            app.settle();
        }
        assert!(app.prefs().checks_visible);
        group.bench_function(name, |b| b.iter(|| window.app_frame(&mut app, Vec::new())));
    }
    group.finish();
}

/// A frame with a query typed in the sidebar of a 10,000-article desk,
/// against the same frame with the 5-article sample desk (budget 1.2×):
/// the list is filtered and sorted when the query or the desk changes, not
/// every frame.
fn sidebar_query_bench(c: &mut Criterion) {
    let data = tempfile::tempdir().expect("temp dir");
    let (big, paths) = published_desk(10_000);
    let sample = tempfile::tempdir().expect("temp dir");
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample");
    for entry in std::fs::read_dir(samples).expect("samples") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), sample.path().join(entry.file_name())).expect("copy");
    }
    let mut group = c.benchmark_group("sidebar query");
    group.sample_size(30).measurement_time(Duration::from_secs(3));
    for (name, desk, article) in [
        ("frame, 10k-article desk, query typed", big.path(), paths[0].clone()),
        (
            "frame, sample desk, query typed (baseline)",
            sample.path(),
            sample.path().join("kestrel-bend-flood-wall.ron"),
        ),
    ] {
        let mut window = Window::new(false);
        let mut app = open_app_in(&window, &article, Some(desk), data.path());
        for _ in 0..3 {
            window.app_frame(&mut app, Vec::new());
            app.settle();
        }
        // A word of both desks' headlines.
        app.search_desk("the");
        window.app_frame(&mut app, Vec::new());
        assert!(app.desk_index().is_some_and(|index| !index.entries.is_empty()));
        group.bench_function(name, |b| b.iter(|| window.app_frame(&mut app, Vec::new())));
    }
    group.finish();
}

/// An idle frame with ten 2,000-word articles open in tabs, against the
/// same window with one open (budget 1.2×): tabs in the background must
/// cost an idle frame nothing.
fn tabs_bench(c: &mut Criterion) {
    let data = tempfile::tempdir().expect("temp dir");
    let fixtures: Vec<Fixture> = (0..10).map(|seed| fixture_with(2_000, 500 + seed)).collect();
    let mut group = c.benchmark_group("tabs");
    group.sample_size(30).measurement_time(Duration::from_secs(3));
    for (name, open) in [("idle frame, 10 articles open", 10), ("idle frame, 1 article open (baseline)", 1)] {
        let mut window = Window::new(false);
        let mut app = open_app(&window, &fixtures[0].path, data.path());
        for fixture in &fixtures[1..open] {
            app.issue(Command::OpenPath(fixture.path.clone()));
            window.app_frame(&mut app, Vec::new());
            app.settle();
        }
        // The first article on screen in both windows.
        app.issue(Command::SwitchTab(0));
        for _ in 0..3 {
            window.app_frame(&mut app, Vec::new());
            app.settle();
        }
        assert_eq!(app.open_documents().len(), open);
        group.bench_function(name, |b| b.iter(|| window.app_frame(&mut app, Vec::new())));
    }
    group.finish();
}

/// What a keystroke costs as the story grows (the windowed editor keeps it
/// flat), against a bare egui `TextEdit` holding the same 20,000 words; and
/// opening a 100,000-word article to its first frame.
fn window_bench(c: &mut Criterion) {
    // The recovery journal of every window opened here.
    let data = tempfile::tempdir().expect("temp dir");
    let sizes = [2_000usize, 20_000, 100_000, 500_000];
    let fixtures: Vec<Fixture> = sizes.iter().map(|&words| fixture(words)).collect();
    for accesskit in [false, true] {
        let ak = if accesskit { "accesskit" } else { "no accesskit" };
        let mut group = c.benchmark_group(format!("window keystroke {ak}"));
        group.sample_size(20).measurement_time(Duration::from_secs(3));
        for (words, fixture) in sizes.iter().zip(&fixtures) {
            let mut window = Window::new(accesskit);
            let mut app = open_app(&window, &fixture.path, data.path());
            for _ in 0..3 {
                window.app_frame(&mut app, Vec::new());
                app.settle();
            }
            app.place_cursor(app.document().body().len() / 2);
            for _ in 0..3 {
                window.app_frame(&mut app, Vec::new());
            }
            if *words == 20_000 {
                group.bench_function("app idle frame 20k", |b| {
                    b.iter(|| window.app_frame(&mut app, Vec::new()))
                });
            }
            // A letter, then Backspace: the paragraph typed in stays the
            // same length however long the run.
            let mut typed = false;
            group.bench_function(format!("app keystroke frame {}k", words / 1000), |b| {
                b.iter(|| {
                    typed = !typed;
                    window.app_frame(&mut app, keystroke(typed))
                })
            });
            app.settle();
        }
        let fixture = &fixtures[1];
        let mut bare = Window::new(accesskit);
        let mut text = markup::render(&fixture.article.body);
        bare.bare_frame(&mut text, Vec::new());
        bare.ctx.memory_mut(|m| m.request_focus(egui::Id::unique("bare")));
        for _ in 0..3 {
            bare.bare_frame(&mut text, Vec::new());
        }
        let mut typed = false;
        group.bench_function("bare TextEdit keystroke frame 20k (baseline)", |b| {
            b.iter(|| {
                typed = !typed;
                bare.bare_frame(&mut text, keystroke(typed))
            })
        });
        group.finish();
    }

    // Opening: the command runs at the end of one frame, the next frame
    // draws the article.
    let mut group = c.benchmark_group("window open");
    group.sample_size(10).measurement_time(Duration::from_secs(5));
    let fixture = &fixtures[2];
    let other = fixture_with(100_000, 100_001);
    group.bench_function("app open 100k to first frame", |b| {
        b.iter_batched(
            || {
                // A window that has drawn another article of the same size
                // (fonts loaded, glyphs rasterised) opens this one, which it
                // has never laid out.
                let mut window = Window::new(false);
                let mut app = open_app(&window, &other.path, data.path());
                window.app_frame(&mut app, Vec::new());
                (window, app)
            },
            |(mut window, mut app)| {
                app.issue(Command::OpenPath(fixture.path.clone()));
                window.app_frame(&mut app, Vec::new());
                window.app_frame(&mut app, Vec::new());
                (window, app)
            },
            BatchSize::PerIteration,
        )
    });
    let body_text = markup::render(&fixture.article.body);
    let other_text = markup::render(&other.article.body);
    group.bench_function("bare TextEdit first frame 100k (baseline)", |b| {
        b.iter_batched(
            || {
                let mut window = Window::new(false);
                window.bare_frame(&mut other_text.clone(), Vec::new());
                (window, body_text.clone())
            },
            |(mut window, mut text)| {
                window.bare_frame(&mut text, Vec::new());
                (window, text)
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

/// A 20,000-word body and the same body with 500 suggestion and comment
/// marks spread through it (insertions, removals, replacements and
/// comments in turn), each with its note as suggest mode would sign it.
fn marked_body() -> (String, String, Vec<Arc<Note>>) {
    let plain = markup::render(&generate::article(20_000, 29).body);
    // Places between words on prose lines (not in links or pictures).
    let mut places = Vec::new();
    let mut line_start = 0;
    for line in plain.split('\n') {
        if !line.contains("](") && !line.starts_with("![") && !line.starts_with("Credit:") {
            places.extend(line.match_indices(' ').map(|(at, _)| line_start + at + 1));
        }
        line_start += line.len() + 1;
    }
    let step = (places.len() / 500).max(1);
    let chosen: Vec<usize> = places.iter().step_by(step).take(500).copied().collect();
    let mut marked = String::with_capacity(plain.len() + 500 * 40);
    let mut notes = Vec::with_capacity(500);
    let mut at = 0;
    for (n, &place) in chosen.iter().enumerate() {
        marked.push_str(&plain[at..place]);
        let word_end = plain[place..].find([' ', '\n']).map_or(plain.len(), |end| place + end);
        let word = &plain[place..word_end];
        let (mark, kind, rest) = match n % 4 {
            0 => ("{++newly ++}".to_string(), NoteKind::Suggestion, place),
            1 => (format!("{{--{word}--}}"), NoteKind::Suggestion, word_end),
            2 => (format!("{{~~{word}~>other~~}}"), NoteKind::Suggestion, word_end),
            _ => (format!("{{=={word}==}}{{>>Check this.<<}}"), NoteKind::Comment, word_end),
        };
        let line_start = marked.rfind('\n').map_or(0, |i| i + 1);
        notes.push(Arc::new(Note {
            id: format!("00000000-0000-4000-8000-{n:012}"),
            kind,
            on: None,
            anchor: Some(Anchor::new(&mark, &marked[line_start..])),
            author: "Tomas Reyes".into(),
            at: jiff::Timestamp::UNIX_EPOCH,
            text: String::new(),
            replies: Vec::new(),
            resolved: false,
        }));
        marked.push_str(&mark);
        at = rest;
    }
    marked.push_str(&plain[at..]);
    (plain, marked, notes)
}

/// The body read as the analysis reads it: blocks, and the marks of every
/// block text paired with their notes.
fn parse_with_marks(body: &str, notes: &[Arc<Note>]) -> usize {
    let parsed = markup::parse(body);
    let found = suggestions::find(&parsed.blocks, notes);
    parsed.blocks.len() + found.found.len()
}

/// Suggested changes: parsing a 20,000-word body with 500 marks against
/// the same body without them (budget 1.5×), and a keystroke frame of the
/// real window in suggest mode against one in normal mode on that body
/// (budget 1.2×).
fn suggest_bench(c: &mut Criterion) {
    let (plain, marked, notes) = marked_body();
    assert_eq!(suggestions::find(&markup::parse(&marked).blocks, &notes).found.len(), 500);
    let mut group = c.benchmark_group("suggest");
    group.bench_function("parse 20k, 500 marks", |b| b.iter(|| parse_with_marks(black_box(&marked), &notes)));
    group.bench_function("parse 20k, no marks (baseline)", |b| {
        b.iter(|| parse_with_marks(black_box(&plain), &[]))
    });
    group.finish();

    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("marked.ron");
    let article =
        Article { body: markup::parse(&marked).blocks, notes: notes.clone(), ..generate::article(200, 1) };
    store::save(&path, &article).expect("save");
    // Editing, then suggesting: both windows open on the story at once, so
    // their frames can also be measured in turn (below).
    let mut sides: Vec<(Window, CopydeskApp, tempfile::TempDir)> = Vec::new();
    for suggesting in [false, true] {
        // A data folder each: one window's recovery journal would have
        // the other open on the question whether to restore it.
        let data = tempfile::tempdir().expect("temp dir");
        let mut window = Window::new(false);
        let cc = eframe::CreationContext::_new_kittest(window.ctx.clone());
        let prefs = Prefs { author_name: "Tomas Reyes".into(), ..Prefs::default() };
        let launch = Launch {
            data_dir: Some(data.path().to_path_buf()),
            open: Some(path.clone()),
            dialogs: Some(Box::new(ScriptedDialogs::new())),
            prefs: Some(prefs),
            ..Launch::default()
        };
        let mut app = CopydeskApp::new(&cc, launch);
        for _ in 0..3 {
            window.app_frame(&mut app, Vec::new());
            app.settle();
        }
        // Mid-body, between two words of prose.
        let body = app.document().body();
        let middle = body[body.len() / 2..].find(". ").map_or(body.len() / 2, |at| body.len() / 2 + at + 2);
        app.place_cursor(middle);
        if suggesting {
            app.issue(Command::ToggleSuggest);
        }
        for _ in 0..3 {
            window.app_frame(&mut app, Vec::new());
        }
        assert_eq!(app.suggesting(), suggesting);
        // A letter, then Backspace: in suggest mode a mark and its note
        // are made and taken back, so the story keeps its length. Both
        // reach the body (else the frames measured would be idle ones).
        let before = app.document().body().to_string();
        window.app_frame(&mut app, keystroke(true));
        let typed = app.document().body().to_string();
        let made = if suggesting { "{++x++}" } else { "x" };
        assert_eq!(typed.len(), before.len() + made.len(), "the letter is typed");
        assert!(typed.contains(made));
        window.app_frame(&mut app, keystroke(false));
        assert_eq!(app.document().body(), before, "and taken back");
        sides.push((window, app, data));
    }
    let mut group = c.benchmark_group("window suggest");
    group.sample_size(20).measurement_time(Duration::from_secs(3));
    for (n, (window, app, _)) in sides.iter_mut().enumerate() {
        let name = if n == 1 { "keystroke frame, suggesting" } else { "keystroke frame, editing (baseline)" };
        let mut letter = false;
        group.bench_function(name, |b| {
            b.iter(|| {
                letter = !letter;
                window.app_frame(app, keystroke(letter))
            })
        });
        // An even count of keys: the letter taken back.
        if letter {
            window.app_frame(app, keystroke(false));
        }
        app.settle();
    }
    group.finish();

    // The same ratios measured in turn, one of each per round: other
    // builds on the machine come and go within a criterion group, which
    // can move one side's median against the other's by 2x; in turn, a
    // load weighs on both alike.
    let parse = in_turn(400, || parse_with_marks(&marked, &notes), || parse_with_marks(&plain, &[]));
    let letter = std::cell::Cell::new(false);
    let keys = {
        let (editing, suggesting) = sides.split_at_mut(1);
        let (editing, suggesting) = (&mut editing[0], &mut suggesting[0]);
        in_turn(
            400,
            || {
                letter.set(!letter.get());
                suggesting.0.app_frame(&mut suggesting.1, keystroke(letter.get()));
                0
            },
            || {
                editing.0.app_frame(&mut editing.1, keystroke(letter.get()));
                0
            },
        )
    };
    for (what, (with, without), budget) in [
        ("parse 20k, 500 marks / no marks", parse, 1.5),
        ("keystroke frame, suggesting / editing", keys, 1.2),
    ] {
        let ratio = with / without;
        let verdict = if ratio <= budget { "within" } else { "OVER" };
        println!(
            "suggest, in turn: {what}: {} / {} = {ratio:.2}x ({verdict} the {budget}x budget)",
            human(with),
            human(without)
        );
    }
}

/// Medians (ns) of `with` and `without`, run in turn `rounds` times.
fn in_turn(rounds: usize, mut with: impl FnMut() -> usize, mut without: impl FnMut() -> usize) -> (f64, f64) {
    let (mut a, mut b) = (Vec::with_capacity(rounds), Vec::with_capacity(rounds));
    for _ in 0..rounds {
        let start = std::time::Instant::now();
        black_box(with());
        a.push(start.elapsed().as_nanos() as f64);
        let start = std::time::Instant::now();
        black_box(without());
        b.push(start.elapsed().as_nanos() as f64);
    }
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    (median(a), median(b))
}

/// Live editing: another editor's keystroke reaching a 20,000-word open
/// article (the update decoded, spliced into the document and the editor's
/// chunks, the next frame drawn; budget 1.2x) against one typed here; the
/// encode and decode of one keystroke (budget 50 µs); and the live
/// document's heap against the article's own (budget 1.5x, printed).
fn live_bench(c: &mut Criterion) {
    use copydesk::editing::document::Document;
    use copydesk::editing::live::{Replica, Splice};
    use yrs::sync::{Message, SyncMessage};
    use yrs::updates::encoder::Encode;
    use yrs::{ReadTxn, Transact};

    let data = tempfile::tempdir().expect("temp dir");
    let desk = tempfile::tempdir().expect("temp dir");
    // A server that is not there: the room is fed by hand, as if over the line.
    std::fs::write(desk.path().join("desk.ron"), "Desk(format: 1, live: Some(\"ws://127.0.0.1:1/bench\"))")
        .expect("desk.ron");
    let mut article = generate::article(20_000, 20_000);
    article.id = Some("7d1e5c3b-2a4f-4e6d-9b8c-1f0a3e5d7c9b".into());
    let path = desk.path().join("story.ron");
    store::save(&path, &article).expect("save");
    let empty = yrs::Doc::new().transact().encode_state_as_update_v1(&yrs::StateVector::default());
    let step2 = |state: Vec<u8>| Message::Sync(SyncMessage::SyncStep2(state)).encode_v1();

    let mut group = c.benchmark_group("live");
    group.sample_size(20).measurement_time(Duration::from_secs(3));
    let mut window = Window::new(false);
    let mut app = open_app(&window, &path, data.path());
    for _ in 0..3 {
        window.app_frame(&mut app, Vec::new());
        app.settle();
    }
    app.live_receive(&step2(empty.clone()));
    window.app_frame(&mut app, Vec::new());
    assert!(app.document().is_live(), "the window joined the room");
    // Another editor with the same story.
    let mut peer = Document::new(article.clone(), None);
    let mut replica = Box::new(Replica::new("Peer", "#1f77b4"));
    replica.receive(&step2(app.document().live().expect("live").state())).expect("a Yjs message");
    peer.join_live(replica);
    peer.live_mut().expect("live").take_outgoing();
    let middle = app.document().body().len() / 2;
    app.place_cursor(middle);
    for _ in 0..3 {
        window.app_frame(&mut app, Vec::new());
        app.settle();
    }
    let mut typed = false;
    group.bench_function("local keystroke frame 20k (baseline)", |b| {
        b.iter(|| {
            typed = !typed;
            window.app_frame(&mut app, keystroke(typed))
        })
    });
    let mut at = middle;
    while !peer.body().is_char_boundary(at) {
        at -= 1;
    }
    let mut inserted = false;
    let before = app.document().body().len();
    group.bench_function("remote keystroke frame 20k", |b| {
        b.iter_batched(
            || {
                inserted = !inserted;
                let range = if inserted { at..at } else { at..at + 1 };
                peer.replace_body(range, if inserted { "x" } else { "" });
                peer.live_mut().expect("live").take_outgoing().concat()
            },
            |message| {
                app.live_receive(&message);
                window.app_frame(&mut app, Vec::new());
            },
            BatchSize::SmallInput,
        )
    });
    assert!(app.document().body().len().abs_diff(before) <= 2, "the remote keystrokes arrived");

    // Criterion measures the two frames one after the other, and on a
    // shared machine the load changes between them. Interleaved, each pair
    // of frames meets the same load. The remote keystroke lands a few words
    // before this editor's caret, so the two never touch the same letters.
    let mut near = middle.saturating_sub(64);
    while !peer.body().is_char_boundary(near) {
        near -= 1;
    }
    let (mut local, mut remote) = (Vec::new(), Vec::new());
    for _ in 0..300 {
        typed = !typed;
        let started = std::time::Instant::now();
        window.app_frame(&mut app, keystroke(typed));
        local.push(started.elapsed());
        inserted = !inserted;
        let range = if inserted { near..near } else { near..near + 1 };
        peer.replace_body(range, if inserted { "x" } else { "" });
        let message = peer.live_mut().expect("live").take_outgoing().concat();
        let started = std::time::Instant::now();
        app.live_receive(&message);
        window.app_frame(&mut app, Vec::new());
        remote.push(started.elapsed());
    }
    assert!(app.document().body().len().abs_diff(before) <= 4, "the remote keystrokes arrived");
    local.sort();
    remote.sort();
    let (local, remote) = (local[local.len() / 2], remote[remote.len() / 2]);
    println!(
        "\nlive keystroke frames, 20k words, 300 interleaved pairs: remote {} against local {} (median), {:.2}x",
        human(remote.as_nanos() as f64),
        human(local.as_nanos() as f64),
        remote.as_secs_f64() / local.as_secs_f64(),
    );

    // One keystroke through the live document: encoded here, decoded there.
    let body = markup::render(&article.body);
    let mut fields = Document::new(article.clone(), None).fields().clone();
    fields.article.body.clear();
    let mut here = Replica::new("Here", "#d62728");
    here.seed(&fields, &body);
    let mut there = Replica::new("There", "#1f77b4");
    there.receive(&step2(here.state())).expect("a Yjs message");
    there.take_changes();
    here.take_outgoing();
    let mut inserted = false;
    group.bench_function("encode+decode one keystroke 20k", |b| {
        b.iter(|| {
            inserted = !inserted;
            let splice = Splice {
                at,
                removed: usize::from(!inserted),
                inserted: if inserted { "x".into() } else { String::new() },
            };
            here.local_body(&splice);
            for message in here.take_outgoing() {
                black_box(there.receive(&message).ok());
            }
            black_box(there.take_changes());
        })
    });
    group.finish();

    let (kept, article_heap) = heap_of(|| article.clone());
    drop(kept);
    let (kept, document_heap) = heap_of(|| Document::new(article.clone(), None));
    drop(kept);
    let (kept, live_heap) = heap_of(|| {
        let mut live = Replica::new("Memory", "#d62728");
        live.seed(&fields, &body);
        // Sent at the next frame; not kept.
        live.take_outgoing();
        live
    });
    drop(kept);
    // After a thousand keystrokes (each an item of its own, deletions kept
    // as tombstones, as Yjs does).
    let (_, edited_heap) = heap_of(|| {
        let mut live = Replica::new("Memory", "#d62728");
        live.seed(&fields, &body);
        live.take_outgoing();
        let mut text = body.clone();
        for n in 0..1000 {
            let mut spot = (n * 97) % text.len().max(1);
            while !text.is_char_boundary(spot) {
                spot -= 1;
            }
            text.insert(spot, 'y');
            live.local_body(&Splice { at: spot, removed: 0, inserted: "y".into() });
            live.take_outgoing();
        }
        live
    });
    let kb = |bytes: usize| format!("{:.0} KB", bytes as f64 / 1024.0);
    println!(
        "\nlive document heap, 20k words: {} fresh, {} after 1,000 keystrokes; the article {} ({:.2}x fresh), its open document {} ({:.2}x)",
        kb(live_heap),
        kb(edited_heap),
        kb(article_heap),
        live_heap as f64 / article_heap as f64,
        kb(document_heap),
        live_heap as f64 / document_heap as f64,
    );
}

/// One keystroke: a letter, or Backspace.
fn keystroke(letter: bool) -> Vec<egui::Event> {
    if letter {
        return vec![egui::Event::Text("x".into())];
    }
    vec![egui::Event::Key {
        key: egui::Key::Backspace,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: egui::Modifiers::NONE,
    }]
}

/// The median of one benchmark, read back from criterion's report.
fn median_ns(group: &str, name: &str) -> Option<f64> {
    let sanitize = |s: &str| s.replace('/', "_");
    let root = std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| "target".into());
    let path = Path::new(&root)
        .join("criterion")
        .join(sanitize(group))
        .join(sanitize(name))
        .join("new/estimates.json");
    // Only what this run measured: criterion's files from an earlier run
    // (another group, older code) would read as today's figures.
    let written = std::fs::metadata(&path).and_then(|m| m.modified()).ok()?;
    if STARTED.get().is_some_and(|started| written < *started) {
        return None;
    }
    let text = std::fs::read_to_string(path).ok()?;
    let json: serde_json::Value = serde_json::from_str(&text).ok()?;
    json["median"]["point_estimate"].as_f64()
}

/// When this run began, for [`median_ns`].
static STARTED: std::sync::OnceLock<std::time::SystemTime> = std::sync::OnceLock::new();

fn report() {
    let mut rows: Vec<(String, String, String)> = vec![
        ("open".into(), "ron load 20k".into(), "json parse 20k (baseline)".into()),
        ("save".into(), "ron serialise 20k".into(), "json serialise 20k (baseline)".into()),
        ("markup".into(), "parse+render 20k".into(), "pulldown-cmark events 20k (baseline)".into()),
        ("import".into(), "markdown import 20k".into(), "pulldown-cmark events 20k (baseline)".into()),
        (
            "import headings".into(),
            "markdown import 400k #### lines".into(),
            "pulldown-cmark events 400k #### lines (baseline)".into(),
        ),
        ("checks".into(), "checks 20k".into(), "parse 20k (baseline)".into()),
        ("checks".into(), "checks+spelling 20k cold".into(), "parse 20k (baseline)".into()),
        ("checks".into(), "checks+spelling 20k one edit".into(), "parse 20k (baseline)".into()),
        (
            "language checks".into(),
            "all checks 20k one edit".into(),
            "spelling 20k one edit (baseline)".into(),
        ),
        (
            "language checks".into(),
            "default checks 20k one edit".into(),
            "spelling 20k one edit (baseline)".into(),
        ),
        ("desk".into(), "index 10k articles".into(), "read 10k files' bytes (baseline)".into()),
        ("sidebar".into(), "idle frame, desk and checks".into(), "idle frame, no desk (baseline)".into()),
        (
            "sidebar query".into(),
            "frame, 10k-article desk, query typed".into(),
            "frame, sample desk, query typed (baseline)".into(),
        ),
        ("find".into(), "find all 100k".into(), "memmem count 100k (baseline)".into()),
        (
            "tabs".into(),
            "idle frame, 10 articles open".into(),
            "idle frame, 1 article open (baseline)".into(),
        ),
        ("team".into(), "status 10k articles".into(), "list 10k files (baseline)".into()),
        ("team".into(), "field merge 20k".into(), "ron serialise 20k (baseline)".into()),
        ("check-cli".into(), "check 1 MB paragraph".into(), "load 1 MB paragraph (baseline)".into()),
        ("check-cli".into(), "check 1 MB paragraph".into(), "check 250 KB paragraph x4 (baseline)".into()),
        (
            "check-cli".into(),
            "check 1 MB prose paragraph".into(),
            "load 1 MB prose paragraph (baseline)".into(),
        ),
        ("export site".into(), "site of 10k articles".into(), "read 10k files' bytes (baseline)".into()),
        (
            "export site".into(),
            "site of 10k articles again".into(),
            "read 10k files' bytes (baseline)".into(),
        ),
        ("export".into(), "html page 20k".into(), "pulldown-cmark push_html 20k (baseline)".into()),
        ("suggest".into(), "parse 20k, 500 marks".into(), "parse 20k, no marks (baseline)".into()),
        (
            "window suggest".into(),
            "keystroke frame, suggesting".into(),
            "keystroke frame, editing (baseline)".into(),
        ),
    ];
    let keys = front_matter_keys();
    for kind in ["YAML", "TOML", "JSON"] {
        rows.push((
            "import front matter".into(),
            format!("{kind} import {keys} keys"),
            format!("{kind} parse {keys} keys (baseline)"),
        ));
    }
    for ak in ["no accesskit", "accesskit"] {
        let group = format!("window keystroke {ak}");
        for words in [2, 20, 100, 500] {
            rows.push((
                group.clone(),
                format!("app keystroke frame {words}k"),
                "app keystroke frame 2k".into(),
            ));
        }
        rows.push((
            group.clone(),
            "app keystroke frame 20k".into(),
            "bare TextEdit keystroke frame 20k (baseline)".into(),
        ));
    }
    rows.push((
        "live".into(),
        "remote keystroke frame 20k".into(),
        "local keystroke frame 20k (baseline)".into(),
    ));
    rows.push((
        "window open".into(),
        "app open 100k to first frame".into(),
        "bare TextEdit first frame 100k (baseline)".into(),
    ));
    println!("\n{:<28} {:<26} {:>12} {:>12} {:>8}", "group", "measure", "median", "baseline", "ratio");
    for (group, name, baseline) in rows {
        let (Some(value), Some(base)) = (median_ns(&group, &name), median_ns(&group, &baseline)) else {
            continue;
        };
        println!("{group:<28} {name:<26} {:>12} {:>12} {:>7.2}x", human(value), human(base), value / base);
    }
    // An absolute budget, not a ratio: the first full check of a long story.
    for name in ["all checks 20k first", "default checks 20k first"] {
        if let Some(first) = median_ns("language checks", name) {
            println!("{:<28} {name:<26} {:>12} {:>12}", "language checks", human(first), "budget 300 ms");
        }
    }
}

fn human(ns: f64) -> String {
    if ns >= 1e9 {
        format!("{:.2} s", ns / 1e9)
    } else if ns >= 1e6 {
        format!("{:.2} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.1} µs", ns / 1e3)
    } else {
        format!("{ns:.0} ns")
    }
}

/// True when the command line's filter (if any) can match this group, so
/// expensive set-up (a 10,000-file desk) runs only when needed.
fn wanted(group: &str) -> bool {
    const GROUPS: [&str; 16] = [
        "live",
        "open",
        "save",
        "markup",
        "checks",
        "window",
        "desk",
        "sidebar",
        "team",
        "find",
        "check-cli",
        "export",
        "import",
        "tabs",
        "publish",
        "suggest",
    ];
    let filters: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
    let names_a_group = |f: &String| GROUPS.iter().any(|g| f.contains(g) || g.contains(f.as_str()));
    // A filter that names no group (a bench name, an option's value) runs all.
    if !filters.iter().any(names_a_group) {
        return true;
    }
    filters.iter().any(|f| group.contains(f.as_str()) || f.contains(group))
}

fn main() {
    STARTED.get_or_init(std::time::SystemTime::now);
    let mut criterion = config();
    if wanted("open") || wanted("save") {
        open_and_save(&mut criterion);
    }
    if wanted("markup") {
        markup_bench(&mut criterion);
    }
    if wanted("import") {
        import_bench(&mut criterion);
        import_scale_bench(&mut criterion);
    }
    if wanted("checks") {
        checks_bench(&mut criterion);
        language_checks_bench(&mut criterion);
    }
    if wanted("export") {
        export_bench(&mut criterion);
    }
    if wanted("window") {
        window_bench(&mut criterion);
    }
    if wanted("live") {
        live_bench(&mut criterion);
    }
    if wanted("desk") {
        desk_bench(&mut criterion);
    }
    if wanted("sidebar") {
        desk_window_bench(&mut criterion);
        sidebar_query_bench(&mut criterion);
    }
    if wanted("find") {
        find_bench(&mut criterion);
    }
    if wanted("tabs") {
        tabs_bench(&mut criterion);
    }
    if wanted("suggest") {
        suggest_bench(&mut criterion);
    }
    if wanted("team") {
        team_bench(&mut criterion);
    }
    if wanted("check-cli") {
        check_cli_bench(&mut criterion);
    }
    criterion.final_summary();
    report();
    // Last, and only when asked for by name: it needs the local WordPress
    // (tests/servers/cms.sh) and takes minutes of its time.
    if std::env::args().skip(1).any(|a| a.contains("publish")) {
        publish::run();
    }
}
