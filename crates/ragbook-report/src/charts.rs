//! The report's charts, drawn as SVG so HTML and PDF show the same picture: the two-ring
//! wheel (inner ring priorities, outer ring items) and a measure's yearly history against its
//! target and benchmark. Every colour comes with a symbol or a label, and every chart carries
//! a text alternative that says what it shows.
//!
//! Geometry is in floating point: it places marks on a page, it is never a reported figure.

use std::f64::consts::PI;
use std::fmt::Write as _;

use ragbook_core::Decimal;
use ragbook_core::measure::Unit;
use ragbook_core::period::FinancialYear;
use serde::Serialize;

use crate::model::figure;

/// A chart: its SVG and the words that stand for it.
#[derive(Debug, Clone, Serialize)]
pub struct Chart {
    /// The SVG document.
    pub svg: String,
    /// What the chart shows, for screen readers and the PDF's alternative text.
    pub alt: String,
}

/// One segment of a wheel.
#[derive(Debug, Clone)]
pub struct Segment {
    /// What it is.
    pub label: String,
    /// Its colour.
    pub colour: String,
    /// The symbol drawn on it.
    pub symbol: String,
}

pub(crate) const FONT: &str = "DejaVu Sans, Arial, sans-serif";

/// Escapes text for SVG.
pub(crate) fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Black or white, whichever reads better on `colour`.
pub(crate) fn ink(colour: &str) -> &'static str {
    let channel = |i: usize| {
        u8::from_str_radix(colour.get(i..i + 2).unwrap_or("00"), 16).unwrap_or(0) as f64 / 255.0
    };
    let linear = |c: f64| {
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let luminance =
        0.2126 * linear(channel(1)) + 0.7152 * linear(channel(3)) + 0.0722 * linear(channel(5));
    // WCAG contrast ratios against white and against the near-black #0b0c0c (luminance
    // 0.0037); the better one wins.
    let on_white = 1.05 / (luminance + 0.05);
    let on_black = (luminance + 0.05) / 0.0537;
    if on_black > on_white {
        "#0b0c0c"
    } else {
        "#ffffff"
    }
}

fn point(radius: f64, angle: f64) -> (f64, f64) {
    let (cx, cy) = (150.0, 150.0);
    (cx + radius * angle.sin(), cy - radius * angle.cos())
}

/// The path of a ring segment from angle `a` to `b` between radii `r1` and `r2`.
fn arc(r1: f64, r2: f64, a: f64, b: f64) -> String {
    let large = if b - a > PI { 1 } else { 0 };
    let (x1, y1) = point(r2, a);
    let (x2, y2) = point(r2, b);
    let (x3, y3) = point(r1, b);
    let (x4, y4) = point(r1, a);
    if b - a >= 2.0 * PI - 1e-9 {
        // A full ring: two half arcs.
        let (mx, my) = point(r2, a + PI);
        let (nx, ny) = point(r1, a + PI);
        return format!(
            "M{x1:.2},{y1:.2} A{r2},{r2} 0 1 1 {mx:.2},{my:.2} A{r2},{r2} 0 1 1 {x1:.2},{y1:.2} Z M{x4:.2},{y4:.2} A{r1},{r1} 0 1 0 {nx:.2},{ny:.2} A{r1},{r1} 0 1 0 {x4:.2},{y4:.2} Z"
        );
    }
    format!(
        "M{x1:.2},{y1:.2} A{r2},{r2} 0 {large} 1 {x2:.2},{y2:.2} L{x3:.2},{y3:.2} A{r1},{r1} 0 {large} 0 {x4:.2},{y4:.2} Z"
    )
}

