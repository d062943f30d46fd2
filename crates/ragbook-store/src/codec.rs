//! Record fields to and from their stored text.

use std::str::FromStr;

use ragbook_core::Decimal;
use ragbook_core::date::Date;
use ragbook_core::period::{FinancialQuarter, Month, Period};
use ragbook_core::plan::ItemId;
use ragbook_core::value::{Firmness, MeasureValue, Missing};

use crate::StoreError;

pub(crate) fn corrupt(what: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(what.to_string())
}

pub(crate) fn id(text: &str) -> Result<ItemId, StoreError> {
    ItemId::new(text).map_err(corrupt)
}

pub(crate) fn ids(text: &str) -> Result<Vec<ItemId>, StoreError> {
    text.split(';').filter(|p| !p.is_empty()).map(id).collect()
}

pub(crate) fn date(text: Option<String>) -> Result<Option<Date>, StoreError> {
    text.map(|t| Date::from_str(&t).map_err(corrupt))
        .transpose()
}

pub(crate) fn month(text: Option<String>) -> Result<Option<Month>, StoreError> {
    text.map(|t| Month::from_str(&t).map_err(corrupt))
        .transpose()
}

pub(crate) fn period(key: i64) -> Result<Period, StoreError> {
    Period::from_key(key).ok_or_else(|| corrupt(format!("period key {key}")))
}

pub(crate) fn quarter(key: i64) -> Result<FinancialQuarter, StoreError> {
    match period(key)? {
        Period::Quarter(quarter) => Ok(quarter),
        other => Err(corrupt(format!("{other} is not a quarter"))),
    }
}

/// A value as (value text, status text): the figure and its firmness, or no figure and why.
/// "Due in" keeps its whole quarter ("due in 2023-24-Q3").
pub(crate) fn encode_value(value: &MeasureValue) -> (Option<String>, String) {
    match value {
        MeasureValue::Figure { value, firmness } => {
            (Some(value.to_string()), firmness.code().to_owned())
        }
        MeasureValue::Missing(Missing::DueIn(quarter)) => (None, format!("due in {quarter}")),
        MeasureValue::Missing(missing) => (None, missing.code()),
    }
}

pub(crate) fn decode_value(
    value: Option<String>,
    status: &str,
) -> Result<MeasureValue, StoreError> {
    match value {
        Some(text) => Ok(MeasureValue::Figure {
            value: Decimal::from_str(&text).map_err(corrupt)?,
            firmness: Firmness::from_str(status).map_err(corrupt)?,
        }),
        None => {
            if let Some(quarter) = status.strip_prefix("due in ") {
                let quarter = FinancialQuarter::from_str(quarter).map_err(corrupt)?;
                return Ok(MeasureValue::Missing(Missing::DueIn(quarter)));
            }
            // Any year will do: only "due in" names one, and it is handled above.
            let year = ragbook_core::period::FinancialYear::starting(2000);
            Missing::parse(status, year)
                .map(MeasureValue::Missing)
                .map_err(corrupt)
        }
    }
}

pub(crate) fn key_area(
    text: Option<String>,
) -> Result<Option<ragbook_core::dataset::KeyArea>, StoreError> {
    use ragbook_core::dataset::KeyArea;
    text.map(|t| {
        ragbook_core::measure::from_code(&KeyArea::ALL, KeyArea::code, &t)
            .ok_or_else(|| corrupt(format!("key area {t:?}")))
    })
    .transpose()
}
