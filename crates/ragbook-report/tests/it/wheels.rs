//! Every wheel says what it draws: its caption's count, its legend's counts and its segments
//! agree, for the plan and for every priority, in every shipped package.

use ragbook_report::Report;
use ragbook_report::charts::Chart;

use crate::report;

/// (count in the caption, legend counts added up, outer segments drawn).
fn counts(chart: &Chart) -> (usize, usize, usize) {
    let title = chart.alt.split(". Priorities: ").next().unwrap();
    let title = title.split(". Ratings: ").next().unwrap();
    let caption: usize = title
        .split_whitespace()
        .collect::<Vec<_>>()
        .windows(2)
        .find(|w| w[0] == "all" || w[0] == "its")
        .map(|w| w[1].parse().unwrap())
        .unwrap_or_else(|| panic!("no count in the caption: {}", chart.alt));
    let ratings = chart.alt.rsplit("Ratings: ").next().unwrap();
    let legend: usize = ratings
        .trim_end_matches('.')
        .split(", ")
        .filter(|part| *part != "none yet")
        .map(|part| {
            part.split_whitespace()
                .next()
                .unwrap()
                .parse::<usize>()
                .unwrap()
        })
        .sum();
    let drawn = chart.svg.matches(r#"stroke-width="1.5""#).count();
    (caption, legend, drawn)
}

fn agree(report: &Report, name: &str) {
    // The plan's wheels draw each item once: as many as the summary and the tables count.
    let deliverables: usize = report
        .deliverable_summary
        .strip_prefix("Of the ")
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap();
    let measures: usize = report.measure_tables.iter().map(|t| t.rows.len()).sum();
    let mut wheels = vec![
        (
            "plan deliverables",
            &report.deliverable_wheel,
            Some(deliverables),
        ),
        ("plan measures", &report.measure_wheel, Some(measures)),
    ];
    for p in &report.priorities {
        wheels.push((&p.title, &p.deliverable_wheel, Some(p.deliverables.len())));
        wheels.push((&p.title, &p.measure_wheel, Some(p.measures_table.len())));
    }
    for (which, chart, items) in wheels {
        let (caption, legend, drawn) = counts(chart);
        assert_eq!(
            (caption, legend),
            (drawn, drawn),
            "{name}, {which}: caption, legend and segments differ: {}",
            chart.alt
        );
        if let Some(items) = items {
            assert_eq!(drawn, items, "{name}, {which}: every item is drawn");
        }
    }
}

#[test]
fn every_wheel_draws_what_its_caption_and_legend_count() {
    agree(
        &report("samples/derbyshire-q2-2023-24/package", "2023-24-Q2"),
        "2023-24 sample",
    );
    agree(
        &report("samples/westmere-q3-2021-22/package", "2021-22-Q3"),
        "older format sample",
    );
    for quarter in ["2026-27-Q1", "2026-27-Q2"] {
        agree(&report("demo", quarter), quarter);
    }
}
