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

    /// Collection is paused or over, so no further step is announced.
    pub fn escalation_stopped(self) -> bool {
        matches!(self, Self::Disputed | Self::Paid | Self::Closed)
    }
}
