//! Background analysis: parses the body, counts it and runs the checks off
//! the UI thread, so typing never waits on a long article. The window shows
//! the latest finished analysis; a newer edit supersedes any queued one.

use std::sync::{Arc, mpsc};
use std::thread;

use super::background::{Jobs, Ticket};
use super::suggest::decide::{self, Placed};
use crate::model::article::{Article, Field};
use crate::model::markup::critic::{self, Shown};
use crate::model::markup::{self, Parsed, inline::Inline};
use crate::model::stats::Stats;
use crate::rules::check::{self, Finding, Location, Severity};
use crate::rules::review::{self, Rules};
use crate::rules::spell::SpellCache;

/// A block's texts with their changes shown: for each text, its pieces
/// (added, removed, passage, comment or unchanged) and their inline runs.
pub type BlockChanges = Vec<Vec<(Shown, Inline)>>;

/// What the checks need besides the article.
#[derive(Clone, Default)]
pub struct Setting {
    /// Bumps whenever anything below changes, so analyses re-run.
    pub generation: u64,
    /// The desk's rules and the dictionary (with the desk's words), once loaded.
    pub rules: Rules,
    pub desk: Option<Arc<dyn check::Desk + Send + Sync>>,
}

/// A misspelled word in the body, for the editor's underline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Misspelled {
    /// Character range in the body text.
    pub chars: std::ops::Range<usize>,
    /// Byte range in the body text.
    pub bytes: std::ops::Range<usize>,
    pub word: String,
}

/// What the worker is sent: an analysis to run, or an old result to drop
/// (freeing a 100,000-word analysis takes long enough to be felt on the UI
/// thread).
enum Work {
    Analyse(Box<Job>),
    Drop(Arc<Analysis>),
}

struct Job {
    revision: u64,
    body: Arc<str>,
    /// The metadata (body empty).
    fields: Article,
    /// What was typed into the time fields, by field.
    times: Vec<(Field, String)>,
    setting: Setting,
    /// Held until the answer is sent: the work counts as running, and
    /// its drop wakes the window to take the answer.
    ticket: Ticket,
}

impl Job {
    fn analyse(&self, spell_cache: &mut SpellCache) -> Analysis {
        analyse_with(self.revision, &self.body, &self.fields, &self.times, &self.setting, spell_cache)
    }
}

/// The result of analysing one revision of a document.
#[derive(Default)]
pub struct Analysis {
    pub revision: u64,
    /// The [`Setting::generation`] it was computed with.
    pub generation: u64,
    pub parsed: Parsed,
    /// Inline runs for each text of each block, for the preview.
    pub inlines: Vec<Vec<Inline>>,
    pub stats: Stats,
    /// Sorted by severity, then position.
    pub findings: Vec<Finding>,
    /// Parallel to `findings`: the 1-based body line a body finding is on.
    pub finding_lines: Vec<Option<usize>>,
    /// Parallel to `parsed.blocks`: a hash of each block, which the preview
    /// uses to remember row heights (computed here, off the UI thread).
    pub block_keys: Vec<u64>,
    /// Misspelled words in the body, in text order.
    pub misspelled: Vec<Misspelled>,
    /// The body's suggestion and comment marks, placed in the body text,
    /// with their notes, and the open notes whose mark is gone.
    pub marks: Vec<Placed>,
    pub orphaned: Vec<usize>,
    /// Parallel to `parsed.blocks`: for a block holding marks, each text's
    /// pieces with what they are (added, removed, passage, comment), for
    /// the preview "with changes" (`inlines` is the page as published).
    pub changes: Vec<Option<BlockChanges>>,
    /// Misspelled words in the headline and dek (byte ranges there).
    pub headline_misspelled: Vec<std::ops::Range<usize>>,
    pub dek_misspelled: Vec<std::ops::Range<usize>>,
}

impl Analysis {
    pub fn count(&self, severity: Severity) -> usize {
        self.findings.iter().filter(|f| f.severity == severity).count()
    }

    /// The body byte offset a finding points at, if it is in the body.
    pub fn body_offset(&self, finding: &Finding) -> Option<usize> {
        match finding.location {
            Location::Body { block, part, offset } => {
                self.parsed.sources.get(block).map(|source| source.body_offset(part, offset))
            }
            _ => None,
        }
    }
}

/// Runs one analysis on this thread.
pub fn analyse(revision: u64, body: &str, fields: &Article, setting: &Setting) -> Analysis {
    analyse_with(revision, body, fields, &[], setting, &mut SpellCache::new())
}

