//! `ragbook schemes`: the shipped rating keys, and any scheme in full.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use ragbook_core::rating::{MeasureScheme, SHIPPED, Scheme, describe_bands};

/// Loads a scheme by shipped name, or from a TOML file when given a path.
pub fn load(name_or_file: &str) -> anyhow::Result<Scheme> {
    let path = Path::new(name_or_file);
    if path.is_file() || name_or_file.ends_with(".toml") {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("could not read the scheme file {}", path.display()))?;
        return Scheme::from_toml(&text)
            .with_context(|| format!("{} is not a usable scheme", path.display()));
    }
    Ok(Scheme::shipped(name_or_file)?)
}

pub fn run(name: Option<&str>) -> anyhow::Result<ExitCode> {
    match name {
        None => {
            for (name, _) in SHIPPED {
                let scheme = Scheme::shipped(name)?;
                let kind = if scheme.measures.is_some() {
                    "measures"
                } else if scheme.finance.is_some() {
                    "money"
                } else {
                    "rated by hand"
                };
                println!(
                    "{name:<14} {} ({kind}): {}",
                    scheme.name, scheme.description
                );
            }
            println!("\nShow one in full with: ragbook schemes NAME");
        }
        Some(name) => {
            let scheme = load(name)?;
            println!("{}\n{}\n", scheme.name, scheme.description);
            if let Ok(rules) = MeasureScheme::new(&scheme) {
                println!("Deviation from target, relative and signed so that positive is better:");
                for band in describe_bands(rules) {
                    println!("  {band}");
                }
                println!();
            }
            if let Some(finance) = &scheme.finance {
                println!("Overrun (overspend or shortfall) as a share of the budget or target:");
                let mut below = None;
                for band in &finance.bands {
                    let label = &scheme.category(band.rating).label;
                    let percent = |fraction: ragbook_core::Decimal| {
                        (fraction * ragbook_core::Decimal::ONE_HUNDRED).normalize()
                    };
                    match (below, band.up_to) {
                        (None, Some(up_to)) => println!("  {label}: up to {}%", percent(up_to)),
                        (Some(from), Some(up_to)) => println!(
                            "  {label}: more than {}%, up to {}%",
                            percent(from),
                            percent(up_to)
                        ),
                        (Some(from), None) => println!("  {label}: more than {}%", percent(from)),
                        (None, None) => println!("  {label}: any"),
                    }
                    below = band.up_to;
                }
                println!();
            }
            for category in &scheme.categories {
                let score = category
                    .score
                    .map_or("not rated".to_owned(), |s| format!("score {s}"));
                println!(
                    "  {} {:<14} {:<10} {}",
                    category.symbol, category.label, score, category.description
                );
                println!("    {:<25} Response: {}", "", category.response);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
