//! Checks of the city report: the front section's tables reconcile and every milestone's status
//! has a row in them; every project and risk has this quarter's assessment, on the council's
//! matrices; narrative that names a project with a RAG other than its own, or quotes a risk's
//! movement that differs from the scores held, is caught before it is published.

use super::Findings;
use crate::city::project::ProjectRag;
use crate::city::risk::Score;
use crate::city::view::{CityView, RiskStatus, view as city_view};
use crate::dataset::Dataset;
use crate::period::FinancialQuarter;
use crate::rules::Rulebook;
use crate::settings::{ReportStyle, Settings};

/// The statuses the city report's tables have rows for.
const STATUSES: [&str; 4] = ["completed", "on_track", "some_slippage", "major_slippage"];

/// Runs the city checks when the plan has projects or risks, or reports in the city style.
pub(super) fn city(
    data: &Dataset,
    settings: &Settings,
    book: &Rulebook,
    quarter: FinancialQuarter,
    findings: &mut Findings,
) {
    let city_style = settings.report.style == ReportStyle::City;
    if !city_style && data.projects.is_empty() && data.risks.is_empty() {
        return;
    }
    let rules = book.rules();
    let view = city_view(data, rules, &settings.risks, quarter);
    if city_style {
        statuses(&view, book, findings);
    }
    for project in &view.projects {
        let place = format!(
            "project {} ({})",
            project.project.id,
            project.project.short()
        );
        match project.update.map(|u| u.position()) {
            None => findings.warn(&place, format!("no update received for {quarter}")),
            Some(Err(error)) => findings.block(&place, error.to_string()),
            Some(Ok(_)) => {}
        }
    }
    for risk in &view.risks {
        let place = format!("risk {} ({})", risk.risk.id, risk.risk.described());
        match risk.update {
            None => findings.warn(&place, format!("no assessment received for {quarter}")),
            Some(update) => {
                if let Err(error) = settings.risks.check(update) {
                    findings.block(&place, error.to_string());
                }
                for (field, text) in [
                    ("controls", &update.controls),
                    ("commentary", &update.commentary),
                ] {
                    if let Some(text) = text {
                        movements(risk, field, text, &place, findings);
                    }
                }
            }
        }
    }
    narrative(data, &view, quarter, findings);
}

/// Every milestone's status has a row of the status table, and each theme's rows and N/A add
/// up to its count in the counts table.
fn statuses(view: &CityView<'_>, book: &Rulebook, findings: &mut Findings) {
    let scheme = book.rules().deliverables;
    for status in &view.rated.deliverables {
        let category = scheme.category(status.rating);
        if category.is_rated() && !STATUSES.contains(&category.id.as_str()) {
            findings.block(
                format!("milestone {} ({})", status.deliverable.id, status.deliverable.title),
                format!(
                    "rated '{}', which the city report's status table has no row for: milestones are rated from the milestones vocabulary (settings.toml [ratings] deliverables = \"milestones\")",
                    category.label
                ),
            );
        }
    }
    for theme in &view.themes {
        let counted = theme.milestones.total();
        if counted != theme.counts.milestones {
            findings.block(
                format!("theme {}", theme.theme.title),
                format!(
                    "the status table counts {counted} milestones and the counts table {}",
                    theme.counts.milestones
                ),
            );
        }
    }
}

/// The words of `text`, lower case, split at anything but letters and digits, each with the
/// sentence it is in.
fn words(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut sentence = 0;
    let mut word = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
            continue;
        }
        if !word.is_empty() {
            out.push((sentence, std::mem::take(&mut word)));
        }
        if matches!(c, '.' | ';' | ':' | '!' | '?' | '\n') {
            sentence += 1;
        }
    }
    if !word.is_empty() {
        out.push((sentence, word));
    }
    out
}

/// Words that, just before a colour, make it a rating ("rated red", "is now amber / red").
const CUES: [&str; 11] = [
    "rated", "assessed", "rag", "status", "remains", "is", "was", "now", "at", "as", "to",
];

/// The RAG said at `words[at]`, if a rating is said there: (level, words it takes).
fn rag_at(words: &[(usize, String)], at: usize) -> Option<(ProjectRag, usize)> {
    let word = |i: usize| words.get(i).map(|(_, w)| w.as_str());
    match (word(at)?, word(at + 1)) {
        ("amber", Some("red")) => Some((ProjectRag::AmberRed, 2)),
        ("amber", Some("green")) => Some((ProjectRag::AmberGreen, 2)),
        ("red", _) => Some((ProjectRag::Red, 1)),
        ("green", _) => Some((ProjectRag::Green, 1)),
        _ => None,
    }
}

