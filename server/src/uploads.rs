//! Receiving an uploaded file (a plain multipart form with a `file` field), read in chunks
//! and stopped at the template's limit: an oversized file is named, never held.

use app::{error::AppError, uploads::FileProblem};
use axum::extract::Multipart;

/// The most plain fields a form sends with its file, and the longest one kept.
const MAX_FIELDS: usize = 16;
const MAX_FIELD_BYTES: usize = 2048;

/// A form's plain fields (names starting `_`: where it returns to and who opened it), and
/// the file.
pub struct Received {
    pub fields: Vec<(String, String)>,
    pub name: String,
    pub content: Result<Vec<u8>, FileProblem>,
}

impl Received {
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The file's name and bytes, or why the bytes could not be taken.
pub async fn receive_file(
    form: &mut Multipart,
    max_bytes: usize,
) -> Result<(String, Result<Vec<u8>, FileProblem>), AppError> {
    let received = receive_form(form, max_bytes).await?;
    Ok((received.name, received.content))
}

/// The plain fields (bounded in number and length) and the file, in any order. A file too
/// large ends the reading there: what follows it is not read.
pub async fn receive_form(form: &mut Multipart, max_bytes: usize) -> Result<Received, AppError> {
    let bad = |_| AppError::BadRequest("unreadable upload".into());
    let mut fields = Vec::new();
    let mut file = None;
    while let Some(mut field) = form.next_field().await.map_err(bad)? {
        if field.name() != Some("file") {
            let name = field.name().unwrap_or("").to_owned();
            let mut text = Vec::new();
            while let Some(chunk) = field.chunk().await.map_err(bad)? {
                if text.len() + chunk.len() > MAX_FIELD_BYTES {
                    return Err(AppError::BadRequest("field too long".into()));
                }
                text.extend_from_slice(&chunk);
            }
            if fields.len() == MAX_FIELDS {
                return Err(AppError::BadRequest("too many fields".into()));
            }
            fields.push((name, String::from_utf8_lossy(&text).into_owned()));
            continue;
        }
        if file.is_some() {
            return Err(AppError::BadRequest("more than one file".into()));
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
        let too_large = content.is_err();
        file = Some((name, content));
        if too_large {
            break;
        }
    }
    let (name, content) = file.ok_or_else(|| AppError::BadRequest("no file".into()))?;
    Ok(Received {
        fields,
        name,
        content,
    })
}
