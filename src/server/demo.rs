//! Demo data: three creditors, ten debtors and the claims that show what the portal does (a fresh
//! collection demand, partial payments, one debtor with claims at several creditors, an old claim whose
//! interest spans many rate periods). Dates are relative to the day the data is loaded, so a fresh
//! demand stays fresh; sign-in codes are fixed so the README can list them.

use chrono::{Days, NaiveDate};

use super::auth::{canonical_code, hash_secret};
use super::store::{
    ActorKind, AuditAction, ClaimRegistration, CreditorRecord, NewProposal, NewStaffUser, ProposalState, StaffRole,
    Store, StoreError,
};
use crate::domain::claim::{Claim, Fee, KnownFee, Payment};
use crate::domain::ids::CreditorId;
use crate::domain::interest::{DayCount, InterestTerms};
use crate::domain::policy::PlanPolicy;
use crate::domain::proposal::{ChosenSize, PlanBasis, PlanChoice, Proposal};
use crate::domain::reference::ReferenceScheme;
use crate::domain::{ClaimStatus, Country, Language, Money};

/// A demo debtor's way in: the case number and access code printed on their letter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoLogin {
    pub debtor: &'static str,
    pub case_number: &'static str,
    pub access_code: &'static str,
    pub what: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoStaff {
    /// Index into `CREDITORS`.
    pub creditor: usize,
    pub name: &'static str,
    pub email: &'static str,
    pub password: &'static str,
    pub role: StaffRole,
}

const ENERGY: usize = 0;
const TELECOM: usize = 1;
const RETAIL_NO: usize = 2;

/// Name, organisation number, country, bankgiro, bank account, reference scheme.
type DemoCreditor = (&'static str, &'static str, Country, Option<&'static str>, Option<&'static str>, ReferenceScheme);

const CREDITORS: [DemoCreditor; 3] = [
    ("Nordljus Energi AB", "556677-1234", Country::Se, Some("5050-1055"), None, ReferenceScheme::SeOcrLength),
    ("Kvikk Mobil Sverige AB", "556788-4321", Country::Se, Some("5402-9917"), None, ReferenceScheme::SeOcr),
    ("Fjellsport Detalj AS", "987 654 321", Country::No, None, Some("1503.22.71345"), ReferenceScheme::NoKidMod10),
];

pub const STAFF: [DemoStaff; 4] = [
    DemoStaff {
        creditor: ENERGY,
        name: "Karin Lund",
        email: "handlaggare@nordljus.example",
        password: "demo-nordljus-2026",
        role: StaffRole::Agent,
    },
    DemoStaff {
        creditor: ENERGY,
        name: "Per Ek",
        email: "admin@nordljus.example",
        password: "demo-nordljus-admin-2026",
        role: StaffRole::Admin,
    },
    DemoStaff {
        creditor: TELECOM,
        name: "Sara Holm",
        email: "inkasso@kvikkmobil.example",
        password: "demo-kvikk-2026",
        role: StaffRole::Agent,
    },
    DemoStaff {
        creditor: RETAIL_NO,
        name: "Ola Nordmann",
        email: "kreditt@fjellsport.example",
        password: "demo-fjellsport-2026",
        role: StaffRole::Agent,
    },
];

/// A demo creditor's name, for the list of demo sign-ins.
pub fn creditor_name(index: usize) -> &'static str {
    CREDITORS[index].0
}

struct DemoDebtor {
    name: &'static str,
    language: Language,
    email: &'static str,
}

