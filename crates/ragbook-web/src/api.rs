//! The JSON API: published reports for anyone, the plan for staff, and measure figures
//! written by machine feeds with a department's key.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use ragbook_core::access::same_department;
use ragbook_core::city::{ProjectRecord, ProjectUpdate, RiskRecord, RiskUpdate};
use ragbook_core::dataset::{DeliverableRecord, MeasureRecord, PriorityRecord, ValueRecord};
use ragbook_core::period::Period;
use ragbook_core::plan::ItemId;
use ragbook_core::settings::ReportStyle;
use ragbook_store::{ChangeInfo, StoreError};
use serde::{Deserialize, Serialize};

use crate::api_schema;
use crate::auth::{Staff, token_hash};
use crate::error::WebError;
use crate::forms::{figure, text};
use crate::{Shared, Web};

pub(crate) fn routes() -> axum::Router<Shared> {
    Router::new()
        .route("/api/v1/published", get(published))
        .route("/api/v1/published/{quarter}", get(published_report))
        .route("/api/v1/plan", get(plan))
        .route("/api/v1/measures/{id}/values", post(write_value))
        .route("/api/openapi.json", get(openapi))
}

/// The API's OpenAPI document, made from the handlers' own annotations.
#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "ragbook API",
        description = "Read published performance reports (anyone), read the plan (signed-in staff), and send measure figures for the quarter open for updates (machine feeds, with their department's key from `ragbook token add`)."
    ),
    paths(published, published_report, plan, write_value),
    modifiers(&FeedKey),
    tags(
        (name = "published", description = "Published reports: open to everyone."),
        (name = "plan", description = "The plan as held now: staff only."),
        (name = "feeds", description = "Figures from other systems, by department key.")
    )
)]
pub struct ApiDoc;

/// Declares the feed key: `Authorization: Bearer KEY`.
struct FeedKey;

impl utoipa::Modify for FeedKey {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "department_key",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(utoipa::openapi::security::ApiKey::Cookie(
                utoipa::openapi::security::ApiKeyValue::new("ragbook_session"),
            )),
        );
    }
}

async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(<ApiDoc as utoipa::OpenApi>::openapi())
}

/// An API error: `{"error": "..."}` with the status.
struct ApiError(StatusCode, String);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.0, Json(serde_json::json!({ "error": self.1 }))).into_response()
    }
}

impl From<WebError> for ApiError {
    fn from(error: WebError) -> ApiError {
        let status = match &error {
            WebError::SignIn { .. } => StatusCode::UNAUTHORIZED,
            other => other.status(),
        };
        let message = match error {
            WebError::Internal(message) => {
                eprintln!("ragbook serve: internal error: {message}");
                "something went wrong on the server".to_owned()
            }
            other => other.to_string(),
        };
        ApiError(status, message)
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> ApiError {
        WebError::from(error).into()
    }
}

/// A published report.
#[derive(Serialize, utoipa::ToSchema)]
struct PublishedEntry {
    /// The quarter, e.g. 2026-27-Q1.
    quarter: String,
    /// "Quarter 1 2026-27".
    title: String,
    /// When (ISO 8601 UTC).
    published_at: String,
    /// Where the HTML report is.
    html: String,
    /// Where the PDF report is.
    pdf: String,
    /// Where the report to Cabinet is (HTML, then PDF), where one was published.
    cabinet: Option<[String; 2]>,
}

/// Every error from the API, whatever its status (and also for an unknown address under
/// `/api/`, a malformed body or a wrong method): what was wrong, in words.
#[derive(Serialize, utoipa::ToSchema)]
struct ErrorBody {
    /// What was wrong, e.g. "no quarter is open for updates".
    error: String,
}

/// Every published report, latest first.
#[utoipa::path(get, path = "/api/v1/published", tag = "published",
    responses(
        (status = 200, description = "The published reports", body = [PublishedEntry]),
        (status = 500, description = "Something went wrong on the server (the detail is in its log)", body = ErrorBody)))]
async fn published(State(web): State<Shared>) -> Result<Json<Vec<PublishedEntry>>, ApiError> {
    let list = web.store.publications().await?;
    Ok(Json(
        list.into_iter()
            .map(|p| PublishedEntry {
                quarter: p.quarter.to_string(),
                title: p.quarter.long_label(),
                published_at: p.at,
                html: format!("/published/{}/report.html", p.quarter),
                pdf: format!("/published/{}/report.pdf", p.quarter),
                cabinet: p.cabinet.then(|| {
                    [
                        format!("/published/{}/cabinet.html", p.quarter),
                        format!("/published/{}/cabinet.pdf", p.quarter),
                    ]
                }),
            })
            .collect(),
    ))
}

