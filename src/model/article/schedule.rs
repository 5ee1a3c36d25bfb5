//! When a story may run: an embargo holds it until a time, and a Published
//! story whose publication time is still ahead is scheduled. The clock is
//! always passed in, so exports, the desk list and the tests agree on
//! "now" and no test waits on the wall clock.

use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::{Article, Status};
use crate::model::when;

/// Why a story is not out yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hold {
    /// `embargo_until` is ahead.
    Embargoed(Timestamp),
    /// Published, with `published_at` ahead.
    Scheduled(Timestamp),
}

impl Hold {
    /// The time the story is held until.
    pub fn until(self) -> Timestamp {
        match self {
            Hold::Embargoed(at) | Hold::Scheduled(at) => at,
        }
    }

    /// For the desk list and the status bar, in the desk's time zone:
    /// "Embargoed until Tue 10 Mar 2026 17:00 CET".
    pub fn describe(self, zone: &TimeZone) -> String {
        match self {
            Hold::Embargoed(at) => format!("Embargoed until {}", when::describe(at, zone)),
            Hold::Scheduled(at) => format!("Scheduled for {}", when::describe(at, zone)),
        }
    }

    /// For export reports, in UTC: "embargoed until 2026-03-10T17:00:00Z".
    pub fn reason(self) -> String {
        match self {
            Hold::Embargoed(at) => format!("embargoed until {at}"),
            Hold::Scheduled(at) => format!("scheduled for {at}"),
        }
    }
}

/// What holds `article` back at `now`, if anything. An embargo comes
/// first: a scheduled story under embargo waits for the later of the two,
/// and the embargo is the rule that must not be broken.
pub fn hold(article: &Article, now: Timestamp) -> Option<Hold> {
    hold_of(article.embargo_until, article.status, article.published_at, now)
}

/// [`hold`] from the three fields it reads (a desk index entry has them).
pub fn hold_of(
    embargo_until: Option<Timestamp>,
    status: Status,
    published_at: Option<Timestamp>,
    now: Timestamp,
) -> Option<Hold> {
    if let Some(until) = embargo_until
        && until > now
    {
        return Some(Hold::Embargoed(until));
    }
    match published_at {
        Some(at) if status == Status::Published && at > now => Some(Hold::Scheduled(at)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap_or(Timestamp::UNIX_EPOCH)
    }

    #[test]
    fn an_embargo_holds_until_its_time_and_a_future_publication_is_scheduled() {
        let mut article = Article { embargo_until: Some(at("2026-03-10T17:00:00Z")), ..Article::default() };
        assert_eq!(
            hold(&article, at("2026-03-10T16:59:59Z")),
            Some(Hold::Embargoed(at("2026-03-10T17:00:00Z")))
        );
        assert_eq!(hold(&article, at("2026-03-10T17:00:00Z")), None);
        article.embargo_until = None;
        article.published_at = Some(at("2026-03-11T06:00:00Z"));
        assert_eq!(hold(&article, at("2026-03-10T20:00:00Z")), None, "a draft is not scheduled");
        article.status = Status::Published;
        let scheduled = hold(&article, at("2026-03-10T20:00:00Z"));
        assert_eq!(scheduled, Some(Hold::Scheduled(at("2026-03-11T06:00:00Z"))));
        assert_eq!(
            scheduled.map(|h| h.describe(&TimeZone::fixed(jiff::tz::offset(1)))).as_deref(),
            Some("Scheduled for Wed 11 Mar 2026 07:00 +01")
        );
        assert_eq!(hold(&article, at("2026-03-11T06:00:00Z")), None);
    }
}