const DEBTORS: [DemoDebtor; 12] = [
    DemoDebtor { name: "Anna Lindqvist", language: Language::Sv, email: "anna.lindqvist@example.se" },
    DemoDebtor { name: "Erik Johansson", language: Language::Sv, email: "erik.johansson@example.se" },
    DemoDebtor { name: "Maria Berg", language: Language::Sv, email: "maria.berg@example.se" },
    DemoDebtor { name: "Lars Nilsson", language: Language::Sv, email: "lars.nilsson@example.se" },
    DemoDebtor { name: "Ingrid Hansen", language: Language::Nb, email: "ingrid.hansen@example.no" },
    DemoDebtor { name: "Ole Kristiansen", language: Language::Nb, email: "ole.kristiansen@example.no" },
    DemoDebtor { name: "Sofia Ahmed", language: Language::En, email: "sofia.ahmed@example.se" },
    DemoDebtor { name: "Johan Ek", language: Language::Sv, email: "johan.ek@example.se" },
    DemoDebtor { name: "Kari Nordmann", language: Language::Nb, email: "kari.nordmann@example.no" },
    DemoDebtor { name: "Peter Svensson", language: Language::Sv, email: "peter.svensson@example.se" },
    DemoDebtor { name: "Lena Sjöberg", language: Language::Sv, email: "lena.sjoberg@example.se" },
    DemoDebtor { name: "Mikael Holm", language: Language::Sv, email: "mikael.holm@example.se" },
];

/// When a date is given relative to the load day or fixed in the calendar.
#[derive(Clone, Copy)]
enum When {
    DaysAgo(u64),
    On(i32, u32, u32),
}

impl When {
    fn on(self, today: NaiveDate) -> NaiveDate {
        match self {
            When::DaysAgo(n) => today.checked_sub_days(Days::new(n)).unwrap_or(today),
            When::On(y, m, d) => NaiveDate::from_ymd_opt(y, m, d).unwrap_or(today),
        }
    }
}

struct DemoClaim {
    debtor: usize,
    creditor: usize,
    case_number: &'static str,
    access_code: &'static str,
    concerns: &'static str,
    invoice: &'static str,
    principal_minor: i64,
    due: When,
    demand_sent: When,
    fees: &'static [(KnownFee, i64, When)],
    payments: &'static [(i64, When)],
    status: ClaimStatus,
    what: &'static str,
}

use ClaimStatus::{DemandSent, Paid};
use KnownFee::{Collection, Inkassosalaer, Inkassovarsel, Purregebyr, Reminder};
use When::{DaysAgo, On};

