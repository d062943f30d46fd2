//! What the package's columns mean, in words, from the definitions: the workbook's 'Read me'
//! sheet and docs/package.md are both made here.

use rust_xlsxwriter::{Format, FormatAlign, Workbook, XlsxError};

use super::definition::{Column, Kind, TABLES};
use super::parse::choices;

/// What a kind of column holds, for people.
pub fn kind_description(kind: Kind) -> String {
    match kind {
        Kind::Id => "id: letters, digits, - _ . (at most 64)".into(),
        Kind::Ref(table) => format!("id of a row in {table}"),
        Kind::RefList(table) => format!("ids of rows in {table}, separated by ;"),
        Kind::Text => "text".into(),
        Kind::LongText => "text (paragraphs)".into(),
        Kind::Whole { min, max } => format!("whole number {min} to {max}"),
        Kind::Choice(_) | Kind::Status => "one of a list".into(),
        Kind::Date => "date: 2024-03-31, 31/03/2024 or 31 Mar 2024".into(),
        Kind::FinancialYear => "financial year: 2023-24".into(),
        Kind::Quarter => "quarter: 2023-24-Q2".into(),
        Kind::Period => "period: 2023-24-Q2, Sep-2023, 2023-24, 2022-23 a/y or 2023".into(),
        Kind::Month => "month: Sep-2023".into(),
        Kind::Figure => "figure in the measure's unit".into(),
        Kind::Target => "target in the measure's unit".into(),
        Kind::Money => "money in pounds: £2,921,500, £16.420m, -512,000 or (512,000)".into(),
    }
}

fn allowed(column: &Column) -> String {
    choices(column.kind)
        .map(|list| list.join(", "))
        .unwrap_or_default()
}

const INTRODUCTION: &[&str] = &[
    "How to fill in a ragbook data package",
    "",
    "Each sheet after this one is a table. Row 1 holds the column headings: keep them as they are. Fill in one row per record below.",
    "Ids (P1, D01, KM07) are how ragbook knows a record again: keep them the same from quarter to quarter. Importing a row with an id ragbook already holds updates that record.",
    "A package need not hold every table: a quarterly update can be just deliverable_updates, measure_values and targets.",
    "Columns marked 'required' must be filled in. Cells with a dropdown take one of its values. Every cell is text: type figures as you would write them (4.7%, £2,921,500, £16.420m, 1,506).",
    "Headings starting with # are your own notes and are ignored. The 'settings' sheet holds settings.toml, one line per row.",
    "ragbook import checks everything before it loads anything: it lists every problem with its sheet, row and column, and loads nothing until all are fixed.",
    "",
];

/// Adds the 'Read me' sheet.
pub fn write_readme(workbook: &mut Workbook) -> Result<(), XlsxError> {
    let sheet = workbook.add_worksheet();
    sheet.set_name("Read me")?;
    let title = Format::new().set_bold().set_font_size(14);
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    sheet.set_column_width(0, 24)?;
    sheet.set_column_width(1, 12)?;
    sheet.set_column_width(2, 30)?;
    sheet.set_column_width(3, 40)?;
    sheet.set_column_width(4, 70)?;
    sheet.set_column_width(5, 30)?;
    let mut row = 0;
    for (index, line) in INTRODUCTION.iter().enumerate() {
        if index == 0 {
            sheet.write_string_with_format(row, 0, *line, &title)?;
        } else {
            sheet.write_string(row, 0, *line)?;
        }
        row += 1;
    }
    for table in TABLES {
        row += 1;
        sheet.write_string_with_format(
            row,
            0,
            format!("Sheet '{}': {}", table.name, table.title),
            &bold,
        )?;
        row += 1;
        sheet.write_string(row, 0, table.description)?;
        row += 1;
        for (col, heading) in [
            "column",
            "required",
            "type",
            "allowed values",
            "meaning",
            "example",
        ]
        .iter()
        .enumerate()
        {
            sheet.write_string_with_format(row, col as u16, *heading, &bold)?;
        }
        row += 1;
        for column in table.columns {
            sheet.write_string(row, 0, column.name)?;
            sheet.write_string(row, 1, if column.required { "required" } else { "" })?;
            sheet.write_string_with_format(row, 2, kind_description(column.kind), &wrap)?;
            sheet.write_string_with_format(row, 3, allowed(column), &wrap)?;
            sheet.write_string_with_format(row, 4, column.description, &wrap)?;
            sheet.write_string(row, 5, column.example)?;
            row += 1;
        }
    }
    Ok(())
}

/// docs/package.md.
pub fn markdown() -> String {
    let mut out = String::new();
    out.push_str("# The ragbook data package\n\n");
    out.push_str("<!-- Generated from crates/ragbook-io/src/package/definition.rs by its tests: run\n     `UPDATE_EXPECT=1 cargo test -p ragbook-io` after changing a table. Do not edit by hand. -->\n\n");
    out.push_str("A data package is what a performance officer fills in and `ragbook import` loads: either one XLSX\n");
    out.push_str("workbook with a sheet per table (get a blank one with `ragbook template package.xlsx`), or a folder\n");
    out.push_str("with a CSV file per table (`<table>.csv`, UTF-8). Both may carry `settings.toml` (in a workbook,\n");
    out.push_str("the `settings` sheet, one line per row; see [settings.md](settings.md)). Where plans have\n");
    out.push_str("followed one another, each earlier plan's own settings travel with it: `settings.<plan id>.toml`\n");
    out.push_str("in a folder, the `plan_settings` sheet (plan id, line) in a workbook; see [years.md](years.md).\n\n");
    out.push_str("Other files in a package folder (notes, Word documents, subfolders) are left alone and listed\n");
    out.push_str("as such on import. A CSV file whose name is not a table's is refused, as its rows would be lost:\n");
    out.push_str("rename it, or move it out of the folder.\n\n");
    for line in &INTRODUCTION[2..INTRODUCTION.len() - 1] {
        out.push_str(&format!("- {line}\n"));
    }
    out.push('\n');
    out.push_str("Tables are read in this order, and a table may refer to records of the tables above it, in the\n");
    out.push_str("same package or already imported.\n\n");
    for table in TABLES {
        out.push_str(&format!(
            "## `{}`: {}\n\n{}\n\n",
            table.name, table.title, table.description
        ));
        out.push_str("| Column | Required | Type | Allowed values | Meaning | Example |\n|---|---|---|---|---|---|\n");
        for column in table.columns {
            let example = if column.example.is_empty() {
                String::new()
            } else {
                format!("`{}`", column.example)
            };
            out.push_str(&format!(
                "| `{}` | {} | {} | {} | {} | {} |\n",
                column.name,
                if column.required { "yes" } else { "" },
                kind_description(column.kind),
                allowed(column),
                column.description,
                example
            ));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    /// docs/package.md is generated from the definitions: this test fails when it is out of
    /// date, and rewrites it when run with UPDATE_EXPECT=1.
    #[test]
    fn docs_package_md_matches_the_definitions() {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/package.md");
        let expected = super::markdown();
        if std::env::var_os("UPDATE_EXPECT").is_some() {
            std::fs::write(&path, &expected).unwrap();
        }
        let actual = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            actual == expected,
            "docs/package.md is out of date: run UPDATE_EXPECT=1 cargo test -p ragbook-io"
        );
    }
}
