//! Placeholder.
use crate::{Report, ReportError};
/// x
pub const PDF_METADATA: &str = "";
/// x
pub fn pdf(_report: &Report) -> Result<Vec<u8>, ReportError> {
    Ok(Vec::new())
}
