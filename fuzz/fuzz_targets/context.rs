// Shared by the package targets: what the fuzzed tables are checked against.

use ragbook_core::dataset::{Dataset, MeasureRecord, PriorityRecord};
use ragbook_core::measure::{AggregationBasis, Frequency, Polarity, RatingMethod, Unit};
use ragbook_core::plan::ItemId;
use ragbook_core::rating::Scheme;
use ragbook_core::settings::Settings;
use ragbook_io::package::parse::{Context, parse};
use ragbook_io::package::sources::RawPackage;

pub fn existing() -> Dataset {
    let id = |text: &str| ItemId::new(text).expect("id");
    let units = [Unit::Count, Unit::Percent, Unit::Money, Unit::MoneyMillions, Unit::Days, Unit::Points, Unit::Rate { per: 10_000 }, Unit::Ratio];
    Dataset {
        priorities: vec![PriorityRecord { id: id("P1"), parent: None, title: "P".into(), short_title: None, description: None }],
        measures: units
            .iter()
            .enumerate()
            .map(|(i, unit)| MeasureRecord {
                id: id(&format!("M{i}")),
                title: "M".into(),
                short_title: None,
                priorities: vec![id("P1")],
                unit: *unit,
                decimals: 1,
                polarity: Polarity::HigherIsBetter,
                frequency: Frequency::Quarterly,
                basis: AggregationBasis::YearToDate,
                method: RatingMethod::Threshold,
                owner: None,
                department: None,
                portfolio: None,
                national_code: None,
                deliverable: None,
            })
            .collect(),
        ..Dataset::default()
    }
}

pub fn check(raw: &RawPackage) {
    let settings = Settings::default();
    let scheme = Scheme::shipped("deliverables").expect("scheme");
    let existing = existing();
    let context = Context { settings: &settings, deliverable_scheme: &scheme, existing: &existing };
    let _ = parse(raw, &context);
}
