//! The departmental service plan document's view-model: the council-wide text (from one record:
//! the settings' introduction and the Council Plan's priorities), the overview's figures, the
//! actions of Section One (council priorities) and Section Two (departmental priorities), the
//! measures, the controllable budget (Appendix A) and the savings. Every year label and total
//! comes from the core's view ([`ragbook_core::service::document`]). Several departments make
//! one volume with the Cabinet cover report.

use ragbook_core::Decimal;
use ragbook_core::dataset::Dataset;
use ragbook_core::figure::group_thousands;
use ragbook_core::finance::show_millions;
use ragbook_core::period::FinancialYear;
use ragbook_core::rounding::round_half_away;
use ragbook_core::service::budget::HEADINGS;
use ragbook_core::service::document::DocumentRules;
use ragbook_core::service::document::{ActionGroup, ServicePlanView, view};
use ragbook_core::service::{DateMeaning, MoneyUnit, PlanStatus, ServicePlanRecord};
use ragbook_core::settings::Settings;
use serde::Serialize;

use crate::model::{ReportError, paragraphs};

/// An action's row.
#[derive(Debug, Clone, Serialize)]
pub struct ActionRow {
    /// "3", or "–" for a sub-action.
    pub number: String,
    /// What will be done.
    pub title: String,
    /// Whether it is a sub-action (printed as a dash row under its parent).
    pub sub: bool,
    /// Lead.
    pub lead: String,
    /// Start, as printed.
    pub start: String,
    /// Completion, as printed.
    pub complete: String,
    /// Success measures and words.
    pub success: Vec<String>,
    /// "Yes – Highways programme (D33)" or "No" (Section One only).
    pub deliverable: String,
    /// The council priorities it serves, or its departmental priority.
    pub priorities: String,
}

/// A group of actions under a priority.
#[derive(Debug, Clone, Serialize)]
pub struct ActionTable {
    /// The priority's title.
    pub heading: String,
    /// Its rows.
    pub rows: Vec<ActionRow>,
}

/// The measures table.
#[derive(Debug, Clone, Serialize)]
pub struct MeasureTable {
    /// "Actual 2023-24", "Actual 2024-25", "Latest 2025-26", "Target 2026-27".
    pub headings: [String; 4],
    /// (description, three figures, target, responsible).
    pub rows: Vec<(String, [String; 3], String, String)>,
    /// "AD – Awaiting Data; N/Av – Not available; TBC – To be confirmed", when used.
    pub key: Option<String>,
}

/// The controllable budget table.
#[derive(Debug, Clone, Serialize)]
pub struct BudgetTable {
    /// "£'000" or "£".
    pub unit: String,
    /// The column headings after Division.
    pub headings: Vec<&'static str>,
    /// (division, cells).
    pub rows: Vec<(String, Vec<String>)>,
    /// The TOTAL row's cells.
    pub total: Vec<String>,
}

/// A value band of the forward procurement plan.
#[derive(Debug, Clone, Serialize)]
pub struct ProcurementBand {
    /// "Over £50,000 to £214,904".
    pub name: String,
    /// (title, estimated value, estimated date and what it is the date of).
    pub rows: Vec<(String, String, String)>,
    /// The sum of the valued rows.
    pub total: String,
}

