//! Where a CMS credential lives, and nowhere else: the environment (for
//! scripts and tests), the desktop's keyring (Secret Service, Keychain,
//! Credential Manager) where there is one, else a file only its owner may
//! read in the user's config folder. Never `desk.ron`, an article, git, a
//! log or the terminal: a [`Secret`] has no `Display` and its `Debug` says
//! only that it is hidden.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::storage::desk::{CmsKind, Target};
use crate::storage::store;

/// The WordPress user (login name) the application password belongs to.
pub const WP_USER_ENV: &str = "COPYDESK_WP_USER";
/// A WordPress application password.
pub const WP_PASSWORD_ENV: &str = "COPYDESK_WP_APP_PASSWORD";
/// A Ghost Admin API key, `id:secret`.
pub const GHOST_KEY_ENV: &str = "COPYDESK_GHOST_ADMIN_KEY";
/// Where the credentials file lives instead of the platform's config
/// folder (tests; a locked-down machine).
pub const CONFIG_DIR_ENV: &str = "COPYDESK_CONFIG_DIR";

/// The file kept when there is no keyring.
pub const FILE_NAME: &str = "credentials.ron";

/// Text that must never be shown. Only the code that sends it reads it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(text: impl Into<String>) -> Secret {
        Secret(text.into())
    }

    /// The secret itself, for the request that sends it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.trim().is_empty()
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(‹hidden›)")
    }
}

/// What a CMS needs to let Copydesk in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Credential {
    /// A WordPress user and one of its application passwords.
    WordPress { user: String, app_password: Secret },
    /// A Ghost Admin API key (`id:secret`, from a custom integration).
    Ghost { admin_key: Secret },
}

impl Credential {
    pub fn kind(&self) -> CmsKind {
        match self {
            Credential::WordPress { .. } => CmsKind::WordPress,
            Credential::Ghost { .. } => CmsKind::Ghost,
        }
    }

    /// Why it cannot be used, in a sentence; `None` when it looks usable.
    pub fn problem(&self) -> Option<&'static str> {
        match self {
            Credential::WordPress { user, app_password } => {
                if user.trim().is_empty() {
                    Some("the WordPress user name is empty")
                } else if app_password.is_empty() {
                    Some("the application password is empty")
                } else {
                    None
                }
            }
            Credential::Ghost { admin_key } => {
                let key = admin_key.expose().trim();
                match key.split_once(':') {
                    Some((id, secret))
                        if !id.is_empty()
                            && secret.len() % 2 == 0
                            && !secret.is_empty()
                            && secret.bytes().all(|b| b.is_ascii_hexdigit()) =>
                    {
                        None
                    }
                    _ => Some("a Ghost Admin API key looks like ID:SECRET (the secret in hexadecimal)"),
                }
            }
        }
    }
}

/// Where a credential was found or kept, for the editor to be told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Environment,
    Keyring,
    File,
}

impl Place {
    pub fn label(self) -> &'static str {
        match self {
            Place::Environment => "the environment",
            Place::Keyring => "the desktop's keyring",
            Place::File => "the credentials file",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CredentialError {
    #[error("{}: {}", .0.display(), .1)]
    File(PathBuf, String),
    #[error("there is no config folder to keep credentials in; set {CONFIG_DIR_ENV}")]
    NoConfigDir,
    #[error("the credential is not for a {0} site")]
    WrongKind(&'static str),
}

/// The keeper of credentials: the keyring when one answers, else the file.
#[derive(Debug, Clone)]
pub struct Vault {
    /// The fallback file (`<config>/credentials.ron`).
    file: Option<PathBuf>,
    /// Whether to try the desktop's keyring (off in tests, which must not
    /// touch the user's).
    keyring: bool,
    /// Whether the `COPYDESK_*` variables count.
    environment: bool,
}

impl Default for Vault {
    /// The user's: environment, keyring, then `<config>/credentials.ron`.
    fn default() -> Vault {
        let file = match std::env::var_os(CONFIG_DIR_ENV) {
            Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir).join(FILE_NAME)),
            _ => directories::ProjectDirs::from("", "", "Copydesk").map(|d| d.config_dir().join(FILE_NAME)),
        };
        Vault { file, keyring: true, environment: true }
    }
}

/// Keyring entries are named by this service and the target's key.
const KEYRING_SERVICE: &str = "Copydesk CMS";

impl Vault {
    /// A vault of one file and nothing else (tests, the benchmark).
    pub fn file_only(path: impl Into<PathBuf>) -> Vault {
        Vault { file: Some(path.into()), keyring: false, environment: false }
    }

    /// The credential for `target`: the environment's first, then the
    /// keyring's, then the file's. `None` when none is kept.
    pub fn find(&self, target: &Target) -> Result<Option<(Credential, Place)>, CredentialError> {
        if self.environment
            && let Some(found) = from_environment(target.kind)
        {
            return Ok(Some((found, Place::Environment)));
        }
        if self.keyring
            && let Some(found) = keyring_get(&key_of(target))
            && found.kind() == target.kind
        {
            return Ok(Some((found, Place::Keyring)));
        }
        let Some(file) = &self.file else { return Ok(None) };
        Ok(read_file(file)?
            .remove(&key_of(target))
            .filter(|c| c.kind() == target.kind)
            .map(|c| (c, Place::File)))
    }

    /// Keeps `credential` for `target`: in the keyring when it answers,
    /// else in the file (created 0600). Says where.
    pub fn keep(&self, target: &Target, credential: &Credential) -> Result<Place, CredentialError> {
        if credential.kind() != target.kind {
            return Err(CredentialError::WrongKind(target.kind.label()));
        }
        if self.keyring && keyring_set(&key_of(target), credential) {
            return Ok(Place::Keyring);
        }
        let file = self.file.as_ref().ok_or(CredentialError::NoConfigDir)?;
        let mut all = read_file(file)?;
        all.insert(key_of(target), credential.clone());
        write_file(file, &all)?;
        Ok(Place::File)
    }

