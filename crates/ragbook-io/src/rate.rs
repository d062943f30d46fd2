//! The `rate` job: a CSV of key measures in, the same rows out with each one's rating, its
//! deviation from target and the sentence explaining it. Every bad cell is reported at once and
//! nothing is written unless every row is good.

use std::fmt::Write as _;
use std::io::{self, Read, Write};
use std::sync::{Arc, Mutex, mpsc};

use ragbook_core::figure::{FigureError, parse_figure};
use ragbook_core::measure::{Polarity, RatingMethod, Unit};
use ragbook_core::rating::{
    Assessment, Batch, MeasureScheme, RatingInput, deviation_percent, explain,
};
use ragbook_core::rollup::Tally;
use ragbook_core::target::{Target, Yardstick};
use ragbook_core::value::is_status_word;

use crate::problem::{Problem, Problems};
use crate::table::{CsvRows, MAX_PROBLEMS, Row, Table};

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
    let mut rater = Rater::new(table, scheme)?;
    let mut problems = Vec::new();
    let mut rows = table.rows.clone();
    let inputs = rater.rate_rows(table, &mut rows, &mut problems);
    let rows = rows
        .into_iter()
        .zip(inputs)
        .filter(|(_, input)| input.is_some())
        .map(|(row, _)| row.cells)
        .collect();
    if !problems.is_empty() {
        return Err(Problems(problems));
    }
    Ok(Rated {
        tally: rater.take_tally(),
        headers: rater.headers,
        rows,
    })
}

