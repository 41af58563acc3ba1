//! Importing claims over real HTTP, on SQLite and PostgreSQL: an administrator's valid file is
//! stored whole and answered once with the letters (case numbers, access codes that sign in,
//! payment references); a file with one problem stores nothing and comes back with each problem
//! by line; agents and debtors cannot import.
#![cfg(feature = "ssr")]

#[path = "support/app.rs"]
mod app;
#[path = "support/plan_forms.rs"]
mod plan_forms;
#[path = "support/staff_pages.rs"]
mod staff_pages;

use app::db::TestDb;
use debtor_portal::domain::reference::reference;
use debtor_portal::domain::{ClaimStatus, Money};
use debtor_portal::server::store::{ActorKind, AuditAction};
use reqwest::multipart::{Form, Part};
use staff_pages::{en, staff_session, text, ANNA, NORDLJUS_AGENT};

const ADMIN: (&str, &str) = ("admin@nordljus.example", "demo-nordljus-admin-2026");

const VALID: &str =
    "debtor_name,debtor_address,concerns,original_invoice,principal,due_date,debtor_ref,collection_fee\n\
Eva Berg,\"Storgatan 1, 111 22 Stockholm\",Elräkning oktober,NE-9001,\"1 250,50\",2026-10-01,K-77,180\n\
Eva Berg,\"Storgatan 1, 111 22 Stockholm\",Elräkning november,NE-9002,980,2026-10-20,K-77,\n\
Olle Ek,Byvägen 3,Elräkning oktober,NE-9003,455,2026-10-01,,180\n";

async fn import(app: &app::App, cookie: &str, csv: &str) -> reqwest::Response {
    let form = Form::new()
        .part("file", Part::bytes(csv.as_bytes().to_vec()).file_name("claims.csv").mime_str("text/csv").unwrap());
    app.post_multipart("/staff/import", form, cookie).await
}

async fn claims(app: &app::App) -> i64 {
    app.state.store.count("claims").await.unwrap()
}

async fn a_valid_file_is_stored_whole_and_its_letters_shown_once(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let admin = staff_session(&app, ADMIN).await;
    assert_eq!(en(&app, "/staff/import", &admin).await.status(), 200);
    let before = claims(&app).await;
    let r = import(&app, &admin, VALID).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "text/csv; charset=utf-8");
    assert!(r.headers()["content-disposition"].to_str().unwrap().starts_with("attachment; filename=\"letters-"));
    let csv = r.text().await.unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with("case_number,access_code,code_valid_until,debtor_name"), "{csv}");
    assert_eq!(lines.len(), 4, "{csv}");
    assert_eq!(claims(&app).await, before + 3);
    let creditor = app.state.store.creditor(&app.claim(ANNA.0).await.creditor_id).await.unwrap().unwrap();
    let mut debtors = Vec::new();
    for line in &lines[1..] {
        let fields: Vec<&str> = line.split(',').collect();
        let (case, code) = (fields[0], fields[1]);
        assert!(case.len() == 8 && case.starts_with('7'), "{line}");
        let rec = app.claim(case).await;
        assert_eq!((rec.status, rec.creditor_id.as_str()), (ClaimStatus::DemandSent, creditor.id.as_str()));
        assert_eq!(*fields.last().unwrap(), reference(creditor.reference_scheme, case).unwrap());
        // The code signs in, and is stored only as a hash.
        let session = app.session(case, code).await;
        let page = text(en(&app, &format!("/claims/{}", rec.id), &session).await).await;
        assert!(page.contains("Elräkning"), "{page}");
        let codes = app.state.store.access_codes_of(&rec.id).await.unwrap();
        assert!(codes[0].code_hash.starts_with("$argon2id$") && !codes[0].code_hash.contains(code));
        debtors.push(rec.debtor_id);
    }
    assert_eq!(debtors[0], debtors[1], "one debtor reference, one debtor");
    assert_ne!(debtors[0], debtors[2]);
    let first = app.claim(lines[1].split(',').next().unwrap()).await;
    assert_eq!(first.principal, Money::from_minor(125_050));
    assert!(lines[1].contains("\"Storgatan 1, 111 22 Stockholm\""), "an address with a comma is quoted");
    let admin_id = app.state.store.staff_user_by_email(ADMIN.0).await.unwrap().unwrap().id;
    let audit = app.state.store.audit_by(ActorKind::Staff, admin_id.as_str()).await.unwrap();
    let line = audit.iter().find(|a| a.action == AuditAction::ClaimsImported).expect("audited");
    assert_eq!(line.detail["claims"], 3);
    assert!(!line.detail.to_string().contains(lines[1].split(',').nth(1).unwrap()), "no code in the log");
}

