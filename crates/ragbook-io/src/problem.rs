//! A problem in an input file, with where it is and what was expected: the one error shape
//! every reader in ragbook reports, so an officer can find and fix each cell.

use std::fmt;

/// Where in an input a problem is. Rows are numbered as a spreadsheet numbers them: the header
/// is row 1, the first data row is row 2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file, as the user named it.
    pub file: String,
    /// The sheet, for workbooks.
    pub sheet: Option<String>,
    /// The row, if the problem is in one.
    pub row: Option<u64>,
    /// The column heading, if the problem is in one column.
    pub column: Option<String>,
}

/// One thing wrong with an input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where.
    pub location: Location,
    /// What was found and what was expected.
    pub message: String,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(sheet) = &self.sheet {
            write!(f, ", sheet '{sheet}'")?;
        }
        if let Some(row) = self.row {
            write!(f, ", row {row}")?;
        }
        if let Some(column) = &self.column {
            write!(f, ", column '{column}'")?;
        }
        Ok(())
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

/// Every problem found in an input, reported together; nothing was written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} problem{} found; nothing was written:\n{}", .0.len(), if .0.len() == 1 { "" } else { "s" }, list(.0))]
pub struct Problems(pub Vec<Problem>);

fn list(problems: &[Problem]) -> String {
    const SHOWN: usize = 50;
    let mut text: Vec<String> = problems
        .iter()
        .take(SHOWN)
        .map(|p| format!("  {p}"))
        .collect();
    if problems.len() > SHOWN {
        text.push(format!("  ... and {} more", problems.len() - SHOWN));
    }
    text.join("\n")
}
