//! A plan's scheme capital programmes (land reclamation, say): each scheme's works this year and
//! design fees, their total, what the programme funds and from where; the SUB TOTAL of the
//! schemes, the programme's other funding lines, and the TOTAL NET. Every total is summed here,
//! never typed.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::period::FinancialYear;
use crate::plan::ItemId;

/// A scheme of a capital programme, in pounds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CapitalSchemeRecord {
    /// The plan.
    pub plan: ItemId,
    /// The year.
    pub year: FinancialYear,
    /// The programme ("Land reclamation").
    pub programme: String,
    /// The area it is listed under, if the programme groups by area.
    #[serde(default)]
    pub area: Option<String>,
    /// Where it is.
    pub location: String,
    /// What it is.
    #[serde(default)]
    pub description: Option<String>,
    /// The whole scheme's cost, over every year, if given.
    #[serde(default)]
    pub scheme_cost: Option<Decimal>,
    /// Works this year.
    pub works: Decimal,
    /// Design fees this year.
    pub fees: Decimal,
    /// What the programme itself funds of this year's total.
    pub funded: Decimal,
    /// Where the rest comes from.
    #[serde(default)]
    pub funding_source: Option<String>,
}

impl CapitalSchemeRecord {
    /// Works plus fees.
    pub fn total(&self) -> Decimal {
        self.works + self.fees
    }
}

/// A programme's funding line beyond its schemes ("Contribution from Homes England"), signed
/// as it adds to or takes from the TOTAL NET.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FundingLineRecord {
    /// The plan.
    pub plan: ItemId,
    /// The year.
    pub year: FinancialYear,
    /// The programme.
    pub programme: String,
    /// What it is.
    pub description: String,
    /// The amount in pounds: negative for money from elsewhere.
    pub amount: Decimal,
}

/// The columns a programme's totals sum: works, fees, total, funded.
pub type Sums = [Decimal; 4];

/// One capital programme of a plan's year, as its table prints it.
#[derive(Debug, Clone)]
pub struct CapitalProgramme<'a> {
    /// Its name.
    pub name: &'a str,
    /// Its schemes, grouped by area in the order first listed.
    pub schemes: Vec<&'a CapitalSchemeRecord>,
    /// SUB TOTAL: works, fees, total and funded summed over the schemes.
    pub sub_total: Sums,
    /// Its other funding lines.
    pub funding: Vec<&'a FundingLineRecord>,
    /// TOTAL NET: the SUB TOTAL's total plus the funding lines.
    pub total_net: Decimal,
}

/// The programmes of `schemes` and `funding` (one plan's year), in the order first listed.
pub fn programmes<'a>(
    schemes: &[&'a CapitalSchemeRecord],
    funding: &[&'a FundingLineRecord],
) -> Vec<CapitalProgramme<'a>> {
    let mut names: Vec<&str> = Vec::new();
    for name in schemes
        .iter()
        .map(|s| s.programme.as_str())
        .chain(funding.iter().map(|f| f.programme.as_str()))
    {
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names
        .into_iter()
        .map(|name| {
            let mine: Vec<&CapitalSchemeRecord> = schemes
                .iter()
                .copied()
                .filter(|s| s.programme == name)
                .collect();
            let mut areas: Vec<Option<&str>> = Vec::new();
            for s in &mine {
                if !areas.contains(&s.area.as_deref()) {
                    areas.push(s.area.as_deref());
                }
            }
            let grouped: Vec<&CapitalSchemeRecord> = areas
                .iter()
                .flat_map(|area| {
                    mine.iter()
                        .copied()
                        .filter(move |s| s.area.as_deref() == *area)
                })
                .collect();
            let sub_total = grouped.iter().fold([Decimal::ZERO; 4], |t, s| {
                [
                    t[0] + s.works,
                    t[1] + s.fees,
                    t[2] + s.total(),
                    t[3] + s.funded,
                ]
            });
            let lines: Vec<&FundingLineRecord> = funding
                .iter()
                .copied()
                .filter(|f| f.programme == name)
                .collect();
            CapitalProgramme {
                name,
                schemes: grouped,
                total_net: sub_total[2] + lines.iter().map(|f| f.amount).sum::<Decimal>(),
                sub_total,
                funding: lines,
            }
        })
        .collect()
}
