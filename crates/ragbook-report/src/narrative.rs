//! The report's generated sentences. Every number in them is counted from the items, and each
//! has its singular, plural and zero forms right.

use ragbook_core::rating::{RatingId, Scheme};
use ragbook_core::rollup::Tally;
use ragbook_core::rounding::shares_to_100;
use ragbook_core::settings::SummaryStyle;

/// How many items have each rating, as the summary says it: a count, a share of the whole that
/// adds to 100 with the others as printed, or both. `None` stands for the items not rated.
struct Amounts {
    style: SummaryStyle,
    shares: Vec<(Option<RatingId>, u32)>,
}

impl Amounts {
    fn new(style: SummaryStyle, scheme: &Scheme, tally: &Tally, with_unrated: bool) -> Amounts {
        let mut keys: Vec<Option<RatingId>> = scheme.rated().map(Some).collect();
        let mut counts: Vec<u32> = scheme.rated().map(|r| tally.count(r)).collect();
        if with_unrated {
            keys.push(None);
            counts.push(tally.total() - tally.rated(scheme));
        }
        let shares = keys.into_iter().zip(shares_to_100(&counts)).collect();
        Amounts { style, shares }
    }

    /// "33", "73%" or "33 (73%)".
    fn say(&self, rating: Option<RatingId>, n: u32) -> String {
        let share = self
            .shares
            .iter()
            .find(|(r, _)| *r == rating)
            .map_or(0, |(_, s)| *s);
        match self.style {
            SummaryStyle::Counts => n.to_string(),
            SummaryStyle::Percentages => format!("{share}%"),
            SummaryStyle::Both => format!("{n} ({share}%)"),
        }
    }

    /// "has" for one item, else "have" (a share is always "have").
    fn verb(&self, n: u32) -> &'static str {
        if n == 1 && self.style != SummaryStyle::Percentages {
            "has"
        } else {
            "have"
        }
    }
}

/// "1 deliverable", "2 deliverables", with the plural given.
pub fn count(n: u32, singular: &str, plural: &str) -> String {
    format!("{n} {}", if n == 1 { singular } else { plural })
}

/// Joins phrases as a list: "a", "a and b", "a, b and c".
pub fn join(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The rated categories with a count, the most common first, then the rest in the key's order.
fn ordered(scheme: &Scheme, tally: &Tally) -> Vec<(RatingId, u32)> {
    let mut present: Vec<(RatingId, u32)> = scheme
        .rated()
        .map(|r| (r, tally.count(r)))
        .filter(|(_, n)| *n > 0)
        .collect();
    if let Some(most) = present
        .iter()
        .enumerate()
        .max_by_key(|(i, (_, n))| (*n, std::cmp::Reverse(*i)))
        .map(|(i, _)| i)
    {
        let top = present.remove(most);
        present.insert(0, top);
    }
    present
}

/// "Of the 45 deliverables in the Plan, 33 have been rated as 'Good'; 2 have been rated as
/// 'Strong'; 9 have been rated as 'Requiring Review' and 1 as 'Requiring Action'."
pub fn deliverable_summary(
    scheme: &Scheme,
    tally: &Tally,
    noun: (&str, &str),
    style: SummaryStyle,
) -> String {
    let amounts = Amounts::new(style, scheme, tally, true);
    let total = tally.total();
    let intro = format!("Of the {} in the Plan", count(total, noun.0, noun.1));
    let present = ordered(scheme, tally);
    if present.is_empty() {
        return format!("{intro}, none has been rated yet.");
    }
    let phrase = |(rating, n): (RatingId, u32), first: bool| {
        let label = scheme.category(rating).sentence_label();
        let verb = amounts.verb(n);
        let amount = amounts.say(Some(rating), n);
        if first {
            format!("{amount} {verb} been rated as '{label}'")
        } else {
            format!("{amount} as '{label}'")
        }
    };
    let mut parts: Vec<String> = Vec::new();
    for (index, item) in present.iter().enumerate() {
        let last = index + 1 == present.len() && index > 0;
        parts.push(if last {
            phrase(*item, false)
        } else {
            phrase(*item, true)
        });
    }
    let body = match parts.as_slice() {
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join("; ")),
        [] => String::new(),
    };
    let unrated = total - tally.rated(scheme);
    let tail = if unrated > 0 {
        format!(
            " {} {} not been rated this quarter.",
            amounts.say(None, unrated),
            amounts.verb(unrated)
        )
    } else {
        String::new()
    };
    format!("{intro}, {body}.{tail}")
}

