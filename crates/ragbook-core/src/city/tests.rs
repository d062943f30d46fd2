//! The city view against the reference's invented example (Eastbridge, Quarter 1 2021-22): the
//! counts table, the status table, the 84% headline, the lists and the project sentence, each
//! worked out from items; and risks' scores, movements and heat maps.

use super::project::{Criteria, ProjectRecord, ProjectUpdate, Stage};
use super::register::{RiskRecord, RiskUpdate};
use super::view::{CityItem, view};
use crate::dataset::{Dataset, DeliverableRecord, DeliverableUpdate, PlanHeader, PriorityRecord};
use crate::period::{FinancialQuarter, FinancialYear};
use crate::plan::{ItemId, Organisation};
use crate::rules::Rulebook;
use crate::settings::Settings;

fn id(text: &str) -> ItemId {
    ItemId::new(text).unwrap()
}

fn q(text: &str) -> FinancialQuarter {
    text.parse().unwrap()
}

const SETTINGS: &str = r#"
levels = [{ singular = "Theme", plural = "Themes" }, { singular = "Priority", plural = "Priorities" }]
[ratings]
measures = "city"
deliverables = "milestones"
[rollup.deliverables]
rule = "majority"
[rollup.measures]
rule = "majority"
"#;

/// Eastbridge at the end of June 2021: three themes of one priority each, their milestones by
/// status (Completed, On track, Some slippage, Major slippage, N/A), and Thriving city's nine
/// projects by the number of criteria outside tolerance.
fn eastbridge() -> Dataset {
    let themes = [
        ("T1", "Thriving city", [1, 10, 1, 0, 0]),
        ("T2", "Healthy communities", [0, 12, 2, 2, 0]),
        ("T3", "Modern council", [2, 13, 2, 0, 1]),
    ];
    let statuses = [
        "completed",
        "on_track",
        "some_slippage",
        "major_slippage",
        "n_a",
    ];
    let quarter = q("2021-22-Q1");
    let mut data = Dataset {
        organisation: Some(Organisation {
            id: "eastbridge".into(),
            name: "Eastbridge City Council".into(),
        }),
        plans: vec![PlanHeader {
            id: id("plan"),
            title: "City Plan 2021-22".into(),
            first_year: FinancialYear::starting(2021),
            last_year: FinancialYear::starting(2021),
        }],
        ..Dataset::default()
    };
    let mut n = 0;
    for (theme, title, counts) in themes {
        data.priorities
            .push(PriorityRecord::new(id(theme), title.into()));
        let mut priority =
            PriorityRecord::new(id(&format!("{theme}P")), format!("{title} priority"));
        priority.parent = Some(id(theme));
        data.priorities.push(priority);
        for (status, count) in statuses.iter().zip(counts) {
            for _ in 0..count {
                n += 1;
                let milestone = id(&format!("M{n}"));
                data.deliverables.push(DeliverableRecord::new(
                    milestone.clone(),
                    format!("Milestone {n} ({status})"),
                    vec![id(&format!("{theme}P"))],
                ));
                let mut update = DeliverableUpdate::new(milestone, quarter);
                update.rating = Some((*status).to_owned());
                data.deliverable_updates.push(update);
            }
        }
    }
    // Green 4, Amber / Green 2, Amber / Red 2, Red 1.
    for (k, outside) in [0, 0, 1, 2, 0, 4, 1, 3, 0].into_iter().enumerate() {
        let project = id(&format!("PP{k}"));
        data.projects.push(ProjectRecord::new(
            project.clone(),
            format!("Project {k}"),
            vec![id("T1P")],
        ));
        let mut update = ProjectUpdate::new(project, quarter, Stage::Active);
        update.set_criteria(Criteria {
            time: outside < 1,
            cost: outside < 2,
            scope: outside < 3,
            benefits: outside < 4,
        });
        data.project_updates.push(update);
    }
    data
}

fn rulebook() -> (Settings, Rulebook) {
    let settings = Settings::from_toml(SETTINGS).unwrap();
    let book = Rulebook::new(&settings).unwrap();
    (settings, book)
}

