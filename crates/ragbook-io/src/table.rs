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
    /// Column headings, as written (trimmed).
    pub headers: Vec<String>,
    /// Data rows that are not entirely blank.
    pub rows: Vec<Row>,
}

/// One data row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Its row number as a spreadsheet shows it (the header is row 1).
    pub number: u64,
    /// Its cells, one per heading (short rows are padded with blanks).
    pub cells: Vec<String>,
}

impl Table {
    /// Reads CSV from `reader`; `file` names it in problems.
    pub fn read_csv(reader: impl Read, file: &str) -> Result<Table, Problems> {
        let mut csv = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(reader);
        let location = |row: u64, column: Option<String>| Location {
            file: file.to_owned(),
            sheet: None,
            row: Some(row),
            column,
        };
        let mut problems = Vec::new();
        let mut headers: Option<Vec<String>> = None;
        let mut rows = Vec::new();
        let mut record = csv::ByteRecord::new();
        let mut number = 0_u64;
        loop {
            match csv.read_byte_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(error) => {
                    let row = error.position().map_or(number + 1, |p| p.record() + 1);
                    problems.push(Problem {
                        location: location(row, None),
                        message: format!("the file could not be read as CSV: {error}"),
                    });
                    break;
                }
            }
            number += 1;
            let mut cells = Vec::with_capacity(record.len());
            for (index, bytes) in record.iter().enumerate() {
                let bytes = if number == 1 && index == 0 {
                    bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes)
                } else {
                    bytes
                };
                match std::str::from_utf8(bytes) {
                    Ok(text) => cells.push(text.to_owned()),
                    Err(_) => {
                        let column = headers.as_ref().and_then(|h| h.get(index).cloned());
                        problems.push(Problem {
                            location: location(number, column.or_else(|| Some(column_letter(index)))),
                            message: "the text is not UTF-8; in Excel, save with 'CSV UTF-8 (Comma delimited)'".into(),
                        });
                        cells.push(String::new());
                    }
                }
            }
            match &headers {
                None => {
                    let trimmed: Vec<String> = cells.iter().map(|c| c.trim().to_owned()).collect();
                    for (index, heading) in trimmed.iter().enumerate() {
                        if heading.is_empty() {
                            problems.push(Problem {
                                location: location(1, Some(column_letter(index))),
                                message: "a column has no heading".into(),
                            });
                        } else if trimmed[..index]
                            .iter()
                            .any(|h| h.eq_ignore_ascii_case(heading))
                        {
                            problems.push(Problem {
                                location: location(1, Some(heading.clone())),
                                message: "this heading appears more than once".into(),
                            });
                        }
                    }
                    headers = Some(trimmed);
                }
                Some(headers) => {
                    if cells.iter().all(|c| c.trim().is_empty()) {
                        continue;
                    }
                    if cells.len() > headers.len() {
                        let extra = &cells[headers.len()..];
                        if extra.iter().any(|c| !c.trim().is_empty()) {
                            problems.push(Problem {
                                location: location(number, None),
                                message: format!(
                                    "the row has {} cells but there are only {} headings; is there an unquoted comma in a cell?",
                                    cells.len(),
                                    headers.len()
                                ),
                            });
                        }
                        cells.truncate(headers.len());
                    }
                    cells.resize(headers.len(), String::new());
                    rows.push(Row { number, cells });
                }
            }
        }
        let Some(headers) = headers else {
            return Err(Problems(vec![Problem {
                location: Location {
                    file: file.to_owned(),
                    sheet: None,
                    row: None,
                    column: None,
                },
                message: "the file is empty; expected a header row".into(),
            }]));
        };
        if problems.is_empty() {
            Ok(Table {
                file: file.to_owned(),
                headers,
                rows,
            })
        } else {
            Err(Problems(problems))
        }
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
                    sheet: None,
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
            sheet: None,
            row: Some(row.number),
            column: self.headers.get(column).cloned(),
        }
    }
}

/// Excel's letter for a column index: 0 is A, 26 is AA.
fn column_letter(index: usize) -> String {
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
        let error = read(b"measure,Measure,\n").unwrap_err();
        assert!(
            error.contains("column 'Measure': this heading appears more than once"),
            "{error}"
        );
        assert!(
            error.contains("column 'C': a column has no heading"),
            "{error}"
        );
        assert!(read(b"").unwrap_err().contains("the file is empty"));
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
