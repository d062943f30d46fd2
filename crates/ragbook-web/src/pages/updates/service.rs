//! Service plan actions in the quarterly cycle: each department says how its actions are going
//! (on track, at risk, delayed, complete) with commentary, and the performance team reviews them
//! with everything else. Only the actions its plan's latest document lists are asked for.

use ragbook_core::dataset::Dataset;
use ragbook_core::service::{ActionProgress, ActionUpdate};

use super::{FieldReader, Item, Kind};
use crate::data::Quarterly;
use crate::forms::{UpdateForm, text};

/// The actions of every service plan listed in its latest document, plan by plan.
pub(super) fn items(dataset: &Dataset) -> impl Iterator<Item = Item> + '_ {
    dataset.service_plans.iter().flat_map(move |plan| {
        dataset
            .actions
            .iter()
            .filter(move |a| a.plan == plan.id && a.listed_in(plan.year()))
            .map(move |a| Item {
                kind: Kind::Action,
                id: a.id.to_string(),
                title: format!("{} action {}: {}", plan.department, a.number, a.title),
                department: Some(plan.department.clone()),
                // Where the golden thread shows it: under its first council priority.
                href: a.priorities.first().map_or_else(
                    || "/golden-thread".to_owned(),
                    |p| format!("/golden-thread#p-{p}-action-{}", a.id),
                ),
                quarterly_figure: false,
            })
    })
}

/// The form's fields as held now.
pub(super) fn held_form(q: &Quarterly, item: &Item, form: &mut UpdateForm) {
    if let Some(u) = q
        .in_force
        .dataset
        .action_updates
        .iter()
        .find(|u| u.action.as_str() == item.id && u.quarter == q.quarter)
    {
        form.progress = u.progress.map(|p| p.code().to_owned()).unwrap_or_default();
        form.commentary = u.commentary.clone().unwrap_or_default();
    }
}

/// What the form offers: (code, label) of each progress.
pub(super) fn choices() -> Vec<(&'static str, &'static str)> {
    ActionProgress::ALL.map(|p| (p.code(), p.label())).to_vec()
}

/// The update the form makes.
pub(super) fn records(
    q: &Quarterly,
    item: &Item,
    form: &UpdateForm,
    records: &mut Dataset,
    errors: &mut Vec<(String, String)>,
) {
    let progress = text(&form.progress).and_then(|code| {
        let found = ActionProgress::ALL.into_iter().find(|p| p.code() == code);
        if found.is_none() {
            errors.push((
                "progress".into(),
                "Choose how the action is going from the list".into(),
            ));
        }
        found
    });
    if let Some(action) = q
        .in_force
        .dataset
        .actions
        .iter()
        .find(|a| a.id.as_str() == item.id)
    {
        records.action_updates.push(ActionUpdate {
            action: action.id.clone(),
            quarter: q.quarter,
            progress,
            commentary: text(&form.commentary),
        });
    }
}

/// The fields shown side by side when someone else changed the update first.
pub(super) fn conflict_fields() -> &'static [(&'static str, FieldReader)] {
    &[
        ("Progress", |f| &f.progress),
        ("Commentary", |f| &f.commentary),
    ]
}
