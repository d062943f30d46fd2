//! Turns each item of the quarter's view into its part of the view-model: measure rows and
//! details, deliverable sections, key-area items.

#[allow(clippy::wildcard_imports)]
use super::*;

pub(super) struct Builder<'a> {
    pub(super) data: &'a Dataset,
    pub(super) rules: Rules<'a>,
    pub(super) view: QuarterView<'a>,
    pub(super) quarter: FinancialQuarter,
    pub(super) plan_title: String,
    pub(super) text: ragbook_core::settings::TextFormat,
}

impl<'a> Builder<'a> {
    pub(super) fn measure_scheme(&self) -> &'a Scheme {
        self.rules.measures.scheme()
    }

    pub(super) fn text(&self, text: Option<&str>) -> Vec<String> {
        paragraphs(text.map(|t| fill(t, &self.view, self.rules).0).as_deref())
    }

    pub(super) fn performance(&self, status: &MeasureStatus<'_>) -> Shown {
        let scheme = self.measure_scheme();
        let mut shown = shown(
            scheme,
            status.rating,
            status.previous.filter(|_| status.is_rated(scheme)),
            self.quarter,
        );
        let category = &scheme.category(status.rating).id;
        if scheme
            .measures
            .as_ref()
            .is_some_and(|rules| scheme.find(category) == Some(rules.no_data))
        {
            shown.label = format!("No data for {}", self.quarter.year());
        }
        shown
    }

    pub(super) fn measure_row(&self, status: &MeasureStatus<'_>) -> MeasureRow {
        let measure = status.measure;
        let annual = if measure.frequency == Frequency::Annual {
            " (Annual Measure)"
        } else {
            ""
        };
        let has_figure = status.reported.and_then(|v| v.value.figure());
        let date = match (status.as_of, has_figure) {
            (Some(month), Some(_)) => format!("{month}{annual}"),
            _ => String::new(),
        };
        let actual = match has_figure {
            Some(value) => format!(
                "{}{}",
                figure(value, measure.unit, measure.decimals),
                firmness_note(status)
            ),
            None => missing_text(status).unwrap_or_default(),
        };
        MeasureRow {
            anchor: format!("m-{}", measure.id),
            title: measure.title.clone(),
            date,
            actual,
            target: self.target_text(status),
            performance: self.performance(status),
            explanation: measure_explanation(status, self.rules, self.quarter.year()),
        }
    }

    pub(super) fn target_text(&self, status: &MeasureStatus<'_>) -> String {
        let measure = status.measure;
        match status.target.map(|t| &t.target) {
            Some(ragbook_core::target::Target::Figure { value }) => {
                figure(*value, measure.unit, measure.decimals)
            }
            // A profiled target is shown beside the year's, so a reader sees both.
            Some(ragbook_core::target::Target::ProfiledYearToDate { to_date, full_year }) => {
                format!(
                    "{} (year: {})",
                    figure(*to_date, measure.unit, measure.decimals),
                    figure(*full_year, measure.unit, measure.decimals)
                )
            }
            Some(other) => other.describe(measure.unit),
            None => "Not set".into(),
        }
    }

    pub(super) fn key_item(&self, item: KeyItem, success: bool) -> KeyAreaItem {
        let bottom = |scheme: &Scheme, rating: RatingId| {
            let lowest = scheme.rated().filter_map(|r| scheme.score(r)).min();
            scheme.score(rating).is_some() && scheme.score(rating) == lowest
        };
        let single = self.text == ragbook_core::settings::TextFormat::SingleCommentary;
        match item {
            KeyItem::Deliverable(index) => {
                let status = &self.view.deliverables[index];
                let scheme = self.rules.deliverables;
                let update = status.update;
                let short = status
                    .deliverable
                    .short_title
                    .clone()
                    .unwrap_or_else(|| status.deliverable.title.clone());
                let category = scheme.category(status.rating);
                KeyAreaItem {
                    anchor: format!("k-d-{}", status.deliverable.id),
                    target: format!("d-{}", status.deliverable.id),
                    link: format!("Go to '{short}' section"),
                    title: status.deliverable.title.clone(),
                    rating: shown(scheme, status.rating, None, self.quarter),
                    rating_phrase: if success {
                        format!("(rated {})", category.label)
                    } else {
                        format!("(requires {})", category.label)
                    },
                    paragraphs: if success || single {
                        self.text(update.and_then(|u| u.commentary.as_deref()))
                    } else {
                        Vec::new()
                    },
                    issue: update.and_then(|u| u.issue.clone()).filter(|_| !single),
                    response: update.and_then(|u| u.response.clone()).filter(|_| !single),
                    response_label: if bottom(scheme, status.rating) {
                        "Action".into()
                    } else {
                        "Response".into()
                    },
                }
            }
            KeyItem::Measure(index) => {
                let status = &self.view.measures[index];
                let scheme = self.measure_scheme();
                let update = status.update;
                let category = scheme.category(status.rating);
                let short = status
                    .measure
                    .short_title
                    .clone()
                    .unwrap_or_else(|| status.measure.title.clone());
                KeyAreaItem {
                    anchor: format!("k-m-{}", status.measure.id),
                    target: format!("m-{}", status.measure.id),
                    link: format!("Go to '{short}' section"),
                    title: status.measure.title.clone(),
                    rating: shown(scheme, status.rating, None, self.quarter),
                    rating_phrase: if success {
                        format!("(rated {})", category.label)
                    } else {
                        format!("(requires {})", category.label)
                    },
                    paragraphs: if success || single {
                        self.text(update.and_then(|u| u.commentary.as_deref()))
                    } else {
                        Vec::new()
                    },
                    issue: update.and_then(|u| u.issue.clone()).filter(|_| !single),
                    response: update.and_then(|u| u.response.clone()).filter(|_| !single),
                    response_label: if bottom(scheme, status.rating) {
                        "Action".into()
                    } else {
                        "Response".into()
                    },
                }
            }
        }
    }

    pub(super) fn back_link(&self, key_anchor: &str, short: &str) -> Option<(String, String)> {
        let listed = self
            .view
            .success
            .iter()
            .chain(&self.view.consideration)
            .any(|item| {
                let anchor = match item {
                    KeyItem::Deliverable(i) => {
                        format!("k-d-{}", self.view.deliverables[*i].deliverable.id)
                    }
                    KeyItem::Measure(i) => format!("k-m-{}", self.view.measures[*i].measure.id),
                };
                anchor == key_anchor
            });
        listed.then(|| {
            (
                key_anchor.to_owned(),
                format!("Return to '{short}' summary"),
            )
        })
    }

    pub(super) fn deliverable_section(&self, status: &DeliverableStatus<'_>) -> DeliverableSection {
        let deliverable = status.deliverable;
        let mut dates = Vec::new();
        if let Some(original) = deliverable.original_completion {
            dates.push(format!("Original completion date: {}", original.long()));
        }
        match status.completed {
            Some(completed) => dates.push(format!("Completed: {}", completed.long())),
            None => {
                if let Some(expected) = status.expected_completion {
                    dates.push(format!("Expected completion date: {}", expected.long()));
                }
            }
        }
        let update = status.update;
        let mut text = self.text(update.and_then(|u| u.commentary.as_deref()));
        if update.is_none() {
            text.push("No update was received for this quarter.".into());
        }
        let short = deliverable
            .short_title
            .clone()
            .unwrap_or_else(|| deliverable.title.clone());
        DeliverableSection {
            anchor: format!("d-{}", deliverable.id),
            title: deliverable.title.clone(),
            rating: shown(
                self.rules.deliverables,
                status.rating,
                status.previous,
                self.quarter,
            ),
            dates,
            paragraphs: text,
            issue: update.and_then(|u| u.issue.clone()),
            response: update.and_then(|u| u.response.clone()),
            back: self.back_link(&format!("k-d-{}", deliverable.id), &short),
            elsewhere: None,
            measures: Vec::new(),
            record: deliverable.clone(),
        }
    }

    pub(super) fn measure_detail(&self, status: &MeasureStatus<'_>) -> MeasureDetail {
        let measure = status.measure;
        let history = &status.history;
        let shown_history: Vec<(String, String)> = history
            .iter()
            .map(|(year, value)| {
                let reported = status.reported.and_then(|v| v.value.figure()).filter(|_| {
                    *year
                        == status
                            .as_of
                            .map_or(self.quarter.year(), |m| m.financial_year())
                });
                let text = match value {
                    Some(value) if reported == Some(*value) => format!(
                        "{}{}",
                        figure(*value, measure.unit, measure.decimals),
                        firmness_note(status)
                    ),
                    Some(value) => figure(*value, measure.unit, measure.decimals),
                    None if *year == self.quarter.year() => {
                        missing_text(status).unwrap_or_else(|| "No data".into())
                    }
                    None => "No data".into(),
                };
                (year.to_string(), text)
            })
            .collect();
        let target = status.input.target.filter(|_| status.target.is_some());
        let benchmarks: Vec<(String, String)> = status
            .benchmarks
            .iter()
            .map(|b| {
                (
                    b.series.clone(),
                    figure(b.value, measure.unit, measure.decimals),
                )
            })
            .collect();
        let benchmark = status
            .benchmarks
            .first()
            .map(|b| (b.series.as_str(), b.value));
        // The chart draws the years that have a figure; the table beside it says which do not.
        let mut charted: Vec<_> = history
            .iter()
            .filter(|(_, v)| v.is_some())
            .copied()
            .collect();
        if charted.is_empty() {
            charted.push((self.quarter.year(), None));
        }
        let chart = charts::history(
            &measure.title,
            measure.unit,
            measure.decimals,
            &charted,
            target,
            benchmark,
        );
        let footnote = match (status.as_of, status.reported.and_then(|v| v.value.figure())) {
            (Some(month), Some(_)) if status.in_year => format!(
                "{} data and targets are for the period to {month}",
                self.quarter.year()
            ),
            (Some(month), Some(_)) => format!(
                "The latest figure is as of {month}; there is no figure for {} yet",
                self.quarter.year()
            ),
            _ => format!("No figure for {} yet", self.quarter.year()),
        };
        // A history that runs back into an earlier plan says so.
        let footnote = match self.data.plans.as_slice() {
            [.., previous, current]
                if charted.iter().any(|(year, _)| *year < current.first_year) =>
            {
                format!(
                    "{footnote}. Figures before {} are from the {}",
                    current.first_year, previous.title
                )
            }
            _ => footnote,
        };
        let update = status.update;
        let short = measure
            .short_title
            .clone()
            .unwrap_or_else(|| measure.title.clone());
        MeasureDetail {
            anchor: format!("m-{}", measure.id),
            title: measure.title.clone(),
            chart,
            history: shown_history,
            target: self.target_text(status),
            performance: self.performance(status),
            explanation: measure_explanation(status, self.rules, self.quarter.year()),
            benchmarks,
            footnote,
            note: status.reported.and_then(|v| v.note.clone()),
            paragraphs: self.text(update.and_then(|u| u.commentary.as_deref())),
            issue: update.and_then(|u| u.issue.clone()),
            response: update.and_then(|u| u.response.clone()),
            back: self.back_link(&format!("k-m-{}", measure.id), &short),
            elsewhere: None,
            record: measure.clone(),
        }
    }
}

/// " (provisional)", " (projected)" or " (restated)" after a figure that is not final.
fn firmness_note(status: &MeasureStatus<'_>) -> &'static str {
    use ragbook_core::value::{Firmness, MeasureValue};
    match status.reported.map(|v| v.value) {
        Some(MeasureValue::Figure { firmness, .. }) => match firmness {
            Firmness::Actual => "",
            Firmness::Provisional => " (provisional)",
            Firmness::Projected => " (projected)",
            Firmness::Restated => " (restated)",
        },
        _ => "",
    }
}
