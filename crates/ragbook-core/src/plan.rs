//! An organisation's plan: a hierarchy whose levels are named by configuration (county:
//! Priority; city: Theme then Priority; a service plan: Department priority), and the items
//! that hang from it: deliverables (a city calls them milestones or priority actions), key
//! measures, priority projects and strategic risks. An item may belong to several nodes, as a
//! service-plan action serves more than one council priority; an item under no node is
//! 'overarching'.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

/// A stable identifier typed by people: a priority, deliverable or measure id such as `P1`,
/// `D12` or `KM-sickness`. Letters, digits, `-`, `_` and `.`, at most 64 characters. Shared,
/// not copied: the many values of one measure all point at one id.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ItemId(Arc<str>);

/// An id that breaks the rules for ids.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "expected an id of letters, digits, '-', '_' or '.' (at most 64 characters), found {found:?}"
)]
pub struct BadId {
    /// What was given.
    pub found: String,
}

impl ItemId {
    /// Checks and wraps an id.
    pub fn new(text: &str) -> Result<ItemId, BadId> {
        let ok = !text.is_empty()
            && text.len() <= 64
            && text
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
        if ok {
            Ok(ItemId(Arc::from(text)))
        } else {
            Err(BadId {
                found: text.to_owned(),
            })
        }
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for ItemId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for ItemId {
    type Error = BadId;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        ItemId::new(&text)
    }
}

impl From<ItemId> for String {
    fn from(id: ItemId) -> String {
        id.0.to_string()
    }
}

impl fmt::Display for ItemId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The name of a level of the hierarchy, in both numbers ("Priority", "Priorities").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelName {
    /// "Priority".
    pub singular: String,
    /// "Priorities".
    pub plural: String,
}

/// The structural kinds of plan item. What each is called is configuration ([`KindNames`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// Rated by people: a deliverable, milestone or priority action.
    Deliverable,
    /// Rated from figures against targets: a key measure or priority measure.
    Measure,
    /// A priority project, rated on time, cost, scope and benefits.
    Project,
    /// A strategic risk, scored likelihood by impact.
    Risk,
}

/// What an organisation calls each kind of item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindNames {
    /// "Deliverable" (county) or "Milestone" (city).
    pub deliverable: String,
    /// "Key measure" or "Priority measure".
    pub measure: String,
    /// "Priority project".
    pub project: String,
    /// "Strategic risk".
    pub risk: String,
}

impl Default for KindNames {
    fn default() -> Self {
        KindNames {
            deliverable: "Deliverable".into(),
            measure: "Key measure".into(),
            project: "Priority project".into(),
            risk: "Strategic risk".into(),
        }
    }
}

impl KindNames {
    /// The configured name of a kind.
    pub fn name(&self, kind: ItemKind) -> &str {
        match kind {
            ItemKind::Deliverable => &self.deliverable,
            ItemKind::Measure => &self.measure,
            ItemKind::Project => &self.project,
            ItemKind::Risk => &self.risk,
        }
    }
}

/// Whose plan it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum PlanScope {
    /// The council-wide plan ('Council Plan 2023-25').
    Council,
    /// A department's service plan.
    Service {
        /// The department, e.g. "Place".
        department: String,
    },
}

/// A node of the hierarchy: a theme, a priority.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Node {
    /// Stable id.
    pub id: ItemId,
    /// Depth: 0 is the top level.
    pub level: usize,
    /// The node above, for every level but the top.
    pub parent: Option<ItemId>,
    /// Title as published.
    pub title: String,
}

/// Something the plan commits to and reports on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    /// Stable id. For measures, the measure's id: the same measure may be an item of several
    /// plans (a council plan and a service plan) with its own targets in each.
    pub id: ItemId,
    /// Which kind of item.
    pub kind: ItemKind,
    /// Title as published.
    pub title: String,
    /// Short name used in 'Go to' links ("Library Strategy").
    pub short_title: Option<String>,
    /// Nodes of the bottom level the item serves; empty for overarching items.
    pub nodes: Vec<ItemId>,
    /// Lead officer or role.
    pub lead: Option<String>,
    /// Owning department, which decides who may update it.
    pub department: Option<String>,
}

/// The organisation a plan belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organisation {
    /// Short stable id, e.g. `derbyshire`.
    pub id: String,
    /// Name as published, e.g. "Derbyshire County Council".
    pub name: String,
}

/// A plan as entered, before it is checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanDraft {
    /// Stable id.
    pub id: ItemId,
    /// Title, e.g. "Council Plan 2023-25".
    pub title: String,
    /// Whose plan.
    pub organisation: Organisation,
    /// Council or service plan.
    pub scope: PlanScope,
    /// Level names from the top: county `[Priority]`, city `[Theme, Priority]`.
    pub levels: Vec<LevelName>,
    /// Names of the item kinds.
    pub kind_names: KindNames,
    /// Hierarchy nodes, parents before children.
    pub nodes: Vec<Node>,
    /// Items.
    pub items: Vec<Item>,
}

