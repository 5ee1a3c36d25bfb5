//! Find and replace in the open article: the bar over the body (Ctrl+F,
//! Ctrl+H), every match marked in the editor, "3 of 17", F3 and Shift+F3,
//! Replace and Replace All (one undo step). With *Fields* on it also looks
//! in the headline, dek and related teasers.

pub(crate) mod desk;

use std::ops::Range;
use std::sync::Arc;

use egui::{Key, Modifiers, RichText};

use crate::app::CopydeskApp;
use crate::editing::document::Document;
use crate::model::article::Field;
use crate::model::find::{Finder, Query};

/// Where a match is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Headline,
    Dek,
    Body,
    /// The teaser of related link `n`.
    Teaser(usize),
}

/// One match: where, and its byte range in that text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub place: Place,
    pub range: Range<usize>,
}

/// The open find bar.
#[derive(Default)]
pub struct FindBar {
    pub query: Query,
    pub replacement: String,
    pub replacing: bool,
    /// Look in the headline, dek and related teasers too.
    pub in_fields: bool,
    /// Which match is the current one.
    pub current: usize,
    /// Give the query field the keyboard next frame.
    pub focus: bool,
    /// The matches of the last (revision, query, fields) looked at.
    found: Option<Searched>,
}

/// A search and what it found: (document revision, query, in fields,
/// matches or why the query is not valid).
type Searched = (u64, Query, bool, Result<Arc<Found>, String>);

/// The matches of a query in a document.
#[derive(Debug, Default)]
pub struct Found {
    pub hits: Vec<Hit>,
    /// Character ranges of the body's matches, for marking them.
    pub body_chars: Vec<Range<usize>>,
    /// Index in `hits` of the first body match.
    pub first_body: usize,
}

impl FindBar {
    /// The matches in `doc` (computed once per change of text or query).
    pub fn found(&mut self, doc: &Document) -> Result<Arc<Found>, String> {
        let key = (doc.revision(), &self.query, self.in_fields);
        if let Some((revision, query, fields, found)) = &self.found
            && (*revision, query, *fields) == key
        {
            return found.clone();
        }
        let found = self.query.compile().map_err(|e| e.to_string()).map(|finder| {
            Arc::new(finder.map_or_else(Found::default, |finder| search(&finder, doc, self.in_fields)))
        });
        self.found = Some((doc.revision(), self.query.clone(), self.in_fields, found.clone()));
        found
    }
}

/// Every match in reading order: headline, dek, body, related teasers.
fn search(finder: &Finder, doc: &Document, in_fields: bool) -> Found {
    let fields = &doc.fields().article;
    let mut hits = Vec::new();
    let add = |hits: &mut Vec<Hit>, place: Place, text: &str| {
        hits.extend(finder.matches(text).into_iter().map(|range| Hit { place, range }));
    };
    if in_fields {
        add(&mut hits, Place::Headline, &fields.headline);
        add(&mut hits, Place::Dek, &fields.dek);
    }
    let first_body = hits.len();
    add(&mut hits, Place::Body, doc.body());
    if in_fields {
        for (index, link) in fields.related.iter().enumerate() {
            add(&mut hits, Place::Teaser(index), &link.teaser);
        }
    }
    // One walk over the body turns byte ranges into character ranges.
    let body = doc.body();
    let (mut chars, mut at) = (0, 0);
    let mut char_of = |offset: usize| {
        chars += body[at..offset].chars().count();
        at = offset;
        chars
    };
    let body_chars = hits
        .iter()
        .filter(|h| h.place == Place::Body)
        .map(|h| {
            let start = char_of(h.range.start);
            start..char_of(h.range.end)
        })
        .collect();
    Found { hits, body_chars, first_body }
}

/// The text a match lives in.
fn text_of(doc: &Document, place: Place) -> Option<&str> {
    let fields = &doc.fields().article;
    match place {
        Place::Headline => Some(&fields.headline),
        Place::Dek => Some(&fields.dek),
        Place::Body => Some(doc.body()),
        Place::Teaser(index) => fields.related.get(index).map(|r| r.teaser.as_str()),
    }
}

