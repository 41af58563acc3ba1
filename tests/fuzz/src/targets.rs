//! The parsers that take input from outside, each run on one input and held to what it promises.
//! A broken promise is a panic. The AFL++ binaries (`src/bin/*.rs`; `src/main.rs` is calc's) and the
//! property tests (`tests/parser_properties.rs`, which includes this file) call the same functions,
//! so a crash AFL++ finds and a failing property are the same finding.

use std::collections::HashSet;
use std::net::{IpAddr, SocketAddr};

use axum::body::Body;
use axum::extract::multipart::Multipart;
use axum::extract::FromRequest;
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, HeaderValue, Method, Request};
use chrono::NaiveDate;
use debtor_portal::domain::api_key::KeyName;
use debtor_portal::domain::claim::{FeeKind, KnownFee};
use debtor_portal::domain::claim_import::{
    read_import, read_records, ImportCode, ImportColumn, ImportProblem, ImportedClaim, COLUMNS, MAX_FEES,
    MAX_IMPORT_ROWS, MAX_PROBLEMS, SE_COLLECTION_FEE_CAP,
};
use debtor_portal::domain::decision::{
    counter_choice, review_answer, DeclineReason, DeferralDecision, DisputeDecision, Note, PlanDecision, MAX_NOTE_CHARS,
};
use debtor_portal::domain::deferral::requested_date;
use debtor_portal::domain::dispute::{DisputeReason, Explanation, MAX_EXPLANATION_CHARS};
use debtor_portal::domain::document::{DocumentType, MAX_FILES, MAX_FILE_BYTES};
use debtor_portal::domain::fee_law::check_fees;
use debtor_portal::domain::hardship::{HardshipStatement, MAX_HOUSEHOLD};
use debtor_portal::domain::interest::DayCount;
use debtor_portal::domain::plan::MAX_INSTALLMENTS;
use debtor_portal::domain::policy::SE_PLAN_FEE_CAP;
use debtor_portal::domain::policy_form::{example_plan, PolicyFields, MAX_POLICY_DAYS};
use debtor_portal::domain::proposal::{ChosenSize, PlanChoice};
use debtor_portal::domain::staff_account::{NewAccount, MIN_PASSWORD_CHARS};
use debtor_portal::domain::{form_amount, format_amount, Country, InputError, Money};
use debtor_portal::error::AppError;
use debtor_portal::server::api::claims::{checked_payment, claims_of, MAX_API_CLAIMS};
use debtor_portal::server::api::{DisputeResolutionIn, NewClaim, NewPayment, ProposalDecisionIn};
use debtor_portal::server::client_address::{client_ip, Cidr};
use debtor_portal::server::uploads::{read_submission, Submission};
use rust_decimal::Decimal;

/// The day every import and form is read on: fixed, so that a crash replays.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).expect("a calendar date")
}

pub const COUNTRIES: [Country; 2] = [Country::Se, Country::No];

/// The principal of the claim a fuzzed dispute answer is about.
pub const DISPUTED_PRINCIPAL: Money = Money::from_minor(1_250_050);

/// The boundary of every multipart body fed to [`multipart`].
pub const BOUNDARY: &str = "fuzz-boundary-7f3a";

/// The longest cell an import takes (`claim_import`'s `Row::get`).
const MAX_CELL_CHARS: usize = 200;
/// The longest payer's reference the API keeps (`api::claims`).
const MAX_REFERENCE_CHARS: usize = 50;
/// The most monthly kronor a hardship statement takes (`hardship`'s `MAX_MONTHLY`).
const MAX_MONTHLY: Money = Money::from_minor(10_000_000 * 100);
/// A kept file name: a stem of at most 100 characters, a dot and an extension of three.
const MAX_FILE_NAME_CHARS: usize = 100 + 4;

