//! Whole quarterly reports, from the data held in memory: the view-model alone, then the
//! view-model and HTML, then the view-model and PDF, for the demo council's Quarter 2 2026-27
//! (31 pages), the published Quarter 2 2023-24 (45 pages) and the city demo's city report
//! (15 pages); and the demo's four departmental service plans as one volume (PDF goal: 1 s).
//! Goals on 2 cores: HTML under 0.05 s, PDF under 0.4 s. Each PDF is made from cold, as
//! `ragbook report` makes it.
//!
//! Run: `cargo bench -p ragbook-report --bench report`

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use ragbook_core::dataset::Dataset;
use ragbook_core::period::FinancialQuarter;
use ragbook_core::rules::Rulebook;
use ragbook_core::settings::Settings;
use ragbook_io::package::read_package;
use ragbook_report::city::build_city;
use ragbook_report::service_plan::build_service_plans;
use ragbook_report::{build, city_html, city_pdf, html, pdf};
use ragbook_report::{service_plan_html, service_plan_pdf};

fn package(relative: &str) -> (Dataset, Settings) {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(relative);
    let package = read_package(&folder, None, &Dataset::default(), "").expect("the package reads");
    let settings = Settings::from_toml(&package.settings).expect("its settings read");
    (package.dataset, settings)
}

fn report(c: &mut Criterion) {
    for (name, relative, quarter) in [
        ("demo", "demo", "2026-27-Q2"),
        (
            "published",
            "samples/derbyshire-q2-2023-24/package",
            "2023-24-Q2",
        ),
    ] {
        let (data, settings) = package(relative);
        let book = Rulebook::new(&settings).expect("the rating schemes");
        let quarter: FinancialQuarter = quarter.parse().expect("a quarter");
        let made = build(&data, &settings, &book, quarter).expect("the report builds");
        eprintln!(
            "{name} report: HTML {} bytes, PDF {} bytes",
            html(&made).expect("the HTML").len(),
            pdf(&made).expect("the PDF").len()
        );

        let mut group = c.benchmark_group(format!("{name} report"));
        group.sample_size(20);
        group.bench_function("view-model", |b| {
            b.iter(|| build(black_box(&data), &settings, &book, quarter).expect("builds"))
        });
        group.bench_function("HTML", |b| {
            b.iter(|| {
                let made = build(black_box(&data), &settings, &book, quarter).expect("builds");
                html(&made).expect("renders")
            })
        });
        group.bench_function("PDF", |b| {
            b.iter(|| {
                // Typst memoises layout: without this, every run after the first would reuse
                // the first one's work, which `ragbook report` (one report per process) never
                // can.
                typst::comemo::evict(0);
                let made = build(black_box(&data), &settings, &book, quarter).expect("builds");
                pdf(&made).expect("renders")
            })
        });
        group.finish();
    }
}

fn city(c: &mut Criterion) {
    let (data, settings) = package("demo/city");
    let book = Rulebook::new(&settings).expect("the rating schemes");
    let quarter: FinancialQuarter = "2026-27-Q2".parse().expect("a quarter");
    let made = build_city(&data, &settings, &book, quarter).expect("the report builds");
    eprintln!(
        "city report: HTML {} bytes, PDF {} bytes",
        city_html(&made).expect("the HTML").len(),
        city_pdf(&made).expect("the PDF").len()
    );
    let mut group = c.benchmark_group("city report");
    group.sample_size(20);
    group.bench_function("view-model", |b| {
        b.iter(|| build_city(black_box(&data), &settings, &book, quarter).expect("builds"))
    });
    group.bench_function("HTML", |b| {
        b.iter(|| {
            let made = build_city(black_box(&data), &settings, &book, quarter).expect("builds");
            city_html(&made).expect("renders")
        })
    });
    group.bench_function("PDF", |b| {
        b.iter(|| {
            typst::comemo::evict(0);
            let made = build_city(black_box(&data), &settings, &book, quarter).expect("builds");
            city_pdf(&made).expect("renders")
        })
    });
    group.finish();
}

/// Every department's service plan as one volume with its cover report (the demo's four).
fn service_plans(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../demo");
    let mut data = Dataset::default();
    let mut text = String::new();
    for folder in ["", "refresh-2026-27", "service-plans"] {
        let package = read_package(&root.join(folder), None, &data, &text).expect("reads");
        text = package.settings;
        data.merge(package.dataset);
    }
    let settings = Settings::from_toml(&text).expect("its settings read");
    let made = build_service_plans(&data, &settings, None, None).expect("builds");
    eprintln!(
        "service plans: HTML {} bytes, PDF {} bytes",
        service_plan_html(&made).expect("the HTML").len(),
        service_plan_pdf(&made).expect("the PDF").len()
    );
    let mut group = c.benchmark_group("service plans");
    group.sample_size(10);
    group.bench_function("HTML", |b| {
        b.iter(|| {
            let made =
                build_service_plans(black_box(&data), &settings, None, None).expect("builds");
            service_plan_html(&made).expect("renders")
        })
    });
    group.bench_function("PDF", |b| {
        b.iter(|| {
            typst::comemo::evict(0);
            let made =
                build_service_plans(black_box(&data), &settings, None, None).expect("builds");
            service_plan_pdf(&made).expect("renders")
        })
    });
    group.finish();
}

criterion_group!(benches, report, city, service_plans);
criterion_main!(benches);
