//! Build-time work for the `copydesk` binary: the commit `--version` names,
//! and the man pages and shell completions, written from the same clap
//! definitions the binary parses with (`src/cli/args.rs`), so they cannot
//! drift from `--help`.
//!
//! The pages and completions go to `OUT_DIR/share/` and are mirrored to
//! `target/<profile>/share/`: cargo-deb takes generated files only from
//! `target/release/…` (which it maps to the profile it builds), and
//! `OUT_DIR`'s name carries a hash it cannot know.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use clap::CommandFactory as _;
use clap_complete::Shell;

// The build script's own copy of the grammar: everything in it is read only
// through `Args::command()`.
#[allow(dead_code)]
#[path = "src/cli/args.rs"]
mod args;

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=src/cli/args.rs");
    println!("cargo::rerun-if-env-changed=COPYDESK_COMMIT");

    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let commit = std::env::var("COPYDESK_COMMIT")
        .ok()
        .filter(|commit| !commit.trim().is_empty())
        .or_else(|| git_commit(&manifest_dir))
        .unwrap_or_else(|| "unknown".into());
    println!("cargo::rustc-env=COPYDESK_VERSION={} (commit {commit})", env!("CARGO_PKG_VERSION"));

    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    let share = out_dir.join("share");
    if let Err(error) = fresh_folder(&share).and_then(|()| write_share(&share)) {
        // A build without man pages still gives a working binary; the
        // package's own checks (lintian, `man -w`) catch the gap.
        println!("cargo::warning=man pages and completions not written: {error}");
        return;
    }
    // OUT_DIR is target/<profile>/build/copydesk-<hash>/out.
    let profile_dir = out_dir.ancestors().nth(3).filter(|_| {
        out_dir.parent().and_then(Path::parent).and_then(Path::file_name) == Some("build".as_ref())
    });
    if let Some(profile_dir) = profile_dir
        && let Err(error) = fresh_folder(&profile_dir.join("share"))
            .and_then(|()| copy_tree(&share, &profile_dir.join("share")))
    {
        println!("cargo::warning=man pages and completions not copied beside the binary: {error}");
    }
}

/// The commit HEAD names, when this source tree is a git work tree of its
/// own (a tarball unpacked inside some other repository is not) and a `git`
/// program is at hand. Asks cargo to run again when HEAD moves.
fn git_commit(manifest_dir: &Path) -> Option<String> {
    let git = |args: &[&str]| {
        let output = Command::new("git").arg("-C").arg(manifest_dir).args(args).output().ok()?;
        let text = String::from_utf8(output.stdout).ok()?;
        output.status.success().then(|| text.trim().to_string())
    };
    let top = PathBuf::from(git(&["rev-parse", "--show-toplevel"])?);
    if top.canonicalize().ok()? != manifest_dir.canonicalize().ok()? {
        return None;
    }
    let commit = git(&["rev-parse", "--short=12", "HEAD"])?;
    // HEAD's reflog grows on every commit, checkout and reset in this work
    // tree; the branch's ref and packed-refs cover a repository without
    // reflogs. Only files that exist: cargo reruns every build for a
    // missing one. (Not the whole refs folder: other work trees' commits
    // would rebuild this one.)
    let mut watched = vec!["HEAD".to_string(), "logs/HEAD".into(), "packed-refs".into()];
    watched.extend(git(&["symbolic-ref", "-q", "HEAD"]));
    for name in watched {
        if let Some(path) = git(&["rev-parse", "--path-format=absolute", "--git-path", &name])
            && Path::new(&path).is_file()
        {
            println!("cargo::rerun-if-changed={path}");
        }
    }
    Some(commit)
}

/// Writes `man/man1/*.1.gz` (one page for `copydesk`, one per subcommand)
/// and the bash, zsh and fish completions under `share`, laid out as under
/// `/usr/share`.
fn write_share(share: &Path) -> std::io::Result<()> {
    let mut command = args::Args::command().disable_help_subcommand(true);
    command.build();
    let man1 = share.join("man/man1");
    std::fs::create_dir_all(&man1)?;
    write_man_pages(&command, &man1)?;

    for (shell, folder, name) in [
        (Shell::Bash, "bash-completion/completions", "copydesk"),
        (Shell::Zsh, "zsh/vendor-completions", "_copydesk"),
        (Shell::Fish, "fish/vendor_completions.d", "copydesk.fish"),
    ] {
        let mut script = Vec::new();
        clap_complete::generate(shell, &mut command, "copydesk", &mut script);
        std::fs::create_dir_all(share.join(folder))?;
        std::fs::write(share.join(folder).join(name), script)?;
    }
    Ok(())
}

/// One page per command, subcommands' pages named `copydesk-check.1.gz` and
/// so on (the names their SEE ALSO lines use). Hidden commands (test
/// tooling) get none.
fn write_man_pages(command: &clap::Command, man1: &Path) -> std::io::Result<()> {
    for subcommand in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        write_man_pages(subcommand, man1)?;
    }
    let page = clap_mangen::Man::new(command.clone())
        .source(format!("copydesk {}", env!("CARGO_PKG_VERSION")))
        .manual("Copydesk Manual");
    let mut roff = Vec::new();
    page.render(&mut roff)?;
    // gzip -9n: no file name and no time in the header, so the same page
    // always compresses to the same bytes (reproducible packages).
    let file = std::fs::File::create(man1.join(format!("{}.gz", page.get_filename())))?;
    let mut gz = flate2::GzBuilder::new().mtime(0).write(file, flate2::Compression::best());
    gz.write_all(&roff)?;
    gz.finish()?;
    Ok(())
}

/// An empty folder: a page or completion left from a removed subcommand
/// would otherwise be packaged.
fn fresh_folder(path: &Path) -> std::io::Result<()> {
    match std::fs::remove_dir_all(path) {
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => return Err(error),
        _ => {}
    }
    std::fs::create_dir_all(path)
}

fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            std::fs::create_dir(&target)?;
            copy_tree(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}
