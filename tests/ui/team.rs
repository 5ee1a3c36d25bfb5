//! The team desk in the window: sidebar marks, Share Desk…, Sync through
//! the real command against a bare `file://` remote that a second desk
//! (driven through the library) also syncs with, the resolve view's three
//! choices, and the history list with Restore.

use std::fs;
use std::path::{Path, PathBuf};

use crate::common::*;
use copydesk::app::{Command, Launch, ScriptedDialogs};
use copydesk::model::article::{Article, Block};
use copydesk::model::markup;
use copydesk::storage::store;
use copydesk::storage::team::TeamDesk;
use copydesk::storage::team::sync::{self, Author, SyncOptions};
use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

const MINE: (&str, &str) = ("Ama Okonkwo", "ama@harbour-herald.example");
const THEIRS: &str = "Bram Kestrel <bram@harbour-herald.example>";

/// A bare remote and two desks sharing it: `mine` (opened in the window)
/// and `theirs` (another editor's machine, synced through the library).
struct Remote {
    _dir: tempfile::TempDir,
    mine: PathBuf,
    theirs: PathBuf,
}

impl Remote {
    fn new(seed: &[Article]) -> Remote {
        let dir = tempfile::tempdir().expect("temp dir");
        let bare = dir.path().join("remote.git");
        let mut init = git2::RepositoryInitOptions::new();
        init.bare(true).initial_head("main");
        git2::Repository::init_opts(&bare, &init).expect("bare remote");
        let url = format!("file://{}", bare.display());
        let mine = dir.path().join("ama").join("desk");
        let theirs = dir.path().join("bram").join("desk");
        for desk in [&mine, &theirs] {
            fs::create_dir_all(desk).expect("desk folder");
            TeamDesk::init(desk, Some(&url)).expect("share");
        }
        // Git's own setting for this desk: what the author modal offers.
        let repo = git2::Repository::open(&mine).expect("repo");
        let mut config = repo.config().expect("config");
        config.set_str("user.name", MINE.0).expect("name");
        config.set_str("user.email", MINE.1).expect("email");
        for article in seed {
            store::save(&mine.join(format!("{}.ron", article.slug)), article).expect("save");
        }
        let remote = Remote { _dir: dir, mine, theirs };
        remote.sync(&remote.mine, &format!("{} <{}>", MINE.0, MINE.1), "Start the desk");
        remote.sync(&remote.theirs, THEIRS, "First sync");
        remote
    }

    fn sync(&self, desk: &Path, author: &str, message: &str) -> sync::SyncReport {
        let options = SyncOptions {
            message: message.into(),
            author: Author::parse(author).expect("author"),
            ssh_key: None,
        };
        let report = sync::sync(desk, &options, &mut |_| {}).expect("sync");
        assert!(report.conflicts.is_empty(), "{report:?}");
        report
    }

    fn window(&self, open: Option<&str>) -> App<'static> {
        let dialogs = ScriptedDialogs::new();
        let launch = Launch {
            desk: Some(self.mine.clone()),
            open: open.map(|slug| self.mine.join(format!("{slug}.ron"))),
            ..Launch::default()
        };
        let mut harness = harness_with(&dialogs, launch);
        settle_team(&mut harness);
        harness
    }
}

fn story(slug: &str, headline: &str, paragraph: &str) -> Article {
    Article {
        slug: slug.into(),
        headline: headline.into(),
        dek: format!("The dek of {slug}."),
        category: "Local".into(),
        bylines: vec!["Ama Okonkwo".into()],
        body: vec![Block::Paragraph(paragraph.into())],
        ..Article::default()
    }
}

fn edit(desk: &Path, slug: &str, change: impl FnOnce(&mut Article)) {
    let path = desk.join(format!("{slug}.ron"));
    let mut article = store::load(&path).expect("load");
    change(&mut article);
    store::save(&path, &article).expect("save");
}

fn load(desk: &Path, slug: &str) -> Article {
    store::load(&desk.join(format!("{slug}.ron"))).expect("every file loads")
}

/// Frames until the team's workers (status, sync, history) are done; a
/// running sync's spinner repaints every frame, so this steps instead of
/// running to rest until then.
fn settle_team(harness: &mut App) {
    for _ in 0..20 {
        harness.step();
        harness.state_mut().settle();
        harness.step();
        if !harness.state().team_busy() {
            break;
        }
    }
    settle(harness);
}

fn marks(harness: &App, mark: &str) -> usize {
    harness.query_all_by_label(mark).count()
}

/// Answers the author modal with what git's settings prefilled.
fn accept_author(harness: &mut App) {
    assert_eq!(text_of(harness, "Name"), MINE.0);
    assert_eq!(text_of(harness, "E-mail"), MINE.1);
    harness.get_by_role_and_label(Role::Button, "Save and Sync").click();
    harness.step();
    settle_team(harness);
}

