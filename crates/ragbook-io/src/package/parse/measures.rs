//! Checking the key measure tables: measures, their values, targets, commentary and
//! benchmarks. Figures are read in each measure's own unit.

use std::collections::{HashMap, HashSet};
use std::str::FromStr;

use ragbook_core::dataset::{
    BenchmarkRecord, MeasureRecord, MeasureUpdate, TargetRecord, ValueRecord,
};
use ragbook_core::date::Date;
use ragbook_core::figure::{FigureError, parse_figure};
use ragbook_core::measure::{AggregationBasis, Frequency, Polarity, RatingMethod, Unit};
use ragbook_core::period::{FinancialQuarter, FinancialYear, Month, Period};
use ragbook_core::plan::ItemId;
use ragbook_core::target::Target;
use ragbook_core::value::{Firmness, MeasureValue, Missing};

use super::{Cells, Parser, key_area_cell, life_cells, portfolio_cell, rating_cell};
use crate::table::Table;

impl Parser<'_> {
    pub(super) fn measures(&mut self, table: &Table) {
        let bottom = self.bottom_priorities();
        let mut seen = HashMap::new();
        let records = self.records("measures", table, |cells, parser| {
            let id = cells.id("id");
            if let Some(id) = &id {
                parser.unique(&mut seen, id.clone(), cells, "id");
            }
            let title = cells.required("title").map(str::to_owned);
            let priorities = parser.priority_list(cells, "priorities", &bottom, false);
            let unit = cells
                .required("unit")
                .and_then(|text| Unit::from_str(text).map_err(|e| cells.fail("unit", e.to_string())).ok());
            let decimals = cells.required("decimals").and_then(|text| match text.parse::<u32>() {
                Ok(places) if places <= 6 => Some(places),
                _ => {
                    cells.fail("decimals", format!("expected a whole number from 0 to 6, found {text:?}"));
                    None
                }
            });
            let polarity = cells.choice("polarity", &Polarity::ALL, Polarity::code);
            let frequency = cells.choice("frequency", &Frequency::ALL, Frequency::code);
            let basis = cells.choice("basis", &AggregationBasis::ALL, AggregationBasis::code);
            let method = cells.choice("method", &RatingMethod::ALL, RatingMethod::code);
            if let (Some(Polarity::None), Some(RatingMethod::Threshold | RatingMethod::Comparator)) = (polarity, method) {
                cells.fail("polarity", "a measure rated against a target needs polarity higher or lower; use method none for a measure that is only monitored".into());
            }
            let held = parser
                .context
                .existing
                .measures
                .iter()
                .find(|m| Some(&m.id) == id.as_ref());
            let portfolio = portfolio_cell(cells, held.map(|m| m.portfolio.clone()))?;
            let deliverable = parser.deliverable_cell(cells, held.and_then(|m| m.deliverable.clone()))?;
            let earlier = |whole: &ItemId| seen.contains_key(whole);
            let part_of = parser.part_of_cell(cells, id.as_ref(), &earlier, held.and_then(|m| m.part_of.clone()))?;
            let (starts, ends) = life_cells(cells)?;
            let mut record = MeasureRecord::new(id?, title?, unit?, polarity?);
            record.starts = starts;
            record.ends = ends;
            record.priorities = priorities?;
            record.decimals = decimals?;
            record.frequency = frequency?;
            record.basis = basis?;
            record.method = method?;
            record.portfolio = portfolio;
            record.deliverable = deliverable;
            record.part_of = part_of;
            Some(record)
        });
        self.dataset.measures = records;
    }

    /// The deliverable column of measures: blank for none, left out for what is held; an id must
    /// be a deliverable's, held or in the package.
    fn deliverable_cell(
        &self,
        cells: &mut Cells<'_>,
        held: Option<ItemId>,
    ) -> Option<Option<ItemId>> {
        if !cells.has("deliverable") {
            return Some(held);
        }
        if cells.text("deliverable").is_empty() {
            return Some(None);
        }
        let id = cells.id("deliverable")?;
        let known = self
            .context
            .existing
            .deliverables
            .iter()
            .chain(&self.dataset.deliverables)
            .any(|d| d.id == id);
        if known {
            Some(Some(id))
        } else {
            cells.fail(
                "deliverable",
                format!("{id} is not a deliverable (see the deliverables table)"),
            );
            None
        }
    }

    /// The part_of column of measures: blank for none, left out for what is held; an id must be
    /// another measure's, held or listed earlier in the package.
    fn part_of_cell(
        &self,
        cells: &mut Cells<'_>,
        id: Option<&ItemId>,
        earlier: &dyn Fn(&ItemId) -> bool,
        held: Option<ItemId>,
    ) -> Option<Option<ItemId>> {
        if !cells.has("part_of") {
            return Some(held);
        }
        if cells.text("part_of").is_empty() {
            return Some(None);
        }
        let whole = cells.id("part_of")?;
        let known = self.context.existing.measures.iter().any(|m| m.id == whole) || earlier(&whole);
        if Some(&whole) != id && known {
            Some(Some(whole))
        } else {
            cells.fail(
                "part_of",
                format!("{whole} is not another measure held or listed before this row"),
            );
            None
        }
    }

    /// Measures by id with their units: the package's own, then those held.
    pub(super) fn measure_units(&self) -> HashMap<String, (ItemId, Unit)> {
        let mut units = HashMap::new();
        for measure in self
            .context
            .existing
            .measures
            .iter()
            .chain(&self.dataset.measures)
        {
            units.insert(
                measure.id.as_str().to_owned(),
                (measure.id.clone(), measure.unit),
            );
        }
        units
    }

    pub(super) fn measure_values(&mut self, table: &Table) {
        let units = self.measure_units();
        let mut seen: HashSet<(ItemId, i64)> = HashSet::with_capacity(table.rows.len());
        let existing = self.context.existing;
        let held: HashMap<(&str, Period), &ValueRecord> = existing
            .measure_values
            .iter()
            .map(|v| ((v.measure.as_str(), v.period), v))
            .collect();
        let records = self.rows("measure_values", table, |cells, _| {
            let (measure, unit) = measure_ref(cells, &units)?;
            let period = period_cell(cells)?;
            if !seen.insert((measure.clone(), period.key())) {
                cells.fail("period", format!("{measure} already has a value for {period} in this table; each appears once"));
            }
            let value = value_cells(cells, unit, period);
            let as_of = cells.parsed("as_of", parse_month);
            let mut record = ValueRecord {
                measure,
                period,
                value: value?,
                as_of: as_of.ok()?,
                note: cells.optional("note"),
            };
            // A column the file leaves out keeps what is held: a quarterly update of figures
            // alone does not clear their 'as of' months and notes.
            if let Some(held) = held.get(&(record.measure.as_str(), record.period)) {
                if !cells.has("as_of") {
                    record.as_of = held.as_of;
                }
                if !cells.has("note") {
                    record.note = held.note.clone();
                }
            }
            Some(record)
        });
        self.dataset.measure_values = records;
    }

    pub(super) fn targets(&mut self, table: &Table) {
        let units = self.measure_units();
        let mut seen: HashSet<(ItemId, i64)> = HashSet::new();
        let records = self.rows("targets", table, |cells, _| {
            let (measure, unit) = measure_ref(cells, &units)?;
            let period = period_cell(cells)?;
            if !seen.insert((measure.clone(), period.key())) {
                cells.fail("period", format!("{measure} already has a target for {period} in this table; each appears once"));
            }
            let target = target_cell(cells, unit)?;
            let full_year = cells.parsed("full_year", |text| parse_figure(text, unit)).ok()?;
            let target = match (target, full_year) {
                (target, None) => target,
                (Target::Figure { value }, Some(full_year)) => Target::ProfiledYearToDate { to_date: value, full_year },
                (_, Some(_)) => {
                    cells.fail("full_year", "a full-year figure profiles a target figure; the target must then be a single figure".into());
                    return None;
                }
            };
            Some(TargetRecord { measure, period, target })
        });
        self.dataset.targets = records;
    }

    pub(super) fn measure_updates(&mut self, table: &Table) {
        let units = self.measure_units();
        let mut seen: HashSet<(ItemId, FinancialQuarter)> = HashSet::new();
        let scheme = self.context.measure_scheme;
        let records = self.rows("measure_updates", table, |cells, _| {
            let (measure, _) = measure_ref(cells, &units)?;
            let quarter = cells.quarter()?;
            if !seen.insert((measure.clone(), quarter)) {
                cells.fail("quarter", format!("{measure} already has commentary for {quarter} in this table; each appears once"));
            }
            let key_area = key_area_cell(cells);
            // A rating set by hand is a category of the measure key, by id or label: a measure
            // cannot be given a milestone's status.
            let rating = rating_cell(cells, scheme);
            let rating_reason = cells.optional("rating_reason");
            if rating.is_some() && rating_reason.is_none() {
                cells.fail("rating_reason", "a rating set by hand needs the reason for it".into());
            }
            let mut update = MeasureUpdate::new(measure, quarter);
            update.commentary = cells.optional("commentary");
            update.issue = cells.optional("issue");
            update.response = cells.optional("response");
            update.key_area = key_area.ok()?;
            update.rating = rating;
            update.rating_reason = rating_reason;
            Some(update)
        });
        self.dataset.measure_updates = records;
    }

    pub(super) fn benchmarks(&mut self, table: &Table) {
        let units = self.measure_units();
        let mut seen: HashSet<(ItemId, String, i64)> = HashSet::new();
        let records = self.rows("benchmarks", table, |cells, _| {
            let (measure, unit) = measure_ref(cells, &units)?;
            let series = cells.required("series").map(str::to_owned);
            let period = period_cell(cells);
            let value = cells.required("value").and_then(|text| {
                parse_figure(text, unit)
                    .map_err(|e| cells.fail("value", e.to_string()))
                    .ok()
            });
            let (series, period, value) = (series?, period?, value?);
            if !seen.insert((measure.clone(), series.clone(), period.key())) {
                cells.fail(
                    "period",
                    format!(
                        "{measure} already has a {series} figure for {period}; each appears once"
                    ),
                );
            }
            Some(BenchmarkRecord {
                measure,
                series,
                period,
                value,
            })
        });
        self.dataset.benchmarks = records;
    }
}

