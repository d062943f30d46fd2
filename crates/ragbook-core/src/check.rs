//! `ragbook check`: before a quarter's report is published, everything in the data and in the
//! report to be made that would embarrass it. A blocking finding stops publication; a warning
//! asks for a second look.

use rust_decimal::Decimal;

mod city;
mod finance;
mod money;
mod quotes;
mod scale;
mod service;

use crate::dataset::Dataset;
use crate::figure::format_for_measure;
use crate::measure::RatingMethod;
use crate::period::{FinancialQuarter, Period};
use crate::placeholder::fill;
use crate::quarter::{KeyItem, MeasureStatus, QuarterView, Rules, view, year_to_date_counts};
use crate::rating::Basis;
use crate::rollup::Tally;
use crate::rules::Rulebook;
use crate::settings::{Settings, TextFormat};
use crate::target::Target;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Must be fixed before the report is published.
    Blocking,
    /// Worth a second look.
    Warning,
}

/// One thing found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// How serious.
    pub severity: Severity,
    /// Where: "deliverable D02 (Library Strategy)", "measure KM08".
    pub place: String,
    /// What is wrong.
    pub message: String,
    /// Which part of the item's quarterly update it is about, where it is about one.
    pub field: Option<Field>,
}

/// A part of an item's quarterly update a finding can be about: where an update form shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The rating chosen.
    Rating,
    /// The commentary.
    Commentary,
    /// The issue.
    Issue,
    /// The response or action.
    Response,
    /// The date completed.
    Completed,
    /// The expected completion date.
    ExpectedCompletion,
    /// The issue and the response together (as the key areas need both).
    IssueAndResponse,
}

struct Findings(Vec<Finding>);

impl Findings {
    fn block(&mut self, place: impl Into<String>, message: impl Into<String>) {
        self.0.push(Finding {
            severity: Severity::Blocking,
            place: place.into(),
            message: message.into(),
            field: None,
        });
    }

    /// Blocks, about one `field` of the item's update.
    fn block_on(&mut self, place: impl Into<String>, field: Field, message: impl Into<String>) {
        self.block(place, message);
        if let Some(last) = self.0.last_mut() {
            last.field = Some(field);
        }
    }

    fn warn(&mut self, place: impl Into<String>, message: impl Into<String>) {
        self.0.push(Finding {
            severity: Severity::Warning,
            place: place.into(),
            message: message.into(),
            field: None,
        });
    }
}

/// Checks `quarter`'s data and report. Findings come blocking first, then by place.
pub fn check(
    data: &Dataset,
    settings: &Settings,
    book: &Rulebook,
    quarter: FinancialQuarter,
) -> Vec<Finding> {
    let rules = book.rules();
    let mut findings = Findings(Vec::new());
    // Only what is in force in the quarter is checked: its plan, and the items of that plan
    // that have started and not ended.
    let data = &data.for_quarter(quarter);
    if data.plans.is_empty() {
        findings.block("the plan", "no plan has been imported");
        return findings.0;
    }
    if let Some(plan) = data.current_plan()
        && !plan.covers(quarter)
    {
        findings.block(
            "the plan",
            format!(
                "{} is outside the plan {} ({} to {})",
                quarter.long_label(),
                plan.title,
                plan.first_year,
                plan.last_year
            ),
        );
        return findings.0;
    }
    let quarter_view = view(data, rules, quarter);
    let text = settings.report.text;
    deliverables(&quarter_view, rules, text, &mut findings);
    measures(data, settings, &quarter_view, rules, &mut findings);
    placeholders(&quarter_view, rules, &mut findings);
    key_areas(&quarter_view, text, &mut findings);
    totals(data, &quarter_view, rules, quarter, &mut findings);
    published_rollups(data, &quarter_view, rules, &mut findings);
    finance::finance(data, settings, book, quarter, &mut findings);
    city::city(data, settings, book, quarter, &mut findings);
    service::service(data, &mut findings);
    findings
        .0
        .sort_by(|a, b| (a.severity, &a.place).cmp(&(b.severity, &b.place)));
    findings.0
}

