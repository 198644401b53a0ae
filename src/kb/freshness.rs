//! How old the knowledge base is: `kb.max_age_days` in copydesk.toml warns once a run
//! (CLI: a line on stderr; server: one `window/showMessage`) when the KB's newest `as_of`
//! is older than that many days before today.

use chrono::NaiveDate;

use super::Kb;

/// Today by the system clock; `COPYDESK_TODAY=YYYY-MM-DD` sets it (tests, reproducible runs).
pub fn today() -> NaiveDate {
    std::env::var("COPYDESK_TODAY")
        .ok()
        .and_then(|d| NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok())
        .unwrap_or_else(|| chrono::Local::now().date_naive())
}

/// The warning (without a "warning: " prefix) when the KB's newest `as_of` is more than
/// `max_age_days` days before `today`; `None` when it is recent enough or undated.
pub fn age_warning(kb: &Kb, max_age_days: u32, today: NaiveDate) -> Option<String> {
    let newest = kb.newest_as_of()?;
    let age = (today - newest).num_days();
    (age > i64::from(max_age_days)).then(|| {
        format!(
            "the knowledge base is {age} days old (as of {newest}; kb.max_age_days = {max_age_days}): \
             findings about current office-holders may be out of date; update it (`copydesk kb build`, \
             `copydesk kb import`) or a newer copydesk"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_old_kb_is_reported_past_the_maximum_age_only() {
        let kb = Kb::builtin();
        let day = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date");
        assert_eq!(kb.newest_as_of(), Some(day("2025-10-31")));
        assert_eq!(
            age_warning(&kb, 30, day("2026-12-04")).as_deref(),
            Some(
                "the knowledge base is 399 days old (as of 2025-10-31; kb.max_age_days = 30): \
                 findings about current office-holders may be out of date; update it \
                 (`copydesk kb build`, `copydesk kb import`) or a newer copydesk"
            )
        );
        assert_eq!(age_warning(&kb, 399, day("2026-12-04")), None);
        assert!(age_warning(&kb, 398, day("2026-12-04")).is_some());
        assert_eq!(age_warning(&Kb::default(), 0, day("2026-12-04")), None);
    }
}
