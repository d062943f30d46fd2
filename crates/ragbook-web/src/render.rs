//! Pages from templates: one layout in the GOV.UK Design System's patterns (skip link, header,
//! navigation, breadcrumbs, main, footer), every value escaped by the template engine. Only SVG
//! charts drawn by ragbook-report are inserted as they are.

use std::sync::{Arc, LazyLock};

use axum::response::Html;
use minijinja::value::Serde;
use minijinja::{Environment, Value, context};
use serde::Serialize;

use crate::data::Quarterly;
use crate::error::WebError;

const TEMPLATES: &[(&str, &str)] = &[
    ("layout.html", include_str!("../templates/layout.html")),
    ("macros.html", include_str!("../templates/macros.html")),
    ("error.html", include_str!("../templates/error.html")),
    ("login.html", include_str!("../templates/login.html")),
    ("overview.html", include_str!("../templates/overview.html")),
    ("priority.html", include_str!("../templates/priority.html")),
    (
        "deliverable.html",
        include_str!("../templates/deliverable.html"),
    ),
    ("measure.html", include_str!("../templates/measure.html")),
    ("project.html", include_str!("../templates/project.html")),
    ("risk.html", include_str!("../templates/risk.html")),
    ("thread.html", include_str!("../templates/thread.html")),
    ("changes.html", include_str!("../templates/changes.html")),
    ("history.html", include_str!("../templates/history.html")),
    ("budget.html", include_str!("../templates/budget.html")),
    (
        "portfolio.html",
        include_str!("../templates/portfolio.html"),
    ),
    (
        "budget_line.html",
        include_str!("../templates/budget_line.html"),
    ),
    (
        "budget_savings.html",
        include_str!("../templates/budget_savings.html"),
    ),
    (
        "budget_reserve.html",
        include_str!("../templates/budget_reserve.html"),
    ),
    (
        "my_updates.html",
        include_str!("../templates/my_updates.html"),
    ),
    ("update.html", include_str!("../templates/update.html")),
    ("conflict.html", include_str!("../templates/conflict.html")),
    ("review.html", include_str!("../templates/review.html")),
    (
        "published.html",
        include_str!("../templates/published.html"),
    ),
    (
        "publication.html",
        include_str!("../templates/publication.html"),
    ),
    ("users.html", include_str!("../templates/users.html")),
    ("user.html", include_str!("../templates/user.html")),
];

static ENVIRONMENT: LazyLock<Result<Environment<'static>, String>> = LazyLock::new(|| {
    let mut environment = Environment::new();
    environment.add_filter("when", when);
    for (name, source) in TEMPLATES {
        environment
            .add_template(name, source)
            .map_err(|e| format!("template {name}: {e:#}"))?;
    }
    Ok(environment)
});

/// The style sheet: GOV.UK Frontend's, and ragbook's few additions.
pub(crate) const STYLES: &str = concat!(
    include_str!("../assets/govuk-frontend.min.css"),
    include_str!("../assets/ragbook.css")
);

/// Who is signed in, as the layout shows them.
#[derive(Debug, Clone, Serialize, Default)]
pub(crate) struct Frame {
    /// Signed in as (full name), if anyone.
    pub(crate) user: Option<String>,
    /// Their role's label.
    pub(crate) role: Option<String>,
    /// The navigation links they may follow: (href, words).
    pub(crate) nav: Vec<(&'static str, &'static str)>,
    /// The form token of their session.
    pub(crate) csrf: String,
    /// What the last action did, shown once.
    pub(crate) notice: Option<String>,
}

/// A link in the breadcrumbs.
pub(crate) type Crumb = (String, String);

/// Renders `template` with `title`, `crumbs` and the page's own `values`.
pub(crate) fn page(
    template: &str,
    title: &str,
    crumbs: &[Crumb],
    frame: &Frame,
    values: Value,
) -> Result<Html<String>, WebError> {
    let environment = ENVIRONMENT
        .as_ref()
        .map_err(|e| WebError::Internal(e.clone()))?;
    let template = environment
        .get_template(template)
        .map_err(|e| WebError::Internal(format!("{e:#}")))?;
    template
        .render(context! { title => Serde(&title), crumbs => Serde(&crumbs), frame => Serde(&frame), ..values })
        .map(Html)
        .map_err(|e| WebError::Internal(format!("{e:#}")))
}

