//! The `copydesk` command: opens the editor window, or runs a headless
//! subcommand (`check`, `fmt`, `desk`, `import`, `export`).

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, Subcommand, ValueEnum};
use copydesk::app::{CopydeskApp, Launch};
use copydesk::cli::{self, CheckOptions, OutputFormat};
use copydesk::drill;

/// Copydesk: write a news article beside its published layout, check it
/// before it goes out, and save it as a readable RON document.
#[derive(Parser)]
#[command(name = "copydesk", version, args_conflicts_with_subcommands = true)]
struct Args {
    #[command(subcommand)]
    command: Option<Command>,
    /// An article file and/or a desk folder to open in the window (default:
    /// a built-in sample article).
    #[arg(value_name = "FILE.ron|DESK")]
    paths: Vec<PathBuf>,
    /// Draw the window once, write it to this PNG file and exit.
    #[arg(long, value_name = "FILE.png")]
    screenshot: Option<PathBuf>,
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
    /// Export an article file, or every article of a desk, to another format.
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
    /// Crash drills for the tests: scripted work that runs until killed.
    #[command(hide = true)]
    Drill {
        #[command(subcommand)]
        drill: Drill,
    },
}

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
enum ExportAs {
    Html,
    Markdown,
}

#[derive(Clone, Copy, ValueEnum)]
enum Deny {
    Warnings,
}

fn main() -> anyhow::Result<ExitCode> {
    let args = Args::parse();
    let mut stdout = std::io::stdout().lock();
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
        Some(Command::Import { file, output, desk }) => cli::transfer::import(
            &file,
            output.as_deref(),
            desk.as_deref(),
            &mut stdout,
            &mut std::io::stderr(),
        )?,
        Some(Command::Export { input, output, format }) => {
            let format = match format {
                ExportAs::Html => cli::transfer::ExportFormat::Html,
                ExportAs::Markdown => cli::transfer::ExportFormat::Markdown,
            };
            cli::transfer::export(&input, output.as_deref(), format, &mut stdout, &mut std::io::stderr())?
        }
        Some(Command::Drill { drill }) => match drill {
            Drill::Generate { words, file } => {
                let article = copydesk::generate::article(words, words as u64);
                copydesk::store::save(&file, &article)?;
                false
            }
            Drill::Journal { data, interval_ms } => {
                match drill::journal(&data, Duration::from_millis(interval_ms), &mut stdout)? {}
            }
            Drill::Save { file } => match drill::save(&file, &mut stdout)? {},
        },
        None => {
            drop(stdout);
            return run_window(args.paths, args.screenshot);
        }
    };
    Ok(if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

fn run_window(paths: Vec<PathBuf>, screenshot: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    if paths.len() > 2 {
        anyhow::bail!("give at most one article file and one desk folder");
    }
    let desk = paths.iter().find(|p| p.is_dir()).cloned();
    let path = paths.into_iter().find(|p| !p.is_dir());
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Copydesk")
            .with_app_id("copydesk")
            .with_inner_size([1480.0, 920.0])
            .with_min_inner_size([720.0, 480.0])
            .with_drag_and_drop(true),
        // A screenshot shows the defaults, not whatever the last session left.
        persist_window: screenshot.is_none(),
        persistence_path: screenshot
            .as_ref()
            .map(|_| std::env::temp_dir().join(format!("copydesk-screenshot-{}.ron", std::process::id()))),
        ..Default::default()
    };
    let launch =
        Launch { open: path, desk, screenshot: screenshot.clone(), sigterm: true, ..Launch::default() };
    eframe::run_native("Copydesk", options, Box::new(move |cc| Ok(Box::new(CopydeskApp::new(cc, launch)))))
        .map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))?;
    if screenshot.is_some() && copydesk::app::screenshot_failed() {
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}
