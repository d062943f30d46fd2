//! Who may do what: the roles of people who use ragbook, and the states a quarterly update
//! goes through between its owner and the performance team. The rules are here, pure, so the
//! web app, the API and the command line all apply the same ones.

use serde::{Deserialize, Serialize};

/// A person's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Manages users and settings; reads everything.
    Administrator,
    /// The performance team: everything, including approving updates and publishing.
    Performance,
    /// Updates the items their department owns, for the open quarter.
    DepartmentEditor,
    /// Updates budget monitoring.
    FinanceEditor,
    /// Reads everything inside the council; changes nothing.
    Viewer,
}

impl Role {
    /// Every role, most powerful first.
    pub const ALL: [Role; 5] = [
        Role::Administrator,
        Role::Performance,
        Role::DepartmentEditor,
        Role::FinanceEditor,
        Role::Viewer,
    ];

    /// The role's code, as stored and typed: `department_editor`.
    pub fn code(self) -> &'static str {
        match self {
            Role::Administrator => "administrator",
            Role::Performance => "performance",
            Role::DepartmentEditor => "department_editor",
            Role::FinanceEditor => "finance_editor",
            Role::Viewer => "viewer",
        }
    }

    /// The role's name, as shown: "Department editor".
    pub fn label(self) -> &'static str {
        match self {
            Role::Administrator => "Administrator",
            Role::Performance => "Performance team",
            Role::DepartmentEditor => "Department editor",
            Role::FinanceEditor => "Finance editor",
            Role::Viewer => "Viewer",
        }
    }

    /// The role with this code.
    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.code() == code)
    }

    /// Whether the role needs a department (only department editors do).
    pub fn needs_department(self) -> bool {
        self == Role::DepartmentEditor
    }

    /// Whether the role may open a quarter, approve or return updates, and publish.
    pub fn runs_the_cycle(self) -> bool {
        self == Role::Performance
    }

    /// Whether the role may manage users.
    pub fn manages_users(self) -> bool {
        self == Role::Administrator
    }
}

/// A signed-in person, as the rules see them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// Their login name.
    pub name: String,
    /// Their role.
    pub role: Role,
    /// Their department, for department editors.
    pub department: Option<String>,
}

impl Person {
    /// Whether they may change the quarterly update of an item owned by `owner` (a
    /// department), in a quarter whose cycle is open, given the update's `state`.
    pub fn may_update(&self, owner: Option<&str>, open: bool, state: UpdateState) -> bool {
        if !open {
            return false;
        }
        match self.role {
            Role::Performance => true,
            Role::DepartmentEditor => {
                let own = matches!((self.department.as_deref(), owner), (Some(mine), Some(theirs)) if same_department(mine, theirs));
                own && state.editable_by_owner()
            }
            Role::Administrator | Role::FinanceEditor | Role::Viewer => false,
        }
    }

    /// Whether they may approve (or return) an update that `submitted_by` submitted. Under
    /// separation of duties nobody approves their own submission.
    pub fn may_approve(&self, submitted_by: &str, separate_duties: bool) -> bool {
        self.role.runs_the_cycle() && !(separate_duties && self.name == submitted_by)
    }

    /// Whether they may edit budget monitoring figures.
    pub fn may_update_finance(&self) -> bool {
        matches!(self.role, Role::Performance | Role::FinanceEditor)
    }
}

/// Departments are named by people: compare them as people would, ignoring case and spacing.
pub fn same_department(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    norm(a) == norm(b)
}

/// Where an item's update for the open quarter is in the cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UpdateState {
    /// Nothing saved yet this quarter.
    NotStarted,
    /// Saved by its owner, not yet submitted.
    Draft,
    /// Submitted for review.
    Submitted,
    /// Returned by the performance team with a comment.
    Returned,
    /// Approved by the performance team.
    Approved,
}

impl UpdateState {
    /// The state's code, as stored.
    pub fn code(self) -> &'static str {
        match self {
            UpdateState::NotStarted => "not_started",
            UpdateState::Draft => "draft",
            UpdateState::Submitted => "submitted",
            UpdateState::Returned => "returned",
            UpdateState::Approved => "approved",
        }
    }

    /// The state as shown.
    pub fn label(self) -> &'static str {
        match self {
            UpdateState::NotStarted => "Not started",
            UpdateState::Draft => "Draft",
            UpdateState::Submitted => "Submitted",
            UpdateState::Returned => "Returned",
            UpdateState::Approved => "Approved",
        }
    }

    /// The state with this code.
    pub fn from_code(code: &str) -> Option<UpdateState> {
        [
            UpdateState::NotStarted,
            UpdateState::Draft,
            UpdateState::Submitted,
            UpdateState::Returned,
            UpdateState::Approved,
        ]
        .into_iter()
        .find(|state| state.code() == code)
    }

    /// Whether the owner may still change it: once submitted it waits for review, and once
    /// approved it is final unless the performance team returns it.
    pub fn editable_by_owner(self) -> bool {
        matches!(
            self,
            UpdateState::NotStarted | UpdateState::Draft | UpdateState::Returned
        )
    }

    /// Whether the performance team can act on it (approve or return).
    pub fn awaits_review(self) -> bool {
        self == UpdateState::Submitted
    }

    /// Whether nothing has been submitted: the dashboard's "no update received".
    pub fn outstanding(self) -> bool {
        matches!(
            self,
            UpdateState::NotStarted | UpdateState::Draft | UpdateState::Returned
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn editor(department: &str) -> Person {
        Person {
            name: "e".into(),
            role: Role::DepartmentEditor,
            department: Some(department.into()),
        }
    }

    #[test]
    fn an_editor_updates_only_their_own_department_while_the_quarter_is_open() {
        let me = editor("Adult Care");
        assert!(me.may_update(Some("adult  care"), true, UpdateState::Draft));
        assert!(!me.may_update(Some("Public Health"), true, UpdateState::Draft));
        assert!(!me.may_update(None, true, UpdateState::Draft));
        assert!(!me.may_update(Some("Adult Care"), false, UpdateState::Draft));
    }

    #[test]
    fn an_editor_cannot_change_a_submitted_or_approved_update_but_can_a_returned_one() {
        let me = editor("Adult Care");
        assert!(!me.may_update(Some("Adult Care"), true, UpdateState::Submitted));
        assert!(!me.may_update(Some("Adult Care"), true, UpdateState::Approved));
        assert!(me.may_update(Some("Adult Care"), true, UpdateState::Returned));
    }

    #[test]
    fn only_the_performance_team_updates_anything_and_viewers_nothing() {
        let role = |role| Person {
            name: "p".into(),
            role,
            department: None,
        };
        assert!(role(Role::Performance).may_update(None, true, UpdateState::Approved));
        for other in [Role::Administrator, Role::FinanceEditor, Role::Viewer] {
            assert!(!role(other).may_update(Some("Adult Care"), true, UpdateState::Draft));
        }
        assert!(role(Role::FinanceEditor).may_update_finance());
        let perf = role(Role::Performance);
        assert!(
            !perf.may_approve(&perf.name, true),
            "not their own submission"
        );
        assert!(
            perf.may_approve(&perf.name, false),
            "unless duties are not separated"
        );
        assert!(perf.may_approve("someone else", true));
        assert!(!role(Role::DepartmentEditor).may_approve("someone else", false));
        assert!(!role(Role::Viewer).may_update_finance());
    }

    #[test]
    fn codes_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::from_code(role.code()), Some(role));
        }
        assert_eq!(Role::from_code("root"), None);
        assert_eq!(
            UpdateState::from_code("returned"),
            Some(UpdateState::Returned)
        );
    }
}
