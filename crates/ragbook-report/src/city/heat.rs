//! The risk heat maps as tables: impact rows from the highest down, likelihood columns (low to
//! high for threats; high to low for opportunities, as the council prints them), each cell the
//! number of risks in it, and a sentence that says the same for readers who cannot see the grid.

use ragbook_core::city::RiskMatrices;
use ragbook_core::city::risk::{Matrix, RiskKind};
use ragbook_core::city::view::{CityView, HeatMap};
use serde::Serialize;

/// One heat map.
#[derive(Debug, Clone, Serialize)]
pub struct HeatMapTable {
    /// "Strategic risks: threats".
    pub title: String,
    /// Likelihood column headings, in printed order: "1 Remote".
    pub likelihood: Vec<String>,
    /// Rows from the highest impact down: its heading and the count in each column.
    pub rows: Vec<(String, Vec<usize>)>,
    /// The shading of each cell, by its count: 0 (none) to 3 (most).
    pub shades: Vec<Vec<u8>>,
    /// The same counts in words.
    pub alt: String,
    /// Risks on the map.
    pub total: usize,
}

fn heading(labels: &[String], level: usize) -> String {
    format!(
        "{} {}",
        level + 1,
        labels.get(level).cloned().unwrap_or_default()
    )
}

fn table(map: &HeatMap, matrix: &Matrix) -> HeatMapTable {
    let size = matrix.size();
    let columns: Vec<usize> = match map.kind {
        RiskKind::Threat => (0..size).collect(),
        RiskKind::Opportunity => (0..size).rev().collect(),
    };
    let most = map
        .cells
        .iter()
        .flatten()
        .copied()
        .max()
        .unwrap_or(0)
        .max(1);
    let mut rows = Vec::new();
    let mut shades = Vec::new();
    for impact in (0..size).rev() {
        let counts: Vec<usize> = columns
            .iter()
            .map(|&l| {
                map.cells
                    .get(l)
                    .and_then(|r| r.get(impact))
                    .copied()
                    .unwrap_or(0)
            })
            .collect();
        shades.push(
            counts
                .iter()
                .map(|&n| {
                    if n == 0 {
                        0
                    } else {
                        u8::try_from((n * 3).div_ceil(most)).unwrap_or(3)
                    }
                })
                .collect(),
        );
        rows.push((heading(&matrix.impact, impact), counts));
    }
    let mut cells = Vec::new();
    for (l, row) in map.cells.iter().enumerate() {
        for (i, &n) in row.iter().enumerate() {
            if n > 0 {
                let noun = if n == 1 { "risk" } else { "risks" };
                cells.push((
                    (l + 1) * (i + 1),
                    format!(
                        "{n} {noun} at likelihood {} and impact {} (score {})",
                        heading(&matrix.likelihood, l),
                        heading(&matrix.impact, i),
                        (l + 1) * (i + 1)
                    ),
                ));
            }
        }
    }
    cells.sort_by_key(|(score, _)| std::cmp::Reverse(*score));
    let total = map.total();
    let (what, title) = match map.kind {
        RiskKind::Threat => ("a threat", "Strategic risks: threats"),
        RiskKind::Opportunity => ("an opportunity", "Strategic risks: opportunities"),
    };
    let alt = if total == 0 {
        format!("No risk is scored as {what} this quarter.")
    } else {
        format!(
            "{total} {} scored as {what}: {}.",
            if total == 1 { "risk is" } else { "risks are" },
            cells
                .into_iter()
                .map(|(_, text)| text)
                .collect::<Vec<_>>()
                .join("; ")
        )
    };
    HeatMapTable {
        title: title.to_owned(),
        likelihood: columns
            .iter()
            .map(|&l| heading(&matrix.likelihood, l))
            .collect(),
        rows,
        shades,
        alt,
        total,
    }
}

/// The threat map, then the opportunity map when any risk has an opportunity score.
pub(super) fn tables(city: &CityView<'_>, matrices: &RiskMatrices) -> Vec<HeatMapTable> {
    let mut maps = vec![table(&city.threats, &matrices.threats)];
    if city.opportunities.total() > 0 {
        maps.push(table(&city.opportunities, &matrices.opportunities));
    }
    maps
}
