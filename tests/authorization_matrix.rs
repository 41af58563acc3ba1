//! The authorization matrix (issue 22): every route the server answers, called by every kind of
//! principal on objects of each owner, compared with the table kept in
//! `tests/authorization_matrix.tsv` (and shown in README.md as "Who may do what").
//!
//! The routes come from the router's own sources, never from a list kept here: the form and file
//! routes from `http::form_routes` (their methods found by asking: a method a route lacks answers
//! 405), the pages from `http::page_paths`, the server functions from server_fn's registry (the
//! one leptos_axum mounts) and the API's operations from the live OpenAPI document. A route the
//! table lacks, a row for a route that is gone, or any cell that changed fails with the difference.
//!
//! After a deliberate change, `UPDATE_AUTHZ_MATRIX=1` rewrites the table and README's block from
//! what the server answered. Read that diff as a security review: a cell that opens up is the
//! change to question.
#![cfg(feature = "ssr")]

#[path = "support/api_client.rs"]
mod api_client;
#[path = "support/app.rs"]
mod app;
#[path = "support/files.rs"]
mod files;
#[path = "support/plan_forms.rs"]
mod plan_forms;
#[path = "support/staff_pages.rs"]
mod staff_pages;
#[path = "support/totp_pages.rs"]
mod totp_pages;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use api_client::{key_for, KVIKK_AGENT_EMAIL, NORDLJUS_ADMIN};
use app::db::TestDb;
use debtor_portal::domain::ids::{CreditorId, StaffId};
use debtor_portal::domain::policy::PolicyOutcome as Verdict;
use debtor_portal::error::ErrorCode;
use debtor_portal::server::api::{generate_key, key_hash, KEY_PREFIX_CHARS};
use debtor_portal::server::auth::hash_secret;
use debtor_portal::server::store::Pending;
use debtor_portal::server::store::{DeferralState, NewStaffUser, ProposalState, StaffRole};
use plan_forms::{in_days, inputs, installments};
use reqwest::multipart::{Form, Part};
use reqwest::Method;
use serde_json::{json, Value};
use staff_pages::{en, staff_session, text, KVIKK_AGENT, NORDLJUS_AGENT};
use totp_pages::{attribute, element, totp_code};

const TABLE: &str = "tests/authorization_matrix.tsv";
const README: &str = "README.md";
const README_START: &str = "<!-- authorization matrix -->";
const README_END: &str = "<!-- /authorization matrix -->";
const NORDLJUS_ADMIN_LOGIN: (&str, &str) = (NORDLJUS_ADMIN, "demo-nordljus-admin-2026");
/// Agents of X made for the matrix whose sign-in stops half-way: one still to choose its own
/// password (an administrator gave the first), one with two-step sign-in on, still to give a code.
const HALF_PASSWORD_LOGIN: (&str, &str) = ("matrix-half-password@nordljus.example", "matrix-first-password-1");
const HALF_TOTP_LOGIN: (&str, &str) = ("matrix-half-totp@nordljus.example", "matrix-totp-password-1");
/// Where a staff sign-in lands: at work, or on the step it still waits for.
const STAFF_QUEUE: &str = "/staff/queue";
const ACCOUNT_PAGE: &str = "/staff/account";
const SECOND_FACTOR_PAGE: &str = "/staff/second-factor";

/// Every method a route could have; `HEAD` is left out because axum answers it wherever `GET` is.
const METHODS: [Method; 5] = [Method::GET, Method::POST, Method::PUT, Method::PATCH, Method::DELETE];

/// The principals, in the table's column order.
const PRINCIPALS: [&str; 12] = [
    "anon",
    "a1",
    "a2",
    "b",
    "agent_x",
    "admin_x",
    "agent_y",
    "key_x",
    "key_y",
    "key_revoked",
    "half_password",
    "half_totp",
];

/// Whose an object is: a debtor's letter (and so its claim's creditor), or a creditor's own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Owner {
    A1,
    A2,
    B,
    X,
    Y,
}

impl Owner {
    fn label(self) -> &'static str {
        match self {
            Owner::A1 => "A1/X",
            Owner::A2 => "A2/Y",
            Owner::B => "B/Y",
            Owner::X => "X",
            Owner::Y => "Y",
        }
    }
}

/// Which owners' objects a principal may see. Only used to catch a 2xx whose body names an object
/// of someone else (a list or page that says more than it should): the table itself records what
/// the server did, not this.
fn sees(principal: &str, owner: Owner) -> bool {
    use Owner::*;
    match principal {
        "a1" => owner == A1,
        "a2" => owner == A2,
        "b" => owner == B,
        "agent_x" | "admin_x" | "key_x" => matches!(owner, A1 | X),
        "agent_y" | "key_y" => matches!(owner, A2 | B | Y),
        // A half-open staff session sees nothing of its creditor's until its sign-in is complete.
        "half_password" | "half_totp" => false,
        _ => false,
    }
}

/// The kinds of object a route acts on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Claim,
    CaseNumber,
    Proposal,
    Dispute,
    Evidence,
    HardshipDocument,
    Deferral,
    Review,
    Decision,
    Hardship,
    Letter,
    Account,
    ApiKey,
}

impl Kind {
    fn label(self) -> &'static str {
        match self {
            Kind::Claim | Kind::CaseNumber => "claim",
            Kind::Proposal => "proposal",
            Kind::Dispute => "dispute",
            Kind::Evidence => "evidence",
            Kind::HardshipDocument => "hardship document",
            Kind::Deferral => "deferral",
            Kind::Review => "review request",
            Kind::Decision => "automatic decision",
            Kind::Hardship => "hardship statement",
            Kind::Letter => "letter",
            Kind::Account => "staff account",
            Kind::ApiKey => "API key",
        }
    }

    fn owners(self) -> &'static [Owner] {
        match self {
            Kind::Account | Kind::ApiKey => &[Owner::X, Owner::Y],
            _ => &[Owner::A1, Owner::A2, Owner::B],
        }
    }

    /// Used up by the one principal allowed to act on it (removed, revoked, withdrawn): such cells
    /// run one at a time, each on an object that is there.
    fn consumed(self) -> bool {
        matches!(self, Kind::Account | Kind::ApiKey | Kind::Hardship)
    }
}

