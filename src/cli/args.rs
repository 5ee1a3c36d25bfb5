//! The command line's grammar: every subcommand, flag and help text of
//! `copydesk`, as clap definitions and nothing else. `main.rs` parses with
//! it and runs the work; `build.rs` includes this same file to write the man
//! pages and shell completions, so it names only `clap` and `std` (no
//! `crate::` paths: it is compiled inside the build script too).

use std::path::PathBuf;

use clap::{ArgGroup, Parser, Subcommand, ValueEnum};

/// What `--version` prints: the version and the commit it was built from
/// (`0.1.0 (commit 0123456789ab)`, or `commit unknown` outside a git clone;
/// see `build.rs`). The build script's own compilation of this file has no
/// commit yet and gets the bare version, which the man pages show.
pub const VERSION: &str = match option_env!("COPYDESK_VERSION") {
    Some(version) => version,
    None => env!("CARGO_PKG_VERSION"),
};

/// Copydesk: write a news article beside its published layout, check it
/// before it goes out, and save it as a readable RON document.
#[derive(Parser)]
#[command(name = "copydesk", version = VERSION, args_conflicts_with_subcommands = true)]
pub struct Args {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Article files (each in a tab; the first is shown) and/or a desk
    /// folder to open in the window (default: a built-in sample article).
    #[arg(value_name = "FILE.ron|DESK")]
    pub paths: Vec<PathBuf>,
    /// Draw the window once, write it to this PNG file and exit.
    #[arg(long, value_name = "FILE.png")]
    pub screenshot: Option<PathBuf>,
    /// The window's size, e.g. 1280x800 (default: the size it had last
    /// time, or 1480x920).
    #[arg(long, value_name = "WxH", value_parser = parse_size)]
    pub size: Option<[f32; 2]>,
}

