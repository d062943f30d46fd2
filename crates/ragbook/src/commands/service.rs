//! `ragbook report --kind service-plan`: departmental service plans, one department's or every
//! department's as one volume with the cover report to Cabinet.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use ragbook_core::period::FinancialYear;
use ragbook_report::service_plan::build_service_plans;
use ragbook_report::{service_plan_html, service_plan_pdf};

use crate::cli::{DatabaseArgs, ReportFormat};
use crate::session;

/// A department's name as a file name's part: "Children's Services" is childrens-services.
fn slug(text: &str) -> String {
    let words: Vec<String> = text
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '\'')
        .map(|w| w.replace('\'', "").to_lowercase())
        .filter(|w| !w.is_empty())
        .collect();
    words.join("-")
}

pub fn report(
    department: Option<&str>,
    year: Option<&str>,
    format: Option<ReportFormat>,
    out: &Path,
    database: &DatabaseArgs,
) -> anyhow::Result<ExitCode> {
    let year: Option<FinancialYear> = year
        .map(|y| {
            y.parse()
                .with_context(|| format!("--year {y:?}: expected a financial year such as 2026-27"))
        })
        .transpose()?;
    let held = session::block_on(async {
        let store = session::open(database).await?;
        let held = store.load().await?;
        store.close().await;
        Ok::<_, anyhow::Error>(held)
    })?;
    let formats = match format {
        Some(format) => vec![format],
        None => vec![ReportFormat::Html, ReportFormat::Pdf],
    };
    let spinner = session::spinner("Making the service plans");
    let written = write(&held, department, year, &formats, out);
    spinner.finish_and_clear();
    for path in written? {
        eprintln!("Wrote {}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes the service plans (`department`'s, or every department's as a volume) for `year`
/// (default: each plan's update year) into `out`; returns their paths.
pub fn write(
    held: &ragbook_store::Held,
    department: Option<&str>,
    year: Option<FinancialYear>,
    formats: &[ReportFormat],
    out: &Path,
) -> anyhow::Result<Vec<std::path::PathBuf>> {
    let volume = build_service_plans(&held.dataset, &held.settings, department, year)?;
    std::fs::create_dir_all(out)
        .with_context(|| format!("could not make the folder {}", out.display()))?;
    let organisation = held
        .dataset
        .organisation
        .as_ref()
        .map_or("council", |o| o.id.as_str());
    let year_label = year.map_or_else(
        || {
            volume
                .title
                .rsplit(' ')
                .next()
                .unwrap_or_default()
                .to_owned()
        },
        |y| y.to_string(),
    );
    let stem = match department {
        Some(d) => format!("{organisation}-service-plan-{}-{year_label}", slug(d)),
        None => format!("{organisation}-service-plans-{year_label}"),
    };
    let mut written = Vec::new();
    for format in formats {
        let (path, bytes) = match format {
            ReportFormat::Html => (
                out.join(format!("{stem}.html")),
                service_plan_html(&volume)?.into_bytes(),
            ),
            ReportFormat::Pdf => (out.join(format!("{stem}.pdf")), service_plan_pdf(&volume)?),
        };
        super::report::write_file(&path, &bytes)?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_department_is_named_plainly_in_a_file_name() {
        assert_eq!(super::slug("Children's Services"), "childrens-services");
        assert_eq!(super::slug("Place"), "place");
    }
}
