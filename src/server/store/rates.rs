use sqlx::FromRow;

use super::{parse_date, Store, StoreError};
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
            .map(|r| {
                let rate = r.rate.parse().map_err(|_| StoreError::Corrupt(format!("rate {:?}", r.rate)))?;
                Ok(RateEntry { from: parse_date(&r.valid_from)?, rate })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        RateTable::new(entries).map_err(|e| StoreError::Corrupt(format!("rate table {name}: {e}")))
    }
}
