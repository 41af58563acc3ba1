//! The load data itself, from a fixed seed: the same number of claims on the same day gives the
//! same creditors, debtors, claims, fees and payments (row ids and hashes aside, which are random).
//! Every fee is at its legal cap on its day (`fee_law`), every claim passes `Claim::new`, and a claim
//! paid in full was paid exactly its balance on the day, as the engine computes it.

use chrono::{Days, NaiveDate};

use crate::domain::claim::{Claim, Fee, KnownFee, Payment};
use crate::domain::fee_law::{check_fees, no_salaer_cap, no_sats_on, se_cap, DebtorKind};
use crate::domain::ids::{ClaimId, CreditorId, DebtorId};
use crate::domain::interest::{DayCount, InterestTerms, RateTable};
use crate::domain::reference::ReferenceScheme;
use crate::domain::statement::statement;
use crate::domain::{ClaimStatus, Country, Language, Money};
use crate::server::store::{LoadBatch, LoadClaim, LoadDebtor};

/// SplitMix64 (Steele, Lea, Flood 2014): a few lines, no dependency, and the same stream on every
/// platform; the load data need not be unpredictable, only repeatable.
pub struct SplitMix(u64);

/// The seed of every load: fixed, so the data depends only on the number of claims and the day.
pub const SEED: u64 = 0x5EED_2026_0025;

impl SplitMix {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `low..=high` (the tiny modulo bias does not matter for load data).
    pub fn between(&mut self, low: u64, high: u64) -> u64 {
        low + self.next_u64() % (high - low + 1)
    }

    /// True `percent` times in a hundred.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next_u64() % items.len() as u64) as usize]
    }
}

/// A creditor of the load data: name, organisation number, country, bankgiro or account, reference
/// scheme, how many claims in a hundred are its, and the staff's e-mail domain.
pub struct LoadCreditor {
    pub name: &'static str,
    pub org_number: &'static str,
    pub country: Country,
    pub bankgiro: Option<&'static str>,
    pub account: Option<&'static str>,
    pub scheme: ReferenceScheme,
    pub share: u64,
    pub domain: &'static str,
    /// What its claims are for, and its invoices' prefix.
    pub concerns: &'static [&'static str],
    pub invoice_prefix: &'static str,
}

pub const CREDITORS: [LoadCreditor; 5] = [
    LoadCreditor {
        name: "Nordljus Energi AB",
        org_number: "556677-1234",
        country: Country::Se,
        bankgiro: Some("5050-1055"),
        account: None,
        scheme: ReferenceScheme::SeOcrLength,
        share: 30,
        domain: "nordljus.load.example",
        concerns: &["Elräkning", "Fjärrvärme, kvartal", "Elräkning, slutfaktura"],
        invoice_prefix: "NE",
    },
    LoadCreditor {
        name: "Kvikk Mobil Sverige AB",
        org_number: "556788-4321",
        country: Country::Se,
        bankgiro: Some("5402-9917"),
        account: None,
        scheme: ReferenceScheme::SeOcr,
        share: 25,
        domain: "kvikkmobil.load.example",
        concerns: &["Mobilabonnemang", "Bredband", "Mobiltelefon, delbetalning"],
        invoice_prefix: "KM",
    },
    LoadCreditor {
        name: "Hemtrygg Försäkring AB",
        org_number: "556912-3456",
        country: Country::Se,
        bankgiro: Some("5321-7788"),
        account: None,
        scheme: ReferenceScheme::SeOcr,
        share: 15,
        domain: "hemtrygg.load.example",
        concerns: &["Hemförsäkring, premie", "Bilförsäkring, premie"],
        invoice_prefix: "HT",
    },
    LoadCreditor {
        name: "Fjellsport Detalj AS",
        org_number: "987 654 321",
        country: Country::No,
        bankgiro: None,
        account: Some("1503.22.71345"),
        scheme: ReferenceScheme::NoKidMod10,
        share: 18,
        domain: "fjellsport.load.example",
        concerns: &["Netthandel, ordre", "Sykkel, kjøp på faktura", "Telt og utstyr"],
        invoice_prefix: "FS",
    },
    LoadCreditor {
        name: "Nordvik Kraft AS",
        org_number: "912 345 678",
        country: Country::No,
        bankgiro: None,
        account: Some("1506.11.22334"),
        scheme: ReferenceScheme::NoKidMod11,
        share: 12,
        domain: "nordvikkraft.load.example",
        concerns: &["Strøm, månedsfaktura", "Nettleie"],
        invoice_prefix: "NK",
    },
];

