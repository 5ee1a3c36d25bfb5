//! The desk core: indexing a folder, desk-wide rules, slug renames and
//! following changes made by other programs.

use std::fs;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use copydesk::model::article::{Article, Block, Related};
use copydesk::rules::check::{self, RelatedState};
use copydesk::storage::desk::{self, DeskView, Index, Progress, rename};
use copydesk::storage::store;

use crate::common::{copydesk, story};

fn article(slug: &str, headline: &str, related: &[(&str, &str)]) -> Article {
    Article {
        slug: slug.into(),
        headline: headline.into(),
        dek: format!("What happened with {headline}."),
        category: "Local".into(),
        tags: vec!["river".into()],
        bylines: vec!["Tomas Vell".into()],
        body: vec![Block::Paragraph("Body text.".into())],
        related: related
            .iter()
            .map(|(slug, title)| Related {
                slug: slug.to_string(),
                category: "Local".into(),
                title: title.to_string(),
                teaser: format!("What happened with {title}."),
            })
            .collect(),
        ..Article::default()
    }
}

fn put(dir: &Path, name: &str, article: &Article) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("folder");
    }
    store::save(&path, article).expect("save");
    path
}

fn scan(dir: &Path) -> Index {
    Index::scan(dir, &Progress::default())
}

#[test]
fn indexes_a_generated_desk_with_subfolders() {
    let dir = tempfile::tempdir().expect("temp dir");
    for n in 0..40 {
        let folder = if n % 2 == 0 { "" } else { "archive/2025/" };
        let slug = format!("story-number-{n}");
        put(dir.path(), &format!("{folder}{slug}.ron"), &article(&slug, &format!("Story Number {n}"), &[]));
    }
    // Hidden files and backups are not articles.
    fs::write(dir.path().join(".story-number-0.ron.bak"), "junk").expect("write");
    fs::create_dir_all(dir.path().join(".git")).expect("folder");
    fs::write(dir.path().join(".git/x.ron"), "junk").expect("write");
    let progress = Progress::default();
    let index = Index::scan(dir.path(), &progress);
    assert_eq!(index.entries.len(), 40);
    assert!(index.failures.is_empty(), "{:?}", index.failures);
    assert_eq!(progress.fraction(), 1.0);
    let entry = index.by_slug("story-number-7").next().expect("found");
    assert_eq!(entry.headline, "Story Number 7");
    assert!(entry.path.ends_with("archive/2025/story-number-7.ron"));
    assert_eq!(index.search("number 37").len(), 1);
    assert_eq!(index.search("number 7").len(), 4, "7, 17, 27, 37");
    assert_eq!(index.search("RIVER").len(), 40);
}

#[test]
fn duplicate_slugs_are_errors_on_both_articles() {
    let dir = tempfile::tempdir().expect("temp dir");
    let a = put(dir.path(), "a.ron", &article("same-slug", "First", &[]));
    let b = put(dir.path(), "b.ron", &article("same-slug", "Second", &[]));
    let index = Arc::new(scan(dir.path()));
    assert_eq!(index.duplicates().len(), 1);
    for path in [a, b] {
        let view = DeskView { index: index.clone(), current: Some(path.clone()) };
        let loaded = store::load(&path).expect("load");
        let context = check::Context { desk: Some(&view), ..check::Context::default() };
        let codes: Vec<_> = check::article(&loaded, &context).into_iter().map(|f| f.code).collect();
        assert!(codes.contains(&"slug-duplicate"), "{}: {codes:?}", path.display());
    }
}

#[test]
fn related_states_broken_stale_self() {
    let dir = tempfile::tempdir().expect("temp dir");
    put(dir.path(), "target-story.ron", &article("target-story", "Target Story", &[]));
    let source = article(
        "source-story",
        "Source Story",
        &[("target-story", "Target Story"), ("missing-story", "Gone"), ("source-story", "Me")],
    );
    let source_path = put(dir.path(), "source-story.ron", &source);
    let index = Arc::new(scan(dir.path()));
    let view = DeskView { index: index.clone(), current: Some(source_path.clone()) };
    let context = check::Context { desk: Some(&view), ..check::Context::default() };
    let codes: Vec<_> = check::article(&source, &context).into_iter().map(|f| f.code).collect();
    assert!(!codes.contains(&"related-stale"), "{codes:?}");
    assert!(codes.contains(&"related-broken"));
    assert!(codes.contains(&"related-self"));

    // The target's headline changes: the link is now stale.
    put(dir.path(), "target-story.ron", &article("target-story", "Target Story Grows", &[]));
    let index = Arc::new(scan(dir.path()));
    let target = index.by_slug("target-story").next().expect("target").target();
    assert_eq!(check::related_state(&source.related[0], &target), RelatedState::Stale);
    let view = DeskView { index, current: Some(source_path) };
    let context = check::Context { desk: Some(&view), ..check::Context::default() };
    let codes: Vec<_> = check::article(&source, &context).into_iter().map(|f| f.code).collect();
    assert!(codes.contains(&"related-stale"), "{codes:?}");
    let refreshed = target.related_card("target-story");
    assert_eq!(refreshed.title, "Target Story Grows");
    assert_eq!(check::related_state(&refreshed, &target), RelatedState::Ok);
}