/// The CSV import, for a creditor in each country.
pub fn csv_import(data: &[u8]) {
    for country in COUNTRIES {
        match read_import(data, country, today()) {
            Ok(claims) => {
                assert!((1..=MAX_IMPORT_ROWS).contains(&claims.len()), "{} claims", claims.len());
                assert!(claims[0].line >= 2, "line 1 is the header");
                assert!(claims.windows(2).all(|w| w[0].line < w[1].line), "claims out of file order");
                imported_claims_hold(&claims, country);
            }
            Err(problems) => problems_hold(&problems),
        }
    }
}

/// What `read_records` promises of every claim it accepts, from a file or from the API.
pub fn imported_claims_hold(claims: &[ImportedClaim], country: Country) {
    let (fee_kind, day_count) = match country {
        Country::Se => (KnownFee::Collection, DayCount::Act365),
        Country::No => (KnownFee::Inkassosalaer, DayCount::ActAct),
    };
    let mut invoices = HashSet::new();
    for c in claims {
        let d = &c.debtor;
        for text in [&d.name, &c.concerns, &c.original_invoice] {
            cell_holds(text);
        }
        for text in [&d.reference, &d.email, &d.phone, &d.address].into_iter().flatten() {
            cell_holds(text);
        }
        assert!(invoices.insert(c.original_invoice.as_str()), "invoice {:?} twice", c.original_invoice);
        let claim = &c.claim;
        assert!(claim.principal().is_positive(), "principal {}", claim.principal());
        assert!(
            claim.due_date() <= c.demand_sent_on && c.demand_sent_on <= today(),
            "due {} demand {}",
            claim.due_date(),
            c.demand_sent_on
        );
        assert!(claim.payments().is_empty(), "an import records no payment");
        assert!(claim.fees().len() <= 1 + MAX_FEES, "{} fees", claim.fees().len());
        for fee in claim.fees() {
            assert!(fee.amount.is_positive(), "fee {}", fee.amount);
            assert!(fee.date <= today(), "a fee dated {} after today", fee.date);
            if fee.kind == FeeKind::from(fee_kind) && fee.date == c.demand_sent_on {
                assert!(
                    country == Country::No || fee.amount <= SE_COLLECTION_FEE_CAP,
                    "fee {} above the cap",
                    fee.amount
                );
            }
        }
        // Every fee taken is one the law allows, on its date, within its cap and count.
        let lawful = check_fees(country, claim.fees(), claim.principal(), c.debtor_kind, c.demand_sent_on);
        assert_eq!(lawful, Ok(()), "an unlawful fee was imported");
        let interest = claim.interest();
        assert_eq!(interest.day_count(), day_count);
        assert!((Decimal::ZERO..=Decimal::ONE_HUNDRED).contains(&interest.rate()), "rate {}", interest.rate());
    }
}

/// A cell as kept: trimmed, not empty, at most 200 characters, no control characters.
fn cell_holds(text: &str) {
    assert!(
        !text.is_empty()
            && text.trim() == text
            && text.chars().count() <= MAX_CELL_CHARS
            && !text.chars().any(char::is_control),
        "cell {text:?}"
    );
}

/// A refused import says what to correct, each thing on a line of the file and in a known column.
fn problems_hold(problems: &[ImportProblem]) {
    assert!(!problems.is_empty(), "refused without a reason");
    assert!(problems.iter().all(|p| p.line >= 1), "{problems:?}");
    // A place on the line only where the text stops being CSV, and then the file's one problem.
    for p in problems.iter().filter(|p| p.character.is_some()) {
        assert!(matches!(p.code, ImportCode::NotCsv | ImportCode::QuoteMisplaced), "{p:?}");
        assert!(p.character >= Some(1) && p.column.is_none() && problems.len() == 1, "{problems:?}");
    }
    if problems.iter().any(|p| p.line > 1) {
        assert!(problems.len() <= MAX_PROBLEMS, "{} problems", problems.len());
        for column in problems.iter().filter_map(|p| p.column.as_deref()) {
            assert!(column.parse::<ImportColumn>().is_ok(), "problem in column {column:?}");
        }
    }
}

