//! Times as editors type them: "today 5pm", "tomorrow 09:30", "noon",
//! "friday 15:00", "next friday 3pm", "in 2 hours", "tomorrow morning",
//! "March 10 2026 17:00", "10 Mar 2026", "2026-03-10 17:00" or RFC 3339,
//! read in a time zone (the desk's, unless the text names one: "UTC",
//! "+02:00", an abbreviation such as "EST" or "CET", or a zone name such as
//! "Europe/Kyiv"). Article files keep RFC 3339 in UTC only; this is how a
//! field gets there.

use jiff::civil::{Date, Time, Weekday};
use jiff::tz::{Offset, TimeZone};
use jiff::{Timestamp, ToSpan, ZonedDateTime as Zoned};

/// Why a text is not a time, in words for the field's message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "“{text}” is not a time: {why}. Try “today 5pm”, “friday 15:00”, “March 10 2026 17:00” or 2026-03-10T17:00:00Z"
)]
pub struct WhenError {
    pub text: String,
    pub why: String,
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

const WEEKDAYS: [(&str, Weekday); 7] = [
    ("monday", Weekday::Monday),
    ("tuesday", Weekday::Tuesday),
    ("wednesday", Weekday::Wednesday),
    ("thursday", Weekday::Thursday),
    ("friday", Weekday::Friday),
    ("saturday", Weekday::Saturday),
    ("sunday", Weekday::Sunday),
];

/// Zone abbreviations newsrooms write after a time, as the offsets they
/// name (an abbreviation names one offset: "15:00 EST" is UTC-5 in July
/// too). Ambiguous ones (IST, CST in Asia) are left out on purpose.
const ABBREVIATIONS: [(&str, i32); 27] = [
    ("hst", -10 * 60),
    ("akst", -9 * 60),
    ("akdt", -8 * 60),
    ("pst", -8 * 60),
    ("pdt", -7 * 60),
    ("mst", -7 * 60),
    ("mdt", -6 * 60),
    ("cst", -6 * 60),
    ("cdt", -5 * 60),
    ("est", -5 * 60),
    ("edt", -4 * 60),
    ("ast", -4 * 60),
    ("wet", 0),
    ("west", 60),
    ("bst", 60),
    ("cet", 60),
    ("cest", 2 * 60),
    ("eet", 2 * 60),
    ("eest", 3 * 60),
    ("msk", 3 * 60),
    ("gst", 4 * 60),
    ("sgt", 8 * 60),
    ("hkt", 8 * 60),
    ("jst", 9 * 60),
    ("kst", 9 * 60),
    ("aest", 10 * 60),
    ("aedt", 11 * 60),
];

/// Parts of the day, as the hour a desk means by them.
const PARTS_OF_DAY: [(&str, i8); 5] =
    [("morning", 9), ("afternoon", 15), ("evening", 18), ("tonight", 21), ("night", 21)];

/// Reads `text` as an instant; `now` gives "today", "in 2 hours" and the
/// time zone a text without one is read in.
pub fn parse(text: &str, now: &Zoned) -> Result<Timestamp, WhenError> {
    let fail = |why: &str| WhenError { text: text.trim().to_string(), why: why.to_string() };
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(fail("it is empty"));
    }
    if let Ok(at) = trimmed.parse::<Timestamp>() {
        return Ok(at);
    }
    let lowered = trimmed.to_lowercase().replace(',', " ");
    let mut words: Vec<&str> = lowered.split_whitespace().filter(|w| *w != "at" && *w != "on").collect();
    if words == ["now"] {
        return Ok(now.timestamp());
    }
    if let Some(later) = relative(&words, now) {
        return later.ok_or_else(|| fail("that is too far off"));
    }
    let zone = take_zone(&mut words).unwrap_or_else(|| now.time_zone().clone());
    let today = now.with_time_zone(zone.clone()).date();
    let (date, rest) = match take_date(&words, today) {
        Some(found) => found,
        // A time alone ("noon", "3pm") is today's.
        None if !words.is_empty() && take_time(&words).is_some() => (today, words.as_slice()),
        None => return Err(fail("no date in it")),
    };
    let time = match rest {
        [] => Time::midnight(),
        words => take_time(words).ok_or_else(|| fail("the time is not one like 17:00, 5pm or noon"))?,
    };
    date.to_datetime(time)
        .to_zoned_datetime(zone)
        .map(|zoned| zoned.timestamp())
        .map_err(|_| fail("that time does not exist there"))
}

