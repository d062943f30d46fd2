//! A plan's controllable budget for a year: each division's gross and net, and the total,
//! always the column sums of the rows. A total typed in a file (a TOTAL row pasted from a
//! document) is compared with the sums, and where one row's amounts explain the difference the
//! row it leaves out is named.

use rust_decimal::Decimal;

use super::records::BudgetRowRecord;

/// The column headings, as printed.
pub const HEADINGS: [&str; 12] = [
    "Employees",
    "Premises",
    "Transport",
    "Supplies and services",
    "Agency and contracted services",
    "Transfer payments",
    "Unallocated budget",
    "Controllable recharges",
    "Gross",
    "Income",
    "Grants",
    "Net",
];

/// The column sums of `rows`: the TOTAL row.
pub fn total<'a>(rows: impl IntoIterator<Item = &'a BudgetRowRecord>) -> [Decimal; 12] {
    let mut sums = [Decimal::ZERO; 12];
    for row in rows {
        for (sum, value) in sums.iter_mut().zip(row.columns()) {
            *sum += value;
        }
    }
    sums
}

/// How a typed total differs from the rows' sums.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TotalMismatch {
    /// The difference is exactly one row's amounts: the total leaves that row out (or counts
    /// it twice, when `twice`).
    Row {
        /// The division.
        division: String,
        /// Whether the total counts it twice rather than leaving it out.
        twice: bool,
    },
    /// The columns that differ, with the typed and summed amounts.
    Columns(Vec<(&'static str, Decimal, Decimal)>),
}

/// Compares a typed total (categories, income and grants; gross and net are derived from them)
/// with `rows`; `None` when it agrees.
pub fn check_total(typed: &BudgetRowRecord, rows: &[&BudgetRowRecord]) -> Option<TotalMismatch> {
    let sums = total(rows.iter().copied());
    let given = typed.columns();
    if given == sums {
        return None;
    }
    let difference: Vec<Decimal> = sums.iter().zip(given).map(|(s, g)| s - g).collect();
    for row in rows {
        let columns = row.columns();
        if columns.iter().zip(&difference).all(|(c, d)| c == d) {
            return Some(TotalMismatch::Row {
                division: row.division.clone(),
                twice: false,
            });
        }
        if columns.iter().zip(&difference).all(|(c, d)| -*c == *d) {
            return Some(TotalMismatch::Row {
                division: row.division.clone(),
                twice: true,
            });
        }
    }
    Some(TotalMismatch::Columns(
        HEADINGS
            .iter()
            .zip(given.iter().zip(sums))
            .filter(|(_, (g, s))| *g != s)
            .map(|(h, (g, s))| (*h, *g, s))
            .collect(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::ItemId;
    use crate::service::records::MoneyUnit;

    fn row(division: &str, amounts: [i64; 10]) -> BudgetRowRecord {
        let d = |i: usize| Decimal::from(amounts[i]) * Decimal::from(1000);
        BudgetRowRecord {
            plan: ItemId::new("resources-2022-26").unwrap(),
            year: "2024-25".parse().unwrap(),
            division: division.into(),
            group: None,
            unit: MoneyUnit::Thousands,
            employees: d(0),
            premises: d(1),
            transport: d(2),
            supplies: d(3),
            agency: d(4),
            transfer_payments: d(5),
            unallocated: d(6),
            recharges: d(7),
            income: d(8),
            grants: d(9),
        }
    }

    /// The reference's example (£'000).
    fn resources() -> Vec<BudgetRowRecord> {
        vec![
            row(
                "Finance",
                [4200, 150, 40, 1250, 300, 0, -120, -900, -610, -50],
            ),
            row("Property", [1800, 2400, 60, 500, 25, 0, 0, 1100, -1300, 0]),
            row("Management", [600, 0, 5, 20, 0, 0, -700, 0, 0, 0]),
        ]
    }

    #[test]
    fn gross_net_and_the_total_are_worked_out_from_the_rows() {
        let rows = resources();
        let k = |n: i64| Decimal::from(n) * Decimal::from(1000);
        assert_eq!(rows[0].gross(), k(4920));
        assert_eq!(rows[0].net(), k(4260));
        assert_eq!(rows[2].gross(), k(-75), "gross can be negative");
        let total = total(&rows);
        assert_eq!(total[8], k(10730), "gross");
        assert_eq!(total[9], k(-1910), "income");
        assert_eq!(total[11], k(8770), "net");
    }

    #[test]
    fn a_typed_total_that_leaves_a_row_out_names_it() {
        let rows = resources();
        let all: Vec<&BudgetRowRecord> = rows.iter().collect();
        let right = row(
            "TOTAL",
            [6600, 2550, 105, 1770, 325, 0, -820, 200, -1910, -50],
        );
        assert_eq!(check_total(&right, &all), None);
        // The total of the first two rows only: Management is left out.
        let short = row(
            "TOTAL",
            [6000, 2550, 100, 1750, 325, 0, -120, 200, -1910, -50],
        );
        assert_eq!(
            check_total(&short, &all),
            Some(TotalMismatch::Row {
                division: "Management".into(),
                twice: false
            })
        );
        // A total that is out in one column by a rounding pound names the column.
        let mut rounded = right.clone();
        rounded.premises += Decimal::ONE;
        match check_total(&rounded, &all) {
            Some(TotalMismatch::Columns(columns)) => {
                assert!(columns.iter().any(|(h, _, _)| *h == "Premises"));
            }
            other => panic!("{other:?}"),
        }
    }
}
