//! The `copydesk` command: opens the editor window, or runs a headless
//! subcommand (`check`, `fmt`, `desk`, `import`, `export`, `review`,
//! `share`, `sync`, `resolve`, `history`, `diff`, `publish`).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory as _, Parser as _};
use copydesk::app::{CopydeskApp, Launch};
#[cfg(feature = "testkit")]
use copydesk::cli::args::Drill;
use copydesk::cli::args::{Args, Command, ExportAs, Format, Take};
use copydesk::cli::{self, CheckOptions, OutputFormat};

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
    if let Some(size) = args.size {
        check_window_size(size);
    }
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
        Some(Command::Export { input, output, format, ignore_embargo }) => {
            let format = match format {
                ExportAs::Html => cli::transfer::ExportFormat::Html,
                ExportAs::Markdown => cli::transfer::ExportFormat::Markdown,
            };
            cli::transfer::export(&input, output.as_deref(), format, ignore_embargo, &mut data, &mut stderr)?
        }
        Some(Command::Review { file, list, accept_all, reject_all: _, author }) => {
            use cli::suggestions::Action;
            let action = if list {
                Action::List
            } else if accept_all {
                Action::AcceptAll
            } else {
                Action::RejectAll
            };
            cli::suggestions::review(&file, action, author.as_deref(), &mut stdout)?
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
        Some(Command::Publish { file, to, url, dry_run, overwrite, recreate }) => {
            let options = cli::publish::PublishOptions { to, url, dry_run, overwrite, recreate };
            let vault = copydesk::storage::credentials::Vault::default();
            let http = copydesk::output::publish::Http::default();
            cli::publish::publish(&file, &options, &vault, &http, &mut stdout, &mut std::io::stderr())?
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

/// Refuses a `--size` under the smallest window the layout allows, the way
/// clap refuses any other bad argument (usage on stderr, exit code 2).
fn check_window_size([width, height]: [f32; 2]) {
    let min = copydesk::app::window::layout::WINDOW_MIN;
    if width < min || height < 480.0 {
        Args::command()
            .error(
                clap::error::ErrorKind::ValueValidation,
                format!("invalid value for '--size <WxH>': the window needs at least {min}x480"),
            )
            .exit();
    }
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
