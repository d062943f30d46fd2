// Shared by the package targets: what the fuzzed tables are checked against.

use ragbook_core::dataset::{Dataset, MeasureRecord, PriorityRecord};
use ragbook_core::measure::{Polarity, Unit};
use ragbook_core::plan::ItemId;
use ragbook_core::rating::Scheme;
use ragbook_core::settings::Settings;
use ragbook_io::package::parse::{Context, parse};
use ragbook_io::package::sources::RawPackage;

pub fn existing() -> Dataset {
    let id = |text: &str| ItemId::new(text).expect("id");
    let units = [Unit::Count, Unit::Percent, Unit::Money, Unit::MoneyMillions, Unit::Days, Unit::Points, Unit::Rate { per: 10_000 }, Unit::Ratio];
    Dataset {
        priorities: vec![PriorityRecord::new(id("P1"), "P".into())],
        measures: units
            .iter()
            .enumerate()
            .map(|(i, unit)| {
                let mut measure = MeasureRecord::new(id(&format!("M{i}")), "M".into(), *unit, Polarity::HigherIsBetter);
                measure.priorities = vec![id("P1")];
                measure.decimals = 1;
                measure
            })
            .collect(),
        ..Dataset::default()
    }
}

pub fn check(raw: &RawPackage) {
    let settings = Settings::default();
    let scheme = Scheme::shipped("deliverables").expect("scheme");
    let measures = Scheme::shipped("county").expect("scheme");
    let existing = existing();
    let context = Context {
        settings: &settings,
        deliverable_scheme: &scheme,
        measure_scheme: &measures,
        existing: &existing,
    };
    let _ = parse(raw, &context);
}
