//! What several of the core tests share: a story with related links,
//! saving one into a folder, a FIFO, and running the `copydesk` binary (or
//! any work) with a limit, since a hang is what some of them look for.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use copydesk::model::article::{Article, Block, Related};
use copydesk::storage::store;

pub fn story(slug: &str, headline: &str, related: &[&str]) -> Article {
    Article {
        slug: slug.into(),
        headline: headline.into(),
        dek: "What the council decided about the ferry landing.".into(),
        category: "Local".into(),
        bylines: vec!["Ines Marrow".into()],
        body: vec![Block::Paragraph("The landing at Corrow Quay reopens in spring.".into())],
        related: related
            .iter()
            .map(|slug| Related {
                slug: slug.to_string(),
                category: "Local".into(),
                title: "A title".into(),
                teaser: "A teaser.".into(),
            })
            .collect(),
        ..Article::default()
    }
}

pub fn put(dir: &Path, name: &str, article: &Article) -> PathBuf {
    let path = dir.join(name);
    store::save(&path, article).expect("save");
    path
}

pub fn mkfifo(path: &Path) {
    let name = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).expect("no NUL");
    // SAFETY: `name` is a valid NUL-terminated path for the call.
    assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o644) }, 0, "mkfifo {}", path.display());
}

pub struct Ran {
    pub status: std::process::ExitStatus,
    pub stdout: Vec<u8>,
    pub stderr: String,
}

/// Runs the `copydesk` binary, killing it (and failing) if it has not
/// finished within a few seconds: a hang is the bug these tests look for.
pub fn copydesk_within(args: &[&Path], env: &[(&str, &Path)]) -> Ran {
    let mut command = Command::new(env!("CARGO_BIN_EXE_copydesk"));
    command.args(args).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    for (key, value) in env {
        command.env(key, value);
    }
    let mut child = command.spawn().expect("copydesk runs");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("copydesk {args:?} hung");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stdout = Vec::new();
    let mut stderr = String::new();
    child.stdout.take().expect("stdout").read_to_end(&mut stdout).expect("read");
    child.stderr.take().expect("stderr").read_to_string(&mut stderr).expect("read");
    Ran { status, stdout, stderr }
}

pub fn copydesk(args: &[&str]) -> Ran {
    let paths: Vec<PathBuf> = args.iter().map(PathBuf::from).collect();
    let refs: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
    copydesk_within(&refs, &[])
}

/// Runs `work` on a thread; fails if it does not finish in a few seconds.
pub fn within_seconds<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = sender.send(work());
    });
    // A hung thread is left blocked on its FIFO; the test fails anyway.
    receiver.recv_timeout(Duration::from_secs(10)).expect("finished without hanging")
}
