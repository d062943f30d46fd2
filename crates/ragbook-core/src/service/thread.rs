//! The golden thread, as a view: for each council priority, every department's actions and the
//! measures that show their success; for each Council Plan deliverable, the actions that
//! deliver it; and what the thread leaves loose: actions that serve no council priority, and
//! deliverables no department delivers.

use std::collections::BTreeMap;

use super::records::ActionRecord;
use crate::dataset::{Dataset, DeliverableRecord, MeasureRecord, PriorityRecord};

/// A department's part of a priority: its actions serving it, and their success measures.
#[derive(Debug, Clone)]
pub struct DepartmentThread<'a> {
    /// The department.
    pub department: &'a str,
    /// Its actions serving the priority, in plan order.
    pub actions: Vec<&'a ActionRecord>,
    /// Their success measures, each once, in the order first named.
    pub measures: Vec<&'a MeasureRecord>,
}

/// A council priority and what every department does for it.
#[derive(Debug, Clone)]
pub struct PriorityThread<'a> {
    /// The priority.
    pub priority: &'a PriorityRecord,
    /// The departments that serve it, by name.
    pub departments: Vec<DepartmentThread<'a>>,
}

/// A Council Plan deliverable and the departments' actions that deliver it.
#[derive(Debug, Clone)]
pub struct DeliverableThread<'a> {
    /// The deliverable.
    pub deliverable: &'a DeliverableRecord,
    /// The actions, with their departments.
    pub actions: Vec<(&'a str, &'a ActionRecord)>,
}

/// The golden thread of the plans held.
#[derive(Debug, Clone)]
pub struct Thread<'a> {
    /// Each bottom-level council priority, in plan order.
    pub priorities: Vec<PriorityThread<'a>>,
    /// Each deliverable, in plan order.
    pub deliverables: Vec<DeliverableThread<'a>>,
    /// Actions that serve no council priority and no departmental one.
    pub loose_actions: Vec<(&'a str, &'a ActionRecord)>,
    /// Deliverables no department's action delivers.
    pub undelivered: Vec<&'a DeliverableRecord>,
}

/// The council priorities of the bottom level (those no priority names as parent), in plan
/// order: the ones actions serve.
pub(super) fn bottom_priorities(data: &Dataset) -> Vec<&PriorityRecord> {
    let parents: std::collections::HashSet<&str> = data
        .priorities
        .iter()
        .filter_map(|p| p.parent.as_ref().map(|id| id.as_str()))
        .collect();
    data.priorities
        .iter()
        .filter(|p| !parents.contains(p.id.as_str()))
        .collect()
}

/// The thread through `data` (as it stands in a quarter: [`Dataset::for_quarter`]): each plan's
/// actions listed in its latest document (an action an update closed is not followed).
pub fn thread(data: &Dataset) -> Thread<'_> {
    let listed: Vec<&ActionRecord> = data
        .actions
        .iter()
        .filter(|a| {
            data.service_plans
                .iter()
                .find(|p| p.id == a.plan)
                .is_none_or(|p| a.listed_in(p.year()))
        })
        .collect();
    let department = |action: &ActionRecord| -> &str {
        data.service_plans
            .iter()
            .find(|p| p.id == action.plan)
            .map_or("", |p| p.department.as_str())
    };
    let priorities = bottom_priorities(data)
        .into_iter()
        .map(|priority| {
            let mut departments: BTreeMap<&str, DepartmentThread<'_>> = BTreeMap::new();
            for action in listed
                .iter()
                .copied()
                .filter(|a| a.priorities.contains(&priority.id))
            {
                let name = department(action);
                let entry = departments.entry(name).or_insert_with(|| DepartmentThread {
                    department: name,
                    actions: Vec::new(),
                    measures: Vec::new(),
                });
                entry.actions.push(action);
                for id in &action.measures {
                    if let Some(measure) = data.measure(id)
                        && !entry.measures.iter().any(|m| m.id == measure.id)
                    {
                        entry.measures.push(measure);
                    }
                }
            }
            PriorityThread {
                priority,
                departments: departments.into_values().collect(),
            }
        })
        .collect();
    let deliverables: Vec<DeliverableThread<'_>> = data
        .deliverables
        .iter()
        .map(|deliverable| DeliverableThread {
            deliverable,
            actions: listed
                .iter()
                .copied()
                .filter(|a| a.deliverable.as_ref() == Some(&deliverable.id))
                .map(|a| (department(a), a))
                .collect(),
        })
        .collect();
    Thread {
        priorities,
        undelivered: deliverables
            .iter()
            .filter(|d| d.actions.is_empty())
            .map(|d| d.deliverable)
            .collect(),
        deliverables,
        loose_actions: listed
            .iter()
            .copied()
            .filter(|a| {
                a.parent.is_none() && a.priorities.is_empty() && a.department_priority.is_none()
            })
            .map(|a| (department(a), a))
            .collect(),
    }
}