/// Where a route takes its object.
#[derive(Clone, Copy, Debug)]
enum Slot {
    None,
    /// The path's parameter, e.g. `{id}`.
    Path(&'static str),
    /// A form field (server functions take their arguments this way too).
    Field(&'static str),
}

/// What a route acts on and where it is named. The routes themselves come from the router; this
/// only says how to fill them, and refuses a parameter it does not know rather than guess.
fn objects_of(path: &str) -> (Vec<Kind>, Slot) {
    let params: Vec<&str> = path.split('/').filter(|s| s.starts_with('{')).collect();
    match params.as_slice() {
        [] => {}
        ["{code}"] if path == "/language/{code}" => return (vec![], Slot::Path("{code}")),
        ["{case_number}"] => return (vec![Kind::CaseNumber], Slot::Path("{case_number}")),
        ["{id}"] => {
            let kinds = if path.starts_with("/claims/") {
                vec![Kind::Claim]
            } else if path.ends_with("/documents/{id}") {
                vec![Kind::Evidence, Kind::HardshipDocument]
            } else if path.contains("/proposals/") || path.contains("/plan-proposals/") {
                vec![Kind::Proposal]
            } else if path.contains("/disputes/") {
                vec![Kind::Dispute]
            } else if path.contains("/deferrals/") {
                vec![Kind::Deferral]
            } else if path.contains("/reviews/") {
                vec![Kind::Review]
            } else if path.starts_with("/staff/accounts/") {
                vec![Kind::Account]
            } else if path.starts_with("/staff/api-keys/") {
                vec![Kind::ApiKey]
            } else {
                panic!("{path}: whose {{id}} is this? Teach `objects_of` before the matrix can check it")
            };
            return (kinds, Slot::Path("{id}"));
        }
        other => panic!("{path}: parameters {other:?} are new to `objects_of`"),
    }
    match path {
        "/api/claim_details" | "/api/plan_page" | "/api/plan_agreement" | "/api/dispute_page" => {
            (vec![Kind::Claim], Slot::Field("id"))
        }
        "/api/staff_proposal" => (vec![Kind::Proposal], Slot::Field("id")),
        "/api/staff_dispute" => (vec![Kind::Dispute], Slot::Field("id")),
        "/api/staff_deferral" => (vec![Kind::Deferral], Slot::Field("id")),
        "/api/staff_review" => (vec![Kind::Review], Slot::Field("id")),
        "/hardship/withdraw" => (vec![Kind::Hardship], Slot::Field("hardship")),
        "/my-data/review" => (vec![Kind::Decision], Slot::Field("decision")),
        "/sign-in/add-letter" => (vec![Kind::Letter], Slot::Field("case_number")),
        _ => (vec![], Slot::None),
    }
}

/// Where a route comes from; it decides how a request body is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Family {
    Api,
    ServerFn,
    Form,
    Page,
}

/// One letter's objects: the claim and everything made on it for the matrix.
struct LetterObjects {
    owner: Owner,
    case: &'static str,
    code: &'static str,
    claim: String,
    debtor: String,
    proposal: String,
    dispute: String,
    evidence: String,
    deferral: String,
    review: String,
    decision: String,
    hardship: String,
    hardship_document: String,
}

/// How a principal proves who it is, and how it gets a session of its own for a cell that ends
/// or changes the session it uses. A staff sign-in `lands` at work (`/staff/queue`) or, for a
/// half-open session, on the step it still waits for.
#[derive(Clone)]
enum Credential {
    None,
    Debtor { cookie: String, case: &'static str, code: &'static str },
    Staff { cookie: String, login: (&'static str, &'static str), lands: &'static str },
    Key(String),
}

impl Credential {
    /// A staff session whose sign-in still waits for a step (a code, or the account's own password).
    fn half_open(&self) -> bool {
        matches!(self, Credential::Staff { lands, .. } if *lands != STAFF_QUEUE)
    }
}

struct Creditor {
    owner: Owner,
    id: CreditorId,
    /// The staff member fresh keys and accounts are made in the name of.
    staff: StaffId,
}

struct World {
    principals: Vec<(&'static str, Credential)>,
    letters: Vec<LetterObjects>,
    creditors: Vec<Creditor>,
    /// Identifiers of each owner's objects, to catch one named in an answer to someone else.
    identifiers: Vec<(Owner, String)>,
    password_hash: String,
}

impl World {
    fn letter(&self, owner: Owner) -> &LetterObjects {
        self.letters.iter().find(|l| l.owner == owner).expect("a letter of each debtor owner")
    }

    fn creditor(&self, owner: Owner) -> &Creditor {
        self.creditors.iter().find(|c| c.owner == owner).expect("creditors X and Y")
    }

    /// The value naming a lasting object of `kind` owned by `owner`.
    fn value(&self, kind: Kind, owner: Owner) -> String {
        let l = self.letter(owner);
        match kind {
            Kind::Claim => l.claim.clone(),
            Kind::CaseNumber | Kind::Letter => l.case.to_owned(),
            Kind::Proposal => l.proposal.clone(),
            Kind::Dispute => l.dispute.clone(),
            Kind::Evidence => l.evidence.clone(),
            Kind::HardshipDocument => l.hardship_document.clone(),
            Kind::Deferral => l.deferral.clone(),
            Kind::Review => l.review.clone(),
            Kind::Decision => l.decision.clone(),
            Kind::Hardship => l.hardship.clone(),
            Kind::Account | Kind::ApiKey => unreachable!("made fresh for each cell"),
        }
    }
}

/// A request as a principal sends it.
#[derive(Clone)]
struct Call {
    method: Method,
    path: String,
    body: Body,
    credential: Credential,
}

#[derive(Clone)]
enum Body {
    None,
    Form(Vec<(String, String)>),
    Json(Value),
}

struct Answer {
    status: u16,
    location: Option<String>,
    body: Vec<u8>,
    set_cookie: Option<String>,
}

/// A client address of its own for each request, given through the trusted proxy: the sign-in
/// throttle counts every attempt of a client, and must never be what decides a cell.
fn next_client() -> String {
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(1);
    let [_, a, b, c] = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed).to_be_bytes();
    format!("10.{a}.{b}.{c}")
}

async fn send(client: reqwest::Client, base: String, call: Call) -> Answer {
    let mut req = client.request(call.method.clone(), format!("{base}{}", call.path));
    req = req.header("x-forwarded-for", next_client());
    let browser = match &call.credential {
        Credential::None => true,
        Credential::Debtor { cookie, .. } | Credential::Staff { cookie, .. } => {
            req = req.header("cookie", cookie);
            true
        }
        Credential::Key(key) => {
            req = req.bearer_auth(key);
            false
        }
    };
    // A browser posting from our own pages sends our origin; an API client sends none.
    if browser && call.method != Method::GET {
        req = req.header("origin", &base);
    }
    req = match call.body {
        Body::None => req,
        Body::Form(fields) => req.form(&fields),
        Body::Json(v) => req.header("content-type", "application/json").body(v.to_string()),
    };
    let r = req.send().await.unwrap_or_else(|e| panic!("{} {}: {e}", call.method, call.path));
    let header = |name: &str| r.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let (status, location, set_cookie) = (r.status().as_u16(), header("location"), header("set-cookie"));
    let body = r.bytes().await.map(|b| b.to_vec()).unwrap_or_default();
    Answer { status, location, body, set_cookie }
}

/// Sends `calls` a few at a time (the machine is small, and so is the database pool).
async fn send_all(app: &app::App, calls: Vec<Call>) -> Vec<Answer> {
    let limit = Arc::new(tokio::sync::Semaphore::new(8));
    let mut tasks = tokio::task::JoinSet::new();
    for (i, call) in calls.into_iter().enumerate() {
        let (client, base, limit) = (app.client.clone(), app.base.clone(), limit.clone());
        tasks.spawn(async move {
            let _permit = limit.acquire_owned().await.unwrap();
            (i, send(client, base, call).await)
        });
    }
    let mut answers: Vec<(usize, Answer)> = tasks.join_all().await;
    answers.sort_by_key(|(i, _)| *i);
    answers.into_iter().map(|(_, a)| a).collect()
}

/// A status in the table's words.
fn class_of_status(status: u16) -> &'static str {
    match status {
        200..=299 => "ok",
        401 => "sign_in",
        403 => "forbidden",
        404 => "not_found",
        400..=499 => "refused",
        _ => "error",
    }
}

fn class_of_code(code: &str) -> Option<&'static str> {
    code.parse::<ErrorCode>().ok().map(|c| class_of_status(c.status().as_u16()))
}

