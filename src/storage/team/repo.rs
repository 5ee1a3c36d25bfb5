//! A desk folder as a git work tree: opening it (the desk may be any folder
//! inside one), sharing it (init and a remote), its branch against the
//! remote, and each article's state: new, modified, unchanged, or waiting
//! to go out (ahead) or come in (behind).

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use git2::{DiffOptions, Oid, Repository, RepositoryInitOptions, StatusOptions};

use super::TeamError;
use crate::storage::desk::{config, index};

/// The remote a desk syncs with.
pub const REMOTE: &str = "origin";
/// The branch a newly shared desk starts on.
pub const DEFAULT_BRANCH: &str = "main";

/// A desk inside a git work tree. `Send`, so a worker thread can own it.
pub struct TeamDesk {
    repo: Repository,
    /// The desk folder as the caller named it; status paths start with it.
    root: PathBuf,
    /// The desk folder relative to the work tree, `/`-separated, empty when
    /// the desk is the work tree itself.
    prefix: String,
}

/// Where the local branch stands against the remote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BranchState {
    /// The branch name; `None` when HEAD is detached.
    pub branch: Option<String>,
    /// The remote branch it syncs with (`origin/main`), when there is one.
    pub upstream: Option<String>,
    /// Commits waiting to go out.
    pub ahead: usize,
    /// Commits waiting to come in (as of the last fetch).
    pub behind: usize,
}

/// One article's state, as the sidebar marks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ArticleStatus {
    /// Never committed.
    New,
    /// Changed since the last commit.
    Modified,
    /// Committed, and the same on the remote as far as the last fetch knows.
    Unchanged,
    /// Committed here, not pushed yet.
    Ahead,
    /// Changed on the remote, not merged here yet.
    Behind,
}

impl ArticleStatus {
    pub fn label(self) -> &'static str {
        match self {
            ArticleStatus::New => "new",
            ArticleStatus::Modified => "modified",
            ArticleStatus::Unchanged => "unchanged",
            ArticleStatus::Ahead => "ahead",
            ArticleStatus::Behind => "behind",
        }
    }
}

/// The whole desk's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeskStatus {
    pub branch: BranchState,
    /// Every article file (and `desk.ron`), by path under the desk root as
    /// the caller named it; files only on the remote are listed as behind.
    pub files: BTreeMap<PathBuf, ArticleStatus>,
}

impl DeskStatus {
    pub fn of(&self, path: &Path) -> Option<ArticleStatus> {
        self.files.get(path).copied()
    }
}

impl TeamDesk {
    /// Opens `desk` as a team desk when it is (inside) a git work tree;
    /// `Ok(None)` when it is an ordinary folder.
    pub fn open(desk: &Path) -> Result<Option<TeamDesk>, TeamError> {
        let canonical = desk.canonicalize().map_err(TeamError::io(desk))?;
        let repo = match Repository::discover(&canonical) {
            Ok(repo) => repo,
            Err(e) if e.code() == git2::ErrorCode::NotFound => return Ok(None),
            Err(e) => return Err(TeamError::git("cannot open the desk's repository")(e)),
        };
        let Some(workdir) = repo.workdir() else { return Ok(None) };
        let workdir = workdir.canonicalize().map_err(TeamError::io(workdir))?;
        let Ok(relative) = canonical.strip_prefix(&workdir) else { return Ok(None) };
        let prefix = slash_path(relative);
        Ok(Some(TeamDesk { repo, root: desk.to_path_buf(), prefix }))
    }

    /// Like `open`, but a plain folder is an error that says what to do.
    pub fn open_shared(desk: &Path) -> Result<TeamDesk, TeamError> {
        TeamDesk::open(desk)?.ok_or_else(|| TeamError::NotShared(desk.to_path_buf()))
    }

