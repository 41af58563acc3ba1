//! Sign-in, sessions, throttling and authorization of the debtor pages, and what the claim pages
//! show, over real HTTP on SQLite and PostgreSQL. Every expected amount comes from the engine at the
//! server's own (fixed) instant.
#![cfg(feature = "ssr")]

#[path = "support/app.rs"]
mod app;

use app::db::TestDb;
use debtor_portal::server::auth::{Sessions, SignInMethod, Subject, ABSOLUTE_TIMEOUT_SECS, IDLE_TIMEOUT_SECS};
use debtor_portal::server::clock::Instant;

/// Anna: cases 40010001 and 40010009 (two letters). Erik: 40010002.
const ANNA: (&str, &str) = ("40010001", "K7QM-4TXP");
const ANNAS_OTHER_LETTER: (&str, &str) = ("40010009", "L6DW-9KEC");
const ERIK: (&str, &str) = ("40010002", "R3WZ-8HNC");

async fn sign_in_shows_the_letters_claims_and_added_letters_join(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let r = app.sign_in(ANNA.0, "k7qm 4txp").await;
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/claims");
    let cookie = r.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
    let page = app.get_with_cookie("/claims", &cookie).await.text().await.unwrap();
    assert!(page.contains("40010001") && page.contains("Nordljus Energi AB"));
    assert!(!page.contains("40010009"), "a letter opens its own claims, not Anna's whole file");
    assert!(!page.contains("40010002"), "not Erik's");
    let other = app.claim_id(ANNAS_OTHER_LETTER.0).await;
    assert_eq!(app.get_with_cookie(&format!("/claims/{other}"), &cookie).await.status(), 404);

    let add = |case: &'static str, code: &'static str| {
        let (app, cookie) = (&app, cookie.clone());
        async move {
            app.post_form(
                "/sign-in/add-letter",
                &[("case_number", case), ("access_code", code)],
                &[("cookie", &cookie)],
            )
            .await
        }
    };
    let r = add(ANNAS_OTHER_LETTER.0, "WRONG-CODE").await;
    assert_eq!(app::App::location(&r), "/claims?error=invalid_credentials#add-letter");
    assert_eq!(app.get_with_cookie(&format!("/claims/{other}"), &cookie).await.status(), 404, "nothing added");
    let r = add(ERIK.0, ERIK.1).await;
    assert_eq!(app::App::location(&r), "/claims?error=letter_of_someone_else#add-letter");
    let r = add(ANNAS_OTHER_LETTER.0, ANNAS_OTHER_LETTER.1).await;
    assert_eq!(app::App::location(&r), "/claims?added=1");
    // The session sees more now, so it goes on under a new cookie; the old one opens nothing.
    let old = cookie;
    let cookie = r.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
    assert_ne!(cookie, old);
    assert_eq!(app.get_with_cookie(&format!("/claims/{other}"), &old).await.status(), 401);
    let page = app.get_with_cookie("/claims?added=1", &cookie).await.text().await.unwrap();
    assert!(page.contains("40010001") && page.contains("40010009") && page.contains("Kvikk Mobil Sverige AB"));
    assert!(!page.contains("40010002"), "Erik's letter was not added");
    assert!(page.contains("Brevet har lagts till"), "the addition is confirmed, translated");
    assert_eq!(app.get_with_cookie(&format!("/claims/{other}"), &cookie).await.status(), 200);
    let page = app.get_with_cookie("/claims?error=letter_of_someone_else", &cookie).await.text().await.unwrap();
    assert!(page.contains("Brevet är ställt till någon annan"));

    // Without a session there is nothing to add to.
    let r = app.post_form("/sign-in/add-letter", &[("case_number", ANNA.0), ("access_code", ANNA.1)], &[]).await;
    assert_eq!(app::App::location(&r), "/?error=unauthenticated#sign-in");
}