/// The outcome's class and, when the answer carries one, its error code. A form post answers with
/// a 303 whose `error=` names the code; a server function and the API answer their error as JSON
/// with the status the code has (checked here).
fn classify(a: &Answer) -> (&'static str, Option<String>) {
    if (300..400).contains(&a.status) {
        let location = a.location.as_deref().unwrap_or_default();
        let query = location.split_once('?').map(|(_, q)| q.split('#').next().unwrap_or_default());
        // `error=` names the code; a form that shares its page with others prefixes it (`deferral_error=`).
        let code = query.and_then(|q| {
            q.split('&')
                .find_map(|p| p.split_once('=').filter(|(k, _)| *k == "error" || k.ends_with("_error")).map(|(_, v)| v))
        });
        return match code {
            Some(code) => (class_of_code(code).unwrap_or("refused"), Some(code.to_owned())),
            // Sent (back) to a step of a staff sign-in, with nothing done: to finish signing in.
            None if [SECOND_FACTOR_PAGE, ACCOUNT_PAGE].contains(&location) => ("sign_in", None),
            None => ("ok", None),
        };
    }
    if a.status >= 400 {
        let code = serde_json::from_slice::<Value>(&a.body).ok().and_then(|v| v["error"].as_str().map(str::to_owned));
        if let Some((code, parsed)) = code.and_then(|c| Some((c.clone(), c.parse::<ErrorCode>().ok()?))) {
            // Server functions too answer with their code's status (a stranger 401, not 500);
            // arguments the server function could not read are reported below, by their name.
            if code != "request_failed" {
                assert_eq!(a.status, parsed.status().as_u16(), "the status of {code}");
            }
            return (class_of_status(a.status), Some(code));
        }
    }
    (class_of_status(a.status), None)
}

/// The table's key: route, method, object.
type Key = (String, String, String);

struct Cell {
    key: Key,
    principal: usize,
    call: Call,
    family: Family,
    /// The object's own identifier, which an answer about it may of course name.
    own: Option<String>,
    consumed: Option<(Kind, Owner)>,
    /// The cell ends or replaces the session: it gets a session of its own.
    fresh_session: bool,
}

/// Every route the server answers, with how it came to be known.
async fn routes(app: &app::App) -> (BTreeMap<(String, String), Family>, Value) {
    let mut found: BTreeMap<(String, String), Family> = BTreeMap::new();
    let doc: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    for (path, item) in doc["paths"].as_object().expect("the document lists paths") {
        for method in item.as_object().unwrap().keys() {
            found.insert((path.clone(), method.to_uppercase()), Family::Api);
        }
    }
    for (path, method) in leptos::server_fn::axum::server_fn_paths() {
        found.entry((path.to_owned(), method.to_string())).or_insert(Family::ServerFn);
    }
    let forms = debtor_portal::server::http::form_routes().into_iter().map(|(p, _)| (p.to_owned(), Family::Form));
    let pages = debtor_portal::server::http::page_paths().into_iter().map(|p| (p, Family::Page));
    let probes: Vec<(String, Family, Method)> =
        forms.chain(pages).flat_map(|(p, f)| METHODS.map(|m| (p.clone(), f, m))).collect();
    let calls = probes
        .iter()
        .map(|(path, _, method)| Call {
            method: method.clone(),
            path: fill(path, "probe"),
            body: Body::None,
            credential: Credential::None,
        })
        .collect();
    for ((path, family, method), answer) in probes.into_iter().zip(send_all(app, calls).await) {
        if answer.status != 405 {
            found.entry((path, method.to_string())).or_insert(family);
        }
    }
    (found, doc)
}

/// `path` with its one parameter replaced by `value`.
fn fill(path: &str, value: &str) -> String {
    path.split('/').map(|s| if s.starts_with('{') { value } else { s }).collect::<Vec<_>>().join("/")
}

/// The emptiest body the API's own schema allows: the required fields only, strings empty, dates
/// today. It passes the JSON parsing that comes before a handler, so the handler's checks (whose
/// object it is first, then the values) decide.
fn emptiest(doc: &Value, schema: &Value, today: &str) -> Value {
    if let Some(name) = schema["$ref"].as_str().and_then(|r| r.strip_prefix("#/components/schemas/")) {
        return emptiest(doc, &doc["components"]["schemas"][name], today);
    }
    for key in ["oneOf", "anyOf", "allOf"] {
        if let Some(first) = schema[key].as_array().and_then(|v| v.iter().find(|s| s["type"] != "null")) {
            return emptiest(doc, first, today);
        }
    }
    let ty = match &schema["type"] {
        Value::String(t) => t.as_str(),
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).find(|t| *t != "null").unwrap_or("null"),
        _ if schema["properties"].is_object() => "object",
        _ => "null",
    };
    match ty {
        "object" => {
            let mut out = serde_json::Map::new();
            for name in schema["required"].as_array().into_iter().flatten().filter_map(Value::as_str) {
                out.insert(name.to_owned(), emptiest(doc, &schema["properties"][name], today));
            }
            Value::Object(out)
        }
        "array" => json!([]),
        "string" if schema["format"] == "date" => json!(today),
        "string" => json!(""),
        "integer" | "number" => json!(0),
        "boolean" => json!(false),
        _ => Value::Null,
    }
}

