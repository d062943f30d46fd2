//! Figures as councils type them ("4.7%", "£2,921,500", "£16.420m", "1,506") and as reports show
//! them. Parsing is exact: the decimal you type is the decimal ragbook holds.

use std::str::FromStr;

use rust_decimal::Decimal;

use crate::measure::Unit;

/// Most digits a figure may have (its digits from the first non-zero one, trailing zeros
/// included: 2,000,000 has seven). Rating is exact for every figure within this limit (see
/// `rating::engine`), so the parser refuses longer ones rather than round them.
pub const MAX_SIGNIFICANT_DIGITS: u32 = 18;

/// Most decimal places a figure may have, for the same reason.
pub const MAX_DECIMAL_PLACES: u32 = 10;

/// Why typed text is not a figure of the expected unit.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FigureError {
    /// Not a number in any form ragbook accepts.
    #[error("expected a number such as 1,506, 4.7%, £2,921,500 or £16.420m, found {found:?}")]
    NotANumber {
        /// The text as given.
        found: String,
    },
    /// A symbol that belongs to another unit, e.g. "50%" typed for a count.
    #[error("found {found:?}, but this is a {unit} measure: {advice}")]
    WrongUnit {
        /// The text as given.
        found: String,
        /// The unit the column or measure expects.
        unit: Unit,
        /// What to type instead.
        advice: &'static str,
    },
    /// Commas that are not thousands separators ("4,7" would silently become 47).
    #[error(
        "found {found:?}: commas may only separate thousands (1,506); write decimals with a point (4.7)"
    )]
    BadGrouping {
        /// The text as given.
        found: String,
    },
    /// More digits than ragbook can rate exactly.
    #[error(
        "found {found:?}: a figure may have at most {MAX_SIGNIFICANT_DIGITS} significant digits and {MAX_DECIMAL_PLACES} decimal places"
    )]
    TooPrecise {
        /// The text as given.
        found: String,
    },
}

/// Reads a figure typed for a measure of `unit`.
///
/// Accepts thousands separators, a leading `£` for money, a trailing `%` for percentages,
/// `m`/`k` multipliers for money ("£16.420m" is 16.420 for a `money_m` measure and
/// 16,420,000 for a `money` one), `pp` for percentage points, a leading minus sign (also the
/// typographic `−`) or accounting brackets for negatives: "(1,234)" is -1234.
pub fn parse_figure(text: &str, unit: Unit) -> Result<Decimal, FigureError> {
    let found = || text.to_owned();
    let not_a_number = || FigureError::NotANumber { found: found() };
    let wrong_unit = |advice| FigureError::WrongUnit {
        found: found(),
        unit,
        advice,
    };

    let mut rest = text.trim();
    let mut negative = false;
    if let Some(inner) = rest.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        negative = true;
        rest = inner.trim();
    }
    let mut take_sign = |rest: &mut &str| {
        if let Some(r) = rest.strip_prefix('-').or_else(|| rest.strip_prefix('−')) {
            negative = !negative;
            *rest = r.trim_start();
        } else if let Some(r) = rest.strip_prefix('+') {
            *rest = r.trim_start();
        }
    };
    take_sign(&mut rest);
    if let Some(r) = rest.strip_prefix('£') {
        if !unit.is_money() {
            return Err(wrong_unit("give the figure without a £ sign"));
        }
        rest = r.trim_start();
        take_sign(&mut rest);
    }

    let mut shift: i32 = 0; // powers of ten to apply to the typed number
    let (number, suffix) = split_suffix(rest);
    let is = |word: &str| suffix.eq_ignore_ascii_case(word);
    if suffix.is_empty() {
    } else if is("%") {
        if unit != Unit::Percent {
            return Err(wrong_unit("give the figure without a % sign"));
        }
    } else if is("pp") {
        if unit != Unit::Points {
            return Err(wrong_unit("'pp' is only for percentage-point measures"));
        }
    } else if is("days") || is("day") {
        if unit != Unit::Days {
            return Err(wrong_unit("'days' is only for measures in days"));
        }
    } else if is("m") || is("mn") || is("million") {
        match unit {
            Unit::Money => shift = 6,
            Unit::MoneyMillions => {}
            _ => return Err(wrong_unit("'m' (millions) is only for money measures")),
        }
    } else if is("k") {
        match unit {
            Unit::Money => shift = 3,
            Unit::MoneyMillions => shift = -3,
            _ => return Err(wrong_unit("'k' (thousands) is only for money measures")),
        }
    } else {
        return Err(not_a_number());
    }

    let plain = ungroup(number).ok_or_else(|| {
        if number.contains(',') {
            FigureError::BadGrouping { found: found() }
        } else {
            not_a_number()
        }
    })?;
    let too_precise = || FigureError::TooPrecise { found: found() };
    if significant_digits(&plain) > MAX_SIGNIFICANT_DIGITS + 10 {
        return Err(too_precise()); // before Decimal, which rounds beyond 28 digits
    }
    let mut value = Decimal::from_str(&plain).map_err(|_| not_a_number())?;
    value = shift_decimal_point(value, shift).ok_or_else(too_precise)?;
    // The limit is on the figure as held (after "m" or "k"), counting every digit of its
    // integer form: 16.420m is 16420000, eight digits.
    let digits = value
        .mantissa()
        .unsigned_abs()
        .checked_ilog10()
        .map_or(1, |d| d + 1);
    if digits > MAX_SIGNIFICANT_DIGITS || value.scale() > MAX_DECIMAL_PLACES {
        return Err(too_precise());
    }
    if negative {
        value.set_sign_negative(!value.is_zero());
    }
    Ok(value)
}