/// The two-ring wheel: each group's inner segment spans its items in the outer ring.
/// `legend` is (label, symbol, colour, count) per rating shown.
pub fn wheel(
    title: &str,
    groups: &[(Segment, Vec<Segment>)],
    legend: &[(String, String, String, u32)],
) -> Chart {
    let slots: usize = groups
        .iter()
        .map(|(_, items)| items.len().max(1))
        .sum::<usize>()
        .max(1);
    let per_slot = 2.0 * PI / slots as f64;
    let height = 300.0 + 22.0 * legend.len() as f64 + 10.0;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 {height}" width="300" height="{height}" role="img" aria-label="{}" font-family="{FONT}">"#,
        escape(title)
    );
    let _ = write!(svg, "<title>{}</title>", escape(title));
    let mut angle = 0.0;
    let mut described = Vec::new();
    for (group_index, (inner, items)) in groups.iter().enumerate() {
        let span = items.len().max(1) as f64 * per_slot;
        let _ = write!(
            svg,
            r##"<path d="{}" fill="{}" stroke="#ffffff" stroke-width="2"><title>{}</title></path>"##,
            arc(42.0, 82.0, angle, angle + span),
            inner.colour,
            escape(&format!(
                "{}: {}",
                inner.label,
                if inner.symbol.is_empty() {
                    "not rated"
                } else {
                    &inner.symbol
                }
            ))
        );
        if groups.len() > 1 {
            let (x, y) = point(62.0, angle + span / 2.0);
            let _ = write!(
                svg,
                r#"<text x="{x:.1}" y="{y:.1}" font-size="13" font-weight="bold" text-anchor="middle" dominant-baseline="central" fill="{}">{}</text>"#,
                ink(&inner.colour),
                group_index + 1
            );
        }
        for (item_index, item) in items.iter().enumerate() {
            let start = angle + item_index as f64 * per_slot;
            let _ = write!(
                svg,
                r##"<path d="{}" fill="{}" stroke="#ffffff" stroke-width="1.5"><title>{}</title></path>"##,
                arc(88.0, 140.0, start, start + per_slot),
                item.colour,
                escape(&item.label)
            );
            {
                // Every segment carries its symbol, however narrow: colour is never the only sign.
                let (x, y) = point(114.0, start + per_slot / 2.0);
                let size = (per_slot * 114.0 * 0.62).clamp(6.0, 14.0);
                let _ = write!(
                    svg,
                    r#"<text x="{x:.1}" y="{y:.1}" font-size="{size:.1}" text-anchor="middle" dominant-baseline="central" fill="{}">{}</text>"#,
                    ink(&item.colour),
                    escape(&item.symbol)
                );
            }
        }
        described.push(format!("{} {}", group_index + 1, inner.label));
        angle += span;
    }
    let mut summary = Vec::new();
    for (row, (label, symbol, colour, count)) in legend.iter().enumerate() {
        let y = 305.0 + 22.0 * row as f64;
        let _ = write!(
            svg,
            r##"<rect x="40" y="{y}" width="18" height="18" fill="{colour}" stroke="#0b0c0c" stroke-width="0.5"/><text x="49" y="{:.1}" font-size="12" text-anchor="middle" dominant-baseline="central" fill="{}">{}</text><text x="66" y="{:.1}" font-size="13" dominant-baseline="central" fill="#0b0c0c">{}: {count}</text>"##,
            y + 9.0,
            ink(colour),
            escape(symbol),
            y + 9.0,
            escape(label)
        );
        summary.push(format!("{count} {label}"));
    }
    svg.push_str("</svg>");
    let alt = if groups.len() > 1 {
        format!(
            "{title}. Priorities: {}. Ratings: {}.",
            described.join("; "),
            summary.join(", ")
        )
    } else {
        format!(
            "{title}. Ratings: {}.",
            if summary.is_empty() {
                "none yet".to_owned()
            } else {
                summary.join(", ")
            }
        )
    };
    Chart { svg, alt }
}

fn to_f64(value: Decimal) -> f64 {
    value.to_string().parse().unwrap_or(0.0)
}

/// A horizontal line across the plot at `y` (a target or benchmark), labelled at its right end
/// (`label`: text, how far below the line, font size).
fn reference_line(
    svg: &mut String,
    y: f64,
    (from, to): (f64, f64),
    style: &str,
    (text, below, size): (String, f64, u32),
) {
    let _ = write!(
        svg,
        r##"<line x1="{from}" y1="{y:.1}" x2="{to:.1}" y2="{y:.1}" {style}/><text x="{:.1}" y="{:.1}" font-size="{size}" fill="#0b0c0c">{}</text>"##,
        to + 6.0,
        y + below,
        escape(&text)
    );
}

