//! The city view of a quarter: every figure, count, list and sentence of the city report,
//! worked out once from the items. Milestones and measures are rated as the county report
//! rates them ([`crate::quarter::view`]); projects and risks are positioned here; then the themes'
//! tables, the front section's counts, headline and lists, each theme's project sentence and
//! the risk heat maps are derived from those items, so nothing can disagree with a table.

use std::collections::HashSet;

use super::front::{MilestoneCounts, ProjectSentence, headline, project_sentence};
use super::project::{Position, ProjectRag, ProjectRecord, ProjectUpdate};
use super::register::{RiskMatrices, RiskRecord, RiskUpdate};
use super::risk::{RiskKind, Score, movement};
use crate::dataset::{Dataset, PriorityRecord};
use crate::period::FinancialQuarter;
use crate::plan::ItemId;
use crate::quarter::{QuarterView, Rules, view as quarter_view};
use crate::rating::Scheme;

/// An item of a priority's table, kinds mixed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CityItem {
    /// The milestone at this index of the quarter view's deliverables.
    Milestone(usize),
    /// The measure at this index of the quarter view's measures.
    Measure(usize),
    /// The project at this index of [`CityView::projects`].
    Project(usize),
    /// The risk at this index of [`CityView::risks`].
    Risk(usize),
}

/// A project as this quarter's report shows it.
#[derive(Debug, Clone)]
pub struct ProjectStatus<'a> {
    /// The project.
    pub project: &'a ProjectRecord,
    /// This quarter's update, if one was given.
    pub update: Option<&'a ProjectUpdate>,
    /// Its position this quarter; "N/A" when no update was given.
    pub position: Position,
    /// Last quarter's position, if an update was given then.
    pub previous: Option<Position>,
    /// This quarter's Delivery Confidence Assessment.
    pub dca: Option<ProjectRag>,
    /// Last quarter's.
    pub previous_dca: Option<ProjectRag>,
}

/// A risk as this quarter's report shows it.
#[derive(Debug, Clone)]
pub struct RiskStatus<'a> {
    /// The risk.
    pub risk: &'a RiskRecord,
    /// This quarter's assessment, if one was given.
    pub update: Option<&'a RiskUpdate>,
    /// Its score as a threat.
    pub threat: Option<Score>,
    /// Its score as an opportunity.
    pub opportunity: Option<Score>,
    /// Its threat score at the end of last quarter.
    pub previous_threat: Option<Score>,
    /// Its opportunity score at the end of last quarter.
    pub previous_opportunity: Option<Score>,
    /// The movement clauses, threat first ("Reduced from 12 at the end of March to 8: ...").
    pub movement: Vec<String>,
}

impl RiskStatus<'_> {
    /// The position lines: "Risk score of 8", "Opportunity score of 6", or "N/A".
    pub fn position(&self) -> Vec<String> {
        let mut lines: Vec<String> = [
            (RiskKind::Threat, self.threat),
            (RiskKind::Opportunity, self.opportunity),
        ]
        .into_iter()
        .filter_map(|(kind, score)| {
            score.map(|s| format!("{} of {}", kind.score_words(), s.value()))
        })
        .collect();
        if lines.is_empty() {
            lines.push("N/A".into());
        }
        lines
    }
}

/// How many items of each kind a theme holds, N/A included (the counts table's column).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KindCounts {
    /// Milestones / priority actions.
    pub milestones: usize,
    /// Priority projects.
    pub projects: usize,
    /// Priority measures.
    pub measures: usize,
    /// Strategic risks.
    pub risks: usize,
}

impl std::ops::Add for KindCounts {
    type Output = KindCounts;
    fn add(self, other: KindCounts) -> KindCounts {
        KindCounts {
            milestones: self.milestones + other.milestones,
            projects: self.projects + other.projects,
            measures: self.measures + other.measures,
            risks: self.risks + other.risks,
        }
    }
}

/// A priority and its table's items, in plan order.
#[derive(Debug, Clone)]
pub struct PriorityBlock<'a> {
    /// The priority.
    pub priority: &'a PriorityRecord,
    /// Its items.
    pub items: Vec<CityItem>,
}

/// A theme: its priorities' tables and its share of the front section.
#[derive(Debug, Clone)]
pub struct ThemeView<'a> {
    /// The theme (a priority of the top level).
    pub theme: &'a PriorityRecord,
    /// Its priorities, in plan order.
    pub priorities: Vec<PriorityBlock<'a>>,
    /// Items of each kind in the theme, each counted once.
    pub counts: KindCounts,
    /// Its milestones by status.
    pub milestones: MilestoneCounts,
    /// Its project sentence.
    pub project_sentence: ProjectSentence,
}

/// Risks per cell of a matrix: `cells[likelihood - 1][impact - 1]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeatMap {
    /// Threats or opportunities.
    pub kind: RiskKind,
    /// Counts per cell.
    pub cells: Vec<Vec<usize>>,
}

impl HeatMap {
    /// Every risk counted.
    pub fn total(&self) -> usize {
        self.cells.iter().flatten().sum()
    }
}

