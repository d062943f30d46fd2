//! The city quarterly report's view-model ([`CityReport`]): the key highlights front section,
//! one part per theme with a supporting information table per priority, the risk heat maps and
//! the supporting notes. Every count, list and sentence is read from the core's city view
//! ([`ragbook_core::city::view`]); this module only puts them in the order the report prints.

use ragbook_core::city::front::MilestoneCounts;
use ragbook_core::city::project::ProjectRag;
use ragbook_core::city::view::{CityItem, CityView, KindCounts, view as city_view};
use ragbook_core::city::words::{measure_description, project_support, risk_support};
use ragbook_core::dataset::Dataset;
use ragbook_core::period::FinancialQuarter;
use ragbook_core::quarter::{missing_text, rated_against_target};
use ragbook_core::rules::Rulebook;
use ragbook_core::settings::Settings;
use serde::Serialize;

use crate::model::{ReportError, Shown, figure, paragraphs, shown};

mod heat;
mod notes;

pub use heat::HeatMapTable;
pub use notes::KeyTable;

/// An item's kind as its Type cell shows it: a symbol and a text label.
#[derive(Debug, Clone, Serialize)]
pub struct ItemType {
    /// `milestone`, `measure`, `project` or `risk`, for styling.
    pub id: &'static str,
    /// The organisation's name for the kind ("Milestone").
    pub label: String,
    /// The symbol drawn beside the label.
    pub symbol: &'static str,
}

/// One row of a supporting information table.
#[derive(Debug, Clone, Serialize)]
pub struct ItemRow {
    /// The item's id.
    pub id: String,
    /// The item description.
    pub description: String,
    /// Its kind.
    pub kind: ItemType,
    /// The position in words, one line each (a measure's figure; a risk's threat and
    /// opportunity scores; an unrated status); empty where the rating says it all.
    pub position: Vec<String>,
    /// The position's rating, shown after its words: a milestone's status, a measure's colour,
    /// a project's RAG.
    pub rating: Option<Shown>,
    /// The supporting information, a paragraph each.
    pub support: Vec<String>,
}

/// A priority's table.
#[derive(Debug, Clone, Serialize)]
pub struct PriorityTable {
    /// The priority's id.
    pub id: String,
    /// The priority's title.
    pub title: String,
    /// Its one-sentence description.
    pub description: String,
    /// Its items, in plan order.
    pub rows: Vec<ItemRow>,
}

/// A theme's part of the report.
#[derive(Debug, Clone, Serialize)]
pub struct ThemePart {
    /// Anchor for links.
    pub anchor: String,
    /// The theme's title.
    pub title: String,
    /// Its strapline.
    pub description: String,
    /// The project sentence's lead.
    pub project_lead: String,
    /// The projects it names.
    pub project_named: Vec<String>,
    /// One table per priority.
    pub priorities: Vec<PriorityTable>,
}

/// A row of a front-section table: a label and a count per theme, then the total.
#[derive(Debug, Clone, Serialize)]
pub struct CountRow {
    /// "Milestones / priority actions", or a status.
    pub label: String,
    /// The status's colour, for the status table.
    pub rating: Option<Shown>,
    /// One count per theme.
    pub cells: Vec<usize>,
    /// Their sum.
    pub total: usize,
}

/// A front-section list entry: an item's short name and its position.
#[derive(Debug, Clone, Serialize)]
pub struct ListEntry {
    /// The item as the list names it.
    pub title: String,
    /// Its theme.
    pub theme: String,
    /// Its status.
    pub rating: Shown,
}

/// The whole city report.
#[derive(Debug, Clone, Serialize)]
pub struct CityReport {
    /// The organisation's name.
    pub organisation: String,
    /// The plan's title.
    pub plan_title: String,
    /// "Quarter 2 2026-27".
    pub quarter: String,
    /// "Q2".
    pub quarter_short: String,
    /// "September 2026".
    pub as_at: String,
    /// The purpose paragraphs (settings `[report] introduction`).
    pub purpose: Vec<String>,
    /// Where to send feedback.
    pub feedback: Option<String>,
    /// The themes' titles, the columns of the front tables.
    pub theme_titles: Vec<String>,
    /// The counts table: items of each kind per theme.
    pub counts: Vec<CountRow>,
    /// The headline sentence.
    pub headline: Option<String>,
    /// How many milestones were not assessed (N/A), left out of the headline's base.
    pub not_assessed: Option<String>,
    /// The status table: milestones per status per theme.
    pub statuses: Vec<CountRow>,
    /// Key achievements.
    pub achievements: Vec<ListEntry>,
    /// Priorities for development.
    pub development: Vec<ListEntry>,
    /// One part per theme.
    pub themes: Vec<ThemePart>,
    /// The risk heat maps: threats, then opportunities.
    pub heat_maps: Vec<HeatMapTable>,
    /// "All assessments for the 'Q2 position' reflect ...".
    pub notes_lead: String,
    /// The keys, printed from the configured schemes.
    pub keys: Vec<KeyTable>,
}

