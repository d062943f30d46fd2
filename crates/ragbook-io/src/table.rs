//! A CSV table as officers save it from Excel: a header row, then data rows. Reading checks
//! what Excel users get wrong (a byte-order mark, a file saved in a legacy encoding, rows with
//! too many cells, duplicate headings) and reports each with its row and column.

use std::io::Read;

use crate::problem::{Location, Problem, Problems};

/// A table read from a file: headings and the data rows below them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// The file, as the user named it.
    pub file: String,
    /// The sheet, for a table read from a workbook.
    pub sheet: Option<String>,
    /// Column headings, as written (trimmed).
    pub headers: Vec<String>,
    /// Data rows that are not entirely blank.
    pub rows: Vec<Row>,
}

/// One data row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Row {
    /// Its row number as a spreadsheet shows it (the header is row 1).
    pub number: u64,
    /// Its cells, one per heading (short rows are padded with blanks).
    pub cells: Vec<String>,
}

impl Table {
    /// Reads CSV from `reader`; `file` names it in problems.
    pub fn read_csv(reader: impl Read, file: &str) -> Result<Table, Problems> {
        let mut csv = CsvRows::open(reader, file);
        let mut rows = Vec::new();
        let mut row = Row::default();
        while csv.next_row(&mut row) {
            if !csv.builder.room_for(rows.len()) {
                break;
            }
            rows.push(std::mem::take(&mut row));
        }
        csv.finish().map(|header| Table { rows, ..header })
    }

    /// A table from rows of cell text already read (from a workbook sheet); the first row is
    /// the header.
    pub fn from_rows(
        file: &str,
        sheet: Option<&str>,
        rows: impl IntoIterator<Item = Vec<String>>,
    ) -> Result<Table, Problems> {
        let mut builder = Builder::new(file, sheet);
        let mut kept = Vec::new();
        for mut cells in rows {
            match builder.push(&mut cells) {
                Pushed::Stop => break,
                Pushed::Row if !builder.room_for(kept.len()) => break,
                Pushed::Row => kept.push(Row {
                    number: builder.number,
                    cells,
                }),
                Pushed::Header | Pushed::Blank => {}
            }
        }
        builder.finish().map(|header| Table {
            rows: kept,
            ..header
        })
    }

    /// The index of the column headed `name` (ignoring case), if there is one.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.headers
            .iter()
            .position(|h| h.eq_ignore_ascii_case(name))
    }

    /// The indices of the columns `names`, or a problem naming every one that is missing.
    pub fn require(&self, names: &[&str]) -> Result<Vec<usize>, Problems> {
        let missing: Vec<&str> = names
            .iter()
            .copied()
            .filter(|n| self.column(n).is_none())
            .collect();
        if !missing.is_empty() {
            return Err(Problems(vec![Problem {
                location: Location {
                    file: self.file.clone(),
                    sheet: self.sheet.clone(),
                    row: Some(1),
                    column: None,
                },
                message: format!(
                    "missing column{} {}; the header row has {}",
                    if missing.len() == 1 { "" } else { "s" },
                    missing.join(", "),
                    self.headers.join(", ")
                ),
            }]));
        }
        Ok(names.iter().filter_map(|n| self.column(n)).collect())
    }

    /// Where the cell of `row` under column `column` is.
    pub fn location(&self, row: &Row, column: usize) -> Location {
        Location {
            file: self.file.clone(),
            sheet: self.sheet.clone(),
            row: Some(row.number),
            column: self.headers.get(column).cloned(),
        }
    }
}

/// Most characters in a cell, as in Excel.
pub const MAX_CELL_CHARS: usize = 32_767;

/// Most data rows in one table. A council's largest table (measure values) has thousands;
/// this leaves room for decades of monthly figures while keeping memory bounded.
pub const MAX_ROWS: u64 = 5_000_000;

/// Most problems reported from one table: reading stops there.
pub const MAX_PROBLEMS: usize = 1_000;

/// Builds a table row by row, collecting problems as it goes.
struct Builder {
    file: String,
    sheet: Option<String>,
    headers: Option<Vec<String>>,
    problems: Vec<Problem>,
    number: u64,
}

impl Builder {
    fn new(file: &str, sheet: Option<&str>) -> Builder {
        Builder {
            file: file.to_owned(),
            sheet: sheet.map(str::to_owned),
            headers: None,
            problems: Vec::new(),
            number: 0,
        }
    }

