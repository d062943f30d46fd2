//! Figures quoted in a measure's commentary, issue or response that no figure held for it
//! matches: "64.8 days" where the table says 64.1.

use rust_decimal::Decimal;

use super::{Field, Findings};
use crate::dataset::Dataset;
use crate::figure::format_for_measure;
use crate::measure::Unit;
use crate::period::{FinancialQuarter, Period};
use crate::quarter::MeasureStatus;
use crate::target::Target;

/// Warns of every misquote in `status`'s text, once each, naming the field.
pub(super) fn misquotes(
    data: &Dataset,
    status: &MeasureStatus<'_>,
    quarter: FinancialQuarter,
    place: &str,
    findings: &mut Findings,
) {
    let measure = status.measure;
    if let Some(update) = status.update {
        let held = held_figures(data, status, quarter);
        let mut said = std::collections::HashSet::new();
        for (field, name, text) in [
            (Field::Commentary, "commentary", &update.commentary),
            (Field::Issue, "issue", &update.issue),
            (Field::Response, "response", &update.response),
        ] {
            let Some(text) = text else { continue };
            for quoted in quoted_figures(text, measure.unit) {
                if let Some(message) = misquoted(status, &held, name, quoted)
                    && said.insert(message.clone())
                {
                    findings.warn(place, message);
                    if let Some(last) = findings.0.last_mut() {
                        last.field = Some(field);
                    }
                }
            }
        }
    }
}

/// Figures written in `text` in the way `unit` is written: "4.8%", "£2.45m", "64 days".
pub(super) fn quoted_figures(text: &str, unit: Unit) -> Vec<Decimal> {
    let mut found = Vec::new();
    let bytes = text.as_bytes();
    let mut index = 0;
    while index < bytes.len() {
        let start = index;
        let pound = bytes[index] == b'\xc2' && bytes.get(index + 1) == Some(&b'\xa3');
        let digits_start = if pound { index + 2 } else { index };
        let mut end = digits_start;
        while end < bytes.len()
            && (bytes[end].is_ascii_digit() || bytes[end] == b'.' || bytes[end] == b',')
        {
            end += 1;
        }
        if end > digits_start && bytes[digits_start].is_ascii_digit() {
            let number = text[digits_start..end]
                .trim_end_matches(['.', ','])
                .replace(',', "");
            let after = text[end..].trim_start();
            let matches_unit = match unit {
                Unit::Percent => after.starts_with('%'),
                Unit::Money => pound && !after.starts_with('m'),
                Unit::MoneyMillions => pound && after.starts_with('m'),
                Unit::Days => after.starts_with("days") || after.starts_with("day"),
                _ => false,
            };
            if matches_unit && let Ok(value) = number.parse::<Decimal>() {
                found.push(value);
            }
            index = end.max(start + 1);
        } else {
            index += 1;
        }
    }
    found
}

/// Every figure held for a measure by the end of `quarter`, with its period: its values the
/// quarter reads (last quarter's, last year's: [`crate::dataset::ValueWindow`]) and its targets. A quote of any of them is not a
/// misquote.
fn held_figures(
    data: &Dataset,
    status: &MeasureStatus<'_>,
    quarter: FinancialQuarter,
) -> Vec<(Period, Decimal)> {
    let id = &status.measure.id;
    let end = quarter.end_month();
    let values = status
        .values
        .iter()
        .filter(|v| v.as_of.unwrap_or_else(|| v.period.end_month()) <= end)
        .filter_map(|v| Some((v.period, v.value.figure()?)));
    let targets = data
        .targets
        .iter()
        .filter(|t| &t.measure == id)
        .flat_map(|t| match t.target {
            Target::Figure { value } => vec![(t.period, value)],
            Target::ProfiledYearToDate { to_date, full_year } => {
                vec![(t.period, to_date), (t.period, full_year)]
            }
            _ => Vec::new(),
        });
    values.chain(targets).collect()
}

/// A quoted figure close to (within a quarter of) the measure's reported figure or target, but
/// equal as shown to no figure held for it: a misquote. Says which field quotes it and which
/// period's figure it differs from.
fn misquoted(
    status: &MeasureStatus<'_>,
    held: &[(Period, Decimal)],
    field: &str,
    quoted: Decimal,
) -> Option<String> {
    let measure = status.measure;
    let shown = |value: Decimal| format_for_measure(value, measure.unit, measure.decimals);
    let same = |figure: Decimal| {
        shown(figure) == shown(quoted)
            || quoted.round_dp(measure.decimals) == figure.round_dp(measure.decimals)
    };
    if held.iter().any(|(_, figure)| same(*figure)) {
        return None;
    }
    let actual = status
        .reported
        .and_then(|v| Some((v.period, v.value.figure()?)));
    let target = status
        .input
        .target
        .map(|t| (status.target.map(|r| r.period), t));
    let near = |c: Decimal| !c.is_zero() && ((quoted - c) / c.abs()).abs() <= Decimal::new(25, 2);
    let (what, period, figure, placeholder) = match (actual, target) {
        (Some((period, figure)), _) if near(figure) => ("figure", Some(period), figure, "actual"),
        (_, Some((period, figure))) if near(figure) => ("target", period, figure, "target"),
        _ => return None,
    };
    let of = period
        .map(|p| match p {
            Period::Quarter(q) => format!(" for {}", q.long_label()),
            other => format!(" for {other}"),
        })
        .unwrap_or_default();
    Some(format!(
        "its {field} quotes {}, which is no figure held for it; its {what}{of} is {}: use {{measure:{}.{placeholder}}} to quote it",
        shown(quoted),
        shown(figure),
        measure.id,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_found_as_the_unit_writes_them() {
        let text = "Sickness was 4.8% against 5.1% last year; 1,200 staff; £2.45m raised; £16,000 spent; 64 days.";
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(quoted_figures(text, Unit::Percent), [d("4.8"), d("5.1")]);
        assert_eq!(quoted_figures(text, Unit::MoneyMillions), [d("2.45")]);
        assert_eq!(quoted_figures(text, Unit::Money), [d("16000")]);
        assert_eq!(quoted_figures(text, Unit::Days), [d("64")]);
        assert!(quoted_figures(text, Unit::Count).is_empty());
    }
}
