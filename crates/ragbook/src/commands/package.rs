//! `ragbook template`, `import` and `export`: the data package in and out.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use ragbook_core::dataset::{Diff, Lifetime, RecordChange};
use ragbook_core::period::FinancialQuarter;
use ragbook_core::settings::Settings;
use ragbook_io::package::read_package;
use ragbook_io::package::write::{write_csv_folder, write_json, write_template, write_workbook};
use ragbook_store::{Store, StoreError};

use crate::cli::{DatabaseArgs, ExportFormat, WhoArgs};
use crate::session;

/// settings.toml with every section written out and explained (the demo's).
pub const SETTINGS_TEMPLATE: &str = include_str!("../../../../demo/settings.toml");

pub fn template(out: &Path, settings: Option<&Path>) -> anyhow::Result<ExitCode> {
    if out
        .extension()
        .is_none_or(|e| !e.eq_ignore_ascii_case("xlsx"))
    {
        anyhow::bail!("the template is an Excel workbook: give a file name ending .xlsx");
    }
    let text = match settings {
        Some(path) => std::fs::read_to_string(path)
            .with_context(|| format!("could not read the settings file {}", path.display()))?,
        None => SETTINGS_TEMPLATE.to_owned(),
    };
    let parsed = Settings::from_toml(&text).with_context(|| match settings {
        Some(path) => format!("{} cannot be used", path.display()),
        None => "the shipped settings template cannot be used".to_owned(),
    })?;
    write_template(out, &text, parsed.report.text)?;
    eprintln!(
        "Wrote {}: a blank data package. Its 'Read me' sheet explains every column.",
        out.display()
    );
    eprintln!(
        "Fill it in, then load it with: ragbook import {}",
        out.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// A plan added or changed, in words: what comes with a new plan is easy to miss in counts.
fn plan_lines(changes: &[RecordChange<ragbook_core::dataset::PlanHeader>]) -> Vec<String> {
    let years =
        |p: &ragbook_core::dataset::PlanHeader| format!("{} to {}", p.first_year, p.last_year);
    changes
        .iter()
        .map(|change| match change {
            RecordChange::Insert(plan) => format!(
                "  plan: 1 new: {} ({}, {}); quarters in those years are reported against it",
                plan.title,
                plan.id,
                years(plan)
            ),
            RecordChange::Update { old, new } => format!(
                "  plan: 1 changed: {} ({}) is now {} ({})",
                old.title,
                years(old),
                new.title,
                years(new)
            ),
        })
        .collect()
}

/// What starts and what ends: the items a package adds with a start, and those it ends.
fn life_lines(diff: &Diff) -> Vec<String> {
    fn of<T: Lifetime + ragbook_core::dataset::Keyed>(
        changes: &[RecordChange<T>],
        starting: &mut Vec<String>,
        ending: &mut Vec<String>,
    ) {
        for change in changes {
            let (old, new) = (change.old(), change.current());
            if let Some(starts) = new.starts()
                && old.and_then(Lifetime::starts) != Some(starts)
            {
                starting.push(format!("{} (from {})", new.id(), starts.long_label()));
            }
            if let Some(ends) = new.ends()
                && old.and_then(Lifetime::ends) != Some(ends)
            {
                ending.push(format!("{} (after {})", new.id(), ends.long_label()));
            }
        }
    }
    let (mut starting, mut ending) = (Vec::new(), Vec::new());
    of(&diff.priorities, &mut starting, &mut ending);
    of(&diff.deliverables, &mut starting, &mut ending);
    of(&diff.measures, &mut starting, &mut ending);
    let mut lines = Vec::new();
    if !starting.is_empty() {
        lines.push(format!("  starting: {}", listed(&starting)));
    }
    if !ending.is_empty() {
        lines.push(format!(
            "  ending: {} (kept with their history, and no longer reported after)",
            listed(&ending)
        ));
    }
    lines
}

/// Most items named on one line of an import summary; the rest are counted.
const LISTED: usize = 20;

/// `items` joined, the first [`LISTED`] of them and "and N more" for the rest.
fn listed(items: &[String]) -> String {
    let shown = items[..items.len().min(LISTED)].join(", ");
    match items.len().saturating_sub(LISTED) {
        0 => shown,
        more => format!("{shown} and {more} more"),
    }
}

/// "40 deliverables (40 new)": one table's line of an import summary.
fn summary_line<T>(name: &str, changes: &[RecordChange<T>]) -> Option<String> {
    if changes.is_empty() {
        return None;
    }
    let new = changes
        .iter()
        .filter(|c| matches!(c, RecordChange::Insert(_)))
        .count();
    Some(counts_line(name, new, changes.len() - new))
}

/// "  revenue: 3 new, 1 changed".
fn counts_line(name: &str, new: usize, changed: usize) -> String {
    let parts: Vec<String> = [(new, "new"), (changed, "changed")]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, word)| format!("{n} {word}"))
        .collect();
    format!("  {name}: {}", parts.join(", "))
}

