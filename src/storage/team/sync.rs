//! Sync: commit the desk's changed files, fetch, fast-forward or merge
//! (articles field by field, see `merge`), push, and on a rejected push
//! fetch, merge and try again. A merge with real conflicts is not
//! committed: the working files hold every clean change plus mine where
//! the sides disagree (so each file loads), the conflicts are returned, and
//! the next sync after `resolve` finishes the merge.

use std::cell::RefCell;
use std::path::{Path, PathBuf};

use git2::build::CheckoutBuilder;
use git2::{
    Cred, CredentialType, FetchOptions, IndexAddOption, Oid, PushOptions, RemoteCallbacks, Repository,
    Signature, Tree,
};

use super::TeamError;
use super::merge::{ArticleMerge, Conflict, DeskConflict};
use super::repo::{REMOTE, TeamDesk, slash_path};
use super::resolve::{Pending, clear_pending, file_conflict, pending_conflicts, read_pending, write_pending};
use super::tree::{brings_too_large, merge_trees};

pub use super::resolve::{pending, resolve};

/// How many times a rejected push is retried after merging.
const PUSH_ATTEMPTS: usize = 4;

/// Who commits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Author {
    pub name: String,
    pub email: String,
}

impl Author {
    /// Reads “Name <mail@example.org>”.
    pub fn parse(text: &str) -> Result<Author, TeamError> {
        let bad = || TeamError::BadAuthor(text.to_string());
        let (name, rest) = text.split_once('<').ok_or_else(bad)?;
        let email = rest.strip_suffix('>').ok_or_else(bad)?.trim();
        let name = name.trim();
        if name.is_empty() || !email.contains('@') {
            return Err(bad());
        }
        Ok(Author { name: name.to_string(), email: email.to_string() })
    }

    /// `user.name` and `user.email` from the desk repository's git config
    /// (its own, then the user's).
    pub fn from_git_config(desk: &Path) -> Option<Author> {
        let team = TeamDesk::open(desk).ok()??;
        let config = team.repo().config().ok()?;
        let name = config.get_string("user.name").ok()?;
        let email = config.get_string("user.email").ok()?;
        (!name.trim().is_empty() && !email.trim().is_empty()).then_some(Author { name, email })
    }
}

/// What a sync needs besides the desk.
#[derive(Debug, Clone)]
pub struct SyncOptions {
    pub message: String,
    pub author: Author,
    /// A private key to offer an SSH remote before the agent and the
    /// usual `~/.ssh/id_*` files.
    pub ssh_key: Option<PathBuf>,
}

/// Where a sync is, for a progress line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Committing,
    Fetching {
        received: usize,
        total: usize,
    },
    Merging,
    Pushing {
        sent: usize,
        total: usize,
    },
    /// The push was rejected (someone pushed first); fetching and merging again.
    Retrying {
        attempt: usize,
    },
}

impl std::fmt::Display for Step {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Step::Committing => write!(f, "committing"),
            Step::Fetching { received, total } => write!(f, "fetching {received}/{total}"),
            Step::Merging => write!(f, "merging"),
            Step::Pushing { sent, total } => write!(f, "pushing {sent}/{total}"),
            Step::Retrying { attempt } => write!(f, "push rejected; merging and retrying ({attempt})"),
        }
    }
}

/// One article the editor has to settle.
#[derive(Debug, Clone, PartialEq)]
pub struct FileConflict {
    /// The working file, which holds the merge with mine in each conflict.
    pub path: PathBuf,
    pub merge: ArticleMerge,
    /// Set when their version is this many bytes, more than Copydesk
    /// opens: it was not merged, and only mine can be kept.
    pub too_large: Option<u64>,
}

impl FileConflict {
    pub fn conflicts(&self) -> &[Conflict] {
        &self.merge.conflicts
    }
}

/// What a sync did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SyncReport {
    /// A commit was made of local changes.
    pub committed: bool,
    /// The branch moved to the remote's without a merge.
    pub fast_forwarded: bool,
    /// Articles changed on both sides and merged field by field.
    pub merged: Vec<PathBuf>,
    /// Files moved by the other side's slug renames (from, to).
    pub renamed: Vec<(PathBuf, PathBuf)>,
    /// `desk.ron` fields both sides changed: mine was kept.
    pub desk_conflicts: Vec<DeskConflict>,
    /// Files that could not be merged as articles (images, unreadable
    /// files) changed on both sides: mine was kept.
    pub kept_mine: Vec<PathBuf>,
    /// Articles waiting for the editor; when not empty nothing was pushed.
    pub conflicts: Vec<FileConflict>,
    pub pushed: bool,
    /// Rejected pushes that were merged and retried.
    pub retries: usize,
}