#[test]
fn the_sidebar_marks_a_modified_article_and_the_status_bar_shows_the_branch() {
    let remote = Remote::new(&[
        story("harbour-dredging", "Harbour Dredging Starts", "Barges arrive Monday."),
        story("quay-lights", "Quay Lights Return", "The lamps are back."),
    ]);
    let mut harness = remote.window(Some("quay-lights"));
    assert_eq!(marks(&harness, "unchanged"), 2, "both articles are as synced");
    assert_eq!(marks(&harness, "modified"), 0);
    harness.get_by_label("Branch main · ↑0 to send · ↓0 to receive");

    harness.get_by_label("Dek").focus();
    harness.get_by_label("Dek").type_text(" The council paid for them.");
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    settle_team(&mut harness);
    assert!(!harness.state().document().is_dirty());
    assert_eq!(marks(&harness, "modified"), 1, "the saved article is marked");
    assert_eq!(marks(&harness, "unchanged"), 1);
    let status = TeamDesk::open_shared(&remote.mine).expect("team").status().expect("status");
    assert_eq!(status.of(&remote.mine.join("quay-lights.ron")).map(|s| s.label()), Some("modified"));
}

#[test]
fn share_desk_makes_a_git_desk_with_a_remote() {
    let dir = tempfile::tempdir().expect("temp dir");
    write_article(dir.path(), "tide-tables", "Tide Tables Printed Again");
    let dialogs = ScriptedDialogs::new();
    let mut harness =
        harness_with(&dialogs, Launch { desk: Some(dir.path().to_path_buf()), ..Launch::default() });
    settle_team(&mut harness);
    assert_eq!(marks(&harness, "new"), 0, "an ordinary folder has no marks");
    harness.state_mut().issue(Command::ShareDesk);
    harness.run();
    harness.step();
    harness.get_by_label("Remote URL").focus();
    harness.get_by_label("Remote URL").type_text("file:///srv/herald.git");
    harness.get_by_role_and_label(Role::Button, "Share").click();
    harness.step();
    settle_team(&mut harness);
    let team = TeamDesk::open_shared(dir.path()).expect("the folder is a team desk now");
    assert_eq!(team.remote_url().as_deref(), Some("file:///srv/herald.git"));
    assert_eq!(marks(&harness, "new"), 1, "the article waits for its first sync");
    harness.get_by_label("Branch main · not synced yet");
}

#[test]
fn sync_saves_merges_by_field_and_reloads_the_open_article() {
    let remote = Remote::new(&[story("ferry-fares", "Ferry Fares Hold Steady", "Tickets cost the same.")]);
    edit(&remote.theirs, "ferry-fares", |a| a.headline = "Ferry Fares Hold Steady Through Winter".into());
    remote.sync(&remote.theirs, THEIRS, "Winter headline");

    let mut harness = remote.window(Some("ferry-fares"));
    harness.get_by_label("Dek").focus();
    harness.get_by_label("Dek").type_text(" Pensioners ride free.");
    harness.run();
    assert!(harness.state().document().is_dirty());
    // Through the real command: its shortcut, then the one-time question.
    harness.key_press_modifiers(egui::Modifiers::COMMAND | egui::Modifiers::SHIFT, egui::Key::G);
    harness.run();
    accept_author(&mut harness);

    assert_eq!(harness.state().prefs().author_name, MINE.0);
    assert_eq!(harness.state().prefs().author_email, MINE.1);
    let doc = harness.state().document();
    assert!(!doc.is_dirty(), "saved before syncing");
    assert_eq!(
        doc.fields().article.headline,
        "Ferry Fares Hold Steady Through Winter",
        "reloaded with theirs"
    );
    assert!(doc.fields().article.dek.ends_with("Pensioners ride free."), "and mine kept");
    assert_eq!(text_of(&harness, "Headline"), "Ferry Fares Hold Steady Through Winter");
    assert!(
        harness.state().notices().iter().any(|n| !n.error && n.text.starts_with("Synced:")),
        "{:?}",
        harness.state().notices()
    );
    harness.get_by_label("Branch main · ↑0 to send · ↓0 to receive");

    // What the window sent arrives on the other machine.
    remote.sync(&remote.theirs, THEIRS, "Pull");
    let theirs = load(&remote.theirs, "ferry-fares");
    assert_eq!(theirs.headline, "Ferry Fares Hold Steady Through Winter");
    assert!(theirs.dek.ends_with("Pensioners ride free."));
}