fn api_body(doc: &Value, method: &Method, path: &str, today: &str) -> Body {
    let op = &doc["paths"][path][method.as_str().to_lowercase()];
    match op["requestBody"]["content"]["application/json"]["schema"] {
        Value::Null => Body::None,
        ref schema => Body::Json(emptiest(doc, schema, today)),
    }
}

/// The form a cell sends: the object in its field and, where a field besides decides nothing
/// about who may act, a value that lets the server go on to the object.
fn form_fields(
    path: &str,
    slot: Slot,
    value: Option<&str>,
    world: &World,
    owner: Option<Owner>,
) -> Vec<(String, String)> {
    let mut fields = Vec::new();
    if let (Slot::Field(name), Some(v)) = (slot, value) {
        fields.push((name.to_owned(), v.to_owned()));
    }
    match path {
        "/my-data/review" => fields.push(("explanation".into(), "Please look at this again.".into())),
        "/sign-in/add-letter" => {
            let code = owner.map(|o| world.letter(o).code).unwrap_or_default();
            fields.push(("access_code".into(), code.to_owned()));
        }
        _ => {}
    }
    fields
}

fn cells(world: &World, routes: &BTreeMap<(String, String), Family>, doc: &Value, today: &str) -> Vec<Cell> {
    let mut out = Vec::new();
    for ((path, method), family) in routes {
        let method: &Method = &method.parse().unwrap();
        let (kinds, slot) = objects_of(path);
        // One row per object of each kind and owner; a route without one has a single row, "-".
        let mut objects: Vec<Option<(Kind, Owner)>> =
            kinds.iter().flat_map(|k| k.owners().iter().map(move |o| Some((*k, *o)))).collect();
        if objects.is_empty() {
            objects.push(None);
        }
        for object in objects {
            let label = object.map_or("-".to_owned(), |(k, o)| format!("{} {}", k.label(), o.label()));
            let consumed = object.filter(|(k, _)| k.consumed());
            let value = match (object, consumed) {
                (Some((k, o)), None) => Some(world.value(k, o)),
                // Made when the cell runs; the placeholder is replaced then.
                (Some(_), Some(_)) => Some("{fresh}".to_owned()),
                (None, _) => None,
            };
            let url = match slot {
                Slot::Path("{code}") => fill(path, "en"),
                Slot::Path(_) => fill(path, value.as_deref().unwrap()),
                _ => path.clone(),
            };
            let owner = object.map(|(_, o)| o);
            let body = match (family, method) {
                (_, &Method::GET) => Body::None,
                (Family::Api, _) => api_body(doc, method, path, today),
                _ => Body::Form(form_fields(path, slot, value.as_deref(), world, owner)),
            };
            // Signing out ends the session and adding a letter replaces it: such a cell gets its own.
            let ends_session = path.ends_with("/sign-out") || path == "/sign-in/add-letter";
            // A step of a staff sign-in could complete a half-open session (it must not, with the
            // empty form sent): it is never the session every other cell of the principal uses.
            let step = *method == Method::POST && ["/staff/second-factor", "/staff/password"].contains(&path.as_str());
            for (principal, (_, credential)) in world.principals.iter().enumerate() {
                let fresh_session = ends_session || (step && credential.half_open());
                out.push(Cell {
                    key: (path.clone(), method.to_string(), label.clone()),
                    principal,
                    call: Call {
                        method: method.clone(),
                        path: url.clone(),
                        body: body.clone(),
                        credential: credential.clone(),
                    },
                    family: *family,
                    own: value.clone(),
                    consumed,
                    fresh_session,
                });
            }
        }
    }
    out
}

/// Replaces the cell's `{fresh}` placeholder with `id`, in the path or the form.
fn with_object(mut call: Call, id: &str) -> Call {
    call.path = call.path.replace("{fresh}", id);
    if let Body::Form(fields) = &mut call.body {
        for (_, v) in fields.iter_mut() {
            if v == "{fresh}" {
                *v = id.to_owned();
            }
        }
    }
    call
}

/// A session of the principal's own for one cell: that cell ends it or makes it see more.
async fn fresh_credential(app: &app::App, credential: &Credential) -> Credential {
    let (path, fields, to) = match credential {
        Credential::Debtor { case, code, .. } => {
            ("/sign-in", [("case_number", *case), ("access_code", *code)], "/claims")
        }
        Credential::Staff { login: (email, password), lands, .. } => {
            ("/staff/sign-in", [("email", *email), ("password", *password)], *lands)
        }
        other => return other.clone(),
    };
    let client = next_client();
    let r = app.post_form(path, &fields, &[("origin", &app.base), ("x-forwarded-for", &client)]).await;
    assert_eq!(app::App::location(&r), to, "a fresh session of {fields:?}");
    let cookie = r.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
    match credential.clone() {
        Credential::Debtor { case, code, .. } => Credential::Debtor { cookie, case, code },
        Credential::Staff { login, lands, .. } => Credential::Staff { cookie, login, lands },
        other => other,
    }
}

/// Ends a cell's own session (under the cookie it ended with, when the cell replaced it).
async fn end_session(app: &app::App, credential: &Credential, answer: &Answer) {
    let (path, cookie) = match credential {
        Credential::Debtor { cookie, .. } => ("/sign-out", cookie),
        Credential::Staff { cookie, .. } => ("/staff/sign-out", cookie),
        _ => return,
    };
    let name = cookie.split('=').next().unwrap_or_default();
    let replaced = answer.set_cookie.as_deref().and_then(|c| c.split(';').next()).filter(|c| c.starts_with(name));
    let cookie = replaced.filter(|c| c.len() > name.len() + 1).unwrap_or(cookie);
    app.post_form(path, &[], &[("cookie", cookie), ("origin", &app.base)]).await;
}

/// A consumable object of `kind` owned by `owner`, there for the next cell.
async fn fresh_object(app: &app::App, world: &World, kind: Kind, owner: Owner, n: usize) -> String {
    let store = &app.state.store;
    match kind {
        Kind::Account => {
            let c = world.creditor(owner);
            let email = format!("matrix-{n}@{}.example", owner.label().to_lowercase());
            let user = NewStaffUser {
                creditor_id: &c.id,
                email: &email,
                name: "Matrix Account",
                role: StaffRole::Agent,
                password_hash: &world.password_hash,
                must_change_password: false,
            };
            (store.insert_staff_user(user).await.unwrap()).to_string()
        }
        Kind::ApiKey => {
            let c = world.creditor(owner);
            let key = generate_key();
            let prefix: String = key.chars().take(KEY_PREFIX_CHARS).collect();
            (store.add_api_key(&c.staff, &c.id, &format!("matrix {n}"), &key_hash(&key), &prefix).await.unwrap())
                .to_string()
        }
        Kind::Hardship => {
            let l = world.letter(owner);
            match letter_hardship(app, &l.debtor, &l.claim).await {
                Some((id, _)) => id,
                None => share_hardship(app, l.case, &debtor_cookie(world, owner), &l.claim, &l.debtor).await.0,
            }
        }
        other => unreachable!("{other:?} is not consumed"),
    }
}