/// "Of the 29 key measures with data and targets at this point in the year, 10 have been
/// rated as 'Strong', with a further 9 rated as 'Good'. There is 1 measure which has been rated
/// as 'Requiring Review' and 9 as 'Requiring Action'." `noun` names them in the first sentence,
/// `short` in the second.
pub fn measure_summary(
    scheme: &Scheme,
    tally: &Tally,
    noun: (&str, &str),
    short: (&str, &str),
    style: SummaryStyle,
) -> String {
    let amounts = Amounts::new(style, scheme, tally, false);
    let rated = tally.rated(scheme);
    if rated == 0 {
        return format!(
            "No {} has data and a target at this point in the year.",
            noun.0
        );
    }
    let ratings: Vec<RatingId> = scheme.rated().collect();
    // The better half of the key is said first; the rest is what needs attention.
    let (good, attention) = ratings.split_at(ratings.len().div_ceil(2));
    // (count, as said, label) of each rating with items.
    let nonzero = |list: &[RatingId]| -> Vec<(u32, String, String)> {
        list.iter()
            .filter(|r| tally.count(**r) > 0)
            .map(|r| {
                let n = tally.count(*r);
                (
                    n,
                    amounts.say(Some(*r), n),
                    scheme.category(*r).sentence_label().to_owned(),
                )
            })
            .collect()
    };
    let labels = |list: &[RatingId]| -> Vec<String> {
        list.iter()
            .map(|r| format!("'{}'", scheme.category(*r).sentence_label()))
            .collect()
    };
    let mut sentence = format!(
        "Of the {} with data and targets at this point in the year, ",
        count(rated, noun.0, noun.1)
    );
    match nonzero(good).as_slice() {
        [] => sentence.push_str(&format!(
            "none has been rated as {}.",
            join_or(&labels(good))
        )),
        [(n, a, la)] => {
            sentence.push_str(&format!("{a} {} been rated as '{la}'.", amounts.verb(*n)))
        }
        [(n, a, la), rest @ ..] => {
            let further: Vec<String> = rest
                .iter()
                .map(|(_, a, l)| format!("{a} rated as '{l}'"))
                .collect();
            sentence.push_str(&format!(
                "{a} {} been rated as '{la}', with a further {}.",
                amounts.verb(*n),
                join(&further)
            ));
        }
    }
    match nonzero(attention).as_slice() {
        [] => sentence.push_str(&format!(
            " None has been rated as {}.",
            join_or(&labels(attention))
        )),
        [(n, a, label), rest @ ..] => {
            let first = match (style, *n) {
                (SummaryStyle::Percentages, _) => {
                    format!("{a} have been rated as '{label}'")
                }
                (_, 1) => format!("There is {a} {} which has been rated as '{label}'", short.0),
                _ => format!(
                    "There are {a} {} which have been rated as '{label}'",
                    short.1
                ),
            };
            let rest: Vec<String> = rest
                .iter()
                .map(|(_, a, l)| format!("{a} as '{l}'"))
                .collect();
            if rest.is_empty() {
                sentence.push_str(&format!(" {first}."));
            } else {
                sentence.push_str(&format!(" {first} and {}.", join(&rest)));
            }
        }
    }
    sentence
}