pub fn summary(diff: &Diff) -> Vec<String> {
    let mut lines = Vec::new();
    if diff.organisation.is_some() {
        lines.push("  organisation".to_owned());
    }
    lines.extend(plan_lines(&diff.plans));
    lines.extend(life_lines(diff));
    lines.extend(summary_line("priorities", &diff.priorities));
    lines.extend(summary_line("priority renames", &diff.priority_renames));
    lines.extend(summary_line("deliverables", &diff.deliverables));
    lines.extend(summary_line(
        "deliverable updates",
        &diff.deliverable_updates,
    ));
    lines.extend(summary_line("measures", &diff.measures));
    lines.extend(summary_line("measure values", &diff.measure_values));
    lines.extend(summary_line("targets", &diff.targets));
    lines.extend(summary_line("measure commentary", &diff.measure_updates));
    lines.extend(summary_line("benchmarks", &diff.benchmarks));
    lines.extend(summary_line(
        "headline initiatives",
        &diff.headline_initiatives,
    ));
    lines.extend(summary_line(
        "published overall ratings",
        &diff.published_rollups,
    ));
    lines.extend(summary_line("priority projects", &diff.projects));
    lines.extend(summary_line("project updates", &diff.project_updates));
    lines.extend(summary_line("strategic risks", &diff.risks));
    lines.extend(summary_line("risk assessments", &diff.risk_updates));
    lines.extend(summary_line("service plans", &diff.service_plans));
    lines.extend(summary_line("service plan actions", &diff.actions));
    lines.extend(summary_line(
        "service plan budget rows",
        &diff.service_budgets,
    ));
    lines.extend(summary_line("service plan savings", &diff.planned_savings));
    lines.extend(summary_line("departmental risks", &diff.department_risks));
    lines.extend(summary_line(
        "procurement plan contracts",
        &diff.procurements,
    ));
    lines.extend(summary_line("vehicle replacement lines", &diff.vehicles));
    lines.extend(summary_line("service plan targets", &diff.service_targets));
    lines.extend(summary_line("capital schemes", &diff.capital_schemes));
    lines.extend(summary_line("capital funding lines", &diff.capital_funding));
    lines.extend(summary_line(
        "action progress updates",
        &diff.action_updates,
    ));
    for (table, new, changed) in diff.finance.summary() {
        lines.push(counts_line(&table.replace('_', " "), new, changed));
    }
    lines
}

/// Reads, checks and loads a package into `store`; prints what changed. Returns false (after
/// printing why) when nothing was loaded because of problems in the package.
pub async fn load_package(
    store: &Store,
    package: &Path,
    shown: &str,
    settings: Option<&Path>,
    change: ragbook_store::ChangeInfo,
    dry_run: bool,
) -> anyhow::Result<bool> {
    let spinner = session::spinner("Reading what is held");
    let held = store.load().await?;
    spinner.set_message(format!("Checking {shown}"));
    let read = read_package(package, settings, &held.dataset, &held.settings_text);
    spinner.finish_and_clear();
    let package_data = match read {
        Ok(package) => package,
        Err(problems) => {
            eprintln!("{problems}");
            return Ok(false);
        }
    };
    if !package_data.ignored.is_empty() {
        eprintln!(
            "Left alone, as they are not tables: {}.",
            package_data.ignored.join(", ")
        );
    }
    let mut merged = held.dataset;
    let diff = merged.merge(package_data.dataset);
    let settings_changed = package_data.settings != held.settings_text
        || package_data
            .plan_settings
            .iter()
            .any(|(plan, text)| held.plan_settings.get(plan) != Some(text));
    if diff.is_empty() && !settings_changed {
        eprintln!("Nothing to change: {shown} holds nothing that is not already held.");
        return Ok(true);
    }
    if dry_run {
        let (new, changed) = diff.counts();
        eprintln!(
            "{shown} would add {new} records and change {changed}{}:",
            if settings_changed {
                ", and the settings"
            } else {
                ""
            }
        );
        for line in summary(&diff) {
            eprintln!("{line}");
        }
        eprintln!("Nothing was changed (--dry-run). Import it without --dry-run to load it.");
        return Ok(true);
    }
    let (new, changed) = diff.counts();
    let bar = session::progress_bar("Loading", new + changed);
    let shown_bar = bar.clone();
    let progress: ragbook_store::Progress =
        std::sync::Arc::new(move |written| shown_bar.set_position(written as u64));
    let applied = store
        .apply_package(
            &diff,
            settings_changed.then_some(package_data.settings.as_str()),
            &package_data.plan_settings,
            &change,
            Some(progress),
        )
        .await;
    bar.finish_and_clear();
    let applied = match applied {
        Ok(applied) => applied,
        Err(StoreError::NeedsReason(keys)) => {
            eprintln!(
                "Nothing was loaded. These changes restate figures already reported in a locked quarter:"
            );
            for key in keys.iter().take(50) {
                eprintln!("  {key}");
            }
            if keys.len() > 50 {
                eprintln!("  ... and {} more", keys.len() - 50);
            }
            eprintln!("Give the reason with --reason \"...\" to load them as restatements.");
            return Ok(false);
        }
        Err(error) => return Err(error.into()),
    };
    eprintln!(
        "Loaded {shown} as change {} ({} new, {} changed{}):",
        applied.change,
        applied.inserted,
        applied.updated,
        if settings_changed {
            ", settings updated"
        } else {
            ""
        }
    );
    for line in summary(&diff) {
        eprintln!("{line}");
    }
    if !applied.restatements.is_empty() {
        eprintln!(
            "{} restatement(s) of locked quarters recorded with the reason given.",
            applied.restatements.len()
        );
    }
    Ok(true)
}