fn debtor_cookie(world: &World, owner: Owner) -> String {
    let name = match owner {
        Owner::A1 => "a1",
        Owner::A2 => "a2",
        Owner::B => "b",
        _ => unreachable!(),
    };
    match world.principals.iter().find(|(n, _)| *n == name) {
        Some((_, Credential::Debtor { cookie, .. })) => cookie.clone(),
        _ => unreachable!(),
    }
}

/// Runs every cell: those that change nothing anyone else reads at once, a few at a time; the
/// ones that use something up one by one, each on its own object or session.
async fn observe(app: &app::App, world: &World, cells: Vec<Cell>) -> BTreeMap<Key, Vec<String>> {
    let (lasting, consuming): (Vec<Cell>, Vec<Cell>) =
        cells.into_iter().partition(|c| c.consumed.is_none() && !c.fresh_session);
    let answers = send_all(app, lasting.iter().map(|c| c.call.clone()).collect()).await;
    let mut observed: Vec<(Cell, Answer)> = lasting.into_iter().zip(answers).collect();
    for (n, mut cell) in consuming.into_iter().enumerate() {
        if let Some((kind, owner)) = cell.consumed {
            let id = fresh_object(app, world, kind, owner, n).await;
            cell.call = with_object(cell.call, &id);
            cell.own = Some(id);
        }
        if cell.fresh_session {
            cell.call.credential = fresh_credential(app, &cell.call.credential).await;
        }
        let answer = send(app.client.clone(), app.base.clone(), cell.call.clone()).await;
        if cell.fresh_session {
            end_session(app, &cell.call.credential, &answer).await;
        }
        observed.push((cell, answer));
    }
    let mut table: BTreeMap<Key, Vec<String>> = BTreeMap::new();
    // Principals seen named in an answer of a list or page about their own objects: proof that
    // answers name objects at all, or the leak check would pass by seeing nothing.
    let mut named = BTreeSet::new();
    for (cell, answer) in observed {
        let (mut class, code) = classify(&answer);
        if cell.family == Family::ServerFn && code.as_deref() == Some("request_failed") {
            panic!("{}: the server function's arguments could not be read; name them in `objects_of`", cell.key.0);
        }
        let principal = PRINCIPALS[cell.principal];
        if class == "ok" {
            let (foreign, own) = named_in(world, principal, cell.own.as_deref(), &answer.body);
            if foreign {
                class = "leak";
            }
            if own {
                named.insert(principal);
            }
        }
        let row = table.entry(cell.key).or_insert_with(|| vec![String::new(); PRINCIPALS.len()]);
        row[cell.principal] = class.to_owned();
    }
    let sees_something = PRINCIPALS.iter().filter(|p| [Owner::A1, Owner::A2, Owner::B].iter().any(|o| sees(p, *o)));
    for p in sees_something {
        assert!(named.contains(p), "no answer to {p} names any of its own objects: the leak check would see nothing");
    }
    table
}

/// Whether a 2xx names an object whose owner the principal may not see, and whether it names one
/// of the principal's own (besides the object asked about).
fn named_in(world: &World, principal: &str, asked: Option<&str>, body: &[u8]) -> (bool, bool) {
    let text = String::from_utf8_lossy(body);
    let named = world.identifiers.iter().filter(|(_, id)| Some(id.as_str()) != asked && text.contains(id.as_str()));
    let foreign = named.clone().any(|(owner, _)| !sees(principal, *owner));
    let own = named.clone().any(|(owner, _)| sees(principal, *owner));
    (foreign, own)
}

// ---- The objects ------------------------------------------------------------------------------

/// A server function's answer, as the page that calls it gets it.
async fn server_fn(app: &app::App, name: &str, args: &[(&str, &str)], cookie: &str) -> Value {
    let r = app.post_form(&format!("/api/{name}"), args, &[("cookie", cookie), ("origin", &app.base)]).await;
    assert!(r.status().is_success(), "{name}: {}", r.status());
    r.json().await.unwrap()
}

/// The statement the debtor shared through exactly this letter, with its document.
async fn letter_hardship(app: &app::App, debtor: &str, claim: &str) -> Option<(String, String)> {
    let all = app.state.store.hardships_of(&debtor.parse().unwrap()).await.unwrap();
    let h = all.into_iter().find(|h| h.letters.len() == 1 && h.letters[0] == claim)?;
    Some((h.id, (h.documents.first().expect("a document").id.clone()).to_string()))
}

async fn share_hardship(app: &app::App, case: &str, cookie: &str, claim: &str, debtor: &str) -> (String, String) {
    let form = Form::new()
        .text("situation", "illness")
        .text("explanation", "On sick leave since September.")
        .text("claims", claim.to_owned())
        .text("consent", "yes")
        .part("files", Part::bytes(files::pdf()).file_name("intyg.pdf"));
    let r = app.post_multipart("/hardship", form, cookie).await;
    assert_eq!(app::App::location(&r), "/hardship?sent=1#current", "hardship of {case}");
    letter_hardship(app, debtor, claim).await.expect("the statement is kept")
}