    fn problem(&mut self, row: u64, column: Option<String>, message: String) {
        self.problems.push(Problem {
            location: Location {
                file: self.file.clone(),
                sheet: self.sheet.clone(),
                row: Some(row),
                column,
            },
            message,
        });
    }

    fn column_name(&self, index: usize) -> String {
        self.headers
            .as_ref()
            .and_then(|h| h.get(index).cloned())
            .unwrap_or_else(|| column_letter(index))
    }

    /// Whether a table already holding `held` rows may take one more; if not, says so.
    fn room_for(&mut self, held: usize) -> bool {
        if held as u64 >= MAX_ROWS {
            self.problem(
                self.number,
                None,
                format!("the table has more than {MAX_ROWS} rows; split it into several packages"),
            );
            return false;
        }
        true
    }

    /// Checks the next row, evening its cells to the headings.
    fn push(&mut self, cells: &mut Vec<String>) -> Pushed {
        self.number += 1;
        let number = self.number;
        if self.problems.len() >= MAX_PROBLEMS {
            return Pushed::Stop;
        }
        for (index, cell) in cells.iter_mut().enumerate() {
            // A cell has at least as many bytes as characters: count only long ones.
            if cell.len() > MAX_CELL_CHARS && cell.chars().count() > MAX_CELL_CHARS {
                let column = self.column_name(index);
                self.problem(
                    number,
                    Some(column),
                    format!("the cell has more than {MAX_CELL_CHARS} characters"),
                );
                cell.clear();
            }
        }
        let Some(headers) = &self.headers else {
            let trimmed: Vec<String> = cells.iter().map(|c| c.trim().to_owned()).collect();
            let mut last = trimmed.len();
            while last > 0 && trimmed[last - 1].is_empty() {
                last -= 1; // trailing empty headings are spreadsheet padding, not columns
            }
            let trimmed = trimmed[..last].to_vec();
            for (index, heading) in trimmed.iter().enumerate() {
                if heading.is_empty() {
                    self.problem(
                        1,
                        Some(column_letter(index)),
                        "a column has no heading".into(),
                    );
                } else if trimmed[..index]
                    .iter()
                    .any(|h| h.eq_ignore_ascii_case(heading))
                {
                    self.problem(
                        1,
                        Some(heading.clone()),
                        "this heading appears more than once".into(),
                    );
                }
            }
            self.headers = Some(trimmed);
            return Pushed::Header;
        };
        if cells.iter().all(|c| c.trim().is_empty()) {
            return Pushed::Blank;
        }
        let width = headers.len();
        if cells.len() > width {
            if cells[width..].iter().any(|c| !c.trim().is_empty()) {
                let count = cells.len();
                self.problem(
                    number,
                    None,
                    format!("the row has {count} cells but there are only {width} headings; is there an unquoted comma in a cell?"),
                );
            }
            cells.truncate(width);
        }
        cells.resize(width, String::new());
        Pushed::Row
    }

    fn finish(self) -> Result<Table, Problems> {
        let Some(headers) = self.headers else {
            return Err(Problems(vec![Problem {
                location: Location {
                    file: self.file,
                    sheet: self.sheet,
                    row: None,
                    column: None,
                },
                message: "the table is empty; expected a header row".into(),
            }]));
        };
        if !self.problems.is_empty() {
            return Err(Problems(self.problems));
        }
        Ok(Table {
            file: self.file,
            sheet: self.sheet,
            headers,
            rows: Vec::new(),
        })
    }
}

/// What a row turned out to be.
enum Pushed {
    Header,
    Blank,
    Row,
    /// Too many problems to go on.
    Stop,
}

/// A CSV file read one row at a time and checked as [`Table::read_csv`] checks it, for files
/// too long to hold in memory: the header first, then each data row into the caller's buffer.
pub struct CsvRows<R: Read> {
    csv: csv::Reader<R>,
    record: csv::ByteRecord,
    builder: Builder,
    /// The headings as a table without rows, for [`Table::column`] and [`Table::location`].
    header: Table,
}

impl<R: Read> CsvRows<R> {
    /// Starts reading CSV from `reader` (`file` names it in problems) and reads its header row.
    pub fn open(reader: R, file: &str) -> CsvRows<R> {
        let csv = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(reader);
        let mut rows = CsvRows {
            csv,
            record: csv::ByteRecord::new(),
            builder: Builder::new(file, None),
            header: Table {
                file: file.to_owned(),
                sheet: None,
                headers: Vec::new(),
                rows: Vec::new(),
            },
        };
        let mut cells = Vec::new();
        while rows.builder.headers.is_none() && rows.read(&mut cells) {
            rows.builder.push(&mut cells);
        }
        rows.header.headers = rows.builder.headers.clone().unwrap_or_default();
        rows
    }

