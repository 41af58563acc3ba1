//! What has happened in a collection case and what comes next, from the facts in
//! `docs/domain.md`: Sweden gives at least 8 days to pay or dispute and goes to Kronofogden no
//! earlier than day 12; Norway's betalingsoppfordring gives 14 days, after which legal collection
//! (forliksrådet, namsmannen) may start. A dispute pauses every further step. A rejected dispute
//! of the whole claim does not bring ordinary collection back: the next step is the conciliation
//! board (Norway) or the court or Kronofogden's proceedings, where the debtor objects again (Sweden).

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::claim::{Fee, Payment};
use super::decision::{ItemKind, Outcome};
use super::{ClaimStatus, Country};

/// SE: good practice gives at least 8 days from sending to pay or dispute.
pub const SE_DEADLINE_DAYS: u64 = 8;
/// SE: an application to Kronofogden goes in no earlier than day 12.
pub const SE_KRONOFOGDEN_DAYS: u64 = 12;
/// NO: inkassoloven § 10, at least 14 days to pay or object.
pub const NO_DEADLINE_DAYS: u64 = 14;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    InvoiceDue,
    ReminderSent,
    CollectionWarningSent,
    DemandSent,
    PaymentReceived,
    DeadlineToPayOrDispute,
    EarliestKronofogden,
    LegalCollectionMayStart,
    CollectionPaused,
    /// A partial dispute pauses its part; the rest goes on as before.
    PartPaused,
    /// NO, contested: ordinary collection stays stopped; the creditor may bring the claim to the
    /// conciliation board (forliksrådet).
    ConciliationBoardMayFollow,
    /// SE, contested: the creditor may go to court or apply to Kronofogden, where the debtor can
    /// dispute again.
    CourtOrKronofogdenMayFollow,
    DisputeSent,
    DisputeInformationAdded,
    DeferralRequested,
    DeferralGranted,
    DeferralDeclined,
    ReviewAnswered,
    /// The creditor's decisions, one step each.
    PlanApproved,
    PlanDeclined,
    PlanCountered,
    ClaimWithdrawn,
    ClaimReduced,
    DisputeRejected,
    /// An active plan's installment falls due.
    InstallmentDue,
    /// The plan ended unpaid: the claim is back in collection.
    PlanLapsed,
}

