//! The daily job: deletes what is kept no longer than promised (`retention`), and follows every
//! active plan (arrears after the creditor's grace, cleared when paid up, lapse after the creditor's
//! limit). Every node may run it, and a run may repeat: each change
//! is a conditional update that only the first run makes (`store::plan_follow_up`), so two runs,
//! or two servers at once, end in the same state as one. It takes "today" from the application's
//! clock in the claim's country, never from the host.

use std::time::Duration;

use chrono::NaiveDate;

use super::clock::Clock;
use super::retention::{self, RetentionReport};
use super::store::{ActorKind, PlanEnd, Store};
use crate::domain::ids::ProposalId;
use crate::domain::plan_progress::plan_progress;
use crate::domain::{ClaimStatus, DomainError};
use crate::error::AppError;

/// How often a node looks whether the day has turned.
pub const LOOK_EVERY: Duration = Duration::from_secs(15 * 60);

/// What one run changed.
#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DailyReport {
    pub plans_followed: u64,
    pub arrears_marked: u64,
    pub arrears_cleared: u64,
    pub plans_lapsed: u64,
    /// Plans (or the retention run) that failed this time and are tried again next run.
    pub failed: u64,
    /// What the retention run deleted (also run by housekeeping, more often).
    pub retention: RetentionReport,
}

/// What following one plan did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FollowUp {
    Unchanged,
    ArrearsMarked,
    ArrearsCleared,
    Lapsed,
}

pub async fn run_once(store: &Store, clock: &Clock) -> Result<DailyReport, AppError> {
    let mut report = DailyReport::default();
    // One part failing (a store fault, one claim's bad data) does not stop the others.
    match retention::run(store, clock.now()).await {
        Ok(kept) => report.retention = kept,
        Err(e) => {
            report.failed += 1;
            tracing::warn!(error = %e, "retention failed; trying again next run");
        }
    }
    for id in store.active_plan_ids().await? {
        report.plans_followed += 1;
        match follow_up_plan(store, clock, &id).await {
            Ok(FollowUp::Unchanged) => {}
            Ok(FollowUp::ArrearsMarked) => report.arrears_marked += 1,
            Ok(FollowUp::ArrearsCleared) => report.arrears_cleared += 1,
            Ok(FollowUp::Lapsed) => report.plans_lapsed += 1,
            Err(e) => {
                report.failed += 1;
                tracing::warn!(plan = %id, error = ?e, "following a plan failed; trying again next run");
            }
        }
    }
    Ok(report)
}

/// Brings one active plan's arrears mark and state up to date with its claim's statement today.
/// Also called right after a payment is recorded, so a payment that catches up clears the mark at
/// once (a payment never makes a plan lapse sooner than the job would).
pub async fn follow_up_plan(store: &Store, clock: &Clock, proposal_id: &ProposalId) -> Result<FollowUp, AppError> {
    let Some(plan) = store.proposal(proposal_id).await? else { return Ok(FollowUp::Unchanged) };
    let Some(rec) = store.claim(&plan.claim_id).await? else { return Ok(FollowUp::Unchanged) };
    // A dispute pauses collection, a paid claim has nothing left to follow: no arrears, no lapse.
    if rec.status != ClaimStatus::PlanActive {
        return Ok(FollowUp::Unchanged);
    }
    let (creditor, table, claim) = store.engine_inputs(&rec).await?;
    let today = clock.today_in(creditor.country);
    let fault = |e: DomainError| AppError::stored_data(&format!("plan {proposal_id}"), e);
    let progress = plan_progress(&claim, &table, &plan.installments, plan.start_date, today).map_err(fault)?;
    let terms = creditor.policy.terms();
    let changed = match (progress.overdue_since, progress.days_overdue(today)) {
        (Some(_), Some(days)) if days > terms.lapse_days => {
            let system = (ActorKind::System, None);
            let on: NaiveDate = today;
            store
                .lapse_plan(&plan.id, &rec.id, on, PlanEnd::MissedInstallments, system)
                .await?
                .then_some(FollowUp::Lapsed)
        }
        (Some(since), Some(days)) if days > terms.arrears_grace_days => {
            store.mark_arrears(&plan.id, &rec.id, since).await?.then_some(FollowUp::ArrearsMarked)
        }
        _ if plan.arrears_since.is_some() => {
            store.clear_arrears(&plan.id, &rec.id).await?.then_some(FollowUp::ArrearsCleared)
        }
        _ => None,
    };
    Ok(changed.unwrap_or(FollowUp::Unchanged))
}

/// Runs once a day (and at start) until the process ends.
pub async fn run(store: Store, clock: Clock) {
    let mut tick = tokio::time::interval(LOOK_EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut last_day = None;
    loop {
        tick.tick().await;
        // Stockholm and Oslo turn the day at the same instant (the same offset all year).
        let today = clock.today_in(crate::domain::Country::Se);
        if last_day == Some(today) {
            continue;
        }
        match run_once(&store, &clock).await {
            Ok(report) => {
                last_day = Some(today);
                metrics::counter!(super::metrics::DAILY_JOB_RUNS, "outcome" => "done").increment(1);
                tracing::info!(?report, %today, "daily job");
            }
            Err(e) => {
                metrics::counter!(super::metrics::DAILY_JOB_RUNS, "outcome" => "failed").increment(1);
                tracing::warn!(error = ?e, "daily job failed; trying again later")
            }
        }
    }
}
