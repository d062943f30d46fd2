//! `ragbook check` on the published report's data, and on copies broken in each way a real
//! report goes wrong.

use ragbook_core::check::{Finding, Severity, blocks, check};
use ragbook_core::dataset::{Dataset, TargetRecord};
use ragbook_core::date::Date;
use ragbook_core::plan::ItemId;
use ragbook_core::rules::Rulebook;
use ragbook_core::settings::Settings;

use crate::package;

const REFERENCE: &str = "samples/derbyshire-q2-2023-24/package";

fn findings(data: &Dataset, settings: &Settings) -> Vec<Finding> {
    let book = Rulebook::new(settings).unwrap();
    check(data, settings, &book, "2023-24-Q2".parse().unwrap())
}

fn said(findings: &[Finding], severity: Severity, needle: &str) -> bool {
    findings
        .iter()
        .any(|f| f.severity == severity && format!("{}: {}", f.place, f.message).contains(needle))
}

fn id(text: &str) -> ItemId {
    ItemId::new(text).unwrap()
}

#[test]
fn the_published_quarter_passes() {
    let (data, settings) = package(REFERENCE);
    let found = findings(&data, &settings);
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn a_broken_quarter_is_caught_with_where_it_is() {
    let (mut data, settings) = package(REFERENCE);
    let q2 = "2023-24-Q2".parse().unwrap();
    let update = |data: &mut Dataset, deliverable: &str| {
        data.deliverable_updates
            .iter_mut()
            .find(|u| u.deliverable == id(deliverable) && u.quarter == q2)
            .unwrap()
            .clone()
    };
    let set = |data: &mut Dataset, changed: ragbook_core::dataset::DeliverableUpdate| {
        let at = data
            .deliverable_updates
            .iter()
            .position(|u| u.deliverable == changed.deliverable && u.quarter == changed.quarter)
            .unwrap();
        data.deliverable_updates[at] = changed;
    };
    // Review without a response.
    let mut library = update(&mut data, "D02");
    library.response = None;
    set(&mut data, library);
    // A placeholder for a measure that does not exist.
    let mut equality = update(&mut data, "D01");
    equality.commentary = Some("Sickness stands at {measure:KM99.actual}.".into());
    set(&mut data, equality);
    // Completed after the quarter it is reported in.
    let mut ways = update(&mut data, "D22");
    ways.completed = Some(Date::new(2023, 12, 1).unwrap());
    set(&mut data, ways);
    // A figure quoted in commentary that differs from the table (64.8 days, not 64.1).
    let hire = data
        .measure_updates
        .iter_mut()
        .find(|u| u.measure == id("KM08"))
        .unwrap();
    hire.issue = Some(
        "The year to date average Time to Hire figure of 64.8 days is above the target.".into(),
    );
    // A figure dated after the quarter.
    let sickness = data
        .measure_values
        .iter_mut()
        .find(|v| v.measure == id("KM07") && v.period == ragbook_core::period::Period::Quarter(q2))
        .unwrap();
    sickness.as_of = Some("Dec-2023".parse().unwrap());
    // No target this year; last year's is all there is.
    data.targets.retain(|t| t.measure != id("KM09"));
    data.targets.push(TargetRecord {
        measure: id("KM09"),
        period: "2022-23".parse().unwrap(),
        target: ragbook_core::target::Target::Figure { value: 70.into() },
    });

    let found = findings(&data, &settings);
    assert!(blocks(&found));
    assert!(
        said(
            &found,
            Severity::Blocking,
            "deliverable D02 (Library Strategy): rated Review without the response"
        ),
        "{found:#?}"
    );
    assert!(
        said(
            &found,
            Severity::Blocking,
            "{measure:KM99.actual} cannot be filled: there is no measure KM99"
        ),
        "{found:#?}"
    );
    assert!(
        said(
            &found,
            Severity::Blocking,
            "completed on 1 Dec 2023, after Quarter 2 2023-24 ends"
        ),
        "{found:#?}"
    );
    assert!(
        said(
            &found,
            Severity::Warning,
            "its issue quotes 64.8, which is no figure held for it; its figure for Quarter 2 2023-24 is 64.1"
        ),
        "{found:#?}"
    );
    assert!(
        said(
            &found,
            Severity::Blocking,
            "its figure is as of Dec-2023, after Quarter 2 2023-24 ends"
        ),
        "{found:#?}"
    );
    assert!(
        said(
            &found,
            Severity::Warning,
            "no target for 2023-24; its latest is for 2022-23"
        ),
        "{found:#?}"
    );
}

#[test]
fn a_jump_and_a_rating_by_hand_without_a_reason_are_caught() {
    let (mut data, settings) = package(REFERENCE);
    // Sickness absence is a point-in-time figure: 4.7% in Quarter 2 after 2.0% in Quarter 1
    // is more than the 50% the settings allow.
    data.measure_values
        .push(ragbook_core::dataset::ValueRecord {
            measure: id("KM07"),
            period: "2023-24-Q1".parse().unwrap(),
            value: ragbook_core::value::MeasureValue::Figure {
                value: "2.0".parse().unwrap(),
                firmness: ragbook_core::value::Firmness::Actual,
            },
            as_of: Some("Jun-2023".parse().unwrap()),
            note: None,
        });
    let hire = data
        .measure_updates
        .iter_mut()
        .find(|u| u.measure == id("KM08"))
        .unwrap();
    hire.rating = Some("good".into());
    hire.rating_reason = None;

    let found = findings(&data, &settings);
    assert!(
        said(
            &found,
            Severity::Warning,
            "its figure moved from 2.0% to 4.7% since last quarter (135%)"
        ),
        "{found:#?}"
    );
    assert!(
        said(
            &found,
            Severity::Blocking,
            "rated Good by hand without a reason, where its rule gives Action"
        ),
        "{found:#?}"
    );
    // With the reason recorded, the override stands and nothing blocks.
    let hire = data
        .measure_updates
        .iter_mut()
        .find(|u| u.measure == id("KM08"))
        .unwrap();
    hire.rating_reason = Some("Recruitment freeze distorts the average".into());
    assert!(!blocks(&findings(&data, &settings)));
}

#[test]
fn a_broken_budget_is_caught() {
    let (mut data, settings) = package("demo");
    let book = Rulebook::new(&settings).unwrap();
    let q2 = "2026-27-Q2".parse().unwrap();
    let run = |data: &Dataset| check(data, &settings, &book, q2);
    let money = |data: &Dataset| {
        run(data)
            .into_iter()
            .filter(|f| f.severity == Severity::Blocking)
            .collect::<Vec<_>>()
    };
    assert!(money(&data).is_empty(), "{:#?}", money(&data));
    let finance = &mut data.finance;

    // A lost minus sign on an income line.
    let fees = finance
        .revenue
        .iter_mut()
        .find(|r| r.line.as_str() == "SLC-FC" && r.quarter == q2)
        .unwrap();
    fees.figures.budget = -fees.figures.budget;
    // A dropped row.
    finance
        .revenue
        .retain(|r| !(r.line.as_str() == "HCM-TS" && r.quarter == q2));
    // An explanation quoting a figure the table does not show (the release is £6.300m).
    let risk = finance
        .revenue
        .iter_mut()
        .find(|r| r.line.as_str() == "COR-RM" && r.quarter == q2)
        .unwrap();
    risk.explanation = Some("£6.800m of contingency released.".into());
    // Savings commentary quoting a shortfall of £1.600m where the table shows £1.400m.
    let adults = finance
        .savings
        .iter_mut()
        .find(|s| s.portfolio.as_ref().is_some_and(|p| p.as_str() == "ASC") && s.quarter == q2)
        .unwrap();
    adults.commentary = Some("A shortfall of £1.600m is forecast; £1.400m is the gap.".into());
    // Savings typed as a negative figure.
    let savings = finance
        .savings
        .iter_mut()
        .find(|s| s.portfolio.as_ref().is_some_and(|p| p.as_str() == "EDU") && s.quarter == q2)
        .unwrap();
    savings.figures.identified = -savings.figures.identified;
    // Figures written without £, another row's figure, and a row's figure quoted as the total.
    // Older people's care is £1.934m over; Mental health £1.148m; the portfolio £4.354m.
    let older = finance
        .revenue
        .iter_mut()
        .find(|r| r.line.as_str() == "ASC-OP" && r.quarter == q2)
        .unwrap();
    older.explanation = Some(
        "Contract prices add 1.934m. Mental health needs add £1.1 million. The total overspend is \
         £1.934m. In all the portfolio is 4.354m over."
            .into(),
    );

    let found = run(&data);
    let older: Vec<&str> = found
        .iter()
        .filter(|f| f.place.starts_with("budget line ASC-OP"))
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(
        older,
        [
            "its explanation quotes £1.1 million, which is Mental health support's figure in the table, not this row's",
            "its explanation quotes £1.934m, as a total, but that is Older people's care's figure, not a total's",
        ],
        "1.934m (its own) and 4.354m (the portfolio's total) are right"
    );
    assert!(blocks(&found));
    for (severity, needle) in [
        (
            Severity::Blocking,
            "budget line SLC-FC (Fees and charges): is an income line with a positive budget of £6.200m",
        ),
        (
            Severity::Blocking,
            "budget line HCM-TS (Trading standards): has no forecast for 2026-27-Q2",
        ),
        (
            Severity::Blocking,
            "the revenue outturn: the budget lines add up to £668.400m, not the net budget requirement of £660.200m; with the reconciling items (Contribution to earmarked reserves £2.000m) they come to £670.400m: £10.200m is unexplained",
        ),
        (
            Severity::Warning,
            "budget line COR-RM (Risk management): its explanation quotes £6.800m, which is not a figure its table shows",
        ),
        (
            Severity::Warning,
            "savings of Adult Social Care and Health: its commentary quotes £1.600m",
        ),
        (
            Severity::Blocking,
            "savings of Education: identified is -£0.800m",
        ),
    ] {
        assert!(said(&found, severity, needle), "{needle}\n{found:#?}");
    }
}

/// A figure quoted in a measure's text is a misquote only if it is near the figure or target
/// and equal to no figure held for the measure: last quarter's and last year's are quotes too.
/// The finding says which field, and which period's figure it differs from; once.
#[test]
fn quoted_figures_are_checked_against_every_figure_held() {
    let (data, settings) = package(REFERENCE);
    // KM08 (days): 64.1 in Quarter 2, 62.5 in Quarter 1, target 50.0.
    // KM07 (percent): 4.7% in Quarter 2 2023-24, 5.1% in 2021-22.
    let cases: &[(&str, &str, &str, Option<&str>)] = &[
        ("KM08", "issue", "Time to hire was 64.1 days.", None),
        ("KM08", "issue", "Up from 62.5 days last quarter.", None),
        ("KM08", "response", "The target is 50.0 days.", None),
        (
            "KM08",
            "issue",
            "Time to hire was 64.8 days; 64.8 days is too long.",
            Some(
                "its issue quotes 64.8, which is no figure held for it; its figure for Quarter 2 2023-24 is 64.1: use {measure:KM08.actual} to quote it",
            ),
        ),
        (
            "KM08",
            "response",
            "It should fall to 63.0 days.",
            Some(
                "its response quotes 63.0, which is no figure held for it; its figure for Quarter 2 2023-24 is 64.1",
            ),
        ),
        ("KM07", "commentary", "Sickness was 5.1% in 2021-22.", None),
        (
            "KM07",
            "commentary",
            "Sickness is 4.8% this year.",
            Some(
                "its commentary quotes 4.8%, which is no figure held for it; its figure for Quarter 2 2023-24 is 4.7%",
            ),
        ),
    ];
    let q2 = "2023-24-Q2".parse().unwrap();
    for (measure, field, text, expected) in cases {
        let mut data = data.clone();
        data.measure_updates.retain(|u| u.measure != id(measure));
        let mut update = ragbook_core::dataset::MeasureUpdate::new(id(measure), q2);
        let slot = match *field {
            "commentary" => &mut update.commentary,
            "issue" => &mut update.issue,
            _ => &mut update.response,
        };
        *slot = Some((*text).to_owned());
        // An Action measure is a key area for consideration and needs an issue and a response.
        update.issue.get_or_insert_with(|| "x".into());
        update.response.get_or_insert_with(|| "x".into());
        data.measure_updates.push(update);
        let quotes: Vec<String> = findings(&data, &settings)
            .into_iter()
            .filter(|f| f.message.contains(" quotes "))
            .map(|f| format!("{}: {}", f.place, f.message))
            .collect();
        match expected {
            None => assert!(quotes.is_empty(), "{text:?}: {quotes:?}"),
            Some(needle) => {
                assert_eq!(quotes.len(), 1, "{text:?}: once, {quotes:?}");
                assert!(quotes[0].contains(needle), "{text:?}: {quotes:?}");
            }
        }
    }
}
