//! Rating engine throughput on one core: 10 million in-memory figures with mixed units, both
//! polarities, some missing targets and figures, rated exactly by the county key: as a batch
//! (figures brought to integers once, column by column, as numpy's arrays are made before its
//! timing starts) and one figure at a time.
//!
//! Run: `cargo bench -p ragbook-core --bench rating`

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ragbook_core::Decimal;
use ragbook_core::measure::{Polarity, RatingMethod, Unit};
use ragbook_core::rating::{Batch, MeasureScheme, RatingInput, Scheme};

const VALUES: usize = 10_000_000;

/// A small deterministic generator, so every run rates the same figures.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
}

fn figures() -> Vec<RatingInput> {
    let mut random = Lcg(2023);
    let units = [
        Unit::Count,
        Unit::Percent,
        Unit::Money,
        Unit::MoneyMillions,
        Unit::Days,
        Unit::Points,
    ];
    (0..VALUES)
        .map(|_| {
            let unit = units[(random.next() % units.len() as u64) as usize];
            let (scale, span) = match unit {
                Unit::Percent | Unit::Days | Unit::Points => (1, 1_000),
                Unit::MoneyMillions => (3, 100_000),
                Unit::Money => (0, 10_000_000),
                _ => (0, 5_000),
            };
            let target = (random.next() % span) as i64 + 1;
            // Actuals within ±20% of target, so every band is exercised.
            let spread = (target / 5).max(1);
            let actual = target - spread + (random.next() % (2 * spread as u64 + 1)) as i64;
            let roll = random.next() % 100;
            RatingInput {
                actual: (roll >= 3).then(|| Decimal::new(actual, scale)),
                target: (!roll.is_multiple_of(10)).then(|| Decimal::new(target, scale)),
                unit,
                polarity: if random.next().is_multiple_of(2) {
                    Polarity::HigherIsBetter
                } else {
                    Polarity::LowerIsBetter
                },
                method: if roll == 99 {
                    RatingMethod::Comparator
                } else {
                    RatingMethod::Threshold
                },
            }
        })
        .collect()
}

fn rate_all(scheme: MeasureScheme<'_>, inputs: &[RatingInput]) -> [u32; 8] {
    let mut counts = [0_u32; 8];
    for input in inputs {
        counts[scheme.rate(input).rating.index() & 7] += 1;
    }
    counts
}

fn bench(c: &mut Criterion) {
    let scheme = Scheme::shipped("county").expect("shipped scheme");
    let rules = MeasureScheme::new(&scheme).expect("county rates measures");
    let inputs = figures();
    let mut group = c.benchmark_group("rating");
    group.throughput(Throughput::Elements(VALUES as u64));
    group.sample_size(20);
    let mut batch = Batch::with_capacity(inputs.len());
    for input in &inputs {
        batch.push(input);
    }
    let mut rated = Vec::with_capacity(inputs.len());
    group.bench_function("county key, 10 million figures, batch", |b| {
        b.iter(|| {
            rules.rate_batch(black_box(&batch), &mut rated);
            black_box(rated.len())
        })
    });
    group.bench_function("county key, 10 million figures, one at a time", |b| {
        b.iter(|| black_box(rate_all(rules, black_box(&inputs))))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
