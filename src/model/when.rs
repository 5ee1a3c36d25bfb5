//! Times as editors type them: "today 5pm", "tomorrow 09:30", "March 10
//! 2026 17:00", "10 Mar 2026", "2026-03-10 17:00" or RFC 3339, read in a
//! time zone (the editor's, unless the text names one). Article files keep
//! RFC 3339 only; this is how a field gets there.

use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan, ZonedDateTime as Zoned};

/// Why a text is not a time, in words for the field's message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("“{text}” is not a time: {why}. Try “today 5pm”, “March 10 2026 17:00” or 2026-03-10T17:00:00Z")]
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

/// Reads `text` as an instant; `now` gives "today" and the time zone.
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
    let zone = take_zone(&mut words).unwrap_or_else(|| now.time_zone().clone());
    let today = now.with_time_zone(zone.clone()).date();
    let (date, rest) = take_date(&words, today).ok_or_else(|| fail("no date in it"))?;
    let time = match rest {
        [] => Time::midnight(),
        words => take_time(words).ok_or_else(|| fail("the time is not one like 17:00 or 5pm"))?,
    };
    date.to_datetime(time)
        .to_zoned_datetime(zone)
        .map(|zoned| zoned.timestamp())
        .map_err(|_| fail("that time does not exist there"))
}

/// A trailing `Z`, `UTC`, `GMT` or `+02:00` names the zone.
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
            TimeZone::fixed(jiff::tz::Offset::from_seconds(seconds).ok()?)
        }
        _ => return None,
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
        "today" => Some(0),
        "tomorrow" => Some(1),
        "yesterday" => Some(-1),
        _ => None,
    };
    if let Some(days) = relative {
        return Some((today.checked_add(days.days()).ok()?, rest));
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

/// 17:00, 17:00:30, 5pm, 5:30 pm, noon, midnight.
fn take_time(words: &[&str]) -> Option<Time> {
    let joined = words.concat();
    match joined.as_str() {
        "noon" | "midday" => return Time::new(12, 0, 0, 0).ok(),
        "midnight" => return Some(Time::midnight()),
        _ => {}
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

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> Zoned {
        // A fixed "now" in a zone an hour east of UTC, so local readings
        // show (a fixed offset: no time zone database needed).
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
    fn says_why_a_text_is_not_a_time() {
        for text in ["", "next Tuesday", "March 32 2026", "today 25:00", "today 13pm", "2026-02-30"] {
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