pub fn import(
    package: &Path,
    settings: Option<&Path>,
    reason: Option<String>,
    database: &DatabaseArgs,
    who: &WhoArgs,
    dry_run: bool,
) -> anyhow::Result<ExitCode> {
    session::block_on(async {
        let store = session::open(database).await?;
        let change = session::change(who, reason, Some(package.display().to_string()));
        let loaded = load_package(
            &store,
            package,
            &package.display().to_string(),
            settings,
            change,
            dry_run,
        )
        .await?;
        store.close().await;
        Ok(if loaded {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        })
    })
}

pub fn export(
    out: &Path,
    format: Option<ExportFormat>,
    as_locked: Option<&str>,
    database: &DatabaseArgs,
) -> anyhow::Result<ExitCode> {
    let format = format.unwrap_or_else(|| {
        match out
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("xlsx") => ExportFormat::Xlsx,
            Some("json") => ExportFormat::Json,
            _ => ExportFormat::Csv,
        }
    });
    let held = session::block_on(async {
        let store = session::open(database).await?;
        let held = match as_locked {
            None => store.load().await?,
            Some(text) => {
                let quarter: FinancialQuarter = text.parse()?;
                let locked = store.locked_quarters().await?;
                store.as_locked(quarter).await?.with_context(|| {
                    format!(
                        "{quarter} is not locked; locked quarters: {}",
                        locked_list(&locked)
                    )
                })?
            }
        };
        store.close().await;
        Ok(held)
    })?;
    match format {
        ExportFormat::Xlsx => {
            write_workbook(out, &held.dataset, &held.settings_text, &held.plan_settings)?
        }
        ExportFormat::Csv => {
            write_csv_folder(out, &held.dataset, &held.settings_text, &held.plan_settings)?
        }
        ExportFormat::Json => {
            write_json(out, &held.dataset, &held.settings_text, &held.plan_settings)?;
        }
    }
    eprintln!(
        "Wrote {}: {} priorities, {} deliverables, {} deliverable updates, {} measures, {} measure values, {} targets{}{}.",
        out.display(),
        held.dataset.priorities.len(),
        held.dataset.deliverables.len(),
        held.dataset.deliverable_updates.len(),
        held.dataset.measures.len(),
        held.dataset.measure_values.len(),
        held.dataset.targets.len(),
        super::history::city_counts([
            held.dataset.projects.len(),
            held.dataset.project_updates.len(),
            held.dataset.risks.len(),
            held.dataset.risk_updates.len(),
        ])
        .map(|c| format!(", {c}"))
        .unwrap_or_default(),
        as_locked
            .map(|q| format!(", as locked for {q}"))
            .unwrap_or_default()
    );
    Ok(ExitCode::SUCCESS)
}

pub fn locked_list(quarters: &[FinancialQuarter]) -> String {
    if quarters.is_empty() {
        "none".into()
    } else {
        quarters
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_list_of_items_names_twenty_and_counts_the_rest() {
        let items: Vec<String> = (1..=9_000).map(|n| format!("M{n}")).collect();
        let line = listed(&items);
        assert!(line.starts_with("M1, M2, "), "{line}");
        assert!(line.ends_with("M20 and 8980 more"), "{line}");
        assert_eq!(listed(&items[..2]), "M1, M2");
    }
}
