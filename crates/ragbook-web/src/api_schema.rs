//! The API's schemas of plan records, made from the data package's field lists, so that a field
//! added to a record and its table is described with no code here.

use ragbook_io::package::definition::{Column, Kind, table};
use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Type};
use utoipa::openapi::{RefOr, Schema};

/// One column's property. A field column's JSON is typed by its kind; another column's value is
/// the record's own form (a code, an object), described in words.
fn property(column: &Column) -> RefOr<Schema> {
    let described = |builder: ObjectBuilder| builder.description(Some(column.description));
    if !column.field {
        return described(ObjectBuilder::new()).into();
    }
    match column.kind {
        Kind::RefList(_) => ArrayBuilder::new()
            .items(ObjectBuilder::new().schema_type(Type::String))
            .description(Some(column.description))
            .into(),
        Kind::Whole { .. } => described(ObjectBuilder::new().schema_type(Type::Integer)).into(),
        Kind::Choice(codes) => described(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .enum_values(Some(codes.iter().copied())),
        )
        .into(),
        _ => described(ObjectBuilder::new().schema_type(Type::String)).into(),
    }
}

/// The records of package table `name`, as an array.
pub(crate) fn records(name: &str) -> RefOr<Schema> {
    let mut object = ObjectBuilder::new();
    if let Some(definition) = table(name) {
        object = object.description(Some(definition.description));
        for column in definition.columns {
            object = object.property(column.name, property(column));
            if column.required {
                object = object.required(column.name);
            }
        }
    }
    ArrayBuilder::new().items(object).into()
}

pub(crate) fn priorities() -> RefOr<Schema> {
    records("priorities")
}

pub(crate) fn deliverables() -> RefOr<Schema> {
    records("deliverables")
}

pub(crate) fn measures() -> RefOr<Schema> {
    records("measures")
}

pub(crate) fn projects() -> RefOr<Schema> {
    records("projects")
}

pub(crate) fn project_updates() -> RefOr<Schema> {
    records("project_updates")
}

pub(crate) fn risks() -> RefOr<Schema> {
    records("risks")
}

pub(crate) fn risk_updates() -> RefOr<Schema> {
    records("risk_updates")
}
