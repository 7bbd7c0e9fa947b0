//! Receiving an uploaded file (a plain multipart form with a `file` field), read in chunks
//! and stopped at the template's limit: an oversized file is named, never held.

use app::{error::AppError, uploads::FileProblem};
use axum::extract::Multipart;

/// The file's name and bytes, or why the bytes could not be taken.
pub async fn receive_file(
    form: &mut Multipart,
    max_bytes: usize,
) -> Result<(String, Result<Vec<u8>, FileProblem>), AppError> {
    let bad = |_| AppError::BadRequest("unreadable upload".into());
    while let Some(mut field) = form.next_field().await.map_err(bad)? {
        if field.name() != Some("file") {
            continue;
        }
        let name = field.file_name().unwrap_or("").to_owned();
        let mut bytes = Vec::new();
        let content = loop {
            match field.chunk().await {
                Ok(Some(chunk)) => {
                    bytes.extend_from_slice(&chunk);
                    if bytes.len() > max_bytes {
                        break Err(FileProblem::TooLarge);
                    }
                }
                Ok(None) => break Ok(bytes),
                Err(e) if e.status() == http::StatusCode::PAYLOAD_TOO_LARGE => {
                    break Err(FileProblem::TooLarge);
                }
                Err(e) => return Err(bad(e)),
            }
        };
        return Ok((name, content));
    }
    Err(AppError::BadRequest("no file".into()))
}
