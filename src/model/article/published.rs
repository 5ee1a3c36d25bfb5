//! What happens to an article after it runs (format 3): the corrections,
//! updates and editor's notes appended at its foot, and where it was
//! published (the CMS posts it became).

use serde::{Deserialize, Serialize};

use super::rfc3339;

/// A correction, update or editor's note appended to a published story.
/// Merges key on `at` and `kind` together: two editors appending at the
/// same second is the only way two entries share a key.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Correction {
    #[serde(with = "rfc3339::required")]
    pub at: jiff::Timestamp,
    pub kind: CorrectionKind,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum CorrectionKind {
    Correction,
    Update,
    EditorsNote,
}

impl CorrectionKind {
    pub const ALL: [CorrectionKind; 3] =
        [CorrectionKind::Correction, CorrectionKind::Update, CorrectionKind::EditorsNote];

    /// As the page prints it ("Correction, March 11, 2026: …").
    pub fn label(self) -> &'static str {
        match self {
            CorrectionKind::Correction => "Correction",
            CorrectionKind::Update => "Update",
            CorrectionKind::EditorsNote => "Editor's Note",
        }
    }
}

/// One CMS post the article became. Machine state kept for the next
/// publish: never a credential. Merges key on `target`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Publication {
    /// The desk's name for the target (`desk.ron`'s `publish` list).
    pub target: String,
    /// The post's id in that CMS.
    pub remote_id: String,
    /// The post's public address.
    pub url: String,
    /// The post's modified time as the CMS reported it at our last publish:
    /// a later one means someone changed the post there since.
    #[serde(with = "rfc3339::required")]
    pub remote_modified: jiff::Timestamp,
}