/// Runs one analysis, reusing spelling results for texts that did not
/// change since the last one.
pub fn analyse_with(
    revision: u64,
    body: &str,
    fields: &Article,
    times: &[(Field, String)],
    setting: &Setting,
    spell_cache: &mut SpellCache,
) -> Analysis {
    let parsed = markup::parse(body);
    // The page as published: suggestions as if rejected, comments gone.
    let inline_of = |text: &str| {
        if critic::may_have_marks(text) {
            markup::inline::analyze(&critic::published(text))
        } else {
            markup::inline::analyze(text)
        }
    };
    let inlines: Vec<Vec<Inline>> =
        parsed.blocks.iter().map(|block| block.texts().into_iter().map(inline_of).collect()).collect();
    let changes = parsed
        .blocks
        .iter()
        .map(|block| {
            let texts = block.texts();
            texts.iter().any(|t| critic::may_have_marks(t)).then(|| {
                texts
                    .iter()
                    .map(|text| {
                        critic::shown(text)
                            .into_iter()
                            .map(|(shown, piece)| (shown, markup::inline::analyze(piece)))
                            .collect()
                    })
                    .collect()
            })
        })
        .collect();
    let (marks, suggestions) = decide::place(body, &parsed, &fields.notes);
    let stats = Stats::of_blocks(&parsed.blocks);
    let mut article = fields.clone();
    article.body = parsed.blocks.clone();
    let reviewed =
        review::review(&article, &setting.rules, setting.desk.as_deref().map(|d| d as _), spell_cache);
    let mut findings = reviewed.findings;
    // Constructs outside the markup subset, found while parsing the text.
    findings.extend(review::markup_findings(&parsed));
    // A time typed that is not one: the file cannot keep it.
    let typed: Vec<(Field, &str)> = times.iter().map(|(field, text)| (*field, text.as_str())).collect();
    findings.extend(check::typed_times(&typed, &crate::model::when::now_in(&setting.rules.zone())));
    review::sort(&mut findings);
    let mut misspelled = Vec::new();
    let mut headline_misspelled = Vec::new();
    let mut dek_misspelled = Vec::new();
    if let Some(spelling) = reviewed.spelling {
        headline_misspelled = spelling.headline.iter().map(|m| m.range.clone()).collect();
        dek_misspelled = spelling.dek.iter().map(|m| m.range.clone()).collect();
        for (block, parts) in spelling.body.iter().enumerate() {
            let Some(source) = parsed.sources.get(block) else { continue };
            for (part, words) in parts.iter().enumerate() {
                for word in words.iter() {
                    let start = source.body_offset(part, word.range.start);
                    let end = source.body_offset(part, word.range.end);
                    if start < end
                        && end <= body.len()
                        && body.is_char_boundary(start)
                        && body.is_char_boundary(end)
                    {
                        misspelled.push(Misspelled {
                            chars: 0..0,
                            bytes: start..end,
                            word: word.word.clone(),
                        });
                    }
                }
            }
        }
        misspelled.sort_by_key(|m| m.bytes.start);
        // One walk over the body turns every byte offset into a character index.
        let mut chars = 0;
        let mut at = 0;
        let mut char_of = |offset: usize| {
            if offset > at {
                chars += body[at..offset].chars().count();
                at = offset;
            }
            chars
        };
        for word in &mut misspelled {
            let start = char_of(word.bytes.start);
            let end = char_of(word.bytes.end);
            word.chars = start..end;
        }
    }
    let line_starts: Vec<usize> =
        std::iter::once(0).chain(body.match_indices('\n').map(|(at, _)| at + 1)).collect();
    let mut analysis = Analysis {
        revision,
        generation: setting.generation,
        parsed,
        inlines,
        stats,
        findings,
        finding_lines: Vec::new(),
        block_keys: Vec::new(),
        misspelled,
        marks,
        orphaned: suggestions.orphaned,
        changes,
        headline_misspelled,
        dek_misspelled,
    };
    analysis.finding_lines = analysis
        .findings
        .iter()
        .map(|f| analysis.body_offset(f).map(|offset| line_starts.partition_point(|&start| start <= offset)))
        .collect();
    analysis.block_keys = analysis
        .parsed
        .blocks
        .iter()
        .map(|block| {
            use std::hash::{Hash, Hasher};
            let mut hasher = std::hash::DefaultHasher::new();
            block.hash(&mut hasher);
            hasher.finish()
        })
        .collect();
    analysis
}

/// The background worker and the latest result it produced.
pub struct Analyst {
    jobs: mpsc::Sender<Work>,
    results: mpsc::Receiver<Analysis>,
    latest: Arc<Analysis>,
    /// The (revision, generation) last asked for.
    requested: Option<(u64, u64)>,
    /// The one the worker has last been given.
    sent: Option<(u64, u64)>,
    /// True while the worker has a job it has not answered. One at a time:
    /// the body is copied for the worker when it is ready for it, not on
    /// every keystroke, so typing in a long story never queues copies.
    in_flight: bool,
    /// Results older than this belong to a document no longer open.
    floor: u64,
    /// Where each job is counted while the worker has it.
    registry: Jobs,
}