/// "a or b", "a, b or c".
fn join_or(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// "This priority shows overall 'Good' progress for Council Plan deliverables, with 1
/// deliverable rated as 'Strong', 7 deliverables rated as 'Good' and 3 deliverables rated as
/// 'Requiring Review'." and "Overall, the measures for this priority are rated as 'Strong'
/// based on 6 rated measures."
pub fn priority_overview(
    scheme: &Scheme,
    tally: &Tally,
    overall: Option<RatingId>,
    measure_scheme: &Scheme,
    measure_tally: &Tally,
    measure_overall: Option<RatingId>,
    plan_title: &str,
) -> String {
    let parts: Vec<String> = scheme
        .rated()
        .filter(|r| tally.count(*r) > 0)
        .map(|r| {
            format!(
                "{} rated as '{}'",
                count(tally.count(r), "deliverable", "deliverables"),
                scheme.category(r).sentence_label()
            )
        })
        .collect();
    let first = match overall {
        Some(overall) => format!(
            "This priority shows overall '{}' progress for {plan_title} deliverables, with {}.",
            scheme.category(overall).sentence_label(),
            join(&parts)
        ),
        None => "No deliverable of this priority has been rated this quarter.".to_owned(),
    };
    let rated = measure_tally.rated(measure_scheme);
    let second = match measure_overall {
        Some(overall) => format!(
            " Overall, the measures for this priority are rated as '{}' based on {}.",
            measure_scheme.category(overall).sentence_label(),
            count(rated, "rated measure", "rated measures")
        ),
        None => " None of this priority's measures has data and a target this quarter.".to_owned(),
    };
    format!("{first}{second}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tally(scheme: &Scheme, counts: &[(&str, usize)]) -> Tally {
        Tally::of(
            scheme,
            counts
                .iter()
                .flat_map(|(id, n)| std::iter::repeat_n(scheme.find(id).unwrap(), *n)),
        )
    }

    #[test]
    fn sentences_have_their_plurals_and_zeros_right() {
        let deliverables = Scheme::shipped("deliverables").unwrap();
        let noun = ("deliverable", "deliverables");
        assert_eq!(
            deliverable_summary(
                &deliverables,
                &tally(&deliverables, &[("good", 1)]),
                noun,
                SummaryStyle::Counts
            ),
            "Of the 1 deliverable in the Plan, 1 has been rated as 'Good'."
        );
        assert_eq!(
            deliverable_summary(
                &deliverables,
                &tally(
                    &deliverables,
                    &[("good", 3), ("action", 1), ("not_rated", 1)]
                ),
                noun,
                SummaryStyle::Counts
            ),
            "Of the 5 deliverables in the Plan, 3 have been rated as 'Good' and 1 as 'Requiring Action'. 1 has not been rated this quarter."
        );
        assert_eq!(
            deliverable_summary(
                &deliverables,
                &tally(&deliverables, &[]),
                noun,
                SummaryStyle::Counts
            ),
            "Of the 0 deliverables in the Plan, none has been rated yet."
        );
        let county = Scheme::shipped("county").unwrap();
        let (measures, short) = (("key measure", "key measures"), ("measure", "measures"));
        let say = |counts: &[(&str, usize)]| {
            measure_summary(
                &county,
                &tally(&county, counts),
                measures,
                short,
                SummaryStyle::Counts,
            )
        };
        assert_eq!(
            say(&[("strong", 2), ("good", 2)]),
            "Of the 4 key measures with data and targets at this point in the year, 2 have been rated as 'Strong', with a further 2 rated as 'Good'. None has been rated as 'Requiring Review' or 'Requiring Action'."
        );
        assert_eq!(
            say(&[("good", 1), ("action", 2), ("no_target", 3)]),
            "Of the 3 key measures with data and targets at this point in the year, 1 has been rated as 'Good'. There are 2 measures which have been rated as 'Requiring Action'."
        );
        assert_eq!(
            say(&[("review", 1)]),
            "Of the 1 key measure with data and targets at this point in the year, none has been rated as 'Strong' or 'Good'. There is 1 measure which has been rated as 'Requiring Review'."
        );
        assert_eq!(
            say(&[("no_data", 2)]),
            "No key measure has data and a target at this point in the year."
        );
    }

    /// Shares as councils print them: they add to 100 as printed, the unrated included.
    #[test]
    fn summaries_say_counts_shares_or_both() {
        let deliverables = Scheme::shipped("deliverables").unwrap();
        let noun = ("deliverable", "deliverables");
        // The county's Quarter 2: 33 Good, 2 Strong, 9 Review, 1 Action of 45.
        let counts = tally(
            &deliverables,
            &[("good", 33), ("strong", 2), ("review", 9), ("action", 1)],
        );
        let cases = [
            (
                SummaryStyle::Percentages,
                "Of the 45 deliverables in the Plan, 73% have been rated as 'Good'; 5% have been rated as 'Strong'; 20% have been rated as 'Requiring Review' and 2% as 'Requiring Action'.",
            ),
            (
                SummaryStyle::Both,
                "Of the 45 deliverables in the Plan, 33 (73%) have been rated as 'Good'; 2 (5%) have been rated as 'Strong'; 9 (20%) have been rated as 'Requiring Review' and 1 (2%) as 'Requiring Action'.",
            ),
        ];
        for (style, expected) in cases {
            assert_eq!(
                deliverable_summary(&deliverables, &counts, noun, style),
                expected
            );
        }
        // The unrated take their share too: 5 Good and 1 not rated are 83% and 17%.
        assert_eq!(
            deliverable_summary(
                &deliverables,
                &tally(&deliverables, &[("good", 5), ("not_rated", 1)]),
                noun,
                SummaryStyle::Percentages
            ),
            "Of the 6 deliverables in the Plan, 83% have been rated as 'Good'. 17% have not been rated this quarter."
        );
        let county = Scheme::shipped("county").unwrap();
        let say = |style| {
            measure_summary(
                &county,
                &tally(
                    &county,
                    &[("strong", 1), ("good", 1), ("action", 1), ("no_data", 4)],
                ),
                ("key measure", "key measures"),
                ("measure", "measures"),
                style,
            )
        };
        assert_eq!(
            say(SummaryStyle::Percentages),
            "Of the 3 key measures with data and targets at this point in the year, 34% have been rated as 'Strong', with a further 33% rated as 'Good'. 33% have been rated as 'Requiring Action'."
        );
        assert_eq!(
            say(SummaryStyle::Both),
            "Of the 3 key measures with data and targets at this point in the year, 1 (34%) has been rated as 'Strong', with a further 1 (33%) rated as 'Good'. There is 1 (33%) measure which has been rated as 'Requiring Action'."
        );
    }
}