/// One department's service plan document.
#[derive(Debug, Clone, Serialize)]
pub struct ServicePlanDocument {
    /// Anchor for links within a volume.
    pub anchor: String,
    /// The council.
    pub organisation: String,
    /// The department.
    pub department: String,
    /// "Service Plan 2023-2027".
    pub title: String,
    /// "2026-27 Update".
    pub update: Option<String>,
    /// The executive director.
    pub director: Option<String>,
    /// "Final" or "Draft".
    pub status: &'static str,
    /// The council's ambition (one record: settings.toml `[service_plans] ambition`).
    pub ambition: Vec<String>,
    /// The council's values.
    pub values: Vec<String>,
    /// The council's priorities (one record: the Council Plan's), title and description.
    pub council_priorities: Vec<(String, String)>,
    /// The overview's sentences: budget and savings, from the tables.
    pub overview: Vec<String>,
    /// Section One.
    pub section_one: Vec<ActionTable>,
    /// Section Two.
    pub section_two: Vec<ActionTable>,
    /// Council priorities no action of the plan serves.
    pub unserved: Vec<String>,
    /// The measures.
    pub measures: MeasureTable,
    /// The key risks: (council priority, key risk, mitigations), "None" for a priority without
    /// one; a priority with several has continuation rows with its cell blank.
    pub key_risks: Vec<(String, String, String)>,
    /// Appendix A.
    pub budget: BudgetTable,
    /// Appendix B, the forward procurement plan: one table per value band.
    pub procurement: Vec<ProcurementBand>,
    /// The vehicle replacement programme (Appendix C): one row of printed cells per line, then
    /// the total row; empty when the plan has none.
    pub vehicles: Vec<Vec<String>>,
    /// Appendix D, the scheme capital programmes.
    pub capital: Vec<CapitalTable>,
    /// What the annual update changes since the year before; none in the plan's first year.
    pub changes: Option<ChangesSection>,
    /// The savings: (area, description, amount).
    pub savings: Vec<(String, String, String)>,
    /// Their total, "£3.140m".
    pub savings_total: String,
}

/// A scheme capital programme's table.
#[derive(Debug, Clone, Serialize)]
pub struct CapitalTable {
    /// The programme.
    pub name: String,
    /// Per scheme: area, location, description, scheme cost, works, fees, total, funded,
    /// funding source.
    pub rows: Vec<Vec<String>>,
    /// SUB TOTAL: works, fees, total, funded.
    pub sub_total: Vec<String>,
    /// Other funding lines: (description, amount).
    pub funding: Vec<(String, String)>,
    /// TOTAL NET.
    pub total_net: String,
}

/// What an annual update changes, as the document prints it.
#[derive(Debug, Clone, Serialize)]
pub struct ChangesSection {
    /// "Changes since the 2025-26 plan".
    pub heading: String,
    /// Actions added: (number, title, start).
    pub added: Vec<(String, String, String)>,
    /// Actions closed.
    pub closed: Vec<(String, String, String)>,
    /// Actions carried forward, with the start they were first given.
    pub carried: Vec<(String, String, String)>,
    /// Targets reset: (measure, before, now).
    pub targets: Vec<(String, String, String)>,
    /// The sentence on the measure columns rolled forward.
    pub rolled: String,
}

/// Several departments' plans as one volume, with the cover report to Cabinet.
#[derive(Debug, Clone, Serialize)]
pub struct ServicePlanVolume {
    /// The council.
    pub organisation: String,
    /// "Departmental Service Plans 2026-27".
    pub title: String,
    /// The cover report's paragraphs, when the volume has one.
    pub cover: Vec<String>,
    /// The recommendation.
    pub recommendation: Option<String>,
    /// The plans.
    pub plans: Vec<ServicePlanDocument>,
}

/// Whole pounds as plans print them: "£180,000".
fn pounds(amount: Decimal) -> String {
    let digits = format!(
        "£{}",
        group_thousands(&amount.abs().normalize().to_string())
    );
    if amount.is_sign_negative() && !amount.is_zero() {
        format!("({digits})")
    } else {
        digits
    }
}

/// An amount in a budget table's unit, as councils print it: 4,200 and (610).
fn money(pounds: Decimal, unit: MoneyUnit) -> String {
    let value = round_half_away(pounds / unit.pounds(), 0);
    let digits = group_thousands(&value.abs().to_string());
    if value.is_sign_negative() && !value.is_zero() {
        format!("({digits})")
    } else {
        digits
    }
}

