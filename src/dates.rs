//! Dates, planning periods (`2026-Q3`) and review intervals (`90d`).
//!
//! Every date-dependent result takes "today" as an argument so builds can be
//! made reproducible with `--today`.

use chrono::{Days, Months, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

pub type Date = NaiveDate;

/// Parses `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Option<Date> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}

/// An inclusive span of days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Period {
    pub start: Date,
    pub end: Date,
}

impl Period {
    /// Parses `2026`, `2026-H2`, `2026-Q3` or `2026-09`.
    pub fn parse(text: &str) -> Option<Period> {
        let text = text.trim();
        let (year, rest) = match text.split_once('-') {
            Some((y, r)) => (y, Some(r)),
            None => (text, None),
        };
        let year: i32 = year.parse().ok().filter(|y| (1000..=9999).contains(y))?;
        let (first_month, months) = match rest.map(str::to_ascii_uppercase).as_deref() {
            None => (1, 12),
            Some("H1") => (1, 6),
            Some("H2") => (7, 6),
            Some(q) if q.len() == 2 && q.starts_with('Q') => {
                let n: u32 = q[1..].parse().ok().filter(|n| (1..=4).contains(n))?;
                (3 * (n - 1) + 1, 3)
            }
            Some(m) => (m.parse().ok().filter(|m| (1..=12).contains(m))?, 1),
        };
        let start = NaiveDate::from_ymd_opt(year, first_month, 1)?;
        let end = start.checked_add_months(Months::new(months))?.pred_opt()?;
        Some(Period { start, end })
    }

    pub fn contains(&self, other: &Period) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} – {}", self.start, self.end)
    }
}

/// How often something must be reviewed: `14d`, `6w`, `3m`, `1y`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Interval {
    pub days: u32,
    pub months: u32,
}

impl Interval {
    pub fn parse(text: &str) -> Option<Interval> {
        let text = text.trim();
        let unit_at = text.find(|c: char| !c.is_ascii_digit())?;
        let n: u32 = text[..unit_at].parse().ok().filter(|n| *n > 0)?;
        let (days, months) = match text[unit_at..].trim() {
            "d" | "day" | "days" => (n, 0),
            "w" | "week" | "weeks" => (n.checked_mul(7)?, 0),
            "m" | "month" | "months" => (0, n),
            "y" | "year" | "years" => (0, n.checked_mul(12)?),
            _ => return None,
        };
        Some(Interval { days, months })
    }

    /// The date one interval after `date`.
    pub fn after(&self, date: Date) -> Date {
        date.checked_add_months(Months::new(self.months))
            .and_then(|d| d.checked_add_days(Days::new(u64::from(self.days))))
            .unwrap_or(Date::MAX)
    }
}

impl fmt::Display for Interval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (n, unit) = match (self.days, self.months) {
            (d, 0) if d % 7 == 0 => (d / 7, "week"),
            (d, 0) => (d, "day"),
            (_, m) if m % 12 == 0 => (m / 12, "year"),
            (_, m) => (m, "month"),
        };
        f.write_str(&crate::diagnostics::plural(n as usize, unit))
    }
}

/// Read by a visitor, so that a bad value is reported at its own line.
struct IntervalVisitor;

impl serde::de::Visitor<'_> for IntervalVisitor {
    type Value = Interval;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an interval such as 14d, 6w, 3m or 1y")
    }

    fn visit_u64<E: serde::de::Error>(self, days: u64) -> Result<Interval, E> {
        match u32::try_from(days) {
            Ok(days) if days > 0 => Ok(Interval { days, months: 0 }),
            _ => Err(E::custom("an interval must be at least one day")),
        }
    }

    fn visit_i64<E: serde::de::Error>(self, days: i64) -> Result<Interval, E> {
        self.visit_u64(u64::try_from(days).unwrap_or(0))
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Interval, E> {
        Interval::parse(text).ok_or_else(|| {
            E::custom(format!(
                "'{text}' is not an interval: write a number and a unit, e.g. 14d, 6w, 3m or 1y"
            ))
        })
    }
}

impl<'de> Deserialize<'de> for Interval {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        de.deserialize_any(IntervalVisitor)
    }
}

/// Today's date in local time, unless `--today` fixed it.
pub fn today(fixed: Option<Date>) -> Date {
    fixed.unwrap_or_else(|| chrono::Local::now().date_naive())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        parse_date(s).unwrap()
    }

    #[test]
    fn periods() {
        assert_eq!(
            Period::parse("2026-Q3"),
            Some(Period {
                start: d("2026-07-01"),
                end: d("2026-09-30")
            })
        );
        assert_eq!(Period::parse("2026-h2").unwrap().end, d("2026-12-31"));
        assert_eq!(Period::parse("2026").unwrap().start, d("2026-01-01"));
        assert_eq!(Period::parse("2026-02").unwrap().end, d("2026-02-28"));
        assert_eq!(Period::parse("2026-Q5"), None);
        assert_eq!(Period::parse("soon"), None);
    }

    #[test]
    fn intervals() {
        assert_eq!(
            Interval::parse("90d").unwrap().after(d("2026-01-01")),
            d("2026-04-01")
        );
        assert_eq!(Interval::parse("2w").unwrap().days, 14);
        assert_eq!(
            Interval::parse("6m").unwrap().after(d("2026-01-31")),
            d("2026-07-31")
        );
        assert_eq!(Interval::parse("0d"), None);
        assert_eq!(Interval::parse("700000000w"), None, "overflow");
        assert_eq!(Interval::parse("1w").unwrap().to_string(), "1 week");
        assert_eq!(Interval::parse("1y").unwrap().to_string(), "1 year");
        assert_eq!(Interval::parse("18m").unwrap().to_string(), "18 months");
        assert_eq!(Interval::parse("fortnight"), None);
    }
}