const SE_FIRST: [&str; 12] =
    ["Anna", "Erik", "Maria", "Lars", "Sofia", "Johan", "Karin", "Peter", "Lena", "Mikael", "Eva", "Anders"];
const SE_LAST: [&str; 10] =
    ["Lindqvist", "Johansson", "Berg", "Nilsson", "Svensson", "Ek", "Sjöberg", "Holm", "Andersson", "Karlsson"];
const NO_FIRST: [&str; 10] = ["Ingrid", "Ole", "Kari", "Per", "Silje", "Lars", "Nora", "Jonas", "Hanne", "Emil"];
const NO_LAST: [&str; 8] = ["Hansen", "Kristiansen", "Nordmann", "Olsen", "Larsen", "Berg", "Haugen", "Bakken"];

/// What happens to a claim after it is stored, through the same store calls as the portal's
/// (so its audit lines, plan fee and status are as the portal would have made them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FollowUp {
    /// A plan the policy approves at once.
    Plan,
    /// A proposal beyond the creditor's automatic limits: it waits in the staff queue.
    Proposal,
    /// A dispute of the whole claim; `with_document` when a PDF comes with it.
    Dispute { with_document: bool },
}

/// A claim to follow up once every batch is stored.
pub struct Pending {
    pub claim_id: ClaimId,
    pub debtor_id: DebtorId,
    pub creditor: usize,
    pub claim: Claim,
    pub follow_up: FollowUp,
}

/// A letter whose code is printed: the only codes anyone knows.
pub struct SampleLetter {
    pub index: u64,
    pub case_number: String,
    pub access_code: String,
    pub creditor: usize,
    pub what: &'static str,
}

/// The number of the `index`th claim (from 0): eight digits starting with 5 (the demo's start with
/// 4, imported claims' with 7), so up to 9,999,999 claims.
pub fn case_number(index: u64) -> String {
    format!("5{:07}", index + 1)
}

/// Everything the generator needs that is fixed for the whole load.
pub struct Setting {
    pub today: NaiveDate,
    pub creditor_ids: Vec<CreditorId>,
    /// Each creditor's rate table, as stored.
    pub tables: Vec<RateTable>,
    /// The claims whose letters get a real code: index and the code.
    pub samples: Vec<(u64, String, String)>,
}

/// Generates the claims batch by batch; the previous claim's debtor and the random stream carry
/// from one batch to the next.
pub struct Generator {
    rng: SplitMix,
    current: Option<(DebtorId, Country)>,
    debtors: u64,
    /// Every second dispute comes with a document.
    disputes: u64,
}

impl Default for Generator {
    fn default() -> Self {
        Self { rng: SplitMix::new(SEED), current: None, debtors: 0, disputes: 0 }
    }
}

fn interest_for(country: Country) -> InterestTerms {
    match country {
        Country::Se => InterestTerms::Statutory { margin: 8.into(), day_count: DayCount::Act365 },
        Country::No => InterestTerms::Statutory { margin: 0.into(), day_count: DayCount::ActAct },
    }
}

fn days_before(day: NaiveDate, n: u64) -> NaiveDate {
    day.checked_sub_days(Days::new(n)).unwrap_or(day)
}

fn days_after(day: NaiveDate, n: u64) -> NaiveDate {
    day.checked_add_days(Days::new(n)).unwrap_or(day)
}

/// The case number as the reference base, as for every other claim; where the scheme has no check
/// digit for it (MOD11 leaves one base in eleven without one), the case number with the first digit
/// after it that has one. Nine digits never collide with another claim's eight.
fn reference_base(scheme: ReferenceScheme, case_number: &str) -> String {
    std::iter::once(case_number.to_owned())
        .chain((0..10).map(|d| format!("{case_number}{d}")))
        .find(|base| crate::domain::reference::reference(scheme, base).is_ok())
        .unwrap_or_else(|| case_number.to_owned())
}

