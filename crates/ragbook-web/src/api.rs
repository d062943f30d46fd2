//! The JSON API: published reports for anyone, the plan for staff, and measure figures
//! written by machine feeds with a department's key.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use ragbook_core::access::{UpdateState, same_department};
use ragbook_core::dataset::{Dataset, ValueRecord};
use ragbook_core::period::Period;
use ragbook_store::{ChangeInfo, Step, StoreError};
use serde::{Deserialize, Serialize};

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

#[derive(Serialize)]
struct PublishedEntry {
    quarter: String,
    title: String,
    published_at: String,
    html: String,
    pdf: String,
}

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
            })
            .collect(),
    ))
}

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
    Ok(Json(&q.report).into_response())
}

async fn plan(
    staff: Result<Staff, WebError>,
    State(web): State<Shared>,
) -> Result<Response, ApiError> {
    let _staff = staff?;
    let q = web.live().await?;
    let d = &q.held.dataset;
    let item = |id: &ragbook_core::plan::ItemId,
                title: &String,
                department: &Option<String>,
                priorities: &Vec<ragbook_core::plan::ItemId>| {
        serde_json::json!({
            "id": id.as_str(),
            "title": title,
            "department": department,
            "priorities": priorities.iter().map(|p| p.as_str()).collect::<Vec<_>>(),
        })
    };
    let body = serde_json::json!({
        "quarter": q.quarter.to_string(),
        "open": q.open,
        "priorities": d.priorities.iter().map(|p| serde_json::json!({"id": p.id.as_str(), "title": p.title})).collect::<Vec<_>>(),
        "deliverables": d.deliverables.iter().map(|x| item(&x.id, &x.title, &x.department, &x.priorities)).collect::<Vec<_>>(),
        "measures": d.measures.iter().map(|x| item(&x.id, &x.title, &x.department, &x.priorities)).collect::<Vec<_>>(),
    });
    Ok(Json(body).into_response())
}

/// A figure sent by a machine feed.
#[derive(Debug, Deserialize)]
struct ValueIn {
    /// The quarter, e.g. 2026-27-Q2; must be the one open.
    period: String,
    /// The figure ("1234.5") or why there is none ("awaiting data").
    value: String,
    /// A note on the figure.
    #[serde(default)]
    note: Option<String>,
}

/// The feed's key from `Authorization: Bearer ...`, and the department it may write for.
async fn feed(web: &Web, headers: &HeaderMap) -> Result<ragbook_store::ApiToken, ApiError> {
    let unauthorised = || {
        ApiError(
            StatusCode::UNAUTHORIZED,
            "send the department's API key as `Authorization: Bearer KEY`".into(),
        )
    };
    let key = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .ok_or_else(unauthorised)?;
    web.store
        .api_token(&token_hash(key.trim()))
        .await?
        .ok_or_else(unauthorised)
}

async fn write_value(
    State(web): State<Shared>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Json(input): Json<ValueIn>,
) -> Result<Response, ApiError> {
    let token = feed(&web, &headers).await?;
    let q = web.live().await?;
    let refuse = |status, message: String| Err(ApiError(status, message));
    if !q.open {
        return refuse(
            StatusCode::CONFLICT,
            "no quarter is open for updates".into(),
        );
    }
    let Some(measure) = q.held.dataset.measures.iter().find(|m| m.id.as_str() == id) else {
        return refuse(StatusCode::NOT_FOUND, format!("there is no measure {id}"));
    };
    let owned = measure
        .department
        .as_deref()
        .is_some_and(|d| same_department(d, &token.department));
    if !owned {
        return refuse(
            StatusCode::FORBIDDEN,
            format!(
                "measure {id} is not owned by {}, whose key this is",
                token.department
            ),
        );
    }
    if input.period.trim() != q.quarter.to_string() {
        return refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!(
                "period: figures can be sent only for the open quarter, {}",
                q.quarter
            ),
        );
    }
    let value = match figure(&input.value, q.quarter) {
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
    let record = web.store.update_state(&id, q.quarter).await?;
    if !record.state.editable_by_owner() {
        return refuse(
            StatusCode::CONFLICT,
            format!(
                "the update of {id} is {}: it cannot be changed now",
                record.state.label().to_lowercase()
            ),
        );
    }
    let held = q
        .held
        .dataset
        .measure_values
        .iter()
        .find(|v| v.measure == measure.id && v.period == Period::Quarter(q.quarter));
    let mut merged = q.held.dataset.clone();
    let diff = merged.merge(Dataset {
        measure_values: vec![ValueRecord {
            measure: measure.id.clone(),
            period: Period::Quarter(q.quarter),
            value,
            as_of: held.and_then(|v| v.as_of),
            note: input.note.as_deref().and_then(text),
        }],
        ..Dataset::default()
    });
    let to = if record.state == UpdateState::NotStarted {
        UpdateState::Draft
    } else {
        record.state
    };
    let step = Step {
        item: &id,
        quarter: q.quarter,
        seen: record.version,
        to,
        comment: record.comment.clone(),
    };
    let change = ChangeInfo {
        by: format!("api:{}", token.label),
        at: ragbook_io::clock::now(),
        reason: None,
        source: Some("api".into()),
    };
    let version = web.store.step(&step, &diff, "api", &change).await?;
    Ok((StatusCode::OK, Json(serde_json::json!({ "measure": id, "period": q.quarter.to_string(), "version": version }))).into_response())
}
