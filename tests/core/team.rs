//! The team desk: a bare repository in a temp folder and two desks sharing
//! it. Syncs run through the `copydesk` binary with an empty `PATH` (so no
//! `git` program can be used) or through the library where a test needs to
//! step in (resolving, racing a push). After every scenario every `.ron` in
//! both desks loads and no typed text is lost.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use copydesk::model::article::{Article, Block, Field, Image, Related};
use copydesk::storage::desk::{self, DeskConfig, Index, Progress};
use copydesk::storage::store;
use copydesk::storage::team::sync::{self, Author, Step, SyncOptions};
use copydesk::storage::team::{ArticleStatus, Choice, TeamDesk, history};

pub(crate) const ALICE: &str = "Ama Okonkwo <ama@harbour-herald.example>";
pub(crate) const BEN: &str = "Bram Kestrel <bram@harbour-herald.example>";

/// A bare remote and two editors' desks, each shared with it.
struct Team {
    dir: tempfile::TempDir,
    a: PathBuf,
    b: PathBuf,
}

impl Team {
    /// Two desks sharing a remote; desk A starts the desk with `seed`
    /// articles and both sync, so both hold the same first commit.
    fn new(seed: &[Article]) -> Team {
        let dir = tempfile::tempdir().expect("temp dir");
        let remote = dir.path().join("remote.git");
        let mut init = git2::RepositoryInitOptions::new();
        init.bare(true).initial_head("main");
        git2::Repository::init_opts(&remote, &init).expect("bare remote");
        let url = format!("file://{}", remote.display());
        let a = dir.path().join("ama").join("desk");
        let b = dir.path().join("bram").join("desk");
        fs::create_dir_all(&a).expect("desk folder");
        fs::create_dir_all(&b).expect("desk folder");
        // A shares through the command, B through the library.
        let out = Command::new(env!("CARGO_BIN_EXE_copydesk"))
            .args(["share", path_str(&a), &url])
            .env_clear()
            .env("PATH", "")
            .output()
            .expect("copydesk runs");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(TeamDesk::open_shared(&a).expect("shared").remote_url().as_deref(), Some(url.as_str()));
        TeamDesk::init(&b, Some(&url)).expect("share the desk");
        for article in seed {
            store::save(&a.join(format!("{}.ron", article.slug)), article).expect("save");
        }
        desk::config::save(&a, &DeskConfig { name: "Harbour Herald".into(), ..DeskConfig::default() })
            .expect("desk.ron");
        let team = Team { dir, a, b };
        assert!(team.sync_cli(&team.a, ALICE, "Start the desk").status.success());
        assert!(team.sync_cli(&team.b, BEN, "First sync").status.success());
        team
    }

