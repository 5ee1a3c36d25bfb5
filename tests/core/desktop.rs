//! What makes Copydesk appear in a desktop's launcher and file manager: the
//! `.desktop` entry, its icon and its file type, all in `assets/desktop/`;
//! and what the Debian package carries besides the binary: the AppStream
//! metainfo, the man pages and completions `build.rs` writes, `--version`.

use std::io::Read as _;
use std::path::{Path, PathBuf};

use clap::CommandFactory as _;
use copydesk::cli::args::Args;

fn asset(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/desktop").join(name)
}

#[test]
fn the_desktop_entry_launches_copydesk_with_its_icon() {
    let entry = std::fs::read_to_string(asset("copydesk.desktop")).expect("the entry exists");
    let value =
        |key: &str| entry.lines().find_map(|line| line.strip_prefix(&format!("{key}="))).map(str::to_string);
    assert_eq!(entry.lines().next(), Some("[Desktop Entry]"));
    assert_eq!(value("Type").as_deref(), Some("Application"));
    assert_eq!(value("Name").as_deref(), Some("Copydesk"));
    assert_eq!(value("Exec").as_deref(), Some("copydesk %f"));
    assert_eq!(value("Icon").as_deref(), Some("copydesk"));
    let mime = value("MimeType").expect("file types");
    assert!(mime.contains("application/x-copydesk-article") && mime.contains("inode/directory"));
    let types = std::fs::read_to_string(asset("copydesk-mime.xml")).expect("the file type exists");
    assert!(types.contains("type=\"application/x-copydesk-article\"") && types.contains("*.ron"));
}

#[test]
fn the_icon_is_an_svg_and_a_png_at_every_size_the_package_installs() {
    for size in [48, 64, 128, 256, 512] {
        let png = std::fs::read(asset(&format!("copydesk-{size}.png"))).expect("png");
        let png = image::load_from_memory(&png).expect("decodes");
        assert_eq!((png.width(), png.height()), (size, size));
    }
    let svg = std::fs::read_to_string(asset("copydesk.svg")).expect("svg");
    assert!(svg.starts_with("<svg") && svg.contains("viewBox=\"0 0 256 256\""));
}

#[test]
fn a_window_size_is_checked() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(["--size", "300x200", "--screenshot", "/nonexistent/x.png"])
        .output()
        .expect("copydesk runs");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("the window needs at least"), "{stderr}");
}

/// The folder `build.rs` writes the man pages and completions to: `share/`
/// beside the binary the tests run.
fn generated() -> PathBuf {
    Path::new(env!("CARGO_BIN_EXE_copydesk")).parent().expect("target folder").join("share")
}

fn man_page(name: &str) -> String {
    let path = generated().join(format!("man/man1/{name}.1.gz"));
    let file = std::fs::File::open(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut roff = String::new();
    flate2::read::GzDecoder::new(file).read_to_string(&mut roff).expect("gzip");
    roff
}

#[test]
fn the_command_line_definitions_are_consistent() {
    Args::command().debug_assert();
}

#[test]
fn every_subcommand_has_a_man_page_with_its_options_and_the_completions_know_it() {
    let command = Args::command();
    let top = man_page("copydesk");
    assert!(top.contains(".TH copydesk 1 "), "{top}");
    let completions: Vec<String> = [
        "bash-completion/completions/copydesk",
        "zsh/vendor-completions/_copydesk",
        "fish/vendor_completions.d/copydesk.fish",
    ]
    .iter()
    .map(|path| std::fs::read_to_string(generated().join(path)).expect("completion written"))
    .collect();
    let visible: Vec<_> = command.get_subcommands().filter(|s| !s.is_hide_set()).collect();
    assert!(visible.len() >= 10, "check, desk, fmt, sync, share, resolve, history, diff, import, export");
    for subcommand in visible {
        let name = subcommand.get_name();
        let page = man_page(&format!("copydesk-{name}"));
        assert!(page.contains(&format!(".TH copydesk-{name} 1 ")), "{name}: {page}");
        assert!(top.contains(&format!("copydesk\\-{name}(1)")), "copydesk(1) lists {name}");
        for long in subcommand.get_arguments().filter_map(clap::Arg::get_long) {
            assert!(page.contains(&format!("\\-\\-{}", long.replace('-', "\\-"))), "{name} --{long}: {page}");
        }
        for script in &completions {
            assert!(script.contains(name), "a completion misses {name}");
        }
    }
    // Hidden test tooling gets no page. (This build has the `testkit`
    // feature, so its completions know `drill`; the package is built
    // without it, and .ci/package checks the installed files never name it.)
    assert!(!generated().join("man/man1/copydesk-drill.1.gz").exists());
    assert!(!top.contains("drill"));
}

#[test]
fn the_version_names_the_commit_it_was_built_from() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .arg("--version")
        .output()
        .expect("copydesk runs");
    assert!(output.status.success());
    let said = String::from_utf8(output.stdout).expect("utf-8");
    let commit = said
        .trim_end()
        .strip_prefix(&format!("copydesk {} (commit ", env!("CARGO_PKG_VERSION")))
        .and_then(|rest| rest.strip_suffix(')'))
        .unwrap_or_else(|| panic!("{said}"));
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let git = |args: &[&str]| {
        let output = std::process::Command::new("git").arg("-C").arg(manifest).args(args).output().ok()?;
        output.status.success().then(|| String::from_utf8_lossy(&output.stdout).trim().to_string())
    };
    let own_clone = git(&["rev-parse", "--show-toplevel"])
        .is_some_and(|top| Path::new(&top).canonicalize().ok() == manifest.canonicalize().ok());
    match git(&["rev-parse", "--short=12", "HEAD"]).filter(|_| own_clone) {
        Some(head) if std::env::var_os("COPYDESK_COMMIT").is_none() => assert_eq!(commit, head),
        _ => assert!(commit == "unknown" || commit.len() == 12, "{said}"),
    }
}

#[test]
fn the_software_centre_entry_describes_this_release() {
    let metainfo =
        std::fs::read_to_string(asset("example.copydesk.Copydesk.metainfo.xml")).expect("metainfo");
    let newest = metainfo.split("<release ").nth(1).expect("a release");
    assert!(
        newest.starts_with(&format!("version=\"{}\"", env!("CARGO_PKG_VERSION"))),
        "the newest <release> is not this version: {newest}"
    );
    assert!(metainfo.contains("<launchable type=\"desktop-id\">copydesk.desktop</launchable>"));
    assert!(metainfo.contains("<mediatype>application/x-copydesk-article</mediatype>"));
    // The screenshots it points at are the README's, kept in assets/.
    for shot in metainfo.split("/screenshots/").skip(1) {
        let name = shot.split('<').next().expect("file name");
        assert!(Path::new(env!("CARGO_MANIFEST_DIR")).join("assets").join(name).is_file(), "{name}");
    }
}

#[test]
fn the_package_changelog_starts_with_this_version() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/debian/changelog");
    let changelog = std::fs::read_to_string(path).expect("changelog");
    let first = changelog.lines().next().unwrap_or_default();
    assert!(first.starts_with(&format!("copydesk ({}) ", env!("CARGO_PKG_VERSION"))), "{first}");
}