/// Splits "16.420m" into ("16.420", "m").
fn split_suffix(text: &str) -> (&str, &str) {
    let end = text
        .rfind(|c: char| c.is_ascii_digit() || c == '.')
        .map_or(0, |i| i + 1);
    (text[..end].trim_end(), text[end..].trim())
}

/// Removes thousands separators, checking they really are thousands separators. Borrows
/// when there is nothing to remove, as for most figures.
fn ungroup(number: &str) -> Option<std::borrow::Cow<'_, str>> {
    if !number.contains(',')
        && number.bytes().next().is_some_and(|b| b.is_ascii_digit())
        && number.bytes().filter(|b| *b == b'.').count() <= 1
        && !number.ends_with('.')
        && number.bytes().all(|b| b.is_ascii_digit() || b == b'.')
    {
        return Some(std::borrow::Cow::Borrowed(number));
    }
    ungroup_owned(number).map(std::borrow::Cow::Owned)
}

fn ungroup_owned(number: &str) -> Option<String> {
    if number.is_empty()
        || !number
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
    {
        return None;
    }
    let (integer, fraction) = match number.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (number, None),
    };
    if let Some(fraction) = fraction
        && (fraction.contains(['.', ',']) || (fraction.is_empty() && integer.is_empty()))
    {
        return None;
    }
    if integer.contains(',') {
        let mut groups = integer.split(',');
        let first = groups.next().unwrap_or_default();
        if first.is_empty() || first.len() > 3 || groups.any(|g| g.len() != 3) {
            return None;
        }
    }
    let mut plain: String = integer.chars().filter(|c| *c != ',').collect();
    if plain.is_empty() {
        plain.push('0');
    }
    if let Some(fraction) = fraction {
        plain.push('.');
        plain.push_str(fraction);
    }
    Some(plain)
}

fn significant_digits(plain: &str) -> u32 {
    let mut digits = plain
        .bytes()
        .filter(u8::is_ascii_digit)
        .skip_while(|d| *d == b'0');
    let mut count = u32::from(digits.next().is_some());
    count += digits.count() as u32;
    count
}

/// Multiplies by 10^shift exactly, dropping only zeros that the shift itself created.
fn shift_decimal_point(value: Decimal, shift: i32) -> Option<Decimal> {
    if shift == 0 {
        return Some(value);
    }
    let magnitude = shift.unsigned_abs();
    if shift < 0 {
        let mut shifted = value;
        shifted.set_scale(value.scale() + magnitude).ok()?;
        return Some(shifted);
    }
    let factor = Decimal::from_i128_with_scale(10_i128.checked_pow(magnitude)?, 0);
    let mut product = value.checked_mul(factor)?;
    let keep = value.scale().saturating_sub(magnitude);
    product.rescale(keep);
    Some(product)
}

/// A figure as a report table shows it: "1,506", "4.7%", "£2,921,500", "£16.420m", "64.1".
///
/// The figure is shown with exactly the decimal places it carries; round it first (see
/// [`crate::rounding`]) to show fewer.
pub fn format_figure(value: Decimal, unit: Unit) -> String {
    let sign = if value.is_sign_negative() && !value.is_zero() {
        "-"
    } else {
        ""
    };
    let digits = group_thousands(&value.abs().to_string());
    match unit {
        Unit::Percent => format!("{sign}{digits}%"),
        Unit::Money => format!("{sign}£{digits}"),
        Unit::MoneyMillions => format!("{sign}£{digits}m"),
        _ => format!("{sign}{digits}"),
    }
}

/// A measure's figure as its reports show it: rounded to the measure's decimal places (money in
/// millions always to three), by the one rounding rule.
pub fn format_for_measure(value: Decimal, unit: Unit, decimals: u32) -> String {
    let places = if unit == Unit::MoneyMillions {
        decimals.max(3)
    } else {
        decimals
    };
    format_figure(crate::rounding::round_half_away(value, places), unit)
}