impl Generator {
    pub fn batch(&mut self, s: &Setting, from: u64, to: u64) -> Result<(LoadBatch, Vec<Pending>), String> {
        let mut batch = LoadBatch { debtors: Vec::new(), claims: Vec::new() };
        let mut pending = Vec::new();
        for index in from..to {
            let creditor = self.creditor();
            let c = &CREDITORS[creditor];
            let debtor_id = self.debtor(c.country, &mut batch.debtors);
            let (claim, status, follow_up, demand_sent_on) = self.claim(c.country, s.today, &s.tables[creditor])?;
            let case_number = case_number(index);
            let id = ClaimId::random();
            let code_hash = s.samples.iter().find(|(i, _, _)| *i == index).map(|(_, _, hash)| hash.clone());
            if let Some(follow_up) = follow_up {
                let claim = claim.clone();
                pending.push(Pending {
                    claim_id: id.clone(),
                    debtor_id: debtor_id.clone(),
                    creditor,
                    claim,
                    follow_up,
                });
            }
            let month = self.rng.between(1, 12);
            let concerns = format!("{} {month:02}/{}", self.rng.pick(c.concerns), claim.due_date().format("%Y"));
            let invoice =
                format!("{}-{}-{:06}", c.invoice_prefix, claim.due_date().format("%Y"), self.rng.between(1, 999_999));
            batch.claims.push(LoadClaim {
                id,
                reference_base: reference_base(c.scheme, &case_number),
                case_number,
                creditor_id: s.creditor_ids[creditor].clone(),
                debtor_id,
                concerns,
                original_invoice: invoice,
                demand_sent_on,
                claim,
                status,
                code_hash,
            });
        }
        Ok((batch, pending))
    }

    fn creditor(&mut self) -> usize {
        let mut roll = self.rng.between(0, 99);
        for (i, c) in CREDITORS.iter().enumerate() {
            if roll < c.share {
                return i;
            }
            roll -= c.share;
        }
        0
    }

    /// Three claims in ten go to the previous claim's debtor (several claims, at one or several
    /// creditors, in one or two countries); the rest to a new debtor.
    fn debtor(&mut self, country: Country, new: &mut Vec<LoadDebtor>) -> DebtorId {
        if let Some((id, _)) = self.current.as_ref().filter(|_| self.rng.chance(30)) {
            return id.clone();
        }
        self.debtors += 1;
        let (first, last, language, tld) = match country {
            Country::Se => (*self.rng.pick(&SE_FIRST), *self.rng.pick(&SE_LAST), Language::Sv, "se"),
            Country::No => (*self.rng.pick(&NO_FIRST), *self.rng.pick(&NO_LAST), Language::Nb, "no"),
        };
        let language = if self.rng.chance(8) { Language::En } else { language };
        let id = DebtorId::random();
        let email = format!("{}.{}.{}@example.{tld}", ascii(first), ascii(last), self.debtors);
        new.push(LoadDebtor { id: id.clone(), name: format!("{first} {last}"), language, email });
        self.current = Some((id.clone(), country));
        id
    }

    /// A claim fallen due 20 to 1,000 days ago (most of them recent), its demand sent 10 to 40 days
    /// after, its fees at the law's caps; some partly paid, some paid in full; some to follow up.
    fn claim(
        &mut self,
        country: Country,
        today: NaiveDate,
        table: &RateTable,
    ) -> Result<(Claim, ClaimStatus, Option<FollowUp>, NaiveDate), String> {
        let age = match self.rng.between(0, 9) {
            0..=5 => self.rng.between(30, 120),
            6..=8 => self.rng.between(121, 400),
            _ => self.rng.between(401, 1_000),
        };
        let due = days_before(today, age);
        let demand_sent = days_after(due, self.rng.between(10, 25));
        // Whole kronor: 300 to 60,000, most below 5,000.
        let principal = Money::from_minor(
            100 * match self.rng.between(0, 9) {
                0..=5 => self.rng.between(300, 5_000),
                6..=8 => self.rng.between(5_001, 20_000),
                _ => self.rng.between(20_001, 60_000),
            } as i64,
        );
        let fees = self.fees(country, principal, due, demand_sent);
        check_fees(country, &fees, principal, DebtorKind::Consumer, demand_sent)
            .map_err(|e| format!("generated fees refused: {e:?}"))?;
        let terms = interest_for(country);
        let bare = Claim::new(principal, due, terms.clone(), fees.clone(), Vec::new()).map_err(|e| e.to_string())?;
        let roll = self.rng.between(0, 999);
        // Paid in full (6 %): the balance on the day of payment, exactly.
        if roll < 60 {
            let on = days_after(demand_sent, self.rng.between(1, age.saturating_sub(25).max(1)));
            let on = on.min(days_before(today, 1));
            let balance = statement(&bare, table, on).map_err(|e| e.to_string())?.total_outstanding;
            let paid = Claim::new(principal, due, terms, fees, vec![Payment { date: on, amount: balance }])
                .map_err(|e| e.to_string())?;
            return Ok((paid, ClaimStatus::Paid, None, demand_sent));
        }
        // Partly paid (25 %): one or two payments of a tenth to a third of the principal.
        let payments = if roll < 310 {
            let mut days: Vec<u64> = (0..self.rng.between(1, 2)).map(|_| self.rng.between(1, 15)).collect();
            days.sort_unstable();
            days.iter()
                .map(|d| {
                    let share = self.rng.between(10, 33) as i64;
                    let amount = Money::from_minor((principal.minor() * share / 100).max(100));
                    Payment { date: days_after(demand_sent, *d).min(days_before(today, 1)), amount }
                })
                .collect()
        } else {
            Vec::new()
        };
        let claim = Claim::new(principal, due, terms, fees, payments).map_err(|e| e.to_string())?;
        let follow_up = match self.rng.between(0, 999) {
            0..=14 => Some(FollowUp::Plan),
            15..=24 => Some(FollowUp::Proposal),
            25..=34 => {
                self.disputes += 1;
                Some(FollowUp::Dispute { with_document: self.disputes.is_multiple_of(2) })
            }
            _ => None,
        };
        Ok((claim, ClaimStatus::DemandSent, follow_up, demand_sent))
    }

