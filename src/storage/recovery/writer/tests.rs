use super::*;
use crate::model::article::Article;
use crate::storage::recovery::Recovered;

fn at(base: Instant, millis: u64) -> Instant {
    base + Duration::from_millis(millis)
}

#[test]
fn a_single_change_is_written_after_a_quiet_moment() {
    let base = Instant::now();
    let policy = Policy::DEFAULT;
    assert_eq!(policy.due(base, base), at(base, 300));
}

#[test]
fn continuous_typing_is_written_by_the_deadline() {
    let base = Instant::now();
    let policy = Policy::DEFAULT;
    // The latest keystroke keeps pushing the quiet time out; the oldest
    // unwritten one caps it.
    assert_eq!(policy.due(base, at(base, 200)), at(base, 500));
    assert_eq!(policy.due(base, at(base, 600)), at(base, 750));
    assert_eq!(policy.due(base, at(base, 5_000)), at(base, 750));
}

/// Simulates a writer under the policy for many typing rhythms and checks
/// the promise: every change is written well within a second (which also
/// means writes keep coming while typing goes on).
#[test]
fn no_change_waits_a_second_whatever_the_rhythm() {
    let policy = Policy::DEFAULT;
    let base = Instant::now();
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    for _ in 0..50 {
        let mut changes = Vec::new();
        let mut t = 0u64;
        for _ in 0..300 {
            // xorshift: gaps from 0 to 600 ms, so some runs pause and some
            // never stop.
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            t += seed % 600;
            changes.push(at(base, t));
        }
        let mut oldest: Option<Instant> = None;
        let mut latest = base;
        let mut writes = Vec::new();
        let mut next = 0;
        let end = at(base, t + 2_000);
        let mut now = base;
        while now < end {
            // Process every change up to `now`, then write if due.
            while next < changes.len() && changes[next] <= now {
                oldest.get_or_insert(changes[next]);
                latest = changes[next];
                next += 1;
            }
            if let Some(first) = oldest
                && policy.due(first, latest) <= now
            {
                assert!(now - first < Duration::from_secs(1), "a change waited {:?}", now - first);
                writes.push(now);
                oldest = None;
            }
            now += Duration::from_millis(1);
        }
        assert!(oldest.is_none(), "everything is written in the end");
        assert!(!writes.is_empty());
    }
}

fn record(body: &str) -> Arc<Record> {
    Arc::new(Record::new(None, Article::default(), body.to_string()))
}

fn bodies(journal: &Journal) -> Vec<(String, String)> {
    journal
        .list()
        .into_iter()
        .map(|found| match found {
            Recovered::Record { id, record } => (id, record.body),
            Recovered::Corrupt { error, .. } => panic!("corrupt: {error}"),
        })
        .collect()
}

#[test]
fn flush_writes_the_latest_state_of_each_document() {
    let dir = tempfile::tempdir().expect("temp dir");
    let journal = Journal::in_dir(dir.path());
    let writer = Writer::start(journal.clone()).expect("starts");
    writer.update("story", record("First draft."));
    writer.update("story", record("First draft, revised."));
    writer.update("brief", record("A brief."));
    writer.flush().expect("flushes");
    let mut found = bodies(&journal);
    found.sort();
    assert_eq!(
        found,
        [("brief".into(), "A brief.".into()), ("story".into(), "First draft, revised.".into())]
    );
    assert_eq!(writer.last_error(), None);
}

#[test]
fn pending_changes_are_written_without_a_flush() {
    let dir = tempfile::tempdir().expect("temp dir");
    let journal = Journal::in_dir(dir.path());
    let policy = Policy { quiet: Duration::from_millis(20), max_wait: Duration::from_millis(50) };
    let writer = Writer::start_with(journal.clone(), policy).expect("starts");
    writer.update("story", record("Typed, then a pause."));
    let deadline = Instant::now() + Duration::from_secs(10);
    while bodies(&journal).is_empty() {
        assert!(Instant::now() < deadline, "the writer never wrote");
        std::thread::sleep(Duration::from_millis(5));
    }
    assert_eq!(bodies(&journal), [("story".into(), "Typed, then a pause.".into())]);
}

#[test]
fn forget_drops_pending_state_and_removes_the_record() {
    let dir = tempfile::tempdir().expect("temp dir");
    let journal = Journal::in_dir(dir.path());
    let writer = Writer::start(journal.clone()).expect("starts");
    writer.update("story", record("Saved soon."));
    writer.flush().expect("flushes");
    writer.update("story", record("Saved soon, edited."));
    writer.forget("story");
    writer.flush().expect("flushes");
    assert!(bodies(&journal).is_empty());
}

#[test]
fn dropping_the_writer_writes_what_is_pending() {
    let dir = tempfile::tempdir().expect("temp dir");
    let journal = Journal::in_dir(dir.path());
    let writer = Writer::start(journal.clone()).expect("starts");
    writer.update("story", record("Closing time."));
    let handle = writer.handle();
    drop(writer);
    assert_eq!(bodies(&journal), [("story".into(), "Closing time.".into())]);
    assert!(matches!(handle.flush(), Err(RecoveryError::Stopped)));
}

#[test]
fn write_errors_are_reported_and_retried() {
    let dir = tempfile::tempdir().expect("temp dir");
    // A file where the journal folder should be.
    let blocked = dir.path().join("recovery");
    std::fs::write(&blocked, "not a folder").expect("file");
    let writer = Writer::start(Journal::in_dir(&blocked)).expect("starts");
    writer.update("story", record("Nowhere to go."));
    let error = writer.flush().expect_err("cannot create the folder");
    assert!(error.to_string().contains("recovery"), "{error}");
    assert!(writer.last_error().is_some());
    // The state is still pending: once the folder can be made, it lands.
    std::fs::remove_file(&blocked).expect("unblock");
    writer.flush().expect("flushes now");
    assert_eq!(writer.last_error(), None);
    assert_eq!(bodies(&Journal::in_dir(&blocked)), [("story".into(), "Nowhere to go.".into())]);
}
