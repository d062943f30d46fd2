//! The generated parts of the city report's front section: the milestone status counts and
//! the headline share, and the sentence naming a theme's projects that are red or amber / red.
//! Every number and name comes from the items; nothing is typed.

use rust_decimal::Decimal;

use super::project::{Position, ProjectRag};
use crate::rounding::percentage;

/// A theme's (or the plan's) milestones by status, as set by their leads (the `milestones`
/// vocabulary: completed, on_track, some_slippage, major_slippage, n_a).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MilestoneCounts {
    /// Completed.
    pub completed: usize,
    /// On track.
    pub on_track: usize,
    /// Some slippage ("Minor slippage" in some keys).
    pub some_slippage: usize,
    /// Major slippage.
    pub major_slippage: usize,
    /// N/A: not assessed this quarter, outside the headline's base.
    pub not_assessed: usize,
}

impl MilestoneCounts {
    /// Counts statuses by their vocabulary ids; `None` for a milestone with no status is N/A.
    pub fn tally<'a>(statuses: impl IntoIterator<Item = Option<&'a str>>) -> MilestoneCounts {
        let mut counts = MilestoneCounts::default();
        for status in statuses {
            match status {
                Some("completed") => counts.completed += 1,
                Some("on_track") => counts.on_track += 1,
                Some("some_slippage") => counts.some_slippage += 1,
                Some("major_slippage") => counts.major_slippage += 1,
                _ => counts.not_assessed += 1,
            }
        }
        counts
    }

    /// Every milestone, N/A included (the counts table's cell).
    pub fn total(&self) -> usize {
        self.assessed() + self.not_assessed
    }

    /// The milestones assessed: the headline's base.
    pub fn assessed(&self) -> usize {
        self.completed + self.on_track + self.some_slippage + self.major_slippage
    }

    /// The share completed or on track, of those assessed, in whole per cent by the one
    /// rounding rule (`rounding::percentage`: halves away from zero).
    pub fn headline_percent(&self) -> Option<Decimal> {
        let count = |n: usize| Decimal::from(u64::try_from(n).unwrap_or(u64::MAX));
        percentage(
            count(self.completed + self.on_track),
            count(self.assessed()),
            0,
        )
    }
}

impl std::ops::Add for MilestoneCounts {
    type Output = MilestoneCounts;
    fn add(self, other: MilestoneCounts) -> MilestoneCounts {
        MilestoneCounts {
            completed: self.completed + other.completed,
            on_track: self.on_track + other.on_track,
            some_slippage: self.some_slippage + other.some_slippage,
            major_slippage: self.major_slippage + other.major_slippage,
            not_assessed: self.not_assessed + other.not_assessed,
        }
    }
}

/// The headline: "At the end of June 2021, 84% of our priority actions were assessed as either
/// 'on track' or had been 'completed'."
pub fn headline(as_at: &str, counts: &MilestoneCounts) -> Option<String> {
    let percent = counts.headline_percent()?;
    Some(format!(
        "At the end of {as_at}, {percent}% of our priority actions were assessed as either 'on track' or had been 'completed'."
    ))
}

/// A count in words, as reports write small numbers ("three"); digits from 21.
pub fn number_words(n: usize) -> String {
    const WORDS: [&str; 21] = [
        "no",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
    ];
    WORDS
        .get(n)
        .map_or_else(|| n.to_string(), |w| (*w).to_owned())
}

/// The project sentence of a theme, and the projects it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectSentence {
    /// "Of the nine priority projects within the theme of 'Thriving city', three were assessed
    /// as either 'red' or 'amber / red':".
    pub lead: String,
    /// The projects named, in table order; a red one suffixed " ('red')".
    pub named: Vec<String>,
}

