//! Two database roles on PostgreSQL (security review, F8): the schema's owner runs the migrations
//! (`MIGRATION_DATABASE_URL`), the portal runs as a runtime role (`DATABASE_URL`) that may read and
//! write rows but owns nothing, so it cannot drop, alter or truncate a table, disable a trigger, or
//! change or delete a line of the audit log. `debtor-portal migrate` grants it exactly that
//! (`RUNTIME_ROLE`). SQLite has no roles: there the triggers and the hash chain guard the log.

use super::{Backend, Store, StoreError};

/// A role name as PostgreSQL takes it unquoted: it is written into the GRANT statements, which
/// cannot take it as a parameter, so nothing else passes.
pub fn valid_role_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && name.len() <= 63
}

impl Store {
    /// Gives `role` the runtime rights on every table the migrations made, and nothing on the audit
    /// log but reading and appending. Run by the owner after migrating; run again after each
    /// migration (new tables need their grant).
    pub async fn grant_runtime_role(&self, role: &str) -> Result<(), StoreError> {
        if self.backend() != Backend::Postgres {
            return Err(StoreError::Corrupt("RUNTIME_ROLE is for PostgreSQL only".into()));
        }
        if !valid_role_name(role) {
            return Err(StoreError::Corrupt(format!("RUNTIME_ROLE {role:?} is not a plain role name")));
        }
        let mut tx = self.begin_write().await?;
        for statement in [
            format!("GRANT USAGE ON SCHEMA public TO {role}"),
            format!("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}"),
            format!("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}"),
            format!("REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM {role}"),
            format!("REVOKE INSERT, UPDATE, DELETE ON _sqlx_migrations FROM {role}"),
        ] {
            sqlx::query(&statement).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Whether every migration this build knows has been applied: a node running as the runtime
    /// role cannot migrate, so it refuses to start on an older schema instead.
    pub async fn schema_is_current(&self) -> Result<bool, StoreError> {
        let latest = self.migrator().iter().map(|m| m.version).max().unwrap_or(0);
        let applied: Option<(i64,)> = sqlx::query_as("SELECT MAX(version) FROM _sqlx_migrations WHERE success = TRUE")
            .fetch_optional(self.pool())
            .await
            .unwrap_or(None);
        Ok(applied.is_some_and(|(v,)| v >= latest))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_plain_role_names_reach_a_grant() {
        for ok in ["portal_app", "_x", "app2"] {
            assert!(super::valid_role_name(ok), "{ok}");
        }
        for bad in ["", "App", "2app", "app; DROP TABLE claims", "a-b", "a b", &"a".repeat(64)] {
            assert!(!super::valid_role_name(bad), "{bad}");
        }
    }
}