/// A published report's contents: every figure, rating and sentence it printed.
#[utoipa::path(get, path = "/api/v1/published/{quarter}", tag = "published",
    params(("quarter" = String, Path, description = "The quarter, e.g. 2026-27-Q1")),
    responses(
        (status = 200, description = "The report's view-model, as the report was made from it (for a plan in the city style, the city report's)", body = Object),
        (status = 400, description = "The quarter is not written like 2026-27-Q1", body = ErrorBody),
        (status = 404, description = "No report for that quarter has been published", body = ErrorBody),
        (status = 500, description = "Something went wrong on the server (the detail is in its log)", body = ErrorBody)))]
async fn published_report(
    State(web): State<Shared>,
    Path(text): Path<String>,
) -> Result<Response, ApiError> {
    let not_found = || {
        ApiError(
            StatusCode::NOT_FOUND,
            format!("no report for {text:?} has been published"),
        )
    };
    let quarter = text.parse().map_err(|_| not_found())?;
    let q = web.published(quarter).await?.ok_or_else(not_found)?;
    // A plan reported in the city style published its city report.
    match (&q.city, q.in_force.settings.report.style) {
        (Some(city), ReportStyle::City) => Ok(Json(city).into_response()),
        _ => Ok(Json(&q.report).into_response()),
    }
}

/// The plan as held now: its records as the data package's tables describe them.
#[derive(Serialize, utoipa::ToSchema)]
struct PlanOut<'a> {
    /// The quarter staff are working on.
    quarter: String,
    /// Whether it is open for updates.
    open: bool,
    /// The priorities (and themes), in report order.
    #[schema(schema_with = api_schema::priorities)]
    priorities: &'a [PriorityRecord],
    /// The deliverables, in report order.
    #[schema(schema_with = api_schema::deliverables)]
    deliverables: &'a [DeliverableRecord],
    /// The key measures, in report order.
    #[schema(schema_with = api_schema::measures)]
    measures: &'a [MeasureRecord],
    /// A city plan's priority projects, in report order.
    #[schema(schema_with = api_schema::projects)]
    projects: &'a [ProjectRecord],
    /// The projects' updates for the quarter.
    #[schema(schema_with = api_schema::project_updates)]
    project_updates: Vec<&'a ProjectUpdate>,
    /// A city plan's strategic risks, in report order.
    #[schema(schema_with = api_schema::risks)]
    risks: &'a [RiskRecord],
    /// The risks' assessments for the quarter (levels; the score is their product).
    #[schema(schema_with = api_schema::risk_updates)]
    risk_updates: Vec<&'a RiskUpdate>,
}

/// The plan as held now, for the quarter being worked on.
#[utoipa::path(get, path = "/api/v1/plan", tag = "plan", security(("session" = [])),
    responses(
        (status = 200, description = "The plan", body = PlanOut),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 500, description = "Something went wrong on the server (the detail is in its log)", body = ErrorBody)))]
async fn plan(
    staff: Result<Staff, WebError>,
    State(web): State<Shared>,
) -> Result<Response, ApiError> {
    let _staff = staff?;
    let q = web.live().await?;
    let d = &q.in_force.dataset;
    Ok(Json(PlanOut {
        quarter: q.quarter.to_string(),
        open: q.open,
        priorities: &d.priorities,
        deliverables: &d.deliverables,
        measures: &d.measures,
        projects: &d.projects,
        project_updates: d
            .project_updates
            .iter()
            .filter(|u| u.quarter == q.quarter)
            .collect(),
        risks: &d.risks,
        risk_updates: d
            .risk_updates
            .iter()
            .filter(|u| u.quarter == q.quarter)
            .collect(),
    })
    .into_response())
}

/// A figure sent by a machine feed.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
struct ValueIn {
    /// The quarter, e.g. 2026-27-Q2; must be the one open.
    period: String,
    /// The figure ("1234.5") or why there is none ("awaiting data").
    value: String,
    /// A note on the figure.
    #[serde(default)]
    note: Option<String>,
}

/// The key in `Authorization: Bearer KEY`.
fn key_of(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
}