/// A form's text fields: the input split at NUL bytes (no browser sends one), each read as the
/// multipart reader reads a field (lossy UTF-8).
pub fn form_fields(data: &[u8]) -> Vec<String> {
    data.split(|b| *b == 0).map(|f| String::from_utf8_lossy(f).into_owned()).collect()
}

/// Every form parser on the same fields, from the first on: the amount, hardship, plan policy,
/// plan choice, deferral date, dispute, staff decisions, staff account and API key name forms.
pub fn forms(data: &[u8]) {
    let fields = form_fields(data);
    let f = |i: usize| fields.get(i).map_or("", String::as_str);
    amount_field(f(0));
    hardship_form(f(0), f(1), f(2), f(3), f(4), !f(5).is_empty());
    policy_form(&PolicyFields {
        max_installments: f(0).to_owned(),
        min_installment: f(1).to_owned(),
        max_days_to_first_due: f(2).to_owned(),
        plan_fee: f(3).to_owned(),
        auto_approve_max_installments: f(4).to_owned(),
        auto_approve_min_installment: f(5).to_owned(),
        max_deferral_days: f(6).to_owned(),
        arrears_grace_days: f(7).to_owned(),
        lapse_days: f(8).to_owned(),
        new_plan_after_lapse: f(9).to_owned(),
    });
    plan_choice_form(f(0), f(1), f(2), f(3));
    if let Ok(day) = requested_date(f(0)) {
        assert_eq!(requested_date(&day.to_string()), Ok(day), "a date does not read back");
    }
    if let Ok(reason) = DisputeReason::from_field(f(0)) {
        assert_eq!(reason.as_str(), f(0).trim());
    }
    if let Ok(e) = Explanation::new(f(1)) {
        explanation_holds(&e);
    }
    decision_forms(f(0), f(1), f(2));
    if let Ok(a) = NewAccount::from_fields(f(0), f(1), f(2), f(3)) {
        assert!(!a.name().is_empty() && a.name() == a.name().trim() && !a.name().chars().any(char::is_control));
        assert!(a.email().contains('@') && a.email() == a.email().to_lowercase(), "email {:?}", a.email());
        assert!(a.password().chars().count() >= MIN_PASSWORD_CHARS);
    }
    if let Ok(name) = KeyName::new(f(0)) {
        let n = name.as_str();
        assert!(!n.is_empty() && n == n.trim() && n.chars().count() <= 100 && !n.chars().any(char::is_control));
    }
}

/// An amount typed into a form: never negative, and what the pages show of it reads back as it.
pub fn amount_field(text: &str) {
    let read = form_amount(text);
    assert_eq!(matches!(read, Ok(None)), text.chars().all(char::is_whitespace), "{text:?} read as {read:?}");
    if let Ok(Some(m)) = read {
        assert!(!m.is_negative(), "{text:?} read as {m}");
        assert_eq!(form_amount(&m.to_string()), Ok(Some(m)), "{m} does not read back");
        assert_eq!(form_amount(&format_amount(m, true)), Ok(Some(m)), "{m} as shown in sv/nb does not read back");
        assert_eq!(Money::parse(&m.to_string()), Ok(m));
    }
}

pub fn hardship_form(situation: &str, income: &str, expenses: &str, household: &str, words: &str, consent: bool) {
    let Ok(s) = HardshipStatement::from_fields(situation, income, expenses, household, words, consent) else {
        return;
    };
    assert!(consent, "taken without consent");
    assert_eq!(s.situation.as_str(), situation.trim());
    for m in [s.monthly_income, s.monthly_expenses].into_iter().flatten() {
        assert!(!m.is_negative() && m <= MAX_MONTHLY, "monthly {m}");
    }
    if let Some(n) = s.household_size {
        assert!((1..=MAX_HOUSEHOLD).contains(&n), "household {n}");
    }
    explanation_holds(&s.explanation);
}

