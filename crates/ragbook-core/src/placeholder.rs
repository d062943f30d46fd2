//! Commentary may quote a figure by reference instead of by typing it, so the words cannot
//! disagree with the tables: `{measure:KM12.actual}` becomes "4.7%" in the report.
//! Fields: `actual`, `target`, `rating`, `previous` (last quarter's rating), `as_of`.

use crate::figure::format_for_measure;
use crate::quarter::{MeasureStatus, QuarterView, Rules};
use crate::target::Target;

/// A placeholder that could not be filled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unfilled {
    /// The placeholder as written.
    pub placeholder: String,
    /// Why.
    pub reason: String,
}

fn field(status: &MeasureStatus<'_>, field: &str, rules: Rules<'_>) -> Result<String, String> {
    let measure = status.measure;
    let scheme = rules.measures.scheme();
    match field {
        "actual" => status
            .reported
            .and_then(|v| v.value.figure())
            .map(|value| format_for_measure(value, measure.unit, measure.decimals))
            .ok_or_else(|| "it has no figure this quarter".to_owned()),
        "target" => match status.target.map(|t| &t.target) {
            Some(Target::Figure { value } | Target::ProfiledYearToDate { to_date: value, .. }) => {
                Ok(format_for_measure(*value, measure.unit, measure.decimals))
            }
            Some(other) => Ok(other.describe(measure.unit)),
            None => Err("it has no target this quarter".into()),
        },
        "rating" => Ok(scheme.category(status.rating).label.clone()),
        "previous" => status
            .previous
            .map(|r| scheme.category(r).label.clone())
            .ok_or_else(|| "it was not rated last quarter".to_owned()),
        "as_of" => status
            .as_of
            .map(|m| m.to_string())
            .ok_or_else(|| "it has no figure this quarter".to_owned()),
        other => Err(format!(
            "{other:?} is not a field (actual, target, rating, previous, as_of)"
        )),
    }
}

/// Fills the placeholders in `text` from `view`; returns the text and those it could not fill
/// (left as written, so they show).
pub fn fill(text: &str, view: &QuarterView<'_>, rules: Rules<'_>) -> (String, Vec<Unfilled>) {
    let mut out = String::with_capacity(text.len());
    let mut problems = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{measure:") {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        let Some(end) = after.find('}') else {
            out.push_str(after);
            rest = "";
            break;
        };
        let placeholder = &after[..=end];
        let body = &placeholder["{measure:".len()..placeholder.len() - 1];
        let filled = match body.split_once('.') {
            Some((id, name)) => match view.measures.iter().find(|m| m.measure.id.as_str() == id) {
                Some(status) => field(status, name, rules),
                None => Err(format!("there is no measure {id}")),
            },
            None => Err("expected {measure:ID.field}".into()),
        };
        match filled {
            Ok(text) => out.push_str(&text),
            Err(reason) => {
                out.push_str(placeholder);
                problems.push(Unfilled {
                    placeholder: placeholder.to_owned(),
                    reason,
                });
            }
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    (out, problems)
}