/// The feed's key from `Authorization: Bearer ...`, and the department it may write for.
async fn feed(web: &Web, headers: &HeaderMap) -> Result<ragbook_store::ApiToken, ApiError> {
    let unauthorised = || {
        ApiError(
            StatusCode::UNAUTHORIZED,
            "send the department's API key as `Authorization: Bearer KEY`".into(),
        )
    };
    let key = key_of(headers).ok_or_else(unauthorised)?;
    web.store
        .api_token(&token_hash(key))
        .await?
        .ok_or_else(unauthorised)
}

/// What was written.
#[derive(Serialize, utoipa::ToSchema)]
struct ValueOut {
    measure: String,
    period: String,
    /// The update's version now.
    version: i64,
}

/// Sends a measure's figure for the quarter open for updates. The key must be its
/// department's, and the update must not be submitted or approved yet.
#[utoipa::path(post, path = "/api/v1/measures/{id}/values", tag = "feeds", security(("department_key" = [])),
    params(("id" = String, Path, description = "The measure's id, e.g. KM01")),
    request_body = ValueIn,
    responses(
        (status = 200, description = "Written, with the update's new version", body = ValueOut),
        (status = 400, description = "The body is not valid JSON", body = ErrorBody),
        (status = 401, description = "No key, or not a known key", body = ErrorBody),
        (status = 403, description = "The measure is another department's", body = ErrorBody),
        (status = 404, description = "No such measure", body = ErrorBody),
        (status = 409, description = "No quarter is open, or the update is submitted or approved", body = ErrorBody),
        (status = 415, description = "The body is not sent as application/json", body = ErrorBody),
        (status = 422, description = "The period or figure is wrong, a field is missing, or the note is longer than 5,000 characters", body = ErrorBody),
        (status = 500, description = "Something went wrong on the server (the detail is in its log)", body = ErrorBody)))]
async fn write_value(
    State(web): State<Shared>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Json(input): Json<ValueIn>,
) -> Result<Response, ApiError> {
    let token = feed(&web, &headers).await?;
    let refuse = |status, message: String| Err(ApiError(status, message));
    // Read only what the write needs, fresh, rather than the whole plan: feeds write often.
    let Some(quarter) = web.store.open_quarter().await? else {
        return refuse(
            StatusCode::CONFLICT,
            "no quarter is open for updates".into(),
        );
    };
    let Some(department) = web.store.measure_department(&id).await? else {
        return refuse(StatusCode::NOT_FOUND, format!("there is no measure {id}"));
    };
    if !department.is_some_and(|d| same_department(&d, &token.department)) {
        return refuse(
            StatusCode::FORBIDDEN,
            format!(
                "measure {id} is not owned by {}, whose key this is",
                token.department
            ),
        );
    }
    if input.period.trim() != quarter.to_string() {
        return refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("period: figures can be sent only for the open quarter, {quarter}"),
        );
    }
    let value = match figure(&input.value, quarter) {
        Ok(Some(value)) => value,
        Ok(None) => {
            return refuse(
                StatusCode::UNPROCESSABLE_ENTITY,
                "value: it is empty".into(),
            );
        }
        Err(message) => {
            return refuse(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!("value: {message}"),
            );
        }
    };
    if let Some(message) = input
        .note
        .as_deref()
        .and_then(|note| crate::forms::too_long("note:", note))
    {
        return refuse(StatusCode::UNPROCESSABLE_ENTITY, message);
    }
    let measure = ItemId::new(&id).map_err(|e| ApiError(StatusCode::NOT_FOUND, e.to_string()))?;
    let record = ValueRecord {
        measure,
        period: Period::Quarter(quarter),
        value,
        as_of: None,
        note: input.note.as_deref().and_then(text),
    };
    let change = ChangeInfo {
        by: format!("api:{}", token.label),
        at: ragbook_io::clock::now(),
        reason: None,
        source: Some("api".into()),
    };
    let version = web.store.feed_value(&record, quarter, &change).await?;
    web.store
        .touch_api_token(
            &token_hash(key_of(&headers).unwrap_or_default()),
            &change.at,
            &ragbook_io::clock::seconds_ago(60),
        )
        .await?;
    Ok((
        StatusCode::OK,
        Json(ValueOut {
            measure: id,
            period: quarter.to_string(),
            version,
        }),
    )
        .into_response())
}
