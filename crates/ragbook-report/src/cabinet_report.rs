//! The integrated Cabinet report ("Performance and Budget Monitoring/Forecast Outturn"): a
//! cover report (purpose, information and analysis, recommendations), the performance summary
//! from the quarterly performance report, the budget monitoring from [`crate::cabinet`], and
//! the keys to both. One data set, so the cover report's sentences are the tables' figures.

use ragbook_core::Decimal;
use ragbook_core::dataset::Dataset;
use ragbook_core::finance::show_millions;
use ragbook_core::period::FinancialQuarter;
use ragbook_core::rating::Scheme;
use ragbook_core::rules::Rulebook;
use ragbook_core::settings::Settings;
use serde::Serialize;

use crate::cabinet::{Cabinet, build_cabinet};
use crate::charts::Chart;
use crate::model::{KeyRow, MeasureRow, Report, ReportError, Shown, shown};

/// A portfolio's performance: its deliverables and key measures, as the performance report
/// rates them.
#[derive(Debug, Clone, Serialize)]
pub struct PortfolioPerformance {
    /// "Its 7 deliverables: 1 Strong, 4 Good, 2 Review."
    pub summary: Vec<String>,
    /// (title, rating) of each deliverable.
    pub deliverables: Vec<(String, Shown)>,
    /// Each key measure's row.
    pub measures: Vec<MeasureRow>,
}

/// "7 deliverables: 1 Strong, 4 Good, 2 Review" from ratings as shown.
fn counted(one: &str, many: &str, ratings: &[&Shown]) -> Option<String> {
    if ratings.is_empty() {
        return None;
    }
    let mut counts: Vec<(String, usize)> = Vec::new();
    for shown in ratings {
        match counts
            .iter_mut()
            .find(|(label, _)| *label == shown.category)
        {
            Some((_, n)) => *n += 1,
            None => counts.push((shown.category.clone(), 1)),
        }
    }
    let parts: Vec<String> = counts
        .iter()
        .map(|(label, n)| format!("{n} {label}"))
        .collect();
    let what = if ratings.len() == 1 { one } else { many };
    Some(format!("{} {what}: {}.", ratings.len(), parts.join(", ")))
}

/// Each budget page's portfolio performance, from the performance report's own rows.
fn portfolio_performance(
    report: &Report,
    data: &Dataset,
    budget: &Cabinet,
    measure_key: &Scheme,
) -> Vec<PortfolioPerformance> {
    let mut deliverables: Vec<(String, &crate::model::DeliverableSection)> = Vec::new();
    for section in report.priorities.iter().flat_map(|p| &p.deliverables) {
        if !deliverables
            .iter()
            .any(|(anchor, _)| *anchor == section.anchor)
        {
            deliverables.push((section.anchor.clone(), section));
        }
    }
    let rows: Vec<&MeasureRow> = report.measure_tables.iter().flat_map(|t| &t.rows).collect();
    budget
        .portfolios
        .iter()
        .map(|page| {
            let own = |portfolio: &Option<ragbook_core::plan::ItemId>| {
                portfolio.as_ref().is_some_and(|p| p.as_str() == page.id)
            };
            let items: Vec<(String, Shown)> = data
                .deliverables
                .iter()
                .filter(|d| own(&d.portfolio))
                .filter_map(|d| {
                    let anchor = format!("d-{}", d.id);
                    deliverables
                        .iter()
                        .find(|(a, _)| *a == anchor)
                        .map(|(_, s)| (s.title.clone(), s.rating.clone()))
                })
                .collect();
            let measures: Vec<MeasureRow> = data
                .measures
                .iter()
                .filter(|m| own(&m.portfolio))
                .filter_map(|m| {
                    let anchor = format!("m-{}", m.id);
                    rows.iter()
                        .find(|r| r.anchor == anchor)
                        .map(|r| (*r).clone())
                })
                .collect();
            let rated: Vec<&Shown> = measures
                .iter()
                .map(|m| &m.performance)
                .filter(|s| {
                    measure_key
                        .find(&s.id)
                        .is_some_and(|r| measure_key.category(r).is_rated())
                })
                .collect();
            let summary = [
                counted(
                    "deliverable",
                    "deliverables",
                    &items.iter().map(|(_, s)| s).collect::<Vec<_>>(),
                ),
                counted(
                    "key measure with data and a target",
                    "key measures with data and targets",
                    &rated,
                ),
            ]
            .into_iter()
            .flatten()
            .collect();
            PortfolioPerformance {
                summary,
                deliverables: items,
                measures,
            }
        })
        .collect()
}

