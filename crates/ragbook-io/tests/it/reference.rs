//! The published county report for Quarter 2 2023-24 (../shared/reference), reproduced: every
//! key measure's rating, the stated counts, each priority's overall ratings and the deliverable
//! trend. Where the report contradicts itself, the figure derived from its own rows wins and
//! the test says so.

use std::collections::BTreeMap;

use ragbook_core::rating::{MeasureScheme, RatingId, Scheme};
use ragbook_core::rollup::{RollupSettings, Tally};
use ragbook_core::trend::{Trend, TrendTally, trend};
use ragbook_io::rate::{Rated, rate_table};

use crate::{sample, sample_rows, sample_table};

fn labels(scheme: &Scheme, tally: &Tally) -> Vec<(String, u32)> {
    scheme
        .ratings()
        .filter(|r| tally.count(*r) > 0)
        .map(|r| (scheme.category(r).label.clone(), tally.count(r)))
        .collect()
}

fn pairs(items: &[(&str, u32)]) -> Vec<(String, u32)> {
    items.iter().map(|(l, n)| ((*l).to_owned(), *n)).collect()
}

fn settings() -> RollupSettings {
    #[derive(serde::Deserialize)]
    struct File {
        rollup: RollupSettings,
    }
    let text = std::fs::read_to_string(sample("settings.toml")).unwrap();
    toml::from_str::<File>(&text).unwrap().rollup
}

/// The sample's key measures rated by the county key.
fn rated_key_measures(county: &Scheme) -> Rated {
    rate_table(
        &sample_table("key-measures.csv"),
        MeasureScheme::new(county).unwrap(),
    )
    .unwrap()
}

#[test]
fn every_published_key_measure_rating_is_reproduced() {
    let county = Scheme::shipped("county").unwrap();
    let rated = rated_key_measures(&county);
    let column = |name: &str| rated.headers.iter().position(|h| h == name).unwrap();
    let (id, published, rating) = (column("id"), column("published_rating"), column("rating"));
    let mismatches: Vec<String> = rated
        .rows
        .iter()
        .filter(|row| row[published] != row[rating])
        .map(|row| {
            format!(
                "{}: published {}, ragbook {}",
                row[id], row[published], row[rating]
            )
        })
        .collect();
    assert_eq!(rated.rows.len(), 38, "every key measure row of the report");
    assert!(mismatches.is_empty(), "{mismatches:#?}");

    // "Of the 29 key measures with data and targets at this point in the year, 10 have been
    // rated as 'Strong', with a further 9 rated as 'Good'. There is 1 measure which has been
    // rated as 'Requiring Review' and 9 as 'Requiring Action'."
    assert_eq!(rated.tally.rated(&county), 29);
    assert_eq!(
        labels(&county, &rated.tally),
        pairs(&[
            ("Strong", 10),
            ("Good", 9),
            ("Review", 1),
            ("Action", 9),
            ("No Target", 2),
            ("No data", 7)
        ])
    );
}

/// Ratings of a priority's items, per priority id ("" for overarching).
fn by_priority(
    rows: &[std::collections::HashMap<String, String>],
    rating: impl Fn(&std::collections::HashMap<String, String>) -> RatingId,
) -> BTreeMap<String, Vec<RatingId>> {
    let mut grouped: BTreeMap<String, Vec<RatingId>> = BTreeMap::new();
    for row in rows {
        grouped
            .entry(row["priority"].clone())
            .or_default()
            .push(rating(row));
    }
    grouped
}