    /// The headings, with no rows.
    pub fn header(&self) -> &Table {
        &self.header
    }

    /// Reads the next data row that is not blank into `row`, reusing its cells' memory;
    /// false at the end of the file or when there are too many problems to go on.
    pub fn next_row(&mut self, row: &mut Row) -> bool {
        loop {
            if self.builder.headers.is_none() || !self.read(&mut row.cells) {
                return false;
            }
            match self.builder.push(&mut row.cells) {
                Pushed::Row => {
                    row.number = self.builder.number;
                    return true;
                }
                Pushed::Stop => return false,
                Pushed::Header | Pushed::Blank => {}
            }
        }
    }

    /// The problems found in reading, or the headings as a table without rows.
    pub fn finish(self) -> Result<Table, Problems> {
        self.builder.finish()
    }

    /// Reads the next record's cells as text, each bad one reported and left blank.
    fn read(&mut self, cells: &mut Vec<String>) -> bool {
        let builder = &mut self.builder;
        match self.csv.read_byte_record(&mut self.record) {
            Ok(true) => {}
            Ok(false) => return false,
            Err(error) => {
                let row = error
                    .position()
                    .map_or(builder.number + 1, |p| p.record() + 1);
                builder.problem(
                    row,
                    None,
                    format!("the file could not be read as CSV: {error}"),
                );
                return false;
            }
        }
        let number = builder.number + 1;
        cells.truncate(self.record.len());
        for (index, bytes) in self.record.iter().enumerate() {
            let bytes = if number == 1 && index == 0 {
                bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes)
            } else {
                bytes
            };
            let text = std::str::from_utf8(bytes).unwrap_or_else(|_| {
                let column = builder.column_name(index);
                builder.problem(
                    number,
                    Some(column),
                    "the text is not UTF-8; in Excel, save with 'CSV UTF-8 (Comma delimited)'"
                        .into(),
                );
                ""
            });
            match cells.get_mut(index) {
                Some(cell) => {
                    cell.clear();
                    cell.push_str(text);
                }
                None => cells.push(text.to_owned()),
            }
        }
        true
    }
}

/// Excel's letter for a column index: 0 is A, 26 is AA.
pub fn column_letter(index: usize) -> String {
    let mut letters = Vec::new();
    let mut n = index + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bytes: &[u8]) -> Result<Table, String> {
        Table::read_csv(bytes, "in.csv").map_err(|e| e.to_string())
    }

    #[test]
    fn reads_excel_csv_with_a_byte_order_mark_and_blank_rows() {
        let table =
            read("\u{feff}Measure,Actual\nSickness,4.7%\n,\n\"Time, to hire\",64.1\n".as_bytes())
                .unwrap();
        assert_eq!(table.headers, ["Measure", "Actual"]);
        assert_eq!(table.rows.len(), 2);
        assert_eq!(table.rows[1].number, 4, "row numbers count the blank row");
        assert_eq!(table.rows[1].cells, ["Time, to hire", "64.1"]);
        assert_eq!(table.column("actual"), Some(1));
    }

    #[test]
    fn names_each_problem_with_its_row_and_column() {
        let error = read(b"measure,actual\nA,\xe9\nB,1,2\n").unwrap_err();
        assert!(
            error.contains("in.csv, row 2, column 'actual': the text is not UTF-8"),
            "{error}"
        );
        assert!(
            error.contains("in.csv, row 3: the row has 3 cells but there are only 2 headings"),
            "{error}"
        );
        assert!(
            error.starts_with("2 problems found; nothing was written"),
            "{error}"
        );
        let error = read(b"measure,,Measure,\n").unwrap_err();
        assert!(
            error.contains("column 'Measure': this heading appears more than once"),
            "{error}"
        );
        assert!(
            error.contains("column 'B': a column has no heading"),
            "{error}"
        );
        assert!(read(b"").unwrap_err().contains("the table is empty"));
        let table = read(b"a,b\n1,2\n").unwrap();
        let error = table
            .require(&["a", "unit", "polarity"])
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("row 1: missing columns unit, polarity; the header row has a, b"),
            "{error}"
        );
    }

    #[test]
    fn column_letters_follow_excel() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(701), "ZZ");
    }
}
