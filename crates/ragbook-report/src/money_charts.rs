//! The budget monitoring charts of the Cabinet report, as SVG: each service line's forecast
//! against its budget, and its variance either side of zero. Overspends and underspends are
//! told apart by words on every bar ("£0.512m over"), not by colour alone.

use std::fmt::Write as _;

use ragbook_core::Decimal;
use ragbook_core::finance::show_millions;

use crate::charts::{Chart, FONT, escape};

/// One service line: its name, adjusted budget and forecast, in pounds.
pub struct LineFigures<'a> {
    /// The line's name.
    pub label: &'a str,
    /// Adjusted budget.
    pub budget: Decimal,
    /// Forecast actuals.
    pub forecast: Decimal,
}

fn to_f64(value: Decimal) -> f64 {
    value.to_string().parse().unwrap_or(0.0)
}

const WIDTH: f64 = 640.0;
const LABELS: f64 = 210.0;
const ROW: f64 = 44.0;

fn open(svg: &mut String, title: &str, height: f64) {
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" role="img" aria-label="{}" font-family="{FONT}"><title>{}</title>"#,
        escape(title),
        escape(title)
    );
}

fn label(svg: &mut String, y: f64, text: &str) {
    let shown: String = if text.chars().count() > 30 {
        text.chars().take(29).collect::<String>() + "…"
    } else {
        text.to_owned()
    };
    let _ = write!(
        svg,
        r##"<text x="{:.1}" y="{y:.1}" font-size="12" text-anchor="end" dominant-baseline="central" fill="#0b0c0c">{}</text>"##,
        LABELS - 8.0,
        escape(&shown)
    );
}

/// Forecast against budget, a pair of bars per line (budget light, forecast dark, each
/// labelled).
pub fn forecast_against_budget(title: &str, lines: &[LineFigures<'_>]) -> Chart {
    let height = 40.0 + ROW * lines.len().max(1) as f64;
    let high = lines
        .iter()
        .flat_map(|l| [to_f64(l.budget).abs(), to_f64(l.forecast).abs()])
        .fold(0.0_f64, f64::max)
        .max(1.0);
    let plot = WIDTH - LABELS - 110.0;
    let scale = |v: Decimal| to_f64(v).abs() / high * plot;
    let mut svg = String::new();
    open(&mut svg, title, height);
    let _ = write!(
        svg,
        r##"<rect x="{LABELS}" y="6" width="12" height="10" fill="#9fc5e8"/><text x="{:.1}" y="15" font-size="11" fill="#0b0c0c">Adjusted budget</text><rect x="{:.1}" y="6" width="12" height="10" fill="#1d70b8"/><text x="{:.1}" y="15" font-size="11" fill="#0b0c0c">Forecast</text>"##,
        LABELS + 16.0,
        LABELS + 130.0,
        LABELS + 146.0
    );
    let mut words = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        let top = 30.0 + ROW * index as f64;
        label(&mut svg, top + 16.0, line.label);
        for (offset, value, fill) in [
            (0.0, line.budget, "#9fc5e8"),
            (16.0, line.forecast, "#1d70b8"),
        ] {
            let width = scale(value);
            let _ = write!(
                svg,
                r##"<rect x="{LABELS}" y="{:.1}" width="{width:.1}" height="14" fill="{fill}"/><text x="{:.1}" y="{:.1}" font-size="11" dominant-baseline="central" fill="#0b0c0c">{}</text>"##,
                top + offset,
                LABELS + width + 4.0,
                top + offset + 7.0,
                escape(&show_millions(value))
            );
        }
        words.push(format!(
            "{}: budget {}, forecast {}",
            line.label,
            show_millions(line.budget),
            show_millions(line.forecast)
        ));
    }
    svg.push_str("</svg>");
    Chart {
        svg,
        alt: format!("{title}. {}.", words.join("; ")),
    }
}

/// Variance by line: overspends to the right of zero, underspends to the left, each bar
/// labelled "over" or "under".
pub fn variance_by_line(title: &str, lines: &[LineFigures<'_>]) -> Chart {
    let height = 20.0 + ROW * 0.75 * lines.len().max(1) as f64 + 10.0;
    let variances: Vec<Decimal> = lines.iter().map(|l| l.forecast - l.budget).collect();
    let high = variances
        .iter()
        .map(|v| to_f64(*v).abs())
        .fold(0.0_f64, f64::max)
        .max(1.0);
    // Room either side of the bars for "£12.345m under" / "£12.345m over".
    let room = 105.0;
    let half = (WIDTH - LABELS - 20.0) / 2.0 - room;
    let zero = LABELS + 10.0 + room + half;
    let mut svg = String::new();
    open(&mut svg, title, height);
    let _ = write!(
        svg,
        r##"<line x1="{zero:.1}" y1="10" x2="{zero:.1}" y2="{:.1}" stroke="#505a5f" stroke-width="1"/>"##,
        height - 6.0
    );
    let mut words = Vec::new();
    for (index, (line, variance)) in lines.iter().zip(&variances).enumerate() {
        let top = 14.0 + ROW * 0.75 * index as f64;
        label(&mut svg, top + 9.0, line.label);
        let width = to_f64(*variance).abs() / high * half;
        let (x, fill, anchor, text_x, said) = if variance > &Decimal::ZERO {
            (
                zero,
                "#d4351c",
                "start",
                zero + width + 4.0,
                format!("{} over", show_millions(*variance)),
            )
        } else if variance < &Decimal::ZERO {
            (
                zero - width,
                "#00703c",
                "end",
                zero - width - 4.0,
                format!("{} under", show_millions(-*variance)),
            )
        } else {
            (zero, "#505a5f", "start", zero + 4.0, "on budget".to_owned())
        };
        let _ = write!(
            svg,
            r##"<rect x="{x:.1}" y="{top:.1}" width="{width:.1}" height="18" fill="{fill}"/><text x="{text_x:.1}" y="{:.1}" font-size="11" text-anchor="{anchor}" dominant-baseline="central" fill="#0b0c0c">{}</text>"##,
            top + 9.0,
            escape(&said)
        );
        words.push(format!("{}: {said}", line.label));
    }
    svg.push_str("</svg>");
    Chart {
        svg,
        alt: format!("{title}. {}.", words.join("; ")),
    }
}