async fn a_file_with_one_problem_stores_nothing_and_names_each_line(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let admin = staff_session(&app, ADMIN).await;
    let (before, debtors) = (claims(&app).await, app.state.store.count("debtors").await.unwrap());
    let bad = format!("{VALID}Per Ek,Gatan 2,Elräkning,NE-9004,hundra,2026-10-01,,\nPer Ek,Gatan 2,Elräkning,NE-9005,100,2026-10-01,,181\n");
    let r = import(&app, &admin, &bad).await;
    let location = app::App::location(&r);
    assert_eq!(
        location,
        "/staff/import?problems=5:principal:amount_invalid,6:collection_fee:fee_above_cap:se_collection:18000:#import"
    );
    assert_eq!((claims(&app).await, app.state.store.count("debtors").await.unwrap()), (before, debtors));
    let page = text(en(&app, &location, &admin).await).await;
    assert!(page.contains("Nothing was imported") && page.contains("Line 5, principal: not an amount"), "{page}");
    assert!(
        page.contains(
            "Line 6, collection_fee: above the cap the law sets for this fee on its date: the cap is 180.00 (lag (1981:739) 4 § 2, collection fee)"
        ),
        "{page}"
    );
    assert!(page.contains("?next=/staff/import%3Fproblems%3D5"), "switching language keeps the page's query");
    let r = import(&app, &admin, "name,amount\nEva,100\n").await;
    assert!(app::App::location(&r).contains("1:name:column_unknown"), "{}", app::App::location(&r));
    assert_eq!(claims(&app).await, before);
}

async fn every_swedish_fee_above_the_law_is_refused_with_its_line_column_cap_and_rule(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let admin = staff_session(&app, ADMIN).await;
    let (before, debtors) = (claims(&app).await, app.state.store.count("debtors").await.unwrap());
    let file = "debtor_name,debtor_address,concerns,original_invoice,principal,due_date,interest_rate,\
fee_1_kind,fee_1_amount,fee_1_date,fee_2_kind,fee_2_amount,fee_2_date\n\
Eva,Gatan 1,El,S-1,1000,2026-10-01,,reminder,60.01,2026-10-10,,,\n\
Eva,Gatan 1,El,S-2,1000,2026-10-01,,collection,180.01,2026-10-20,,,\n\
Eva,Gatan 1,El,S-3,1000,2026-10-01,,plan_fee,170.01,2026-11-01,,,\n\
Eva,Gatan 1,El,S-4,1000,2026-10-01,,reminder,60,2026-10-10,reminder,60,2026-10-20\n\
Eva,Gatan 1,El,S-5,1000,2026-10-01,,purregebyr,35,2026-10-10,,,\n\
Eva,Gatan 1,El,S-6,1000,2013-01-01,,collection,180,2013-03-15,,,\n\
Eva,Gatan 1,El,S-7,1000,2026-10-01,8.5,,,,,,\n\
Eva,Gatan 1,El,S-8,1000,2026-10-01,8,reminder,60,2026-10-10,collection,180,2026-10-20\n";
    let r = import(&app, &admin, file).await;
    let location = app::App::location(&r);
    assert_eq!(
        location,
        "/staff/import?problems=2:fee_1_amount:fee_above_cap:se_reminder:6000:,\
3:fee_1_amount:fee_above_cap:se_collection:18000:,4:fee_1_amount:fee_above_cap:se_plan_fee:17000:,\
5:fee_2_kind:fee_too_many:se_reminder::,6:fee_1_kind:fee_not_allowed:not_in_law::,\
7:fee_1_date:fee_no_rule_for_date:se_collection::,8:interest_rate:margin_not_agreed#import"
    );
    assert_eq!((claims(&app).await, app.state.store.count("debtors").await.unwrap()), (before, debtors));
    let page = text(en(&app, &location, &admin).await).await;
    assert!(page.contains("Line 4, fee_1_amount: above the cap the law sets for this fee on its date: the cap is 170.00 (lag (1981:739) 4 § 3, instalment plan fee)"), "{page}");
    assert!(page.contains("Line 5, fee_2_kind: one fee more of this kind than the law allows per claim: lag (1981:739) 4 § 1, reminder fee"), "{page}");
    let sv = text(app.get_with_cookie(&location, &format!("{admin}; i18n_pref_locale=sv")).await).await;
    assert!(sv.contains("Rad 3, fee_1_amount: över det tak lagen sätter för avgiften på dess datum: taket är 180,00 (lag (1981:739) 4 § 2, inkassoavgift)"), "{sv}");
    // The margin is accepted with the agreement; the fees at their caps are accepted.
    let agreed =
        "debtor_name,debtor_address,concerns,original_invoice,principal,due_date,interest_rate,interest_margin_agreed,\
fee_1_kind,fee_1_amount,fee_2_kind,fee_2_amount,fee_3_kind,fee_3_amount\n\
Eva,Gatan 1,El,S-9,1000,2026-10-01,8.5,yes,reminder,60,collection,180,plan_fee,170\n";
    assert_eq!(import(&app, &admin, agreed).await.status(), 200);
    assert_eq!(claims(&app).await, before + 1);
}