/// Sentences that name a project and give it a RAG other than its own this quarter.
fn narrative(
    data: &Dataset,
    view: &CityView<'_>,
    quarter: FinancialQuarter,
    findings: &mut Findings,
) {
    let mut texts: Vec<(String, &str)> = Vec::new();
    let this = |q: FinancialQuarter| q == quarter;
    for u in data.deliverable_updates.iter().filter(|u| this(u.quarter)) {
        for text in [&u.commentary, &u.issue, &u.response].into_iter().flatten() {
            texts.push((format!("the update of milestone {}", u.deliverable), text));
        }
    }
    for u in data.measure_updates.iter().filter(|u| this(u.quarter)) {
        for text in [&u.commentary, &u.issue, &u.response].into_iter().flatten() {
            texts.push((format!("the update of measure {}", u.measure), text));
        }
    }
    for u in data.project_updates.iter().filter(|u| this(u.quarter)) {
        for text in [&u.commentary, &u.reason].into_iter().flatten() {
            texts.push((format!("the update of project {}", u.project), text));
        }
    }
    for u in data.risk_updates.iter().filter(|u| this(u.quarter)) {
        for text in [&u.commentary, &u.controls].into_iter().flatten() {
            texts.push((format!("the assessment of risk {}", u.risk), text));
        }
    }
    let names: Vec<(Vec<String>, Option<ProjectRag>, &str)> = view
        .projects
        .iter()
        .flat_map(|p| {
            let own = p.position.rag();
            let label = p.position.label();
            [
                Some(p.project.title.as_str()),
                p.project.short_title.as_deref(),
            ]
            .into_iter()
            .flatten()
            .map(move |name| {
                (
                    words(name).into_iter().map(|(_, w)| w).collect(),
                    own,
                    label,
                )
            })
        })
        .collect();
    for (place, text) in texts {
        let words = words(text);
        for (name, own, label) in &names {
            if name.is_empty() {
                continue;
            }
            for start in 0..words.len() {
                let matches = name
                    .iter()
                    .enumerate()
                    .all(|(k, w)| words.get(start + k).is_some_and(|(_, x)| x == w));
                if !matches {
                    continue;
                }
                let sentence = words[start].0;
                let after = start + name.len();
                let said = (after..words.len())
                    .take_while(|i| words[*i].0 == sentence)
                    .find_map(|i| {
                        let cued = i > 0 && CUES.contains(&words[i - 1].1.as_str());
                        rag_at(&words, i).filter(|_| cued || i == after)
                    });
                if let Some((rag, _)) = said
                    && Some(rag) != *own
                {
                    let name_text = name.join(" ");
                    findings.block(
                        place.clone(),
                        format!(
                            "names the project {name_text:?} as '{}', but its position this quarter is '{}'",
                            rag.quoted(),
                            label.to_lowercase()
                        ),
                    );
                }
            }
        }
    }
}

/// Movements quoted in a risk's own text ("reduced from 12 to 8", "likelihood from 4 to 3")
/// that differ from its scores at the end of last quarter and now.
fn movements(risk: &RiskStatus<'_>, field: &str, text: &str, place: &str, findings: &mut Findings) {
    let words = words(text);
    let number = |i: usize| -> Option<u32> {
        let w = &words.get(i)?.1;
        // A year ("March 2026") is a date, not a score.
        (w.len() <= 2).then(|| w.parse().ok()).flatten()
    };
    for (at, (sentence, word)) in words.iter().enumerate() {
        if word != "from" {
            continue;
        }
        let Some(from) = number(at + 1) else { continue };
        let to = (at + 2..words.len())
            .take_while(|i| words[*i].0 == *sentence)
            .find(|i| words[*i].1 == "to")
            .and_then(|i| number(i + 1));
        let what = words[..at]
            .iter()
            .rev()
            .take_while(|(s, _)| s == sentence)
            .find_map(|(_, w)| match w.as_str() {
                "likelihood" => Some("likelihood"),
                "impact" => Some("impact"),
                "score" => Some("score"),
                _ => None,
            })
            .unwrap_or("score");
        let value = |score: Score| -> u32 {
            u32::from(match what {
                "likelihood" => score.likelihood,
                "impact" => score.impact,
                _ => score.value(),
            })
        };
        let pairs = [
            (risk.previous_threat, risk.threat),
            (risk.previous_opportunity, risk.opportunity),
        ];
        let fits = pairs.iter().any(|(before, now)| {
            before.is_some_and(|b| value(b) == from)
                && to.is_none_or(|to| now.is_some_and(|n| value(n) == to))
        });
        if fits {
            continue;
        }
        let held = match (risk.previous_threat, risk.threat) {
            (Some(before), Some(now)) => format!("{} to {}", value(before), value(now)),
            (None, Some(now)) => format!(
                "no score at the end of last quarter, and {} now",
                value(now)
            ),
            _ => "no threat scores".into(),
        };
        let quoted = match to {
            Some(to) => format!("from {from} to {to}"),
            None => format!("from {from}"),
        };
        findings.block(
            place,
            format!("its {field} says the {what} moved {quoted}; the scores held give {held}"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rating_is_read_only_where_a_colour_is_said_as_one() {
        let w = words("Riverside Market is rated amber / red. The green economy grows.");
        assert_eq!(rag_at(&w, 4), Some((ProjectRag::AmberRed, 2)));
        assert_eq!(w[7].1, "green");
        assert_eq!(w[7].0, 1, "a new sentence");
    }
}