/// A figure as a sentence says it: "64.1 days", "0.6 percentage points", "12.5 per 10,000".
pub fn describe_quantity(value: Decimal, unit: Unit) -> String {
    let figure = format_figure(value, unit);
    match unit {
        Unit::Days => format!("{figure} days"),
        Unit::Points => format!("{figure} percentage points"),
        Unit::Rate { per } if per > 0 => {
            format!("{figure} per {}", group_thousands(&per.to_string()))
        }
        _ => figure,
    }
}

/// Inserts thousands separators into the integer part of a plain decimal string.
pub fn group_thousands(plain: &str) -> String {
    let (integer, fraction) = match plain.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (plain, None),
    };
    let mut grouped = String::with_capacity(plain.len() + integer.len() / 3);
    for (position, digit) in integer.chars().enumerate() {
        if position > 0 && (integer.len() - position) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    if let Some(fraction) = fraction {
        grouped.push('.');
        grouped.push_str(fraction);
    }
    grouped
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str, unit: Unit) -> String {
        match parse_figure(text, unit) {
            Ok(value) => value.to_string(),
            Err(error) => format!("error: {error}"),
        }
    }

    #[test]
    fn reads_the_forms_councils_type() {
        assert_eq!(parse("4.7%", Unit::Percent), "4.7");
        assert_eq!(parse("£2,921,500", Unit::Money), "2921500");
        assert_eq!(parse("£16.420m", Unit::MoneyMillions), "16.420");
        assert_eq!(parse("£16.420m", Unit::Money), "16420000");
        assert_eq!(parse("£1.5k", Unit::Money), "1500");
        assert_eq!(parse("£250k", Unit::MoneyMillions), "0.250");
        assert_eq!(parse("1,506", Unit::Count), "1506");
        assert_eq!(parse(" 64.1 ", Unit::Days), "64.1");
        assert_eq!(parse("64.1 days", Unit::Days), "64.1");
        assert_eq!(parse("2.4pp", Unit::Points), "2.4");
        assert_eq!(parse("(1,234)", Unit::Money), "-1234");
        assert_eq!(parse("-£12.038m", Unit::MoneyMillions), "-12.038");
        assert_eq!(parse("£-12.038m", Unit::MoneyMillions), "-12.038");
        assert_eq!(parse("−3", Unit::Count), "-3");
        assert_eq!(parse(".5", Unit::Ratio), "0.5");
        assert_eq!(parse("50.0", Unit::Days), "50.0");
        assert_eq!(parse("-0", Unit::Count), "0");
    }

    #[test]
    fn refuses_what_would_be_misread() {
        assert!(parse("4,7", Unit::Percent).contains("commas may only separate thousands"));
        assert!(parse("1,5060", Unit::Count).contains("commas"));
        assert!(parse("50%", Unit::Count).contains("this is a count measure"));
        assert!(parse("£50", Unit::Percent).contains("without a £"));
        assert!(parse("5m", Unit::Days).contains("only for money"));
        assert!(parse("abc", Unit::Count).contains("expected a number"));
        assert!(parse("", Unit::Count).contains("expected a number"));
        assert!(parse("1.2.3", Unit::Count).contains("expected a number"));
        assert!(parse("12 apples", Unit::Count).contains("expected a number"));
        assert!(parse("1234567890123456789", Unit::Count).contains("at most 18"));
        // Found by fuzzing: 16 digits typed in millions are 22 digits held.
        assert!(parse("2020022222202324m", Unit::Money).contains("at most 18"));
        assert_eq!(
            parse("999999999999.999999m", Unit::Money),
            "999999999999999999"
        );
        assert!(parse("0.12345678901", Unit::Ratio).contains("at most 18"));
    }

    proptest::proptest! {
        #[test]
        fn what_a_table_shows_reads_back_exactly(mantissa in -10_000_000_000_i64..10_000_000_000, scale in 0_u32..4) {
            let value = Decimal::new(mantissa, scale);
            for unit in [Unit::Count, Unit::Percent, Unit::Money, Unit::MoneyMillions, Unit::Days] {
                let shown = format_figure(value, unit);
                proptest::prop_assert_eq!(parse_figure(&shown, unit), Ok(value), "{}", shown);
            }
        }
    }

    #[test]
    fn formats_for_tables_and_sentences() {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        assert_eq!(format_figure(d("2921500"), Unit::Money), "£2,921,500");
        assert_eq!(format_figure(d("16.420"), Unit::MoneyMillions), "£16.420m");
        assert_eq!(
            format_figure(d("-12.038"), Unit::MoneyMillions),
            "-£12.038m"
        );
        assert_eq!(format_figure(d("4.7"), Unit::Percent), "4.7%");
        assert_eq!(format_figure(d("1506"), Unit::Count), "1,506");
        assert_eq!(format_figure(d("153"), Unit::Count), "153");
        assert_eq!(describe_quantity(d("64.1"), Unit::Days), "64.1 days");
        assert_eq!(
            describe_quantity(d("12.5"), Unit::Rate { per: 10_000 }),
            "12.5 per 10,000"
        );
    }
}
