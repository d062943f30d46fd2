//! `ragbook rollup fit`: the roll-up bands a council's published overall ratings allow.

use std::process::ExitCode;
use std::str::FromStr;

use ragbook_core::Decimal;
use ragbook_core::dataset::RollupOf;
use ragbook_core::rating::{RatingId, Scheme};
use ragbook_core::rollup::OverallRule;
use ragbook_core::rollup::fit::{Fit, cases, fit as fit_cases, settings_block};

use crate::cli::DatabaseArgs;
use crate::session;

/// The `from` of each band of an average rule, by category.
fn current_cuts(rule: &OverallRule, scheme: &Scheme) -> Vec<(RatingId, Decimal)> {
    let OverallRule::Average { bands } = rule else {
        return Vec::new();
    };
    bands
        .iter()
        .filter_map(|band| {
            let from = Decimal::from_str(band.from.as_deref()?.trim()).ok()?;
            Some((scheme.find(&band.rating)?, from))
        })
        .collect()
}

pub fn fit(database: &DatabaseArgs) -> anyhow::Result<ExitCode> {
    let held = session::block_on(async {
        let store = session::open(database).await?;
        let held = store.load().await?;
        store.close().await;
        anyhow::Ok(held)
    })?;
    let settings = &held.settings;
    let rules = held.book.rules();
    let mut any = false;
    let mut unexplained = false;
    for of in RollupOf::ALL {
        let (scheme, rule) = match of {
            RollupOf::Deliverables => (rules.deliverables, &settings.rollup.deliverables),
            RollupOf::Measures => (rules.measures.scheme(), &settings.rollup.measures),
        };
        let found = cases(&held.dataset, rules, of);
        if found.is_empty() {
            println!(
                "Overall ratings of {}: none published are held.\n",
                of.code()
            );
            continue;
        }
        any = true;
        let result = fit_cases(scheme, found);
        let current = current_cuts(rule, scheme);
        println!(
            "Overall ratings of {}: {} published, averaged from the items as held now.",
            of.code(),
            result.cases.len()
        );
        if current.is_empty() {
            println!("  (settings use another rule than average; the bands below are for average)");
        }
        let mut suggested = Vec::new();
        for cut in &result.cuts {
            let label = &scheme.category(cut.rating).label;
            let set = current
                .iter()
                .find(|(r, _)| *r == cut.rating)
                .map(|(_, f)| *f);
            println!("  {label}: {}", interval(&result, cut));
            if let Some(set) = set {
                let verdict = if result.allows(cut, set) {
                    "fits every published case"
                } else {
                    "does not fit"
                };
                println!("    settings say {set}: {verdict}");
            }
            if !cut.unexplained.is_empty() {
                unexplained = true;
                println!(
                    "    no cut-off explains these together (a worse rating published for a higher average):"
                );
                for i in &cut.unexplained {
                    let case = &result.cases[*i];
                    println!(
                        "      {}: {}, published {}",
                        case.name,
                        case.average,
                        scheme.category(case.published).label
                    );
                }
            }
            if let Some(value) = result.suggest(cut, set) {
                suggested.push((cut.rating, value));
            }
        }
        if suggested.len() == result.cuts.len() {
            println!("\n  Suggested settings.toml:\n");
            for line in settings_block(scheme, of, &suggested).lines() {
                println!("    {line}");
            }
        } else {
            println!(
                "\n  No settings are suggested until the cases above are explained (a mistyped rating, or an override)."
            );
        }
        println!();
    }
    if !any {
        println!(
            "Add the overall ratings the council printed to a package's published_rollups table (docs/package.md) and import it."
        );
    }
    Ok(if unexplained {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// "above 2.60 (case: 39/15 = 2.60) and at most 2.67 (case: 8/3 = 2.67)".
fn interval(result: &Fit, cut: &ragbook_core::rollup::fit::CutFit) -> String {
    let describe = |i: usize| {
        let case = &result.cases[i];
        format!(
            "{:.2} ({}/{}: {})",
            case.average.shown(2),
            case.average.sum,
            case.average.count,
            case.name
        )
    };
    match (cut.above, cut.up_to) {
        (Some(low), Some(high)) => format!(
            "above {}\n      and at most {}",
            describe(low),
            describe(high)
        ),
        (Some(low), None) => format!(
            "above {} (nothing published this good or better, so no upper end)",
            describe(low)
        ),
        (None, Some(high)) => format!(
            "at most {} (nothing published worse, so no lower end)",
            describe(high)
        ),
        (None, None) => "no published case bears on it".into(),
    }
}
