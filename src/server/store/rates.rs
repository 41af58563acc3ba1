//! The published reference-rate tables, and publishing a half-year's rate.

use sqlx::FromRow;

use super::audit::{audit_on, ActorKind, AuditAction};
use super::{parse_date, parse_rate, Store, StoreError};
use crate::server::clock::Clock;
use crate::server::clock::Instant;
use chrono::NaiveDate;

use crate::domain::interest::{RateEntry, RateTable};
use crate::domain::rate_publication::{missing_half_year, rate_table_name};
use crate::domain::Country;

#[derive(FromRow)]
struct RateRow {
    valid_from: String,
    rate: String,
}

impl Store {
    /// The first days of the periods of `table` whose rate was published after `instant` (Unix
    /// seconds): what a plan made at `instant` could not have known.
    pub async fn rates_published_after(&self, table: &str, instant: Instant) -> Result<Vec<NaiveDate>, StoreError> {
        let rows: Vec<(String,)> = sqlx::query_as(
            "SELECT valid_from FROM reference_rates WHERE rate_table = $1 AND published_at > $2 ORDER BY valid_from",
        )
        .bind(table)
        .bind(instant)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(|(d,)| parse_date(d)).collect()
    }

    /// A named reference-rate table (`se-reference`, `no-forsinkelsesrente`), checked like any input.
    pub async fn rate_table(&self, name: &str) -> Result<RateTable, StoreError> {
        if let Some(kept) = self.reference.table(name) {
            return Ok(kept);
        }
        let read_at = self.reference.generation();
        let rows: Vec<RateRow> =
            sqlx::query_as("SELECT valid_from, rate FROM reference_rates WHERE rate_table = $1 ORDER BY valid_from")
                .bind(name)
                .fetch_all(self.pool())
                .await?;
        let entries = rows
            .iter()
            .map(|r| Ok(RateEntry { from: parse_date(&r.valid_from)?, rate: parse_rate(&r.rate)? }))
            .collect::<Result<Vec<_>, StoreError>>()?;
        let table = RateTable::new(entries).map_err(|e| StoreError::Corrupt(format!("rate table {name}: {e}")))?;
        self.reference.keep_table(read_at, name, &table);
        Ok(table)
    }

    /// The tables (of both countries) with no rate for the half-year `today` is in, with its first day.
    pub async fn missing_rates(&self, clock: &Clock) -> Result<Vec<(&'static str, NaiveDate)>, StoreError> {
        let mut missing = Vec::new();
        for country in [Country::Se, Country::No] {
            let name = rate_table_name(country);
            // Each table's half-year by its own country's calendar day.
            if let Some(from) = missing_half_year(&self.rate_table(name).await?, clock.today_in(country)) {
                missing.push((name, from));
            }
        }
        Ok(missing)
    }

    /// Publishes a half-year's rate in `table` (checked by `rate_publication::new_rate`), audited
    /// in the same transaction. `None` when that date has a rate already (another publisher was
    /// first): published rates are never overwritten, balances computed with them stay true.
    pub async fn publish_rate(
        &self,
        table: &str,
        entry: RateEntry,
        actor: (ActorKind, Option<&str>),
    ) -> Result<Option<RateEntry>, StoreError> {
        let from = entry.from.to_string();
        let rate = format!("{:.2}", entry.rate);
        let mut tx = self.begin_write().await?;
        let inserted = sqlx::query(
            "INSERT INTO reference_rates (rate_table, valid_from, rate, published_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (rate_table, valid_from) DO NOTHING",
        )
        .bind(table)
        .bind(&from)
        .bind(&rate)
        .bind(self.clock().now())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if inserted == 0 {
            return Ok(None);
        }
        let detail = serde_json::json!({ "table": table, "valid_from": from, "rate": rate });
        audit_on(&mut tx, self.clock().now(), actor.0, actor.1, AuditAction::RatePublished, Some(table), &detail)
            .await?;
        tx.commit().await?;
        self.reference.clear();
        Ok(Some(entry))
    }
}
