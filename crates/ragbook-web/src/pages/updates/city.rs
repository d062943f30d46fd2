//! A city plan's projects and risks in the quarterly cycle: the project's stage, four criteria,
//! a RAG set by hand with its reason and its DCA; the risk's likelihood and impact (as a threat,
//! an opportunity or both), target score and controls. Read from the form exactly as an import
//! reads the same columns, and checked by the same rules.

use minijinja::context;
use minijinja::value::Serde;
use ragbook_core::city::project::{ProjectRag, Stage};
use ragbook_core::city::{ProjectUpdate, RiskUpdate, Tolerance};
use ragbook_core::dataset::Dataset;

use super::{FieldReader, Item, Kind};
use crate::data::Quarterly;
use crate::forms::{UpdateForm, text};

/// The projects and risks reported this quarter, in plan order.
pub(super) fn items(dataset: &Dataset) -> impl Iterator<Item = Item> + '_ {
    let projects = dataset.projects.iter().map(|p| Item {
        kind: Kind::Project,
        id: p.id.to_string(),
        title: p.short().to_owned(),
        department: p.department.clone(),
        href: format!("/projects/{}", p.id),
        quarterly_figure: false,
    });
    let risks = dataset.risks.iter().map(|r| Item {
        kind: Kind::Risk,
        id: r.id.to_string(),
        title: r.described(),
        department: r.department.clone(),
        href: format!("/risks/{}", r.id),
        quarterly_figure: false,
    });
    projects.chain(risks)
}

/// A choice's code as serde writes it ("amber_red"), for a form's radio value.
fn code<T: serde::Serialize>(value: T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(code)) => code,
        _ => String::new(),
    }
}

fn level(value: Option<u8>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// The form's fields as held now.
pub(super) fn held_form(q: &Quarterly, item: &Item, form: &mut UpdateForm) {
    let dataset = &q.in_force.dataset;
    match item.kind {
        Kind::Project => {
            let held = dataset
                .project_updates
                .iter()
                .find(|u| u.project.as_str() == item.id && u.quarter == q.quarter);
            if let Some(u) = held {
                form.stage = code(u.stage);
                form.time = u.time.map(code).unwrap_or_default();
                form.cost = u.cost.map(code).unwrap_or_default();
                form.scope = u.scope.map(code).unwrap_or_default();
                form.benefits = u.benefits.map(code).unwrap_or_default();
                form.rag_override = u.rag_override.map(code).unwrap_or_default();
                form.reason = u.reason.clone().unwrap_or_default();
                form.dca = u.dca.map(code).unwrap_or_default();
                form.commentary = u.commentary.clone().unwrap_or_default();
            }
        }
        _ => {
            let held = dataset
                .risk_updates
                .iter()
                .find(|u| u.risk.as_str() == item.id && u.quarter == q.quarter);
            if let Some(u) = held {
                form.likelihood = level(u.likelihood);
                form.impact = level(u.impact);
                form.opportunity_likelihood = level(u.opportunity_likelihood);
                form.opportunity_impact = level(u.opportunity_impact);
                form.target_score = level(u.target_score);
                form.controls = u.controls.clone().unwrap_or_default();
                form.commentary = u.commentary.clone().unwrap_or_default();
            }
        }
    }
}

/// What the form offers: stages, tolerances and RAG levels for a project; the matrices'
/// levels for a risk.
pub(super) fn choices(q: &Quarterly) -> minijinja::Value {
    let stages = [
        (Stage::Active, "Active: assessed against the four criteria"),
        (Stage::PreStart, "Pre-start: not started, not rated"),
        (Stage::Completed, "Completed: closed, not rated"),
        (
            Stage::NotAssessed,
            "N/A: not assessed this quarter (give the reason)",
        ),
    ]
    .map(|(stage, label)| (code(stage), label));
    let rags: Vec<(String, &str)> = ProjectRag::ALL
        .iter()
        .map(|r| (code(*r), r.label()))
        .collect();
    let levels = |labels: &[String]| -> Vec<(String, String)> {
        labels
            .iter()
            .enumerate()
            .map(|(i, label)| ((i + 1).to_string(), format!("{} {label}", i + 1)))
            .collect()
    };
    let risks = &q.in_force.settings.risks;
    context! {
        stages => Serde(&stages),
        rags => Serde(&rags),
        criteria => Serde(&[("time", "Time"), ("cost", "Cost"), ("scope", "Scope"), ("benefits", "Benefits")]),
        threat_likelihood => Serde(&levels(&risks.threats.likelihood)),
        threat_impact => Serde(&levels(&risks.threats.impact)),
        opportunity_likelihood => Serde(&levels(&risks.opportunities.likelihood)),
        opportunity_impact => Serde(&levels(&risks.opportunities.impact)),
    }
}

/// A choice made on the form: blank is none; anything else must be one of `T`'s codes.
fn chosen<T: serde::de::DeserializeOwned>(
    field: &str,
    value: &str,
    errors: &mut Vec<(String, String)>,
) -> Option<T> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    match serde_json::from_value(serde_json::Value::String(value.to_owned())) {
        Ok(chosen) => Some(chosen),
        Err(_) => {
            errors.push((field.to_owned(), "Choose from the list".into()));
            None
        }
    }
}