impl CopydeskApp {
    /// Opens the bar (with the replace row when `replacing`), keyboard in
    /// its query field.
    pub(crate) fn open_find(&mut self, replacing: bool) {
        let bar = self.find.get_or_insert_with(FindBar::default);
        bar.replacing |= replacing;
        bar.focus = true;
    }

    /// Moves to the next (or previous) match and shows it.
    pub(crate) fn find_step(&mut self, forward: bool) {
        if self.find.is_none() {
            self.open_find(false);
        }
        let Some(bar) = &mut self.find else { return };
        let Ok(found) = bar.found(self.workspace.doc()) else { return };
        let count = found.hits.len();
        if count == 0 {
            return;
        }
        bar.current = if forward { (bar.current + 1) % count } else { (bar.current + count - 1) % count };
        self.show_hit();
    }

    /// Puts the current match in view: selected in the body, or its field
    /// given the keyboard.
    fn show_hit(&mut self) {
        let Some(bar) = &mut self.find else { return };
        let Ok(found) = bar.found(self.workspace.doc()) else { return };
        let Some(hit) = found.hits.get(bar.current) else { return };
        match hit.place {
            Place::Body => self.workspace.view_mut().requests.select_body = Some(hit.range.clone()),
            Place::Headline => self.workspace.view_mut().requests.focus_field = Some(Field::Headline),
            Place::Dek => self.workspace.view_mut().requests.focus_field = Some(Field::Dek),
            Place::Teaser(index) => {
                self.workspace.view_mut().requests.focus_field = Some(Field::Related);
                self.workspace.view_mut().requests.focus_related = Some(index);
            }
        }
    }

    /// Replaces the current match, if it is still there, and moves on.
    pub(crate) fn replace_current(&mut self) {
        let Some(bar) = &mut self.find else { return };
        let (Ok(found), Ok(Some(finder))) = (bar.found(self.workspace.doc()), bar.query.compile()) else {
            return;
        };
        let Some(hit) = found.hits.get(bar.current).cloned() else { return };
        let doc = self.workspace.doc_mut();
        let Some(text) = text_of(doc, hit.place) else { return };
        let with = finder.replacement(text, hit.range.clone(), &bar.replacement);
        match hit.place {
            Place::Body => {
                doc.replace_body(hit.range.clone(), &with);
            }
            place => doc.edit_fields(|fields| {
                let article = &mut fields.article;
                let text = match place {
                    Place::Headline => &mut article.headline,
                    Place::Dek => &mut article.dek,
                    Place::Teaser(index) => match article.related.get_mut(index) {
                        Some(link) => &mut link.teaser,
                        None => return,
                    },
                    Place::Body => return,
                };
                if text.get(hit.range.clone()).is_some() {
                    text.replace_range(hit.range.clone(), &with);
                }
            }),
        }
        // The next match now has this one's number.
        self.show_hit();
    }

    /// Replaces every match, as one undo step.
    pub(crate) fn replace_all(&mut self) {
        let Some(bar) = &self.find else { return };
        let Ok(Some(finder)) = bar.query.compile() else { return };
        let (with, in_fields) = (bar.replacement.clone(), bar.in_fields);
        let mut total = 0;
        self.workspace.doc_mut().edit_as_one_step(|fields, body| {
            let (new_body, count) = finder.replace_all(body, &with);
            if count > 0 {
                *body = new_body;
            }
            total += count;
            if in_fields {
                let article = &mut fields.article;
                let teasers = article.related.iter_mut().map(|r| &mut r.teaser);
                for text in [&mut article.headline, &mut article.dek].into_iter().chain(teasers) {
                    let (new_text, count) = finder.replace_all(text, &with);
                    *text = new_text;
                    total += count;
                }
            }
        });
        self.notify(false, format!("Replaced {}.", crate::app::count(total, "match", "matches")));
    }