#[test]
fn deliverable_counts_and_priority_overviews_are_reproduced() {
    let scheme = Scheme::shipped("deliverables").unwrap();
    let rows = sample_rows("deliverables.csv");
    let rating =
        |row: &std::collections::HashMap<String, String>| scheme.lookup(&row["rating"]).unwrap();
    let plan = Tally::of(&scheme, rows.iter().map(rating));
    // "Of the 45 deliverables in the Plan, 33 have been rated as 'Good'; 2 have been rated as
    // 'Strong'; 9 have been rated as "Requiring Review" and 1 as "Requiring Action"."
    assert_eq!(plan.total(), 45);
    assert_eq!(
        labels(&scheme, &plan),
        pairs(&[("Strong", 2), ("Good", 33), ("Review", 9), ("Action", 1)])
    );

    // Each priority's overview: "... with 1 deliverable rated as "Strong", 7 deliverables rated
    // as "Good" and 3 deliverables rated as "Requiring Review"", and its overall rating.
    let rollup = settings().deliverables.for_scheme(&scheme).unwrap();
    let priorities = sample_rows("priorities.csv");
    let expected_counts = [
        pairs(&[("Strong", 1), ("Good", 7), ("Review", 3)]),
        pairs(&[("Strong", 1), ("Good", 11), ("Review", 1)]),
        pairs(&[("Good", 5), ("Review", 1)]),
        pairs(&[("Good", 10), ("Review", 4), ("Action", 1)]),
    ];
    let grouped = by_priority(&rows, rating);
    for (priority, expected) in priorities.iter().zip(expected_counts) {
        let tally = Tally::of(&scheme, grouped[&priority["id"]].iter().copied());
        assert_eq!(
            labels(&scheme, &tally),
            expected,
            "{}",
            priority["priority"]
        );
        let overall = rollup
            .apply(&scheme, &tally)
            .map(|r| scheme.category(r).label.clone());
        assert_eq!(
            overall.as_deref(),
            Some(priority["published_deliverables_overall"].as_str()),
            "{}",
            priority["priority"]
        );
    }
}

#[test]
fn measure_overall_ratings_per_priority_are_reproduced() {
    let county = Scheme::shipped("county").unwrap();
    let rated = rated_key_measures(&county);
    let column = |name: &str| rated.headers.iter().position(|h| h == name).unwrap();
    let (priority, rating) = (column("priority"), column("rating"));
    let rollup = settings().measures.for_scheme(&county).unwrap();
    for published in sample_rows("priorities.csv") {
        let ratings = rated
            .rows
            .iter()
            .filter(|row| row[priority] == published["id"])
            .map(|row| county.lookup(&row[rating]).unwrap());
        let tally = Tally::of(&county, ratings);
        // "Overall, the measures for this priority are rated as "Strong" based on 6 rated measures."
        assert_eq!(
            tally.rated(&county).to_string(),
            published["published_measures_rated"],
            "{}",
            published["priority"]
        );
        let overall = rollup
            .apply(&county, &tally)
            .map(|r| county.category(r).label.clone());
        assert_eq!(
            overall.as_deref(),
            Some(published["published_measures_overall"].as_str()),
            "{}",
            published["priority"]
        );
    }
}

#[test]
fn deliverable_trend_since_quarter_1() {
    let scheme = Scheme::shipped("deliverables").unwrap();
    let rows = sample_rows("deliverables.csv");
    // The report names the previous quarter's rating only where it changed: 'Good (Strong in Q1)'.
    let current =
        |row: &std::collections::HashMap<String, String>| scheme.lookup(&row["rating"]).unwrap();
    let previous = |row: &std::collections::HashMap<String, String>| match row["published_previous"]
        .as_str()
    {
        "" => current(row),
        other => scheme.lookup(other).unwrap(),
    };
    // Its trend table's Jun 2023 column: Strong 2, Good 33, Review 10, Action 0.
    let quarter_1 = Tally::of(&scheme, rows.iter().map(previous));
    assert_eq!(
        labels(&scheme, &quarter_1),
        pairs(&[("Strong", 2), ("Good", 33), ("Review", 10)])
    );

    let completed_in_quarter_2 =
        |row: &std::collections::HashMap<String, String>| row["completed"].as_str() >= "2023-07-01";
    let trends = TrendTally::of(rows.iter().map(|row| {
        trend(
            &scheme,
            Some(previous(row)),
            Some(current(row)),
            completed_in_quarter_2(row),
        )
    }));
    assert_eq!(trends.count(Trend::Improving), 3, "as published");
    assert_eq!(trends.count(Trend::Declining), 4, "as published");
    assert_eq!(trends.count(Trend::Completed), 1, "as published");
    // The report prints No Change 39, which makes 3 + 39 + 4 + 1 = 47 trends for 45
    // deliverables. Derived from the deliverables themselves, every one has exactly one trend.
    assert_eq!(trends.count(Trend::NoChange), 37);
    assert_eq!(trends.total(), 45);
}