/// The sentence for `theme` from its projects (name, position) in table order. Every project
/// counts, N/A and unrated ones included; those named are exactly the red and amber / red.
pub fn project_sentence(theme: &str, projects: &[(&str, Position)]) -> ProjectSentence {
    let named: Vec<String> = projects
        .iter()
        .filter_map(|(name, position)| match position.rag() {
            Some(ProjectRag::Red) => Some(format!("{name} ('red')")),
            Some(ProjectRag::AmberRed) => Some((*name).to_owned()),
            _ => None,
        })
        .collect();
    let total = projects.len();
    let noun = if total == 1 { "project" } else { "projects" };
    let verb = if named.len() == 1 { "was" } else { "were" };
    let (count, ending) = match named.len() {
        0 => ("none".to_owned(), "."),
        n => (number_words(n), ":"),
    };
    ProjectSentence {
        lead: format!(
            "Of the {} priority {noun} within the theme of '{theme}', {count} {verb} assessed as either 'red' or 'amber / red'{ending}",
            number_words(total),
        ),
        named,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Eastbridge, Quarter 1 (the reference's invented example).
    fn eastbridge() -> [MilestoneCounts; 3] {
        let counts = |completed, on_track, some, major, na| MilestoneCounts {
            completed,
            on_track,
            some_slippage: some,
            major_slippage: major,
            not_assessed: na,
        };
        [
            counts(1, 10, 1, 0, 0),
            counts(0, 12, 2, 2, 0),
            counts(2, 13, 2, 0, 1),
        ]
    }

    #[test]
    fn the_headline_leaves_n_a_out_of_its_base() {
        let [thriving, healthy, modern] = eastbridge();
        assert_eq!(
            [thriving.total(), healthy.total(), modern.total()],
            [12, 16, 18]
        );
        let all = thriving + healthy + modern;
        assert_eq!(all.total(), 46);
        assert_eq!((all.completed, all.on_track, all.assessed()), (3, 35, 45));
        assert_eq!(
            all.headline_percent(),
            Some(Decimal::from(84)),
            "38 / 45 = 84.4%"
        );
        // Were N/A wrongly kept in the base: 38 / 46 = 82.6%.
        let kept = MilestoneCounts {
            not_assessed: 0,
            some_slippage: all.some_slippage + 1,
            ..all
        };
        assert_eq!(kept.headline_percent(), Some(Decimal::from(83)));
        assert_eq!(
            headline("June 2021", &all).unwrap(),
            "At the end of June 2021, 84% of our priority actions were assessed as either 'on track' or had been 'completed'."
        );
    }

    #[test]
    fn a_half_rounds_up_and_nothing_assessed_gives_no_share() {
        let share = |on_track, some_slippage| {
            MilestoneCounts {
                on_track,
                some_slippage,
                ..MilestoneCounts::default()
            }
            .headline_percent()
        };
        assert_eq!(share(1, 7), Some(Decimal::from(13)), "12.5% is 13%");
        assert_eq!(share(7, 1), Some(Decimal::from(88)), "87.5% is 88%");
        assert_eq!(share(1, 2), Some(Decimal::from(33)));
        assert_eq!(share(2, 1), Some(Decimal::from(67)));
        let none = MilestoneCounts::tally([None, Some("n_a")]);
        assert_eq!((none.total(), none.headline_percent()), (2, None));
    }

    #[test]
    fn minor_slippage_is_read_as_some_slippage() {
        let scheme = crate::rating::Scheme::shipped("milestones").unwrap();
        let some = scheme.lookup("Some slippage").unwrap();
        assert_eq!(scheme.lookup("minor slippage"), Some(some));
        assert_eq!(scheme.category(some).label, "Some slippage");
    }

    #[test]
    fn statuses_are_counted_by_their_ids() {
        let counts = MilestoneCounts::tally([
            Some("completed"),
            Some("on_track"),
            Some("on_track"),
            Some("some_slippage"),
            Some("major_slippage"),
            None,
        ]);
        assert_eq!(
            counts,
            MilestoneCounts {
                completed: 1,
                on_track: 2,
                some_slippage: 1,
                major_slippage: 1,
                not_assessed: 1
            }
        );
    }

    #[test]
    fn the_project_sentence_names_exactly_the_red_and_amber_red() {
        let rated = |rag| Position::Rated {
            rag,
            overridden: false,
        };
        let projects = [
            ("Riverside Market", rated(ProjectRag::AmberRed)),
            ("Station Quarter", rated(ProjectRag::Green)),
            ("City Library", rated(ProjectRag::Green)),
            ("Castle Gardens", rated(ProjectRag::Red)),
            ("Bus Interchange", rated(ProjectRag::AmberGreen)),
            ("Market Hall", rated(ProjectRag::Green)),
            ("Canal Path", rated(ProjectRag::AmberRed)),
            ("Arts Centre", rated(ProjectRag::AmberGreen)),
            ("Leisure Centre", rated(ProjectRag::Green)),
        ];
        let sentence = project_sentence("Thriving city", &projects);
        assert_eq!(
            sentence.lead,
            "Of the nine priority projects within the theme of 'Thriving city', three were assessed as either 'red' or 'amber / red':"
        );
        assert_eq!(
            sentence.named,
            ["Riverside Market", "Castle Gardens ('red')", "Canal Path"]
        );
        let none = project_sentence(
            "Modern council",
            &[("Digital front door", Position::NotAssessed("Q2".into()))],
        );
        assert_eq!(
            none.lead,
            "Of the one priority project within the theme of 'Modern council', none were assessed as either 'red' or 'amber / red'."
        );
    }
}