/// "in 2 hours", "in 30 minutes", "in 3 days": `None` when the words are
/// not of that shape, `Some(None)` when the span is out of range.
fn relative(words: &[&str], now: &Zoned) -> Option<Option<Timestamp>> {
    let (count, unit) = match words {
        ["in", "an" | "a", unit] => (1, *unit),
        ["in", count, unit] => (count.parse::<i64>().ok()?, *unit),
        _ => return None,
    };
    let span = match unit.trim_end_matches('s') {
        "minute" | "min" => count.minutes(),
        "hour" | "hr" => count.hours(),
        "day" => count.days(),
        "week" => count.weeks(),
        _ => return None,
    };
    Some(now.checked_add(span).ok().map(|later| later.timestamp()))
}

/// A trailing zone names the time zone: `Z`, `UTC`, `GMT`, an offset such
/// as `+02:00`, an abbreviation (`EST`, `CET`) or a zone name
/// (`Europe/Kyiv`).
fn take_zone(words: &mut Vec<&str>) -> Option<TimeZone> {
    let last = *words.last()?;
    let zone = match last {
        "z" | "utc" | "gmt" => TimeZone::UTC,
        offset if offset.starts_with(['+', '-']) => {
            let (sign, digits) = offset.split_at(1);
            let (hours, minutes) = digits.split_once(':').unwrap_or((digits, "0"));
            let hours: i32 = hours.parse().ok().filter(|h| *h <= 14)?;
            let minutes: i32 = minutes.parse().ok().filter(|m| *m < 60)?;
            let seconds = (hours * 3600 + minutes * 60) * if sign == "-" { -1 } else { 1 };
            TimeZone::fixed(Offset::from_seconds(seconds).ok()?)
        }
        name if name.contains('/') => TimeZone::get(name).ok()?,
        abbreviation => {
            let (_, minutes) = ABBREVIATIONS.iter().find(|(name, _)| *name == abbreviation)?;
            TimeZone::fixed(Offset::from_seconds(minutes * 60).ok()?)
        }
    };
    words.pop();
    Some(zone)
}

fn month(word: &str) -> Option<i8> {
    let word = word.trim_end_matches('.');
    if word.len() < 3 {
        return None;
    }
    MONTHS.iter().position(|m| m.starts_with(word)).map(|i| i as i8 + 1)
}

fn weekday(word: &str) -> Option<Weekday> {
    let word = word.trim_end_matches('.');
    if word.len() < 3 {
        return None;
    }
    WEEKDAYS.iter().find(|(name, _)| name.starts_with(word)).map(|(_, day)| *day)
}

fn day(word: &str) -> Option<i8> {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

fn year(word: &str) -> Option<i16> {
    word.parse().ok().filter(|y| (1000..=9999).contains(y))
}

/// The date at the start of `words`, and the words after it.
fn take_date<'a, 'w>(words: &'a [&'w str], today: Date) -> Option<(Date, &'a [&'w str])> {
    let (first, rest) = words.split_first()?;
    let relative = match *first {
        "today" | "tonight" => Some(0),
        "tomorrow" => Some(1),
        "yesterday" => Some(-1),
        _ => None,
    };
    if let Some(days) = relative {
        // "tonight" says the time of day as well.
        let rest = if *first == "tonight" { &words[..1] } else { rest };
        return Some((today.checked_add(days.days()).ok()?, rest));
    }
    // Weekdays, as GNU date reads them: "friday" is today when today is a
    // Friday, else the coming one; "next friday" is the first after today;
    // "last friday" the last before it.
    let (which, day_word, rest) = match words {
        [which @ ("next" | "last" | "this"), day, rest @ ..] => (*which, *day, rest),
        [day, rest @ ..] => ("this", *day, rest),
        [] => return None,
    };
    if let Some(weekday) = weekday(day_word) {
        let date = match which {
            "next" => today.nth_weekday(1, weekday).ok()?,
            "last" => today.nth_weekday(-1, weekday).ok()?,
            _ if today.weekday() == weekday => today,
            _ => today.nth_weekday(1, weekday).ok()?,
        };
        return Some((date, rest));
    }
    // 2026-03-10 (perhaps glued to a time: 2026-03-10T17:00).
    if let Ok(date) = first.get(..10).unwrap_or(first).parse::<Date>() {
        if first.len() > 10 && first.as_bytes()[10] == b't' {
            return None;
        }
        return Some((date, rest));
    }
    let build = |y: i16, m: i8, d: i8| Date::new(y, m, d).ok();
    match words {
        // March 10 2026 / Mar 10th 2026
        [m, d, y, rest @ ..] if month(m).is_some() && day(d).is_some() && year(y).is_some() => {
            Some((build(year(y)?, month(m)?, day(d)?)?, rest))
        }
        // 10 March 2026
        [d, m, y, rest @ ..] if day(d).is_some() && month(m).is_some() && year(y).is_some() => {
            Some((build(year(y)?, month(m)?, day(d)?)?, rest))
        }
        // March 10 (this year)
        [m, d, rest @ ..] if month(m).is_some() && day(d).is_some() => {
            Some((build(today.year(), month(m)?, day(d)?)?, rest))
        }
        // 10 March (this year)
        [d, m, rest @ ..] if day(d).is_some() && month(m).is_some() => {
            Some((build(today.year(), month(m)?, day(d)?)?, rest))
        }
        _ => None,
    }
}

