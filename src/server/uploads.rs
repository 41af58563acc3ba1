//! Reads a multipart form with files as it streams in: each file is counted while it arrives and
//! refused past 10 MB, a sixth file is refused, and each file's type is read from its first bytes.
//! After a refusal the rest of the body is still read and dropped (within the upload limit), so a
//! browser that is still sending gets the answer instead of a reset connection. Nothing is stored
//! here: the caller seals the files and stores the submission in one transaction.

use axum::extract::multipart::{Multipart, MultipartError, MultipartRejection};
use axum::http::StatusCode;

use super::document_vault::Vault;
use super::request_limits::too_large;
use super::store::NewDocument;
use crate::domain::document::{display_name, DocumentInfo, DocumentType, FILES_FIELD, MAX_FILES, MAX_FILE_BYTES};
use crate::domain::image_metadata::strip_metadata;
use crate::domain::DocumentId;
use crate::domain::InputError;
use crate::error::{AppError, PortalCode};

/// A text field is a few kilobytes at most (the longest is 5,000 characters of explanation).
const MAX_TEXT_FIELD_BYTES: usize = 64 * 1024;
/// No form of ours has more text fields than this (a debtor's claims as checkboxes included).
const MAX_TEXT_FIELDS: usize = 100;

/// A file as it arrived, its type already known from its content.
pub struct Upload {
    pub name: String,
    pub kind: DocumentType,
    pub content: Vec<u8>,
}

/// The text fields (name and value, in order) and the files of one submission.
#[derive(Default)]
pub struct Submission {
    fields: Vec<(String, String)>,
    pub files: Vec<Upload>,
}

impl Submission {
    /// A text field, empty when it was not sent.
    pub fn field(&self, name: &str) -> &str {
        self.fields.iter().find(|(n, _)| n == name).map_or("", |(_, v)| v.as_str())
    }

    /// Every value of a field sent more than once (a group of checkboxes).
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.fields.iter().filter(|(n, _)| n == name).map(|(_, v)| v.as_str()).collect()
    }

    /// Seals every file for storage under a new id (the sealed blob's associated data). Takes the
    /// files: each is encrypted where it lies, so no upload is held in memory twice.
    pub fn sealed(&mut self, vault: &Vault) -> Result<Vec<NewDocument>, AppError> {
        std::mem::take(&mut self.files)
            .into_iter()
            .map(|f| {
                let id = DocumentId::random();
                let size = f.content.len() as u64;
                let sealed = vault.seal_owned(id.as_str(), f.content).map_err(|e| {
                    tracing::error!(error = %e, "a document could not be sealed");
                    AppError::internal()
                })?;
                let info = DocumentInfo { id, name: f.name, kind: f.kind, size };
                Ok(NewDocument { info, sealed })
            })
            .collect()
    }
}

fn unreadable(e: &MultipartError) -> AppError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        too_large()
    } else {
        AppError::new(PortalCode::RequestFailed, format!("the form could not be read: {}", e.body_text()))
    }
}

/// Reads the whole form. The first problem found is the answer; nothing of a refused form is kept.
pub async fn read_submission(form: Result<Multipart, MultipartRejection>) -> Result<Submission, AppError> {
    let mut form = form.map_err(|e| AppError::new(PortalCode::RequestFailed, e.body_text()))?;
    let mut out = Submission::default();
    let mut refused: Option<InputError> = None;
    while let Some(mut field) = form.next_field().await.map_err(|e| unreadable(&e))? {
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let is_file = name == FILES_FIELD;
        let limit = if is_file { MAX_FILE_BYTES } else { MAX_TEXT_FIELD_BYTES };
        let mut content = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(|e| unreadable(&e))? {
            if refused.is_some() {
                continue;
            }
            if content.len() + chunk.len() > limit {
                refused = Some(if is_file { InputError::FileTooLarge } else { InputError::ExplanationTooLong });
                content = Vec::new();
                continue;
            }
            content.extend_from_slice(&chunk);
        }
        if refused.is_some() {
            continue;
        }
        if !is_file {
            if out.fields.len() == MAX_TEXT_FIELDS {
                refused = Some(InputError::ExplanationTooLong);
                continue;
            }
            out.fields.push((name, String::from_utf8_lossy(&content).into_owned()));
            continue;
        }
        // A file input left empty still sends a part, with no name and no content.
        if content.is_empty() && file_name.as_deref().unwrap_or_default().is_empty() {
            continue;
        }
        if out.files.len() == MAX_FILES {
            refused = Some(InputError::TooManyFiles);
            continue;
        }
        match DocumentType::sniff(&content) {
            Ok(kind) => {
                let name = display_name(file_name.as_deref().unwrap_or_default(), kind);
                // A photo's location and camera data are no business of the collector's.
                strip_metadata(kind, &mut content);
                out.files.push(Upload { name, kind, content });
            }
            Err(e) => refused = Some(e),
        }
    }
    match refused {
        Some(e) => Err(e.into()),
        None => Ok(out),
    }
}