/// The colour a project RAG is shown in.
pub(crate) fn project_shown(rag: ProjectRag) -> Shown {
    let colour = match rag {
        ProjectRag::Green => "#00703c",
        ProjectRag::AmberGreen => "#85994b",
        ProjectRag::AmberRed => "#f47738",
        ProjectRag::Red => "#d4351c",
    };
    Shown {
        label: rag.label().to_owned(),
        category: rag.label().to_owned(),
        id: format!("{rag:?}").to_lowercase(),
        symbol: String::new(),
        colour: colour.to_owned(),
        ink: crate::charts::ink(colour).to_owned(),
    }
}

struct Context<'v, 'a> {
    city: &'v CityView<'a>,
    book: &'v Rulebook,
    settings: &'v Settings,
    quarter: FinancialQuarter,
}

impl Context<'_, '_> {
    fn kind(&self, item: CityItem) -> ItemType {
        let names = &self.settings.names;
        match item {
            CityItem::Milestone(_) => ItemType {
                id: "milestone",
                label: names.deliverable.clone(),
                symbol: "\u{2691}",
            },
            CityItem::Measure(_) => ItemType {
                id: "measure",
                label: names.measure.clone(),
                symbol: "\u{25A5}",
            },
            CityItem::Project(_) => ItemType {
                id: "project",
                label: names.project.clone(),
                symbol: "\u{25C6}",
            },
            CityItem::Risk(_) => ItemType {
                id: "risk",
                label: names.risk.clone(),
                symbol: "\u{25B2}",
            },
        }
    }

    /// An item's short name, for the front section's lists.
    fn short(&self, item: CityItem) -> String {
        let rated = &self.city.rated;
        match item {
            CityItem::Milestone(i) => {
                let d = rated.deliverables[i].deliverable;
                d.short_title.clone().unwrap_or_else(|| d.title.clone())
            }
            CityItem::Measure(i) => rated.measures[i].measure.title.clone(),
            CityItem::Project(i) => self.city.projects[i].project.short().to_owned(),
            CityItem::Risk(i) => self.city.risks[i].risk.described(),
        }
    }

    fn row(&self, item: CityItem) -> ItemRow {
        let rated = &self.city.rated;
        let rules = self.book.rules();
        let (id, description, position, rating, support) = match item {
            CityItem::Milestone(i) => {
                let d = &rated.deliverables[i];
                let scheme = rules.deliverables;
                let category = scheme.category(d.rating);
                let mut support = Vec::new();
                if let Some(u) = d.update {
                    support.extend(u.commentary.clone());
                    support.extend(u.issue.clone());
                    support.extend(u.response.clone());
                }
                let rating = category
                    .is_rated()
                    .then(|| shown(scheme, d.rating, None, self.quarter));
                (
                    d.deliverable.id.to_string(),
                    d.deliverable.title.clone(),
                    if rating.is_some() {
                        Vec::new()
                    } else {
                        vec![category.label.clone()]
                    },
                    rating,
                    support,
                )
            }
            CityItem::Measure(i) => {
                let m = &rated.measures[i];
                let scheme = rules.measures.scheme();
                let value = m
                    .reported
                    .and_then(|v| v.value.figure())
                    .map(|f| figure(f, m.measure.unit, m.measure.decimals))
                    .or_else(|| missing_text(m))
                    .unwrap_or_default();
                let mut support: Vec<String> = m
                    .update
                    .map(|u| {
                        [&u.commentary, &u.issue, &u.response]
                            .into_iter()
                            .flatten()
                            .cloned()
                            .collect()
                    })
                    .unwrap_or_default();
                match m.target {
                    Some(target) => support.push(format!(
                        "Target {}: {}.",
                        target.period,
                        target.target.describe(m.measure.unit)
                    )),
                    None => support.push("No target is set, so it is not rated.".into()),
                }
                (
                    m.measure.id.to_string(),
                    measure_description(m),
                    vec![value],
                    rated_against_target(&m.assessment)
                        .then(|| shown(scheme, m.rating, None, self.quarter)),
                    support,
                )
            }
            CityItem::Project(i) => {
                let p = &self.city.projects[i];
                let rating = p.position.rag().map(project_shown);
                (
                    p.project.id.to_string(),
                    p.project.described(),
                    if rating.is_some() {
                        Vec::new()
                    } else {
                        vec![p.position.label().to_owned()]
                    },
                    rating,
                    project_support(p, self.quarter),
                )
            }
            CityItem::Risk(i) => {
                let r = &self.city.risks[i];
                (
                    r.risk.id.to_string(),
                    r.risk.described(),
                    r.position(),
                    None,
                    risk_support(r),
                )
            }
        };
        ItemRow {
            id,
            description,
            kind: self.kind(item),
            position,
            rating,
            support,
        }
    }

    fn entry(&self, item: CityItem, theme: &str) -> Option<ListEntry> {
        let CityItem::Milestone(i) = item else {
            return None;
        };
        let d = &self.city.rated.deliverables[i];
        Some(ListEntry {
            title: self.short(item),
            theme: theme.to_owned(),
            rating: shown(self.book.rules().deliverables, d.rating, None, self.quarter),
        })
    }
}

/// Reads one count from a theme's (or the plan's) counts.
type Count<T> = fn(&T) -> usize;

