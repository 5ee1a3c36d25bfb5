//! The `copydesk` command: opens the editor window, or runs a headless
//! subcommand (`check`, `fmt`, `desk`).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use copydesk::cli::{self, CheckOptions, OutputFormat};

/// Copydesk: write a news article beside its published layout, check it
/// before it goes out, and save it as a readable RON document.
#[derive(Parser)]
#[command(name = "copydesk", version, args_conflicts_with_subcommands = true)]
struct Args {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Check articles (files or desk folders) and print every finding as
    /// `file:line:col: severity: message [code]`. Exits 1 when any error is
    /// found.
    Check {
        /// Article files (`.ron`) or desk folders to check.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Print findings as text (default) or as JSON for pipelines.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// `--deny warnings` makes warnings fail the run too.
        #[arg(long, value_enum)]
        deny: Option<Deny>,
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
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
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
        None => {
            use clap::CommandFactory;
            Args::command().print_help()?;
            false
        }
    };
    Ok(if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}
