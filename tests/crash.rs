//! Killing real `copydesk` processes at random moments (the hidden `drill`
//! subcommands): the recovery journal keeps every edit older than a
//! second, a SIGTERM keeps every edit, and a save never leaves a torn or
//! half-written article. `COPYDESK_SOAK=N` with `--ignored` runs N rounds.

#![cfg(unix)]

use std::fs;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::thread;
use std::time::{Duration, Instant, SystemTime};

use copydesk::storage::recovery::{Journal, Recovered};
use copydesk::storage::store;
use copydesk::testkit::drill::{self, JOURNAL_DRILL_ID};

/// These tests measure time against a deadline; running them one at a
/// time keeps one from starving another on a small machine.
static HEAVY: Mutex<()> = Mutex::new(());

fn one_at_a_time() -> MutexGuard<'static, ()> {
    HEAVY.lock().unwrap_or_else(PoisonError::into_inner)
}

/// How many drills run at once.
const CONCURRENCY: usize = 4;

/// xorshift64*, seeded per run so a failing run can be repeated (its
/// timing cannot, but its choices can).
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) % n
    }

    fn millis(&mut self, from: u64, to: u64) -> Duration {
        Duration::from_millis(from + self.below(to - from + 1))
    }
}

fn seed() -> u64 {
    std::env::var("COPYDESK_CRASH_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0x00c0_ffee)
}

fn soak_rounds() -> usize {
    std::env::var("COPYDESK_SOAK").ok().and_then(|s| s.parse().ok()).unwrap_or(1000)
}

fn unix_millis() -> i64 {
    let since = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).expect("clock after 1970");
    i64::try_from(since.as_millis()).expect("fits")
}

fn drill(args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .arg("drill")
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the drill starts")
}

/// Runs `rounds` rounds of `round` on `CONCURRENCY` threads; round `i` gets
/// an Rng seeded from `i`.
fn in_parallel<T: Send>(rounds: usize, round: impl Fn(usize, Rng) -> T + Sync) -> Vec<T> {
    let next = AtomicUsize::new(0);
    let base = seed();
    let results = Mutex::new(Vec::new());
    thread::scope(|scope| {
        for _ in 0..CONCURRENCY {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= rounds {
                        break;
                    }
                    let result = round(i, Rng::new(base ^ (i as u64 + 1)));
                    results.lock().unwrap_or_else(PoisonError::into_inner).push(result);
                }
            });
        }
    });
    results.into_inner().unwrap_or_else(PoisonError::into_inner)
}

/// The `edit N MILLIS` lines a journal drill printed; a line cut off by
/// the kill is ignored.
fn edits(output: &str) -> Vec<(u64, i64)> {
    output
        .lines()
        .filter_map(|line| {
            let mut parts = line.strip_prefix("edit ")?.split(' ');
            Some((parts.next()?.parse().ok()?, parts.next()?.parse().ok()?))
        })
        .collect()
}

/// The number of edits in the one record the journal drill left, if any.
fn recovered_edits(data: &Path) -> Option<u64> {
    let listed = Journal::in_dir(data.join("recovery")).list();
    assert!(listed.len() <= 1, "one document, one record: {listed:?}");
    let found = listed.into_iter().next()?;
    let Recovered::Record { id, record } = found else { panic!("a corrupt record: {found:?}") };
    assert_eq!(id, JOURNAL_DRILL_ID);
    let count = record
        .body
        .split(' ')
        .filter(|word| word.strip_prefix('w').is_some_and(|n| n.parse::<u64>().is_ok()))
        .count() as u64;
    assert_eq!(record.body, drill::journal_body(count), "the body is exactly the first {count} edits");
    Some(count)
}

struct JournalRound {
    /// Edits old enough that the journal must have them.
    owed: u64,
    recovered: u64,
    printed: u64,
    /// How old the oldest edit the journal missed was at the kill, in ms.
    oldest_lost: Option<i64>,
}