#[test]
fn malformed_files_are_reported_without_stopping_the_index() {
    let dir = tempfile::tempdir().expect("temp dir");
    put(dir.path(), "good.ron", &article("good-story", "Good Story", &[]));
    fs::write(dir.path().join("broken.ron"), "Article(\n    format: 1,\n    slug: [],\n)").expect("write");
    fs::write(dir.path().join("empty.ron"), "").expect("write");
    fs::write(dir.path().join("desk.ron"), "Desk(\n    categories: 7,\n)").expect("write");
    let index = scan(dir.path());
    assert_eq!(index.entries.len(), 1);
    assert_eq!(index.failures.len(), 2);
    let broken = index.failures.iter().find(|f| f.path.ends_with("broken.ron")).expect("listed");
    assert!(broken.error.to_string().contains("broken.ron:3:"), "{}", broken.error);
    let desk_error = index.config.error.as_deref().expect("desk.ron error");
    assert!(desk_error.contains("desk.ron:2:"), "{desk_error}");
    assert_eq!(index.config.config, desk::DeskConfig::default());
}

#[test]
fn rename_rewrites_incoming_links_and_the_file_name() {
    let dir = tempfile::tempdir().expect("temp dir");
    let subject = put(dir.path(), "old-slug.ron", &article("old-slug", "Subject", &[]));
    let linker = put(dir.path(), "linker.ron", &article("linker", "Linker", &[("old-slug", "Subject")]));
    let bystander =
        put(dir.path(), "bystander.ron", &article("bystander", "Bystander", &[("linker", "Linker")]));
    let bystander_before = fs::read(&bystander).expect("read");
    let index = scan(dir.path());

    let plan = rename::plan(&index, &subject, "old-slug", "new-slug").expect("plan");
    assert_eq!(plan.incoming, vec![linker.clone()]);
    assert_eq!(plan.destination, dir.path().join("new-slug.ron"));
    let mut renamed = store::load(&subject).expect("load");
    renamed.slug = "new-slug".into();
    // Renamed with a new headline and section too, as desks do.
    renamed.headline = "Subject, Renamed".into();
    renamed.category = "Business".into();
    let report = rename::apply(&plan, &renamed).expect("apply");
    assert_eq!(report.updated, vec![linker.clone()]);
    assert!(!subject.exists());
    assert_eq!(store::load(&dir.path().join("new-slug.ron")).expect("moved").slug, "new-slug");
    let linker_after = store::load(&linker).expect("load");
    assert_eq!(linker_after.related[0].slug, "new-slug");
    // The whole card follows, so the link is not left stale.
    assert_eq!(linker_after.related[0].title, "Subject, Renamed");
    assert_eq!(linker_after.related[0].category, "Business");
    let target = copydesk::rules::check::Target {
        headline: renamed.headline.clone(),
        category: renamed.category.clone(),
        dek: renamed.dek.clone(),
    };
    assert_eq!(
        copydesk::rules::check::related_state(&linker_after.related[0], &target),
        copydesk::rules::check::RelatedState::Ok
    );
    assert_eq!(fs::read(&bystander).expect("read"), bystander_before, "untouched");
    // No temporary files left.
    let mut names: Vec<String> = fs::read_dir(dir.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into())
        .collect();
    names.sort();
    assert_eq!(names, vec!["bystander.ron", "linker.ron", "new-slug.ron"]);
}

#[test]
fn rename_refuses_to_overwrite_and_bad_slugs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let subject = put(dir.path(), "old-slug.ron", &article("old-slug", "Subject", &[]));
    let taken = put(dir.path(), "taken-slug.ron", &article("other", "Other", &[]));
    let before = fs::read(&taken).expect("read");
    let index = scan(dir.path());
    assert_eq!(
        rename::plan(&index, &subject, "old-slug", "taken-slug"),
        Err(rename::RenameError::DestinationExists(taken.clone()))
    );
    assert!(matches!(
        rename::plan(&index, &subject, "old-slug", "../escape"),
        Err(rename::RenameError::InvalidSlug(..))
    ));
    // A file that appears between planning and applying is not overwritten either.
    let plan = rename::plan(&index, &subject, "old-slug", "late-slug").expect("plan");
    let late = put(dir.path(), "late-slug.ron", &article("late", "Late", &[]));
    let late_before = fs::read(&late).expect("read");
    let mut renamed = store::load(&subject).expect("load");
    renamed.slug = "late-slug".into();
    assert!(matches!(rename::apply(&plan, &renamed), Err(rename::RenameError::DestinationExists(_))));
    assert_eq!(fs::read(&late).expect("read"), late_before);
    assert_eq!(fs::read(&taken).expect("read"), before);
    assert!(subject.exists());
}