/// Makes on the letter's claim, through the pages a debtor uses: a deferral request left to the
/// creditor, a request for a person's review of that, an active plan, a dispute with evidence and
/// a hardship statement with a document. So each kind of object has one of each owner, and the
/// owner's own requests for it succeed.
async fn letter_objects(
    app: &app::App,
    owner: Owner,
    (case, code): (&'static str, &'static str),
    cookie: &str,
) -> LetterObjects {
    let store = &app.state.store;
    let rec = app.claim(case).await;
    let (claim, debtor) = (rec.id.clone(), rec.debtor_id.clone());
    let origin = ("origin", app.base.as_str());

    let view = server_fn(app, "claim_details", &[("id", claim.as_str())], cookie).await;
    let latest = view["deferral"]["Offered"]["latest"].as_str().expect("a deferral is offered").to_owned();
    let r =
        app.post_form(&format!("/claims/{claim}/deferral"), &[("date", &latest)], &[("cookie", cookie), origin]).await;
    assert_eq!(r.status(), 303);
    let deferrals = store.deferrals_of_claim(&claim).await.unwrap();
    let deferral = deferrals.into_iter().find(|d| d.state == DeferralState::Pending).expect("left to the creditor").id;

    let my_data = server_fn(app, "my_data_page", &[], cookie).await;
    let decisions = my_data["decisions"].as_array().unwrap();
    assert_eq!(decisions.len(), 1, "{case}: the deferral sent on, this letter's only automatic decision");
    let decision = decisions[0]["id"].as_i64().unwrap().to_string();
    let review_form = [("decision", decision.as_str()), ("explanation", "Please look at this again.")];
    let r = app.post_form("/my-data/review", &review_form, &[("cookie", cookie), origin]).await;
    assert_eq!(app::App::location(&r), "/my-data?sent=1#reviews");
    let reviews = store.review_requests_of(&debtor).await.unwrap();
    let review =
        reviews.into_iter().find(|r| r.claim_id.as_ref().is_some_and(|c| c == claim.as_str())).expect("routed").id;

    let plan = inputs(app, case).await;
    let (choice, proposal) = (1..=12)
        .map(|n| installments(n, in_days(app, 14)))
        .find_map(|c| {
            plan.basis().propose(c).ok().filter(|p| p.verdict.outcome == Verdict::AutoApproved).map(|p| (c, p))
        })
        .expect("some plan is approved at once");
    let form = plan_forms::form(&choice, &proposal.plan.fingerprint());
    let r = plan_forms::post(app, &format!("/claims/{claim}/plan"), &form, cookie).await;
    assert_eq!(r.status(), 303);
    let open = store.open_proposal(&claim).await.unwrap().expect("a plan");
    assert_eq!(open.state, ProposalState::Active);

    let dispute_form = Form::new()
        .text("reason", "wrong_amount")
        .text("explanation", "The amount is wrong.")
        .part("files", Part::bytes(files::pdf()).file_name("kvitto.pdf"));
    let r = app.post_multipart(&format!("/claims/{claim}/dispute"), dispute_form, cookie).await;
    assert_eq!(r.status(), 303);
    let dispute = store.dispute_of_claim(&claim).await.unwrap().expect("disputed");
    let evidence = dispute.entries[0].documents[0].id.clone();

    let (hardship, hardship_document) = share_hardship(app, case, cookie, claim.as_str(), debtor.as_str()).await;
    LetterObjects {
        owner,
        case,
        code,
        claim: claim.to_string(),
        debtor: debtor.to_string(),
        proposal: open.id.to_string(),
        dispute: dispute.id.to_string(),
        evidence: evidence.to_string(),
        deferral,
        review,
        decision,
        hardship,
        hardship_document,
    }
}

/// A proposal on the letter's claim that waits for the creditor; returns its id.
async fn pending_proposal(app: &app::App, (case, code): (&str, &str)) -> String {
    let cookie = app.session(case, code).await;
    let plan = inputs(app, case).await;
    let (choice, proposal) = (1..=24)
        .map(|n| installments(n, in_days(app, 14)))
        .find_map(|c| {
            plan.basis().propose(c).ok().filter(|p| p.verdict.outcome == Verdict::NeedsReview).map(|p| (c, p))
        })
        .expect("some plan is left to the creditor");
    let claim = app.claim_id(case).await;
    let form = plan_forms::form(&choice, &proposal.plan.fingerprint());
    let r = plan_forms::post(app, &format!("/claims/{claim}/plan"), &form, &cookie).await;
    assert_eq!(r.status(), 303);
    let open = app.state.store.open_proposal(&claim).await.unwrap().expect("proposed");
    assert_eq!(open.state, ProposalState::Pending);
    open.id.to_string()
}

async fn world(app: &app::App) -> World {
    let store = &app.state.store;
    let letters_of = [
        (Owner::A1, ("40010001", "K7QM-4TXP")),
        (Owner::A2, ("40010009", "L6DW-9KEC")),
        (Owner::B, ("40010002", "R3WZ-8HNC")),
    ];
    let (a, b) = (app.claim("40010001").await, app.claim("40010002").await);
    assert_eq!(a.debtor_id, app.claim("40010009").await.debtor_id, "letters 1 and 2 are one debtor's");
    assert_ne!(a.debtor_id, b.debtor_id);
    let (x, y) = (a.creditor_id.clone(), b.creditor_id.clone());
    assert_eq!(app.claim("40010009").await.creditor_id, y, "A's second letter is creditor Y's, as B's");
    assert_ne!(x, y);

    let mut principals = vec![("anon", Credential::None)];
    for (name, (_, (case, code))) in ["a1", "a2", "b"].into_iter().zip(letters_of) {
        principals.push((name, Credential::Debtor { cookie: app.session(case, code).await, case, code }));
    }
    for (name, login) in [("agent_x", NORDLJUS_AGENT), ("admin_x", NORDLJUS_ADMIN_LOGIN), ("agent_y", KVIKK_AGENT)] {
        let cookie = staff_session(app, login).await;
        principals.push((name, Credential::Staff { cookie, login, lands: STAFF_QUEUE }));
    }
    let key_x = key_for(app, NORDLJUS_ADMIN, "matrix X").await.key;
    let key_y = key_for(app, KVIKK_AGENT_EMAIL, "matrix Y").await.key;
    let revoked = key_for(app, NORDLJUS_ADMIN, "matrix revoked").await.key;
    let admin = store.staff_user_by_email(NORDLJUS_ADMIN).await.unwrap().unwrap();
    let keys_of_x = store.api_keys_of(&x).await.unwrap();
    let revoked_id = keys_of_x.iter().find(|k| k.name == "matrix revoked").unwrap().id.clone();
    assert!(store.revoke_api_key(&admin.id, &x, revoked_id.as_str()).await.unwrap());
    principals.extend([
        ("key_x", Credential::Key(key_x)),
        ("key_y", Credential::Key(key_y)),
        ("key_revoked", Credential::Key(revoked)),
    ]);

    let mut letters = Vec::new();
    for (i, (owner, letter)) in letters_of.into_iter().enumerate() {
        let Credential::Debtor { cookie, .. } = &principals[1 + i].1 else { unreachable!() };
        letters.push(letter_objects(app, owner, letter, cookie).await);
    }

    let kvikk = store.staff_user_by_email(KVIKK_AGENT_EMAIL).await.unwrap().unwrap();
    let mut identifiers = Vec::new();
    for l in &letters {
        let ids =
            [&l.claim, &l.proposal, &l.dispute, &l.evidence, &l.deferral, &l.review, &l.hardship, &l.hardship_document];
        identifiers.extend(ids.into_iter().map(|id| (l.owner, id.clone())));
    }
    // The lists of what waits (the API's proposals, the queue) show pending items only, and the
    // letters' plans are active: another debtor's proposals, one at each creditor, give them
    // something to show, and so something to show to the wrong creditor.
    for (owner, letter) in [(Owner::X, ("40010003", "P9LD-2VKE")), (Owner::Y, ("40010004", "F6TN-9XQB"))] {
        let rec = app.claim(letter.0).await;
        assert_eq!(rec.creditor_id, if owner == Owner::X { x.clone() } else { y.clone() });
        identifiers.push((owner, pending_proposal(app, letter).await));
        identifiers.push((owner, rec.id.to_string()));
    }
    for (owner, creditor) in [(Owner::X, &x), (Owner::Y, &y)] {
        for s in store.staff_of_creditor(creditor).await.unwrap() {
            identifiers.push((owner, s.id.to_string()));
        }
        for k in store.api_keys_of(creditor).await.unwrap() {
            identifiers.push((owner, k.id.to_string()));
        }
    }
    // Made after the identifiers are taken: a half-open session's own account is not X's to hide.
    principals.extend(half_open_principals(app, &x).await);
    assert_eq!(principals.iter().map(|(n, _)| *n).collect::<Vec<_>>(), PRINCIPALS);
    let creditors = vec![
        Creditor { owner: Owner::X, id: x, staff: admin.id },
        Creditor { owner: Owner::Y, id: y, staff: kvikk.id },
    ];
    let password_hash = hash_secret("matrix-account-password").unwrap();
    World { principals, letters, creditors, identifiers, password_hash }
}

