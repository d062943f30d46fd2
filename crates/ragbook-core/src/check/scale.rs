//! A figure out of scale with its own history: ten times the typical figure or more, or a tenth
//! or less, the mark of a unit error (hours for days, a fraction for a percentage, pounds for
//! thousands). Running totals and one-off jumps of steady figures are the jump check's; this one
//! compares with every earlier figure of the measure the quarter reads (its four years and the
//! latest before them: [`crate::dataset::ValueWindow`]), whatever its basis.

use rust_decimal::Decimal;

use super::Findings;
use crate::figure::format_for_measure;
use crate::quarter::MeasureStatus;

/// How many times the typical figure (or its inverse) a figure must be to be out of scale.
const FACTOR: i64 = 10;
/// Earlier figures needed before a figure is compared with them.
const HISTORY: usize = 3;

/// Warns when the reported figure of `status` is out of scale with the measure's earlier ones.
pub(super) fn out_of_scale(status: &MeasureStatus<'_>, place: &str, findings: &mut Findings) {
    let Some(reported) = status.reported else {
        return;
    };
    let Some(figure) = reported.value.figure() else {
        return;
    };
    let measure = status.measure;
    let mut earlier: Vec<Decimal> = status
        .values
        .iter()
        .filter(|v| v.period.key() < reported.period.key())
        .filter_map(|v| v.value.figure())
        .map(|f| f.abs())
        .filter(|f| !f.is_zero())
        .collect();
    if earlier.len() < HISTORY || figure.is_zero() {
        return;
    }
    earlier.sort();
    let typical = earlier[earlier.len() / 2];
    let factor = Decimal::from(FACTOR);
    let size = figure.abs();
    if size >= typical * factor || size * factor <= typical {
        findings.warn(
            place,
            format!(
                "its figure {} is out of scale with its history (typically {}): is it in the right unit?",
                format_for_measure(figure, measure.unit, measure.decimals),
                format_for_measure(typical, measure.unit, measure.decimals)
            ),
        );
    }
}
