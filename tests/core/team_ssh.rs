//! The team desk over SSH: a loopback `sshd` started by the test (it fails
//! with the reason where sshd, ssh-keygen or git is missing: `.ci/run`
//! installs them, and a sync test that passed without syncing would hide a
//! broken transport), two desks syncing through it with an empty `PATH` on
//! the editor's side.

use std::fs;
use std::path::Path;
use std::process::Command;

use copydesk::storage::store;
use copydesk::storage::team::TeamDesk;

use super::team::{ALICE, BEN, edit, ferry, load, path_str, stdout};

/// A loopback `sshd` on a free port, stopped when dropped.
struct Sshd {
    child: std::process::Child,
    port: u16,
}

impl Drop for Sshd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn cannot_test(why: &str) -> ! {
    panic!("sync_over_ssh cannot run: {why}");
}

fn keygen(path: &Path) -> bool {
    Command::new("ssh-keygen")
        .args(["-q", "-t", "ecdsa", "-m", "PEM", "-N", "", "-f", path_str(path)])
        .status()
        .is_ok_and(|s| s.success())
}

/// Starts sshd accepting `authorized` for the current user, or says why not.
fn start_sshd(dir: &Path, host_key: &Path, authorized: &Path) -> Result<Sshd, String> {
    let sshd = ["/usr/sbin/sshd", "/usr/local/sbin/sshd"]
        .into_iter()
        .find(|p| Path::new(p).exists())
        .ok_or("no sshd (apt-get install openssh-server)")?;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map_err(|e| e.to_string())?
        .port();
    let config = dir.join("sshd_config");
    fs::write(
        &config,
        format!(
            "Port {port}\nListenAddress 127.0.0.1\nHostKey {}\nPidFile {}\nAuthorizedKeysFile {}\n\
             StrictModes no\nUsePAM no\nPasswordAuthentication no\nKbdInteractiveAuthentication no\n\
             PubkeyAuthentication yes\nPermitRootLogin prohibit-password\nX11Forwarding no\nPrintMotd no\n",
            host_key.display(),
            dir.join("sshd.pid").display(),
            authorized.display()
        ),
    )
    .map_err(|e| e.to_string())?;
    // sshd run as root wants its privilege-separation folder.
    let _ = fs::create_dir_all("/run/sshd");
    let mut child = Command::new(sshd)
        .args(["-D", "-e", "-f", path_str(&config)])
        .stderr(fs::File::create(dir.join("sshd.log")).map_err(|e| e.to_string())?)
        .spawn()
        .map_err(|e| format!("cannot start sshd: {e}"))?;
    for _ in 0..100 {
        if let Ok(Some(status)) = child.try_wait() {
            let log = fs::read_to_string(dir.join("sshd.log")).unwrap_or_default();
            return Err(format!("sshd exited ({status}): {log}"));
        }
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(Sshd { child, port });
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let _ = child.kill();
    Err("sshd did not listen".into())
}

/// Last: two desks syncing through a remote reached over SSH (libssh2 in
/// the binary; `git` runs only on the server side, as on any git host).
#[test]
fn sync_over_ssh() {
    if !Command::new("git").arg("--version").output().is_ok_and(|o| o.status.success()) {
        cannot_test("the SSH server side needs git (git-upload-pack)");
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let (host_key, client_key) = (dir.path().join("host_key"), dir.path().join("client_key"));
    if !keygen(&host_key) || !keygen(&client_key) {
        cannot_test("no ssh-keygen (apt-get install openssh-client)");
    }
    let authorized = dir.path().join("authorized_keys");
    fs::copy(client_key.with_extension("pub"), &authorized).expect("authorized_keys");
    let sshd = match start_sshd(dir.path(), &host_key, &authorized) {
        Ok(sshd) => sshd,
        Err(why) => cannot_test(&why),
    };
    let user =
        Command::new("id").arg("-un").output().map(|o| stdout(&o).trim().to_string()).unwrap_or_default();
    let home = dir.path().join("home");
    fs::create_dir_all(home.join(".ssh")).expect("home");
    let host_pub = fs::read_to_string(host_key.with_extension("pub")).expect("host key");
    let host_pub: Vec<&str> = host_pub.split_whitespace().take(2).collect();
    fs::write(home.join(".ssh/known_hosts"), format!("[127.0.0.1]:{} {}\n", sshd.port, host_pub.join(" ")))
        .expect("known_hosts");
    let remote = dir.path().join("remote.git");
    let mut init = git2::RepositoryInitOptions::new();
    init.bare(true).initial_head("main");
    git2::Repository::init_opts(&remote, &init).expect("bare remote");
    let url = format!("ssh://{user}@127.0.0.1:{}{}", sshd.port, remote.display());
    let sync = |desk: &Path, author: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_copydesk"))
            .args(["sync", path_str(desk), "--author", author, "--ssh-key", path_str(&client_key)])
            .env_clear()
            .env("PATH", "")
            .env("HOME", &home)
            .output()
            .expect("copydesk runs");
        eprintln!("{}{}", stdout(&out), String::from_utf8_lossy(&out.stderr));
        out
    };
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    for desk in [&a, &b] {
        fs::create_dir_all(desk).expect("desk");
        TeamDesk::init(desk, Some(&url)).expect("share");
    }
    store::save(&a.join("ferry-timetable.ron"), &ferry()).expect("save");
    let out = sync(&a, ALICE);
    assert!(out.status.success(), "{}", fs::read_to_string(dir.path().join("sshd.log")).unwrap_or_default());
    assert!(sync(&b, BEN).status.success());
    assert_eq!(load(&b, "ferry-timetable"), ferry());
    edit(&a, "ferry-timetable", |x| x.headline = "Ama over SSH".into());
    edit(&b, "ferry-timetable", |x| x.dek = "Bram over SSH.".into());
    assert!(sync(&a, ALICE).status.success());
    assert!(sync(&b, BEN).status.success());
    assert!(sync(&a, ALICE).status.success());
    for desk in [&a, &b] {
        let article = load(desk, "ferry-timetable");
        assert_eq!((article.headline.as_str(), article.dek.as_str()), ("Ama over SSH", "Bram over SSH."));
    }
}