/// The theme an item first appears in.
fn theme_of(city: &CityView<'_>, item: CityItem) -> String {
    city.themes
        .iter()
        .find(|t| t.priorities.iter().any(|p| p.items.contains(&item)))
        .map(|t| t.theme.title.clone())
        .unwrap_or_default()
}

fn count_rows(city: &CityView<'_>, settings: &Settings) -> Vec<CountRow> {
    let names = &settings.names;
    let rows: [(String, Count<KindCounts>); 4] = [
        (format!("{}s", names.deliverable), |c| c.milestones),
        (format!("{}s", names.project), |c| c.projects),
        (format!("{}s", names.measure), |c| c.measures),
        (format!("{}s", names.risk), |c| c.risks),
    ];
    rows.into_iter()
        .map(|(label, of)| CountRow {
            label,
            rating: None,
            cells: city.themes.iter().map(|t| of(&t.counts)).collect(),
            total: of(&city.counts),
        })
        .collect()
}

fn status_rows(city: &CityView<'_>, book: &Rulebook, quarter: FinancialQuarter) -> Vec<CountRow> {
    let scheme = book.rules().deliverables;
    let rows: [(&str, Count<MilestoneCounts>); 4] = [
        ("completed", |c| c.completed),
        ("on_track", |c| c.on_track),
        ("some_slippage", |c| c.some_slippage),
        ("major_slippage", |c| c.major_slippage),
    ];
    rows.into_iter()
        .map(|(id, of)| {
            let rating = scheme.find(id).map(|r| shown(scheme, r, None, quarter));
            CountRow {
                label: rating.as_ref().map_or(id.to_owned(), |r| r.label.clone()),
                rating,
                cells: city.themes.iter().map(|t| of(&t.milestones)).collect(),
                total: of(&city.milestones),
            }
        })
        .collect()
}

/// Builds the city report of `quarter` from the data as it stands then.
pub fn build_city(
    data: &Dataset,
    settings: &Settings,
    book: &Rulebook,
    quarter: FinancialQuarter,
) -> Result<CityReport, ReportError> {
    let data = &data.for_quarter(quarter);
    let (Some(organisation), Some(plan)) = (&data.organisation, data.current_plan()) else {
        return Err(ReportError::NoPlan);
    };
    let city = city_view(data, book.rules(), &settings.risks, quarter);
    let cx = Context {
        city: &city,
        book,
        settings,
        quarter,
    };
    let themes = city
        .themes
        .iter()
        .map(|t| ThemePart {
            anchor: format!("theme-{}", t.theme.id),
            title: t.theme.title.clone(),
            description: t.theme.description.clone().unwrap_or_default(),
            project_lead: t.project_sentence.lead.clone(),
            project_named: t.project_sentence.named.clone(),
            priorities: t
                .priorities
                .iter()
                .map(|p| PriorityTable {
                    id: p.priority.id.to_string(),
                    title: p.priority.title.clone(),
                    description: p.priority.description.clone().unwrap_or_default(),
                    rows: p.items.iter().map(|item| cx.row(*item)).collect(),
                })
                .collect(),
        })
        .collect();
    let list = |items: &[CityItem]| -> Vec<ListEntry> {
        items
            .iter()
            .filter_map(|item| cx.entry(*item, &theme_of(&city, *item)))
            .collect()
    };
    Ok(CityReport {
        organisation: organisation.name.clone(),
        plan_title: plan.title.clone(),
        quarter: quarter.long_label(),
        quarter_short: quarter.short_label(),
        as_at: city.as_at.clone(),
        purpose: paragraphs(settings.report.introduction.as_deref()),
        feedback: settings.report.feedback.clone(),
        theme_titles: city.themes.iter().map(|t| t.theme.title.clone()).collect(),
        counts: count_rows(&city, settings),
        headline: city.headline.clone(),
        not_assessed: match city.milestones.not_assessed {
            0 => None,
            1 => Some("One milestone was not assessed this quarter (N/A): it is counted in the table above and left out of the percentage.".into()),
            n => Some(format!("{n} milestones were not assessed this quarter (N/A): they are counted in the table above and left out of the percentage.")),
        },
        statuses: status_rows(&city, book, quarter),
        achievements: list(&city.achievements),
        development: list(&city.development),
        themes,
        heat_maps: heat::tables(&city, &settings.risks),
        notes_lead: format!(
            "All assessments for the '{} position' reflect the present position (as at the end of {}), not future forecasts.",
            quarter.short_label(),
            city.as_at
        ),
        keys: notes::keys(book, settings),
    })
}

impl CityReport {
    /// Every item's row, with the id of the priority whose table it is in.
    pub fn rows(&self) -> impl Iterator<Item = (&str, &ItemRow)> {
        self.themes
            .iter()
            .flat_map(|t| &t.priorities)
            .flat_map(|p| p.rows.iter().map(move |r| (p.id.as_str(), r)))
    }

    /// The row of the item `id`, where it is first shown.
    pub fn row(&self, id: &str) -> Option<&ItemRow> {
        self.rows().map(|(_, r)| r).find(|r| r.id == id)
    }
}