fn action_tables(data: &Dataset, groups: &[ActionGroup<'_>], one: bool) -> Vec<ActionTable> {
    groups
        .iter()
        .map(|group| ActionTable {
            heading: group
                .priority
                .map(|p| p.title.clone())
                .or_else(|| group.department_priority.map(str::to_owned))
                .unwrap_or_default(),
            rows: group
                .actions
                .iter()
                .map(|a| {
                    let mut success: Vec<String> = a
                        .measures
                        .iter()
                        .filter_map(|id| data.measure(id))
                        .map(|m| m.title.clone())
                        .collect();
                    success.extend(a.success.clone());
                    let deliverable = a
                        .deliverable
                        .as_ref()
                        .and_then(|id| data.deliverables.iter().find(|d| &d.id == id))
                        .map_or_else(
                            || "No".to_owned(),
                            |d| {
                                format!(
                                    "Yes – {} ({})",
                                    d.short_title.as_deref().unwrap_or(&d.title),
                                    d.id
                                )
                            },
                        );
                    let priorities = if one {
                        a.priorities
                            .iter()
                            .filter_map(|id| data.priorities.iter().find(|p| &p.id == id))
                            .map(|p| p.short_title.clone().unwrap_or_else(|| p.title.clone()))
                            .collect::<Vec<_>>()
                            .join(" / ")
                    } else {
                        a.department_priority.clone().unwrap_or_default()
                    };
                    ActionRow {
                        number: if a.parent.is_some() {
                            "–".into()
                        } else {
                            a.number.clone()
                        },
                        title: a.title.clone(),
                        sub: a.parent.is_some(),
                        lead: a.lead.clone().unwrap_or_default(),
                        start: a.start.map(|t| t.to_string()).unwrap_or_default(),
                        complete: a.complete.map(|t| t.to_string()).unwrap_or_default(),
                        success,
                        deliverable: if one { deliverable } else { String::new() },
                        priorities,
                    }
                })
                .collect(),
        })
        .collect()
}

/// The overview's sentences: the budget and savings totals of the plan's own tables.
fn overview(v: &ServicePlanView<'_>) -> Vec<String> {
    let net = v.net_budget();
    let mut overview = Vec::new();
    if !v.budget.is_empty() {
        overview.push(format!(
            "The department's controllable budget for {} is {} net ({} gross), across {} divisions (Appendix A).",
            v.year,
            show_millions(net),
            show_millions(v.budget_total[8]),
            v.budget.len()
        ));
    }
    if !v.savings.is_empty() {
        overview.push(format!(
            "It plans savings of {} in {}: {}.",
            show_millions(v.savings_total),
            v.year,
            v.savings
                .iter()
                .map(|s| format!("{} {}", s.area, show_millions(s.amount)))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    overview
}

/// The key risks table's rows: every council priority, "None" where it has no key risk, a
/// priority with several on continuation rows.
fn key_risk_rows(v: &ServicePlanView<'_>) -> Vec<(String, String, String)> {
    v.key_risks
        .iter()
        .flat_map(|(priority, risks)| {
            let name = priority.map_or_else(|| "Departmental".to_owned(), |p| p.title.clone());
            if risks.is_empty() {
                return vec![(name, "None".to_owned(), String::new())];
            }
            risks
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    (
                        if i == 0 { name.clone() } else { String::new() },
                        r.title.clone(),
                        r.mitigations.clone().unwrap_or_default(),
                    )
                })
                .collect()
        })
        .collect()
}

/// Appendix C's rows: user, quantity, average age, type, optimum life, cost, cost x quantity,
/// charge, charge x quantity; then the total of quantity and both products.
fn vehicle_rows(v: &ServicePlanView<'_>) -> Vec<Vec<String>> {
    if v.vehicles.is_empty() {
        return Vec::new();
    }
    let years = |d: Option<Decimal>| d.map(|d| d.normalize().to_string()).unwrap_or_default();
    let mut rows: Vec<Vec<String>> = v
        .vehicles
        .iter()
        .map(|x| {
            vec![
                x.user.clone(),
                x.quantity.to_string(),
                years(x.average_age),
                x.vehicle_type.clone(),
                years(x.optimum_life),
                pounds(x.cost),
                pounds(x.total_cost()),
                pounds(x.charge),
                pounds(x.total_charge()),
            ]
        })
        .collect();
    let (quantity, cost, charge) = v.vehicles_total;
    rows.push(vec![
        "Total".into(),
        quantity.to_string(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        pounds(cost),
        String::new(),
        pounds(charge),
    ]);
    rows
}

/// Appendix D's tables, one per programme, every total summed by the view.
fn capital_tables(v: &ServicePlanView<'_>) -> Vec<CapitalTable> {
    v.capital
        .iter()
        .map(|p| CapitalTable {
            name: p.name.to_owned(),
            rows: p
                .schemes
                .iter()
                .map(|s| {
                    vec![
                        s.area.clone().unwrap_or_default(),
                        s.location.clone(),
                        s.description.clone().unwrap_or_default(),
                        s.scheme_cost.map(pounds).unwrap_or_default(),
                        pounds(s.works),
                        pounds(s.fees),
                        pounds(s.total()),
                        pounds(s.funded),
                        s.funding_source.clone().unwrap_or_default(),
                    ]
                })
                .collect(),
            sub_total: p.sub_total.iter().map(|d| pounds(*d)).collect(),
            funding: p
                .funding
                .iter()
                .map(|f| (f.description.clone(), pounds(f.amount)))
                .collect(),
            total_net: pounds(p.total_net),
        })
        .collect()
}

/// The annual update's section: actions added, closed and carried, targets reset, columns
/// rolled forward.
fn changes_section(v: &ServicePlanView<'_>) -> Option<ChangesSection> {
    let c = v.changes.as_ref()?;
    let rows = ragbook_core::service::update::lines;
    let (then, now) = c.measure_years;
    Some(ChangesSection {
        heading: format!("Changes since the {} plan", c.since),
        added: rows(&c.added),
        closed: rows(&c.closed),
        carried: rows(&c.carried),
        targets: c
            .targets
            .iter()
            .map(|t| (t.measure.title.clone(), t.before.clone(), t.after.clone()))
            .collect(),
        rolled: format!(
            "The measure columns move forward a year: actuals for {} and {} and the latest for {} (the {} plan showed {}, {} and {}), with targets for {}.",
            now[0], now[1], now[2], c.since, then[0], then[1], then[2], now[3]
        ),
    })
}

/// Appendix B's tables, one per value band.
fn procurement_tables(v: &ServicePlanView<'_>) -> Vec<ProcurementBand> {
    v.procurement
        .iter()
        .map(|band| ProcurementBand {
            name: band.name.clone(),
            rows: band
                .rows
                .iter()
                .map(|p| {
                    let means = match p.date_means {
                        DateMeaning::ProcurementStart => "procurement starts",
                        DateMeaning::Award => "contract awarded",
                        DateMeaning::ContractStart => "contract starts",
                    };
                    (
                        p.title.clone(),
                        p.value.map_or_else(|| "TBA".to_owned(), pounds),
                        p.date
                            .map_or_else(|| "TBC".to_owned(), |d| format!("{d} ({means})")),
                    )
                })
                .collect(),
            total: pounds(band.total),
        })
        .collect()
}

fn document(data: &Dataset, settings: &Settings, v: &ServicePlanView<'_>) -> ServicePlanDocument {
    let organisation = data
        .organisation
        .as_ref()
        .map(|o| o.name.clone())
        .unwrap_or_default();
    let unit = v.budget_unit;
    let [a, b, c, target] = v.measure_years;
    ServicePlanDocument {
        anchor: format!("plan-{}", v.plan.id),
        organisation,
        department: v.plan.department.clone(),
        title: v.title.clone(),
        update: v.update.clone(),
        director: v.plan.director.clone(),
        status: match v.plan.status {
            PlanStatus::Final => "Final",
            PlanStatus::Draft => "Draft",
        },
        ambition: paragraphs(settings.service_plans.ambition.as_deref()),
        values: settings.service_plans.values.clone(),
        council_priorities: data
            .priorities
            .iter()
            .filter(|p| p.parent.is_none())
            .map(|p| (p.title.clone(), p.description.clone().unwrap_or_default()))
            .collect(),
        overview: overview(v),
        section_one: action_tables(data, &v.council, true),
        section_two: action_tables(data, &v.departmental, false),
        unserved: v.unserved.iter().map(|p| p.title.clone()).collect(),
        measures: MeasureTable {
            headings: [
                format!("Actual {a}"),
                format!("Actual {b}"),
                format!("Latest {c}"),
                format!("Target {target}"),
            ],
            rows: v
                .measures
                .iter()
                .map(|m| {
                    (
                        m.label.clone(),
                        m.figures.clone(),
                        m.target.clone(),
                        m.measure.owner.clone().unwrap_or_default(),
                    )
                })
                .collect(),
            key: v.status_key.then(|| {
                "AD – Awaiting Data; N/Av – Not available; TBC – To be confirmed".to_owned()
            }),
        },
        procurement: procurement_tables(v),
        vehicles: vehicle_rows(v),
        capital: capital_tables(v),
        changes: changes_section(v),
        key_risks: key_risk_rows(v),
        budget: BudgetTable {
            unit: match unit {
                MoneyUnit::Pounds => "£".into(),
                MoneyUnit::Thousands => "£'000".into(),
            },
            headings: HEADINGS.to_vec(),
            rows: v
                .budget
                .iter()
                .map(|r| {
                    (
                        r.division.clone(),
                        r.columns().iter().map(|x| money(*x, unit)).collect(),
                    )
                })
                .collect(),
            total: v.budget_total.iter().map(|x| money(*x, unit)).collect(),
        },
        savings: v
            .savings
            .iter()
            .map(|s| {
                (
                    s.area.clone(),
                    s.description.clone().unwrap_or_default(),
                    format!("£{}", group_thousands(&s.amount.normalize().to_string())),
                )
            })
            .collect(),
        savings_total: show_millions(v.savings_total),
    }
}

/// The plans for `year` (every department's, or `department`'s alone) as a volume; the volume
/// of every department has the cover report to Cabinet.
pub fn build_service_plans(
    data: &Dataset,
    settings: &Settings,
    department: Option<&str>,
    year: Option<FinancialYear>,
) -> Result<ServicePlanVolume, ReportError> {
    let plans: Vec<&ServicePlanRecord> = data
        .service_plans
        .iter()
        .filter(|p| department.is_none_or(|d| p.department.eq_ignore_ascii_case(d)))
        .filter(|p| year.is_none_or(|y| (p.first_year..=p.last_year).contains(&y)))
        .collect();
    if plans.is_empty() {
        return Err(ReportError::NoServicePlan(department.map_or_else(
            || "no service plan is held".to_owned(),
            |d| format!("no service plan is held for {d}"),
        )));
    }
    let rules = DocumentRules {
        key_risk_score: settings.service_plans.key_risk_score,
        procurement_bands: &settings.service_plans.procurement_bands,
    };
    let documents: Vec<ServicePlanDocument> = plans
        .iter()
        .map(|plan| {
            let year = year.unwrap_or_else(|| plan.year());
            // Each plan reads the Council Plan in force in its year.
            let in_force = data.for_quarter(
                ragbook_core::period::FinancialQuarter::new(year, 1)
                    .unwrap_or_else(|| unreachable!("quarter 1 exists")),
            );
            document(&in_force, settings, &view(&in_force, plan, year, rules))
        })
        .collect();
    let organisation = data
        .organisation
        .as_ref()
        .map(|o| o.name.clone())
        .unwrap_or_default();
    let year_label = year
        .or_else(|| plans.first().map(|p| p.year()))
        .map(|y| y.to_string())
        .unwrap_or_default();
    let all = department.is_none() && documents.len() > 1;
    Ok(ServicePlanVolume {
        title: format!("Departmental Service Plans {year_label}"),
        cover: if all {
            vec![
                format!("This report asks Cabinet to approve the {year_label} updates of the departmental service plans of {organisation}: {}.", documents.iter().map(|d| d.department.clone()).collect::<Vec<_>>().join(", ")),
                "Each plan sets out how its department delivers the Council Plan's priorities: its actions, the measures that show their success, its controllable budget and its savings. The council-wide text in each plan is the same, taken from the Council Plan.".into(),
                format!(
                    "Together the plans hold {} actions, of which {} deliver Council Plan deliverables, controllable budgets of {} net, and savings of {}.",
                    documents.iter().map(|d| d.section_one.iter().chain(&d.section_two).map(|t| t.rows.iter().filter(|r| !r.sub).count()).sum::<usize>()).sum::<usize>(),
                    documents.iter().map(|d| d.section_one.iter().flat_map(|t| &t.rows).filter(|r| r.deliverable.starts_with("Yes")).count()).sum::<usize>(),
                    show_millions(plans.iter().map(|p| view(data, p, year.unwrap_or_else(|| p.year()), rules).net_budget()).sum()),
                    show_millions(plans.iter().map(|p| view(data, p, year.unwrap_or_else(|| p.year()), rules).savings_total).sum()),
                ),
            ]
        } else {
            Vec::new()
        },
        recommendation: all.then(|| {
            format!(
                "That Cabinet approves the {year_label} updates of the departmental service plans."
            )
        }),
        organisation,
        plans: documents,
    })
}