impl StepKind {
    /// The step a creditor's decision on an item is in the claim's history.
    pub fn of_decision(kind: ItemKind, outcome: Outcome) -> Self {
        match (kind, outcome) {
            (ItemKind::Deferral, Outcome::Declined) => Self::DeferralDeclined,
            (_, Outcome::Declined) => Self::PlanDeclined,
            (_, Outcome::Approved) => Self::PlanApproved,
            (_, Outcome::Countered) => Self::PlanCountered,
            (_, Outcome::Withdrawn) => Self::ClaimWithdrawn,
            (_, Outcome::Reduced) => Self::ClaimReduced,
            (_, Outcome::Rejected) => Self::DisputeRejected,
            (_, Outcome::Granted) => Self::DeferralGranted,
            (_, Outcome::Answered) => Self::ReviewAnswered,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    pub date: NaiveDate,
    pub kind: StepKind,
    /// On or before today.
    pub done: bool,
}

pub struct CaseFacts<'a> {
    pub country: Country,
    pub due_date: NaiveDate,
    pub demand_sent_on: NaiveDate,
    pub fees: &'a [Fee],
    pub payments: &'a [Payment],
    pub status: ClaimStatus,
    pub today: NaiveDate,
    /// The pay-by date a granted deferral set: the deadline and every step after it move with it.
    pub deferred_to: Option<NaiveDate>,
    /// What the debtor did in the portal (a dispute and its additions, deferral requests) and what
    /// the creditor decided, dated.
    pub events: &'a [(NaiveDate, StepKind)],
    /// The due dates of the plan the claim is in, when one is active: while it is kept, they are
    /// the steps ahead and no legal step is announced.
    pub plan_due_dates: Option<&'a [NaiveDate]>,
}

/// The days a debtor has to pay or dispute after the demand: 8 in Sweden, 14 in Norway.
pub fn deadline_days(country: Country) -> u64 {
    match country {
        Country::Se => SE_DEADLINE_DAYS,
        Country::No => NO_DEADLINE_DAYS,
    }
}

/// The date a payment should reach the creditor by: the demand's deadline (or the later date a
/// deferral granted), or today once that has passed (a debtor is never told to pay by a day gone).
pub fn pay_by(
    country: Country,
    demand_sent_on: NaiveDate,
    deferred_to: Option<NaiveDate>,
    today: NaiveDate,
) -> NaiveDate {
    deadline(country, demand_sent_on, deferred_to).max(today)
}

/// The demand's deadline, or the later date a granted deferral set.
pub fn deadline(country: Country, demand_sent_on: NaiveDate, deferred_to: Option<NaiveDate>) -> NaiveDate {
    let by_law = plus(demand_sent_on, deadline_days(country));
    deferred_to.map_or(by_law, |d| d.max(by_law))
}

fn plus(d: NaiveDate, days: u64) -> NaiveDate {
    d.checked_add_days(Days::new(days)).unwrap_or(d)
}

/// Every step, oldest first.
pub fn timeline(f: &CaseFacts<'_>) -> Vec<Step> {
    let mut steps = vec![(f.due_date, StepKind::InvoiceDue), (f.demand_sent_on, StepKind::DemandSent)];
    for fee in f.fees.iter().filter(|fee| fee.date <= f.today) {
        if fee.kind.is_reminder() {
            steps.push((fee.date, StepKind::ReminderSent));
        } else if fee.kind.is_collection_warning() {
            steps.push((fee.date, StepKind::CollectionWarningSent));
        }
    }
    steps.extend(f.payments.iter().map(|p| (p.date, StepKind::PaymentReceived)));
    steps.extend(f.events.iter().copied());
    if f.status.is_disputed() {
        steps.push((f.today, StepKind::CollectionPaused));
    }
    if f.status.is_contested() {
        // Ahead, not done: the creditor has not gone on yet, and may from now on.
        let kind = match f.country {
            Country::Se => StepKind::CourtOrKronofogdenMayFollow,
            Country::No => StepKind::ConciliationBoardMayFollow,
        };
        steps.push((plus(f.today, 1), kind));
    }
    if let Some(dates) = f.plan_due_dates {
        steps.extend(dates.iter().map(|d| (*d, StepKind::InstallmentDue)));
    }
    if !f.status.escalation_stopped() && f.plan_due_dates.is_none() {
        let deadline = deadline(f.country, f.demand_sent_on, f.deferred_to);
        steps.push((deadline, StepKind::DeadlineToPayOrDispute));
        // What follows the deadline moves with it when a deferral moved it.
        match f.country {
            Country::Se => {
                steps.push((plus(deadline, SE_KRONOFOGDEN_DAYS - SE_DEADLINE_DAYS), StepKind::EarliestKronofogden))
            }
            Country::No => steps.push((plus(deadline, 1), StepKind::LegalCollectionMayStart)),
        }
    }
    // Stable: on one day, the order above (cause before effect) is kept.
    steps.sort_by_key(|(d, _)| *d);
    steps.dedup();
    steps.into_iter().map(|(date, kind)| Step { date, kind, done: date <= f.today }).collect()
}

/// The next date that matters: the first step still ahead, if any.
pub fn next_step(steps: &[Step]) -> Option<&Step> {
    steps.iter().find(|s| !s.done)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::claim::KnownFee;
    use crate::domain::Money;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn facts<'a>(country: Country, fees: &'a [Fee], status: ClaimStatus) -> CaseFacts<'a> {
        CaseFacts {
            country,
            due_date: d("2026-10-01"),
            demand_sent_on: d("2026-11-16"),
            fees,
            payments: &[],
            status,
            today: d("2026-11-21"),
            deferred_to: None,
            events: &[],
            plan_due_dates: None,
        }
    }

    #[test]
    fn a_kept_plan_replaces_the_legal_steps() {
        let dates = [d("2026-12-15"), d("2027-01-15")];
        let f = CaseFacts { plan_due_dates: Some(&dates), ..facts(Country::Se, &[], ClaimStatus::PlanActive) };
        let kinds: Vec<_> = timeline(&f).iter().map(|s| (s.date.to_string(), s.kind)).collect();
        assert_eq!(
            kinds,
            vec![
                ("2026-10-01".into(), StepKind::InvoiceDue),
                ("2026-11-16".into(), StepKind::DemandSent),
                ("2026-12-15".into(), StepKind::InstallmentDue),
                ("2027-01-15".into(), StepKind::InstallmentDue),
            ]
        );
    }

    #[test]
    fn swedish_deadlines_follow_the_demand() {
        let fees = [Fee { kind: KnownFee::Reminder.into(), amount: Money::from_minor(6000), date: d("2026-10-15") }];
        let steps = timeline(&facts(Country::Se, &fees, ClaimStatus::DemandSent));
        let kinds: Vec<_> = steps.iter().map(|s| (s.date.to_string(), s.kind, s.done)).collect();
        assert_eq!(
            kinds,
            vec![
                ("2026-10-01".into(), StepKind::InvoiceDue, true),
                ("2026-10-15".into(), StepKind::ReminderSent, true),
                ("2026-11-16".into(), StepKind::DemandSent, true),
                ("2026-11-24".into(), StepKind::DeadlineToPayOrDispute, false),
                ("2026-11-28".into(), StepKind::EarliestKronofogden, false),
            ]
        );
        assert_eq!(next_step(&steps).unwrap().kind, StepKind::DeadlineToPayOrDispute);
    }

    #[test]
    fn norwegian_deadline_is_fourteen_days() {
        let steps = timeline(&facts(Country::No, &[], ClaimStatus::DemandSent));
        let deadline = steps.iter().find(|s| s.kind == StepKind::DeadlineToPayOrDispute).unwrap();
        assert_eq!(deadline.date, d("2026-11-30"));
        assert!(steps.iter().any(|s| s.kind == StepKind::LegalCollectionMayStart && s.date == d("2026-12-01")));
    }

    #[test]
    fn a_dispute_pauses_every_further_step() {
        let steps = timeline(&facts(Country::Se, &[], ClaimStatus::Disputed));
        assert!(steps.iter().all(|s| s.done));
        assert!(steps.iter().any(|s| s.kind == StepKind::CollectionPaused));
        assert_eq!(next_step(&steps), None);
    }

    #[test]
    fn a_contested_claim_names_the_way_on_per_country_and_no_ordinary_step() {
        let events = [(d("2026-11-20"), StepKind::DisputeRejected)];
        for (country, way) in
            [(Country::No, StepKind::ConciliationBoardMayFollow), (Country::Se, StepKind::CourtOrKronofogdenMayFollow)]
        {
            let steps = timeline(&CaseFacts { events: &events, ..facts(country, &[], ClaimStatus::Contested) });
            let ordinary = [
                StepKind::DeadlineToPayOrDispute,
                StepKind::EarliestKronofogden,
                StepKind::LegalCollectionMayStart,
                StepKind::CollectionPaused,
            ];
            assert!(!steps.iter().any(|s| ordinary.contains(&s.kind)), "{country:?}");
            let next = next_step(&steps).unwrap();
            assert_eq!((next.kind, next.date), (way, d("2026-11-22")), "{country:?}");
        }
    }

    #[test]
    fn paid_claims_announce_no_further_step() {
        let steps = timeline(&facts(Country::No, &[], ClaimStatus::Paid));
        assert!(!steps.iter().any(|s| s.kind == StepKind::CollectionPaused));
        assert_eq!(next_step(&steps), None);
    }

    #[test]
    fn pay_by_is_the_deadline_or_today() {
        assert_eq!(pay_by(Country::Se, d("2026-11-16"), None, d("2026-11-21")), d("2026-11-24"));
        assert_eq!(pay_by(Country::No, d("2026-11-16"), None, d("2026-11-21")), d("2026-11-30"));
        assert_eq!(pay_by(Country::Se, d("2026-01-02"), None, d("2026-11-21")), d("2026-11-21"));
        assert_eq!(pay_by(Country::Se, d("2026-11-16"), Some(d("2026-12-20")), d("2026-11-21")), d("2026-12-20"));
    }

    #[test]
    fn a_deferral_moves_the_deadline_and_what_follows() {
        let events = [(d("2026-11-20"), StepKind::DeferralGranted)];
        let f = CaseFacts {
            deferred_to: Some(d("2026-12-10")),
            events: &events,
            ..facts(Country::Se, &[], ClaimStatus::DemandSent)
        };
        let steps = timeline(&f);
        let at = |k| steps.iter().find(|s| s.kind == k).map(|s| s.date.to_string());
        assert_eq!(at(StepKind::DeferralGranted).as_deref(), Some("2026-11-20"));
        assert_eq!(at(StepKind::DeadlineToPayOrDispute).as_deref(), Some("2026-12-10"));
        assert_eq!(at(StepKind::EarliestKronofogden).as_deref(), Some("2026-12-14"));
        let f = CaseFacts { deferred_to: Some(d("2026-12-10")), ..facts(Country::No, &[], ClaimStatus::DemandSent) };
        let steps = timeline(&f);
        assert!(steps.iter().any(|s| s.kind == StepKind::LegalCollectionMayStart && s.date == d("2026-12-11")));
    }

    #[test]
    fn the_debtors_own_steps_are_in_the_timeline() {
        let events = [(d("2026-11-18"), StepKind::DisputeSent), (d("2026-11-20"), StepKind::DisputeInformationAdded)];
        let f = CaseFacts { events: &events, ..facts(Country::Se, &[], ClaimStatus::Disputed) };
        let kinds: Vec<_> = timeline(&f).into_iter().map(|s| s.kind).collect();
        assert_eq!(
            kinds,
            [
                StepKind::InvoiceDue,
                StepKind::DemandSent,
                StepKind::DisputeSent,
                StepKind::DisputeInformationAdded,
                StepKind::CollectionPaused
            ]
        );
    }
}