#[derive(Subcommand)]
pub enum Command {
    /// Check articles (files or desk folders) and print every finding as
    /// `file:line:col: severity: message [code]`. Exits 1 when any error is
    /// found.
    Check {
        /// Article files (`.ron`, a desk's `desk.ron` too) or desk folders to check.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Print findings as text (default) or as JSON for pipelines.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// `--deny warnings` makes warnings fail the run too.
        #[arg(long, value_enum)]
        deny: Option<Deny>,
    },
    /// Print a desk folder as a table: slug, category, status, headline.
    Desk {
        /// The desk folder.
        dir: PathBuf,
    },
    /// Rewrite article files in canonical form, atomically.
    Fmt {
        /// Article files to rewrite.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Only report files that are not canonical; exit 1 if any.
        #[arg(long)]
        check: bool,
    },
    /// Share the desk with the team through git: commit its changed files,
    /// fetch, merge article by article (field by field), push. Exits 1 when
    /// conflicts are left to resolve.
    Sync {
        /// The desk folder (inside a git work tree with a remote `origin`).
        desk: PathBuf,
        /// The commit message.
        #[arg(short, long, default_value = "Update the desk")]
        message: String,
        /// Who commits, as "Name <mail>" (default: COPYDESK_AUTHOR, else
        /// git config user.name and user.email).
        #[arg(long, value_name = "NAME <MAIL>")]
        author: Option<String>,
        /// An SSH private key for the remote (default: the agent, then ~/.ssh/id_*).
        #[arg(long, value_name = "FILE")]
        ssh_key: Option<PathBuf>,
    },
    /// Share a desk: make its folder a git work tree (unless it is inside
    /// one) and set the remote it syncs with.
    Share {
        desk: PathBuf,
        /// The remote's URL (file://, ssh:// or https://).
        remote: Option<String>,
    },
    /// Settle every conflict of an article left by `sync`: keep mine, take
    /// theirs, or (body) keep both; then `sync` again.
    Resolve {
        file: PathBuf,
        #[arg(long, value_enum)]
        take: Take,
    },
    /// List every committed version of an article: commit, time, author, message.
    History { file: PathBuf },
    /// Show what changed in an article since a version (default: the last
    /// commit), field by field, words marked [-removed-]{+added+}.
    Diff { file: PathBuf, rev: Option<String> },
    /// Import a plain-text copy of a published article, or Markdown with
    /// YAML/TOML/JSON front matter, as an article. Prints what was guessed
    /// as `file:line: note|warning: …` on stderr.
    Import {
        /// The file to import (`-` reads standard input).
        file: PathBuf,
        /// Write the article here (RON) instead of to standard output.
        #[arg(short, long, value_name = "OUT.ron")]
        output: Option<PathBuf>,
        /// Resolve related links against this desk folder.
        #[arg(long, value_name = "DIR")]
        desk: Option<PathBuf>,
    },
    /// Export an article file as one HTML page (`-o OUT.html`) or Markdown,
    /// or a desk: its Published articles as a static site (`-o SITE/`), or
    /// every article as Markdown (`-o FOLDER`).
    Export {
        /// An article file or a desk folder.
        input: PathBuf,
        /// The output file (for a desk: a folder). Without it a single
        /// article goes to standard output.
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = ExportAs::Html)]
        format: ExportAs,
        /// Write a single page even while the article is under embargo
        /// (with a warning). A site export always leaves embargoed and
        /// scheduled stories out until their time.
        #[arg(long)]
        ignore_embargo: bool,
    },
    /// List, accept or reject an article's suggested changes (its
    /// CriticMarkup marks), or only one author's. Accepting or rejecting
    /// rewrites the file atomically and resolves the marks' notes.
    #[command(group(ArgGroup::new("action").required(true).args(["list", "accept_all", "reject_all"])))]
    Review {
        /// The article file.
        file: PathBuf,
        /// Print every open suggestion and comment (and notes whose mark is
        /// gone): `file:line:col: kind by author, time: what [replies]`.
        #[arg(long)]
        list: bool,
        /// Accept every open suggestion (or only `--author`'s).
        #[arg(long)]
        accept_all: bool,
        /// Reject every open suggestion (or only `--author`'s).
        #[arg(long)]
        reject_all: bool,
        /// Only the suggestions signed with this name.
        #[arg(long, value_name = "NAME", conflicts_with = "list")]
        author: Option<String>,
    },
    /// Publish an article into a CMS (WordPress or Ghost): the publish gate
    /// first (a story with errors is not sent), then the post is created,
    /// or updated where it was published before; its address is recorded
    /// in the article. Credentials come from the desktop's keyring or the
    /// environment (COPYDESK_WP_USER and COPYDESK_WP_APP_PASSWORD,
    /// COPYDESK_GHOST_ADMIN_KEY), never from desk.ron.
    Publish {
        /// The article file.
        file: PathBuf,
        /// A target's name from the `publish` list of the desk.ron beside
        /// the article, or `wordpress` or `ghost` with --url.
        #[arg(long, value_name = "NAME|wordpress|ghost")]
        to: String,
        /// The site's address, for --to wordpress|ghost.
        #[arg(long, value_name = "URL")]
        url: Option<String>,
        /// Print what would be sent (as JSON) and send nothing.
        #[arg(long)]
        dry_run: bool,
        /// Replace a post someone changed in the CMS since it was last
        /// published from here (without it, the changes are listed and
        /// nothing is sent).
        #[arg(long)]
        overwrite: bool,
        /// Create anew a post that was deleted in the CMS.
        #[arg(long)]
        recreate: bool,
    },
    /// Crash drills for the tests: scripted work that runs until killed
    /// (built only with the `testkit` feature, which tests turn on).
    #[cfg(feature = "testkit")]
    #[command(hide = true)]
    Drill {
        #[command(subcommand)]
        drill: Drill,
    },
}

#[cfg(feature = "testkit")]
#[derive(Subcommand)]
pub enum Drill {
    /// Type into a document forever, keeping a recovery journal in
    /// DIR/recovery; prints `edit N UNIX_MILLIS` per edit.
    Journal {
        #[arg(long, value_name = "DIR")]
        data: PathBuf,
        #[arg(long, value_name = "N", default_value_t = 20)]
        interval_ms: u64,
    },
    /// Save two large versions of an article to FILE alternately, forever;
    /// prints `saved N` per save.
    Save { file: PathBuf },
    /// Write an invented article of about N words (every block type) to
    /// FILE, for measuring the window with long articles.
    Generate {
        #[arg(long, value_name = "N", default_value_t = 100_000)]
        words: usize,
        file: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Take {
    Mine,
    Theirs,
    Both,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ExportAs {
    Html,
    Markdown,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Deny {
    Warnings,
}

/// Reads `1280x800`. The smallest size the window's layout allows is checked
/// by `main.rs`, which knows the layout (this file is compiled without it).
pub fn parse_size(text: &str) -> Result<[f32; 2], String> {
    let (width, height) =
        text.split_once(['x', 'X']).ok_or("write the size as WIDTHxHEIGHT, e.g. 1280x800")?;
    let number =
        |n: &str| n.trim().parse::<u16>().map_err(|_| format!("“{n}” is not a whole number of pixels"));
    Ok([f32::from(number(width)?), f32::from(number(height)?)])
}