async fn a_claim_due_before_the_first_rate_is_refused_at_import(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let admin = staff_session(&app, ADMIN).await;
    let before = claims(&app).await;
    // se-reference starts 2022-01-01; interest runs from the day after the due date.
    let file = "debtor_name,debtor_address,concerns,original_invoice,principal,due_date\n\
Eva,Gatan 1,El,R-1,1000,2021-12-31\nEva,Gatan 1,El,R-2,1000,2021-12-30\n";
    let location = app::App::location(&import(&app, &admin, file).await);
    assert_eq!(location, "/staff/import?problems=3:due_date:due_before_rates#import");
    assert_eq!(claims(&app).await, before);
    let page = text(en(&app, &location, &admin).await).await;
    assert!(page.contains("Line 3, due_date: due before the first reference rate the portal holds"), "{page}");
    let ok =
        "debtor_name,debtor_address,concerns,original_invoice,principal,due_date\nEva,Gatan 1,El,R-1,1000,2021-12-31\n";
    assert_eq!(import(&app, &admin, ok).await.status(), 200);
}

/// RFC 4180: a quoted field holds commas, doubled quotes and line breaks; a quote anywhere else
/// (`"El"räkning`) refuses the file at its line and character, where the old reader took it as
/// `Elräkning`.
async fn quoted_fields_are_read_as_written_and_a_misplaced_quote_refused_where_it_is(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let admin = staff_session(&app, ADMIN).await;
    let (before, debtors) = (claims(&app).await, app.state.store.count("debtors").await.unwrap());
    let header = VALID.lines().next().unwrap();

    let misplaced = format!("{header}\nPer Ek,Gatan 2,\"El\"räkning,NE-9102,100,2026-10-01,,\n");
    let location = app::App::location(&import(&app, &admin, &misplaced).await);
    assert_eq!(location, "/staff/import?problems=2:@20:quote_misplaced#import");
    let page = text(en(&app, &location, &admin).await).await;
    assert!(page.contains("Line 2, character 20: a quote out of place"), "{page}");
    let sv = text(app.get_with_cookie(&location, &format!("{admin}; i18n_pref_locale=sv")).await).await;
    assert!(sv.contains("Rad 2, tecken 20: ett citattecken på fel plats"), "{sv}");
    let unclosed =
        format!("{header}\nPer Ek,Gatan 2,El,NE-9102,100,2026-10-01,,\n\"Olle,x,El,NE-9103,100,2026-10-01,,\n");
    let location = app::App::location(&import(&app, &admin, &unclosed).await);
    assert_eq!(location, "/staff/import?problems=3:@1:not_csv#import");

    // A line break inside quotes: the next line's problem is still named by its own line (4).
    let multi_line = format!(
        "{header}\nEva,\"Gatan 1\nStockholm\",El,NE-9104,100,2026-10-01,,\nOlle,x,El,NE-9105,hundra,2026-10-01,,\n"
    );
    let location = app::App::location(&import(&app, &admin, &multi_line).await);
    assert_eq!(location, "/staff/import?problems=2:debtor_address:text_invalid,4:principal:amount_invalid#import");
    assert_eq!((claims(&app).await, app.state.store.count("debtors").await.unwrap()), (before, debtors));

    let quoted = format!(
        "{header}\nEva Berg,\"Gatan 1, Stockholm\",\"Elräkning \"\"oktober\"\", del 2\",NE-9106,100,2026-10-01,,\n"
    );
    let r = import(&app, &admin, &quoted).await;
    assert_eq!(r.status(), 200);
    let letters = r.text().await.unwrap();
    // The letters' CSV writes the quotes back doubled.
    assert!(letters.contains(",\"Gatan 1, Stockholm\",\"Elräkning \"\"oktober\"\", del 2\",NE-9106,"), "{letters}");
    let case = letters.lines().nth(1).unwrap().split(',').next().unwrap();
    assert_eq!(app.claim(case).await.concerns, "Elräkning \"oktober\", del 2");
    assert_eq!(claims(&app).await, before + 1);
}

async fn only_administrators_import(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let before = claims(&app).await;
    let agent = staff_session(&app, NORDLJUS_AGENT).await;
    assert_eq!(en(&app, "/staff/import", &agent).await.status(), 403);
    assert_eq!(import(&app, &agent, VALID).await.status(), 403);
    let anna = app.session(ANNA.0, ANNA.1).await;
    assert_eq!(app::App::location(&import(&app, &anna, VALID).await), "/staff?error=unauthenticated#sign-in");
    assert_eq!(claims(&app).await, before);
}

on_both_backends!(crate::app::db;
    a_valid_file_is_stored_whole_and_its_letters_shown_once,
    a_file_with_one_problem_stores_nothing_and_names_each_line,
    every_swedish_fee_above_the_law_is_refused_with_its_line_column_cap_and_rule,
    a_claim_due_before_the_first_rate_is_refused_at_import,
    quoted_fields_are_read_as_written_and_a_misplaced_quote_refused_where_it_is,
    only_administrators_import,
);