/// Runs a whole sync of the desk at `desk`. Blocks on the network; the
/// window calls it on a worker thread (all arguments are `Send`) and hears
/// each step through `progress`.
pub fn sync(
    desk: &Path,
    options: &SyncOptions,
    progress: &mut dyn FnMut(Step),
) -> Result<SyncReport, TeamError> {
    let team = TeamDesk::open_shared(desk)?;
    let repo = team.repo();
    let branch = team.branch_name()?;
    let signature = Signature::now(&options.author.name, &options.author.email)
        .map_err(|_| TeamError::BadAuthor(format!("{} <{}>", options.author.name, options.author.email)))?;
    let mut report = SyncReport::default();
    progress(Step::Committing);
    if let Some(pending) = read_pending(&team)? {
        if !pending.unresolved.is_empty() {
            report.conflicts = pending_conflicts(&team, &pending)?;
            if report.conflicts.is_empty() {
                return Err(TeamError::Git {
                    context: "cannot sync",
                    message: "a merge waits for conflicts outside this folder to be resolved".into(),
                });
            }
            return Ok(report);
        }
        let tree = stage(&team)?;
        let head =
            repo.head().and_then(|h| h.peel_to_commit()).map_err(TeamError::git("cannot read HEAD"))?;
        let theirs = repo.find_commit(pending.theirs).map_err(TeamError::git("cannot read the merge"))?;
        commit(repo, &branch, &signature, &options.message, tree, &[&head, &theirs])?;
        clear_pending(&team)?;
        report.committed = true;
    } else {
        let tree = stage(&team)?;
        let head = repo.head().ok().and_then(|h| h.peel_to_commit().ok());
        let changed = match &head {
            Some(head) => head.tree_id() != tree,
            None => repo.find_tree(tree).map(|t| !t.is_empty()).unwrap_or(false),
        };
        if changed {
            let parents: Vec<&git2::Commit> = head.iter().collect();
            commit(repo, &branch, &signature, &options.message, tree, &parents)?;
            report.committed = true;
        }
    }
    let mut remote = repo.find_remote(REMOTE).map_err(|_| TeamError::NoRemote)?;
    let tracking = format!("refs/remotes/{REMOTE}/{branch}");
    let fetch_spec = format!("+refs/heads/{branch}:{tracking}");
    let push_spec = format!("refs/heads/{branch}:refs/heads/{branch}");
    let progress = RefCell::new(progress);
    for attempt in 0..PUSH_ATTEMPTS {
        if attempt > 0 {
            report.retries = attempt;
            (progress.borrow_mut())(Step::Retrying { attempt });
        }
        {
            let mut fetch = FetchOptions::new();
            fetch.remote_callbacks(callbacks(options, &progress, repo));
            remote
                .fetch(&[fetch_spec.as_str()], Some(&mut fetch), None)
                .map_err(TeamError::git("cannot fetch from the remote"))?;
        }
        if let Ok(theirs) = repo.find_reference(&tracking).and_then(|r| r.peel_to_commit()) {
            (progress.borrow_mut())(Step::Merging);
            integrate(&team, &branch, &signature, &theirs, &mut report)?;
            if !report.conflicts.is_empty() {
                return Ok(report);
            }
        }
        let head = repo.refname_to_id("HEAD").ok();
        let remote_head = repo.refname_to_id(&tracking).ok();
        if head.is_none() || head == remote_head {
            // Nothing here, or nothing the remote lacks: nothing to push.
            return Ok(report);
        }
        let rejected = RefCell::new(None::<String>);
        let result = {
            let mut push = PushOptions::new();
            let mut cbs = callbacks(options, &progress, repo);
            cbs.push_update_reference(|_, status| {
                if let Some(status) = status {
                    *rejected.borrow_mut() = Some(status.to_string());
                }
                Ok(())
            });
            push.remote_callbacks(cbs);
            remote.push(&[push_spec.as_str()], Some(&mut push))
        };
        match result {
            Ok(()) if rejected.borrow().is_none() => {
                report.pushed = true;
                if let Ok(mut local) = repo.find_branch(&branch, git2::BranchType::Local) {
                    let _ = local.set_upstream(Some(&format!("{REMOTE}/{branch}")));
                }
                if let Ok(head) = repo.refname_to_id("HEAD") {
                    let _ = repo.reference(&tracking, head, true, "copydesk: pushed");
                }
                return Ok(report);
            }
            Ok(()) => {}
            Err(e) if is_rejection(&e) => {}
            Err(e) => return Err(TeamError::git("cannot push to the remote")(e)),
        }
    }
    Err(TeamError::PushKeptFailing)
}