fn wait_for(index: &mut Index, watcher: &desk::watch::Watcher, done: impl Fn(&Index) -> bool) {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(10) {
        let changes = watcher.changes();
        if changes.rescan {
            *index = scan(&index.root.clone());
        } else if !changes.paths.is_empty() {
            index.refresh(&changes.paths);
        }
        if done(index) {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("the index did not catch up within 10 s");
}

#[test]
fn index_follows_changes_made_by_another_process() {
    let dir = tempfile::tempdir().expect("temp dir");
    put(dir.path(), "first.ron", &article("first-story", "First Story", &[]));
    let mut index = scan(dir.path());
    let watcher = desk::watch::Watcher::start(dir.path(), || {}).expect("watch");
    let text = store::to_string(&article("second-story", "Second Story", &[]));
    let staging = tempfile::tempdir().expect("staging");
    let staged = staging.path().join("second.ron");
    fs::write(&staged, &text).expect("stage");
    let shell = |script: &str| {
        let status = std::process::Command::new("sh").arg("-c").arg(script).status().expect("sh runs");
        assert!(status.success(), "{script}");
    };

    // Created by another program.
    let second = dir.path().join("second.ron");
    shell(&format!("cp '{}' '{}'", staged.display(), second.display()));
    wait_for(&mut index, &watcher, |i| i.by_slug("second-story").count() == 1);

    // Changed by another program.
    let changed = text.replace("Second Story", "Second Story Revised");
    fs::write(&staged, changed).expect("stage");
    shell(&format!("cat '{}' > '{}'", staged.display(), second.display()));
    wait_for(&mut index, &watcher, |i| {
        i.by_slug("second-story").next().is_some_and(|e| e.headline == "Second Story Revised")
    });

    // Renamed by another program.
    let moved = dir.path().join("moved.ron");
    shell(&format!("mv '{}' '{}'", second.display(), moved.display()));
    wait_for(&mut index, &watcher, |i| i.by_slug("second-story").next().is_some_and(|e| e.path == moved));

    // Deleted by another program.
    shell(&format!("rm '{}'", moved.display()));
    wait_for(&mut index, &watcher, |i| i.by_slug("second-story").count() == 0 && i.entries.len() == 1);
}

#[test]
fn a_linked_folder_appearing_in_an_open_desk_is_not_indexed_nor_renamed() {
    let outside = tempfile::tempdir().expect("temp dir");
    let far = put(outside.path(), "far-story.ron", &story("far-story", "Far Story", &["old-slug"]));
    let far_before = fs::read(&far).expect("read");
    let desk = tempfile::tempdir().expect("temp dir");
    let subject = put(desk.path(), "old-slug.ron", &story("old-slug", "Old Slug", &[]));
    let mut index = Index::scan(desk.path(), &Progress::default());
    assert_eq!(index.entries.len(), 1);

    // While the desk is open, a link to a folder outside appears, and a
    // link to the root of the file system, and a linked article.
    let linked = desk.path().join("linked");
    symlink(outside.path(), &linked).expect("link");
    let everything = desk.path().join("everything");
    symlink("/", &everything).expect("link");
    let alias = desk.path().join("alias.ron");
    symlink(&far, &alias).expect("link");
    index.refresh(&[linked.clone(), linked.join("far-story.ron"), everything, alias]);
    assert_eq!(index.entries.len(), 1, "{:?}", index.entries.iter().map(|e| &e.path).collect::<Vec<_>>());
    assert!(index.failures.is_empty());
    // The first scan agrees.
    assert_eq!(Index::scan(desk.path(), &Progress::default()).entries.len(), 1);

    let plan = rename::plan(&index, &subject, "old-slug", "new-slug").expect("plan");
    assert!(plan.incoming.is_empty(), "{:?}", plan.incoming);
    let mut renamed = story("new-slug", "Old Slug", &[]);
    renamed.slug = "new-slug".into();
    rename::apply(&plan, &renamed).expect("rename");
    assert_eq!(fs::read(&far).expect("read"), far_before, "the article behind the link was rewritten");
}

#[test]
fn a_link_that_replaces_an_indexed_folder_takes_its_articles_out() {
    let outside = tempfile::tempdir().expect("temp dir");
    put(outside.path(), "far-story.ron", &story("far-story", "Far Story", &[]));
    let desk = tempfile::tempdir().expect("temp dir");
    let folder = desk.path().join("archive");
    fs::create_dir(&folder).expect("folder");
    put(&folder, "near-story.ron", &story("near-story", "Near Story", &[]));
    let mut index = Index::scan(desk.path(), &Progress::default());
    assert_eq!(index.entries.len(), 1);
    fs::remove_dir_all(&folder).expect("remove");
    symlink(outside.path(), &folder).expect("link");
    index.refresh(std::slice::from_ref(&folder));
    assert!(index.entries.is_empty());
}

#[test]
fn a_folder_named_like_an_article_is_not_an_empty_desk() {
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join("x.ron");
    fs::create_dir(&folder).expect("folder");
    let ran = copydesk(&["check", folder.to_str().expect("utf-8")]);
    assert!(!ran.status.success());
    assert!(String::from_utf8_lossy(&ran.stdout).contains("folder"));
}