/// The debtor's own words as kept: not empty, trimmed, bounded, clean, and the same when the store
/// reads them back through `Explanation::new` (which calls a refused one corrupt data).
pub fn explanation_holds(e: &Explanation) {
    let text = e.as_str();
    assert!(!text.is_empty(), "an empty explanation was taken");
    free_text_holds(text, MAX_EXPLANATION_CHARS);
    assert_eq!(Explanation::new(text).as_ref(), Ok(e), "a kept explanation does not read back as kept");
}

/// An agent's note as kept: trimmed, bounded, clean, and unchanged when checked again.
pub fn note_holds(n: &Note) {
    free_text_holds(n.as_str(), MAX_NOTE_CHARS);
    assert_eq!(Note::new(n.as_str()).as_ref(), Ok(n), "a kept note does not read back as kept");
}

fn free_text_holds(text: &str, max_chars: usize) {
    assert_eq!(text, text.trim(), "kept untrimmed");
    assert!(text.chars().count() <= max_chars, "{} characters", text.chars().count());
    assert!(!text.chars().any(|c| c.is_control() && c != '\n' && c != '\t'), "control character kept in {text:?}");
}

pub fn policy_form(fields: &PolicyFields) {
    for country in COUNTRIES {
        match fields.policy(country) {
            Ok(policy) => {
                let t = policy.terms();
                assert!((1..=MAX_INSTALLMENTS).contains(&t.max_installments));
                assert!((1..=t.max_installments).contains(&t.auto_approve_max_installments));
                assert!(t.max_days_to_first_due <= MAX_POLICY_DAYS && t.max_deferral_days <= MAX_POLICY_DAYS);
                assert!(!t.min_installment.is_negative() && t.auto_approve_min_installment >= t.min_installment);
                assert!(!t.plan_fee.is_negative());
                assert!(country == Country::No || t.plan_fee <= SE_PLAN_FEE_CAP, "plan fee {}", t.plan_fee);
                // The settings page fills the form with the terms in force; saving it unchanged
                // must keep them.
                assert_eq!(PolicyFields::of(t).policy(country).as_ref(), Ok(&policy));
                // The settings page shows the example under any policy it saved; an error is shown
                // as such, only a panic would be a fault.
                let _ = example_plan(&policy, today());
            }
            Err(InputError::PolicyCountInvalid) => {
                // `policy` maps `PlanPolicy::new`'s refusal to this code, on the claim that its own
                // checks leave nothing for `new` to refuse: then a count must be what is wrong.
                let count_ok = |s: &str| s.trim().parse::<u32>().is_ok_and(|n| (1..=MAX_INSTALLMENTS).contains(&n));
                assert!(
                    !count_ok(&fields.max_installments) || !count_ok(&fields.auto_approve_max_installments),
                    "valid counts refused: {fields:?}"
                );
            }
            Err(_) => {}
        }
    }
}

pub fn plan_choice_form(mode: &str, count: &str, amount: &str, first_due: &str) {
    let Ok(choice) = PlanChoice::from_fields(mode, count, amount, first_due) else { return };
    let (count, amount) = match choice.size {
        ChosenSize::Installments { count } => {
            assert!((1..=MAX_INSTALLMENTS).contains(&count), "{count} installments");
            (count.to_string(), String::new())
        }
        ChosenSize::Amount { amount } => {
            assert!(amount.is_positive(), "installment {amount}");
            (String::new(), amount.to_string())
        }
    };
    // The page writes a choice back into its form (`PlanChoice::mode` says how).
    let again = PlanChoice::from_fields(choice.mode().as_str(), &count, &amount, &choice.first_due.to_string());
    assert_eq!(again, Ok(choice), "a choice does not read back from its own fields");
}

