//! Reading a package's tables from where they are: a folder of CSV files or one XLSX workbook.
//! Workbooks are checked for zip bombs before they are opened: every part is inflated into a
//! counter with a hard limit, so a small file cannot expand into gigabytes.

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Cursor, Read};
use std::path::Path;

use calamine::{Data, Reader, Xlsx};

use super::definition::{TABLES, table};
use crate::problem::{Location, Problem, Problems};
use crate::table::Table;

/// Largest workbook file read.
pub const MAX_WORKBOOK_BYTES: u64 = 256 * 1024 * 1024;
/// Most bytes a workbook may inflate to, all parts together.
pub const MAX_INFLATED_BYTES: u64 = 2 * 1024 * 1024 * 1024;
/// Largest ratio of inflated to compressed size for one part. Real sheets compress 5 to 30
/// times; a zip bomb hundreds or thousands of times.
pub const MAX_RATIO: u64 = 200;

/// A package's tables as read, before their cells are checked, and its settings text.
#[derive(Debug, Default)]
pub struct RawPackage {
    /// Tables present, in definition order, with their names.
    pub tables: Vec<(&'static str, Table)>,
    /// The settings file's text, if the package has one.
    pub settings: Option<String>,
    /// Earlier plans' own settings, by plan id (`settings.<plan id>.toml`, or the workbook's
    /// `plan_settings` sheet).
    pub plan_settings: BTreeMap<String, String>,
    /// Files in a package folder that are not tables (notes, Word files), left alone.
    pub ignored: Vec<String>,
}

/// Earlier plans' own settings from the workbook's `plan_settings` sheet: a row per line,
/// (plan id, line).
fn plan_settings_sheet(
    workbook: &mut Xlsx<Cursor<Vec<u8>>>,
) -> Result<BTreeMap<String, String>, calamine::XlsxError> {
    let range = workbook.worksheet_range(super::write::PLAN_SETTINGS_SHEET)?;
    let mut lines: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for row in range.rows().skip(1) {
        let plan = row.first().map(cell_text).unwrap_or_default();
        if plan.trim().is_empty() {
            continue;
        }
        let line = row.get(1).map(cell_text).unwrap_or_default();
        lines.entry(plan.trim().to_owned()).or_default().push(line);
    }
    Ok(lines
        .into_iter()
        .map(|(plan, lines)| (plan, lines.join("\n") + "\n"))
        .collect())
}

/// The plan whose own settings a file holds: `settings.<plan id>.toml`.
pub(crate) fn plan_settings_file(name: &str) -> Option<&str> {
    name.strip_prefix("settings.")?
        .strip_suffix(".toml")
        .filter(|plan| !plan.is_empty())
}

fn problem_at(file: &str, sheet: Option<&str>, message: String) -> Problem {
    Problem {
        location: Location {
            file: file.to_owned(),
            sheet: sheet.map(str::to_owned),
            row: None,
            column: None,
        },
        message,
    }
}

/// Reads a package: a folder (`<table>.csv` files and `settings.toml`) or an `.xlsx` workbook
/// (a sheet per table). `settings` names a settings file to use instead of the package's own.
pub fn read(path: &Path, settings: Option<&Path>) -> Result<RawPackage, Problems> {
    let shown = path.display().to_string();
    let mut package = if path.is_dir() {
        read_folder(path)?
    } else if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
    {
        read_workbook(path)?
    } else if path.exists() {
        return Err(Problems(vec![problem_at(
            &shown,
            None,
            "expected a folder of CSV files or an .xlsx workbook".into(),
        )]));
    } else {
        return Err(Problems(vec![problem_at(
            &shown,
            None,
            "no such file or folder".into(),
        )]));
    };
    if let Some(settings) = settings {
        package.settings = Some(fs::read_to_string(settings).map_err(|e| {
            Problems(vec![problem_at(
                &settings.display().to_string(),
                None,
                format!("could not read the settings file: {e}"),
            )])
        })?);
    }
    Ok(package)
}

fn read_folder(folder: &Path) -> Result<RawPackage, Problems> {
    let mut problems = Vec::new();
    let mut package = RawPackage::default();
    let entries = fs::read_dir(folder).map_err(|e| {
        Problems(vec![problem_at(
            &folder.display().to_string(),
            None,
            format!("could not read the folder: {e}"),
        )])
    })?;
    let mut names: Vec<(String, bool)> = entries
        .filter_map(Result::ok)
        .map(|e| {
            let is_file = e.file_type().is_ok_and(|t| t.is_file());
            (e.file_name().to_string_lossy().into_owned(), is_file)
        })
        .collect();
    names.sort();
    for (name, is_file) in &names {
        let csv = name
            .rsplit_once('.')
            .is_some_and(|(_, extension)| extension.eq_ignore_ascii_case("csv"));
        let plan_settings = plan_settings_file(name);
        let known = name == "settings.toml"
            || plan_settings.is_some()
            || name.starts_with('.')
            || name.eq_ignore_ascii_case("README.md")
            || name
                .strip_suffix(".csv")
                .is_some_and(|stem| table(stem).is_some());
        if !known && (!csv || !is_file) {
            // Officers keep notes and Word files beside the tables: not data, so left alone.
            // A CSV file with a name that is no table's is refused: its rows would be lost.
            if !name.starts_with('~') {
                package.ignored.push(name.clone());
            }
        } else if !known {
            let expected: Vec<String> = TABLES.iter().map(|t| format!("{}.csv", t.name)).collect();
            problems.push(problem_at(
                &folder.join(name).display().to_string(),
                None,
                format!(
                    "a CSV file that is not a table of a ragbook package (its rows would be lost); the tables are {}",
                    expected.join(", ")
                ),
            ));
        }
    }
    for definition in TABLES {
        let path = folder.join(format!("{}.csv", definition.name));
        if !path.exists() {
            continue;
        }
        let shown = path.display().to_string();
        match fs::File::open(&path) {
            Ok(file) => {
                match Table::read_csv(io::BufReader::with_capacity(1 << 20, file), &shown) {
                    Ok(table) => package.tables.push((definition.name, table)),
                    Err(Problems(found)) => problems.extend(found),
                }
            }
            Err(error) => {
                problems.push(problem_at(&shown, None, format!("could not open: {error}")))
            }
        }
    }
    for (name, _) in &names {
        let Some(plan) = plan_settings_file(name) else {
            continue;
        };
        let path = folder.join(name);
        match fs::read_to_string(&path) {
            Ok(text) => {
                package.plan_settings.insert(plan.to_owned(), text);
            }
            Err(error) => problems.push(problem_at(
                &path.display().to_string(),
                None,
                format!("could not read: {error} (it must be UTF-8 text)"),
            )),
        }
    }
    let settings = folder.join("settings.toml");
    if settings.exists() {
        match fs::read_to_string(&settings) {
            Ok(text) => package.settings = Some(text),
            Err(error) => problems.push(problem_at(
                &settings.display().to_string(),
                None,
                format!("could not read: {error} (it must be UTF-8 text)"),
            )),
        }
    }
    if problems.is_empty() {
        Ok(package)
    } else {
        Err(Problems(problems))
    }
}

fn read_workbook(path: &Path) -> Result<RawPackage, Problems> {
    let shown = path.display().to_string();
    let fail = |message: String| Problems(vec![problem_at(&shown, None, message)]);
    let size = fs::metadata(path)
        .map_err(|e| fail(format!("could not read: {e}")))?
        .len();
    if size > MAX_WORKBOOK_BYTES {
        return Err(fail(format!(
            "the workbook is {} MB; ragbook reads workbooks of up to {} MB (use a folder of CSV files for more)",
            size / 1_000_000,
            MAX_WORKBOOK_BYTES / 1_000_000
        )));
    }
    let bytes = fs::read(path).map_err(|e| fail(format!("could not read: {e}")))?;
    read_workbook_bytes(bytes, &shown)
}

/// Reads a package from the bytes of an XLSX workbook; `shown` names it in problems.
pub fn read_workbook_bytes(bytes: Vec<u8>, shown: &str) -> Result<RawPackage, Problems> {
    let fail = |message: String| Problems(vec![problem_at(shown, None, message)]);
    check_inflation(&bytes).map_err(fail)?;
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| {
        fail(format!(
            "not a readable .xlsx workbook ({e}); save it from Excel as 'Excel Workbook (*.xlsx)'"
        ))
    })?;
    let sheet_names = workbook.sheet_names();
    let mut problems = Vec::new();
    for name in &sheet_names {
        let known = table(name).is_some()
            || name.eq_ignore_ascii_case("Read me")
            || name == super::write::SETTINGS_SHEET
            || name == super::write::PLAN_SETTINGS_SHEET
            || name.starts_with('#');
        if !known {
            let expected: Vec<&str> = TABLES.iter().map(|t| t.name).collect();
            problems.push(problem_at(
                shown,
                Some(name),
                format!(
                    "not a sheet of a ragbook package; its sheets are {} (and 'Read me')",
                    expected.join(", ")
                ),
            ));
        }
    }
    let mut package = RawPackage::default();
    for definition in TABLES {
        if !sheet_names.iter().any(|n| n == definition.name) {
            continue;
        }
        let range = match workbook.worksheet_range(definition.name) {
            Ok(range) => range,
            Err(error) => {
                problems.push(problem_at(
                    shown,
                    Some(definition.name),
                    format!("could not read the sheet: {error}"),
                ));
                continue;
            }
        };
        // Row numbers in problems are Excel's, so the header must be Excel's row 1.
        if range.start().is_some_and(|(row, _)| row > 0) {
            problems.push(problem_at(
                shown,
                Some(definition.name),
                "the header must be in row 1".into(),
            ));
            continue;
        }
        let column_offset = range.start().map_or(0, |(_, column)| column as usize);
        let rows = range.rows().map(|cells| {
            let mut texts = vec![String::new(); column_offset];
            texts.extend(cells.iter().map(cell_text));
            texts
        });
        match Table::from_rows(shown, Some(definition.name), rows) {
            Ok(table) => package.tables.push((definition.name, table)),
            Err(Problems(found)) => problems.extend(found),
        }
    }
    if sheet_names
        .iter()
        .any(|n| n == super::write::PLAN_SETTINGS_SHEET)
    {
        match plan_settings_sheet(&mut workbook) {
            Ok(plan_settings) => package.plan_settings = plan_settings,
            Err(error) => problems.push(problem_at(
                shown,
                Some(super::write::PLAN_SETTINGS_SHEET),
                format!("could not read the sheet: {error}"),
            )),
        }
    }
    if sheet_names
        .iter()
        .any(|n| n == super::write::SETTINGS_SHEET)
    {
        match workbook.worksheet_range(super::write::SETTINGS_SHEET) {
            Ok(range) => {
                // settings.toml, one line per row (blank rows are blank lines).
                let height = range.end().map_or(0, |(row, _)| row as usize + 1);
                let mut lines = vec![String::new(); height];
                for (row, _, cell) in range.used_cells() {
                    if let Some(line) = lines.get_mut(row) {
                        *line = cell_text(cell);
                    }
                }
                let start = range.start().map_or(0, |(row, _)| row as usize);
                let mut text = vec![String::new(); start];
                text.extend(lines.into_iter().skip(start));
                package.settings = Some(text.join("\n") + "\n");
            }
            Err(error) => problems.push(problem_at(
                shown,
                Some(super::write::SETTINGS_SHEET),
                format!("could not read the sheet: {error}"),
            )),
        }
    }
    if problems.is_empty() {
        Ok(package)
    } else {
        Err(Problems(problems))
    }
}

