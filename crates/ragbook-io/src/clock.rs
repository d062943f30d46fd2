//! The time now, the one place ragbook reads the clock: the core and the store are given times
//! rather than reading them, so that tests can fix them.

/// Now, as an ISO 8601 UTC timestamp to the second: `2026-11-22T21:39:36Z`.
pub fn now() -> String {
    iso(time::OffsetDateTime::now_utc())
}

/// `seconds` ago, as an ISO 8601 UTC timestamp like [`now`].
pub fn seconds_ago(seconds: i64) -> String {
    iso(time::OffsetDateTime::now_utc() - time::Duration::seconds(seconds))
}

fn iso(now: time::OffsetDateTime) -> String {
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        now.year(),
        now.month() as u8,
        now.day(),
        now.hour(),
        now.minute(),
        now.second()
    )
}

/// Now, in seconds since 1970 (UTC): for expiry times.
pub fn now_unix() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}