/// 17:00, 17:00:30, 5pm, 5:30 pm, noon, midnight, morning, evening.
fn take_time(words: &[&str]) -> Option<Time> {
    let joined = words.concat();
    match joined.as_str() {
        "noon" | "midday" => return Time::new(12, 0, 0, 0).ok(),
        "midnight" => return Some(Time::midnight()),
        part => {
            if let Some((_, hour)) = PARTS_OF_DAY.iter().find(|(name, _)| *name == part) {
                return Time::new(*hour, 0, 0, 0).ok();
            }
        }
    }
    let (clock, meridiem) = if let Some(clock) = joined.strip_suffix("am") {
        (clock, Some(false))
    } else if let Some(clock) = joined.strip_suffix("pm") {
        (clock, Some(true))
    } else {
        (joined.as_str(), None)
    };
    let mut parts = clock.split(':');
    let hour: i8 = parts.next()?.parse().ok()?;
    let minute: i8 = parts.next().map_or(Some(0), |m| m.parse().ok())?;
    let second: i8 = parts.next().map_or(Some(0), |s| s.parse().ok())?;
    if parts.next().is_some() {
        return None;
    }
    let hour = match meridiem {
        Some(pm) if (1..=12).contains(&hour) => hour % 12 + if pm { 12 } else { 0 },
        Some(_) => return None,
        None => hour,
    };
    Time::new(hour, minute, second, 0).ok()
}

/// An instant the way a person reads it, in `zone`: "Tue 10 Mar 2026 17:00 CET".
pub fn describe(at: Timestamp, zone: &TimeZone) -> String {
    at.to_zoned_datetime(zone.clone()).strftime("%a %-d %b %Y %H:%M %Z").to_string()
}

/// Now, to the second (what a person types into a time field).
pub fn now_seconds() -> jiff::Timestamp {
    let now = jiff::Timestamp::now();
    jiff::Timestamp::from_second(now.as_second()).unwrap_or(now)
}

/// Now in `zone`, to the second: what typed times are read against.
pub fn now_in(zone: &TimeZone) -> Zoned {
    now_seconds().to_zoned_datetime(zone.clone())
}

