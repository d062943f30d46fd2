//! The `rate` job: a CSV of key measures in, the same rows out with each one's rating, its
//! deviation from target and the sentence explaining it. Every bad cell is reported at once and
//! nothing is written unless every row is good.

use std::io::{self, Write};

use ragbook_core::figure::{FigureError, parse_figure};
use ragbook_core::measure::{Polarity, RatingMethod, Unit};
use ragbook_core::rating::{MeasureScheme, RatingInput, deviation_percent, explain};
use ragbook_core::rollup::Tally;
use ragbook_core::target::{Target, Yardstick};
use ragbook_core::value::is_status_word;

use crate::problem::{Problem, Problems};
use crate::table::{Row, Table};

/// Columns the input must have.
pub const REQUIRED_COLUMNS: [&str; 6] =
    ["measure", "actual", "target", "unit", "polarity", "method"];

/// Columns the output adds (or fills, if the input already has them).
pub const ADDED_COLUMNS: [&str; 3] = ["rating", "deviation_pct", "explanation"];

/// Decimal places of `deviation_pct`.
pub const DEVIATION_PLACES: u32 = 1;

/// The rated table, ready to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rated {
    /// Headings: the input's, then any of [`ADDED_COLUMNS`] it lacked.
    pub headers: Vec<String>,
    /// Rows in input order.
    pub rows: Vec<Vec<String>>,
    /// How many rows got each rating.
    pub tally: Tally,
}

/// Rates every row of `table` with `scheme`, or reports every problem in it.
pub fn rate_table(table: &Table, scheme: MeasureScheme<'_>) -> Result<Rated, Problems> {
    let columns = table.require(&REQUIRED_COLUMNS)?;
    let [measure, actual, target, unit, polarity, method] = columns[..] else {
        unreachable!("require returns one index per name");
    };
    let mut headers = table.headers.clone();
    let added: Vec<usize> = ADDED_COLUMNS
        .iter()
        .map(|name| {
            table.column(name).unwrap_or_else(|| {
                headers.push((*name).to_owned());
                headers.len() - 1
            })
        })
        .collect();

    let mut problems = Vec::new();
    let mut rows = Vec::with_capacity(table.rows.len());
    let mut ratings = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        let mut complain = |column: usize, message: String| {
            problems.push(Problem {
                location: table.location(row, column),
                message,
            });
        };
        let columns = Columns {
            measure,
            actual,
            target,
            unit,
            polarity,
            method,
        };
        let Some(input) = read_row(row, &columns, &mut complain) else {
            continue;
        };
        let assessment = scheme.rate(&input);
        ratings.push(assessment.rating);
        let mut cells = row.cells.clone();
        cells.resize(headers.len(), String::new());
        cells[added[0]] = scheme.scheme().category(assessment.rating).label.clone();
        cells[added[1]] = deviation_percent(&input, DEVIATION_PLACES)
            .map(|d| d.to_string())
            .unwrap_or_default();
        cells[added[2]] = explain(scheme, &input, &assessment);
        rows.push(cells);
    }
    if !problems.is_empty() {
        return Err(Problems(problems));
    }
    Ok(Rated {
        headers,
        rows,
        tally: Tally::of(scheme.scheme(), ratings),
    })
}

struct Columns {
    measure: usize,
    actual: usize,
    target: usize,
    unit: usize,
    polarity: usize,
    method: usize,
}

/// Reads one row into a rating input, reporting each bad cell; `None` if any was bad.
fn read_row(
    row: &Row,
    columns: &Columns,
    complain: &mut impl FnMut(usize, String),
) -> Option<RatingInput> {
    let cell = |index: usize| row.cells[index].trim();
    let mut ok = true;
    let mut fail = |column, message: String| {
        ok = false;
        complain(column, message);
    };
    if cell(columns.measure).is_empty() {
        fail(
            columns.measure,
            "expected the measure's name, found a blank".into(),
        );
    }
    let unit = cell(columns.unit)
        .parse::<Unit>()
        .map_err(|e| fail(columns.unit, e.to_string()))
        .ok();
    let polarity = match cell(columns.polarity).parse::<Polarity>() {
        Ok(Polarity::None) => {
            fail(columns.polarity, "expected higher or lower: a measure rated against a target needs a better direction".into());
            None
        }
        Ok(polarity) => Some(polarity),
        Err(error) => {
            fail(columns.polarity, error.to_string());
            None
        }
    };
    let method = match cell(columns.method).parse::<RatingMethod>() {
        Ok(method @ (RatingMethod::Threshold | RatingMethod::Comparator)) => Some(method),
        Ok(other) => {
            fail(
                columns.method,
                format!(
                    "expected threshold or comparator; `ragbook rate` does not rate by method {}",
                    other.code()
                ),
            );
            None
        }
        Err(error) => {
            fail(columns.method, error.to_string());
            None
        }
    };
    let unit = unit?;
    let actual_text = cell(columns.actual);
    let actual = if actual_text.is_empty() || is_status_word(actual_text) {
        None
    } else {
        match parse_figure(actual_text, unit) {
            Ok(value) => Some(value),
            Err(FigureError::NotANumber { found }) => {
                fail(
                    columns.actual,
                    format!(
                        "expected a figure such as 1,506, 4.7% or £2,921,500, or a status such as 'Data due in Q3', found {found:?}"
                    ),
                );
                None
            }
            Err(error) => {
                fail(columns.actual, error.to_string());
                None
            }
        }
    };
    let target = match Target::parse(cell(columns.target), unit) {
        Ok(target) => Some(target),
        Err(FigureError::NotANumber { found }) => {
            fail(
                columns.target,
                format!(
                    "expected a target: a figure such as 5.1%, a range such as 15-21, a bound such as '2% or less', or Not set, Monitor or Baseline; found {found:?}"
                ),
            );
            None
        }
        Err(error) => {
            fail(columns.target, error.to_string());
            None
        }
    };
    if !ok {
        return None;
    }
    let (polarity, method, target) = (polarity?, method?, target?);
    // A range or bound sets which side is better for this comparison.
    let (target, polarity) = match actual.map(|a| target.yardstick(a, polarity, None)) {
        Some(Yardstick::Figure { target, polarity }) => (Some(target), polarity),
        _ => match target {
            Target::Figure { value } => (Some(value), polarity),
            _ => (None, polarity),
        },
    };
    Some(RatingInput {
        actual,
        target,
        unit,
        polarity,
        method,
    })
}

/// Writes the rated table as CSV.
pub fn write_csv(rated: &Rated, writer: &mut dyn Write) -> io::Result<()> {
    let mut csv = csv::Writer::from_writer(writer);
    csv.write_record(&rated.headers)?;
    for row in &rated.rows {
        csv.write_record(row)?;
    }
    csv.flush()
}
