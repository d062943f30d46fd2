//! Writing a package as one XLSX workbook, and the blank template.

use std::io;
use std::path::Path;

use ragbook_core::dataset::Dataset;
use ragbook_core::settings::TextFormat;
use rust_xlsxwriter::{DataValidation, Format, FormatAlign, Workbook, XlsxError};

use super::super::definition::{Column, Kind, TableDef};
use super::super::parse::choices;
use super::{PLAN_SETTINGS_SHEET, PlanSettings, SETTINGS_SHEET, WriteError, table_rows};
use crate::atomic::{AtomicWriteError, write_atomically};

/// Writes the package as one XLSX workbook: a 'Read me' sheet, a sheet per table (header row
/// frozen, closed lists as dropdowns, every cell text so Excel does not turn "Sep-2023" into a
/// date or "4.7%" into 0.047) and a settings sheet. With no records it is the blank template.
pub fn write_workbook(
    path: &Path,
    dataset: &Dataset,
    settings: &str,
    plan_settings: &PlanSettings,
) -> Result<(), WriteError> {
    write_book(
        path,
        table_rows(dataset),
        (settings, plan_settings),
        &|_, _| true,
    )
}

/// Writes a blank package workbook with `settings` in its settings sheet. Its columns follow
/// the settings: in the older single-commentary format the update tables have no issue and
/// response columns, as officers write one commentary.
pub fn write_template(path: &Path, settings: &str, text: TextFormat) -> Result<(), WriteError> {
    let tables = table_rows(&Dataset::default());
    let keep = |table: &TableDef, column: &Column| {
        let update = matches!(table.name, "deliverable_updates" | "measure_updates");
        let issue_or_response = matches!(column.name, "issue" | "response");
        !(text == TextFormat::SingleCommentary && update && issue_or_response)
    };
    write_book(path, tables, (settings, &PlanSettings::new()), &keep)
}

/// Writes `tables` (each with only the columns `keep` keeps; rows only where it keeps them all).
fn write_book(
    path: &Path,
    tables: Vec<(&'static TableDef, Vec<Vec<String>>)>,
    (settings, plan_settings): (&str, &PlanSettings),
    keep: &dyn Fn(&TableDef, &Column) -> bool,
) -> Result<(), WriteError> {
    let shown = path.display().to_string();
    let workbook_error = |error: XlsxError| WriteError::Workbook {
        path: shown.clone(),
        message: error.to_string(),
    };
    let mut workbook = Workbook::new();
    super::super::readme::write_readme(&mut workbook).map_err(workbook_error)?;
    let header = Format::new()
        .set_bold()
        .set_background_color("#DDE5F0")
        .set_align(FormatAlign::Top);
    let text = Format::new().set_num_format("@");
    for (definition, rows) in tables {
        let sheet = workbook.add_worksheet();
        sheet.set_name(definition.name).map_err(workbook_error)?;
        let validation_rows = (rows.len() as u32 + 1).max(2_000);
        let columns: Vec<&Column> = definition
            .columns
            .iter()
            .filter(|c| keep(definition, c))
            .collect();
        debug_assert!(rows.is_empty() || columns.len() == definition.columns.len());
        for (column_index, column) in columns.into_iter().enumerate() {
            let col = column_index as u16;
            sheet
                .write_string_with_format(0, col, column.name, &header)
                .map_err(workbook_error)?;
            let width = match column.kind {
                Kind::LongText => 60.0,
                Kind::Text if column.name == "title" => 60.0,
                Kind::Text => 24.0,
                _ => 16.0,
            };
            sheet.set_column_width(col, width).map_err(workbook_error)?;
            sheet
                .set_column_format(col, &text)
                .map_err(workbook_error)?;
            if let Some(list) = choices(column.kind) {
                let validation = DataValidation::new()
                    .allow_list_strings(list)
                    .map_err(workbook_error)?
                    .set_error_title("Not one of the allowed values")
                    .map_err(workbook_error)?
                    .set_error_message(format!("{}: choose from the list.", column.name))
                    .map_err(workbook_error)?;
                sheet
                    .add_data_validation(1, col, validation_rows, col, &validation)
                    .map_err(workbook_error)?;
            }
        }
        for (row_index, row) in rows.iter().enumerate() {
            for (column_index, value) in row.iter().enumerate() {
                if !value.is_empty() {
                    sheet
                        .write_string_with_format(
                            row_index as u32 + 1,
                            column_index as u16,
                            value,
                            &text,
                        )
                        .map_err(workbook_error)?;
                }
            }
        }
        sheet.set_freeze_panes(1, 0).map_err(workbook_error)?;
    }
    let sheet = workbook.add_worksheet();
    sheet.set_name(SETTINGS_SHEET).map_err(workbook_error)?;
    sheet.set_column_width(0, 100.0).map_err(workbook_error)?;
    for (row, line) in settings.lines().enumerate() {
        if !line.is_empty() {
            sheet
                .write_string_with_format(row as u32, 0, line, &text)
                .map_err(workbook_error)?;
        }
    }
    if !plan_settings.is_empty() {
        let sheet = workbook.add_worksheet();
        sheet
            .set_name(PLAN_SETTINGS_SHEET)
            .map_err(workbook_error)?;
        sheet.set_column_width(1, 100.0).map_err(workbook_error)?;
        sheet.write_string(0, 0, "plan").map_err(workbook_error)?;
        sheet.write_string(0, 1, "line").map_err(workbook_error)?;
        let lines = plan_settings
            .iter()
            .flat_map(|(plan, text)| text.lines().map(move |line| (plan, line)));
        for (row, (plan, line)) in (1..).zip(lines) {
            sheet
                .write_string_with_format(row, 0, plan, &text)
                .map_err(workbook_error)?;
            sheet
                .write_string_with_format(row, 1, line, &text)
                .map_err(workbook_error)?;
        }
    }
    write_atomically(path, |writer| {
        let bytes = workbook
            .save_to_buffer()
            .map_err(|e| io::Error::other(e.to_string()))?;
        writer.write_all(&bytes)
    })
    .map_err(|error| match error {
        AtomicWriteError::Io(source) | AtomicWriteError::Write(source) => WriteError::Io {
            path: shown.clone(),
            source,
        },
    })
}
