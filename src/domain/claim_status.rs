//! Where a claim stands (demand sent, plan proposed or active, disputed, contested, paid, closed),
//! as one code.

use super::text_code::text_code;

text_code! {
    /// Where a claim stands. The plan and dispute features move a claim between these.
    pub enum ClaimStatus("claim status") {
        DemandSent = "demand_sent",
        PlanProposed = "plan_proposed",
        PlanActive = "plan_active",
        Disputed = "disputed",
        /// The creditor rejected the debtor's dispute of the whole claim and maintains it; the
        /// debtor still objects. Ordinary collection does not resume: in Norway the creditor may
        /// bring the claim to the conciliation board (forliksrådet), in Sweden to court or to
        /// Kronofogden, where the debtor can object again. The debtor may dispute again with new
        /// information, or pay.
        Contested = "contested",
        Paid = "paid",
        Closed = "closed",
    }
}

impl ClaimStatus {
    /// A dispute pauses collection: no further step may be taken until it is answered.
    pub fn is_disputed(self) -> bool {
        self == Self::Disputed
    }

    /// Paid or closed: nothing is left to plan, dispute, defer or tell about.
    pub fn is_settled(self) -> bool {
        matches!(self, Self::Paid | Self::Closed)
    }

    /// A rejected dispute left the claim contested: only a court (or the conciliation board, or
    /// Kronofogden's proceedings where the debtor objects again) can take it further.
    pub fn is_contested(self) -> bool {
        self == Self::Contested
    }

    /// A dispute can be sent: the claim is neither disputed already nor settled. A contested claim
    /// can be disputed again, with new information.
    pub fn can_be_disputed(self) -> bool {
        !self.is_disputed() && !self.is_settled()
    }

    /// Ordinary collection is paused, stopped or over, so no ordinary step is announced.
    pub fn escalation_stopped(self) -> bool {
        matches!(self, Self::Disputed | Self::Contested | Self::Paid | Self::Closed)
    }
}

#[cfg(test)]
mod tests {
    use super::ClaimStatus::*;

    #[test]
    fn which_claims_can_still_be_disputed() {
        let disputable: Vec<_> = super::ClaimStatus::ALL.iter().filter(|s| s.can_be_disputed()).collect();
        assert_eq!(disputable, [&DemandSent, &PlanProposed, &PlanActive, &Contested]);
        assert!(Paid.is_settled() && Closed.is_settled() && !Disputed.is_settled() && !Contested.is_settled());
        assert!(Contested.escalation_stopped() && !Contested.is_disputed());
    }
}
