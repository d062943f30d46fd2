//! The appendix tables, laid out from the budget view: savings, earmarked reserves, traded
//! services, aged debt (with debt written off) and the grant funding register.

use ragbook_core::Decimal;
use ragbook_core::finance::show_millions;
use ragbook_core::finance::view::{BudgetView, DebtRow, TradedRow, TradedTotal};

use super::Table;

fn headings(names: &[&str]) -> Vec<String> {
    names.iter().map(|h| (*h).to_owned()).collect()
}

fn percent(share: Option<Decimal>) -> String {
    share.map_or("-".to_owned(), |p| format!("{p}%"))
}

/// Each appendix after the key: (title, anchor, tables), an empty list when there is nothing to
/// show this quarter.
pub(super) fn tables(budget: &BudgetView<'_>) -> Vec<(&'static str, &'static str, Vec<Table>)> {
    vec![
        ("Savings monitoring", "savings", savings(budget)),
        ("Earmarked reserves", "earmarked", earmarked(budget)),
        ("Traded services", "traded", traded(budget)),
        ("Aged debt", "debt", debt(budget)),
        ("Grant funding register", "grants", grants(budget)),
    ]
}

fn savings(budget: &BudgetView<'_>) -> Vec<Table> {
    let view = &budget.savings;
    if view.rows.is_empty() {
        return Vec::new();
    }
    let cells = |label: &str, f: &ragbook_core::finance::SavingsFigures| {
        vec![
            label.to_owned(),
            show_millions(f.brought_forward),
            show_millions(f.current_year),
            show_millions(f.one_off_support),
            show_millions(f.total_target()),
            show_millions(f.identified),
            show_millions(f.identified_shortfall()),
            show_millions(f.forecast_achieved),
            show_millions(f.achievement_shortfall()),
            percent(ragbook_core::rounding::percentage(
                f.forecast_achieved,
                f.total_target(),
                1,
            )),
        ]
    };
    let mut rows: Vec<Vec<String>> = view
        .rows
        .iter()
        .map(|r| cells(r.name, &r.figures))
        .collect();
    let mut total = cells("Total", &view.total);
    if let Some(last) = total.last_mut() {
        *last = percent(view.achieved_share);
    }
    rows.push(total);
    vec![Table {
        caption: format!("Savings monitoring, {}", budget.quarter.long_label()),
        headings: headings(&[
            "Portfolio",
            "Brought forward",
            "Current year",
            "One-off support",
            "Target",
            "Identified",
            "Identified shortfall",
            "Forecast achieved",
            "Achievement shortfall",
            "Forecast achieved (% of target)",
        ]),
        totals: vec![rows.len() - 1],
        rows,
        text_columns: 1,
    }]
}

fn earmarked(budget: &BudgetView<'_>) -> Vec<Table> {
    let view = &budget.earmarked;
    if view.groups.is_empty() {
        return Vec::new();
    }
    let (mut rows, mut totals) = (Vec::new(), Vec::new());
    for group in &view.groups {
        for r in &group.reserves {
            rows.push(vec![
                group.name.to_owned(),
                r.reserve.clone(),
                show_millions(r.opening_balance),
                show_millions(r.forecast_balance),
            ]);
        }
        totals.push(rows.len());
        rows.push(vec![
            format!("{} total", group.name),
            String::new(),
            show_millions(group.opening),
            show_millions(group.forecast),
        ]);
    }
    totals.push(rows.len());
    rows.push(vec![
        "Total".into(),
        String::new(),
        show_millions(view.opening),
        show_millions(view.forecast),
    ]);
    vec![Table {
        caption: format!("Earmarked reserves, {}", budget.quarter.long_label()),
        headings: headings(&[
            "Portfolio",
            "Reserve",
            "Opening balance",
            "Forecast balance",
        ]),
        rows,
        totals,
        text_columns: 2,
    }]
}

