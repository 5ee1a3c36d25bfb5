//! The `copydesk` command: opens the editor window, or runs a headless
//! subcommand (`check`, `fmt`, `desk`, `import`, `export`, `share`, `sync`,
//! `resolve`, `history`, `diff`).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use copydesk::app::{CopydeskApp, Launch};
use copydesk::cli::{self, CheckOptions, OutputFormat};

/// Copydesk: write a news article beside its published layout, check it
/// before it goes out, and save it as a readable RON document.
#[derive(Parser)]
#[command(name = "copydesk", version, args_conflicts_with_subcommands = true)]
struct Args {
    #[command(subcommand)]
    command: Option<Command>,
    /// Article files (each in a tab; the first is shown) and/or a desk
    /// folder to open in the window (default: a built-in sample article).
    #[arg(value_name = "FILE.ron|DESK")]
    paths: Vec<PathBuf>,
    /// Draw the window once, write it to this PNG file and exit.
    #[arg(long, value_name = "FILE.png")]
    screenshot: Option<PathBuf>,
    /// The window's size, e.g. 1280x800 (default: the size it had last
    /// time, or 1480x920).
    #[arg(long, value_name = "WxH", value_parser = parse_size)]
    size: Option<[f32; 2]>,
}

/// Reads `1280x800`.
fn parse_size(text: &str) -> Result<[f32; 2], String> {
    let (width, height) =
        text.split_once(['x', 'X']).ok_or("write the size as WIDTHxHEIGHT, e.g. 1280x800")?;
    let number =
        |n: &str| n.trim().parse::<u16>().map_err(|_| format!("“{n}” is not a whole number of pixels"));
    let (width, height) = (number(width)?, number(height)?);
    let min = copydesk::app::window::layout::WINDOW_MIN as u16;
    if width < min || height < 480 {
        return Err(format!("the window needs at least {min}x480"));
    }
    Ok([f32::from(width), f32::from(height)])
}