/// A measure's yearly figures as bars, with its target and benchmark as lines.
pub fn history(
    title: &str,
    unit: Unit,
    decimals: u32,
    history: &[(FinancialYear, Option<Decimal>)],
    target: Option<Decimal>,
    benchmark: Option<(&str, Decimal)>,
) -> Chart {
    let (width, height, left, right, top, bottom) = (420.0, 220.0, 20.0, 120.0, 24.0, 36.0);
    let values: Vec<f64> = history.iter().filter_map(|(_, v)| v.map(to_f64)).collect();
    let marks: Vec<f64> = values
        .iter()
        .copied()
        .chain(target.map(to_f64))
        .chain(benchmark.map(|(_, b)| to_f64(b)))
        .collect();
    let high = marks.iter().copied().fold(0.0_f64, f64::max);
    let low = marks.iter().copied().fold(0.0_f64, f64::min);
    let span = if high - low <= 0.0 {
        1.0
    } else {
        (high - low) * 1.15
    };
    let plot_height = height - top - bottom;
    let y_of = |v: f64| top + plot_height * (1.0 - (v - low) / span);
    let zero = y_of(0.0);
    let plot_width = width - left - right;
    let slot = plot_width / history.len().max(1) as f64;
    let bar = slot * 0.6;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-label="{}" font-family="{FONT}">"#,
        escape(title)
    );
    let _ = write!(svg, "<title>{}</title>", escape(title));
    let _ = write!(
        svg,
        r##"<line x1="{left}" y1="{zero:.1}" x2="{:.1}" y2="{zero:.1}" stroke="#505a5f" stroke-width="1"/>"##,
        left + plot_width
    );
    let mut described = Vec::new();
    // Figures go on top of the target and benchmark lines, on white, so a line passing
    // through a label never makes it unreadable.
    let mut labels = String::new();
    for (index, (year, value)) in history.iter().enumerate() {
        let x = left + slot * index as f64 + (slot - bar) / 2.0;
        let label_x = x + bar / 2.0;
        let current = index + 1 == history.len();
        match value {
            Some(value) => {
                let y = y_of(to_f64(*value));
                let (y0, h) = if y < zero {
                    (y, zero - y)
                } else {
                    (zero, y - zero)
                };
                let fill = if current { "#1d70b8" } else { "#9fc5e8" };
                let shown = figure(*value, unit, decimals);
                let _ = write!(
                    svg,
                    r##"<rect x="{x:.1}" y="{y0:.1}" width="{bar:.1}" height="{h:.1}" fill="{fill}"/>"##
                );
                // A white box behind the figure (sized for DejaVu Sans digits at 12px): not
                // every SVG renderer draws text halos.
                let box_width = shown.chars().count() as f64 * 7.7 + 4.0;
                let _ = write!(
                    labels,
                    r##"<rect x="{:.1}" y="{:.1}" width="{box_width:.1}" height="15" fill="#ffffff" fill-opacity="0.9"/><text x="{label_x:.1}" y="{:.1}" font-size="12" text-anchor="middle" fill="#0b0c0c"{}>{}</text>"##,
                    label_x - box_width / 2.0,
                    y0 - 17.0,
                    y0 - 5.0,
                    if current {
                        r#" font-weight="bold""#
                    } else {
                        ""
                    },
                    escape(&shown)
                );
                described.push(format!("{year} {shown}"));
            }
            None => {
                let _ = write!(
                    svg,
                    r##"<text x="{label_x:.1}" y="{:.1}" font-size="11" text-anchor="middle" fill="#505a5f">No data</text>"##,
                    zero - 5.0
                );
                described.push(format!("{year} no data"));
            }
        }
        let _ = write!(
            svg,
            r##"<text x="{label_x:.1}" y="{:.1}" font-size="12" text-anchor="middle" fill="#0b0c0c">{year}</text>"##,
            height - bottom + 18.0
        );
    }
    let mut words = format!("{title}: {}.", described.join("; "));
    let across = (left, left + plot_width);
    if let Some(target) = target {
        let shown = figure(target, unit, decimals);
        let style = r##"stroke="#d4351c" stroke-width="2" stroke-dasharray="6 4""##;
        let label = (format!("Target {shown}"), 4.0, 12);
        reference_line(&mut svg, y_of(to_f64(target)), across, style, label);
        let _ = write!(words, " Target {shown}.");
    }
    if let Some((series, value)) = benchmark {
        let shown = figure(value, unit, decimals);
        let style = r##"stroke="#0b0c0c" stroke-width="1.5" stroke-dasharray="2 3""##;
        let label = (
            format!("{} {shown}", series.replace(" Benchmark", "")),
            16.0,
            11,
        );
        reference_line(&mut svg, y_of(to_f64(value)), across, style, label);
        let _ = write!(words, " {series} {shown}.");
    }
    svg.push_str(&labels);
    svg.push_str("</svg>");
    Chart { svg, alt: words }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn charts_say_in_words_what_they_show() {
        let years: Vec<(FinancialYear, Option<Decimal>)> = vec![
            ("2021-22".parse().unwrap(), Some(Decimal::from(373))),
            ("2022-23".parse().unwrap(), None),
            ("2023-24".parse().unwrap(), Some(Decimal::from(762))),
        ];
        let chart = history(
            "Support plans",
            Unit::Count,
            0,
            &years,
            Some(Decimal::from(550)),
            Some(("National Benchmark", Decimal::from_str("500").unwrap())),
        );
        assert_eq!(
            chart.alt,
            "Support plans: 2021-22 373; 2022-23 no data; 2023-24 762. Target 550. National Benchmark 500."
        );
        assert!(chart.svg.starts_with("<svg") && chart.svg.ends_with("</svg>"));
        assert!(chart.svg.contains(">Target 550</text>"));
        let segment = |label: &str, colour: &str, symbol: &str| Segment {
            label: label.into(),
            colour: colour.into(),
            symbol: symbol.into(),
        };
        let wheel = wheel(
            "Deliverables <by> priority",
            &[(
                segment("Safe", "#85994b", "✔"),
                vec![
                    segment("Good", "#85994b", "✔"),
                    segment("Review", "#ffdd00", "◉"),
                ],
            )],
            &[
                ("Good".into(), "✔".into(), "#85994b".into(), 1),
                ("Review".into(), "◉".into(), "#ffdd00".into(), 1),
            ],
        );
        assert_eq!(
            wheel.alt,
            "Deliverables <by> priority. Ratings: 1 Good, 1 Review."
        );
        assert!(
            wheel.svg.contains("Deliverables &lt;by&gt; priority"),
            "text in SVG is escaped"
        );
        assert_eq!(ink("#ffdd00"), "#0b0c0c");
        assert_eq!(ink("#d4351c"), "#ffffff");
    }
}