fn traded_table(
    caption: String,
    figure_headings: [&str; 3],
    rows: &[TradedRow<'_>],
    total: &TradedTotal,
) -> Table {
    let placed = rows
        .iter()
        .any(|r| r.record.portfolio.is_some() || r.record.area.is_some());
    let transferred = rows
        .iter()
        .any(|r| r.record.transferred_to_reserves.is_some());
    let mut names = Vec::new();
    if placed {
        names.extend(["Portfolio", "Service area"]);
    }
    names.push("Service");
    names.extend(figure_headings);
    if transferred {
        names.push("Transferred to earmarked reserves");
    }
    let line = |lead: Vec<String>,
                income: Decimal,
                other: Decimal,
                result: Decimal,
                moved: Option<Decimal>| {
        let mut cells = lead;
        cells.extend([income, other, result].map(show_millions));
        if transferred {
            cells.push(moved.map(show_millions).unwrap_or_default());
        }
        cells
    };
    let mut out: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let record = r.record;
            let mut lead = Vec::new();
            if placed {
                lead.push(r.portfolio.unwrap_or_default().to_owned());
                lead.push(record.area.clone().unwrap_or_default());
            }
            lead.push(record.service.clone());
            line(
                lead,
                record.income,
                r.other,
                r.result,
                record.transferred_to_reserves,
            )
        })
        .collect();
    let mut lead = vec!["Total".to_owned()];
    lead.resize(if placed { 3 } else { 1 }, String::new());
    out.push(line(
        lead,
        total.income,
        total.other,
        total.result,
        Some(total.transferred),
    ));
    Table {
        caption,
        text_columns: if placed { 3 } else { 1 },
        headings: headings(&names),
        totals: vec![out.len() - 1],
        rows: out,
    }
}

fn traded(budget: &BudgetView<'_>) -> Vec<Table> {
    let view = &budget.traded;
    let quarter = budget.quarter.long_label();
    let mut tables = Vec::new();
    if !view.fully.is_empty() {
        tables.push(traded_table(
            format!("Fully traded services, {quarter}"),
            ["Income", "Expenditure", "Contribution"],
            &view.fully,
            &view.fully_total,
        ));
    }
    if !view.partially.is_empty() {
        tables.push(traded_table(
            format!("Partially traded services, {quarter}"),
            ["Income", "Income target", "Income against target"],
            &view.partially,
            &view.partially_total,
        ));
    }
    tables
}

fn debt_cells(row: &DebtRow<'_>) -> Vec<String> {
    let mut cells = vec![row.department.to_owned()];
    for (index, band) in row.debt.bands.iter().enumerate() {
        let share = row
            .shares
            .as_ref()
            .and_then(|s| s.get(index))
            .map_or("-".to_owned(), |s| format!("{s}%"));
        cells.push(format!("{} ({share})", show_millions(*band)));
    }
    cells.push(show_millions(row.debt.total()));
    cells
}

fn debt(budget: &BudgetView<'_>) -> Vec<Table> {
    let view = &budget.debt;
    let quarter = budget.quarter.long_label();
    let mut tables = Vec::new();
    if !view.rows.is_empty() {
        let mut rows: Vec<Vec<String>> = view.rows.iter().map(debt_cells).collect();
        rows.push(debt_cells(&view.total));
        let mut names = vec!["Department".to_owned()];
        names.extend(view.bands.iter().cloned());
        names.push("Total".into());
        tables.push(Table {
            caption: format!("Aged debt at the end of {quarter} (£m, and % of the row)"),
            headings: names,
            totals: vec![rows.len() - 1],
            rows,
            text_columns: 1,
        });
    }
    if !view.written_off.is_empty() {
        let mut rows: Vec<Vec<String>> = view
            .written_off
            .iter()
            .map(|(department, amount)| vec![(*department).to_owned(), show_millions(*amount)])
            .collect();
        rows.push(vec!["Total".into(), show_millions(view.written_off_total)]);
        tables.push(Table {
            caption: format!(
                "Debt written off in {} to the end of {quarter}",
                budget.year
            ),
            headings: headings(&["Department", "Written off this year"]),
            totals: vec![rows.len() - 1],
            rows,
            text_columns: 1,
        });
    }
    tables
}

fn grants(budget: &BudgetView<'_>) -> Vec<Table> {
    if budget.grants.is_empty() {
        return Vec::new();
    }
    vec![Table {
        caption: format!("Grant funding register, {}", budget.quarter.long_label()),
        headings: headings(&[
            "Grant",
            "Awarding body",
            "Ring-fenced",
            "Brought forward",
            "Expected",
            "Forecast spend",
        ]),
        rows: budget
            .grants
            .iter()
            .map(|g| {
                vec![
                    g.title.clone(),
                    g.awarding_body.clone(),
                    if g.ring_fenced { "Yes" } else { "No" }.to_owned(),
                    show_millions(g.brought_forward),
                    show_millions(g.expected),
                    show_millions(g.forecast_spend),
                ]
            })
            .collect(),
        totals: Vec::new(),
        text_columns: 3,
    }]
}