fn journal_kill_round(mut rng: Rng) -> JournalRound {
    let data = tempfile::tempdir().expect("temp dir");
    let mut child =
        drill(&["journal", "--data", data.path().to_str().expect("utf-8"), "--interval-ms", "20"]);
    thread::sleep(rng.millis(1200, 2200));
    let killed_at = unix_millis();
    child.kill().expect("SIGKILL");
    child.wait().expect("reaped");
    let mut output = String::new();
    child.stdout.take().expect("piped").read_to_string(&mut output).expect("stdout");
    let edits = edits(&output);
    let printed = edits.last().map_or(0, |&(n, _)| n);
    let owed = edits.iter().filter(|&&(_, at)| at <= killed_at - 1000).map(|&(n, _)| n).max().unwrap_or(0);
    let recovered = recovered_edits(data.path()).unwrap_or(0);
    assert!(
        recovered >= owed,
        "lost edits: the journal has {recovered} of {printed} printed edits, but edits up to {owed} were more than a second old at the kill"
    );
    // An edit is handed over before it is printed, so the journal can be
    // at most one edit ahead of the output.
    assert!(recovered <= printed + 1, "the journal has edits never made: {recovered} > {printed} + 1");
    let oldest_lost = edits.iter().find(|&&(n, _)| n == recovered + 1).map(|&(_, at)| killed_at - at);
    JournalRound { owed, recovered, printed, oldest_lost }
}

fn journal_kills(rounds: usize) {
    let _heavy = one_at_a_time();
    let started = Instant::now();
    let results = in_parallel(rounds, |_, rng| journal_kill_round(rng));
    let checked = results.iter().filter(|r| r.owed > 0).count();
    let owed: u64 = results.iter().map(|r| r.owed).sum();
    let lost = results.iter().map(|r| r.printed - r.recovered.min(r.printed)).max().unwrap_or(0);
    let oldest_lost = results.iter().filter_map(|r| r.oldest_lost).max().unwrap_or(0);
    println!(
        "journal: {} SIGKILLs in {:.1?}; {checked} with edits over a second old, {owed} such edits, all recovered; \
         at most {lost} newer edits lost, the oldest of them {oldest_lost} ms old",
        results.len(),
        started.elapsed()
    );
    assert!(checked * 2 >= results.len(), "most rounds should have edits old enough to check");
}

#[test]
fn sigkill_loses_at_most_the_last_second_of_typing() {
    journal_kills(50);
}

#[test]
#[ignore = "soak: COPYDESK_SOAK=N cargo test --test crash -- --ignored"]
fn soak_sigkill_journal() {
    journal_kills(soak_rounds());
}

fn journal_term_round(mut rng: Rng) {
    let data = tempfile::tempdir().expect("temp dir");
    let mut child = drill(&["journal", "--data", data.path().to_str().expect("utf-8"), "--interval-ms", "5"]);
    let mut stdout = BufReader::new(child.stdout.take().expect("piped"));
    // The handler is in place before the first edit is printed.
    let mut first = String::new();
    stdout.read_line(&mut first).expect("first edit");
    assert!(first.starts_with("edit 1 "), "{first:?}");
    thread::sleep(rng.millis(50, 500));
    let status = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().expect("kill runs");
    assert!(status.success());
    let status = child.wait().expect("reaped");
    assert_eq!(status.code(), Some(143), "{status:?}");
    let mut rest = String::new();
    stdout.read_to_string(&mut rest).expect("stdout");
    let printed = edits(&(first + &rest)).last().map_or(0, |&(n, _)| n);
    let recovered = recovered_edits(data.path()).expect("a record");
    assert!(recovered >= printed, "SIGTERM lost edits: {recovered} of {printed} printed");
    assert!(recovered <= printed + 1, "{recovered} > {printed} + 1");
}

#[test]
fn sigterm_keeps_every_edit_and_exits_143() {
    let _heavy = one_at_a_time();
    let started = Instant::now();
    let rounds = in_parallel(8, |_, rng| journal_term_round(rng)).len();
    println!("journal: {rounds} SIGTERMs in {:.1?}, every printed edit kept", started.elapsed());
}

#[test]
#[ignore = "soak: COPYDESK_SOAK=N cargo test --test crash -- --ignored"]
fn soak_sigterm_journal() {
    let _heavy = one_at_a_time();
    in_parallel(soak_rounds(), |_, rng| journal_term_round(rng));
}

/// What one killed save drill left behind.
#[derive(Default)]
struct SaveRound {
    saves: u64,
    backup_left: bool,
    temp_left: bool,
}