    /// The bar over the body.
    pub(crate) fn find_bar_ui(&mut self, ui: &mut egui::Ui) {
        let doc = self.workspace.doc();
        let Some(bar) = &mut self.find else { return };
        let mut action = None;
        // Escape closes the bar from anywhere but a dialog, which gets it first.
        if self.modal.is_none() && ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape)) {
            action = Some(Action::Close);
        }
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                let label = ui.label("Find");
                let field = ui
                    .add(
                        egui::TextEdit::singleline(&mut bar.query.text)
                            .desired_width(200.0)
                            .id(egui::Id::unique("find-query")),
                    )
                    .labelled_by(label.id);
                if std::mem::take(&mut bar.focus) {
                    field.request_focus();
                }
                if field.changed() {
                    bar.current = 0;
                }
                if field.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
                    action =
                        Some(if ui.input(|i| i.modifiers.shift) { Action::Previous } else { Action::Next });
                    field.request_focus();
                }
                for (on, name, hint) in [
                    (&mut bar.query.match_case, "Match case", "Upper and lower case must match"),
                    (&mut bar.query.whole_word, "Whole word", "Only whole words match"),
                    (
                        &mut bar.query.regex,
                        "Regex",
                        "The text is a regular expression; $1 in the replacement is its first group",
                    ),
                    (&mut bar.in_fields, "Fields", "Look in the headline, dek and related teasers too"),
                ] {
                    if ui.toggle_value(on, name).on_hover_text(hint).changed() {
                        bar.current = 0;
                    }
                }
            });
            let found = bar.found(doc);
            ui.horizontal_wrapped(|ui| {
                match &found {
                    Ok(found) if bar.query.text.is_empty() => {
                        let _ = found;
                        ui.label(RichText::new("Type to find").weak());
                    }
                    Ok(found) if found.hits.is_empty() => {
                        ui.label(RichText::new("No matches").color(ui.visuals().warn_fg_color));
                    }
                    Ok(found) => {
                        bar.current = bar.current.min(found.hits.len() - 1);
                        ui.label(format!("{} of {}", bar.current + 1, found.hits.len()));
                    }
                    Err(error) => {
                        let text = RichText::new(error.as_str()).color(ui.visuals().error_fg_color);
                        ui.add(egui::Label::new(text).wrap());
                    }
                }
                if ui.button("Previous").on_hover_text("Shift+F3").clicked() {
                    action = Some(Action::Previous);
                }
                if ui.button("Next").on_hover_text("F3").clicked() {
                    action = Some(Action::Next);
                }
                if ui.button("Close").on_hover_text("Escape").clicked() {
                    action = Some(Action::Close);
                }
            });
            if bar.replacing {
                ui.horizontal_wrapped(|ui| {
                    let label = ui.label("Replace with");
                    let field = ui
                        .add(egui::TextEdit::singleline(&mut bar.replacement).desired_width(200.0))
                        .labelled_by(label.id);
                    // Enter in the replacement replaces the current match.
                    if (field.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)))
                        || ui.button("Replace").clicked()
                    {
                        action = Some(Action::Replace);
                    }
                    if ui.button("Replace All").clicked() {
                        action = Some(Action::ReplaceAll);
                    }
                });
            }
        });
        match action {
            Some(Action::Next) => self.find_step(true),
            Some(Action::Previous) => self.find_step(false),
            Some(Action::Replace) => self.replace_current(),
            Some(Action::ReplaceAll) => self.replace_all(),
            Some(Action::Close) => {
                self.find = None;
                self.workspace.view_mut().requests.cursor_to = None;
                self.ctx.memory_mut(|m| {
                    m.request_focus(crate::app::editor::body_id(self.workspace.active_key()))
                });
            }
            None => {}
        }
    }

    /// The body's matches (character ranges) and the current one's index
    /// among them, for the editor to mark.
    pub(crate) fn body_matches(&mut self) -> Option<(Arc<Found>, Option<usize>)> {
        let bar = self.find.as_mut()?;
        let found = bar.found(self.workspace.doc()).ok()?;
        let current = bar.current.checked_sub(found.first_body).filter(|&i| i < found.body_chars.len());
        Some((found, current))
    }
}

enum Action {
    Next,
    Previous,
    Replace,
    ReplaceAll,
    Close,
}