#[test]
fn the_front_section_is_worked_out_from_the_items() {
    let (settings, book) = rulebook();
    let data = eastbridge();
    let city = view(&data, book.rules(), &settings.risks, q("2021-22-Q1"));
    let milestones: Vec<usize> = city.themes.iter().map(|t| t.counts.milestones).collect();
    assert_eq!(milestones, [12, 16, 18], "the counts table, N/A included");
    assert_eq!(city.counts.milestones, 46);
    assert_eq!(city.counts.projects, 9);
    let statuses: Vec<[usize; 4]> = city
        .themes
        .iter()
        .map(|t| {
            let m = t.milestones;
            [m.completed, m.on_track, m.some_slippage, m.major_slippage]
        })
        .collect();
    assert_eq!(statuses, [[1, 10, 1, 0], [0, 12, 2, 2], [2, 13, 2, 0]]);
    assert_eq!(city.milestones.not_assessed, 1);
    assert_eq!(
        city.headline.as_deref(),
        Some(
            "At the end of June 2021, 84% of our priority actions were assessed as either 'on track' or had been 'completed'."
        )
    );
    // Every milestone completed this quarter (none was completed before), in table order.
    assert_eq!(city.achievements.len(), 3);
    // Major slippage first, then Some slippage, each in table order.
    let development: Vec<String> = city
        .development
        .iter()
        .map(|item| match item {
            CityItem::Milestone(i) => city.rated.deliverables[*i].deliverable.title.clone(),
            other => panic!("{other:?} is not a milestone"),
        })
        .collect();
    assert_eq!(development.len(), 7);
    assert!(
        development[..2]
            .iter()
            .all(|t| t.contains("major_slippage"))
    );
    assert!(development[2..].iter().all(|t| t.contains("some_slippage")));
    let thriving = &city.themes[0].project_sentence;
    assert_eq!(
        thriving.lead,
        "Of the nine priority projects within the theme of 'Thriving city', three were assessed as either 'red' or 'amber / red':"
    );
    assert_eq!(
        thriving.named,
        ["Project 3", "Project 5 ('red')", "Project 7"]
    );
    assert!(
        city.themes[1]
            .project_sentence
            .lead
            .contains("no priority projects"),
        "{}",
        city.themes[1].project_sentence.lead
    );
}

#[test]
fn a_milestone_completed_last_quarter_is_not_an_achievement_again() {
    let (settings, book) = rulebook();
    let mut data = eastbridge();
    let mut before = DeliverableUpdate::new(id("M1"), q("2020-21-Q4"));
    before.rating = Some("completed".into());
    data.deliverable_updates.push(before);
    data.sort_period_data();
    let city = view(&data, book.rules(), &settings.risks, q("2021-22-Q1"));
    assert_eq!(
        city.achievements.len(),
        2,
        "M1 was completed by the end of March"
    );
}

#[test]
fn risks_are_scored_moved_and_mapped_from_their_levels() {
    let (settings, book) = rulebook();
    let mut data = eastbridge();
    let assess = |risk: &str, quarter: &str, levels: [Option<u8>; 4]| {
        let mut u = RiskUpdate::new(id(risk), q(quarter));
        [
            u.likelihood,
            u.impact,
            u.opportunity_likelihood,
            u.opportunity_impact,
        ] = levels;
        u
    };
    data.risks = vec![
        RiskRecord::new(id("SR31"), "Loss of retail income".into(), vec![id("T1P")]),
        RiskRecord::new(id("SR40"), "Visitor economy".into(), vec![id("T1P")]),
    ];
    data.risk_updates = vec![
        assess("SR31", "2020-21-Q4", [Some(3), Some(4), None, None]),
        assess("SR31", "2021-22-Q1", [Some(2), Some(4), None, None]),
        assess("SR40", "2021-22-Q1", [Some(2), Some(2), Some(3), Some(2)]),
    ];
    let city = view(&data, book.rules(), &settings.risks, q("2021-22-Q1"));
    let sr31 = &city.risks[0];
    assert_eq!(sr31.position(), ["Risk score of 8"]);
    assert_eq!(
        sr31.movement,
        ["Reduced from 12 at the end of March 2021 to 8: likelihood 3 to 2, impact 4."]
    );
    let sr40 = &city.risks[1];
    assert_eq!(
        sr40.position(),
        ["Risk score of 4", "Opportunity score of 6"]
    );
    assert!(sr40.movement.is_empty(), "no score was held for March");
    assert_eq!(city.threats.cells[1][3], 1, "likelihood 2, impact 4");
    assert_eq!(city.threats.cells[1][1], 1, "likelihood 2, impact 2");
    assert_eq!(city.threats.total(), 2);
    assert_eq!(city.opportunities.cells[2][1], 1);
    assert_eq!(city.counts.risks, 2);
}