/// Kills a save drill writing `file` and checks the folder: the article is
/// exactly one of the two versions, and nothing else is there but its
/// backup and at most one temporary file from the interrupted write.
fn save_kill_round(file: &Path, versions: &[String; 2], i: usize, mut rng: Rng) -> SaveRound {
    let mut child = drill(&["save", file.to_str().expect("utf-8")]);
    let mut stdout = BufReader::new(child.stdout.take().expect("piped"));
    let mut output = String::new();
    if i.is_multiple_of(2) {
        thread::sleep(rng.millis(0, 60));
    } else {
        // After at least one complete save of this run.
        stdout.read_line(&mut output).expect("first save");
        thread::sleep(rng.millis(0, 30));
    }
    child.kill().expect("SIGKILL");
    child.wait().expect("reaped");
    stdout.read_to_string(&mut output).expect("stdout");
    let saves = output.lines().filter(|l| l.starts_with("saved ")).count() as u64;

    let bytes = fs::read(file).expect("the article is still there");
    let which = versions.iter().position(|v| v.as_bytes() == bytes.as_slice());
    assert!(which.is_some(), "round {i}: the file is neither version ({} bytes)", bytes.len());
    let loaded = store::load(file).expect("the article loads");
    assert_eq!(store::to_string(&loaded).as_bytes(), bytes.as_slice());

    let name = file.file_name().expect("name").to_string_lossy().into_owned();
    let backup = store::backup_path(file);
    let mut round = SaveRound { saves, ..SaveRound::default() };
    for entry in fs::read_dir(file.parent().expect("folder")).expect("list") {
        let entry_name = entry.expect("entry").file_name().to_string_lossy().into_owned();
        if entry_name == name {
            continue;
        }
        if entry_name == format!(".{name}.bak") {
            let kept = fs::read(&backup).expect("backup");
            assert!(versions.iter().any(|v| v.as_bytes() == kept.as_slice()), "round {i}: a torn backup");
            round.backup_left = true;
        } else if entry_name.starts_with(&format!(".{name}.")) && entry_name.ends_with(".tmp") {
            assert!(!round.temp_left, "round {i}: temporary files pile up");
            round.temp_left = true;
        } else {
            panic!("round {i}: unexpected file beside the article: {entry_name}");
        }
    }
    round
}

fn save_kills(rounds: usize) {
    let _heavy = one_at_a_time();
    let started = Instant::now();
    let versions = drill::save_versions().map(|v| store::to_string(&v));
    // One folder per thread, reused round after round, so what a killed
    // save leaves meets the next drill.
    let folders: Vec<tempfile::TempDir> =
        (0..CONCURRENCY).map(|_| tempfile::tempdir().expect("temp dir")).collect();
    let files: Vec<PathBuf> = folders.iter().map(|f| f.path().join("story.ron")).collect();
    for file in &files {
        fs::write(file, &versions[0]).expect("version A to start");
    }
    let claimed = Mutex::new(vec![false; CONCURRENCY]);
    let results = in_parallel(rounds, |i, rng| {
        let slot = {
            let mut claimed = claimed.lock().unwrap_or_else(PoisonError::into_inner);
            let slot = claimed.iter().position(|c| !c).expect("a free folder");
            claimed[slot] = true;
            slot
        };
        let round = save_kill_round(&files[slot], &versions, i, rng);
        claimed.lock().unwrap_or_else(PoisonError::into_inner)[slot] = false;
        round
    });
    let mid_save = results.iter().filter(|r| r.temp_left || r.backup_left).count();
    let after_a_save = results.iter().filter(|r| r.saves > 0).count();
    let saves: u64 = results.iter().map(|r| r.saves).sum();
    println!(
        "save: {} SIGKILLs in {:.1?} ({saves} saves completed; {after_a_save} kills after a completed save, \
         {mid_save} left a backup or temporary file); every article was whole",
        results.len(),
        started.elapsed()
    );
    assert!(after_a_save > 0, "some kills should land after a save");
}

#[test]
fn sigkill_during_saves_never_tears_the_article() {
    save_kills(200);
}

#[test]
#[ignore = "soak: COPYDESK_SOAK=N cargo test --test crash -- --ignored"]
fn soak_sigkill_saves() {
    save_kills(soak_rounds());
}