#[test]
fn the_resolve_view_keeps_mine_takes_theirs_and_keeps_both() {
    let remote = Remote::new(&[
        story("bridge-paint", "Bridge Gets New Paint", "Painters start at the north end."),
        story("school-roof", "School Roof Fixed", "The gym reopens in May."),
    ]);
    edit(&remote.theirs, "bridge-paint", |a| {
        a.headline = "Bridge Painted Harbour Green".into();
        a.dek = "Their dek about the colour.".into();
    });
    edit(&remote.theirs, "school-roof", |a| {
        a.body = vec![Block::Paragraph("The gym reopens in June.".into())]
    });
    remote.sync(&remote.theirs, THEIRS, "Their edits");
    edit(&remote.mine, "bridge-paint", |a| {
        a.headline = "Bridge Painted Slate Grey".into();
        a.dek = "My dek about the cost.".into();
    });
    edit(&remote.mine, "school-roof", |a| {
        a.body = vec![Block::Paragraph("The gym reopens after Easter.".into())]
    });

    let mut harness = remote.window(Some("bridge-paint"));
    harness.state_mut().issue(Command::Sync);
    harness.run();
    accept_author(&mut harness);
    assert!(harness.state().notices().iter().any(|n| n.error && n.text.starts_with("Not sent:")));
    // The conflicted article stays open, readable and editable (mine).
    assert_eq!(harness.state().document().fields().article.headline, "Bridge Painted Slate Grey");
    assert_eq!(marks(&harness, "conflict"), 2);

    // Headline: take theirs. Dek: take theirs, then back to keep mine.
    harness.get_all_by_label("Take theirs").next().expect("headline choice").click();
    harness.get_all_by_label("Take theirs").nth(1).expect("dek choice").click();
    harness.run();
    harness.get_all_by_label("Keep mine").nth(1).expect("dek choice").click();
    harness.run();
    harness.get_by_role_and_label(Role::Button, "Finish bridge-paint.ron").click();
    harness.run();
    let bridge = load(&remote.mine, "bridge-paint");
    assert_eq!(bridge.headline, "Bridge Painted Harbour Green");
    assert_eq!(bridge.dek, "My dek about the cost.");
    assert_eq!(
        harness.state().document().fields().article.headline,
        "Bridge Painted Harbour Green",
        "the open article follows"
    );

    // Body: keep both paragraphs.
    harness.get_by_label("Keep both").click();
    harness.run();
    harness.get_by_role_and_label(Role::Button, "Finish school-roof.ron").click();
    harness.run();
    let roof = load(&remote.mine, "school-roof");
    assert_eq!(
        roof.body,
        vec![
            Block::Paragraph("The gym reopens after Easter.".into()),
            Block::Paragraph("The gym reopens in June.".into())
        ]
    );

    // Sync now commits the merge and sends it.
    harness.get_by_role_and_label(Role::Button, "Sync now").click();
    harness.step();
    settle_team(&mut harness);
    assert!(
        harness.state().notices().iter().any(|n| !n.error && n.text.starts_with("Synced:")),
        "{:?}",
        harness.state().notices()
    );
    assert_eq!(marks(&harness, "conflict"), 0);
    remote.sync(&remote.theirs, THEIRS, "Pull");
    assert_eq!(load(&remote.theirs, "bridge-paint"), bridge);
    assert_eq!(load(&remote.theirs, "school-roof").body, roof.body);
}

#[test]
fn history_lists_versions_and_restore_is_undoable() {
    let remote =
        Remote::new(&[story("market-hours", "Market Hours Extended", "Stalls stay open until nine.")]);
    edit(&remote.mine, "market-hours", |a| {
        a.headline = "Market Hours Extended to Ten".into();
        a.body = vec![Block::Paragraph("Stalls stay open until ten.".into())];
    });
    remote.sync(&remote.mine, THEIRS, "Later closing time");

    let mut harness = remote.window(Some("market-hours"));
    harness.state_mut().issue(Command::ShowHistory);
    harness.step();
    settle_team(&mut harness);
    let rows: Vec<String> = harness
        .query_all_by_label_contains(" · ")
        .filter_map(|n| n.accesskit_node().label())
        .filter(|l| l.contains("Later closing time") || l.contains("Start the desk"))
        .collect();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(rows[0].contains("Bram Kestrel · Later closing time"), "newest first: {rows:?}");
    assert!(rows[1].contains("Ama Okonkwo · Start the desk"), "{rows:?}");

    harness.get_by_label_contains("Start the desk").click();
    harness.step();
    settle_team(&mut harness);
    // The diff, word by word: what the old version had, then what is new.
    harness.get_by_label_contains("Stalls stay open until nine.ten.");

    harness.get_by_role_and_label(Role::Button, "Restore this version").click();
    // The compare follows the analysis of the restored text, which is
    // background work: wait for it, as a reader's next frame would.
    harness.step();
    settle(&mut harness);
    let doc = harness.state().document();
    assert_eq!(doc.fields().article.headline, "Market Hours Extended");
    assert_eq!(doc.body(), markup::render(&[Block::Paragraph("Stalls stay open until nine.".into())]));
    assert!(doc.is_dirty());
    harness.get_by_label("This version is the same as the current text.");

    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    let doc = harness.state().document();
    assert_eq!(doc.fields().article.headline, "Market Hours Extended to Ten", "Undo takes the restore back");
    assert_eq!(doc.body(), markup::render(&[Block::Paragraph("Stalls stay open until ten.".into())]));
    assert!(!doc.is_dirty());
}

