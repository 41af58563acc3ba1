use super::text_code::text_code;

text_code! {
    /// Where a claim stands. The plan and dispute features move a claim between these.
    pub enum ClaimStatus("claim status") {
        DemandSent = "demand_sent",
        PlanProposed = "plan_proposed",
        PlanActive = "plan_active",
        Disputed = "disputed",
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

    /// A dispute can be sent: the claim is neither disputed already nor settled.
    pub fn can_be_disputed(self) -> bool {
        !self.is_disputed() && !self.is_settled()
    }

    /// Collection is paused or over, so no further step is announced.
    pub fn escalation_stopped(self) -> bool {
        matches!(self, Self::Disputed | Self::Paid | Self::Closed)
    }
}

#[cfg(test)]
mod tests {
    use super::ClaimStatus::*;

    #[test]
    fn which_claims_can_still_be_disputed() {
        let disputable: Vec<_> = super::ClaimStatus::ALL.iter().filter(|s| s.can_be_disputed()).collect();
        assert_eq!(disputable, [&DemandSent, &PlanProposed, &PlanActive]);
        assert!(Paid.is_settled() && Closed.is_settled() && !Disputed.is_settled());
    }
}
