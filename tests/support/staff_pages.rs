//! Creditor staff in the tests: demo accounts, signing in, and pages read in English.
#![allow(dead_code)]

use super::app;
use super::plan_forms::{in_days, installments, propose};
use debtor_portal::domain::ids::ProposalId;
use debtor_portal::domain::policy::PolicyOutcome as Verdict;
use debtor_portal::server::auth::hash_secret;
use debtor_portal::server::store::{NewStaffUser, ProposalState, StaffRole};

/// Anna's claim is Nordljus Energi's.
pub const ANNA: (&str, &str) = ("40010001", "K7QM-4TXP");
pub const NORDLJUS_AGENT: (&str, &str) = ("handlaggare@nordljus.example", "demo-nordljus-2026");
pub const KVIKK_AGENT: (&str, &str) = ("inkasso@kvikkmobil.example", "demo-kvikk-2026");
/// A second agent of Nordljus, made by [`add_second_agent`], for two agents deciding at once.
pub const SECOND_AGENT: (&str, &str) = ("agent2@nordljus.example", "second-agent-pass");

/// Gives Nordljus Energi a second agent, Mats Berg ([`SECOND_AGENT`]).
pub async fn add_second_agent(app: &app::App) {
    let creditor_id = app.claim(ANNA.0).await.creditor_id;
    let hash = hash_secret(SECOND_AGENT.1).unwrap();
    let user = NewStaffUser {
        creditor_id: &creditor_id,
        email: SECOND_AGENT.0,
        name: "Mats Berg",
        role: StaffRole::Agent,
        password_hash: &hash,
        must_change_password: false,
    };
    app.state.store.insert_staff_user(user).await.unwrap();
}

pub async fn staff_sign_in(app: &app::App, email: &str, password: &str) -> reqwest::Response {
    app.post_form("/staff/sign-in", &[("email", email), ("password", password)], &[]).await
}

/// Signs a staff member in and returns the `Cookie` header value.
pub async fn staff_session(app: &app::App, (email, password): (&str, &str)) -> String {
    let r = staff_sign_in(app, email, password).await;
    assert_eq!(app::App::location(&r), "/staff/queue", "staff sign-in as {email} failed");
    let set = r.headers()["set-cookie"].to_str().unwrap();
    assert!(set.starts_with("staff_session=") && set.contains("HttpOnly"), "{set}");
    set.split(';').next().unwrap().to_string()
}

/// A page as an English-speaking browser asks for it (a language cookie in `cookie` wins).
pub async fn en(app: &app::App, path: &str, cookie: &str) -> reqwest::Response {
    let req = app.client.get(format!("{}{path}", app.base)).header("cookie", cookie);
    req.header("accept-language", "en").send().await.unwrap()
}

pub async fn text(r: reqwest::Response) -> String {
    r.text().await.unwrap()
}

/// Anna proposes 13 installments, which Nordljus's policy leaves to a person; returns the proposal.
pub async fn pending_proposal(app: &app::App) -> ProposalId {
    let anna = app.session(ANNA.0, ANNA.1).await;
    let (r, expected) = propose(app, ANNA.0, &anna, &installments(13, in_days(app, 14))).await;
    assert_eq!(r.status(), 303);
    assert_eq!(expected.verdict.outcome, Verdict::NeedsReview);
    let open = app.state.store.open_proposal(&app.claim_id(ANNA.0).await).await.unwrap().unwrap();
    assert_eq!(open.state, ProposalState::Pending);
    open.id
}

/// Two staff members post to `path` at the same moment, each with its own form; returns where each
/// was sent back to, in the order given.
pub async fn at_once(
    app: &app::App,
    path: &str,
    posts: [(String, Vec<(&'static str, &'static str)>); 2],
) -> Vec<String> {
    let url = format!("{}{path}", app.base);
    let tasks: Vec<_> = posts
        .into_iter()
        .map(|(cookie, form)| {
            let (client, url) = (app.client.clone(), url.clone());
            tokio::spawn(async move { client.post(url).form(&form).header("cookie", cookie).send().await.unwrap() })
        })
        .collect();
    let mut locations = Vec::new();
    for t in tasks {
        locations.push(app::App::location(&t.await.unwrap()));
    }
    let won = locations.iter().filter(|l| l.contains("decided=1")).count();
    let lost = locations.iter().filter(|l| l.contains("error=already_decided")).count();
    assert_eq!((won, lost), (1, 1), "exactly one wins: {locations:?}");
    locations
}