fn deliverables(
    view: &QuarterView<'_>,
    rules: Rules<'_>,
    text: TextFormat,
    findings: &mut Findings,
) {
    let quarter = view.quarter;
    let period = Period::Quarter(quarter);
    for status in &view.deliverables {
        let d = status.deliverable;
        let place = format!(
            "deliverable {} ({})",
            d.id,
            d.short_title.as_deref().unwrap_or(&d.title)
        );
        let category = rules.deliverables.category(status.rating);
        match status.update {
            None => findings.warn(&place, format!("no update received for {quarter}")),
            Some(update) if text == TextFormat::SingleCommentary => {
                if update.commentary.is_none() {
                    if category.needs_issue_and_response {
                        findings.block_on(
                            &place,
                            Field::Commentary,
                            format!("rated {} without its commentary", category.label),
                        );
                    } else {
                        findings.warn(&place, "no commentary received");
                    }
                }
            }
            Some(update) => {
                if category.needs_issue_and_response {
                    if update.issue.is_none() {
                        findings.block_on(
                            &place,
                            Field::Issue,
                            format!("rated {} without the issue", category.label),
                        );
                    }
                    if update.response.is_none() {
                        findings.block_on(
                            &place,
                            Field::Response,
                            format!("rated {} without the response", category.label),
                        );
                    }
                }
                if update.commentary.is_none() {
                    findings.warn(&place, "no commentary received");
                }
            }
        }
        if let Some(completed) = status.completed {
            if crate::period::Month::new(
                u16::try_from(completed.year()).unwrap_or(0),
                completed.month(),
            )
            .is_some_and(|month| month > period.end_month())
            {
                findings.block_on(
                    &place,
                    Field::Completed,
                    format!(
                        "completed on {}, after {} ends",
                        completed.long(),
                        quarter.long_label()
                    ),
                );
            }
            if d.start.is_some_and(|start| completed < start) {
                findings.block_on(
                    &place,
                    Field::Completed,
                    format!("completed on {}, before it started", completed.long()),
                );
            }
        }
        if let (Some(start), Some(expected)) = (d.start, status.expected_completion)
            && expected < start
        {
            findings.block_on(
                &place,
                Field::ExpectedCompletion,
                format!(
                    "expected to complete on {}, before it starts on {}",
                    expected.long(),
                    start.long()
                ),
            );
        }
    }
}

fn measure_place(status: &MeasureStatus<'_>) -> String {
    let m = status.measure;
    format!(
        "measure {} ({})",
        m.id,
        m.short_title.as_deref().unwrap_or(&m.title)
    )
}