const CLAIMS: [DemoClaim; 16] = [
    DemoClaim {
        debtor: 0,
        creditor: ENERGY,
        case_number: "40010001",
        access_code: "K7QM-4TXP",
        concerns: "Elräkning januari",
        invoice: "NE-2026-118274",
        principal_minor: 248_500,
        due: DaysAgo(30),
        demand_sent: DaysAgo(5),
        fees: &[(Reminder, 6_000, DaysAgo(20)), (Collection, 18_000, DaysAgo(5))],
        payments: &[],
        status: DemandSent,
        what: "fresh collection demand (SEK)",
    },
    DemoClaim {
        debtor: 1,
        creditor: TELECOM,
        case_number: "40010002",
        access_code: "R3WZ-8HNC",
        concerns: "Mobilabonnemang, 3 månader",
        invoice: "KM-771903",
        principal_minor: 489_000,
        due: DaysAgo(120),
        demand_sent: DaysAgo(95),
        fees: &[(Reminder, 6_000, DaysAgo(105)), (Collection, 18_000, DaysAgo(95))],
        payments: &[(50_000, DaysAgo(60)), (50_000, DaysAgo(30))],
        status: DemandSent,
        what: "partial payments (SEK)",
    },
    DemoClaim {
        debtor: 2,
        creditor: ENERGY,
        case_number: "40010003",
        access_code: "P9LD-2VKE",
        concerns: "Fjärrvärme, kvartal 2",
        invoice: "NE-2026-090115",
        principal_minor: 123_450,
        due: DaysAgo(75),
        demand_sent: DaysAgo(50),
        fees: &[(Collection, 18_000, DaysAgo(50))],
        payments: &[],
        status: DemandSent,
        what: "several claims, creditor 1 of 2 (SEK)",
    },
    DemoClaim {
        debtor: 2,
        creditor: TELECOM,
        case_number: "40010004",
        access_code: "F6TN-9XQB",
        concerns: "Mobiltelefon, delbetalning",
        invoice: "KM-802266",
        principal_minor: 89_900,
        due: DaysAgo(45),
        demand_sent: DaysAgo(12),
        fees: &[(Reminder, 6_000, DaysAgo(30)), (Collection, 18_000, DaysAgo(12))],
        payments: &[],
        status: DemandSent,
        what: "several claims, creditor 2 of 2 (SEK)",
    },
    DemoClaim {
        debtor: 3,
        creditor: ENERGY,
        case_number: "40010005",
        access_code: "M2HS-7CJW",
        concerns: "Elräkning, slutfaktura",
        invoice: "NE-2023-004512",
        principal_minor: 1_875_000,
        due: On(2023, 3, 31),
        demand_sent: On(2023, 5, 2),
        fees: &[(Reminder, 6_000, On(2023, 4, 15)), (Collection, 18_000, On(2023, 5, 2))],
        payments: &[(200_000, On(2024, 2, 10)), (150_000, On(2025, 9, 1))],
        status: DemandSent,
        what: "old claim, interest over many rate periods (SEK)",
    },
    DemoClaim {
        debtor: 4,
        creditor: RETAIL_NO,
        case_number: "40020001",
        access_code: "T8BV-3MRA",
        concerns: "Netthandel, ordre 55120",
        invoice: "FS-55120",
        principal_minor: 349_900,
        due: DaysAgo(40),
        demand_sent: DaysAgo(10),
        fees: &[(Purregebyr, 3_500, DaysAgo(25)), (Inkassosalaer, 56_000, DaysAgo(10))],
        payments: &[],
        status: DemandSent,
        what: "fresh collection demand (NOK)",
    },
    DemoClaim {
        debtor: 5,
        creditor: RETAIL_NO,
        case_number: "40020002",
        access_code: "W4KX-6PGD",
        concerns: "Sykkel, kjøp på faktura",
        invoice: "FS-48817",
        principal_minor: 1_290_000,
        due: On(2024, 5, 15),
        demand_sent: On(2024, 6, 20),
        fees: &[(Purregebyr, 3_500, On(2024, 5, 30)), (Inkassosalaer, 112_000, On(2024, 6, 20))],
        payments: &[(300_000, On(2024, 9, 1)), (300_000, On(2025, 3, 1))],
        status: DemandSent,
        what: "older claim with partial payments (NOK)",
    },
    DemoClaim {
        debtor: 6,
        creditor: TELECOM,
        case_number: "40010006",
        access_code: "H5ZR-2NLT",
        concerns: "Bredband, 2 månader",
        invoice: "KM-815530",
        principal_minor: 75_800,
        due: DaysAgo(35),
        demand_sent: DaysAgo(8),
        fees: &[(Collection, 18_000, DaysAgo(8))],
        payments: &[],
        status: DemandSent,
        what: "fresh demand, English-speaking debtor (SEK)",
    },
    DemoClaim {
        debtor: 7,
        creditor: ENERGY,
        case_number: "40010007",
        access_code: "C3JE-5WYU",
        concerns: "Elräkning december",
        invoice: "NE-2025-771002",
        principal_minor: 156_000,
        due: DaysAgo(90),
        demand_sent: DaysAgo(60),
        fees: &[(Collection, 18_000, DaysAgo(60))],
        payments: &[(180_000, DaysAgo(45))],
        status: Paid,
        what: "paid in full (SEK)",
    },
    DemoClaim {
        debtor: 8,
        creditor: RETAIL_NO,
        case_number: "40020003",
        access_code: "N7PF-4DKS",
        concerns: "Møbler, delbetaling",
        invoice: "FS-50391",
        principal_minor: 2_450_000,
        due: DaysAgo(200),
        demand_sent: DaysAgo(150),
        fees: &[
            (Purregebyr, 3_500, DaysAgo(185)),
            (Inkassovarsel, 3_500, DaysAgo(170)),
            (Inkassosalaer, 112_000, DaysAgo(150)),
        ],
        payments: &[(100_000, DaysAgo(100))],
        status: DemandSent,
        what: "several fees and a payment (NOK)",
    },
    DemoClaim {
        debtor: 9,
        creditor: ENERGY,
        case_number: "40010008",
        access_code: "G8YT-3QHM",
        concerns: "Elräkning februari",
        invoice: "NE-2026-133580",
        principal_minor: 312_000,
        due: DaysAgo(50),
        demand_sent: DaysAgo(15),
        fees: &[(Reminder, 6_000, DaysAgo(38)), (Collection, 18_000, DaysAgo(15))],
        payments: &[],
        status: DemandSent,
        what: "claims in two countries, 1 of 2 (SEK)",
    },
    DemoClaim {
        debtor: 9,
        creditor: RETAIL_NO,
        case_number: "40020004",
        access_code: "B2XN-7RVJ",
        concerns: "Telt og utstyr",
        invoice: "FS-56004",
        principal_minor: 589_000,
        due: DaysAgo(55),
        demand_sent: DaysAgo(20),
        fees: &[(Inkassosalaer, 56_000, DaysAgo(20))],
        payments: &[],
        status: DemandSent,
        what: "claims in two countries, 2 of 2 (NOK)",
    },
    DemoClaim {
        debtor: 0,
        creditor: TELECOM,
        case_number: "40010009",
        access_code: "L6DW-9KEC",
        concerns: "Mobilabonnemang, december",
        invoice: "KM-790412",
        principal_minor: 39_900,
        due: DaysAgo(65),
        demand_sent: DaysAgo(40),
        fees: &[(Reminder, 6_000, DaysAgo(52)), (Collection, 18_000, DaysAgo(40))],
        payments: &[],
        status: DemandSent,
        what: "second claim of the first debtor (SEK)",
    },
    DemoClaim {
        debtor: 3,
        creditor: TELECOM,
        case_number: "40010010",
        access_code: "V9AM-5TZQ",
        concerns: "Surfplatta, avbetalning",
        invoice: "KM-640077",
        principal_minor: 459_000,
        due: On(2024, 10, 31),
        demand_sent: On(2024, 12, 2),
        fees: &[(Reminder, 6_000, On(2024, 11, 14)), (Collection, 18_000, On(2024, 12, 2))],
        payments: &[],
        status: DemandSent,
        what: "older claim across rate periods (SEK)",
    },
    DemoClaim {
        debtor: 10,
        creditor: ENERGY,
        case_number: "40010011",
        access_code: "H4PR-6NWE",
        concerns: "Elräkning december",
        invoice: "NE-2025-129954",
        principal_minor: 906_000,
        due: DaysAgo(90),
        demand_sent: DaysAgo(60),
        fees: &[(Collection, 18_000, DaysAgo(60))],
        payments: &[],
        status: DemandSent,
        what: "an installment plan kept: the first installment paid, the next due (SEK)",
    },
    DemoClaim {
        debtor: 11,
        creditor: ENERGY,
        case_number: "40010012",
        access_code: "T8KC-2DFX",
        concerns: "Elräkning november",
        invoice: "NE-2025-127310",
        principal_minor: 640_000,
        due: DaysAgo(85),
        demand_sent: DaysAgo(55),
        fees: &[(Collection, 18_000, DaysAgo(55))],
        payments: &[],
        status: DemandSent,
        what: "an installment plan in arrears: the first installment unpaid for 20 days (SEK)",
    },
];