/// The time zone named `name` (a zone name such as "Europe/Kyiv"), or the
/// system's when there is no name; an unknown name says why.
pub fn zone_named(name: Option<&str>) -> Result<TimeZone, String> {
    match name.map(str::trim).filter(|n| !n.is_empty()) {
        None => Ok(TimeZone::system()),
        Some(name) => {
            TimeZone::get(name).map_err(|_| format!("“{name}” is not a time zone name like Europe/Kyiv"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> Zoned {
        // A fixed "now" in a zone an hour east of UTC, so local readings
        // show (a fixed offset: no time zone database needed). A Sunday.
        let zone = TimeZone::fixed(jiff::tz::offset(1));
        "2026-11-29T14:20:00"
            .parse::<jiff::civil::DateTime>()
            .expect("datetime")
            .to_zoned_datetime(zone)
            .expect("zoned")
    }

    fn read(text: &str) -> String {
        parse(text, &now()).map(|t| t.to_string()).unwrap_or_else(|e| format!("error: {e}"))
    }

    #[test]
    fn reads_what_editors_type() {
        assert_eq!(read("2026-01-27T09:30:00Z"), "2026-01-27T09:30:00Z");
        assert_eq!(read("today 5pm"), "2026-11-29T16:00:00Z");
        assert_eq!(read("Today at 5:30 PM"), "2026-11-29T16:30:00Z");
        assert_eq!(read("tomorrow 09:30"), "2026-11-30T08:30:00Z");
        assert_eq!(read("yesterday noon"), "2026-11-28T11:00:00Z");
        assert_eq!(read("March 10 2026 17:00"), "2026-03-10T16:00:00Z");
        assert_eq!(read("Mar 10, 2026 5pm"), "2026-03-10T16:00:00Z");
        assert_eq!(read("10 March 2026"), "2026-03-09T23:00:00Z");
        assert_eq!(read("2026-03-10 17:00"), "2026-03-10T16:00:00Z");
        assert_eq!(read("2026-03-10 17:00 UTC"), "2026-03-10T17:00:00Z");
        assert_eq!(read("july 4 9am +02:00"), "2026-07-04T07:00:00Z");
        assert_eq!(read("now"), "2026-11-29T13:20:00Z");
    }

    #[test]
    fn reads_noon_weekdays_parts_of_the_day_and_spans() {
        // Sunday 29 November 2026, 14:20 at UTC+1.
        assert_eq!(read("noon"), "2026-11-29T11:00:00Z");
        assert_eq!(read("midnight"), "2026-11-28T23:00:00Z");
        assert_eq!(read("3pm"), "2026-11-29T14:00:00Z");
        assert_eq!(read("friday 15:00"), "2026-12-04T14:00:00Z");
        assert_eq!(read("next friday 3pm"), "2026-12-04T14:00:00Z");
        assert_eq!(read("sunday 18:00"), "2026-11-29T17:00:00Z", "a weekday that is today is today");
        assert_eq!(read("next sunday 18:00"), "2026-12-06T17:00:00Z");
        assert_eq!(read("last monday 9am"), "2026-11-23T08:00:00Z");
        assert_eq!(read("Fri 9:30"), "2026-12-04T08:30:00Z");
        assert_eq!(read("tomorrow morning"), "2026-11-30T08:00:00Z");
        assert_eq!(read("tomorrow evening"), "2026-11-30T17:00:00Z");
        assert_eq!(read("tonight"), "2026-11-29T20:00:00Z");
        assert_eq!(read("in 2 hours"), "2026-11-29T15:20:00Z");
        assert_eq!(read("in 30 minutes"), "2026-11-29T13:50:00Z");
        assert_eq!(read("in a week"), "2026-12-06T13:20:00Z");
    }

    #[test]
    fn reads_zone_abbreviations_and_names() {
        assert_eq!(read("Friday 15:00 EST"), "2026-12-04T20:00:00Z");
        assert_eq!(read("friday 15:00 CET"), "2026-12-04T14:00:00Z");
        assert_eq!(read("2026-07-01 09:00 PDT"), "2026-07-01T16:00:00Z");
        assert_eq!(read("March 10 2026 17:00 Europe/Kyiv"), "2026-03-10T15:00:00Z");
        assert_eq!(read("July 10 2026 17:00 Europe/Kyiv"), "2026-07-10T14:00:00Z", "summer time there");
        assert!(read("friday 15:00 Mars/Olympus").starts_with("error: "));
        assert_eq!(
            zone_named(Some("Europe/Kyiv")).map(|z| z.iana_name().map(str::to_string)),
            Ok(Some("Europe/Kyiv".into()))
        );
        assert!(zone_named(Some("Atlantis")).is_err());
        assert!(zone_named(None).is_ok());
    }

    #[test]
    fn says_why_a_text_is_not_a_time() {
        for text in [
            "",
            "next blursday",
            "March 32 2026",
            "today 25:00",
            "today 13pm",
            "2026-02-30",
            "in 2 fortnights",
        ] {
            let read = read(text);
            assert!(read.starts_with("error: "), "{text:?} read as {read}");
        }
        let error = parse("soon", &now()).expect_err("not a time");
        assert!(error.to_string().contains("“soon” is not a time"), "{error}");
    }

    #[test]
    fn describes_in_the_editors_zone() {
        let at: Timestamp = "2026-03-10T16:00:00Z".parse().expect("timestamp");
        assert_eq!(describe(at, now().time_zone()), "Tue 10 Mar 2026 17:00 +01");
    }
}