    /// Shares a desk: makes its folder a git work tree (unless it already
    /// is inside one) on branch `main`, with `remote` as `origin` if given.
    pub fn init(desk: &Path, remote: Option<&str>) -> Result<TeamDesk, TeamError> {
        let team = match TeamDesk::open(desk)? {
            Some(team) => team,
            None => {
                let mut options = RepositoryInitOptions::new();
                options.initial_head(DEFAULT_BRANCH);
                Repository::init_opts(desk, &options).map_err(TeamError::git("cannot share the desk"))?;
                TeamDesk::open_shared(desk)?
            }
        };
        if let Some(url) = remote {
            team.set_remote(url)?;
        }
        Ok(team)
    }

    /// Points `origin` at `url`, adding it if missing.
    pub fn set_remote(&self, url: &str) -> Result<(), TeamError> {
        let result = if self.repo.find_remote(REMOTE).is_ok() {
            self.repo.remote_set_url(REMOTE, url)
        } else {
            self.repo.remote(REMOTE, url).map(|_| ())
        };
        result.map_err(TeamError::git("cannot set the desk's remote"))
    }

    pub fn remote_url(&self) -> Option<String> {
        self.repo.find_remote(REMOTE).ok().and_then(|r| r.url().ok().map(str::to_string))
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub(crate) fn repo(&self) -> &Repository {
        &self.repo
    }

    /// The desk folder inside the work tree, `/`-separated ("" at the root).
    pub(crate) fn prefix(&self) -> &str {
        &self.prefix
    }

    /// The path git knows `path` (a file under the desk) by.
    pub fn repo_path(&self, path: &Path) -> Option<String> {
        let relative = path.strip_prefix(&self.root).ok()?;
        let relative = slash_path(relative);
        Some(if self.prefix.is_empty() { relative } else { format!("{}/{relative}", self.prefix) })
    }

    /// The file under the desk root for a path git knows, if it is in the desk.
    pub fn desk_path(&self, repo_path: &str) -> Option<PathBuf> {
        let inside = if self.prefix.is_empty() {
            repo_path
        } else {
            repo_path.strip_prefix(&self.prefix)?.strip_prefix('/')?
        };
        Some(inside.split('/').fold(self.root.clone(), |path, part| path.join(part)))
    }

    /// The current branch and how far it is from its remote branch.
    pub fn branch(&self) -> Result<BranchState, TeamError> {
        let mut state = BranchState::default();
        let head = match self.repo.head() {
            Ok(head) => head,
            // No commit yet: the branch HEAD names is still "the" branch.
            Err(e) if e.code() == git2::ErrorCode::UnbornBranch => {
                state.branch = self.unborn_branch();
                return Ok(state);
            }
            Err(e) => return Err(TeamError::git("cannot read the desk's branch")(e)),
        };
        if !head.is_branch() {
            return Ok(state);
        }
        state.branch = head.shorthand().ok().map(str::to_string);
        if let Some((name, upstream)) = self.upstream()?
            && let Some(local) = head.target()
        {
            state.upstream = Some(name);
            let (ahead, behind) = self
                .repo
                .graph_ahead_behind(local, upstream)
                .map_err(TeamError::git("cannot compare branches"))?;
            (state.ahead, state.behind) = (ahead, behind);
        }
        Ok(state)
    }

    fn unborn_branch(&self) -> Option<String> {
        let head = self.repo.find_reference("HEAD").ok()?;
        let target = head.symbolic_target().ok()??;
        Some(target.strip_prefix("refs/heads/").unwrap_or(target).to_string())
    }

    /// The current branch's name, also before the first commit.
    pub(crate) fn branch_name(&self) -> Result<String, TeamError> {
        match self.repo.head() {
            Ok(head) if head.is_branch() => Ok(head.shorthand().unwrap_or(DEFAULT_BRANCH).to_string()),
            Ok(_) => Err(TeamError::Git {
                context: "cannot sync",
                message: "the desk is not on a branch (detached HEAD)".into(),
            }),
            Err(_) => Ok(self.unborn_branch().unwrap_or_else(|| DEFAULT_BRANCH.to_string())),
        }
    }

    /// The remote-tracking branch the current branch syncs with: its
    /// configured upstream, else `origin/<branch>`.
    pub(crate) fn upstream(&self) -> Result<Option<(String, Oid)>, TeamError> {
        let branch = self.branch_name()?;
        let configured = self
            .repo
            .find_branch(&branch, git2::BranchType::Local)
            .ok()
            .and_then(|b| b.upstream().ok())
            .and_then(|u| Some((u.name().ok()??.to_string(), u.get().target()?)));
        if configured.is_some() {
            return Ok(configured);
        }
        let name = format!("{REMOTE}/{branch}");
        Ok(self
            .repo
            .find_reference(&format!("refs/remotes/{name}"))
            .ok()
            .and_then(|r| r.target())
            .map(|oid| (name, oid)))
    }

    /// Every article's state. Reads only what git keeps (index, trees and
    /// file times), so a 10,000-article desk takes well under a second.
    pub fn status(&self) -> Result<DeskStatus, TeamError> {
        let branch = self.branch()?;
        let mut files: BTreeMap<PathBuf, ArticleStatus> = index::article_files(&self.root)
            .into_iter()
            .map(|path| (path, ArticleStatus::Unchanged))
            .collect();
        let desk_file = config::path_in(&self.root);
        if desk_file.exists() {
            files.insert(desk_file, ArticleStatus::Unchanged);
        }
        // Remote first, then local commits, then the work tree: the later,
        // nearer state wins.
        if let Some((_, upstream)) = self.upstream()?
            && let Ok(head) = self.repo.head()
            && let Some(local) = head.target()
            && let Ok(base) = self.repo.merge_base(local, upstream)
        {
            for path in self.changed_between(base, upstream)? {
                files.insert(path, ArticleStatus::Behind);
            }
            for path in self.changed_between(base, local)? {
                files.insert(path, ArticleStatus::Ahead);
            }
        }
        let mut options = StatusOptions::new();
        options.include_untracked(true).recurse_untracked_dirs(true).exclude_submodules(true);
        if !self.prefix.is_empty() {
            options.pathspec(&self.prefix);
        }
        let statuses = self
            .repo
            .statuses(Some(&mut options))
            .map_err(TeamError::git("cannot read the desk's status"))?;
        for entry in statuses.iter() {
            let Some(path) = entry.path().ok().and_then(|p| self.desk_path(p)) else { continue };
            if !is_tracked_kind(&path) {
                continue;
            }
            let flags = entry.status();
            let status = if flags.intersects(git2::Status::WT_NEW | git2::Status::INDEX_NEW) {
                ArticleStatus::New
            } else if flags.is_ignored() || flags.is_empty() {
                continue;
            } else {
                ArticleStatus::Modified
            };
            files.insert(path, status);
        }
        Ok(DeskStatus { branch, files })
    }

    /// Desk files that differ between two commits.
    fn changed_between(&self, from: Oid, to: Oid) -> Result<Vec<PathBuf>, TeamError> {
        let fail = TeamError::git("cannot compare versions");
        let from = self.repo.find_commit(from).and_then(|c| c.tree()).map_err(fail)?;
        let fail = TeamError::git("cannot compare versions");
        let to = self.repo.find_commit(to).and_then(|c| c.tree()).map_err(fail)?;
        let mut options = DiffOptions::new();
        if !self.prefix.is_empty() {
            options.pathspec(&self.prefix);
        }
        let diff = self
            .repo
            .diff_tree_to_tree(Some(&from), Some(&to), Some(&mut options))
            .map_err(TeamError::git("cannot compare versions"))?;
        Ok(diff
            .deltas()
            .filter_map(|d| d.new_file().path().or(d.old_file().path()).map(slash_path))
            .filter_map(|p| self.desk_path(&p))
            .filter(|p| is_tracked_kind(p))
            .collect())
    }
}

/// Files a sync carries: articles, `desk.ron` and images.
pub fn is_tracked_kind(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else { return false };
    if name.starts_with('.') {
        return false;
    }
    let lower = name.to_ascii_lowercase();
    [".ron", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif"].iter().any(|ext| lower.ends_with(ext))
}

/// A relative path with `/` between its parts, as git writes it.
pub(crate) fn slash_path(path: &Path) -> String {
    path.components()
        .filter_map(|c| match c {
            Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}