/// The `target` column: a target in the measure's `unit`.
pub(super) fn target_cell(cells: &mut Cells<'_>, unit: Unit) -> Option<Target> {
    match Target::parse(cells.text("target"), unit) {
        Ok(target) => Some(target),
        Err(FigureError::NotANumber { found }) => {
            cells.fail("target", format!("expected a target: a figure such as 5.1%, a range such as 15-21, a bound such as '2% or less', 'better than national', or Not set, Monitor or Baseline; found {found:?}"));
            None
        }
        Err(error) => {
            cells.fail("target", error.to_string());
            None
        }
    }
}

fn measure_ref(
    cells: &mut Cells<'_>,
    units: &HashMap<String, (ItemId, Unit)>,
) -> Option<(ItemId, Unit)> {
    let text = cells.required("measure")?;
    match units.get(text) {
        Some((id, unit)) => Some((id.clone(), *unit)),
        None => {
            cells.fail(
                "measure",
                format!("{text:?} is not a measure (see the measures table)"),
            );
            None
        }
    }
}

fn period_cell(cells: &mut Cells<'_>) -> Option<Period> {
    let text = cells.required("period")?;
    Period::from_str(text)
        .map_err(|e| cells.fail("period", e.to_string()))
        .ok()
}

/// A month typed as `Sep-2023`, or as a date (Excel turns "Sep-2023" into 01/09/2023).
fn parse_month(text: &str) -> Result<Month, String> {
    Month::from_str(text).or_else(|error| {
        Date::from_str(text)
            .ok()
            .and_then(|date| Month::new(u16::try_from(date.year()).ok()?, date.month()))
            .ok_or_else(|| error.to_string())
    })
}