/// Everything the city report says about one quarter.
#[derive(Debug, Clone)]
pub struct CityView<'a> {
    /// The quarter.
    pub quarter: FinancialQuarter,
    /// The month the positions stand at ("June 2021").
    pub as_at: String,
    /// Milestones and measures, rated.
    pub rated: QuarterView<'a>,
    /// Every project in force, in plan order.
    pub projects: Vec<ProjectStatus<'a>>,
    /// Every risk in force, in plan order.
    pub risks: Vec<RiskStatus<'a>>,
    /// The themes, in plan order.
    pub themes: Vec<ThemeView<'a>>,
    /// Every item of each kind, each counted once.
    pub counts: KindCounts,
    /// Every milestone by status.
    pub milestones: MilestoneCounts,
    /// The headline sentence, when any milestone is assessed.
    pub headline: Option<String>,
    /// Key achievements: milestones that became Completed this quarter, in table order.
    pub achievements: Vec<CityItem>,
    /// Priorities for development: Major slippage milestones, then Some slippage ones, in table
    /// order.
    pub development: Vec<CityItem>,
    /// Threats by cell.
    pub threats: HeatMap,
    /// Opportunities by cell.
    pub opportunities: HeatMap,
}

fn project_statuses(data: &Dataset, quarter: FinancialQuarter) -> Vec<ProjectStatus<'_>> {
    let find = |id: &ItemId, quarter: FinancialQuarter| {
        data.project_updates
            .iter()
            .find(|u| &u.project == id && u.quarter == quarter)
    };
    data.projects
        .iter()
        .map(|project| {
            let update = find(&project.id, quarter);
            let before = find(&project.id, quarter.previous());
            let position = update
                .and_then(|u| u.position().ok())
                .unwrap_or_else(|| Position::NotAssessed("No update was given.".into()));
            ProjectStatus {
                project,
                update,
                position,
                previous: before.and_then(|u| u.position().ok()),
                dca: update.and_then(|u| u.dca),
                previous_dca: before.and_then(|u| u.dca),
            }
        })
        .collect()
}

fn risk_statuses<'a>(
    data: &'a Dataset,
    matrices: &RiskMatrices,
    quarter: FinancialQuarter,
) -> Vec<RiskStatus<'a>> {
    let find = |id: &ItemId, quarter: FinancialQuarter| {
        data.risk_updates
            .iter()
            .find(|u| &u.risk == id && u.quarter == quarter)
    };
    let since = format!("the end of {}", quarter.previous().end_month().full_label());
    data.risks
        .iter()
        .map(|risk| {
            let update = find(&risk.id, quarter);
            let before = find(&risk.id, quarter.previous());
            let score = |u: Option<&RiskUpdate>, kind| {
                u.and_then(|u| matrices.score(u, kind).ok().flatten())
            };
            let threat = score(update, RiskKind::Threat);
            let opportunity = score(update, RiskKind::Opportunity);
            let previous_threat = score(before, RiskKind::Threat);
            let previous_opportunity = score(before, RiskKind::Opportunity);
            let mut clauses = Vec::new();
            for (kind, before, now) in [
                (RiskKind::Threat, previous_threat, threat),
                (RiskKind::Opportunity, previous_opportunity, opportunity),
            ] {
                if let (Some(before), Some(now)) = (before, now) {
                    let clause = movement(before, now, &since);
                    clauses.push(match kind {
                        RiskKind::Threat => clause,
                        RiskKind::Opportunity => format!("Opportunity: {}", lower_first(&clause)),
                    });
                }
            }
            RiskStatus {
                risk,
                update,
                threat,
                opportunity,
                previous_threat,
                previous_opportunity,
                movement: clauses,
            }
        })
        .collect()
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_lowercase().chain(chars).collect()
    })
}

fn heat_map(risks: &[RiskStatus<'_>], kind: RiskKind, size: usize) -> HeatMap {
    let mut cells = vec![vec![0; size]; size];
    for risk in risks {
        let score = match kind {
            RiskKind::Threat => risk.threat,
            RiskKind::Opportunity => risk.opportunity,
        };
        if let Some(s) = score
            && let Some(cell) = cells
                .get_mut(usize::from(s.likelihood) - 1)
                .and_then(|row| row.get_mut(usize::from(s.impact) - 1))
        {
            *cell += 1;
        }
    }
    HeatMap { kind, cells }
}

/// The city view of `quarter`, from data as it stands then ([`Dataset::for_quarter`]).
pub fn view<'a>(
    data: &'a Dataset,
    rules: Rules<'_>,
    matrices: &RiskMatrices,
    quarter: FinancialQuarter,
) -> CityView<'a> {
    let rated = quarter_view(data, rules, quarter);
    let projects = project_statuses(data, quarter);
    let risks = risk_statuses(data, matrices, quarter);
    let threats = heat_map(&risks, RiskKind::Threat, matrices.threats.size());
    let opportunities = heat_map(&risks, RiskKind::Opportunity, matrices.opportunities.size());
    let mut city = CityView {
        quarter,
        as_at: quarter.end_month().full_label(),
        rated,
        projects,
        risks,
        themes: Vec::new(),
        counts: KindCounts::default(),
        milestones: MilestoneCounts::default(),
        headline: None,
        achievements: Vec::new(),
        development: Vec::new(),
        threats,
        opportunities,
    };
    city.themes = themes(data, &city, rules.deliverables);
    let mut seen = HashSet::new();
    let every: Vec<CityItem> = city
        .themes
        .iter()
        .flat_map(|t| &t.priorities)
        .flat_map(|p| p.items.iter().copied())
        .filter(|item| seen.insert(*item))
        .collect();
    city.counts = count_kinds(&every);
    city.milestones = city.tally(&every, rules.deliverables);
    city.headline = headline(&city.as_at, &city.milestones);
    city.achievements = every
        .iter()
        .copied()
        .filter(|item| city.became(*item, "completed", rules.deliverables))
        .collect();
    let mut development = Vec::new();
    for status in ["major_slippage", "some_slippage"] {
        development.extend(
            every
                .iter()
                .copied()
                .filter(|item| city.status(*item, rules.deliverables) == Some(status)),
        );
    }
    city.development = development;
    city
}

