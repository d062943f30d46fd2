//! Placeholder.
use crate::{Report, ReportError};
/// x
pub fn html(_report: &Report) -> Result<String, ReportError> {
    Ok(String::new())
}