/// The financial year a period's "due in Q3" refers to.
fn financial_year_of(period: Period) -> FinancialYear {
    match period {
        Period::Quarter(quarter) => quarter.year(),
        Period::FinancialYear(year) => year,
        other => other.end_month().financial_year(),
    }
}

/// Reads the value and status columns together: a figure with its firmness, or no figure and
/// the reason.
fn value_cells(cells: &mut Cells<'_>, unit: Unit, period: Period) -> Option<MeasureValue> {
    let value = cells.text("value");
    let status = cells.text("status");
    if value.is_empty() {
        if status.is_empty() {
            cells.fail("value", "give a value, or a status saying why there is none (e.g. awaiting data, due in Q3)".into());
            return None;
        }
        if parse_figure(status, unit).is_ok() {
            cells.fail("status", format!("found the figure {status:?} in the status column; put figures in the value column"));
            return None;
        }
        return match Missing::parse(status, financial_year_of(period)) {
            Ok(missing) => Some(MeasureValue::Missing(missing)),
            Err(_) if Firmness::from_str(status).is_ok() => {
                cells.fail(
                    "value",
                    format!("status {status:?} describes a figure, but the value is blank"),
                );
                None
            }
            Err(_) => {
                cells.fail("status", format!("expected a status (actual, provisional, projected, restated, not available, awaiting data, to be confirmed, not applicable, due in Q1-Q4), found {status:?}"));
                None
            }
        };
    }
    let figure = match parse_figure(value, unit) {
        Ok(figure) => figure,
        Err(FigureError::NotANumber { found }) => {
            cells.fail("value", format!("expected a figure such as 1,506, 4.7% or £2,921,500 (put a reason for no figure in the status column), found {found:?}"));
            return None;
        }
        Err(error) => {
            cells.fail("value", error.to_string());
            return None;
        }
    };
    match Firmness::from_str(status) {
        Ok(firmness) => Some(MeasureValue::Figure {
            value: figure,
            firmness,
        }),
        Err(_) if Missing::parse(status, financial_year_of(period)).is_ok() => {
            cells.fail("status", format!("status {status:?} says there is no figure, but the value is {value:?}; give one or the other"));
            None
        }
        Err(_) => {
            cells.fail("status", format!("expected actual (or blank), provisional, projected or restated for a figure, found {status:?}"));
            None
        }
    }
}