impl Default for Analyst {
    fn default() -> Self {
        Self::new(&Jobs::default())
    }
}

impl Analyst {
    /// Starts the worker; each job it is given counts in `jobs` until its
    /// answer is sent.
    pub fn new(registry: &Jobs) -> Analyst {
        let (jobs, job_queue) = mpsc::channel::<Work>();
        let (result_sender, results) = mpsc::channel();
        thread::Builder::new()
            .name("copydesk-analysis".into())
            .spawn(move || {
                // Spelling results of unchanged paragraphs carry over from
                // one analysis to the next.
                let mut spell_cache = SpellCache::new();
                // The window sends one job at a time (see `in_flight`), so
                // there is never a newer one queued behind it.
                while let Ok(work) = job_queue.recv() {
                    let job = match work {
                        Work::Analyse(job) => job,
                        Work::Drop(old) => {
                            drop(old);
                            continue;
                        }
                    };
                    let analysis = job.analyse(&mut spell_cache);
                    let sent = result_sender.send(analysis);
                    drop(job.ticket);
                    if sent.is_err() {
                        break;
                    }
                }
            })
            .ok();
        Analyst {
            jobs,
            results,
            latest: Arc::new(Analysis::default()),
            requested: None,
            sent: None,
            in_flight: false,
            floor: 0,
            registry: registry.clone(),
        }
    }

    /// Asks for an analysis of `revision`. It starts now unless the worker
    /// is busy; then the caller asks again once the answer is in (the
    /// worker wakes the window for that), and the newest revision goes.
    /// `body` is called only when the job is sent.
    pub fn request(
        &mut self,
        revision: u64,
        body: impl FnOnce() -> Arc<str>,
        fields: &crate::editing::document::Fields,
        setting: Setting,
    ) {
        let key = (revision, setting.generation);
        self.requested = Some(key);
        if self.in_flight || self.sent == Some(key) {
            return;
        }
        self.sent = Some(key);
        self.in_flight = true;
        let body = body();
        let times = vec![
            (Field::PublishedAt, fields.published_text.clone()),
            (Field::UpdatedAt, fields.updated_text.clone()),
        ];
        let mut fields = fields.article.clone();
        fields.body = Vec::new();
        let job = Job { revision, body, fields, times, setting, ticket: self.registry.ticket() };
        if let Err(mpsc::SendError(Work::Analyse(job))) = self.jobs.send(Work::Analyse(Box::new(job))) {
            // The worker is gone (it cannot panic on text, but be safe):
            // analyse here rather than show stale results forever.
            let analysis = job.analyse(&mut SpellCache::new());
            self.latest = Arc::new(analysis);
            self.in_flight = false;
        }
    }

    /// Takes finished results; returns true when the latest changed.
    pub fn poll(&mut self) -> bool {
        let mut changed = false;
        while let Ok(analysis) = self.results.try_recv() {
            self.in_flight = false;
            if analysis.revision >= self.floor {
                let old = std::mem::replace(&mut self.latest, Arc::new(analysis));
                let _ = self.jobs.send(Work::Drop(old));
                changed = true;
            }
        }
        changed
    }

    /// Waits until the worker has answered the job it has.
    pub fn wait(&mut self) {
        if !self.in_flight {
            return;
        }
        if let Ok(analysis) = self.results.recv()
            && analysis.revision >= self.floor
        {
            self.latest = Arc::new(analysis);
        }
        self.in_flight = false;
    }

    pub fn latest(&self) -> &Arc<Analysis> {
        &self.latest
    }

    /// Forgets the current results: a different document, whose revisions
    /// start at `first_revision`, was opened.
    pub fn reset(&mut self, first_revision: u64) {
        self.floor = first_revision;
        self.latest = Arc::new(Analysis::default());
        self.requested = None;
        self.sent = None;
    }

    /// True when the worker has nothing and was given what was last asked
    /// for: waiting would wait for nothing.
    pub fn is_idle(&self) -> bool {
        !self.in_flight && self.sent == self.requested
    }

    /// The document revision last asked for.
    pub fn requested_revision(&self) -> Option<u64> {
        self.requested.map(|(revision, _)| revision)
    }

    /// True when the latest analysis is of what was last requested.
    pub fn is_current(&self) -> bool {
        self.requested == Some((self.latest.revision, self.latest.generation))
    }
}