/// A plan a demo claim is in: made `started` with `count` installments, the first due on
/// `first_due`; `first_paid` when the first installment was paid on its day.
struct DemoPlan {
    case_number: &'static str,
    started: When,
    first_due: When,
    count: u32,
    first_paid: bool,
}

const PLANS: [DemoPlan; 2] = [
    DemoPlan { case_number: "40010011", started: DaysAgo(40), first_due: DaysAgo(30), count: 6, first_paid: true },
    DemoPlan { case_number: "40010012", started: DaysAgo(35), first_due: DaysAgo(20), count: 4, first_paid: false },
];

/// The plan the engine makes for `plan` on the day it was made (the claim as it stood then).
async fn demo_plan(
    store: &Store,
    (creditor_id, country): &(CreditorId, Country),
    claim: &Claim,
    plan: &DemoPlan,
    today: NaiveDate,
) -> Result<Proposal, StoreError> {
    let creditor = store.creditor(creditor_id).await?.ok_or_else(|| StoreError::Corrupt("demo creditor".into()))?;
    let table = store.rate_table(&creditor.rate_table).await?;
    let policy = PlanPolicy::default_for(*country);
    let basis = PlanBasis { claim, table: &table, policy: &policy, today: plan.started.on(today) };
    let choice =
        PlanChoice { size: ChosenSize::Installments { count: plan.count }, first_due: plan.first_due.on(today) };
    basis.propose(choice).map_err(|e| StoreError::Corrupt(format!("demo plan {}: {e}", plan.case_number)))
}