fn count_kinds(items: &[CityItem]) -> KindCounts {
    let mut counts = KindCounts::default();
    for item in items {
        match item {
            CityItem::Milestone(_) => counts.milestones += 1,
            CityItem::Measure(_) => counts.measures += 1,
            CityItem::Project(_) => counts.projects += 1,
            CityItem::Risk(_) => counts.risks += 1,
        }
    }
    counts
}

fn themes<'a>(data: &'a Dataset, city: &CityView<'a>, scheme: &Scheme) -> Vec<ThemeView<'a>> {
    let tops = data.priorities.iter().filter(|p| p.parent.is_none());
    tops.map(|theme| {
        let children: Vec<&PriorityRecord> = data
            .priorities
            .iter()
            .filter(|p| p.parent.as_ref() == Some(&theme.id))
            .collect();
        // A plan of one level: each priority is its own theme.
        let blocks: Vec<&PriorityRecord> = if children.is_empty() {
            vec![theme]
        } else {
            children
        };
        let priorities: Vec<PriorityBlock<'a>> = blocks
            .into_iter()
            .map(|priority| PriorityBlock {
                priority,
                items: city.items_of(&priority.id),
            })
            .collect();
        let mut seen = HashSet::new();
        let items: Vec<CityItem> = priorities
            .iter()
            .flat_map(|p| p.items.iter().copied())
            .filter(|item| seen.insert(*item))
            .collect();
        let named: Vec<(&str, Position)> = items
            .iter()
            .filter_map(|item| match item {
                CityItem::Project(i) => {
                    let p = &city.projects[*i];
                    Some((p.project.short(), p.position.clone()))
                }
                _ => None,
            })
            .collect();
        ThemeView {
            theme,
            counts: count_kinds(&items),
            milestones: city.tally(&items, scheme),
            project_sentence: project_sentence(&theme.title, &named),
            priorities,
        }
    })
    .collect()
}

impl CityView<'_> {
    /// A priority's items in plan order: milestones, measures, projects, then risks.
    fn items_of(&self, priority: &ItemId) -> Vec<CityItem> {
        let serves = |list: &[ItemId]| list.contains(priority);
        let mut items = Vec::new();
        for (i, d) in self.rated.deliverables.iter().enumerate() {
            if serves(&d.deliverable.priorities) {
                items.push(CityItem::Milestone(i));
            }
        }
        for (i, m) in self.rated.measures.iter().enumerate() {
            if serves(&m.measure.priorities) {
                items.push(CityItem::Measure(i));
            }
        }
        for (i, p) in self.projects.iter().enumerate() {
            if serves(&p.project.priorities) {
                items.push(CityItem::Project(i));
            }
        }
        for (i, r) in self.risks.iter().enumerate() {
            if serves(&r.risk.priorities) {
                items.push(CityItem::Risk(i));
            }
        }
        items
    }

    /// A milestone's status id this quarter; none for other kinds or one not assessed.
    pub fn status<'s>(&self, item: CityItem, scheme: &'s Scheme) -> Option<&'s str> {
        match item {
            CityItem::Milestone(i) => {
                let rating = self.rated.deliverables.get(i)?.rating;
                Some(scheme.category(rating).id.as_str())
            }
            _ => None,
        }
    }

    /// Whether a milestone's status is `status` now and was not last quarter.
    fn became(&self, item: CityItem, status: &str, scheme: &Scheme) -> bool {
        let CityItem::Milestone(i) = item else {
            return false;
        };
        let before = self.rated.deliverables[i]
            .previous
            .map(|r| scheme.category(r).id.as_str());
        self.status(item, scheme) == Some(status) && before != Some(status)
    }

    fn tally(&self, items: &[CityItem], scheme: &Scheme) -> MilestoneCounts {
        MilestoneCounts::tally(
            items
                .iter()
                .filter(|item| matches!(item, CityItem::Milestone(_)))
                .map(|item| self.status(*item, scheme)),
        )
    }
}