/// The staff's decision forms and an agent's counter-proposal, on the same three fields.
pub fn decision_forms(outcome: &str, second: &str, third: &str) {
    if let Ok(d) = PlanDecision::from_fields(outcome, second, third) {
        note_holds(d.note());
        if d.reason() == Some(DeclineReason::Other) {
            assert!(!d.note().is_empty(), "declined for `other` without a note");
        }
    }
    if let Ok(d) = DeferralDecision::from_fields(outcome, second) {
        note_holds(d.note());
        if let DeferralDecision::Decline { note } = &d {
            assert!(!note.is_empty(), "declined without telling why");
        }
    }
    if let Ok(d) = DisputeDecision::from_fields(outcome, second, third, DISPUTED_PRINCIPAL) {
        match &d {
            DisputeDecision::Withdraw { note } => note_holds(note),
            DisputeDecision::Reduce { principal, note } => {
                assert!(principal.is_positive() && *principal < DISPUTED_PRINCIPAL, "reduced to {principal}");
                note_holds(note);
            }
            DisputeDecision::Reject { explanation } => {
                assert!(!explanation.is_empty(), "rejected without an explanation");
                note_holds(explanation);
            }
        }
    }
    if let Ok(n) = review_answer(outcome) {
        assert!(!n.is_empty(), "an empty answer");
        note_holds(&n);
    }
    if let Ok(choice) = counter_choice(outcome, second, today()) {
        assert_eq!(choice.first_due, today());
        assert!(outcome.trim().is_empty() != second.trim().is_empty(), "a counter needs exactly one of the two");
    }
}

/// The JSON bodies of the API's POSTs, each read as its handler reads it and checked as it checks.
pub fn api_json(data: &[u8]) {
    if let Ok(body) = serde_json::from_slice::<serde_json::Value>(data) {
        if let Ok(claims) = claims_of(body) {
            new_claims(claims);
        }
    }
    if let Ok(p) = serde_json::from_slice::<NewPayment>(data) {
        if let Ok((payment, reference)) = checked_payment(&p) {
            assert!(payment.amount.is_positive(), "payment {}", payment.amount);
            assert_eq!(payment.date, p.paid_on);
            assert_eq!(Money::parse(&payment.amount.to_string()), Ok(payment.amount));
            if let Some(r) = reference {
                assert!(
                    !r.is_empty()
                        && r == r.trim()
                        && r.chars().count() <= MAX_REFERENCE_CHARS
                        && !r.chars().any(char::is_control),
                    "reference {r:?}"
                );
            }
        }
    }
    if let Ok(b) = serde_json::from_slice::<ProposalDecisionIn>(data) {
        decision_forms(&b.outcome, &b.reason.unwrap_or_default(), &b.note.unwrap_or_default());
    }
    if let Ok(b) = serde_json::from_slice::<DisputeResolutionIn>(data) {
        decision_forms(&b.outcome, &b.new_principal.unwrap_or_default(), &b.note.unwrap_or_default());
    }
}

/// `POST /api/v1/claims` after the body is read: checked as the CSV import checks a file.
pub fn new_claims(claims: Vec<NewClaim>) {
    if !(1..=MAX_API_CLAIMS).contains(&claims.len()) {
        return;
    }
    let invoices: Vec<String> = claims.iter().map(|c| c.original_invoice.trim().to_owned()).collect();
    let records: Vec<(usize, Vec<String>)> = claims.into_iter().map(NewClaim::fields).enumerate().collect();
    for country in COUNTRIES {
        match read_records(COLUMNS, &records, country, today()) {
            Ok(checked) => {
                assert_eq!(checked.len(), records.len(), "all or nothing");
                imported_claims_hold(&checked, country);
                for (i, c) in checked.iter().enumerate() {
                    assert_eq!((c.line, &c.original_invoice), (i, &invoices[i]), "claims out of request order");
                }
            }
            Err(problems) => {
                assert!(!problems.is_empty(), "refused without a reason");
                assert!(problems.iter().all(|p| p.line < records.len()), "a problem names no claim: {problems:?}");
            }
        }
    }
}