#[test]
fn history_compares_only_the_fields_that_differ_and_answers_the_keyboard() {
    // A story as an import leaves it, with a picture in the body whose size
    // the file records.
    let mut imported = copydesk::output::import::from_text(
        "Harbour Lights Return\nThe lamps along the quay are lit again.\nharbour-lights\n\
         Facebook X LinkedIn Bluesky WhatsApp\n\nThe first lamp came on at dusk.\n\n\
         Crews had worked on the wiring since spring.\n",
        None,
        None,
    )
    .expect("imports")
    .article;
    imported.slug = "harbour-lights".into();
    imported.category = "Local".into();
    imported.bylines = vec!["Ama Okonkwo".into()];
    imported.body.push(Block::Image(copydesk::model::article::Image {
        src: "quay.png".into(),
        alt: "The quay at dusk".into(),
        width: Some(640),
        height: Some(360),
        ..Default::default()
    }));
    let remote = Remote::new(&[imported]);
    let mut harness = remote.window(Some("harbour-lights"));
    harness.get_by_label("Headline").focus();
    harness.get_by_label("Headline").type_text(" Tonight");
    settle_team(&mut harness);

    let (bodies, headlines) =
        (harness.query_all_by_label("Body").count(), harness.query_all_by_label("Headline").count());
    harness.state_mut().issue(Command::ShowHistory);
    harness.step();
    settle_team(&mut harness);
    // The list has the keyboard: Down chooses the version, Enter compares.
    harness.key_press(egui::Key::ArrowDown);
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.step();
    settle_team(&mut harness);
    harness.get_by_role_and_label(Role::Button, "Restore this version");
    assert_eq!(harness.query_all_by_label("Headline").count(), headlines + 1, "the headline changed");
    assert_eq!(harness.query_all_by_label("Body").count(), bodies, "the body did not");
}

/// Up and Down move the keyboard and the compared version together (egui's
/// own arrow-key focus moved the keyboard one row past the version
/// compared, so Enter compared another one).
#[test]
fn history_arrow_keys_keep_the_keyboard_on_the_compared_version() {
    let remote =
        Remote::new(&[story("market-hours", "Market Hours Extended", "Stalls stay open until nine.")]);
    edit(&remote.mine, "market-hours", |a| a.headline = "Market Hours Extended to Ten".into());
    remote.sync(&remote.mine, THEIRS, "Later closing time");
    edit(&remote.mine, "market-hours", |a| a.headline = "Market Hours Extended to Eleven".into());
    remote.sync(&remote.mine, THEIRS, "Later still");

    let mut harness = remote.window(Some("market-hours"));
    harness.state_mut().issue(Command::ShowHistory);
    harness.step();
    settle_team(&mut harness);
    let row = |harness: &App, message: &str| {
        let node = harness.get_by_label_contains(message);
        (node.is_focused(), node.accesskit_node().toggled() == Some(egui::accesskit::Toggled::True))
    };
    let messages = ["Later still", "Later closing time", "Start the desk"];
    // Down chooses the first row, then each next one; Up goes back.
    for (key, at) in [
        (egui::Key::ArrowDown, 0),
        (egui::Key::ArrowDown, 1),
        (egui::Key::ArrowDown, 2),
        (egui::Key::ArrowUp, 1),
    ] {
        harness.key_press(key);
        harness.step();
        settle_team(&mut harness);
        for (index, message) in messages.iter().enumerate() {
            let want = (index == at, index == at);
            assert_eq!(
                row(&harness, message),
                want,
                "after {key:?}, row {index} ({message}): (keyboard, chosen)"
            );
        }
    }
    // Enter compares the row with the keyboard: the one already chosen.
    harness.key_press(egui::Key::Enter);
    harness.step();
    settle_team(&mut harness);
    assert_eq!(row(&harness, "Later closing time"), (true, true));
    harness.get_by_label_contains("Market Hours Extended to TenEleven");
}