async fn a_debtor_can_never_read_another_debtors_claim(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let anna = app.session(ANNA.0, ANNA.1).await;
    let eriks = app.claim_id(ERIK.0).await;
    let own = app.claim_id(ANNA.0).await;

    let r = app.get_with_cookie(&format!("/claims/{eriks}"), &anna).await;
    assert_eq!(r.status(), 404);
    let body = r.text().await.unwrap();
    assert!(
        !body.contains("Mobilabonnemang, 3 månader") && !body.contains("4\u{202f}890"),
        "nothing of Erik's claim leaks"
    );

    let own_page = app.get_with_cookie(&format!("/claims/{own}"), &anna).await;
    assert_eq!(own_page.status(), 200);
    assert!(own_page.text().await.unwrap().contains("Elräkning januari"));

    // The server functions behind the pages, called directly.
    let api = |path: &str| format!("{}/api/{path}", app.base);
    let r = app.client.post(api("claim_details")).header("cookie", &anna).form(&[("id", &eriks)]).send().await.unwrap();
    assert!(!r.status().is_success());
    let body = r.text().await.unwrap();
    assert!(body.contains("not_found") && !body.contains("Mobilabonnemang"), "{body}");
    let r = app.client.post(api("my_claims")).header("cookie", &anna).send().await.unwrap();
    assert!(r.status().is_success());
    let list: serde_json::Value = r.json().await.unwrap();
    let cases: Vec<&str> = list.as_array().unwrap().iter().map(|c| c["case_number"].as_str().unwrap()).collect();
    assert_eq!(cases, [ANNA.0], "the letter's claim only");
}

async fn without_a_session_nothing_is_shown(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let own = app.claim_id(ANNA.0).await;
    let r = app.get(&format!("/claims/{own}")).await;
    assert_eq!(r.status(), 401);
    assert!(!r.text().await.unwrap().contains("Elräkning januari"));
    assert_eq!(app.get("/claims").await.status(), 401);
    // Whatever the address: a stranger is asked to sign in, not told which ids cannot exist.
    for path in ["/claims/%20", "/claims/%C3%A4/plan", "/claims/x%20y/dispute", "/staff/proposals/%20"] {
        assert_eq!(app.get(path).await.status(), 401, "{path}");
    }
    let forged = app.get_with_cookie("/claims", &format!("portal_session={}", "ab".repeat(32))).await;
    assert_eq!(forged.status(), 401);
    let r = app.client.post(format!("{}/api/my_claims", app.base)).send().await.unwrap();
    assert!(r.text().await.unwrap().contains("unauthenticated"));
}

async fn wrong_code_and_unknown_case_get_the_same_answer(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let wrong_code = app.sign_in(ANNA.0, "AAAA-BBBB").await;
    let unknown_case = app.sign_in("49999999", ANNA.1).await;
    for r in [wrong_code, unknown_case] {
        assert_eq!(r.status(), 303);
        assert_eq!(r.headers()["location"], "/?error=invalid_credentials#sign-in");
        assert!(r.headers().get("set-cookie").is_none());
    }
    let empty = app.sign_in("", "").await;
    assert_eq!(empty.headers()["location"], "/?error=missing_credentials#sign-in");
    let page = app.get("/?error=invalid_credentials").await.text().await.unwrap();
    assert!(page.contains("Ärendenumret eller koden stämmer inte"), "the error is shown, translated");
}

async fn five_wrong_codes_make_that_client_wait_for_that_case_number(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    for _ in 0..5 {
        let r = app.sign_in(ANNA.0, "WRONG-CODE").await;
        assert_eq!(app::App::location(&r), "/?error=invalid_credentials#sign-in");
    }
    let r = app.sign_in(ANNA.0, ANNA.1).await;
    let location = app::App::location(&r);
    assert!(location.starts_with("/?error=too_many_attempts&minutes=15"), "{location}");
    assert!(r.headers().get("set-cookie").is_none(), "the client that guessed waits, right code or not");
    // Other case numbers from the same client are not held back by it.
    assert_eq!(app::App::location(&app.sign_in(ERIK.0, ERIK.1).await), "/claims");
    let page = app.get("/?error=too_many_attempts&minutes=15").await.text().await.unwrap();
    assert!(page.contains("spärrad i 15 minuter"));
}

async fn the_wait_doubles_and_ends_when_it_says(db: TestDb) {
    use debtor_portal::server::auth::{check_letter, SignInError};
    let app = app::spawn_seeded(db).await;
    let (store, permits) = (&app.state.store, &app.state.sign_in_permits);
    let t0 = app.state.clock.now();
    let guess =
        |code: &'static str, t: i64| check_letter(store, permits, ANNA.0, code, "10.0.0.1", Instant::from_unix(t));
    for i in 0..5 {
        assert_eq!(guess("nope", (t0 + i).unix()).await.err(), Some(SignInError::Invalid));
    }
    assert_eq!(guess(ANNA.1, (t0 + 10).unix()).await.err(), Some(SignInError::Locked { minutes: 15 }));
    let t1 = t0 + 4 + 15 * 60;
    assert_eq!(guess("nope", t1.unix()).await.err(), Some(SignInError::Invalid), "the sixth wrong code");
    assert_eq!(
        guess(ANNA.1, (t1 + 1).unix()).await.err(),
        Some(SignInError::Locked { minutes: 30 }),
        "the wait doubled"
    );
    let ok = guess(ANNA.1, (t1 + 30 * 60).unix()).await;
    assert!(ok.is_ok(), "{ok:?}");
    // A right code starts the count over.
    assert_eq!(guess("nope", (t1 + 30 * 60 + 1).unix()).await.err(), Some(SignInError::Invalid));
}

