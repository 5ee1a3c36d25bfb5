//! Dates as static-site generators and news pages write them: RFC 3339,
//! Hugo's and TOML's date-only and local forms, Jekyll's
//! `2026-01-27 09:30:00 +0200`, and the long forms pages print
//! (`January 27, 2026`).

use jiff::civil::{Date, DateTime};
use jiff::fmt::strtime;
use jiff::{Timestamp, tz::TimeZone};

/// A parsed date and what had to be assumed to make it an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parsed {
    pub at: Timestamp,
    pub assumed: Option<Assumed>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Assumed {
    /// A date without a time: midnight UTC.
    Midnight,
    /// A time without a zone: UTC.
    Utc,
}

impl Assumed {
    pub fn describe(self) -> &'static str {
        match self {
            Assumed::Midnight => "a date without a time, read as midnight UTC",
            Assumed::Utc => "a time without a zone, read as UTC",
        }
    }
}

/// Reads a date in any of the forms above; `None` when it is none of them.
pub fn parse(text: &str) -> Option<Parsed> {
    let text = text.trim();
    if text.is_empty() || text.len() > 64 {
        return None;
    }
    // "UTC"/"GMT" spelled out is the same as "Z".
    let text = text
        .strip_suffix(" UTC")
        .or_else(|| text.strip_suffix(" GMT"))
        .map_or_else(|| text.to_string(), |rest| format!("{}Z", rest.trim_end()));
    let exact = |at: Timestamp| Some(Parsed { at, assumed: None });
    if let Ok(at) = text.parse::<Timestamp>() {
        return exact(at);
    }
    for format in ["%Y-%m-%d %H:%M:%S %z", "%Y-%m-%d %H:%M %z", "%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%d %H:%M:%S%z"]
    {
        if let Ok(at) = strtime::parse(format, &text).and_then(|tm| tm.to_timestamp()) {
            return exact(at);
        }
    }
    // jiff reads a bare date as a datetime at midnight; say which it was.
    if !text.contains(':')
        && let Ok(date) = text.parse::<Date>()
    {
        return in_utc(date.to_datetime(jiff::civil::Time::midnight()), Assumed::Midnight);
    }
    if let Ok(datetime) = text.parse::<DateTime>() {
        return in_utc(datetime, Assumed::Utc);
    }
    // Long forms a page prints, with or without a time.
    let long = text.replace(" at ", " ");
    for format in ["%B %d, %Y %H:%M", "%b %d, %Y %H:%M", "%d %B %Y %H:%M", "%b. %d, %Y %H:%M"] {
        if let Ok(datetime) = strtime::parse(format, &long).and_then(|tm| tm.to_datetime()) {
            return in_utc(datetime, Assumed::Utc);
        }
    }
    for format in ["%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%b. %d, %Y"] {
        if let Ok(date) = strtime::parse(format, &long).and_then(|tm| tm.to_date()) {
            return in_utc(date.to_datetime(jiff::civil::Time::midnight()), Assumed::Midnight);
        }
    }
    None
}

fn in_utc(datetime: DateTime, assumed: Assumed) -> Option<Parsed> {
    let at = TimeZone::UTC.to_timestamp(datetime).ok()?;
    Some(Parsed { at, assumed: Some(assumed) })
}