fn measures(
    data: &Dataset,
    settings: &Settings,
    view: &QuarterView<'_>,
    rules: Rules<'_>,
    findings: &mut Findings,
) {
    let quarter = view.quarter;
    let scheme = rules.measures.scheme();
    let jump = settings.checks.jump_fraction().unwrap_or(Decimal::ONE);
    let plan = data.current_plan();
    let previous = crate::quarter::view(data, rules, quarter.previous());
    for (index, status) in view.measures.iter().enumerate() {
        let measure = status.measure;
        let place = measure_place(status);
        let rated = matches!(
            measure.method,
            RatingMethod::Threshold | RatingMethod::Comparator
        );
        match status.reported {
            None => findings.warn(&place, format!("no figure and no status for {quarter}")),
            Some(value) => {
                if let Some(as_of) = value.as_of
                    && as_of > quarter.end_month()
                {
                    findings.block(
                        &place,
                        format!(
                            "its figure is as of {as_of}, after {} ends",
                            quarter.long_label()
                        ),
                    );
                }
            }
        }
        if let Some(update) = status.update
            && let Some(by_hand) = update.rating.as_deref()
        {
            match scheme.lookup(by_hand) {
                None => findings.block(
                    &place,
                    format!(
                        "rating {by_hand:?} set by hand is not in the {}",
                        scheme.name
                    ),
                ),
                Some(rating) if rating == status.assessment.rating => {
                    findings.warn(
                        &place,
                        format!(
                            "rating set by hand to {}, which the rule gives anyway",
                            scheme.category(rating).label
                        ),
                    );
                }
                Some(rating) if update.rating_reason.as_deref().is_none_or(str::is_empty) => {
                    findings.block(
                        &place,
                        format!(
                            "rated {} by hand without a reason, where its rule gives {}",
                            scheme.category(rating).label,
                            scheme.category(status.assessment.rating).label
                        ),
                    );
                }
                Some(_) => {}
            }
        }
        // A target for the wrong year.
        let figure_this_year =
            status.in_year && status.reported.and_then(|v| v.value.figure()).is_some();
        if rated && figure_this_year && status.target.is_none() {
            let earlier = data
                .targets
                .iter()
                .filter(|t| {
                    t.measure == measure.id
                        && matches!(
                            t.target,
                            Target::Figure { .. } | Target::ProfiledYearToDate { .. }
                        )
                })
                .max_by_key(|t| t.period.end_month());
            if let Some(earlier) = earlier {
                findings.warn(
                    &place,
                    format!(
                        "no target for {}; its latest is for {}",
                        quarter.year(),
                        earlier.period
                    ),
                );
            }
        }
        if let (Some(target), Some(plan)) = (status.target, plan) {
            let year = target.period.end_month().financial_year();
            if status.in_year && (year < plan.first_year || year > plan.last_year) {
                findings.block(
                    &place,
                    format!(
                        "rated against a target for {}, outside the plan ({} to {})",
                        target.period, plan.first_year, plan.last_year
                    ),
                );
            }
        }
        jumped(status, &previous.measures[index], jump, &place, findings);
        scale::out_of_scale(status, &place, findings);
        quotes::misquotes(data, status, quarter, &place, findings);
        if status.assessment.basis == Basis::TooPrecise {
            findings.block(&place, "its figures have too many digits to rate exactly");
        }
    }
}

/// A figure that jumps since last quarter (`before`) by more than `jump`. Running totals grow by
/// design, and a new year starts afresh, so only figures of a kind that should be steady,
/// within one year, are compared.
fn jumped(
    status: &MeasureStatus<'_>,
    before: &MeasureStatus<'_>,
    jump: Decimal,
    place: &str,
    findings: &mut Findings,
) {
    let measure = status.measure;
    let steady = !matches!(
        measure.basis,
        crate::measure::AggregationBasis::YearToDate
            | crate::measure::AggregationBasis::CumulativeSinceStart
    );
    let same_year = matches!((status.as_of, before.as_of), (Some(a), Some(b)) if a.financial_year() == b.financial_year());
    if steady
        && same_year
        && let (Some(now), Some(then)) = (status.reported, before.reported)
        && !std::ptr::eq(now, then)
        && let (Some(now_figure), Some(then_figure)) = (now.value.figure(), then.value.figure())
        && !then_figure.is_zero()
    {
        let change = ((now_figure - then_figure) / then_figure.abs()).abs();
        if change > jump {
            findings.warn(
                place,
                format!(
                    "its figure moved from {} to {} since last quarter ({}%): is the figure in the right unit and period?",
                    format_for_measure(then_figure, measure.unit, measure.decimals),
                    format_for_measure(now_figure, measure.unit, measure.decimals),
                    crate::rounding::round_half_away(change * Decimal::ONE_HUNDRED, 0)
                ),
            );
        }
    }
}

fn placeholders(view: &QuarterView<'_>, rules: Rules<'_>, findings: &mut Findings) {
    let mut check = |place: String, texts: [&Option<String>; 3]| {
        for text in texts.into_iter().flatten() {
            for unfilled in fill(text, view, rules).1 {
                findings.block(
                    &place,
                    format!(
                        "{} cannot be filled: {}",
                        unfilled.placeholder, unfilled.reason
                    ),
                );
            }
        }
    };
    for status in &view.deliverables {
        if let Some(update) = status.update {
            check(
                format!("deliverable {}", status.deliverable.id),
                [&update.commentary, &update.issue, &update.response],
            );
        }
    }
    for status in &view.measures {
        if let Some(update) = status.update {
            check(
                measure_place(status),
                [&update.commentary, &update.issue, &update.response],
            );
        }
    }
}