/// An agent of `creditor` signed in as far as its password: `half_password` (a first password an
/// administrator gave, still to be replaced) and `half_totp` (two-step sign-in on, turned on through
/// the account page as its owner would, the code still to come).
async fn half_open_principals(app: &app::App, creditor: &CreditorId) -> [(&'static str, Credential); 2] {
    let store = &app.state.store;
    for ((email, password), must_change_password) in [(HALF_PASSWORD_LOGIN, true), (HALF_TOTP_LOGIN, false)] {
        let hash = hash_secret(password).unwrap();
        let user = NewStaffUser {
            creditor_id: creditor,
            email,
            name: "Matrix Half-Open",
            role: StaffRole::Agent,
            password_hash: &hash,
            must_change_password,
        };
        store.insert_staff_user(user).await.unwrap();
    }
    let half_password = staff_cookie(app, HALF_PASSWORD_LOGIN, ACCOUNT_PAGE).await;

    let full = staff_cookie(app, HALF_TOTP_LOGIN, STAFF_QUEUE).await;
    let page = text(en(app, ACCOUNT_PAGE, &full).await).await;
    let key = element(&page, "data-testid=\"totp-key\"").1.to_owned();
    let sealed = attribute(element(&page, "name=\"setup\"").0, "value").to_owned();
    let code = totp_code(&key, app.state.clock.now().unix());
    let form = [("setup", sealed.as_str()), ("code", code.as_str()), ("current_password", HALF_TOTP_LOGIN.1)];
    let headers = [("cookie", full.as_str()), ("origin", app.base.as_str())];
    let r = app.post_form("/staff/two-factor", &form, &headers).await;
    assert_eq!(app::App::location(&r), "/staff/account?two_factor=1#two-factor", "two-step sign-in turned on");
    app.post_form("/staff/sign-out", &[], &headers).await;
    let half_totp = staff_cookie(app, HALF_TOTP_LOGIN, SECOND_FACTOR_PAGE).await;

    [
        ("half_password", Credential::Staff { cookie: half_password, login: HALF_PASSWORD_LOGIN, lands: ACCOUNT_PAGE }),
        ("half_totp", Credential::Staff { cookie: half_totp, login: HALF_TOTP_LOGIN, lands: SECOND_FACTOR_PAGE }),
    ]
}

/// Signs in with `login` through the form, from a client of its own; the `Cookie` value of the
/// session, which must land on `lands`.
async fn staff_cookie(app: &app::App, (email, password): (&str, &str), lands: &str) -> String {
    let client = next_client();
    let headers = [("origin", app.base.as_str()), ("x-forwarded-for", client.as_str())];
    let r = app.post_form("/staff/sign-in", &[("email", email), ("password", password)], &headers).await;
    assert_eq!(app::App::location(&r), lands, "the sign-in of {email}");
    r.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned()
}

/// After every cell: the half-open principals' sessions still wait for their step, and their
/// accounts still ask for it. Otherwise some cell completed a sign-in, and the cells after it
/// observed a session that was no longer half-open.
async fn still_half_open(app: &app::App, world: &World) {
    for (name, credential) in &world.principals {
        let Credential::Staff { cookie, login, lands } = credential else { continue };
        let expected = match *lands {
            ACCOUNT_PAGE => Pending::PasswordChange,
            SECOND_FACTOR_PAGE => Pending::SecondFactor,
            _ => continue,
        };
        let mut headers = axum::http::HeaderMap::new();
        headers.insert("cookie", cookie.parse().unwrap());
        let now = app.state.clock.now();
        let state = &app.state;
        let found = debtor_portal::server::auth::staff_signing_in(&state.store, &state.staff_sessions, &headers, now);
        let (account, pending) = found.await.unwrap_or_else(|e| panic!("{name}: the session is gone: {e:?}"));
        assert_eq!(pending, Some(expected), "{name}: the session is no longer half-open");
        assert_eq!(account.email, login.0);
        match expected {
            Pending::PasswordChange => assert!(account.must_change_password, "{name}: the first password was changed"),
            _ => assert!(account.totp.is_some(), "{name}: two-step sign-in was turned off"),
        }
    }
}

// ---- The table --------------------------------------------------------------------------------

const TABLE_HEAD: &str = "\
# The authorization matrix: what each route answers each principal, on an object of each owner.
# tests/authorization_matrix.rs calls them all (SQLite and PostgreSQL) and compares with this file.
# Do not edit it to make the test pass: after a deliberate change, UPDATE_AUTHZ_MATRIX=1 rewrites it
# (and README.md's \"Who may do what\") from what the server answered; review that diff.
#
# Principals: anon (no credentials); a1, a2: debtor A signed in with letter 1 (40010001, a claim of
# creditor X, Nordljus Energi) or with letter 2 only (40010009, creditor Y, Kvikk Mobil); b: debtor B
# (40010002, creditor Y); agent_x, admin_x: staff of X; agent_y: staff of Y; key_x, key_y: API keys
# of X and Y; key_revoked: a revoked key of X; half_password, half_totp: agents of X signed in with
# their password whose session still waits for a step (half-open): their own password in place of
# the first one an administrator gave, or the code of two-step sign-in.
# Objects: <kind> <owner>; A1/X, A2/Y, B/Y: made on that letter's claim by its debtor; X, Y: the
# creditor's own. \"-\": the route acts on no particular object.
# Outcomes: ok (2xx, or a redirect to a page saying it was done); sign_in (401, or sent to sign in
# or to the step of a staff sign-in still to do);
# forbidden (403); not_found (404, as for an object that does not exist); refused (another 4xx, or
# an error code in the redirect: the request itself is refused, mostly the empty forms the test
# sends, once someone else's letter); error (5xx); leak (a 2xx naming an object of an owner the
# principal may not see).
";

fn render_table(rows: &BTreeMap<Key, Vec<String>>) -> String {
    let mut out = TABLE_HEAD.to_owned();
    out.push_str(&format!("route\tmethod\tobject\t{}\n", PRINCIPALS.join("\t")));
    for ((route, method, object), cells) in rows {
        out.push_str(&format!("{route}\t{method}\t{object}\t{}\n", cells.join("\t")));
    }
    out
}

fn parse_table(text: &str) -> BTreeMap<Key, Vec<String>> {
    let mut rows = BTreeMap::new();
    for line in text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()).skip(1) {
        let mut parts = line.split('\t').map(str::to_owned);
        let key = (parts.next().unwrap(), parts.next().unwrap_or_default(), parts.next().unwrap_or_default());
        rows.insert(key, parts.collect());
    }
    rows
}