/// Something wrong with a plan's structure.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanProblem {
    /// Two nodes or items share an id.
    #[error("id {id} is used more than once")]
    DuplicateId {
        /// The id.
        id: ItemId,
    },
    /// A node's parent is missing or at the wrong level.
    #[error(
        "{node} should sit under a node of level {expected_level}, but its parent is {}",
        parent.as_ref().map_or_else(|| "missing".to_owned(), ToString::to_string)
    )]
    BadParent {
        /// The node.
        node: ItemId,
        /// The parent given.
        parent: Option<ItemId>,
        /// The level the parent should have.
        expected_level: usize,
    },
    /// A node deeper than the configured levels.
    #[error("{node} is at level {level}, but the plan has {levels} level(s)")]
    TooDeep {
        /// The node.
        node: ItemId,
        /// Its level.
        level: usize,
        /// Configured levels.
        levels: usize,
    },
    /// An item names a node that is not a bottom-level node of the plan.
    #[error("{item} belongs to {node}, which is not a {level_name} of this plan")]
    UnknownNode {
        /// The item.
        item: ItemId,
        /// The node named.
        node: ItemId,
        /// The bottom level's name.
        level_name: String,
    },
    /// The plan has no levels configured.
    #[error("the plan has no hierarchy levels; name at least one (e.g. Priority)")]
    NoLevels,
}

/// A plan whose structure has been checked: ids unique, parents real, items attached to
/// bottom-level nodes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Plan {
    draft: PlanDraft,
}

impl Plan {
    /// Checks a draft, returning the plan or every problem found.
    pub fn new(draft: PlanDraft) -> Result<Plan, Vec<PlanProblem>> {
        let mut problems = Vec::new();
        let depth = draft.levels.len();
        if depth == 0 {
            problems.push(PlanProblem::NoLevels);
        }
        let mut seen = HashSet::new();
        for id in draft
            .nodes
            .iter()
            .map(|n| &n.id)
            .chain(draft.items.iter().map(|i| &i.id))
        {
            if !seen.insert(id) {
                problems.push(PlanProblem::DuplicateId { id: id.clone() });
            }
        }
        let levels: HashMap<&ItemId, usize> =
            draft.nodes.iter().map(|n| (&n.id, n.level)).collect();
        for node in &draft.nodes {
            if node.level >= depth.max(1) {
                problems.push(PlanProblem::TooDeep {
                    node: node.id.clone(),
                    level: node.level,
                    levels: depth,
                });
                continue;
            }
            let parent_level = node.parent.as_ref().and_then(|p| levels.get(p));
            let fits = match node.level {
                0 => node.parent.is_none(),
                level => parent_level == Some(&(level - 1)),
            };
            if !fits {
                problems.push(PlanProblem::BadParent {
                    node: node.id.clone(),
                    parent: node.parent.clone(),
                    expected_level: node.level.saturating_sub(1),
                });
            }
        }
        let bottom = depth.saturating_sub(1);
        let level_name = draft
            .levels
            .last()
            .map(|l| l.singular.clone())
            .unwrap_or_default();
        for item in &draft.items {
            for node in &item.nodes {
                if levels.get(node) != Some(&bottom) {
                    problems.push(PlanProblem::UnknownNode {
                        item: item.id.clone(),
                        node: node.clone(),
                        level_name: level_name.clone(),
                    });
                }
            }
        }
        if problems.is_empty() {
            Ok(Plan { draft })
        } else {
            Err(problems)
        }
    }

    /// The plan's id.
    pub fn id(&self) -> &ItemId {
        &self.draft.id
    }

    /// The plan's title.
    pub fn title(&self) -> &str {
        &self.draft.title
    }

    /// The organisation.
    pub fn organisation(&self) -> &Organisation {
        &self.draft.organisation
    }

    /// Council or service plan.
    pub fn scope(&self) -> &PlanScope {
        &self.draft.scope
    }

    /// Level names from the top.
    pub fn levels(&self) -> &[LevelName] {
        &self.draft.levels
    }

    /// What each kind of item is called.
    pub fn kind_names(&self) -> &KindNames {
        &self.draft.kind_names
    }

    /// Every node, in the order given.
    pub fn nodes(&self) -> &[Node] {
        &self.draft.nodes
    }

    /// The nodes of one level, in the order given.
    pub fn nodes_at(&self, level: usize) -> impl Iterator<Item = &Node> {
        self.draft.nodes.iter().filter(move |n| n.level == level)
    }

    /// Every item, in the order given.
    pub fn items(&self) -> &[Item] {
        &self.draft.items
    }