async fn sessions_expire_when_idle_and_absolutely(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let sessions: &Sessions = &app.state.sessions;
    let who = Subject::Debtor("d".parse().unwrap());
    let t0 = 1_000_000;

    let idle = sessions.start(&who, SignInMethod::LetterCode, &[], Instant::from_unix(t0)).await.unwrap();
    assert!(sessions.resolve(&idle, Instant::from_unix(t0 + IDLE_TIMEOUT_SECS - 1)).await.unwrap().is_some());
    let t1 = t0 + IDLE_TIMEOUT_SECS - 1;
    assert!(
        sessions.resolve(&idle, Instant::from_unix(t1 + IDLE_TIMEOUT_SECS - 1)).await.unwrap().is_some(),
        "use keeps it alive"
    );
    let t2 = t1 + IDLE_TIMEOUT_SECS - 1;
    assert!(
        sessions.resolve(&idle, Instant::from_unix(t2 + IDLE_TIMEOUT_SECS)).await.unwrap().is_none(),
        "30 minutes idle ends it"
    );
    assert!(
        sessions.resolve(&idle, Instant::from_unix(t2 + 1)).await.unwrap().is_none(),
        "an ended session stays ended"
    );

    let busy = sessions.start(&who, SignInMethod::LetterCode, &[], Instant::from_unix(t0)).await.unwrap();
    let mut t = t0;
    while t + 20 * 60 < t0 + ABSOLUTE_TIMEOUT_SECS {
        t += 20 * 60;
        assert!(sessions.resolve(&busy, Instant::from_unix(t)).await.unwrap().is_some());
    }
    assert!(
        sessions.resolve(&busy, Instant::from_unix(t0 + ABSOLUTE_TIMEOUT_SECS)).await.unwrap().is_none(),
        "12 hours is the limit"
    );
}

async fn sign_out_ends_the_session(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let cookie = app.session(ANNA.0, ANNA.1).await;
    assert_eq!(app.get_with_cookie("/claims", &cookie).await.status(), 200);
    let r = app.post_form("/sign-out", &[], &[("cookie", &cookie)]).await;
    assert_eq!(r.status(), 303);
    assert!(r.headers()["set-cookie"].to_str().unwrap().contains("Max-Age=0"));
    assert_eq!(app.get_with_cookie("/claims", &cookie).await.status(), 401, "the old cookie is worthless");
}

