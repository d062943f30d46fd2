//! The rate job on whole tables: pass-through columns, added columns, every problem at once.

use ragbook_core::rating::{MeasureScheme, Scheme};
use ragbook_io::rate::{rate_csv, rate_table};
use ragbook_io::table::Table;

/// Rates as `ragbook rate` does, row by row from the CSV's bytes.
fn rate(csv: &str) -> Result<String, String> {
    let scheme = Scheme::shipped("county").unwrap();
    let mut out = Vec::new();
    rate_csv(
        csv.as_bytes(),
        "in.csv",
        MeasureScheme::new(&scheme).unwrap(),
        &mut out,
    )
    .map_err(|e| e.to_string())?;
    Ok(String::from_utf8(out).unwrap())
}

#[test]
fn rating_row_by_row_gives_what_rating_the_whole_table_gives() {
    let scheme = Scheme::shipped("county").unwrap();
    let rules = MeasureScheme::new(&scheme).unwrap();
    let sample = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../samples/derbyshire-q2-2023-24/key-measures.csv"),
    )
    .unwrap();
    let table = Table::read_csv(sample.as_bytes(), "in.csv").unwrap();
    let whole = rate_table(&table, rules).unwrap();
    let mut expected = csv::Writer::from_writer(Vec::new());
    expected.write_record(&whole.headers).unwrap();
    for row in &whole.rows {
        expected.write_record(row).unwrap();
    }
    let mut streamed = Vec::new();
    let tally = rate_csv(sample.as_bytes(), "in.csv", rules, &mut streamed).unwrap();
    assert_eq!(
        String::from_utf8(streamed).unwrap(),
        String::from_utf8(expected.into_inner().unwrap()).unwrap()
    );
    assert_eq!(tally, whole.tally);
    assert_eq!(tally.total(), 38);
}

#[test]
fn a_problem_in_reading_comes_before_any_rating() {
    let error = rate(
        "measure,actual,target,unit,polarity,method,Measure\nA,1,1,count,higher,threshold,x\n",
    )
    .unwrap_err();
    assert!(
        error.contains("this heading appears more than once"),
        "{error}"
    );
    assert!(rate("").unwrap_err().contains("the table is empty"));
    let error = rate(
        "measure,actual,target,unit,polarity,method\nA,1,1,count,higher,threshold,9\nB,x,1,count,higher,threshold\n",
    )
    .unwrap_err();
    // The badly formed row is reported; the bad figure below it is not rated at all.
    assert!(!error.contains("row 3"), "{error}");
    assert!(
        error.contains("row 2: the row has 7 cells but there are only 6 headings"),
        "{error}"
    );
}

#[test]
fn other_columns_pass_through_and_existing_result_columns_are_refilled() {
    let out = rate("Measure,Owner,Actual,Target,Unit,Polarity,Method,Rating\nSickness,HR,4.7%,5.1%,percent,lower,threshold,old\n").unwrap();
    assert_eq!(
        out,
        "Measure,Owner,Actual,Target,Unit,Polarity,Method,Rating,deviation_pct,explanation\n\
         Sickness,HR,4.7%,5.1%,percent,lower,threshold,Strong,7.8,\"4.7% is 7.8% better than the target of 5.1% (lower is better): more than 5% better, so Strong\"\n"
    );
}

#[test]
fn ranges_bounds_and_statuses_are_understood() {
    let out = rate(
        "measure,actual,target,unit,polarity,method\n\
         Caseload,25,15-21,count,higher,threshold\n\
         Vacancies,1.9%,2% or less,percent,higher,threshold\n\
         Roads,Data due in Q3,13.0%,percent,lower,threshold\n\
         Reoffending,,Monitor,percent,lower,threshold\n",
    )
    .unwrap();
    let ratings: Vec<&str> = out
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(6).unwrap())
        .collect();
    // 25 is above a 15-21 range: measured from 21, lower is better, 19% worse.
    // 1.9% against '2% or less' is 5% better (the bound makes lower better).
    assert_eq!(ratings, ["Action", "Good", "No data", "No data"]);
}

#[test]
fn every_bad_cell_is_reported_with_its_row_and_column() {
    let error = rate(
        "measure,actual,target,unit,polarity,method\n\
         ,5,4,count,higher,threshold\n\
         B,4,7,kilos,higher,threshold\n\
         C,50% target,40%,percent,higher,threshold\n\
         D,5,4,count,none,threshold\n\
         E,5,lots,count,higher,manual\n",
    )
    .unwrap_err();
    for expected in [
        "6 problems found; nothing was written",
        "in.csv, row 2, column 'measure': expected the measure's name, found a blank",
        "in.csv, row 3, column 'unit': expected a unit (count, percent, money, money_m",
        "in.csv, row 4, column 'actual': expected a figure such as 1,506, 4.7% or £2,921,500, or a status such as 'Data due in Q3', found \"50% target\"",
        "in.csv, row 5, column 'polarity': expected higher or lower",
        "in.csv, row 6, column 'method': expected threshold or comparator",
        "in.csv, row 6, column 'target': expected a target",
    ] {
        assert!(
            error.contains(expected),
            "missing {expected:?} in:\n{error}"
        );
    }
}

#[test]
fn a_file_without_the_required_columns_is_refused() {
    let error = rate("measure,value\nA,1\n").unwrap_err();
    assert!(
        error.contains("missing columns actual, target, unit, polarity, method"),
        "{error}"
    );
}