/// Every item the report lists for consideration has the text the format needs, so that no
/// entry is printed empty.
fn key_areas(view: &QuarterView<'_>, text: TextFormat, findings: &mut Findings) {
    for item in &view.consideration {
        let (place, texts) = match item {
            KeyItem::Deliverable(i) => {
                let status = &view.deliverables[*i];
                (
                    format!("deliverable {}", status.deliverable.id),
                    status
                        .update
                        .map(|u| (&u.commentary, &u.issue, &u.response)),
                )
            }
            KeyItem::Measure(i) => {
                let status = &view.measures[*i];
                (
                    measure_place(status),
                    status
                        .update
                        .map(|u| (&u.commentary, &u.issue, &u.response)),
                )
            }
        };
        match (text, texts) {
            (TextFormat::IssueAndResponse, Some((_, Some(_), Some(_))))
            | (TextFormat::SingleCommentary, Some((Some(_), _, _))) => {}
            (TextFormat::IssueAndResponse, _) => findings.block_on(
                place,
                Field::IssueAndResponse,
                "listed as a key area for consideration without both an issue and a response",
            ),
            (TextFormat::SingleCommentary, _) => findings.block_on(
                place,
                Field::Commentary,
                "listed as a key area for consideration without its commentary",
            ),
        }
    }
}

/// The report's counts are taken from the items, so they add up by construction; this says so
/// out loud, and would catch a regression.
fn totals(
    data: &Dataset,
    view: &QuarterView<'_>,
    rules: Rules<'_>,
    quarter: FinancialQuarter,
    findings: &mut Findings,
) {
    let tally = Tally::of(
        rules.deliverables,
        view.deliverables.iter().map(|d| d.rating),
    );
    let by_category: u32 = rules.deliverables.ratings().map(|r| tally.count(r)).sum();
    if by_category as usize != view.deliverables.len() {
        findings.block(
            "the summary",
            "deliverable counts by rating do not add up to the number of deliverables",
        );
    }
    for counts in year_to_date_counts(data, rules, quarter) {
        if let Some(trends) = counts.deliverable_trends
            && trends.total() != counts.deliverables.total()
        {
            findings.block(
                "the trend table",
                format!(
                    "{} trends counted for {} deliverables in {}",
                    trends.total(),
                    counts.deliverables.total(),
                    counts.quarter
                ),
            );
        }
    }
    for priority in &view.priorities {
        let listed = view
            .deliverables
            .iter()
            .filter(|d| d.deliverable.priorities.contains(&priority.priority.id))
            .count();
        if priority.deliverables.total() as usize != listed {
            findings.block(
                format!("priority {}", priority.priority.id),
                "its deliverable counts do not match its deliverables",
            );
        }
    }
}

/// An overall rating the council published for this quarter that its roll-up rule does not
/// give: the settings' bands may not be the council's.
fn published_rollups(
    data: &Dataset,
    view: &QuarterView<'_>,
    rules: Rules<'_>,
    findings: &mut Findings,
) {
    use crate::dataset::RollupOf;
    for published in data
        .published_rollups
        .iter()
        .filter(|p| p.quarter == view.quarter)
    {
        let Some(status) = view
            .priorities
            .iter()
            .find(|p| p.priority.id == published.priority)
        else {
            continue;
        };
        let (scheme, overall) = match published.of {
            RollupOf::Deliverables => (rules.deliverables, status.deliverables_overall),
            RollupOf::Measures => (rules.measures.scheme(), status.measures_overall),
        };
        let Some(printed) = scheme.lookup(&published.rating) else {
            continue;
        };
        if overall != Some(printed) {
            let by_rule =
                overall.map_or("no overall rating", |r| scheme.category(r).label.as_str());
            findings.warn(
                format!("priority {}", published.priority),
                format!(
                    "its {} were published as {} overall, but the roll-up rule gives {by_rule}: `ragbook rollup fit` shows the bands the published ratings allow",
                    published.of.code(),
                    scheme.category(printed).label
                ),
            );
        }
    }
}

/// Whether any finding blocks publication.
pub fn blocks(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.severity == Severity::Blocking)
}
