//! Checks of the departmental service plans: the golden thread's loose ends (a Council Plan
//! deliverable its department's plan does not deliver, an action that serves no priority) and a
//! savings total quoted in an action that differs from the plan's savings table.

use rust_decimal::Decimal;

use super::Findings;
use crate::dataset::Dataset;
use crate::finance::show_millions;
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

/// The service plan checks of `data` (as in force in the quarter checked).
pub(super) fn service(data: &Dataset, findings: &mut Findings) {
    if data.service_plans.is_empty() {
        return;
    }
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
