//! The database's own plan for a statement the store runs, so that a test and `bench/load` can see
//! that the lists read their indexes (`EXPLAIN QUERY PLAN` on SQLite, `EXPLAIN` on PostgreSQL).

use super::queue::Params;
use super::{Backend, Store, StoreError};

/// How the plan is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanOf {
    /// The plan the database would use now, with the data it holds.
    AsIs,
    /// The plan with sequential scans priced out (PostgreSQL's `enable_seqscan = off`): on a small
    /// table a scan is cheaper and PostgreSQL rightly takes it, so a test at a small size asks
    /// whether an index *can* serve the statement. SQLite's planner takes the index either way.
    IndexIfAny,
}

impl Store {
    /// The plan's lines, outermost first.
    pub(super) async fn explain(&self, sql: &str, params: Params, how: PlanOf) -> Result<Vec<String>, StoreError> {
        match self.backend() {
            Backend::Sqlite => {
                let explain = format!("EXPLAIN QUERY PLAN {sql}");
                let rows: Vec<(i64, i64, i64, String)> =
                    params.bind_all(sqlx::query_as(&explain)).fetch_all(self.pool()).await?;
                Ok(rows.into_iter().map(|r| r.3).collect())
            }
            Backend::Postgres => {
                let mut tx = self.pool().begin().await?;
                if how == PlanOf::IndexIfAny {
                    sqlx::query("SET LOCAL enable_seqscan = off").execute(&mut *tx).await?;
                }
                let explain = format!("EXPLAIN {sql}");
                let rows: Vec<(String,)> = params.bind_all(sqlx::query_as(&explain)).fetch_all(&mut *tx).await?;
                tx.rollback().await?;
                Ok(rows.into_iter().map(|r| r.0).collect())
            }
        }
    }
}