/// A finance key as the appendix shows it.
#[derive(Debug, Clone, Serialize)]
pub struct FinanceKey {
    /// The key's name: "Service line budget key".
    pub name: String,
    /// (rating, what it means, the response) per category.
    pub rows: Vec<(Shown, String, String)>,
}

/// The integrated Cabinet report's view-model.
#[derive(Debug, Clone, Serialize)]
pub struct CabinetReport {
    /// "Performance and Budget Monitoring/Forecast Outturn".
    pub title: String,
    /// The organisation.
    pub organisation: String,
    /// "Quarter 2 2026-27".
    pub quarter: String,
    /// The purpose of the report.
    pub purpose: String,
    /// Information and analysis: performance.
    pub performance: Vec<String>,
    /// Information and analysis: the budget.
    pub budget_summary: Vec<String>,
    /// The recommendations to Cabinet.
    pub recommendations: Vec<String>,
    /// The deliverable wheel of the performance summary.
    pub deliverable_wheel: Chart,
    /// The key measure wheel.
    pub measure_wheel: Chart,
    /// The budget monitoring.
    pub budget: Cabinet,
    /// Each portfolio page's performance, in the order of `budget.portfolios`.
    pub portfolio_performance: Vec<PortfolioPerformance>,
    /// The performance key.
    pub key: Vec<KeyRow>,
    /// The finance keys.
    pub finance_keys: Vec<FinanceKey>,
}

fn finance_key(scheme: &Scheme, quarter: FinancialQuarter) -> FinanceKey {
    FinanceKey {
        name: scheme.name.clone(),
        rows: scheme
            .rated()
            .map(|r| {
                let category = scheme.category(r);
                (
                    shown(scheme, r, None, quarter),
                    category.description.clone(),
                    category.response.clone(),
                )
            })
            .collect(),
    }
}

/// Builds the integrated Cabinet report from the quarter's performance report and the budget
/// held; `None` when no budget figures are held for the quarter.
pub fn build_cabinet_report(
    report: &Report,
    data: &Dataset,
    settings: &Settings,
    book: &Rulebook,
    quarter: FinancialQuarter,
) -> Result<Option<CabinetReport>, ReportError> {
    let Some(view) =
        ragbook_core::finance::view::view(&data.finance, book, &settings.finance, quarter)
            .map_err(|e| ReportError::Settings(e.to_string()))?
    else {
        return Ok(None);
    };
    let budget = build_cabinet(&view, book, &settings.finance);
    let portfolio_performance = portfolio_performance(report, data, &budget, &book.measures);
    let year = quarter.year();
    let long = quarter.long_label();
    let savings = &view.savings;
    let council = &budget.revenue.council_total;
    let mut budget_summary = vec![budget.revenue.sentence.clone()];
    if let Some(reserve) = &budget.reserve {
        budget_summary.push(reserve.sentence.clone());
    }
    let mut recommendations = vec![
        format!(
            "Note the performance against the {} at {long}.",
            report.plan_title
        ),
        format!(
            "Note the forecast outturn for {year}: a variance of {} against an adjusted budget of {}.",
            council.variance, council.adjusted
        ),
    ];
    if savings.total.total_target() > Decimal::ZERO {
        budget_summary.push(crate::cabinet::savings_sentence(
            &year.to_string(),
            &savings.total,
        ));
        recommendations.push(format!(
            "Note the position on savings: {} ({}%) forecast to be achieved against a target of {}.",
            show_millions(savings.total.forecast_achieved),
            savings
                .achieved_share
                .map_or("-".to_owned(), |p| p.to_string()),
            show_millions(savings.total.total_target())
        ));
    }
    if let Some(reserve) = &budget.reserve {
        recommendations.push(format!(
            "Note the forecast general reserve balance of {} at the end of {year}.",
            reserve.forecast_balance
        ));
    }
    let keys = &book.finance;
    let finance_keys = [&keys.service_lines, &keys.portfolios, &keys.savings]
        .into_iter()
        .map(|scheme| finance_key(scheme, quarter))
        .collect();
    Ok(Some(CabinetReport {
        title: "Performance and Budget Monitoring/Forecast Outturn".into(),
        organisation: report.organisation.clone(),
        quarter: long.clone(),
        purpose: format!(
            "To inform Cabinet of the council's performance against the {} at {long}, and of the forecast outturn for {year} as at the end of the quarter.",
            report.plan_title
        ),
        performance: vec![
            report.deliverable_summary.clone(),
            report.measure_summary.clone(),
        ],
        budget_summary,
        recommendations,
        deliverable_wheel: report.deliverable_wheel.clone(),
        measure_wheel: report.measure_wheel.clone(),
        budget,
        portfolio_performance,
        key: report.key.clone(),
        finance_keys,
    }))
}
