//! The test servers of `tests/servers/` as a test process finds them: each
//! variable from the environment when it is set (`.ci/run`, or a shell that
//! ran `eval "$(bash tests/servers/NAME.sh start)"`), else from the `export`
//! lines of `bash tests/servers/NAME.sh start`, run once per test process,
//! so a plain `cargo test` brings up what it needs. A script that fails
//! fails every test that needs it, with the script's own words; nothing is
//! skipped.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::sync::{Mutex, PoisonError};

/// What each script's `start` exported, or why it failed, by script name.
type Started = BTreeMap<&'static str, Result<BTreeMap<String, String>, String>>;

static STARTED: Mutex<Started> = Mutex::new(BTreeMap::new());

/// The value of `name`, which `tests/servers/<script>.sh start` exports;
/// a failure naming the reason when there is none.
pub fn var(script: &'static str, name: &str) -> String {
    if let Ok(value) = std::env::var(name)
        && !value.trim().is_empty()
    {
        return value;
    }
    // Held while the script runs: the other tests wait for the one start.
    let mut started = STARTED.lock().unwrap_or_else(PoisonError::into_inner);
    match started.entry(script).or_insert_with(|| start(script)) {
        Ok(exports) => match exports.get(name) {
            Some(value) => value.clone(),
            None => panic!("`bash tests/servers/{script}.sh start` exported no {name}"),
        },
        Err(why) => panic!("{why}"),
    }
}

/// The live-editing test server's address (`live.sh`), checked to accept
/// a connection: a test that cannot reach it fails saying why.
pub fn live_url() -> String {
    let url = var("live", "COPYDESK_TEST_LIVE_URL");
    let address = url.trim_start_matches("ws://").split('/').next().unwrap_or_default();
    let reachable = address.parse::<std::net::SocketAddr>().map_err(|e| e.to_string()).and_then(|at| {
        std::net::TcpStream::connect_timeout(&at, std::time::Duration::from_secs(5))
            .map_err(|e| e.to_string())
    });
    if let Err(why) = reachable {
        panic!(
            "cannot reach the live test server at {url} ({why}): restart it with `bash tests/servers/live.sh start`"
        );
    }
    url
}

/// Runs the script's `start` and reads its `export NAME=value` lines.
fn start(script: &str) -> Result<BTreeMap<String, String>, String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/servers").join(format!("{script}.sh"));
    let run = Command::new("bash")
        .arg(&path)
        .arg("start")
        .output()
        .map_err(|e| format!("the test servers need bash: running {} failed: {e}", path.display()))?;
    if !run.status.success() {
        let said = String::from_utf8_lossy(&run.stderr);
        let lines: Vec<&str> = said.lines().collect();
        let tail = lines[lines.len().saturating_sub(20)..].join("\n");
        return Err(format!(
            "the test servers did not start: `bash tests/servers/{script}.sh start` failed ({}):\n{tail}",
            run.status
        ));
    }
    Ok(String::from_utf8_lossy(&run.stdout).lines().filter_map(export).collect())
}

/// `export NAME=value`, the value bare or in shell quotes.
fn export(line: &str) -> Option<(String, String)> {
    let (name, value) = line.trim().strip_prefix("export ")?.split_once('=')?;
    let value = if let Some(quoted) = value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')) {
        quoted.replace("'\\''", "'")
    } else if let Some(quoted) = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
        quoted.to_string()
    } else {
        value.to_string()
    };
    Some((name.trim().to_string(), value))
}

#[cfg(test)]
mod tests {
    use super::export;

    #[test]
    fn export_lines_are_read_as_the_shell_reads_them() {
        let pair = |name: &str, value: &str| Some((name.to_string(), value.to_string()));
        assert_eq!(
            export("export COPYDESK_TEST_LIVE_URL=ws://127.0.0.1:9"),
            pair("COPYDESK_TEST_LIVE_URL", "ws://127.0.0.1:9")
        );
        assert_eq!(export("export KEY='ab:c'\\''d'"), pair("KEY", "ab:c'd"));
        assert_eq!(export("export USER=\"desk\""), pair("USER", "desk"));
        assert_eq!(export("installing node"), None);
    }
}
