//! The forward procurement plan: contracts over the lowest band's floor (£25,000 by default) due
//! within the plan's window, in value bands (over £25,000 to £50,000; over £50,000 to the
//! procurement threshold; above it), each band's total the sum of its valued rows.

use rust_decimal::Decimal;

use super::records::ProcurementRecord;

/// A band of the plan: its name and the rows in it, with their total.
#[derive(Debug, Clone)]
pub struct Band<'a> {
    /// "Over £25,000 to £50,000".
    pub name: String,
    /// Its contracts, in the order listed.
    pub rows: Vec<&'a ProcurementRecord>,
    /// The sum of the valued rows.
    pub total: Decimal,
}

/// The band floors, lowest first: a value is in the highest band whose floor it exceeds.
pub fn band_of(value: Decimal, floors: &[Decimal]) -> Option<usize> {
    floors.iter().rposition(|floor| value > *floor)
}

/// Band names from their floors: "Over £25,000 to £50,000", ..., "Over £214,904".
pub fn band_names(floors: &[Decimal]) -> Vec<String> {
    let money = |d: &Decimal| {
        format!(
            "£{}",
            crate::figure::group_thousands(&d.normalize().to_string())
        )
    };
    floors
        .iter()
        .enumerate()
        .map(|(i, floor)| match floors.get(i + 1) {
            Some(next) => format!("Over {} to {}", money(floor), money(next)),
            None => format!("Over {}", money(floor)),
        })
        .collect()
}

/// `rows` in their bands; rows to be advised (no value) go in the lowest band, as plans list
/// them, and count in no total.
pub fn bands<'a>(rows: &[&'a ProcurementRecord], floors: &[Decimal]) -> Vec<Band<'a>> {
    let names = band_names(floors);
    let mut bands: Vec<Band<'a>> = names
        .into_iter()
        .map(|name| Band {
            name,
            rows: Vec::new(),
            total: Decimal::ZERO,
        })
        .collect();
    for row in rows {
        let at = row.value.and_then(|v| band_of(v, floors)).unwrap_or(0);
        if let Some(band) = bands.get_mut(at) {
            band.rows.push(row);
            band.total += row.value.unwrap_or_default();
        }
    }
    bands.retain(|b| !b.rows.is_empty());
    bands
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_falls_in_the_highest_band_it_exceeds() {
        let floors = [
            Decimal::from(25_000),
            Decimal::from(50_000),
            Decimal::from(214_904),
        ];
        assert_eq!(
            band_of(Decimal::from(25_000), &floors),
            None,
            "not over £25,000"
        );
        assert_eq!(band_of(Decimal::from(25_001), &floors), Some(0));
        assert_eq!(
            band_of(Decimal::from(50_000), &floors),
            Some(0),
            "£50,000 is in the first"
        );
        assert_eq!(band_of(Decimal::from(180_000), &floors), Some(1));
        assert_eq!(band_of(Decimal::from(214_905), &floors), Some(2));
        assert_eq!(
            band_names(&floors),
            [
                "Over £25,000 to £50,000",
                "Over £50,000 to £214,904",
                "Over £214,904"
            ]
        );
    }
}