#[derive(Subcommand)]
enum Command {
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
enum Drill {
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
enum Format {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum Take {
    Mine,
    Theirs,
    Both,
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportAs {
    Html,
    Markdown,
}

#[derive(Clone, Copy, ValueEnum)]
enum Deny {
    Warnings,
}

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(error) => {
            // Errors name files and quote their contents: escaped like all
            // other output, so they cannot drive the terminal.
            eprintln!("copydesk: {}", cli::terminal::escape(&format!("{error:#}")));
            ExitCode::FAILURE
        }
    }
}

fn run() -> anyhow::Result<ExitCode> {
    use std::io::IsTerminal as _;
    let args = Args::parse();
    // The one place a command's output is made safe for a terminal: text
    // from files, commits and remotes has its control characters escaped
    // and URLs their passwords hidden. What `import` and `export` write as
    // data goes out untouched unless it is going to a terminal.
    let mut stdout = cli::terminal::Escaping::new(std::io::stdout().lock());
    let mut stderr = cli::terminal::Escaping::new(std::io::stderr().lock());
    let mut data = cli::terminal::Escaping::data(std::io::stdout(), std::io::stdout().is_terminal());
    let failed = match args.command {
        Some(Command::Check { paths, format, deny }) => {
            let options = CheckOptions {
                format: match format {
                    Format::Text => OutputFormat::Text,
                    Format::Json => OutputFormat::Json,
                },
                deny_warnings: deny.is_some(),
            };
            cli::check(&paths, &options, &mut stdout)?
        }
        Some(Command::Fmt { files, check }) => cli::fmt(&files, check, &mut stdout)?,
        Some(Command::Desk { dir }) => cli::desk_table(&dir, &mut stdout)?,
        Some(Command::Import { file, output, desk }) => {
            cli::transfer::import(&file, output.as_deref(), desk.as_deref(), &mut data, &mut stderr)?
        }
        Some(Command::Export { input, output, format }) => {
            let format = match format {
                ExportAs::Html => cli::transfer::ExportFormat::Html,
                ExportAs::Markdown => cli::transfer::ExportFormat::Markdown,
            };
            cli::transfer::export(&input, output.as_deref(), format, &mut data, &mut stderr)?
        }
        Some(Command::Sync { desk, message, author, ssh_key }) => {
            use copydesk::storage::team::{SyncOptions, cli as team};
            let author = team::author(&desk, author.as_deref())?;
            team::sync(&desk, &SyncOptions { message, author, ssh_key }, &mut stdout)?
        }
        Some(Command::Share { desk, remote }) => {
            let team = copydesk::storage::team::TeamDesk::init(&desk, remote.as_deref())?;
            // The writer hides a password the URL carries.
            let remote = team.remote_url().unwrap_or_else(|| "no remote yet".into());
            writeln!(stdout, "{} is a team desk ({remote})", desk.display())?;
            false
        }
        Some(Command::Resolve { file, take }) => {
            use copydesk::storage::team::Choice;
            let choice = match take {
                Take::Mine => Choice::KeepMine,
                Take::Theirs => Choice::TakeTheirs,
                Take::Both => Choice::KeepBoth,
            };
            copydesk::storage::team::cli::resolve(&file, choice, &mut stdout)?;
            false
        }
        Some(Command::History { file }) => {
            copydesk::storage::team::cli::history(&file, &mut stdout)?;
            false
        }
        Some(Command::Diff { file, rev }) => {
            copydesk::storage::team::cli::diff(&file, rev.as_deref(), &mut stdout)?;
            false
        }
        #[cfg(feature = "testkit")]
        Some(Command::Drill { drill }) => run_drill(drill, &mut stdout)?,
        None => {
            drop((stdout, stderr, data));
            return run_window(args.paths, args.screenshot, args.size);
        }
    };
    stdout.flush()?;
    data.flush()?;
    Ok(if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

#[cfg(feature = "testkit")]
fn run_drill(drill: Drill, stdout: &mut dyn std::io::Write) -> anyhow::Result<bool> {
    use copydesk::testkit::drill;
    use std::time::Duration;
    Ok(match drill {
        Drill::Generate { words, file } => {
            let article = copydesk::testkit::generate::article(words, words as u64);
            copydesk::storage::store::save(&file, &article)?;
            false
        }
        Drill::Journal { data, interval_ms } => {
            match drill::journal(&data, Duration::from_millis(interval_ms), stdout)? {}
        }
        Drill::Save { file } => match drill::save(&file, stdout)? {},
    })
}

fn run_window(
    paths: Vec<PathBuf>,
    screenshot: Option<PathBuf>,
    size: Option<[f32; 2]>,
) -> anyhow::Result<ExitCode> {
    if paths.iter().filter(|p| p.is_dir()).count() > 1 {
        anyhow::bail!("give at most one desk folder (and any number of article files, each opens in a tab)");
    }
    let desk = paths.iter().find(|p| p.is_dir()).cloned();
    let mut files = paths.into_iter().filter(|p| !p.is_dir());
    let path = files.next();
    let tabs: Vec<PathBuf> = files.collect();
    keep_freed_memory();
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Copydesk")
            .with_app_id("copydesk")
            .with_inner_size(size.unwrap_or([1480.0, 920.0]))
            .with_icon(window_icon())
            .with_min_inner_size([copydesk::app::window::layout::WINDOW_MIN, 480.0])
            .with_drag_and_drop(true),
        // A screenshot (or a size asked for) shows that, not whatever the
        // last session left.
        persist_window: screenshot.is_none() && size.is_none(),
        persistence_path: screenshot
            .as_ref()
            .map(|_| std::env::temp_dir().join(format!("copydesk-screenshot-{}.ron", std::process::id()))),
        ..Default::default()
    };
    let launch =
        Launch { open: path, tabs, desk, screenshot: screenshot.clone(), sigterm: true, ..Launch::default() };
    eframe::run_native("Copydesk", options, Box::new(move |cc| Ok(Box::new(CopydeskApp::new(cc, launch)))))
        .map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))?;
    if screenshot.is_some() && copydesk::app::screenshot_failed() {
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

/// Every frame of the window allocates and frees a few hundred kilobytes
/// (tessellated meshes, laid-out text, software OpenGL's buffers). With
/// glibc's defaults that memory goes back to the kernel after each frame
/// and comes back page fault by page fault in the next: measured, 2.5 ms of
/// a keystroke's 8 ms on the UI thread under Xvfb. Freed memory up to 16 MB
/// is kept for reuse instead, and blocks under 4 MB come from the heap.
fn keep_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt takes the allocator's lock and only sets two of its
    // thresholds.
    unsafe {
        libc::mallopt(libc::M_TRIM_THRESHOLD, 16 << 20);
        libc::mallopt(libc::M_MMAP_THRESHOLD, 4 << 20);
    }
}

/// The window's icon (the launcher's is `assets/desktop/copydesk.svg`).
fn window_icon() -> std::sync::Arc<egui::IconData> {
    let png = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/desktop/copydesk-256.png"));
    std::sync::Arc::new(eframe::icon_data::from_png_bytes(png).unwrap_or_default())
}