    /// Sweden: a reminder fee (half the claims) and the collection fee. Norway: a purregebyr (half),
    /// an inkassovarsel (a third) and the light salær on the day of the demand.
    fn fees(&mut self, country: Country, principal: Money, due: NaiveDate, demand: NaiveDate) -> Vec<Fee> {
        let reminder_day = days_after(due, 7);
        let mut fees = Vec::new();
        let mut add = |kind: KnownFee, cap: Option<Money>, date: NaiveDate| {
            if let Some(amount) = cap.filter(|m| m.is_positive()) {
                fees.push(Fee { kind: kind.into(), amount, date });
            }
        };
        match country {
            Country::Se => {
                if self.rng.chance(50) {
                    add(KnownFee::Reminder, se_cap(KnownFee::Reminder, reminder_day), reminder_day);
                }
                add(KnownFee::Collection, se_cap(KnownFee::Collection, demand), demand);
            }
            Country::No => {
                let notice = |day| {
                    no_sats_on(day).and_then(|s| Money::round(s.decimal() / rust_decimal::Decimal::from(20)).ok())
                };
                if self.rng.chance(50) {
                    add(KnownFee::Purregebyr, notice(reminder_day), reminder_day);
                }
                if self.rng.chance(33) {
                    let day = days_after(due, 9);
                    add(KnownFee::Inkassovarsel, notice(day), day);
                }
                add(KnownFee::Inkassosalaer, no_salaer_cap(demand, principal, DebtorKind::Consumer, false), demand);
            }
        }
        fees
    }
}

/// An e-mail address's part of a name: å, ä, ö, ø, æ as a, a, o, o, ae.
fn ascii(name: &str) -> String {
    name.to_lowercase()
        .chars()
        .flat_map(|c| match c {
            'å' | 'ä' => "a".chars().collect::<Vec<_>>(),
            'ö' | 'ø' => vec!['o'],
            'æ' => vec!['a', 'e'],
            c => vec![c],
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stream_is_splitmix64() {
        // The first outputs of SplitMix64 seeded with 0 (the published reference values).
        let mut r = SplitMix::new(0);
        assert_eq!(r.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(r.next_u64(), 0x6E78_9E6A_A1B9_65F4);
    }

    #[test]
    fn shares_make_a_hundred_and_case_numbers_have_eight_digits() {
        assert_eq!(CREDITORS.iter().map(|c| c.share).sum::<u64>(), 100);
        assert_eq!(case_number(0), "50000001");
        assert_eq!(case_number(9_999_998), "59999999");
    }

    #[test]
    fn every_claim_has_a_reference_its_scheme_can_check() {
        use crate::domain::reference::reference;
        let mut lengthened = 0;
        for index in 0..300 {
            let case = case_number(index);
            assert_eq!(reference_base(ReferenceScheme::SeOcr, &case), case, "Luhn has a digit for every base");
            let base = reference_base(ReferenceScheme::NoKidMod11, &case);
            assert!(reference(ReferenceScheme::NoKidMod11, &base).is_ok(), "{base}");
            if base != case {
                assert_eq!((base.len(), &base[..8]), (9, case.as_str()));
                lengthened += 1;
            }
        }
        assert!(lengthened > 0, "about one case number in eleven has no MOD11 digit");
    }
}
