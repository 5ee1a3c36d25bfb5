//! What makes Copydesk appear in a desktop's launcher and file manager: the
//! `.desktop` entry, its icon and its file type, all in `assets/desktop/`.

use std::path::Path;

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
fn the_icon_is_a_square_png_and_an_svg() {
    let png =
        image::load_from_memory(&std::fs::read(asset("copydesk-256.png")).expect("png")).expect("decodes");
    assert_eq!((png.width(), png.height()), (256, 256));
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
