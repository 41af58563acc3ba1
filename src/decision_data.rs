//! A creditor's decision as both sides read it: the agent on the item's screen, the debtor on the
//! claim's pages.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::domain::decision::{DeclineReason, ItemKind, Outcome};
use crate::domain::Money;

/// A decision as both sides read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShownDecision {
    /// What was decided on: a plan proposal, a dispute, …
    pub kind: ItemKind,
    pub outcome: Outcome,
    pub reason: Option<DeclineReason>,
    pub note: String,
    /// A reduced claim's new principal.
    pub amount: Option<Money>,
    pub decided_by: String,
    /// When, in the portal's local time.
    pub decided_at: NaiveDateTime,
}
