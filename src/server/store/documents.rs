//! Documents sealed in the database. They are written only inside the transaction of the
//! submission they belong to (`insert_documents_on`), so a submission and its files exist
//! together or not at all; nothing here sees a document's plain content.

use sqlx::FromRow;

use super::{parse_code, Store, StoreError};
use crate::domain::document::{DocumentInfo, DocumentType};
use crate::domain::ids::{ClaimId, DebtorId, DisputeId, DocumentId};
use crate::domain::text_code::text_code;
use crate::server::clock::Instant;

text_code! {
    /// What a document belongs to.
    pub enum DocumentOwner("document owner") {
        /// Evidence sent with a dispute or an addition to it.
        DisputeEntry = "dispute_entry",
        /// Papers about the debtor's situation (hardship).
        Hardship = "hardship",
    }
}

/// A document's content as the vault sealed it (`server::documents::Vault`).
#[derive(Clone, PartialEq, Eq)]
pub struct Sealed {
    pub key_id: String,
    pub nonce: Vec<u8>,
    pub ciphertext: Vec<u8>,
}

impl std::fmt::Debug for Sealed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Sealed({}, {} bytes)", self.key_id, self.ciphertext.len())
    }
}

/// A checked, sealed document ready to be stored with its submission.
#[derive(Debug, Clone)]
pub struct NewDocument {
    pub info: DocumentInfo,
    pub sealed: Sealed,
}

/// A stored document: who may see it and its sealed content.
#[derive(Debug, Clone)]
pub struct StoredDocument {
    pub info: DocumentInfo,
    pub debtor_id: DebtorId,
    pub claim_id: Option<ClaimId>,
    pub owner: DocumentOwner,
    pub owner_id: String,
    pub sealed: Sealed,
}

const INFO_COLUMNS: &str = "id, file_name, content_type, size";

#[derive(FromRow)]
struct InfoRow {
    id: DocumentId,
    file_name: String,
    content_type: String,
    size: i64,
}

impl InfoRow {
    fn into_info(self) -> Result<DocumentInfo, StoreError> {
        Ok(DocumentInfo {
            kind: parse_code::<DocumentType>(&self.content_type)?,
            size: u64::try_from(self.size).map_err(|_| StoreError::Corrupt(format!("size of document {}", self.id)))?,
            id: self.id,
            name: self.file_name,
        })
    }
}

#[derive(FromRow)]
struct DocumentRow {
    id: DocumentId,
    debtor_id: DebtorId,
    claim_id: Option<ClaimId>,
    owner_kind: String,
    owner_id: String,
    file_name: String,
    content_type: String,
    size: i64,
    key_id: String,
    nonce: Vec<u8>,
    ciphertext: Vec<u8>,
}

/// Who a set of new documents belongs to.
pub(super) struct Owner<'a> {
    pub debtor_id: &'a DebtorId,
    pub claim_id: Option<&'a ClaimId>,
    pub kind: DocumentOwner,
    pub id: &'a str,
}

/// Writes `docs` on `conn`, inside the caller's transaction.
pub(super) async fn insert_documents_on(
    conn: &mut sqlx::AnyConnection,
    owner: &Owner<'_>,
    docs: &[NewDocument],
    now: Instant,
) -> Result<(), StoreError> {
    for (position, d) in (0_i64..).zip(docs) {
        sqlx::query(
            "INSERT INTO documents (id, debtor_id, claim_id, owner_kind, owner_id, position, file_name, content_type, \
             size, key_id, nonce, ciphertext, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        )
        .bind(&d.info.id)
        .bind(owner.debtor_id)
        .bind(owner.claim_id)
        .bind(owner.kind.as_str())
        .bind(owner.id)
        .bind(position)
        .bind(&d.info.name)
        .bind(d.info.kind.as_str())
        .bind(i64::try_from(d.info.size).map_err(|_| StoreError::Corrupt("document size".into()))?)
        .bind(&d.sealed.key_id)
        .bind(d.sealed.nonce.clone())
        // Borrowed: a 10 MB upload is not copied once more on its way to the database.
        .bind(d.sealed.ciphertext.as_slice())
        .bind(now)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

impl Store {
    pub async fn document(&self, id: &DocumentId) -> Result<Option<StoredDocument>, StoreError> {
        let row: Option<DocumentRow> = sqlx::query_as(
            "SELECT id, debtor_id, claim_id, owner_kind, owner_id, file_name, content_type, size, key_id, \
             nonce, ciphertext FROM documents WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(self.pool())
        .await?;
        let Some(r) = row else { return Ok(None) };
        let info =
            InfoRow { id: r.id, file_name: r.file_name, content_type: r.content_type, size: r.size }.into_info()?;
        Ok(Some(StoredDocument {
            info,
            debtor_id: r.debtor_id,
            claim_id: r.claim_id,
            owner: parse_code(&r.owner_kind)?,
            owner_id: r.owner_id,
            sealed: Sealed { key_id: r.key_id, nonce: r.nonce, ciphertext: r.ciphertext },
        }))
    }

    /// One owner's documents (a dispute entry's, a statement's), in the order they were sent.
    pub async fn documents_of(&self, kind: DocumentOwner, owner_id: &str) -> Result<Vec<DocumentInfo>, StoreError> {
        let rows: Vec<InfoRow> = sqlx::query_as(&format!(
            "SELECT {INFO_COLUMNS} FROM documents WHERE owner_kind = $1 AND owner_id = $2 ORDER BY position"
        ))
        .bind(kind.as_str())
        .bind(owner_id)
        .fetch_all(self.pool())
        .await?;
        rows.into_iter().map(InfoRow::into_info).collect()
    }

    /// The documents of every entry of one dispute, by entry, in one query (one per entry before:
    /// security review, F6).
    pub async fn documents_of_dispute(
        &self,
        dispute_id: &DisputeId,
    ) -> Result<std::collections::HashMap<String, Vec<DocumentInfo>>, StoreError> {
        #[derive(FromRow)]
        struct Owned {
            owner_id: String,
            #[sqlx(flatten)]
            info: InfoRow,
        }
        let rows: Vec<Owned> = sqlx::query_as(&format!(
            "SELECT owner_id, {INFO_COLUMNS} FROM documents WHERE owner_kind = $1 AND owner_id IN \
             (SELECT id FROM dispute_entries WHERE dispute_id = $2) ORDER BY owner_id, position"
        ))
        .bind(DocumentOwner::DisputeEntry.as_str())
        .bind(dispute_id)
        .fetch_all(self.pool())
        .await?;
        let mut by_entry: std::collections::HashMap<String, Vec<DocumentInfo>> = std::collections::HashMap::new();
        for r in rows {
            by_entry.entry(r.owner_id).or_default().push(r.info.into_info()?);
        }
        Ok(by_entry)
    }

    /// How many documents are stored in all: for tests that prove a failed submission left none.
    pub async fn document_count(&self) -> Result<i64, StoreError> {
        let row: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM documents").fetch_one(self.pool()).await?;
        Ok(row.0)
    }
}
