use sqlx::FromRow;

use super::{parse_date, parse_rate, Store, StoreError};
use crate::domain::interest::{RateEntry, RateTable};

#[derive(FromRow)]
struct RateRow {
    valid_from: String,
    rate: String,
}

impl Store {
    /// A named reference-rate table (`se-reference`, `no-forsinkelsesrente`), checked like any input.
    pub async fn rate_table(&self, name: &str) -> Result<RateTable, StoreError> {
        let rows: Vec<RateRow> =
            sqlx::query_as("SELECT valid_from, rate FROM reference_rates WHERE rate_table = $1 ORDER BY valid_from")
                .bind(name)
                .fetch_all(self.pool())
                .await?;
        let entries = rows
            .iter()
            .map(|r| Ok(RateEntry { from: parse_date(&r.valid_from)?, rate: parse_rate(&r.rate)? }))
            .collect::<Result<Vec<_>, StoreError>>()?;
        RateTable::new(entries).map_err(|e| StoreError::Corrupt(format!("rate table {name}: {e}")))
    }
}