/// A level or score typed or chosen: a whole number, or blank.
fn whole(field: &str, value: &str, errors: &mut Vec<(String, String)>) -> Option<u8> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    match value.parse() {
        Ok(n) => Some(n),
        Err(_) => {
            errors.push((
                field.to_owned(),
                format!("Enter a whole number (you entered {value:?})"),
            ));
            None
        }
    }
}

/// The record the form makes, kept with what the form does not hold, and what is wrong.
pub(super) fn records(
    q: &Quarterly,
    item: &Item,
    form: &UpdateForm,
    records: &mut Dataset,
    errors: &mut Vec<(String, String)>,
) {
    let dataset = &q.in_force.dataset;
    for (name, label, value) in [
        ("reason", "The reason", &form.reason),
        ("controls", "The controls", &form.controls),
    ] {
        if let Some(message) = crate::forms::too_long(label, value) {
            errors.push((name.to_owned(), message));
        }
    }
    if item.kind == Kind::Project {
        let Some(project) = dataset.projects.iter().find(|p| p.id.as_str() == item.id) else {
            return;
        };
        let mut update = dataset
            .project_updates
            .iter()
            .find(|u| u.project == project.id && u.quarter == q.quarter)
            .cloned()
            .unwrap_or_else(|| ProjectUpdate::new(project.id.clone(), q.quarter, Stage::Active));
        update.stage = chosen("stage", &form.stage, errors).unwrap_or_default();
        update.time = chosen::<Tolerance>("time", &form.time, errors);
        update.cost = chosen::<Tolerance>("cost", &form.cost, errors);
        update.scope = chosen::<Tolerance>("scope", &form.scope, errors);
        update.benefits = chosen::<Tolerance>("benefits", &form.benefits, errors);
        update.rag_override = chosen("rag_override", &form.rag_override, errors);
        update.reason = text(&form.reason);
        update.dca = chosen("dca", &form.dca, errors);
        update.commentary = text(&form.commentary);
        if errors.is_empty()
            && let Err(error) = update.position()
        {
            let field = match error {
                ragbook_core::city::project::ProjectError::NoCriteria(_) => "time",
                ragbook_core::city::project::ProjectError::RatedButNotActive(..) => "stage",
                _ => "reason",
            };
            // The core names the project and quarter; the form is already about them.
            let message = error.to_string();
            let message = message
                .split_once(": ")
                .map_or(message.as_str(), |(_, m)| m);
            let mut message = message.to_owned();
            if let Some(first) = message.get(..1) {
                message = first.to_uppercase() + &message[1..];
            }
            errors.push((field.into(), message));
        }
        records.project_updates.push(update);
    } else {
        let Some(risk) = dataset.risks.iter().find(|r| r.id.as_str() == item.id) else {
            return;
        };
        let mut update = dataset
            .risk_updates
            .iter()
            .find(|u| u.risk == risk.id && u.quarter == q.quarter)
            .cloned()
            .unwrap_or_else(|| RiskUpdate::new(risk.id.clone(), q.quarter));
        update.likelihood = whole("likelihood", &form.likelihood, errors);
        update.impact = whole("impact", &form.impact, errors);
        update.opportunity_likelihood = whole(
            "opportunity_likelihood",
            &form.opportunity_likelihood,
            errors,
        );
        update.opportunity_impact = whole("opportunity_impact", &form.opportunity_impact, errors);
        update.target_score = whole("target_score", &form.target_score, errors);
        update.controls = text(&form.controls);
        update.commentary = text(&form.commentary);
        if errors.is_empty()
            && let Err(error) = q.in_force.settings.risks.check(&update)
        {
            let field = match &error {
                ragbook_core::city::register::AssessmentError::Target { .. } => "target_score",
                ragbook_core::city::register::AssessmentError::Matrix(
                    ragbook_core::city::risk::RiskError::Level { what: "impact", .. },
                ) => "impact",
                _ => "likelihood",
            };
            let mut message = error.to_string();
            if let Some(first) = message.get(..1) {
                message = first.to_uppercase() + &message[1..];
            }
            errors.push((field.into(), message));
        }
        records.risk_updates.push(update);
    }
}

/// The fields the conflict page compares.
pub(super) fn conflict_fields(kind: Kind) -> &'static [(&'static str, FieldReader)] {
    match kind {
        Kind::Project => &[
            ("Stage", |f| &f.stage),
            ("Time", |f| &f.time),
            ("Cost", |f| &f.cost),
            ("Scope", |f| &f.scope),
            ("Benefits", |f| &f.benefits),
            ("RAG set by hand", |f| &f.rag_override),
            ("Reason", |f| &f.reason),
            ("DCA", |f| &f.dca),
            ("Commentary", |f| &f.commentary),
        ],
        _ => &[
            ("Likelihood", |f| &f.likelihood),
            ("Impact", |f| &f.impact),
            ("Opportunity likelihood", |f| &f.opportunity_likelihood),
            ("Opportunity impact", |f| &f.opportunity_impact),
            ("Target score", |f| &f.target_score),
            ("Controls", |f| &f.controls),
            ("Commentary", |f| &f.commentary),
        ],
    }
}
