//! `copydesk publish FILE --to NAME` (a target of the `desk.ron` beside
//! the file) or `--to wordpress|ghost --url URL`: the publish gate, then
//! the post created or updated, and the article's `published_to` record
//! saved; `--dry-run` prints what would be sent, asking nobody. Everything
//! printed goes through the terminal filter, and no credential is ever
//! printed (they come from the environment or the user's keeper).

use std::io::Write;
use std::path::Path;

use serde::Serialize;

use super::{CheckOptions, Report, check_file, print_report, terminal};
use crate::editing::background::Progress;
use crate::output::publish::{self, Choice, Job, Outgoing, PublishError, Publisher};
use crate::rules::review::Rules;
use crate::storage::credentials::{self, Vault};
use crate::storage::desk::{self, CmsKind, Target};
use crate::storage::store;

/// What `publish` was asked.
#[derive(Debug, Clone, Default)]
pub struct PublishOptions {
    /// A target's name, or `wordpress` / `ghost` with `url`.
    pub to: String,
    pub url: Option<String>,
    pub dry_run: bool,
    /// Replace a post changed in the CMS since the last publish.
    pub overwrite: bool,
    /// Create a post deleted in the CMS anew.
    pub recreate: bool,
}

/// Publishes the article at `path`. Returns whether the run failed.
pub fn publish(
    path: &Path,
    options: &PublishOptions,
    vault: &Vault,
    transport: &dyn publish::Transport,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<bool> {
    let mut out = terminal::Escaping::new(out);
    let mut err = terminal::Escaping::new(err);
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let loaded = desk::config::load(&folder);
    let target = match choose_target(&loaded.config.publish, options) {
        Ok(target) => target,
        Err(message) => {
            writeln!(err, "{}: {message}", path.display())?;
            return Ok(true);
        }
    };
    let (mut article, fingerprint) = match store::load_with_fingerprint(path) {
        Ok(loaded) => loaded,
        Err(error) => {
            writeln!(err, "{error}")?;
            return Ok(true);
        }
    };
    // The publish gate: the same rules as `copydesk check`; a story with
    // errors is not sent.
    let mut report = Report::default();
    let rules = Rules::new(&loaded, None, &[]);
    check_file(path, &rules, None, &mut report);
    if report.errors > 0 {
        report.findings.retain(|f| f.severity == crate::rules::check::Severity::Error);
        print_report(&report, &CheckOptions::default(), &mut err)?;
        writeln!(err, "{}: not published: fix the errors first", path.display())?;
        return Ok(true);
    }
    let settings = loaded.config.page_settings();
    if options.dry_run {
        return dry_run(&article, &folder, settings, &target, &mut out, &mut err);
    }
    let credential = match vault.find(&target) {
        Ok(Some((credential, _))) => credential,
        Ok(None) => {
            let how = match target.kind {
                CmsKind::WordPress => {
                    format!("set {} and {}", credentials::WP_USER_ENV, credentials::WP_PASSWORD_ENV)
                }
                CmsKind::Ghost => format!("set {}", credentials::GHOST_KEY_ENV),
            };
            writeln!(
                err,
                "{}: no credential for {} ({}): {how}, or publish once from the window, which keeps it",
                path.display(),
                target.name,
                target.url
            )?;
            return Ok(true);
        }
        Err(error) => {
            writeln!(err, "{error}")?;
            return Ok(true);
        }
    };
    let mut publisher = match Publisher::new(&target, &credential, transport) {
        Ok(publisher) => publisher,
        Err(error) => {
            writeln!(err, "{}: {error}", path.display())?;
            return Ok(true);
        }
    };
    let mut job =
        Job { article: &article, folder: &folder, settings, target: &target, choice: Choice::Careful };
    let mut result = publisher.publish(&job, &Progress::none());
    // The flags answer the questions the window would ask, once.
    match &result {
        Err(PublishError::Conflict(conflict)) if options.overwrite => {
            job.choice = Choice::Overwrite(conflict.remote.modified);
            result = publisher.publish(&job, &Progress::none());
        }
        Err(PublishError::Deleted { .. }) if options.recreate => {
            job.choice = Choice::Recreate;
            result = publisher.publish(&job, &Progress::none());
        }
        _ => {}
    }
    let outcome = match result {
        Ok(outcome) => outcome,
        Err(PublishError::Conflict(conflict)) => {
            writeln!(
                err,
                "{}: not published: the post was changed in {} since it was last published from here",
                path.display(),
                target.name
            )?;
            for field in &conflict.fields {
                let mark = if field.differs() { "differs" } else { "same" };
                writeln!(err, "  {} ({mark})", field.label)?;
                if field.differs() {
                    writeln!(err, "    in the CMS:     {}", clip(&field.cms))?;
                    writeln!(err, "    would be sent:  {}", clip(&field.ours))?;
                }
            }
            writeln!(err, "  publish again with --overwrite to replace what the CMS holds")?;
            return Ok(true);
        }
        Err(error @ PublishError::Deleted { .. }) => {
            writeln!(err, "{}: not published: {error} (with --recreate)", path.display())?;
            return Ok(true);
        }
        Err(error) => {
            writeln!(err, "{}: not published to {}: {error}", path.display(), target.name)?;
            return Ok(true);
        }
    };
    publish::record(&mut article, &outcome);
    if let Err(error) = store::save_checked(path, &article, Some(&fingerprint)) {
        writeln!(
            err,
            "{}: published to {} ({}), but the record could not be saved: {error}; publishing again finds the post",
            path.display(),
            target.name,
            outcome.publication.url
        )?;
        return Ok(true);
    }
    let did = if outcome.created { "created" } else { "updated" };
    writeln!(
        out,
        "{}: {did} on {} ({}): {}",
        path.display(),
        target.name,
        outcome.status,
        outcome.publication.url
    )?;
    if outcome.uploaded + outcome.reused > 0 {
        writeln!(out, "  images: {} uploaded, {} already there", outcome.uploaded, outcome.reused)?;
    }
    for note in &outcome.notes {
        writeln!(out, "  note: {note}")?;
    }
    Ok(false)
}

/// The target `options` name: one of the desk's, or an address given.
fn choose_target(desk: &[Target], options: &PublishOptions) -> Result<Target, String> {
    if let Some(url) = &options.url {
        let kind = CmsKind::parse(&options.to).ok_or_else(|| {
            format!("with --url, --to is the kind of CMS (wordpress or ghost), not “{}”", options.to)
        })?;
        let target = Target::ad_hoc(kind, url);
        // A desk target at the same address keeps its name (and so the
        // article's record of it).
        let named = desk.iter().find(|t| t.kind == kind && t.base() == target.base()).cloned();
        return Ok(named.unwrap_or(target));
    }
    let wanted = options.to.trim();
    if let Some(target) = desk.iter().find(|t| t.name.trim().eq_ignore_ascii_case(wanted)) {
        return Ok(target.clone());
    }
    if CmsKind::parse(wanted).is_some() {
        return Err(format!("--to {wanted} needs --url with the site's address"));
    }
    let names: Vec<&str> = desk.iter().map(|t| t.name.as_str()).collect();
    Err(if names.is_empty() {
        format!(
            "no target “{wanted}”: the desk.ron beside the article has no `publish` list (or give --to wordpress|ghost --url URL)"
        )
    } else {
        format!("no target “{wanted}” in desk.ron; its targets are: {}", names.join(", "))
    })
}

#[derive(Serialize)]
struct DryRun<'a> {
    target: &'a Target,
    post: &'a Outgoing,
    /// The body with each local picture as `upload:NAME` (its address is
    /// known only once it is uploaded).
    body_html: String,
    corrections_html: String,
}

fn dry_run(
    article: &crate::model::article::Article,
    folder: &Path,
    settings: crate::model::page::Settings<'_>,
    target: &Target,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<bool> {
    let outgoing = match Outgoing::of(article, folder, settings, jiff::Timestamp::now()) {
        Ok(outgoing) => outgoing,
        Err(error) => {
            writeln!(err, "not published: {error}")?;
            return Ok(true);
        }
    };
    let body_html = outgoing.body_html(folder, &|p| Some(format!("upload:{}", p.upload_name)));
    let corrections_html = outgoing.corrections_html();
    let shown = DryRun { target, post: &outgoing, body_html, corrections_html };
    serde_json::to_writer_pretty(&mut *out, &shown)?;
    writeln!(out)?;
    Ok(false)
}

fn clip(text: &str) -> String {
    match text.char_indices().nth(300) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}