/// Rates CSV from `reader` row by row as it is read, writing the rated rows as CSV to
/// `writer`, in memory that does not grow with the file. On a problem it stops writing and
/// reads on to report every problem (up to a thousand): the caller must then discard what was
/// written.
pub fn rate_csv(
    reader: impl Read + Send,
    file: &str,
    scheme: MeasureScheme<'_>,
    writer: &mut dyn Write,
) -> Result<Tally, RateError> {
    let mut rows = CsvRows::open(reader, file);
    let mut rater = match Rater::new(rows.header(), scheme) {
        Ok(rater) => rater,
        // A problem in the header row (an empty file, a bad heading) explains a missing column.
        Err(missing) => return Err(rows.finish().err().unwrap_or(missing).into()),
    };
    let header = rows.header().clone();
    let mut csv = csv::Writer::from_writer(writer);
    csv.write_record(&rater.headers)?;
    csv.flush()?;
    let writer = csv.into_inner().map_err(|e| e.into_error())?;
    let mut problems = Vec::new();
    // One thread reads and checks the CSV; two rate, explain and write chunks of rows into
    // buffers; this one writes the buffers out in the file's order. Chunks go back to the
    // reader to be refilled, so memory stays the same whatever the file's length.
    let read = std::thread::scope(|scope| {
        let (full, filled) = mpsc::sync_channel::<(usize, Vec<Row>)>(WORKERS);
        let filled = Arc::new(Mutex::new(filled));
        let (emptied, empty) = mpsc::channel::<Vec<Row>>();
        let (done, results) = mpsc::sync_channel::<RatedChunk>(WORKERS * 2);
        let reading = scope.spawn(move || {
            for sequence in 0.. {
                let mut chunk = empty.try_recv().unwrap_or_default();
                let mut count = 0;
                while count < CHUNK {
                    if chunk.len() == count {
                        chunk.push(Row::default());
                    }
                    if !rows.next_row(&mut chunk[count]) {
                        break;
                    }
                    count += 1;
                }
                chunk.truncate(count);
                let last = count < CHUNK;
                // Nobody takes chunks once there are too many problems to go on.
                if (count > 0 && full.send((sequence, chunk)).is_err()) || last {
                    break;
                }
            }
            rows.finish()
        });
        for _ in 0..WORKERS {
            let (filled, done, header) = (Arc::clone(&filled), done.clone(), &header);
            let mut rater = rater.clone();
            scope.spawn(move || {
                loop {
                    let job = filled.lock().ok().and_then(|jobs| jobs.recv().ok());
                    let Some((sequence, mut rows)) = job else {
                        break;
                    };
                    let mut rated = RatedChunk {
                        sequence,
                        ..RatedChunk::default()
                    };
                    let mut out = csv::Writer::from_writer(std::mem::take(&mut rated.bytes));
                    rater.rate_rows(header, &mut rows, &mut rated.problems);
                    if rated.problems.is_empty() {
                        for row in &rows {
                            // Writing to memory cannot fail.
                            let _ = out.write_record(&row.cells);
                        }
                    }
                    rated.bytes = out.into_inner().unwrap_or_default();
                    rated.rows = rows;
                    rated.tally = Some(rater.take_tally());
                    if done.send(rated).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done);
        let mut waiting = std::collections::BTreeMap::new();
        let mut next = 0;
        let mut tally = rater.take_tally();
        for rated in results {
            waiting.insert(rated.sequence, rated);
            while let Some(rated) = waiting.remove(&next) {
                next += 1;
                if let Some(counted) = &rated.tally {
                    tally.add(counted);
                }
                problems.extend(rated.problems);
                if problems.is_empty() {
                    writer.write_all(&rated.bytes)?;
                }
                // The reader may have finished; then the chunk is simply dropped.
                let _ = emptied.send(rated.rows);
            }
            if problems.len() >= MAX_PROBLEMS {
                break;
            }
        }
        drop(filled);
        let read = reading
            .join()
            .map_err(|_| io::Error::other("reading the CSV failed"))?;
        Ok::<_, RateError>((read, tally))
    });
    let (read, tally) = read?;
    read?;
    if !problems.is_empty() {
        return Err(RateError::Problems(Problems(problems)));
    }
    writer.flush()?;
    Ok(tally)
}

/// Threads rating chunks: the machine's second core and more are used by the reader too.
const WORKERS: usize = 2;

/// A chunk rated: its CSV, its problems and its count of ratings, and its rows to reuse.
#[derive(Default)]
struct RatedChunk {
    sequence: usize,
    bytes: Vec<u8>,
    problems: Vec<Problem>,
    tally: Option<Tally>,
    rows: Vec<Row>,
}

/// Rows passed from the reading core to the rating one at a time.
const CHUNK: usize = 4_096;

/// Why a CSV could not be rated.
#[derive(Debug, thiserror::Error)]
pub enum RateError {
    /// Bad cells, named by row and column.
    #[error("{0}")]
    Problems(Problems),
    /// The rated rows could not be written.
    #[error("could not write the rated rows: {0}")]
    Write(#[from] io::Error),
}

impl From<Problems> for RateError {
    fn from(problems: Problems) -> RateError {
        RateError::Problems(problems)
    }
}

impl From<csv::Error> for RateError {
    fn from(error: csv::Error) -> RateError {
        RateError::Write(error.into())
    }
}

/// Rates rows one at a time, filling in the added columns and counting the ratings.
#[derive(Clone)]
struct Rater<'s> {
    scheme: MeasureScheme<'s>,
    columns: Columns,
    /// Where the added columns go in the output.
    added: [usize; 3],
    /// The output's headings.
    headers: Vec<String>,
    tally: Tally,
    /// A chunk's figures: as read (`None` for a row with bad cells), as a batch, and rated.
    inputs: Vec<Option<RatingInput>>,
    batch: Batch,
    assessments: Vec<Assessment>,
}

/// Fills a rated row's added columns (`added`, in the output's `headers`).
fn fill(
    scheme: MeasureScheme<'_>,
    (headers, added): (&[String], [usize; 3]),
    row: &mut Row,
    input: &RatingInput,
    assessment: &Assessment,
) {
    let cells = &mut row.cells;
    cells.resize(headers.len(), String::new());
    let [rating, deviation, explanation] = added;
    cells[rating].clear();
    cells[rating].push_str(&scheme.scheme().category(assessment.rating).label);
    cells[deviation].clear();
    if let Some(d) = deviation_percent(input, DEVIATION_PLACES) {
        // Writing to a String cannot fail.
        let _ = write!(cells[deviation], "{d}");
    }
    cells[explanation] = explain(scheme, input, assessment);
}

impl<'s> Rater<'s> {
    fn new(table: &Table, scheme: MeasureScheme<'s>) -> Result<Rater<'s>, Problems> {
        let columns = table.require(&REQUIRED_COLUMNS)?;
        let [measure, actual, target, unit, polarity, method] = columns[..] else {
            unreachable!("require returns one index per name");
        };
        let mut headers = table.headers.clone();
        let added = ADDED_COLUMNS.map(|name| {
            table.column(name).unwrap_or_else(|| {
                headers.push(name.to_owned());
                headers.len() - 1
            })
        });
        Ok(Rater {
            scheme,
            columns: Columns {
                measure,
                actual,
                target,
                unit,
                polarity,
                method,
            },
            added,
            headers,
            tally: Tally::of(scheme.scheme(), []),
            inputs: Vec::new(),
            batch: Batch::default(),
            assessments: Vec::new(),
        })
    }

    /// Rates `rows` in place as one batch, widening each to the output's columns; rows with
    /// bad cells are reported and left as they are. Gives each row's figures, `None` for a
    /// row not rated.
    fn rate_rows(
        &mut self,
        table: &Table,
        rows: &mut [Row],
        problems: &mut Vec<Problem>,
    ) -> &[Option<RatingInput>] {
        self.inputs.clear();
        self.batch.clear();
        for row in rows.iter() {
            let mut complain = |column: usize, message: String| {
                problems.push(Problem {
                    location: table.location(row, column),
                    message,
                });
            };
            let input = read_row(row, &self.columns, &mut complain);
            if let Some(input) = &input {
                self.batch.push(input);
            }
            self.inputs.push(input);
        }
        self.scheme.rate_batch(&self.batch, &mut self.assessments);
        let mut assessments = self.assessments.iter();
        for (row, input) in rows.iter_mut().zip(&self.inputs) {
            if let (Some(input), Some(assessment)) = (input, assessments.next()) {
                self.tally.push(assessment.rating);
                fill(
                    self.scheme,
                    (&self.headers, self.added),
                    row,
                    input,
                    assessment,
                );
            }
        }
        &self.inputs
    }

    /// The ratings counted so far, starting the count again.
    fn take_tally(&mut self) -> Tally {
        let empty = Tally::of(self.scheme.scheme(), []);
        std::mem::replace(&mut self.tally, empty)
    }
}

#[derive(Clone)]
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
