//! The general reserve as councils print it: the balance, each commitment, the balance after
//! commitments, the projected outturn and the forecast year-end balance, with its share of the
//! net budget requirement and whether that is prudent.

use rust_decimal::Decimal;

use crate::finance::{
    Commitment, FinanceData, GeneralReserve, PrudentBand, ReservePosition, RevenueFigures,
};
use crate::period::FinancialQuarter;
use crate::rules::Rulebook;
use crate::settings::FinanceSettings;

/// The general reserve this quarter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReserveView<'a> {
    /// The balance at the start of the year.
    pub opening_balance: Decimal,
    /// Each commitment against it, named, in the order held.
    pub commitments: Vec<(&'a str, Decimal)>,
    /// The balance less the commitments.
    pub after_commitments: Decimal,
    /// The council's projected outturn (positive an overspend, which the reserve meets).
    pub projected_outturn: Decimal,
    /// What is forecast to be left at the year end.
    pub forecast_balance: Decimal,
    /// The net budget requirement.
    pub net_budget_requirement: Decimal,
    /// The forecast balance as a percentage of the net budget requirement, rounded to the
    /// places the settings give; `None` without a requirement.
    pub share: Option<Decimal>,
    /// Below, within or above the prudent range; `None` without a positive requirement.
    pub position: Option<ReservePosition>,
    /// The prudent range.
    pub band: PrudentBand,
    /// The range as the settings write it ("3%", "5%").
    pub band_text: (&'a str, &'a str),
}

pub(super) fn reserve<'a>(
    data: &'a FinanceData,
    settings: &'a FinanceSettings,
    book: &Rulebook,
    quarter: FinancialQuarter,
    council: &RevenueFigures,
) -> Option<ReserveView<'a>> {
    let record = data.general_reserve.iter().find(|r| r.quarter == quarter)?;
    let commitments: Vec<&_> = data
        .reserve_commitments
        .iter()
        .filter(|c| c.quarter == quarter)
        .collect();
    let reserve = GeneralReserve {
        opening_balance: record.opening_balance,
        commitments: commitments
            .iter()
            .map(|c| Commitment {
                name: c.name.clone(),
                amount: c.amount,
            })
            .collect(),
        projected_outturn: council.projected_outturn(),
        net_budget_requirement: record.net_budget_requirement,
    };
    let band = book.finance.prudent;
    Some(ReserveView {
        opening_balance: reserve.opening_balance,
        commitments: commitments
            .iter()
            .map(|c| (c.name.as_str(), c.amount))
            .collect(),
        after_commitments: reserve.opening_balance - reserve.total_commitments(),
        projected_outturn: reserve.projected_outturn,
        forecast_balance: reserve.forecast_balance(),
        net_budget_requirement: reserve.net_budget_requirement,
        share: reserve.share_of_budget().map(|s| {
            crate::rounding::round_half_away(s * Decimal::ONE_HUNDRED, settings.reserve_places)
        }),
        position: reserve.position(band),
        band,
        band_text: (&settings.reserve_low, &settings.reserve_high),
    })
}
