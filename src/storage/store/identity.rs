//! The article id rule (format 3), applied on the way to disk: an article
//! gets its id at its first save and keeps it for life (a save, a rename or
//! a slug change keeps it); Save As makes a new article, so the copy gets a
//! new id and the original keeps its own. An import has none until saved.
//! `store::save` itself writes exactly what it is given (team merges,
//! renames of linking articles and `fmt` change no one's identity).

use std::path::Path;

use super::{Fingerprint, SaveError, save_checked};
use crate::model::article::{Article, new_id};

/// What a save makes of the article it writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saving {
    /// The same article (Save, a rename): its id is kept, or given now if
    /// this is its first save.
    Same,
    /// A new article from this one (Save As, an import written to a file):
    /// always a new id, so two files never share one.
    Copy,
}

/// Gives `article` the id `saving` calls for; returns it.
pub fn identify(article: &mut Article, saving: Saving) -> &str {
    if saving == Saving::Copy {
        article.id = None;
    }
    article.id.get_or_insert_with(new_id)
}

/// Saves the editor's article: the id rule ([`identify`]), then
/// [`save_checked`]. `article` holds its id afterwards, saved or not; the
/// caller keeps it only when the save succeeded.
pub fn save_article(
    path: &Path,
    article: &mut Article,
    saving: Saving,
    expected: Option<&Fingerprint>,
) -> Result<Fingerprint, SaveError> {
    identify(article, saving);
    save_checked(path, article, expected)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::store::{load, tests::sample};

    #[test]
    fn the_first_save_gives_an_id_later_saves_keep_it_and_save_as_changes_it() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("story.ron");
        let mut article = Article { id: None, ..sample() };
        let first = save_article(&path, &mut article, Saving::Same, None).expect("first save");
        let id = article.id.clone().expect("given at the first save");
        assert_eq!(load(&path).expect("loads").id.as_ref(), Some(&id), "written to the file");

        article.headline.push_str(" Again");
        article.slug.push_str("-again");
        save_article(&path, &mut article, Saving::Same, Some(&first)).expect("second save");
        assert_eq!(article.id.as_ref(), Some(&id), "a save and a slug change keep it");
        assert_eq!(load(&path).expect("loads").id, Some(id.clone()));

        let copy = dir.path().join("copy.ron");
        let mut copied = article.clone();
        save_article(&copy, &mut copied, Saving::Copy, None).expect("save as");
        let copy_id = load(&copy).expect("loads").id.expect("the copy has an id");
        assert_ne!(copy_id, id, "Save As gives the copy a new id");
        assert_eq!(load(&path).expect("loads").id, Some(id), "the original keeps its own");
    }

    #[test]
    fn an_id_is_never_given_twice() {
        let mut article = Article::default();
        let id = identify(&mut article, Saving::Same).to_string();
        assert_eq!(identify(&mut article, Saving::Same), id);
        assert_ne!(identify(&mut article, Saving::Copy), id);
    }
}
