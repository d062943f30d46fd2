//! Columns that are their record's fields ([`definition::field`](super::definition)): a cell
//! becomes the field's value in the record's serde form and back, by the column's kind alone, so
//! that a new field needs no reading or writing code of its own.

use std::str::FromStr;

use ragbook_core::Decimal;
use ragbook_core::date::Date;
use ragbook_core::period::{FinancialQuarter, FinancialYear, Month};
use ragbook_core::plan::ItemId;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::definition::{Column, Kind, TableDef};

fn json<T: Serialize>(value: T) -> Value {
    // The core's values serialise as strings; this cannot fail.
    serde_json::to_value(value).unwrap_or(Value::Null)
}

fn id(text: &str) -> Result<Value, String> {
    ItemId::new(text).map(json).map_err(|e| e.to_string())
}

fn parsed<T: FromStr<Err: std::fmt::Display> + Serialize>(text: &str) -> Result<Value, String> {
    T::from_str(text).map(json).map_err(|e| e.to_string())
}

/// A filled-in cell of `column` as its field's value, or what was expected.
pub(crate) fn value(column: &Column, text: &str) -> Result<Value, String> {
    match column.kind {
        Kind::Text | Kind::LongText => Ok(Value::String(text.to_owned())),
        Kind::Id | Kind::Ref(_) => id(text),
        Kind::RefList(_) => text
            .split(';')
            .map(str::trim)
            .filter(|id| !id.is_empty())
            .map(id)
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Array),
        Kind::Whole { min, max } => match text.parse::<u32>() {
            Ok(n) if (min..=max).contains(&n) => Ok(Value::from(n)),
            _ => Err(format!(
                "expected a whole number from {min} to {max}, found {text:?}"
            )),
        },
        Kind::Choice(codes) => codes
            .iter()
            .find(|code| code.eq_ignore_ascii_case(text))
            .map(|code| Value::String((*code).to_owned()))
            .ok_or_else(|| format!("expected one of {}, found {text:?}", codes.join(", "))),
        Kind::Date => parsed::<Date>(text),
        Kind::FinancialYear => parsed::<FinancialYear>(text),
        Kind::Quarter => parsed::<FinancialQuarter>(text),
        Kind::Month => parsed::<Month>(text),
        Kind::Money => parsed::<Decimal>(&text.replace([',', '£'], "")),
        Kind::Figure | Kind::Target | Kind::Status | Kind::Period => Err(format!(
            "{} cannot be a field: it needs its table's own code",
            column.name
        )),
    }
}

/// A field's value as cell text.
pub(crate) fn text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(text) => text.clone(),
        Value::Array(items) => items.iter().map(text).collect::<Vec<_>>().join(";"),
        other => other.to_string(),
    }
}

/// `record` with its field columns set to `values` (name, value).
pub(crate) fn fill<T: Serialize + DeserializeOwned>(
    record: T,
    values: Vec<(&'static str, Value)>,
) -> Result<T, String> {
    let Value::Object(mut object) = json(&record) else {
        return Err("a record that is not a table row".into());
    };
    for (name, value) in values {
        // A blank cell leaves the field to its default (none, or a documented default).
        if value.is_null() {
            object.remove(name);
        } else {
            object.insert(name.to_owned(), value);
        }
    }
    serde_json::from_value(Value::Object(object)).map_err(|e| e.to_string())
}

/// A row's cells in `definition`'s column order: the field columns from `record`, the others
/// from `own`, the table's own cells in the order of its other columns.
pub(crate) fn row<T: Serialize>(
    definition: &TableDef,
    record: &T,
    own: Vec<String>,
) -> Vec<String> {
    let fields = match json(record) {
        Value::Object(object) => object,
        _ => Map::new(),
    };
    let mut own = own.into_iter();
    definition
        .columns
        .iter()
        .map(|column| {
            if column.field {
                fields.get(column.name).map(text).unwrap_or_default()
            } else {
                own.next().unwrap_or_default()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::package::definition::field;

    fn read(kind: Kind, text: &str) -> Result<Value, String> {
        value(&field("x", kind, false, "", ""), text)
    }

    #[test]
    fn each_kind_of_field_reads_its_cell_and_writes_it_back() {
        let cases = [
            (Kind::Text, "Head of HR", json!("Head of HR")),
            (Kind::Whole { min: 0, max: 6 }, "6", json!(6)),
            (Kind::Choice(&["yes", "no"]), "Yes", json!("yes")),
            (Kind::Date, "2024-03-31", json!("2024-03-31")),
            (Kind::Quarter, "2024-25-Q2", json!("2024-25-Q2")),
            (Kind::FinancialYear, "2024-25", json!("2024-25")),
            (Kind::RefList("priorities"), "P1; P2", json!(["P1", "P2"])),
            (Kind::Money, "1,250.50", json!("1250.50")),
        ];
        for (kind, cell, expected) in cases {
            let read = read(kind, cell).unwrap();
            assert_eq!(read, expected, "{kind:?}");
            let again = text(&read);
            assert_eq!(
                super::value(&field("x", kind, false, "", ""), &again).unwrap(),
                read
            );
        }
    }

    #[test]
    fn a_bad_cell_says_what_was_expected() {
        let whole = read(Kind::Whole { min: 0, max: 6 }, "7").unwrap_err();
        assert_eq!(whole, "expected a whole number from 0 to 6, found \"7\"");
        let choice = read(Kind::Choice(&["yes", "no"]), "maybe").unwrap_err();
        assert_eq!(choice, "expected one of yes, no, found \"maybe\"");
        assert!(read(Kind::Date, "2020-09-31").is_err());
        assert!(read(Kind::Id, "not an id!").is_err());
        assert!(
            read(Kind::Figure, "1")
                .unwrap_err()
                .contains("cannot be a field")
        );
    }
}