/// What differs, row by row, in words.
fn differences(table: &BTreeMap<Key, Vec<String>>, observed: &BTreeMap<Key, Vec<String>>) -> Vec<String> {
    let mut out = Vec::new();
    let keys: BTreeSet<&Key> = table.keys().chain(observed.keys()).collect();
    for key @ (route, method, object) in keys {
        let row = format!("{method} {route} [{object}]");
        match (table.get(key), observed.get(key)) {
            (None, Some(seen)) => {
                let cells: Vec<String> = PRINCIPALS.iter().zip(seen).map(|(p, c)| format!("{p}={c}")).collect();
                out.push(format!("+ {row}: not in the table; observed {}", cells.join(" ")));
            }
            (Some(_), None) => out.push(format!("- {row}: in the table, but the server no longer has it")),
            (Some(kept), Some(seen)) => {
                for (i, p) in PRINCIPALS.iter().enumerate() {
                    let (k, s) = (kept.get(i).map_or("", String::as_str), seen[i].as_str());
                    if k != s {
                        out.push(format!("~ {row} as {p}: table says {k:?}, observed {s:?}"));
                    }
                }
            }
            (None, None) => unreachable!(),
        }
    }
    out
}

/// The table as README shows it ("Who may do what").
fn render_readme_block(rows: &BTreeMap<Key, Vec<String>>) -> String {
    let mut out = format!("{README_START}\n");
    out.push_str(
        "Written by the test from `tests/authorization_matrix.tsv`. Principals: `anon` (no credentials);\n\
         `a1`, `a2`: debtor A signed in with letter 1 (a claim of creditor X, Nordljus Energi) or with\n\
         letter 2 only (creditor Y, Kvikk Mobil); `b`: debtor B (creditor Y); `agent_x`, `admin_x`, `agent_y`: creditor staff;\n\
         `key_x`, `key_y`: API keys; `key_revoked`: a revoked key of X; `half_password`, `half_totp`: agents\n\
         of X whose sign-in still waits for their own password or for a two-step code. Objects `A1/X`,\n\
         `A2/Y`, `B/Y` were made on that letter's claim, `X`, `Y` are the creditor's own. Outcomes: `ok`;\n\
         `sign_in` (401, or sent to sign in or to the step of it still to do); `forbidden` (403);\n\
         `not_found` (404, as for what does not exist); `refused` (the request itself is refused: mostly\n\
         the empty forms the test sends, once someone else's letter).\n\n",
    );
    out.push_str(&format!("| Route | Method | Object | {} |\n", PRINCIPALS.join(" | ")));
    out.push_str(&format!("|---|---|---|{}\n", "---|".repeat(PRINCIPALS.len())));
    for ((route, method, object), cells) in rows {
        out.push_str(&format!("| `{route}` | {method} | {object} | {} |\n", cells.join(" | ")));
    }
    out.push_str(README_END);
    out
}

fn readme_block(readme: &str) -> Option<(usize, usize)> {
    let start = readme.find(README_START)?;
    let end = readme[start..].find(README_END)? + start + README_END.len();
    Some((start, end))
}

fn check_or_update(observed: &BTreeMap<Key, Vec<String>>) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let (table_path, readme_path) = (root.join(TABLE), root.join(README));
    let update = std::env::var_os("UPDATE_AUTHZ_MATRIX").is_some_and(|v| v == "1");
    let readme = std::fs::read_to_string(&readme_path).unwrap();
    let (start, end) = readme_block(&readme).expect("README.md has the authorization matrix's markers");
    let block = render_readme_block(observed);
    // Only for a deliberate change: the table then says whatever the server did, so review its diff.
    if update {
        // Written whole and renamed, so the other backend's run never reads half a file.
        write_atomically(&table_path, &render_table(observed));
        if readme[start..end] != block {
            write_atomically(&readme_path, &format!("{}{block}{}", &readme[..start], &readme[end..]));
        }
        return;
    }
    let kept = std::fs::read_to_string(&table_path).unwrap_or_default();
    let diff = differences(&parse_table(&kept), observed);
    assert!(
        diff.is_empty(),
        "the server's answers differ from {TABLE} ({} differences). If the change is deliberate, \
         rerun with UPDATE_AUTHZ_MATRIX=1 and review the diff:\n{}",
        diff.len(),
        diff.join("\n")
    );
    assert!(
        readme[start..end] == block,
        "README.md's authorization matrix is not the table's; rerun with UPDATE_AUTHZ_MATRIX=1"
    );
}

fn write_atomically(path: &std::path::Path, text: &str) {
    static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = path.with_extension(format!("tmp{}-{n}", std::process::id()));
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

async fn every_route_answers_every_principal_as_the_table_says(db: TestDb) {
    let started = std::time::Instant::now();
    // Requests come through a trusted proxy that names a client of its own for each (`next_client`).
    let app = app::spawn_app_with(db, &[("TRUSTED_PROXIES", "127.0.0.1")]).await;
    debtor_portal::server::demo::seed(&app.state.store, app.today()).await.unwrap();
    let world = world(&app).await;
    let (routes, doc) = routes(&app).await;
    let today = app.today().to_string();
    let cells = cells(&world, &routes, &doc, &today);
    let count = cells.len();
    let observed = observe(&app, &world, cells).await;
    still_half_open(&app, &world).await;
    eprintln!(
        "authorization matrix: {} routes, {} rows, {count} cells in {:.1?}",
        routes.len(),
        observed.len(),
        started.elapsed()
    );
    check_or_update(&observed);
}

on_both_backends!(crate::app::db; every_route_answers_every_principal_as_the_table_says);