fn is_rejection(error: &git2::Error) -> bool {
    let message = error.message().to_ascii_lowercase();
    error.code() == git2::ErrorCode::NotFastForward
        || message.contains("fast-forward")
        || message.contains("fastforward")
        || message.contains("rejected")
}

/// The network callbacks: progress, and credentials for SSH and HTTPS.
fn callbacks<'a>(
    options: &'a SyncOptions,
    progress: &'a RefCell<&mut dyn FnMut(Step)>,
    repo: &'a Repository,
) -> RemoteCallbacks<'a> {
    let mut callbacks = RemoteCallbacks::new();
    callbacks.transfer_progress(move |stats| {
        (progress.borrow_mut())(Step::Fetching {
            received: stats.received_objects(),
            total: stats.total_objects(),
        });
        true
    });
    callbacks.push_transfer_progress(move |sent, total, _| {
        (progress.borrow_mut())(Step::Pushing { sent, total });
    });
    let home = std::env::var_os("HOME").map(PathBuf::from).unwrap_or_default();
    // The editor's key, then the agent (`None`), then the usual files.
    let mut keys: Vec<Option<PathBuf>> = options.ssh_key.iter().cloned().map(Some).collect();
    keys.push(None);
    keys.extend(["id_ed25519", "id_ecdsa", "id_rsa"].map(|k| Some(home.join(".ssh").join(k))));
    let mut next_key = 0;
    let mut password_tries = 0;
    callbacks.credentials(move |url, username, allowed| {
        let user = username.unwrap_or("git");
        if allowed.contains(CredentialType::USERNAME) {
            return Cred::username(user);
        }
        if allowed.contains(CredentialType::SSH_KEY) {
            // Each call means the last offer was refused: offer the next.
            while let Some(key) = keys.get(next_key) {
                next_key += 1;
                match key {
                    None => {
                        if let Ok(cred) = Cred::ssh_key_from_agent(user) {
                            return Ok(cred);
                        }
                    }
                    Some(path) if path.exists() => return Cred::ssh_key(user, None, path, None),
                    Some(_) => {}
                }
            }
            return Err(git2::Error::from_str("the remote accepted none of your SSH keys"));
        }
        password_tries += 1;
        if password_tries > 2 {
            return Err(git2::Error::from_str("the remote refused every credential offered"));
        }
        if allowed.contains(CredentialType::USER_PASS_PLAINTEXT) {
            return Cred::credential_helper(&repo.config()?, url, username);
        }
        Cred::default()
    });
    callbacks
}

/// Stages every file a sync carries under the desk and returns the tree.
fn stage(team: &TeamDesk) -> Result<Oid, TeamError> {
    let repo = team.repo();
    let fail = TeamError::git("cannot stage the desk's changes");
    let mut index = repo.index().map_err(fail)?;
    let spec = if team.prefix().is_empty() { "*".to_string() } else { team.prefix().to_string() };
    let prefix = team.prefix().to_string();
    let mut carried = |path: &Path, _: &[u8]| -> i32 {
        let path = slash_path(path);
        let inside =
            if prefix.is_empty() { Some(path.as_str()) } else { path.strip_prefix(&format!("{prefix}/")) };
        match inside {
            Some(inside) if carries(inside) => 0,
            _ => 1,
        }
    };
    let fail = || TeamError::git("cannot stage the desk's changes");
    index.add_all([spec.as_str()], IndexAddOption::DEFAULT, Some(&mut carried)).map_err(fail())?;
    index.update_all([spec.as_str()], Some(&mut carried)).map_err(fail())?;
    index.write().map_err(fail())?;
    index.write_tree().map_err(fail())
}

/// Whether a path under the desk is synced: articles, `desk.ron` and
/// images, outside hidden folders (recovery, backups).
fn carries(inside_desk: &str) -> bool {
    !inside_desk.split('/').any(|part| part.starts_with('.'))
        && super::repo::is_tracked_kind(Path::new(inside_desk))
}

