//! Checks of the departmental service plans: the golden thread's loose ends (a Council Plan
//! deliverable its department's plan does not deliver, an action that serves no priority) and a
//! savings total quoted in an action that differs from the plan's savings table.

use rust_decimal::Decimal;

use super::Findings;
use crate::dataset::Dataset;
use crate::figure::format_for_measure;
use crate::finance::show_millions;
use crate::measure::Unit;
use crate::period::Period;
use crate::service::thread;

/// Sums of money written in `text`: "£3.140m", "£770,000", "£25k".
fn quoted_money(text: &str) -> Vec<Decimal> {
    let mut found = Vec::new();
    for (at, _) in text.match_indices('£') {
        let rest = &text[at + '£'.len_utf8()..];
        let digits: String = rest
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
            .filter(|c| *c != ',')
            .collect();
        let Ok(mut amount) = digits.trim_end_matches('.').parse::<Decimal>() else {
            continue;
        };
        match rest[digits.len()..]
            .chars()
            .find(|c| !c.is_ascii_digit() && *c != ',' && *c != '.')
        {
            Some('m') => amount *= Decimal::from(1_000_000),
            Some('k') => amount *= Decimal::from(1000),
            _ => {}
        }
        found.push(amount);
    }
    found
}

/// A department's share of a rate (sickness days, a percentage) ten times the council's figure
/// for the same period, or a tenth: one of them is in the wrong unit. Counts and money are left
/// alone, as a share of them is smaller by nature.
fn split_out_of_scale(data: &Dataset, findings: &mut Findings) {
    let factor = Decimal::from(10);
    for split in &data.measures {
        let Some(whole) = split.part_of.as_ref().and_then(|w| data.measure(w)) else {
            continue;
        };
        if split.unit != whole.unit
            || matches!(split.unit, Unit::Count | Unit::Money | Unit::MoneyMillions)
        {
            continue;
        }
        // The council's figure for the share's period: for a year, the year's own or its latest
        // quarter's, as the plans print it.
        let council_for = |period: Period| match period {
            Period::FinancialYear(year) => crate::service::document::year_value(data, whole, year),
            _ => data
                .measure_values
                .iter()
                .find(|v| v.measure == whole.id && v.period == period),
        };
        for value in data.measure_values.iter().filter(|v| v.measure == split.id) {
            let (Some(share), Some(council)) = (
                value.value.figure().map(|f| f.abs()),
                council_for(value.period)
                    .and_then(|v| v.value.figure())
                    .map(|f| f.abs()),
            ) else {
                continue;
            };
            let period = value.period;
            if share.is_zero() || council.is_zero() {
                continue;
            }
            if share >= council * factor || share * factor <= council {
                findings.warn(
                    format!("key measure {} ({period})", split.id),
                    format!(
                        "its figure {} is out of scale with the council's {} for {} ({}): is one of them in the wrong unit?",
                        format_for_measure(share, split.unit, split.decimals),
                        format_for_measure(council, whole.unit, whole.decimals),
                        whole.id,
                        whole.title
                    ),
                );
            }
        }
    }
}

/// The service plan checks of `data` (as in force in the quarter checked).
pub(super) fn service(data: &Dataset, findings: &mut Findings) {
    if data.service_plans.is_empty() {
        return;
    }
    split_out_of_scale(data, findings);
    let thread = thread(data);
    // A deliverable of a department with a service plan should be one of its actions; those of
    // departments without one are listed by the golden thread, not flagged.
    let planned = |department: &str| {
        data.service_plans
            .iter()
            .any(|p| p.department.eq_ignore_ascii_case(department))
    };
    for deliverable in &thread.undelivered {
        let Some(department) = deliverable.department.as_deref().filter(|d| planned(d)) else {
            continue;
        };
        findings.warn(
            format!(
                "deliverable {} ({})",
                deliverable.id,
                deliverable
                    .short_title
                    .as_deref()
                    .unwrap_or(&deliverable.title)
            ),
            format!("{department}'s service plan has no action that delivers it"),
        );
    }
    for (department, action) in &thread.loose_actions {
        findings.warn(
            format!("action {} of {department}'s service plan", action.id),
            "it serves no council priority and no departmental priority",
        );
    }
    for plan in &data.service_plans {
        let year = plan.year();
        let savings: Vec<_> = data
            .planned_savings
            .iter()
            .filter(|s| s.plan == plan.id && s.year == year)
            .collect();
        if savings.is_empty() {
            continue;
        }
        let total: Decimal = savings.iter().map(|s| s.amount).sum();
        for action in data.actions.iter().filter(|a| a.plan == plan.id) {
            let text = format!(
                "{} {}",
                action.title,
                action.success.as_deref().unwrap_or("")
            );
            if !text.to_lowercase().contains("saving") {
                continue;
            }
            // A figure rounded as printed (£3.14m for £3,140,000) still agrees.
            for quoted in quoted_money(&text) {
                let close =
                    (quoted - total).abs() * Decimal::from(1000) <= quoted.abs().max(Decimal::ONE);
                if !close {
                    findings.block(
                        format!("action {} of {}'s service plan", action.id, plan.department),
                        format!(
                            "it quotes savings of {}, but the plan's savings for {year} add up to {}",
                            show_millions(quoted),
                            show_millions(total)
                        ),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_read_as_plans_write_it() {
        let d = |n: i64| Decimal::from(n);
        assert_eq!(
            quoted_money("Deliver savings of £3.140m for 2024-25"),
            [d(3_140_000)]
        );
        assert_eq!(quoted_money("£770,000 and £25k."), [d(770_000), d(25_000)]);
        assert!(quoted_money("no money here").is_empty());
    }
}

#[cfg(test)]
mod split_tests {
    use rust_decimal::Decimal;

    use super::{Findings, split_out_of_scale};
    use crate::dataset::{Dataset, MeasureRecord, ValueRecord};
    use crate::measure::{Polarity, Unit};
    use crate::plan::ItemId;
    use crate::value::MeasureValue;

    fn id(text: &str) -> ItemId {
        ItemId::new(text).unwrap()
    }

    fn findings(share: i64, unit: Unit) -> Vec<String> {
        let measure =
            |name: &str| MeasureRecord::new(id(name), name.into(), unit, Polarity::LowerIsBetter);
        let mut split = measure("SICK-R");
        split.part_of = Some(id("SICK"));
        let value = |name: &str, figure: i64| ValueRecord {
            measure: id(name),
            period: "2024-25".parse().unwrap(),
            value: MeasureValue::actual(Decimal::from(figure)),
            as_of: None,
            note: None,
        };
        let data = Dataset {
            measures: vec![measure("SICK"), split],
            measure_values: vec![value("SICK", 9), value("SICK-R", share)],
            ..Dataset::default()
        };
        let mut found = Findings(Vec::new());
        split_out_of_scale(&data, &mut found);
        found
            .0
            .into_iter()
            .map(|f| format!("{}: {}", f.place, f.message))
            .collect()
    }

    #[test]
    fn a_share_out_of_scale_with_its_whole_is_flagged_for_rates_only() {
        assert!(findings(8, Unit::Days).is_empty());
        // Hours for days: 20 times the council's figure.
        let found = findings(180, Unit::Days);
        assert_eq!(found.len(), 1);
        assert!(
            found[0].starts_with("key measure SICK-R (2024-25)"),
            "{found:?}"
        );
        assert!(
            found[0].contains("out of scale with the council's"),
            "{found:?}"
        );
        // A department's count is smaller than the council's by nature.
        assert!(findings(0, Unit::Count).is_empty());
        assert!(findings(180, Unit::Count).is_empty());
    }
}
