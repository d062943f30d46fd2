//! The city report's generated sentences about one item: a project's assessment beside its
//! last, a risk's movement, target and controls. Written here, from the view, so that the
//! report, the web pages and `check` quote the same words.

use super::project::Position;
use super::view::{ProjectStatus, RiskStatus};
use crate::period::FinancialQuarter;

/// A project's supporting information: its commentary, the reason for a RAG set by hand or
/// for N/A, and its DCA beside last quarter's.
pub fn project_support(status: &ProjectStatus<'_>, quarter: FinancialQuarter) -> Vec<String> {
    let mut lines = Vec::new();
    let update = status.update;
    if let Some(text) = update.and_then(|u| u.commentary.as_deref()) {
        lines.push(text.to_owned());
    }
    match &status.position {
        Position::Rated {
            overridden: true, ..
        } => {
            let by_criteria = update
                .and_then(|u| u.criteria())
                .map(|c| format!(" (its criteria give '{}')", c.rag().quoted()))
                .unwrap_or_default();
            let reason = update.and_then(|u| u.reason.as_deref()).unwrap_or("");
            lines.push(format!(
                "RAG set by the project board{by_criteria}: {reason}"
            ));
        }
        Position::NotAssessed(reason) => lines.push(reason.clone()),
        _ => {}
    }
    if let Some(dca) = status.dca {
        let before = status
            .previous_dca
            .map(|p| format!(" ({}: '{}')", quarter.previous().short_label(), p.quoted()))
            .unwrap_or_default();
        lines.push(format!("DCA '{}'{before}.", dca.quoted()));
    }
    lines
}

/// A risk's supporting information: its movement since last quarter (or that it is new), its
/// target, controls and commentary.
pub fn risk_support(status: &RiskStatus<'_>) -> Vec<String> {
    let mut lines = status.movement.clone();
    let scored = status.threat.is_some() || status.opportunity.is_some();
    let before = status.previous_threat.is_some() || status.previous_opportunity.is_some();
    if scored && !before {
        lines.push("A new risk this quarter.".into());
    }
    if let Some(update) = status.update {
        if let Some(target) = update.target_score {
            lines.push(format!("Target score {target}."));
        }
        if let Some(controls) = &update.controls {
            lines.push(format!("Controls: {controls}"));
        }
        if let Some(text) = &update.commentary {
            lines.push(text.clone());
        }
    } else {
        lines.push("No assessment was given this quarter.".into());
    }
    lines
}

/// A measure's item description: its title, with the qualifiers the report adds from its data:
/// "(rolling 12 months)" for a rolling figure, "(reported a quarter in arrears)" for a figure
/// for the quarter before.
pub fn measure_description(status: &crate::quarter::MeasureStatus<'_>) -> String {
    let measure = status.measure;
    let mut text = measure.title.clone();
    if measure.basis == crate::measure::AggregationBasis::Rolling12Months
        && !text.to_lowercase().contains("rolling 12 months")
    {
        text.push_str(" (rolling 12 months)");
    }
    if matches!(
        status.freshness,
        crate::quarter::Freshness::PreviousQuarter(_)
    ) {
        text.push_str(" (reported a quarter in arrears)");
    }
    text
}