/// A workbook cell as the text an officer typed. Numbers Excel stored as binary fractions are
/// written in the shortest form that reads back as the same number (4.7, not 4.7000000000000002);
/// dates as ISO dates.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(text) | Data::DateTimeIso(text) | Data::DurationIso(text) => text.clone(),
        Data::Int(number) => number.to_string(),
        Data::Float(number) => format!("{number}"),
        Data::Bool(value) => if *value { "TRUE" } else { "FALSE" }.into(),
        Data::DateTime(date) => {
            let serial = date.as_f64().floor() as i64;
            ragbook_core::date::Date::from_excel_serial(serial)
                .map_or_else(|| format!("{}", date.as_f64()), |d| d.to_string())
        }
        Data::Error(error) => format!("#{error:?}"),
    }
}

/// Inflates every part of the zip into a counter, refusing a part that expands more than
/// [`MAX_RATIO`] times or a total beyond [`MAX_INFLATED_BYTES`].
fn check_inflation(bytes: &[u8]) -> Result<(), String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        format!(
            "not a readable .xlsx workbook ({e}); save it from Excel as 'Excel Workbook (*.xlsx)'"
        )
    })?;
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let mut part = archive
            .by_index(index)
            .map_err(|e| format!("the workbook is damaged: {e}"))?;
        let compressed = part.compressed_size().max(1);
        let limit = (compressed.saturating_mul(MAX_RATIO))
            .max(1 << 20)
            .min(MAX_INFLATED_BYTES - total);
        let inflated = io::copy(&mut (&mut part).take(limit + 1), &mut io::sink())
            .map_err(|e| format!("the workbook is damaged: {e}"))?;
        if inflated > limit {
            return Err(format!(
                "the workbook's part {} expands far more than a spreadsheet does; it looks like a zip bomb and was not opened",
                part.name().map(|n| n.into_owned()).unwrap_or_default()
            ));
        }
        total += inflated;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_with(name: &str, content: &[u8]) -> Vec<u8> {
        let mut buffer = Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut buffer);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file(name, options).unwrap();
        zip.write_all(content).unwrap();
        zip.finish().unwrap();
        buffer.into_inner()
    }

    #[test]
    fn a_zip_bomb_is_refused_before_it_is_opened() {
        let bomb = zip_with("xl/worksheets/sheet1.xml", &vec![b'a'; 64 * 1024 * 1024]);
        assert!(
            bomb.len() < 200_000,
            "64 MB of one letter compresses to {} bytes",
            bomb.len()
        );
        let error = check_inflation(&bomb).unwrap_err();
        assert!(error.contains("looks like a zip bomb"), "{error}");
        let ordinary = zip_with(
            "xl/worksheets/sheet1.xml",
            b"<sheetData><row><c>1</c></row></sheetData>",
        );
        assert_eq!(check_inflation(&ordinary), Ok(()));
        assert!(
            check_inflation(b"not a zip")
                .unwrap_err()
                .contains("not a readable .xlsx")
        );
    }

    #[test]
    fn cells_read_as_typed() {
        assert_eq!(cell_text(&Data::Float(4.7)), "4.7");
        assert_eq!(cell_text(&Data::Float(762.0)), "762");
        assert_eq!(cell_text(&Data::Int(1506)), "1506");
        assert_eq!(cell_text(&Data::Empty), "");
    }
}