fn commit(
    repo: &Repository,
    branch: &str,
    signature: &Signature,
    message: &str,
    tree: Oid,
    parents: &[&git2::Commit],
) -> Result<Oid, TeamError> {
    let fail = TeamError::git("cannot commit");
    let tree = repo.find_tree(tree).map_err(fail)?;
    let message = if message.trim().is_empty() { "Update the desk" } else { message };
    let oid = repo
        .commit(Some(&format!("refs/heads/{branch}")), signature, signature, message, &tree, parents)
        .map_err(TeamError::git("cannot commit"))?;
    // HEAD may still name an unborn branch of another name.
    repo.set_head(&format!("refs/heads/{branch}")).map_err(TeamError::git("cannot commit"))?;
    Ok(oid)
}

/// Brings `theirs` into the current branch: nothing, a fast-forward, or a
/// merge (committed when clean, left for the editor when not).
fn integrate(
    team: &TeamDesk,
    branch: &str,
    signature: &Signature,
    theirs: &git2::Commit,
    report: &mut SyncReport,
) -> Result<(), TeamError> {
    let repo = team.repo();
    let fail = || TeamError::git("cannot merge");
    let head = repo.head().ok().and_then(|h| h.peel_to_commit().ok());
    let Some(head) = head else {
        checkout(repo, &theirs.tree().map_err(fail())?)?;
        repo.reference(&format!("refs/heads/{branch}"), theirs.id(), true, "copydesk: first sync")
            .map_err(fail())?;
        repo.set_head(&format!("refs/heads/{branch}")).map_err(fail())?;
        report.fast_forwarded = true;
        return Ok(());
    };
    if head.id() == theirs.id() || repo.graph_descendant_of(head.id(), theirs.id()).map_err(fail())? {
        return Ok(());
    }
    // A fast-forward takes every file as it is; one bringing an article
    // too large to open goes through the merge, which asks the editor.
    if repo.graph_descendant_of(theirs.id(), head.id()).map_err(fail())?
        && !brings_too_large(repo, &head.tree().map_err(fail())?, &theirs.tree().map_err(fail())?)?
    {
        checkout(repo, &theirs.tree().map_err(fail())?)?;
        repo.reference(&format!("refs/heads/{branch}"), theirs.id(), true, "copydesk: fast-forward")
            .map_err(fail())?;
        report.fast_forwarded = true;
        return Ok(());
    }
    let base = repo.merge_base(head.id(), theirs.id()).ok();
    let base_tree = match base {
        Some(base) => Some(repo.find_commit(base).and_then(|c| c.tree()).map_err(fail())?),
        None => None,
    };
    let outcome = merge_trees(
        team,
        base_tree.as_ref(),
        &head.tree().map_err(fail())?,
        &theirs.tree().map_err(fail())?,
    )?;
    let tree = repo.find_tree(outcome.tree).map_err(fail())?;
    checkout(repo, &tree)?;
    report.merged.extend(outcome.merged.iter().filter_map(|p| team.desk_path(p)));
    report
        .renamed
        .extend(outcome.renamed.iter().filter_map(|(a, b)| Some((team.desk_path(a)?, team.desk_path(b)?))));
    report.kept_mine.extend(outcome.kept_mine.iter().filter_map(|p| team.desk_path(p)));
    report.desk_conflicts.extend(outcome.desk_conflicts);
    if outcome.conflicts.is_empty() && outcome.too_large.is_empty() {
        let message = format!("Merge {REMOTE}/{branch} into {branch}");
        commit(repo, branch, signature, &message, outcome.tree, &[&head, theirs])?;
        return Ok(());
    }
    let pending = Pending {
        theirs: theirs.id(),
        unresolved: outcome
            .conflicts
            .iter()
            .map(|c| c.paths.clone())
            .chain(outcome.too_large.iter().cloned())
            .collect(),
    };
    write_pending(team, &pending)?;
    report.conflicts = outcome
        .conflicts
        .into_iter()
        .filter_map(|c| {
            Some(FileConflict { path: team.desk_path(&c.paths.path)?, merge: c.merge, too_large: None })
        })
        .collect();
    for paths in &outcome.too_large {
        if team.desk_path(&paths.path).is_some() {
            report.conflicts.push(file_conflict(team, &pending, paths)?);
        }
    }
    Ok(())
}

/// Writes a tree into the work tree. Safe mode: a file changed since the
/// last commit is never overwritten (sync commits the desk first).
fn checkout(repo: &Repository, tree: &Tree) -> Result<(), TeamError> {
    let mut builder = CheckoutBuilder::new();
    builder.safe().recreate_missing(true);
    repo.checkout_tree(tree.as_object(), Some(&mut builder))
        .map_err(TeamError::git("cannot update the desk's files"))
}
