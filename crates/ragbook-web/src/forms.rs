//! What forms send, and turning their text into records: trimmed, line endings made plain,
//! blanks as nothing, figures and dates read exactly as the import reads them.

use std::str::FromStr;

use ragbook_core::Decimal;
use ragbook_core::date::Date;
use ragbook_core::period::FinancialQuarter;
use ragbook_core::value::{MeasureValue, Missing};
use serde::{Deserialize, Serialize};

/// A quarterly update form: every field either kind of item can have.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub(crate) struct UpdateForm {
    /// The session's form token.
    #[serde(skip_serializing)]
    pub(crate) csrf: String,
    /// The update's version when the form was opened.
    pub(crate) version: i64,
    /// "save" or "submit".
    pub(crate) action: String,
    pub(crate) rating: String,
    /// A service plan action's progress.
    pub(crate) progress: String,
    pub(crate) expected_completion: String,
    pub(crate) completed: String,
    pub(crate) value: String,
    pub(crate) note: String,
    pub(crate) commentary: String,
    pub(crate) issue: String,
    pub(crate) response: String,
    /// A project's stage and criteria, the RAG set by hand with its reason, and its DCA.
    pub(crate) stage: String,
    pub(crate) time: String,
    pub(crate) cost: String,
    pub(crate) scope: String,
    pub(crate) benefits: String,
    pub(crate) rag_override: String,
    pub(crate) reason: String,
    pub(crate) dca: String,
    /// A risk's levels, target score and controls.
    pub(crate) likelihood: String,
    pub(crate) impact: String,
    pub(crate) opportunity_likelihood: String,
    pub(crate) opportunity_impact: String,
    pub(crate) target_score: String,
    pub(crate) controls: String,
}

/// A form with only its token (and perhaps a version, comment and action).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct ActionForm {
    pub(crate) csrf: String,
    pub(crate) version: i64,
    pub(crate) action: String,
    pub(crate) comment: String,
    pub(crate) quarter: String,
}

/// Text as kept: trimmed, with Windows line endings made plain; blank is nothing.
pub(crate) fn text(field: &str) -> Option<String> {
    let text = field.replace("\r\n", "\n").replace('\r', "\n");
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// What is wrong with paragraphs typed into a form field called `label` ("Commentary"), if they
/// are longer than `ragbook_core::limits` allows.
pub(crate) fn too_long(label: &str, field: &str) -> Option<String> {
    ragbook_core::limits::too_long(field.trim(), ragbook_core::limits::PARAGRAPHS_MAX_CHARS)
        .map(|problem| format!("{label} {problem}"))
}

/// A date typed as 2027-03-31, 31/03/2027 or 31 Mar 2027; blank is nothing.
pub(crate) fn date(field: &str) -> Result<Option<Date>, String> {
    match text(field) {
        None => Ok(None),
        Some(typed) => Date::from_str(&typed)
            .map(Some)
            .map_err(|_| format!("Enter a real date, like 2027-03-31 (you entered {typed:?})")),
    }
}

/// A figure typed as 1,234.5, 71.3% or £2,000; or a status such as "awaiting data" or "due in
/// Q3"; blank is nothing.
pub(crate) fn figure(
    field: &str,
    quarter: FinancialQuarter,
) -> Result<Option<MeasureValue>, String> {
    let Some(typed) = text(field) else {
        return Ok(None);
    };
    let bare: String = typed
        .chars()
        .filter(|c| !matches!(c, ',' | '%' | '£') && !c.is_whitespace())
        .collect();
    if let Ok(value) = Decimal::from_str(&bare) {
        return Ok(Some(MeasureValue::actual(value)));
    }
    Missing::parse(&typed, quarter.year())
        .map(|missing| Some(MeasureValue::Missing(missing)))
        .map_err(|_| {
            format!(
                "Enter the figure as a number, like 1234.5 or 71.3%, or say why there is none (\"awaiting data\", \"not available\", \"due in Q3\"); you entered {typed:?}"
            )
        })
}

/// A figure or status as the form shows it again.
pub(crate) fn figure_text(value: &MeasureValue) -> String {
    match value {
        MeasureValue::Figure { value, .. } => value.to_string(),
        MeasureValue::Missing(missing) => missing.code(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q() -> FinancialQuarter {
        "2026-27-Q2".parse().unwrap_or_else(|_| unreachable!())
    }

    #[test]
    fn figures_are_read_exactly_and_statuses_by_their_words() {
        assert_eq!(
            figure(" 1,234.50 ", q()),
            Ok(Some(MeasureValue::actual(Decimal::new(123_450, 2))))
        );
        assert_eq!(
            figure("71.3%", q()),
            Ok(Some(MeasureValue::actual(Decimal::new(713, 1))))
        );
        assert_eq!(
            figure("Awaiting data", q()),
            Ok(Some(MeasureValue::Missing(Missing::AwaitingData)))
        );
        assert_eq!(figure("  ", q()), Ok(None));
        assert!(figure("about 40", q()).is_err_and(|e| e.contains("\"about 40\"")));
    }

    #[test]
    fn text_is_trimmed_and_dates_are_read_the_uk_way() {
        assert_eq!(text(" a\r\n\r\nb "), Some("a\n\nb".into()));
        assert_eq!(text("   "), None);
        assert_eq!(
            date("31/03/2027").map(|d| d.map(|d| d.to_string())),
            Ok(Some("2027-03-31".into()))
        );
        assert!(date("31/02/2027").is_err());
    }
}
