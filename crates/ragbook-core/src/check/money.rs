//! Amounts of money as finance officers write them in explanations: "£1.234m", "0.088m",
//! "£0.1 million", "88k", "£88,000". Each is read exactly, with how precisely it is written, so
//! that it can be compared with a table's unrounded figures as the writer rounded them.

use rust_decimal::Decimal;

/// An amount quoted in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Quoted {
    /// As written ("£0.088m").
    pub(super) text: String,
    /// In pounds.
    pub(super) pounds: Decimal,
    /// The value of the last written digit, in pounds: a quote stands for any amount that
    /// rounds to it at this precision.
    pub(super) step: Decimal,
    /// Whether the words before it in its sentence call it a total.
    pub(super) as_total: bool,
}

impl Quoted {
    /// Whether `amount` (sign aside: prose says "an underspend of") is this quote, as written.
    pub(super) fn is(&self, amount: Decimal) -> bool {
        let amount = amount.abs();
        let Some(units) = amount.checked_div(self.step) else {
            return false;
        };
        let rounded = crate::rounding::round_half_away(units, 0);
        rounded.checked_mul(self.step) == Some(self.pounds)
    }
}

/// The multiplier a suffix names, and how long the suffix is.
fn suffix(after: &str) -> Option<(Decimal, usize)> {
    let lower = after.to_ascii_lowercase();
    let word_ends = |n: usize| {
        lower[n..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_ascii_alphanumeric())
    };
    for (word, factor) in [("million", 1_000_000), ("m", 1_000_000), ("k", 1_000)] {
        if lower.starts_with(word) && word_ends(word.len()) {
            return Some((Decimal::from(factor), word.len()));
        }
    }
    None
}

/// Every amount of money quoted in `text`: with a £ sign, or with a suffix (m, million, k).
pub(super) fn quoted_amounts(text: &str) -> Vec<Quoted> {
    let mut found = Vec::new();
    let mut index = 0;
    while index < text.len() {
        let rest = &text[index..];
        let pound = rest.starts_with('£');
        let digits_start = index + if pound { '£'.len_utf8() } else { 0 };
        let preceded_by_digit = text[..index]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '.');
        let digits: String = text[digits_start..]
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
            .collect();
        let number = digits.trim_end_matches(['.', ',']);
        if number.is_empty()
            || !number.starts_with(|c: char| c.is_ascii_digit())
            || preceded_by_digit
        {
            index += rest.chars().next().map_or(1, char::len_utf8);
            continue;
        }
        let end = digits_start + number.len();
        let gap = text[end..].len() - text[end..].trim_start_matches(' ').len();
        let after = &text[end + gap..];
        let (factor, suffix_len) = match suffix(after) {
            // "3 k" is rare, "3 million" common: a space is allowed before the word only.
            Some((factor, len)) if gap == 0 || len > 1 => (factor, gap + len),
            _ if pound => (Decimal::ONE, 0),
            _ => {
                index = end.max(index + 1);
                continue;
            }
        };
        if let Ok(value) = number.replace(',', "").parse::<Decimal>() {
            let step = Decimal::new(1, value.scale()) * factor;
            // A sentence ends at ". " (a decimal point has no space after it), ";" or a line.
            let before = &text[..index];
            let sentence_start = [before.rfind(". "), before.rfind(';'), before.rfind('\n')]
                .into_iter()
                .flatten()
                .max()
                .map_or(0, |i| i + 1);
            found.push(Quoted {
                text: text[index..end + suffix_len].to_owned(),
                pounds: value * factor,
                step,
                as_total: text[sentence_start..index]
                    .to_ascii_lowercase()
                    .contains("total"),
            });
        }
        index = end + suffix_len;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    #[test]
    fn amounts_are_read_as_officers_write_them() {
        let quoted = quoted_amounts(
            "An overspend of £1.234m (0.088m on agency staff, £0.1 million on fuel, 88k on \
             repairs and £88,000 on hire); 2024 and 12% are not money.",
        );
        let pounds: Vec<Decimal> = quoted.iter().map(|q| q.pounds).collect();
        assert_eq!(
            pounds,
            vec![
                d("1234000"),
                d("88000"),
                d("100000"),
                d("88000"),
                d("88000")
            ]
        );
        assert_eq!(quoted[2].text, "£0.1 million");
        assert_eq!(quoted[2].step, d("100000"));
        assert_eq!(quoted[4].step, Decimal::ONE);
    }

    #[test]
    fn a_quote_stands_for_what_rounds_to_it() {
        let q = &quoted_amounts("£0.1 million")[0];
        assert!(q.is(d("88000")));
        assert!(q.is(d("-149999.99")));
        assert!(!q.is(d("150000")));
        let exact = &quoted_amounts("£88,000")[0];
        assert!(exact.is(d("88000")));
        assert!(exact.is(d("88000.4")));
        assert!(!exact.is(d("88000.5")));
    }

    #[test]
    fn a_total_is_named_in_its_sentence() {
        let quoted = quoted_amounts("Agency staff cost £0.3m. The total overspend is £1.2m.");
        assert!(!quoted[0].as_total);
        assert!(quoted[1].as_total);
    }
}
