//! The priorities a row may serve, named by id or by name. Plans written in Word name council
//! priorities in words, and the words drift ("Good value/Excellent services", a title from
//! before the Council Plan refresh): a name is read when it is a priority's title or short
//! title, or one it had or has by a rename, and refused otherwise, naming the cell.

use std::collections::{HashMap, HashSet};

use ragbook_core::plan::ItemId;

use super::{Cells, Parser};

/// The bottom level of the merged hierarchy, to which items belong, and every name each goes by.
pub(super) struct BottomPriorities {
    ids: HashSet<ItemId>,
    names: HashMap<String, Vec<ItemId>>,
}

/// A name as compared: case, punctuation, "&" for "and" and spacing do not matter.
fn name_key(name: &str) -> String {
    name.to_lowercase()
        .replace('&', " and ")
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

impl Parser<'_> {
    /// The bottom-level priorities held or in the package, with their names and renames.
    pub(super) fn bottom_priorities(&self) -> BottomPriorities {
        let bottom = self.context.settings.levels.len().saturating_sub(1);
        let ids: HashSet<ItemId> = self
            .levels()
            .into_iter()
            .filter(|(_, level)| level.as_ref().is_ok_and(|l| *l == bottom))
            .map(|(id, _)| id)
            .collect();
        let (held, package) = (&self.context.existing, &self.dataset);
        let titles = held
            .priorities
            .iter()
            .chain(&package.priorities)
            .flat_map(|p| [Some(&p.title), p.short_title.as_ref()].map(|name| (&p.id, name)));
        let renames = held
            .priority_renames
            .iter()
            .chain(&package.priority_renames)
            .flat_map(|r| [Some(&r.title), r.short_title.as_ref()].map(|name| (&r.priority, name)));
        let mut names: HashMap<String, Vec<ItemId>> = HashMap::new();
        for (id, name) in titles.chain(renames) {
            if let Some(name) = name
                && ids.contains(id)
            {
                let known = names.entry(name_key(name)).or_default();
                if !known.contains(id) {
                    known.push(id.clone());
                }
            }
        }
        BottomPriorities { ids, names }
    }

    /// A `;`-separated list of bottom-level priorities, by id or by name.
    pub(super) fn priority_list(
        &self,
        cells: &mut Cells<'_>,
        column: &str,
        bottom: &BottomPriorities,
        required: bool,
    ) -> Option<Vec<ItemId>> {
        let text = cells.text(column);
        if text.is_empty() {
            if required {
                cells.fail(column, "this column must be filled in: the priority (or priorities, separated by ';') it serves".into());
                return None;
            }
            return Some(Vec::new());
        }
        let level = self
            .context
            .settings
            .levels
            .last()
            .map_or("priority", |l| l.singular.as_str())
            .to_lowercase();
        let mut ids = Vec::new();
        for part in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
            if let Ok(id) = ItemId::new(part)
                && bottom.ids.contains(&id)
            {
                ids.push(id);
                continue;
            }
            match bottom.names.get(&name_key(part)).map(Vec::as_slice) {
                Some([id]) => ids.push(id.clone()),
                Some(several) => cells.fail(
                    column,
                    format!(
                        "{part:?} is the name of more than one {level} ({}): give the id",
                        several.iter().map(ItemId::as_str).collect::<Vec<_>>().join(", ")
                    ),
                ),
                None => cells.fail(
                    column,
                    format!(
                        "{part:?} is not the id, title or former title of a {level} of the plan (see the priorities and priority_renames tables)"
                    ),
                ),
            }
        }
        Some(ids)
    }
}

#[cfg(test)]
mod tests {
    use super::name_key;

    #[test]
    fn names_compare_without_case_punctuation_or_ampersands() {
        assert_eq!(
            name_key("Good value / Excellent services"),
            "good value excellent services"
        );
        assert_eq!(name_key("Jobs & skills"), name_key("jobs and  skills"));
        assert_ne!(name_key("Strong communities"), name_key("Safe communities"));
    }
}