/// The sign-in details of every demo claim, in a stable order.
pub fn logins() -> Vec<DemoLogin> {
    CLAIMS
        .iter()
        .map(|c| DemoLogin {
            debtor: DEBTORS[c.debtor].name,
            case_number: c.case_number,
            access_code: c.access_code,
            what: c.what,
        })
        .collect()
}

fn interest_for(country: Country) -> InterestTerms {
    match country {
        Country::Se => InterestTerms::Statutory { margin: 8.into(), day_count: DayCount::Act365 },
        Country::No => InterestTerms::Statutory { margin: 0.into(), day_count: DayCount::ActAct },
    }
}

/// Demo letters' codes work for a year from loading (production codes: `CODE_LIFETIME_DAYS`).
const DEMO_CODE_LIFETIME_SECS: i64 = 365 * 24 * 60 * 60;

/// Loads the demo data into an empty database. Returns false (and changes nothing) when it holds data.
pub async fn seed(store: &Store, today: NaiveDate) -> Result<bool, StoreError> {
    if !store.is_empty().await? {
        return Ok(false);
    }
    let mut creditor_ids = Vec::new();
    for (name, org, country, bankgiro, account, scheme) in CREDITORS {
        let rec =
            CreditorRecord::new(name, org, country, (bankgiro, account), scheme, &PlanPolicy::default_for(country));
        store.insert_creditor(&rec).await?;
        creditor_ids.push((rec.id, country));
    }
    let mut debtor_ids = Vec::new();
    for d in &DEBTORS {
        debtor_ids.push(store.insert_debtor(d.name, d.language, Some(d.email), None, None).await?.id);
    }
    for c in &CLAIMS {
        let (creditor_id, country) = &creditor_ids[c.creditor];
        let claim = Claim::new(
            Money::from_minor(c.principal_minor),
            c.due.on(today),
            interest_for(*country),
            c.fees
                .iter()
                .map(|(kind, minor, when)| Fee {
                    kind: (*kind).into(),
                    amount: Money::from_minor(*minor),
                    date: when.on(today),
                })
                .collect(),
            c.payments
                .iter()
                .map(|(minor, when)| Payment { date: when.on(today), amount: Money::from_minor(*minor) })
                .collect(),
        )
        .map_err(|e| StoreError::Corrupt(format!("demo claim {}: {e}", c.case_number)))?;
        let plan = match PLANS.iter().find(|p| p.case_number == c.case_number) {
            Some(p) => Some((p, demo_plan(store, &creditor_ids[c.creditor], &claim, p, today).await?)),
            None => None,
        };
        // The first installment paid on its day, as the creditor's system would have reported it.
        let claim = match plan.as_ref().filter(|(p, _)| p.first_paid) {
            Some((p, proposal)) => {
                let paid = Payment { date: p.first_due.on(today), amount: proposal.plan.installment_amount };
                let (principal, due, terms) = (claim.principal(), claim.due_date(), claim.interest().clone());
                Claim::new(principal, due, terms, claim.fees().to_vec(), vec![paid])
                    .map_err(|e| StoreError::Corrupt(format!("demo claim {}: {e}", c.case_number)))?
            }
            None => claim,
        };
        let hash = hash_secret(&canonical_code(c.access_code))?;
        let id = store
            .insert_claim(ClaimRegistration {
                case_number: c.case_number,
                creditor_id,
                debtor_id: &debtor_ids[c.debtor],
                concerns: c.concerns,
                original_invoice: c.invoice,
                claim: &claim,
                status: c.status,
                reference_base: c.case_number,
                access_code_hash: &hash,
                code_expires_at: store.clock().now() + DEMO_CODE_LIFETIME_SECS,
                demand_sent_on: c.demand_sent.on(today),
            })
            .await?;
        if let Some((_, proposal)) = plan {
            store
                .record_proposal(NewProposal {
                    claim_id: &id,
                    debtor_id: &debtor_ids[c.debtor],
                    state: ProposalState::Active,
                    proposal: &proposal,
                    plan_fee: proposal.plan_fee,
                    status_before: c.status,
                    status_after: ClaimStatus::PlanActive,
                })
                .await?;
        }
    }
    for s in &STAFF {
        let hash = hash_secret(s.password)?;
        let (creditor_id, _) = &creditor_ids[s.creditor];
        store
            .insert_staff_user(NewStaffUser {
                creditor_id,
                email: s.email,
                name: s.name,
                role: s.role,
                password_hash: &hash,
                // The demo's passwords are printed for everyone: a demo, not an account to keep.
                must_change_password: false,
            })
            .await?;
    }
    store
        .audit(
            ActorKind::System,
            None,
            AuditAction::DemoDataLoaded,
            None,
            &serde_json::json!({ "claims": CLAIMS.len(), "as_of": today }),
        )
        .await?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_covers_what_the_issue_asks_for() {
        assert!(DEBTORS.len() >= 10 && CREDITORS.len() >= 3);
        assert!(CLAIMS.iter().any(|c| !c.payments.is_empty()));
        let mut per_debtor = std::collections::HashMap::<usize, std::collections::HashSet<usize>>::new();
        for c in &CLAIMS {
            per_debtor.entry(c.debtor).or_default().insert(c.creditor);
        }
        assert!(per_debtor.values().any(|creditors| creditors.len() > 1));
        assert!(per_debtor.len() == DEBTORS.len(), "every demo debtor has a claim");
        let mut cases: Vec<_> = CLAIMS.iter().map(|c| c.case_number).collect();
        cases.sort();
        cases.dedup();
        assert_eq!(cases.len(), CLAIMS.len());
        assert!(PLANS.iter().all(|p| CLAIMS.iter().any(|c| c.case_number == p.case_number)));
    }

    #[test]
    fn every_demo_fee_is_within_the_law_on_the_test_day_and_a_year_on() {
        use crate::domain::fee_law::{check_fees, DebtorKind};
        for today in ["2026-11-24", "2027-11-24"] {
            let today: NaiveDate = today.parse().unwrap();
            for c in &CLAIMS {
                let fees: Vec<Fee> = c
                    .fees
                    .iter()
                    .map(|(kind, minor, when)| Fee {
                        kind: (*kind).into(),
                        amount: Money::from_minor(*minor),
                        date: when.on(today),
                    })
                    .collect();
                let country = CREDITORS[c.creditor].2;
                let checked = check_fees(
                    country,
                    &fees,
                    Money::from_minor(c.principal_minor),
                    DebtorKind::Consumer,
                    c.demand_sent.on(today),
                );
                assert_eq!(checked, Ok(()), "{} on {today}", c.case_number);
            }
        }
    }
}