/// Renders `template` as [`page`] does, but its main content (the `content` block) only once
/// per change of the quarter's data: later requests lay the frame (who is signed in, their
/// form token, a notice) around the content already rendered. `key` must name everything the
/// content shows beyond the quarter's data: the item, and what the person may do with it.
/// `section` is the navigation entry the page belongs to.
pub(crate) fn cached_page(
    q: &Quarterly,
    key: String,
    (template, section): (&str, &str),
    (title, crumbs): (&str, &[Crumb]),
    frame: &Frame,
    values: impl FnOnce() -> Value,
) -> Result<Html<String>, WebError> {
    let environment = ENVIRONMENT
        .as_ref()
        .map_err(|e| WebError::Internal(e.clone()))?;
    let failed = |e: minijinja::Error| WebError::Internal(format!("{e:#}"));
    let content = q
        .pages
        .lock()
        .ok()
        .and_then(|pages| pages.get(&key).cloned());
    if let Some(content) = content {
        return environment
            .get_template("layout.html")
            .and_then(|layout| {
                layout.render(context! {
                    title => Serde(&title), crumbs => Serde(&crumbs), frame => Serde(&frame),
                    section => Serde(&section), cached_content => Value::from_safe_string(content.to_string()),
                })
            })
            .map(Html)
            .map_err(failed);
    }
    let template = environment.get_template(template).map_err(failed)?;
    let mut rendered = template
        .render_captured(context! { title => Serde(&title), crumbs => Serde(&crumbs), frame => Serde(&frame), section => Serde(&section), ..values() })
        .map_err(failed)?;
    let content = rendered
        .with_state_mut(|state| state.render_block("content"))
        .map_err(failed)?;
    if let Ok(mut pages) = q.pages.lock() {
        pages.insert(key, Arc::from(content));
    }
    Ok(Html(rendered.into_output()))
}

/// A form page's answer: 200, or 422 when it shows errors.
pub(crate) fn form_page(html: Html<String>, errors: usize) -> axum::response::Response {
    use axum::response::IntoResponse;
    let status = if errors == 0 {
        axum::http::StatusCode::OK
    } else {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    };
    (status, html).into_response()
}

/// The error page, with the header of whoever is signed in (`frame`).
pub(crate) fn error_page(
    title: &str,
    message: &str,
    frame: &Frame,
) -> Result<Html<String>, WebError> {
    page(
        "error.html",
        title,
        &[],
        frame,
        context! { message => Serde(&message) },
    )
}

/// An ISO 8601 UTC timestamp as people write it: `2026-11-22T21:05:09Z` → "22 Nov 2026, 21:05
/// UTC". Anything else is shown as it is.
pub(crate) fn when(timestamp: &str) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let parts = (
        timestamp.get(0..4),
        timestamp.get(5..7).and_then(|m| m.parse::<usize>().ok()),
        timestamp.get(8..10).and_then(|d| d.parse::<u8>().ok()),
        timestamp.get(11..16),
    );
    match parts {
        (Some(year), Some(month @ 1..=12), Some(day), Some(time)) if timestamp.len() == 20 => {
            format!("{day} {} {year}, {time} UTC", MONTHS[month - 1])
        }
        _ => timestamp.to_owned(),
    }
}

/// `text` made safe inside a URL's path segment or query value.
pub(crate) fn url_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::when;

    #[test]
    fn timestamps_are_shown_as_people_write_them() {
        assert_eq!(when("2026-11-22T21:05:09Z"), "22 Nov 2026, 21:05 UTC");
        assert_eq!(when("2026-01-02T09:00:00Z"), "2 Jan 2026, 09:00 UTC");
        assert_eq!(when("not a time"), "not a time");
    }
}