    /// Forgets what is kept for `target` (after the CMS refused it).
    pub fn forget(&self, target: &Target) -> Result<(), CredentialError> {
        if self.keyring
            && let Ok(entry) = keyring::Entry::new(KEYRING_SERVICE, &key_of(target))
        {
            let _ = entry.delete_credential();
        }
        let Some(file) = &self.file else { return Ok(()) };
        let mut all = read_file(file)?;
        if all.remove(&key_of(target)).is_some() {
            write_file(file, &all)?;
        }
        Ok(())
    }
}

/// The credential the `COPYDESK_*` variables give for `kind`.
pub fn from_environment(kind: CmsKind) -> Option<Credential> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    match kind {
        CmsKind::WordPress => Some(Credential::WordPress {
            user: var(WP_USER_ENV)?,
            app_password: Secret::new(var(WP_PASSWORD_ENV)?),
        }),
        CmsKind::Ghost => Some(Credential::Ghost { admin_key: Secret::new(var(GHOST_KEY_ENV)?) }),
    }
}

/// A target's name in the keyring and the file: its kind and address (two
/// desks naming the same site differently share its credential).
fn key_of(target: &Target) -> String {
    format!("{} {}", target.kind.label(), target.base())
}

fn keyring_get(key: &str) -> Option<Credential> {
    let entry = keyring::Entry::new(KEYRING_SERVICE, key).ok()?;
    let text = entry.get_password().ok()?;
    ron::from_str(&text).ok()
}

fn keyring_set(key: &str, credential: &Credential) -> bool {
    let Ok(text) = ron::to_string(credential) else { return false };
    keyring::Entry::new(KEYRING_SERVICE, key).and_then(|entry| entry.set_password(&text)).is_ok()
}

type Kept = BTreeMap<String, Credential>;

fn read_file(path: &Path) -> Result<Kept, CredentialError> {
    if !path.exists() {
        return Ok(Kept::new());
    }
    let bytes = store::read_limited(path).map_err(|e| CredentialError::File(path.into(), e.to_string()))?;
    let text =
        String::from_utf8(bytes).map_err(|_| CredentialError::File(path.into(), "not UTF-8 text".into()))?;
    // The parser's message could quote the file, and so a secret: only
    // the position is passed on.
    ron::Options::default().from_str(&text).map_err(|error| {
        CredentialError::File(
            path.into(),
            format!(
                "line {}, column {}: not a credentials file",
                error.span.start.line, error.span.start.col
            ),
        )
    })
}

fn write_file(path: &Path, kept: &Kept) -> Result<(), CredentialError> {
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder).map_err(|e| CredentialError::File(folder.into(), e.to_string()))?;
    }
    let pretty = ron::ser::PrettyConfig::new().new_line("\n");
    let text = ron::ser::to_string_pretty(kept, pretty)
        .map_err(|_| CredentialError::File(path.into(), "cannot be written".into()))?;
    store::write_atomic_private(path, text.as_bytes())
        .map_err(|e| CredentialError::File(path.into(), e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target() -> Target {
        Target {
            name: "Courier".into(),
            kind: CmsKind::WordPress,
            url: "https://courier.example.org/".into(),
        }
    }

    #[test]
    fn a_secret_is_never_shown() {
        let credential =
            Credential::WordPress { user: "desk".into(), app_password: Secret::new("abcd efgh ijkl mnop") };
        let shown = format!("{credential:?}");
        assert!(!shown.contains("abcd"), "{shown}");
        assert!(shown.contains("desk"), "{shown}");
    }

    #[test]
    fn the_file_is_private_and_keyed_by_site() {
        let dir = tempfile::tempdir().expect("temp dir");
        let vault = Vault::file_only(dir.path().join("config/credentials.ron"));
        assert_eq!(vault.find(&target()).expect("reads"), None);
        let credential = Credential::WordPress { user: "desk".into(), app_password: Secret::new("pw one") };
        assert_eq!(vault.keep(&target(), &credential).expect("kept"), Place::File);
        let renamed = Target { name: "Other name".into(), ..target() };
        assert_eq!(vault.find(&renamed).expect("reads"), Some((credential, Place::File)));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join("config/credentials.ron"))
                .expect("meta")
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let ghost = Target { kind: CmsKind::Ghost, ..target() };
        assert_eq!(vault.find(&ghost).expect("reads"), None, "another kind of site");
        assert!(vault.keep(&ghost, &Credential::Ghost { admin_key: Secret::new("a:00") }).is_ok());
        vault.forget(&target()).expect("forgets");
        assert_eq!(vault.find(&target()).expect("reads"), None);
        assert!(vault.find(&ghost).expect("reads").is_some(), "the other stays");
    }

    #[test]
    fn a_broken_file_does_not_quote_itself() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("credentials.ron");
        std::fs::write(&path, "{\"x\": WordPress(user: \"u\", app_password: \"hunter2\"").expect("write");
        let error = Vault::file_only(&path).find(&target()).expect_err("broken").to_string();
        assert!(!error.contains("hunter2"), "{error}");
    }

    #[test]
    fn ghost_keys_are_checked_for_shape() {
        let key = |k: &str| Credential::Ghost { admin_key: Secret::new(k) }.problem();
        assert_eq!(key("6b15:0a1b"), None);
        assert!(key("no-colon").is_some());
        assert!(key("id:xyz").is_some());
    }
}