    /// `copydesk sync` as an editor runs it, with no `git` on the PATH.
    fn sync_cli(&self, desk: &Path, author: &str, message: &str) -> Output {
        let home = self.dir.path().join("home");
        fs::create_dir_all(&home).expect("home");
        let out = Command::new(env!("CARGO_BIN_EXE_copydesk"))
            .args(["sync", path_str(desk), "-m", message, "--author", author])
            .env_clear()
            .env("PATH", "")
            .env("HOME", &home)
            .output()
            .expect("copydesk runs");
        eprintln!(
            "sync {}:\n{}{}",
            desk.display(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    /// Every `.ron` in both desks loads; every text in `typed` is in some
    /// article of both desks.
    fn check(&self, typed: &[&str]) {
        for desk in [&self.a, &self.b] {
            let mut all = String::new();
            for path in ron_files(desk) {
                if desk::config::is_desk_file(&path) {
                    desk::config::read(&path).unwrap_or_else(|e| panic!("{e}"));
                } else {
                    let article = store::load(&path).unwrap_or_else(|e| panic!("{e}"));
                    all.push_str(&store::to_string(&article));
                }
                let text = fs::read_to_string(&path).expect("read");
                assert!(!text.contains("<<<<<<<") && !text.contains(">>>>>>>"), "{}", path.display());
            }
            for text in typed {
                assert!(all.contains(text), "{}: lost “{text}”", desk.display());
            }
        }
    }
}

pub(crate) fn path_str(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

fn ron_files(root: &Path) -> Vec<PathBuf> {
    walk(root).into_iter().filter(|p| p.extension().is_some_and(|e| e == "ron")).collect()
}

fn walk(root: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(root).expect("read dir").map(|e| e.expect("entry")) {
        let path = entry.path();
        if entry.file_name() == ".git" {
            continue;
        }
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

pub(crate) fn story(slug: &str, headline: &str, paragraphs: &[&str]) -> Article {
    Article {
        slug: slug.into(),
        headline: headline.into(),
        dek: format!("The dek of {slug}."),
        category: "Local".into(),
        tags: vec!["harbour".into()],
        bylines: vec!["Ama Okonkwo".into()],
        body: paragraphs.iter().map(|p| Block::Paragraph(p.to_string())).collect(),
        ..Article::default()
    }
}

pub(crate) fn ferry() -> Article {
    story(
        "ferry-timetable",
        "Ferry timetable changes in spring",
        &["The first ferry leaves at six.", "Fares stay the same.", "The last ferry leaves at ten."],
    )
}

fn market() -> Article {
    story("fish-market", "Fish market moves to the quay", &["Stalls open at dawn.", "Parking is free."])
}

pub(crate) fn edit(desk: &Path, slug: &str, change: impl FnOnce(&mut Article)) {
    let path = desk.join(format!("{slug}.ron"));
    let mut article = store::load(&path).expect("load");
    change(&mut article);
    store::save(&path, &article).expect("save");
}

pub(crate) fn load(desk: &Path, slug: &str) -> Article {
    store::load(&desk.join(format!("{slug}.ron"))).expect("load")
}

fn options(author: &str, message: &str) -> SyncOptions {
    SyncOptions { message: message.into(), author: Author::parse(author).expect("author"), ssh_key: None }
}

pub(crate) fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn fast_forward_pull_brings_the_other_desk_up_to_date() {
    let team = Team::new(&[ferry()]);
    assert_eq!(load(&team.b, "ferry-timetable"), ferry());
    edit(&team.a, "ferry-timetable", |a| a.headline = "Ferry timetable changes in April".into());
    assert!(team.sync_cli(&team.a, ALICE, "April").status.success());
    // B knows nothing yet; after a sync it has A's headline, fast-forwarded.
    let out = team.sync_cli(&team.b, BEN, "Pull");
    assert!(out.status.success());
    assert!(stdout(&out).contains("fast-forward"), "{}", stdout(&out));
    assert_eq!(load(&team.b, "ferry-timetable").headline, "Ferry timetable changes in April");
    let status = TeamDesk::open_shared(&team.b).expect("team desk").status().expect("status");
    assert_eq!(status.branch.branch.as_deref(), Some("main"));
    assert_eq!((status.branch.ahead, status.branch.behind), (0, 0));
    assert_eq!(status.of(&team.b.join("ferry-timetable.ron")), Some(ArticleStatus::Unchanged));
    team.check(&["Ferry timetable changes in April"]);
}

#[test]
fn sync_runs_on_a_worker_thread_and_reports_progress() {
    // The window's way: the desk path and options go to a thread, steps
    // come back over a channel, the report at the end.
    let team = Team::new(&[ferry()]);
    edit(&team.a, "ferry-timetable", |a| a.dek = "Sent from a worker thread.".into());
    let (steps, heard) = std::sync::mpsc::channel();
    let (desk, options) = (team.a.clone(), options(ALICE, "Worker"));
    let worker = std::thread::spawn(move || {
        sync::sync(&desk, &options, &mut |step| {
            let _ = steps.send(step);
        })
    });
    let report = worker.join().expect("worker").expect("sync");
    let heard: Vec<Step> = heard.try_iter().collect();
    assert!(report.committed && report.pushed, "{report:?}");
    assert_eq!(heard.first(), Some(&Step::Committing));
    assert!(heard.iter().any(|s| matches!(s, Step::Pushing { .. })), "{heard:?}");
    assert!(team.sync_cli(&team.b, BEN, "Pull").status.success());
    team.check(&["Sent from a worker thread."]);
}

#[test]
fn status_marks_new_modified_ahead_and_behind() {
    let team = Team::new(&[ferry(), market()]);
    edit(&team.a, "ferry-timetable", |a| a.dek = "Ama's new dek.".into());
    assert!(team.sync_cli(&team.a, ALICE, "Dek").status.success());
    // B fetches without merging: sync would merge, so fetch by hand.
    let repo = git2::Repository::open(&team.b).expect("repo");
    repo.find_remote("origin").expect("origin").fetch(&["main"], None, None).expect("fetch");
    edit(&team.b, "fish-market", |a| a.dek = "Bram's edit.".into());
    store::save(&team.b.join("night-bus.ron"), &story("night-bus", "Night bus returns", &["From May."]))
        .expect("save");
    let status = TeamDesk::open_shared(&team.b).expect("team desk").status().expect("status");
    assert_eq!(status.of(&team.b.join("ferry-timetable.ron")), Some(ArticleStatus::Behind));
    assert_eq!(status.of(&team.b.join("fish-market.ron")), Some(ArticleStatus::Modified));
    assert_eq!(status.of(&team.b.join("night-bus.ron")), Some(ArticleStatus::New));
    assert_eq!(status.branch.behind, 1);
    // A commit not yet pushed is ahead.
    let desk = TeamDesk::open_shared(&team.a).expect("team desk");
    edit(&team.a, "fish-market", |a| a.headline = "Fish market moves".into());
    {
        let repo = git2::Repository::open(&team.a).expect("repo");
        let mut index = repo.index().expect("index");
        index.add_path(Path::new("fish-market.ron")).expect("add");
        index.write().expect("write");
        let tree = repo.find_tree(index.write_tree().expect("tree")).expect("tree");
        let head = repo.head().expect("head").peel_to_commit().expect("commit");
        let who = git2::Signature::now("Ama Okonkwo", "ama@harbour-herald.example").expect("sig");
        repo.commit(Some("HEAD"), &who, &who, "local", &tree, &[&head]).expect("commit");
    }
    let status = desk.status().expect("status");
    assert_eq!(status.of(&team.a.join("fish-market.ron")), Some(ArticleStatus::Ahead));
    assert_eq!(status.branch.ahead, 1);
}

#[test]
fn edits_to_different_articles_merge_and_both_push() {
    let team = Team::new(&[ferry(), market()]);
    edit(&team.a, "ferry-timetable", |a| {
        a.body.push(Block::Paragraph("Ama adds a line about bikes.".into()))
    });
    edit(&team.b, "fish-market", |a| a.body.push(Block::Paragraph("Bram adds a line about ice.".into())));
    assert!(team.sync_cli(&team.a, ALICE, "Bikes").status.success());
    let out = team.sync_cli(&team.b, BEN, "Ice");
    assert!(out.status.success());
    assert!(stdout(&out).contains("pushed"));
    assert!(team.sync_cli(&team.a, ALICE, "Pull").status.success());
    for desk in [&team.a, &team.b] {
        assert_eq!(load(desk, "ferry-timetable").body.len(), 4);
        assert_eq!(load(desk, "fish-market").body.len(), 3);
    }
    team.check(&["Ama adds a line about bikes.", "Bram adds a line about ice."]);
}

#[test]
fn different_fields_of_one_article_merge_without_a_conflict() {
    let team = Team::new(&[ferry()]);
    edit(&team.a, "ferry-timetable", |a| {
        a.headline = "Ama's headline".into();
        a.tags.push("spring".into());
        a.body[0] = Block::Paragraph("The first ferry leaves at half past six.".into());
    });
    edit(&team.b, "ferry-timetable", |a| {
        a.dek = "Bram's dek.".into();
        a.tags.push("transport".into());
        a.body[2] = Block::Paragraph("The last ferry leaves at eleven.".into());
    });
    assert!(team.sync_cli(&team.a, ALICE, "Headline").status.success());
    let out = team.sync_cli(&team.b, BEN, "Dek");
    assert!(out.status.success(), "{}", stdout(&out));
    assert!(stdout(&out).contains("merged"), "{}", stdout(&out));
    assert!(team.sync_cli(&team.a, ALICE, "Pull").status.success());
    for desk in [&team.a, &team.b] {
        let article = load(desk, "ferry-timetable");
        assert_eq!(article.headline, "Ama's headline");
        assert_eq!(article.dek, "Bram's dek.");
        // The merging side's own additions first, then the other side's.
        assert_eq!(article.tags, vec!["harbour", "transport", "spring"]);
    }
    team.check(&[
        "Ama's headline",
        "Bram's dek.",
        "The first ferry leaves at half past six.",
        "The last ferry leaves at eleven.",
    ]);
}

/// The picture's words on one side, the headline on the other (the case
/// that once lost the picture's change on both desks): both survive a real
/// sync, and history and `copydesk diff` show the lead image's attributes.
/// Format 3 through the team desk: one editor adds a note (a comment on a
/// passage, its CriticMarkup mark in the body), the other appends a
/// correction; both survive the sync on both desks, and the article's id
/// stays the one it had.
#[test]
fn a_note_and_a_correction_made_apart_both_survive_a_sync() {
    use copydesk::model::article::{Anchor, Correction, CorrectionKind, Note, NoteKind};
    let at = |text: &str| text.parse::<jiff::Timestamp>().expect("time");
    let mut seed = ferry();
    seed.id = Some("8c4f1a2e-7b3d-4e95-a061-2d9f5c8b7e13".into());
    let team = Team::new(&[seed.clone()]);
    edit(&team.a, "ferry-timetable", |a| {
        a.body[1] = Block::Paragraph("{==Fares stay the same.==}{>>For every route?<<}".into());
        a.notes.push(Note {
            id: "4e2d9b7a-1c5f-4a83-b6e0-9f3d2c1a8b54".into(),
            kind: NoteKind::Comment,
            on: None,
            anchor: Some(Anchor::new("{==Fares stay the same.==}{>>For every route?<<}", "")),
            author: "Ama Okonkwo".into(),
            at: at("2026-03-02T09:00:00Z"),
            text: "For every route?".into(),
            replies: Vec::new(),
            resolved: false,
        });
    });
    edit(&team.b, "ferry-timetable", |a| {
        a.corrections.push(Correction {
            at: at("2026-03-02T09:05:00Z"),
            kind: CorrectionKind::Correction,
            text: "The first ferry leaves at six, not half past.".into(),
        })
    });
    assert!(team.sync_cli(&team.a, ALICE, "A note").status.success());
    let out = team.sync_cli(&team.b, BEN, "A correction");
    assert!(out.status.success(), "{}", stdout(&out));
    assert!(stdout(&out).contains("merged"), "{}", stdout(&out));
    assert!(team.sync_cli(&team.a, ALICE, "Pull").status.success());
    for desk in [&team.a, &team.b] {
        let article = load(desk, "ferry-timetable");
        assert_eq!(article.id, seed.id);
        assert_eq!(article.notes.len(), 1, "{}", desk.display());
        assert_eq!(article.corrections.len(), 1, "{}", desk.display());
        assert!(
            matches!(&article.body[1], Block::Paragraph(text) if text.contains("{>>For every route?<<}"))
        );
    }
    team.check(&["For every route?", "The first ferry leaves at six, not half past."]);
}

/// Suggest mode's work through the team desk: one editor comments on a
/// paragraph while the other accepts a suggestion in another; the sync
/// merges the two paragraphs and the two notes' changes.
#[test]
fn a_comment_on_one_paragraph_and_a_suggestion_accepted_in_another_merge() {
    use copydesk::model::article::suggestions::{changes_by, decide};
    use copydesk::model::article::{Anchor, Note, NoteKind};
    use copydesk::model::markup::critic::Keep;
    let at = |text: &str| text.parse::<jiff::Timestamp>().expect("time");
    let signed = |id: &str, kind, mark: &str, author: &str| Note {
        id: id.into(),
        kind,
        on: None,
        anchor: Some(Anchor::new(mark, "")),
        author: author.into(),
        at: at("2026-03-02T09:00:00Z"),
        text: String::new(),
        replies: Vec::new(),
        resolved: false,
    };
    let mut seed = ferry();
    seed.body[0] = Block::Paragraph("{~~The first ferry~>The first boat~~} leaves at six.".into());
    seed.notes.push(signed(
        "6b1c2d3e-4f50-4a61-b728-39405a6b7c8d",
        NoteKind::Suggestion,
        "{~~The first ferry~>The first boat~~}",
        "Bram Kestrel",
    ));
    let team = Team::new(&[seed]);
    let comment = "{==The last ferry==}{>>Ten sharp, or ten-ish?<<} leaves at ten.";
    edit(&team.a, "ferry-timetable", |a| {
        a.body[2] = Block::Paragraph(comment.into());
        a.notes.push(signed(
            "7c2d3e4f-5061-4b72-8839-4a5b6c7d8e9f",
            NoteKind::Comment,
            comment,
            "Ama Okonkwo",
        ));
    });
    edit(&team.b, "ferry-timetable", |a| {
        assert_eq!(decide(a, Keep::New, changes_by(None)), 1);
    });
    assert!(team.sync_cli(&team.a, ALICE, "A comment").status.success());
    let out = team.sync_cli(&team.b, BEN, "Accepted a suggestion");
    assert!(out.status.success(), "{}", stdout(&out));
    assert!(team.sync_cli(&team.a, ALICE, "Pull").status.success());
    for desk in [&team.a, &team.b] {
        let article = load(desk, "ferry-timetable");
        assert_eq!(
            article.body[0],
            Block::Paragraph("The first boat leaves at six.".into()),
            "{}",
            desk.display()
        );
        assert_eq!(article.body[2], Block::Paragraph(comment.into()), "{}", desk.display());
        assert_eq!(article.notes.len(), 2, "{}", desk.display());
        assert!(article.notes.iter().any(|n| n.kind == NoteKind::Suggestion && n.resolved));
        assert!(article.notes.iter().any(|n| n.kind == NoteKind::Comment && !n.resolved));
    }
    team.check(&["Ten sharp, or ten-ish?", "The first boat leaves at six."]);
}

#[test]
fn lead_image_attributes_and_the_headline_both_survive_a_sync() {
    let mut seeded = ferry();
    seeded.image = Some(Image {
        src: "photos/ferry.jpg".into(),
        alt: "The ferry at the pier".into(),
        credit: "Desk photo".into(),
        ..Image::default()
    });
    let team = Team::new(std::slice::from_ref(&seeded));
    edit(&team.a, "ferry-timetable", |a| {
        if let Some(image) = &mut a.image {
            image.alt = "The ferry at the pier at first light".into();
            image.credit = "Lena Moss".into();
        }
    });
    edit(&team.b, "ferry-timetable", |a| a.headline = "Bram's spring timetable".into());
    assert!(team.sync_cli(&team.a, ALICE, "Picture words").status.success());
    let out = team.sync_cli(&team.b, BEN, "Headline");
    assert!(out.status.success(), "{}", stdout(&out));
    assert!(stdout(&out).contains("merged"), "{}", stdout(&out));
    assert!(team.sync_cli(&team.a, ALICE, "Pull").status.success());
    for desk in [&team.a, &team.b] {
        let article = load(desk, "ferry-timetable");
        assert_eq!(article.headline, "Bram's spring timetable", "{}", desk.display());
        let image = article.image.expect("the lead image");
        assert_eq!(
            (image.alt.as_str(), image.credit.as_str(), image.src.as_str()),
            ("The ferry at the pier at first light", "Lena Moss", "photos/ferry.jpg"),
            "{}",
            desk.display()
        );
    }
    team.check(&["Bram's spring timetable", "The ferry at the pier at first light", "Lena Moss"]);
    // What the window's Article History lists, and what `copydesk diff`
    // prints, against the first version.
    let file = team.a.join("ferry-timetable.ron");
    let versions = history::versions(&file).expect("history");
    let first = versions.last().expect("the first version");
    let old = history::content_at(&file, &first.commit).expect("first version");
    let fields: Vec<Field> =
        history::diff(&old, &load(&team.a, "ferry-timetable")).iter().map(|d| d.field).collect();
    assert_eq!(fields, vec![Field::Headline, Field::ImageAlt, Field::ImageCredit]);
    let out = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(["diff", path_str(&file), first.short()])
        .env_clear()
        .env("PATH", "")
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = stdout(&out);
    assert!(text.contains("Lead image alt text:\n    The ferry at the pier{+ at first light+}"), "{text}");
    assert!(text.contains("Lead image credit:\n    [-Desk-]{+Lena+} [-photo-]{+Moss+}"), "{text}");
}

/// Both change the headline and the same paragraph; B's sync stops with
/// the conflicts, B settles them with `choice`, syncs, and A pulls.
fn conflict_resolved_with(choice: Choice) -> (Team, Article) {
    let team = Team::new(&[ferry()]);
    edit(&team.a, "ferry-timetable", |a| {
        a.headline = "Ama's headline".into();
        a.body[1] = Block::Paragraph("Ama: fares rise by a euro.".into());
    });
    edit(&team.b, "ferry-timetable", |a| {
        a.headline = "Bram's headline".into();
        a.body[1] = Block::Paragraph("Bram: fares fall for pupils.".into());
        a.dek = "Bram's clean dek.".into();
    });
    assert!(team.sync_cli(&team.a, ALICE, "Fares up").status.success());
    let out = team.sync_cli(&team.b, BEN, "Fares down");
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(stdout(&out).contains("conflict in Headline"), "{}", stdout(&out));
    // Unresolved, every file still loads and holds B's text.
    team.check(&["Ama's headline"][..0]);
    let b_article = load(&team.b, "ferry-timetable");
    assert_eq!(b_article.headline, "Bram's headline");
    assert_eq!(b_article.dek, "Bram's clean dek.");
    // A second sync does not push a half-merged state.
    assert_eq!(team.sync_cli(&team.b, BEN, "again").status.code(), Some(1));
    let pending = sync::pending(&team.b).expect("pending");
    assert_eq!(pending.len(), 1);
    let fields: Vec<Field> = pending[0].conflicts().iter().map(|c| c.field).collect();
    assert_eq!(fields, vec![Field::Headline, Field::Body]);
    // Settled through the command, as typed.
    let take = match choice {
        Choice::KeepMine => "mine",
        Choice::TakeTheirs => "theirs",
        Choice::KeepBoth => "both",
    };
    let out = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(["resolve", path_str(&pending[0].path), "--take", take])
        .env_clear()
        .env("PATH", "")
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout(&out).contains("2 conflicts resolved"), "{}", stdout(&out));
    assert!(sync::pending(&team.b).expect("pending").is_empty());
    let out = team.sync_cli(&team.b, BEN, "Resolved");
    assert!(out.status.success(), "{}", stdout(&out));
    assert!(stdout(&out).contains("pushed"));
    assert!(team.sync_cli(&team.a, ALICE, "Pull").status.success());
    let resolved = load(&team.b, "ferry-timetable");
    assert_eq!(load(&team.a, "ferry-timetable"), resolved);
    team.check(&["Bram's clean dek."]);
    (team, resolved)
}

#[test]
fn same_field_conflict_keep_mine() {
    let (_team, article) = conflict_resolved_with(Choice::KeepMine);
    assert_eq!(article.headline, "Bram's headline");
    assert_eq!(article.body[1], Block::Paragraph("Bram: fares fall for pupils.".into()));
}

#[test]
fn same_field_conflict_take_theirs() {
    let (_team, article) = conflict_resolved_with(Choice::TakeTheirs);
    assert_eq!(article.headline, "Ama's headline");
    assert_eq!(article.body[1], Block::Paragraph("Ama: fares rise by a euro.".into()));
}

#[test]
fn same_field_conflict_keep_both() {
    let (team, article) = conflict_resolved_with(Choice::KeepBoth);
    assert_eq!(article.body.len(), 4);
    team.check(&["Bram: fares fall for pupils.", "Ama: fares rise by a euro."]);
}

#[test]
fn a_rejected_push_is_merged_and_retried() {
    let team = Team::new(&[ferry(), market()]);
    edit(&team.a, "ferry-timetable", |a| a.dek = "Ama races ahead.".into());
    edit(&team.b, "fish-market", |a| a.dek = "Bram pushes second.".into());
    // B has fetched when A pushes: B's first push is rejected.
    let mut raced = false;
    let a = team.a.clone();
    let report = sync::sync(&team.b, &options(BEN, "Market"), &mut |step| {
        if step == Step::Merging && !raced {
            raced = true;
            let report = sync::sync(&a, &options(ALICE, "Ferry"), &mut |_| {}).expect("A syncs");
            assert!(report.pushed);
        }
    })
    .expect("B syncs");
    assert!(raced);
    assert!(report.pushed);
    assert_eq!(report.retries, 1, "{report:?}");
    assert!(team.sync_cli(&team.a, ALICE, "Pull").status.success());
    team.check(&["Ama races ahead.", "Bram pushes second."]);
}

#[test]
fn a_desk_ron_conflict_keeps_mine_merges_the_rest_and_reports() {
    let team = Team::new(&[ferry()]);
    let mut config = desk::config::read(&desk::config::path_in(&team.a)).expect("desk.ron");
    config.name = "The Harbour Herald".into();
    config.words.push("Okonkwo".into());
    desk::config::save(&team.a, &config).expect("save");
    let mut config = desk::config::read(&desk::config::path_in(&team.b)).expect("desk.ron");
    config.name = "Harbour Herald Daily".into();
    config.words.push("Kestrel".into());
    desk::config::save(&team.b, &config).expect("save");
    assert!(team.sync_cli(&team.a, ALICE, "Name").status.success());
    let out = team.sync_cli(&team.b, BEN, "Name too");
    assert!(out.status.success(), "{}", stdout(&out));
    assert!(stdout(&out).contains("desk.ron: name changed on both sides"), "{}", stdout(&out));
    assert!(team.sync_cli(&team.a, ALICE, "Pull").status.success());
    for desk in [&team.a, &team.b] {
        let config = desk::config::read(&desk::config::path_in(desk)).expect("loads");
        assert_eq!(config.name, "Harbour Herald Daily");
        assert_eq!(config.words, vec!["Kestrel", "Okonkwo"]);
    }
    team.check(&[]);
}

#[test]
fn a_slug_rename_meets_an_edit_and_both_survive() {
    let mut market_linking = market();
    market_linking.related.clear();
    let team = Team::new(&[ferry(), market_linking]);
    // A renames the ferry story the way the desk does.
    let index = Index::scan(&team.a, &Progress::default());
    let subject = team.a.join("ferry-timetable.ron");
    let plan = desk::rename::plan(&index, &subject, "ferry-timetable", "spring-ferries").expect("plan");
    let mut renamed = load(&team.a, "ferry-timetable");
    renamed.slug = "spring-ferries".into();
    desk::rename::apply(&plan, &renamed).expect("rename");
    // B edits the story's body and links to it from the market story.
    edit(&team.b, "ferry-timetable", |a| a.body.push(Block::Paragraph("Bram: bikes ride free.".into())));
    edit(&team.b, "fish-market", |a| {
        a.related.push(Related {
            slug: "ferry-timetable".into(),
            category: "Local".into(),
            title: "Ferry timetable".into(),
            teaser: "When the boats run.".into(),
        })
    });
    assert!(team.sync_cli(&team.a, ALICE, "Rename").status.success());
    let out = team.sync_cli(&team.b, BEN, "Bikes");
    assert!(out.status.success(), "{}", stdout(&out));
    assert!(team.sync_cli(&team.a, ALICE, "Pull").status.success());
    for desk in [&team.a, &team.b] {
        assert!(!desk.join("ferry-timetable.ron").exists(), "{}", desk.display());
        let article = load(desk, "spring-ferries");
        assert_eq!(article.slug, "spring-ferries");
        assert_eq!(article.body.len(), 4);
        let links = load(desk, "fish-market").related;
        assert_eq!(links.iter().map(|r| r.slug.as_str()).collect::<Vec<_>>(), vec!["spring-ferries"]);
    }
    team.check(&["Bram: bikes ride free."]);
    // The history follows the article back past its rename.
    let versions = history::versions(&team.b.join("spring-ferries.ron")).expect("history");
    assert_eq!(versions.last().map(|v| v.message.as_str()), Some("Start the desk"), "{versions:?}");
    assert!(versions.iter().any(|v| v.message == "Bikes"), "{versions:?}");
}

#[test]
fn history_lists_versions_and_diffs_by_field_and_word() {
    let team = Team::new(&[ferry()]);
    edit(&team.a, "ferry-timetable", |a| a.headline = "Ferry timetable changes in May".into());
    assert!(team.sync_cli(&team.a, ALICE, "May, not spring").status.success());
    edit(&team.a, "ferry-timetable", |a| a.dek = "Uncommitted dek.".into());
    let file = team.a.join("ferry-timetable.ron");
    let versions = history::versions(&file).expect("history");
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[0].message, "May, not spring");
    assert_eq!(versions[0].author, "Ama Okonkwo");
    assert_eq!(versions[1].message, "Start the desk");
    let first = history::content_at(&file, &versions[1].commit).expect("first version");
    assert_eq!(first, ferry());
    let diffs = history::diff(&first, &load(&team.a, "ferry-timetable"));
    let fields: Vec<Field> = diffs.iter().map(|d| d.field).collect();
    assert_eq!(fields, vec![Field::Headline, Field::Dek]);
    // The CLI prints the same, with no git on the PATH.
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_copydesk"))
            .args(args)
            .env_clear()
            .env("PATH", "")
            .output()
            .expect("runs")
    };
    let out = run(&["history", path_str(&file)]);
    assert!(out.status.success());
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(text.contains("Ama Okonkwo <ama@harbour-herald.example>  May, not spring"), "{text}");
    let out = run(&["diff", path_str(&file), versions[1].short()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = stdout(&out);
    assert!(text.contains("Headline:\n    Ferry timetable changes in [-spring-]{+May+}"), "{text}");
    assert!(text.contains("Dek:"), "{text}");
}

#[test]
fn sync_needs_a_shared_desk_and_an_author() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(["sync", path_str(dir.path()), "--author", ALICE])
        .env_clear()
        .env("PATH", "")
        .output()
        .expect("runs");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not inside a shared (git) desk"));
    assert!(Author::parse("nobody").is_err());
}

/// Commits `change` to the tree of B's HEAD with git2 (what a teammate's
/// own git tools may push) and pushes it to the remote.
fn push_tree_as_teammate(
    desk: &Path,
    message: &str,
    change: impl FnOnce(&git2::Repository, &mut git2::TreeBuilder),
) {
    let repo = git2::Repository::open(desk).expect("repo");
    let head = repo.head().and_then(|h| h.peel_to_commit()).expect("head");
    let base = head.tree().expect("tree");
    let mut builder = repo.treebuilder(Some(&base)).expect("tree builder");
    change(&repo, &mut builder);
    let tree = repo.find_tree(builder.write().expect("tree")).expect("tree");
    let who = git2::Signature::now("Bram Kestrel", "bram@harbour-herald.example").expect("signature");
    repo.commit(Some("HEAD"), &who, &who, message, &tree, &[&head]).expect("commit");
    repo.checkout_head(Some(git2::build::CheckoutBuilder::new().force())).expect("checkout");
    repo.find_remote("origin")
        .expect("origin")
        .push(&["refs/heads/main:refs/heads/main"], None)
        .expect("push");
}

/// The remote's `main` tree.
fn remote_tree(team: &Team) -> (git2::Repository, git2::Oid) {
    let remote = git2::Repository::open_bare(team.dir.path().join("remote.git")).expect("remote");
    let tree = remote.find_reference("refs/heads/main").and_then(|r| r.peel_to_tree()).expect("main").id();
    (remote, tree)
}

#[test]
fn a_merge_keeps_every_entrys_kind_links_scripts_and_submodules() {
    let team = Team::new(&[ferry(), market()]);
    let gitlink = git2::Oid::from_str("0123456789abcdef0123456789abcdef01234567").expect("oid");
    push_tree_as_teammate(&team.b, "A link, a script and a map", |repo, tree| {
        let link = repo.blob(b"../../private/id_ed25519").expect("blob");
        tree.insert("lead.png", link, 0o120_000).expect("link");
        let script = repo.blob(b"#!/bin/sh\necho tide\n").expect("blob");
        tree.insert("tide-chart.png", script, 0o100_755).expect("script");
        tree.insert("harbour-map", gitlink, 0o160_000).expect("submodule");
    });
    edit(&team.a, "ferry-timetable", |a| a.dek = "Ama's dek after the map.".into());
    let out = team.sync_cli(&team.a, ALICE, "Dek");
    assert!(out.status.success(), "{}{}", stdout(&out), String::from_utf8_lossy(&out.stderr));
    assert!(stdout(&out).contains("pushed"), "{}", stdout(&out));
    let (remote, tree) = remote_tree(&team);
    let tree = remote.find_tree(tree).expect("tree");
    let mode = |name: &str| tree.get_name(name).map(|e| e.filemode());
    assert_eq!(mode("lead.png"), Some(0o120_000), "the link stays a link");
    assert_eq!(mode("tide-chart.png"), Some(0o100_755));
    assert_eq!(mode("harbour-map"), Some(0o160_000));
    assert_eq!(tree.get_name("harbour-map").map(|e| e.id()), Some(gitlink));
    let link =
        tree.get_name("lead.png").and_then(|e| e.to_object(&remote).ok()).and_then(|o| o.into_blob().ok());
    assert_eq!(link.map(|b| b.content().to_vec()), Some(b"../../private/id_ed25519".to_vec()));
    // Later syncs go on working, and the link is never read as a picture.
    edit(&team.a, "fish-market", |a| a.dek = "Still syncing.".into());
    let out = team.sync_cli(&team.a, ALICE, "Again");
    assert!(out.status.success(), "{}{}", stdout(&out), String::from_utf8_lossy(&out.stderr));
    assert!(fs::symlink_metadata(team.a.join("lead.png")).is_ok_and(|m| m.file_type().is_symlink()));
    let (_, sent) = remote_tree(&team);
    assert!(team.sync_cli(&team.b, BEN, "Pull").status.success());
    assert_eq!(remote_tree(&team).1, sent, "Bram's pull changes nothing of what was sent");
    assert!(fs::symlink_metadata(team.b.join("lead.png")).is_ok_and(|m| m.file_type().is_symlink()));
    team.check(&["Ama's dek after the map.", "Still syncing."]);
}

#[test]
fn an_article_over_the_size_limit_is_left_to_the_editor_not_merged() {
    let team = Team::new(&[ferry(), market()]);
    // Bram's ferry grows past the 50 MB Copydesk opens (written as bytes:
    // Copydesk itself refuses to save it).
    let mut huge = ferry();
    huge.body.push(Block::Paragraph("The ferry was late again. ".repeat(2_100_000)));
    let huge = store::to_string(&huge);
    assert!(huge.len() > 52_000_000);
    fs::write(team.b.join("ferry-timetable.ron"), &huge).expect("write");
    assert!(team.sync_cli(&team.b, BEN, "Everything about the ferry").status.success());
    let (_, pushed_by_bram) = remote_tree(&team);
    // Ama changed another article: her sync must merge.
    edit(&team.a, "fish-market", |a| a.dek = "Ama's market dek.".into());
    let out = team.sync_cli(&team.a, ALICE, "Market");
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("ferry-timetable.ron") && stdout(&out).contains("50 MB"),
        "{}",
        stdout(&out)
    );
    assert_eq!(load(&team.a, "ferry-timetable"), ferry(), "her file is untouched");
    assert_eq!(remote_tree(&team).1, pushed_by_bram, "nothing pushed");
    let pending = sync::pending(&team.a).expect("pending");
    assert_eq!(pending.len(), 1);
    // Theirs cannot be taken (it would not open); hers settles it.
    let resolve = |take: &str| {
        Command::new(env!("CARGO_BIN_EXE_copydesk"))
            .args(["resolve", path_str(&team.a.join("ferry-timetable.ron")), "--take", take])
            .env_clear()
            .env("PATH", "")
            .output()
            .expect("runs")
    };
    let out = resolve("theirs");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("50 MB"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(resolve("mine").status.success());
    let out = team.sync_cli(&team.a, ALICE, "Keep the ferry small");
    assert!(out.status.success(), "{}", stdout(&out));
    assert!(team.sync_cli(&team.b, BEN, "Pull").status.success());
    assert_eq!(load(&team.b, "ferry-timetable"), ferry());
    assert_eq!(load(&team.b, "fish-market").dek, "Ama's market dek.");
    team.check(&["Ama's market dek."]);
}

#[test]
fn history_diff_and_sync_print_a_teammates_escapes_harmlessly() {
    let team = Team::new(&[ferry()]);
    let hostile = "Ferry\u{1b}[2K\u{1b}]0;owned\u{7} timetable\u{9b}1A";
    edit(&team.b, "ferry-timetable", |a| a.headline = hostile.into());
    let out =
        team.sync_cli(&team.b, "Bram\u{1b}[31m Kestrel <bram@harbour-herald.example>", "Head\u{1b}[1Aline");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    edit(&team.a, "ferry-timetable", |a| a.headline = "Ama's headline".into());
    let mut outputs = vec![team.sync_cli(&team.a, ALICE, "Mine")];
    assert!(stdout(&outputs[0]).contains("conflict in Headline"), "{}", stdout(&outputs[0]));
    edit(&team.b, "ferry-timetable", |a| a.dek = "Dek\u{1b}[2J".into());
    let file = team.b.join("ferry-timetable.ron");
    for args in [vec!["history", path_str(&file)], vec!["diff", path_str(&file), "HEAD~1"]] {
        let out = Command::new(env!("CARGO_BIN_EXE_copydesk")).args(&args).output().expect("runs");
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        outputs.push(out);
    }
    assert!(stdout(&outputs[1]).contains("Head\\u{1b}[1Aline"), "{}", stdout(&outputs[1]));
    for out in &outputs {
        for stream in [&out.stdout, &out.stderr] {
            let text = String::from_utf8_lossy(stream);
            assert!(!text.contains(['\u{1b}', '\u{7}', '\u{9b}']), "{text:?}");
        }
    }
}

#[test]
fn share_never_prints_a_remotes_password() {
    let dir = tempfile::tempdir().expect("temp dir");
    let desk = dir.path().join("desk");
    fs::create_dir(&desk).expect("desk");
    let share = |args: &[&str]| {
        let out =
            Command::new(env!("CARGO_BIN_EXE_copydesk")).arg("share").args(args).output().expect("runs");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        stdout(&out)
    };
    for printed in [
        share(&[path_str(&desk), "https://ama:ghp_s3cr3tT0ken@git.example.org/herald/desk.git"]),
        share(&[path_str(&desk)]),
    ] {
        assert!(!printed.contains("s3cr3t"), "{printed}");
        assert!(printed.contains("https://ama:***@git.example.org/herald/desk.git"), "{printed}");
    }
}