/// A multipart body as the dispute and hardship forms send it, read by `read_submission` from an
/// axum request as the handlers get it.
pub fn multipart(rt: &tokio::runtime::Runtime, body: &[u8]) -> Result<Submission, AppError> {
    let request = Request::builder()
        .method(Method::POST)
        .uri("/claims/c/dispute")
        .header(CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"))
        .body(Body::from(body.to_vec()))
        .expect("a request");
    let read = rt.block_on(async { read_submission(Multipart::from_request(request, &()).await).await });
    if let Ok(s) = &read {
        assert!(s.files.len() <= MAX_FILES, "{} files", s.files.len());
        for file in &s.files {
            assert!(!file.content.is_empty() && file.content.len() <= MAX_FILE_BYTES, "{} bytes", file.content.len());
            assert_eq!(DocumentType::sniff(&file.content), Ok(file.kind), "kept as another type");
            let extension = format!(".{}", file.kind.extension());
            assert!(file.name.ends_with(&extension), "{:?} kept as {:?}", file.name, file.kind);
            assert!(file.name.chars().count() <= MAX_FILE_NAME_CHARS, "name {:?}", file.name);
        }
    }
    read
}

/// The peers a fuzzed request comes from: a proxy (IPv4, IPv6, IPv4 on a dual-stack listener) and a
/// stranger.
pub const PEERS: [&str; 4] = ["10.0.0.5:4000", "[fd00::5]:4000", "[::ffff:10.0.0.5]:4000", "198.51.100.9:4000"];

/// `TRUSTED_PROXIES` as an operator may set it: none, private blocks, everything.
pub fn trusted_sets() -> [Vec<Cidr>; 3] {
    let cidrs = |list: &[&str]| list.iter().map(|c| c.parse().expect("a CIDR block")).collect::<Vec<Cidr>>();
    [Vec::new(), cidrs(&["10.0.0.0/8", "fd00::/8"]), cidrs(&["0.0.0.0/0", "::/0"])]
}

/// `X-Forwarded-For`: the first byte picks the peer from [`PEERS`], the rest are the header's
/// lines, split at `\n` (lines a `HeaderValue` cannot hold are not sent).
pub fn forwarded_for(data: &[u8]) {
    let Some((pick, rest)) = data.split_first() else { return };
    let peer: SocketAddr = PEERS[usize::from(*pick) % PEERS.len()].parse().expect("a socket address");
    let mut headers = HeaderMap::new();
    for line in rest.split(|b| *b == b'\n') {
        if let Ok(v) = HeaderValue::from_bytes(line) {
            headers.append("x-forwarded-for", v);
        }
    }
    // Each hop as written: an address, or `None` for one that is not (a line that is not text is
    // one such hop).
    let hops: Vec<Option<IpAddr>> = headers
        .get_all("x-forwarded-for")
        .iter()
        .flat_map(|v| match v.to_str() {
            Ok(text) => text.split(',').map(|s| s.trim().parse().ok().map(canonical)).collect(),
            Err(_) => vec![None],
        })
        .collect();
    let me = canonical(peer.ip());
    for trusted in trusted_sets() {
        let is_trusted = |ip: IpAddr| trusted.iter().any(|c| c.contains(ip));
        let ip = client_ip(peer, &headers, &trusted);
        if ip == me {
            continue;
        }
        assert!(is_trusted(me), "{peer} is no trusted proxy, yet the client is {ip}");
        let Some(at) = hops.iter().rposition(|h| *h == Some(ip)) else {
            panic!("{ip} is neither the peer {peer} nor in {headers:?}");
        };
        // Only what our own proxies wrote is believed: everything to the right of the answer.
        assert!(
            hops[at + 1..].iter().all(|h| h.is_some_and(is_trusted)),
            "{ip} taken although {hops:?} has more than trusted proxies to its right"
        );
    }
}

/// `::ffff:1.2.3.4` is 1.2.3.4, as `client_address` reads it.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}