    /// The item with this id.
    pub fn item(&self, id: &ItemId) -> Option<&Item> {
        self.draft.items.iter().find(|i| &i.id == id)
    }

    /// Items of `kind` that serve `node` or any node beneath it.
    pub fn items_under<'p>(
        &'p self,
        node: &ItemId,
        kind: ItemKind,
    ) -> impl Iterator<Item = &'p Item> + use<'p> {
        let beneath = self.descendants_and_self(node);
        self.draft
            .items
            .iter()
            .filter(move |i| i.kind == kind && i.nodes.iter().any(|n| beneath.contains(n)))
    }

    /// Items of `kind` that belong to no node.
    pub fn overarching(&self, kind: ItemKind) -> impl Iterator<Item = &Item> {
        self.draft
            .items
            .iter()
            .filter(move |i| i.kind == kind && i.nodes.is_empty())
    }

    fn descendants_and_self(&self, node: &ItemId) -> HashSet<ItemId> {
        let mut found: HashSet<ItemId> = HashSet::from([node.clone()]);
        // Parents come before children in a checked plan only if entered so; loop to a fixpoint.
        loop {
            let before = found.len();
            for n in &self.draft.nodes {
                if n.parent.as_ref().is_some_and(|p| found.contains(p)) {
                    found.insert(n.id.clone());
                }
            }
            if found.len() == before {
                return found;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(text: &str) -> ItemId {
        ItemId::new(text).unwrap()
    }

    fn level(name: &str) -> LevelName {
        LevelName {
            singular: name.into(),
            plural: format!("{name}s"),
        }
    }

    fn node(name: &str, level: usize, parent: Option<&str>) -> Node {
        Node {
            id: id(name),
            level,
            parent: parent.map(id),
            title: name.into(),
        }
    }

    fn item(name: &str, kind: ItemKind, nodes: &[&str]) -> Item {
        Item {
            id: id(name),
            kind,
            title: name.into(),
            short_title: None,
            nodes: nodes.iter().map(|n| id(n)).collect(),
            lead: None,
            department: None,
        }
    }

    fn city_draft() -> PlanDraft {
        PlanDraft {
            id: id("city-plan"),
            title: "Our City Plan".into(),
            organisation: Organisation {
                id: "city".into(),
                name: "A City Council".into(),
            },
            scope: PlanScope::Council,
            levels: vec![level("Theme"), level("Priority")],
            kind_names: KindNames {
                deliverable: "Milestone".into(),
                ..KindNames::default()
            },
            nodes: vec![
                node("T1", 0, None),
                node("P1", 1, Some("T1")),
                node("P2", 1, Some("T1")),
                node("T2", 0, None),
                node("P3", 1, Some("T2")),
            ],
            items: vec![
                item("M1", ItemKind::Deliverable, &["P1"]),
                item("M2", ItemKind::Deliverable, &["P1", "P3"]),
                item("K1", ItemKind::Measure, &["P2"]),
                item("R1", ItemKind::Risk, &["P3"]),
                item("K0", ItemKind::Measure, &[]),
            ],
        }
    }

    #[test]
    fn a_city_plan_has_themes_over_priorities_and_shared_items() {
        let plan = Plan::new(city_draft()).unwrap();
        let under_t1: Vec<&str> = plan
            .items_under(&id("T1"), ItemKind::Deliverable)
            .map(|i| i.id.as_str())
            .collect();
        assert_eq!(under_t1, ["M1", "M2"]);
        let under_t2: Vec<&str> = plan
            .items_under(&id("T2"), ItemKind::Deliverable)
            .map(|i| i.id.as_str())
            .collect();
        assert_eq!(
            under_t2,
            ["M2"],
            "an item may serve priorities under two themes"
        );
        let overarching: Vec<&str> = plan
            .overarching(ItemKind::Measure)
            .map(|i| i.id.as_str())
            .collect();
        assert_eq!(overarching, ["K0"]);
        assert_eq!(plan.kind_names().name(ItemKind::Deliverable), "Milestone");
    }

    #[test]
    fn every_structural_problem_is_reported_at_once() {
        let mut draft = city_draft();
        draft.nodes.push(node("P4", 1, Some("P1")));
        draft.nodes.push(node("X", 2, Some("P1")));
        draft.items.push(item("M1", ItemKind::Deliverable, &["T1"]));
        let problems = Plan::new(draft).unwrap_err();
        let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            text,
            [
                "id M1 is used more than once",
                "P4 should sit under a node of level 0, but its parent is P1",
                "X is at level 2, but the plan has 2 level(s)",
                "M1 belongs to T1, which is not a Priority of this plan",
            ]
        );
    }

    #[test]
    fn ids_are_checked() {
        assert!(ItemId::new("KM-12.a_b").is_ok());
        assert!(ItemId::new("has space").is_err());
        assert!(ItemId::new("").is_err());
    }
}