async fn the_claim_page_shows_the_engines_statement_and_reference(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let cookie = app.session(ANNA.0, ANNA.1).await;
    let id = app.claim(ANNA.0).await.id;
    let page = app.get_with_cookie(&format!("/claims/{id}"), &cookie).await.text().await.unwrap();
    // 2,485.00 due 2026-10-24, 10 % (reference 2.00 + 8) act/365 for 30 days: 20.42; fees 60 + 180.
    assert_shows_statement(
        &page,
        Shown { principal: "2485.00", accrued: "20.42", interest: "20.42", fees: "240.00", total: "2745.42" },
    );
    // The case number, its length digit (10 digits in all: 0) and the Luhn check digit.
    let at = page.find(r#"data-testid="reference""#).expect("a reference on the page");
    let shown: String = page[at..].chars().take(80).collect();
    assert!(shown.contains("4001000100"), "the OCR reference: {shown}");
    assert!(page.contains("Påminnelseavgift") && page.contains("Inkassoavgift"), "fees by their legal names");
    assert!(page.contains("Kronofogden") && page.contains("Finansinspektionen"));
    // Complaints go to the agency first, then to ARN; free debt advice is the municipality's.
    assert!(page.contains("Klaga först till oss") && page.contains("Allmänna reklamationsnämnden"));
    assert!(page.contains("budget- och skuldrådgivning"));
}

/// What the claim page must show at the tests' instant (2026-11-23), as literals worked out by hand
/// from docs/claim-arithmetic.md (and checked once with `debtor-portal statement CASE 2026-11-23`).
struct Shown {
    principal: &'static str,
    accrued: &'static str,
    interest: &'static str,
    fees: &'static str,
    total: &'static str,
}

fn assert_shows_statement(page: &str, st: Shown) {
    for (id, m) in [
        ("principal-outstanding", st.principal),
        ("interest-accrued", st.accrued),
        ("interest-outstanding", st.interest),
        ("fees-outstanding", st.fees),
        ("total-outstanding", st.total),
    ] {
        let needle = format!(r#"data-testid="{id}" data-amount="{m}""#);
        assert!(page.contains(&needle), "{needle} not on the page");
    }
}

async fn page_in(app: &app::App, path: &str, cookie: &str, language: &str) -> String {
    let r = app
        .client
        .get(format!("{}{path}", app.base))
        .header("cookie", cookie)
        .header("accept-language", language)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{path}");
    r.text().await.unwrap()
}

/// Ingrid's claim at a Norwegian creditor: KID reference, kroner, act/act interest.
async fn a_norwegian_claim_shows_kid_nok_and_act_act_interest(db: TestDb) {
    use debtor_portal::domain::interest::DayCount;
    let app = app::spawn_seeded(db).await;
    let cookie = app.session("40020001", "T8BV-3MRA").await;
    let rec = app.claim("40020001").await;
    assert_eq!(rec.interest.day_count(), DayCount::ActAct);
    let path = format!("/claims/{}", rec.id);
    let nb = page_in(&app, &path, &cookie, "nb").await;
    // 3,499.00 due 2026-10-14, forsinkelsesrente 12.00 % act/act (2026 has 365 days) for 40 days:
    // 46.01; purregebyr 35 + inkassosalær 560.
    assert_shows_statement(
        &nb,
        Shown { principal: "3499.00", accrued: "46.01", interest: "46.01", fees: "595.00", total: "4140.01" },
    );
    let at = nb.find(r#"data-testid="reference""#).expect("a reference on the page");
    // The case number and its MOD10 (Luhn) check digit.
    let shown: String = nb[at..].chars().take(80).collect();
    assert!(shown.contains("400200010"), "the KID: {shown}");
    assert!(nb.contains("KID-nummer"), "the reference is called KID-nummer");
    assert!(nb.contains("Klag først til oss") && nb.contains("Finansklagenemnda") && nb.contains("NAV"));
    assert!(nb.contains("behandler ikke enkeltsaker"), "Finanstilsynet is no complaint body for one case");
    assert!(nb.contains("1503.22.71345"), "the creditor's account number");
    assert!(nb.contains("Purregebyr") && nb.contains("Inkassosalær"), "fees by their Norwegian names");
    let total = debtor_portal::components::format::money(
        debtor_portal::i18n::Locale::nb,
        debtor_portal::domain::Money::parse("4140.01").unwrap(),
        debtor_portal::domain::Currency::Nok,
    );
    assert!(nb.contains(&total) && total.ends_with(" kr"), "{total}");
    let sv = page_in(&app, &path, &cookie, "sv").await;
    assert!(sv.contains(" NOK"), "a Swede is told the currency is NOK, not kr");
    assert!(page_in(&app, &path, &cookie, "en").await.contains("NOK "));
}

/// Johan's demo claim was paid with a little to spare: nothing to pay, the credit shown.
async fn an_overpaid_claim_shows_the_credit_and_nothing_to_pay(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let cookie = app.session("40010007", "C3JE-5WYU").await;
    let id = app.claim("40010007").await.id;
    let page = page_in(&app, &format!("/claims/{id}"), &cookie, "en").await;
    // 1,560.00 + 19.23 interest + 180.00 fee = 1,759.23; paid 1,800.00.
    assert_shows_statement(
        &page,
        Shown { principal: "0.00", accrued: "19.23", interest: "0.00", fees: "0.00", total: "0.00" },
    );
    assert!(page.contains(r#"data-testid="overpaid" data-amount="40.77""#));
    assert!(page.contains("There is nothing to pay"), "no payment instructions for a paid claim");
    assert!(!page.contains(r#"data-testid="reference""#));
    assert!(page.contains("Paid"), "the status");
}

/// A claim paid to the öre: no credit, nothing to pay.
async fn a_claim_paid_to_the_ore_shows_nothing_to_pay_and_no_credit(db: TestDb) {
    use debtor_portal::domain::claim::{Claim, Payment};
    use debtor_portal::domain::interest::InterestTerms;
    use debtor_portal::domain::{ClaimStatus, Money};
    use debtor_portal::server::store::ClaimRegistration;
    let app = app::spawn_seeded(db).await;
    let store = &app.state.store;
    let anna = store.claim_by_case_number(ANNA.0).await.unwrap().unwrap();
    let day = app.today() - chrono::Days::new(40);
    let claim = Claim::new(
        Money::from_minor(50_000),
        day,
        InterestTerms::None { day_count: Default::default() },
        vec![],
        vec![Payment { date: day + chrono::Days::new(10), amount: Money::from_minor(50_000) }],
    )
    .unwrap();
    let hash = debtor_portal::server::auth::hash_secret("PAIDCODE").unwrap();
    store
        .insert_claim(ClaimRegistration {
            case_number: "40019999",
            creditor_id: &anna.creditor_id,
            debtor_id: &anna.debtor_id,
            concerns: "Betald faktura",
            original_invoice: "X-1",
            claim: &claim,
            status: ClaimStatus::Paid,
            reference_base: "40019999",
            access_code_hash: &hash,
            code_expires_at: app.state.clock.now() + 86_400,
            demand_sent_on: day,
        })
        .await
        .unwrap();
    let cookie = app.session("40019999", "PAID-CODE").await;
    let id = app.claim("40019999").await.id;
    let page = page_in(&app, &format!("/claims/{id}"), &cookie, "sv").await;
    // 500.00 without interest or fees, paid 500.00.
    assert_shows_statement(
        &page,
        Shown { principal: "0.00", accrued: "0.00", interest: "0.00", fees: "0.00", total: "0.00" },
    );
    assert!(!page.contains(r#"data-testid="overpaid""#), "no credit to show");
    assert!(page.contains("Betald") && page.contains("Det finns inget att betala"), "{page}");
}

/// A stored claim the engine refuses (a payment dated after today) is our fault: a 500 with the
/// calm message, never the engine's code, and the debtor's other pages still answer.
async fn a_claim_the_engine_refuses_is_a_calm_server_error(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let cookie = app.session(ANNA.0, ANNA.1).await;
    let rec = app.claim(ANNA.0).await;
    let tomorrow = (app.today() + chrono::Days::new(1)).to_string();
    sqlx::query("INSERT INTO payments (id, claim_id, position, amount, paid_on) VALUES ('p-future', $1, 99, 100, $2)")
        .bind(&rec.id)
        .bind(&tomorrow)
        .execute(app.state.store.pool())
        .await
        .unwrap();
    let r = app
        .client
        .get(format!("{}/claims/{}", app.base, rec.id))
        .header("cookie", &cookie)
        .header("accept-language", "en")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 500);
    let body = r.text().await.unwrap();
    assert!(body.contains("Something went wrong on our side"), "{body}");
    assert!(!body.contains("payment_after_as_of"));
    let api = app
        .client
        .post(format!("{}/api/claim_details", app.base))
        .header("cookie", &cookie)
        .form(&[("id", &rec.id)])
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), 500);
    let v: serde_json::Value = api.json().await.unwrap();
    assert_eq!(v["error"], "internal");
}

/// The idle timeout, over HTTP, on the server's own clock.
async fn thirty_idle_minutes_sign_the_debtor_out(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let cookie = app.session(ANNA.0, ANNA.1).await;
    app.state.clock.advance(IDLE_TIMEOUT_SECS - 1);
    assert_eq!(app.get_with_cookie("/claims", &cookie).await.status(), 200, "still within 30 minutes");
    app.state.clock.advance(IDLE_TIMEOUT_SECS);
    assert_eq!(app.get_with_cookie("/claims", &cookie).await.status(), 401, "30 idle minutes end it");
}

on_both_backends!(
    crate::app::db;
    sign_in_shows_the_letters_claims_and_added_letters_join,
    a_debtor_can_never_read_another_debtors_claim,
    without_a_session_nothing_is_shown,
    wrong_code_and_unknown_case_get_the_same_answer,
    five_wrong_codes_make_that_client_wait_for_that_case_number,
    the_wait_doubles_and_ends_when_it_says,
    sessions_expire_when_idle_and_absolutely,
    sign_out_ends_the_session,
    the_claim_page_shows_the_engines_statement_and_reference,
    a_norwegian_claim_shows_kid_nok_and_act_act_interest,
    an_overpaid_claim_shows_the_credit_and_nothing_to_pay,
    a_claim_paid_to_the_ore_shows_nothing_to_pay_and_no_credit,
    a_claim_the_engine_refuses_is_a_calm_server_error,
    thirty_idle_minutes_sign_the_debtor_out,
);
