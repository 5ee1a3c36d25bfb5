//! What a desk decides about its house style in `desk.ron`: which dash
//! `--` becomes, and which of the typography, grammar and house-style
//! (Vale) checks run. The Vale rules themselves live in the desk's
//! `.vale.ini` and styles folder (see `house`).

use serde::{Deserialize, Serialize};

/// The dash a typed `--` becomes, as the desk's stylebook says.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Dash {
    /// "word — word": an em dash with a space each side (AP).
    #[default]
    SpacedEm,
    /// "word—word": an em dash closed up (Chicago).
    ClosedEm,
    /// "word – word": an en dash with a space each side (many British desks).
    SpacedEn,
}

impl Dash {
    pub fn mark(self) -> char {
        match self {
            Dash::SpacedEm | Dash::ClosedEm => '—',
            Dash::SpacedEn => '–',
        }
    }

    pub fn spaced(self) -> bool {
        !matches!(self, Dash::ClosedEm)
    }
}

/// The desk's style switches (`style: Style(..)` in `desk.ron`). Every
/// check is on unless the desk turns it off, except grammar: Harper costs
/// seconds on a long story's first check, tens of milliseconds a keystroke
/// and about 250 MB, far over the budgets the other checks keep, so a desk
/// turns it on (`grammar: true`) knowing that.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Style {
    pub dash: Dash,
    /// Quotes, apostrophes, dashes, ellipses and double spaces.
    pub typography: bool,
    /// English grammar (Harper); off unless the desk turns it on.
    pub grammar: bool,
    /// Harper rules the desk does not want, by name (e.g. "LongSentences").
    pub grammar_off: Vec<String>,
    /// The Vale styles named by the desk's `.vale.ini`.
    pub house_style: bool,
}

impl Default for Style {
    fn default() -> Self {
        Style {
            dash: Dash::default(),
            typography: true,
            grammar: false,
            grammar_off: Vec::new(),
            house_style: true,
        }
    }
}

impl Style {
    /// True when nothing differs from the defaults (`desk.ron` then leaves
    /// the setting out).
    pub fn is_default(&self) -> bool {
        *self == Style::default()
    }
}
