//! Who is asking, as axum extractors: a handler names the principal it serves (`Debtor`,
//! `DebtorClaim`, `Staff`, `Admin`, `StaffSigningIn`, `ApiClient`) and never runs for anyone else.
//! Each refuses here, in one place:
//!
//! - a debtor's form post without a session is sent to sign in (`/?error=unauthenticated#sign-in`),
//!   a debtor's download (GET) answers the 401 page (HTML or JSON, as the reader asks), as the
//!   pages do; a claim that is not theirs (or not this session's) is the 404 page;
//! - staff without a complete staff session are sent to the staff sign-in; an agent where an
//!   administrator is needed gets the 403 page; the forms of a sign-in's later steps
//!   (`StaffSigningIn`) start over at the sign-in on any failure;
//! - the API answers its JSON error with `WWW-Authenticate` (`api::key`).
//!
//! Server functions use the same extractors through `current_debtor`, `current_staff` and
//! `current_staff_signing_in`. These call `from_request_parts` themselves rather than go through
//! `leptos_axum::extract`, which turns a rejection into a string: a server function's answer keeps
//! the error's code and status.

use std::fmt;
use std::ops::Deref;

use axum::extract::{FromRef, FromRequestParts, Path};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method};
use axum::response::{IntoResponse, Response};

use super::request::debtor_from_headers;
use super::staff::{staff_from_headers, staff_signing_in, StaffSessions};
use super::{DebtorAccess, Sessions, StaffAccess};
use crate::domain::ClaimId;
use crate::error::{AppError, PortalCode};
use crate::server::clock::Clock;
use crate::server::debtor_claims::owned_claim;
use crate::server::http::AppState;
use crate::server::redirect::see_other;
use crate::server::store::{ApiClient, ClaimRecord, Pending, StaffRole, StaffUserRecord, Store};

/// Where a debtor's form post without a session is sent.
const DEBTOR_SIGN_IN: &str = "/?error=unauthenticated#sign-in";
/// Where staff without a complete session are sent.
const STAFF_SIGN_IN: &str = "/staff?error=unauthenticated#sign-in";

/// What the extractors read a session with; the application's state holds it, server functions
/// find it in their context.
#[derive(Clone)]
pub struct AuthState {
    pub store: Store,
    pub sessions: Sessions,
    pub staff_sessions: Sessions,
    pub clock: Clock,
}

impl FromRef<AppState> for AuthState {
    fn from_ref(s: &AppState) -> Self {
        Self {
            store: s.store.clone(),
            sessions: s.sessions.clone(),
            staff_sessions: s.staff_sessions.clone(),
            clock: s.clock.clone(),
        }
    }
}

impl AuthState {
    /// The state from what `http::router` provides to every server function.
    fn from_context() -> Result<Self, AppError> {
        use crate::server::app_context::app_context;
        Ok(Self {
            store: app_context::<Store>()?,
            sessions: app_context::<Sessions>()?,
            staff_sessions: app_context::<StaffSessions>()?.0,
            clock: app_context::<Clock>()?,
        })
    }
}

/// A request refused for who sent it: `error` for server functions, the answer for handlers.
pub struct AuthRefusal {
    pub error: AppError,
    sign_in: SignIn,
    /// The error page's language and form (HTML or JSON) come from the request's headers.
    headers: HeaderMap,
}

/// When a refusal sends the browser to sign in, and where; otherwise it answers the error page.
#[derive(Clone, Copy)]
enum SignIn {
    Never,
    WithoutSession(&'static str),
    /// The steps of a staff sign-in start over on any failure: there is no page to stay on.
    Always(&'static str),
}

impl AuthRefusal {
    fn new(error: AppError, sign_in: SignIn, parts: &Parts) -> Self {
        Self { error, sign_in, headers: parts.headers.clone() }
    }
}

impl IntoResponse for AuthRefusal {
    fn into_response(self) -> Response {
        match self.sign_in {
            SignIn::WithoutSession(to) if self.error.is(PortalCode::Unauthenticated) => see_other(to, None),
            SignIn::Always(to) => see_other(to, None),
            _ => crate::server::error_page::respond(&self.headers, self.error),
        }
    }
}

impl fmt::Debug for AuthRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "refused: {}", self.error.code)
    }
}

/// A signed-in debtor and the claims this session may see.
#[derive(Debug, Clone)]
pub struct Debtor(pub DebtorAccess);

impl Deref for Debtor {
    type Target = DebtorAccess;
    fn deref(&self) -> &DebtorAccess {
        &self.0
    }
}

/// A form post lands on the sign-in form; a download or page (GET) answers 401 where it was asked.
fn debtor_sign_in(parts: &Parts) -> SignIn {
    match parts.method {
        Method::GET | Method::HEAD => SignIn::Never,
        _ => SignIn::WithoutSession(DEBTOR_SIGN_IN),
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Debtor
where
    AuthState: FromRef<S>,
{
    type Rejection = AuthRefusal;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AuthRefusal> {
        let auth = AuthState::from_ref(state);
        match debtor_from_headers(&auth.sessions, &parts.headers, auth.clock.now()).await {
            Ok(who) => Ok(Debtor(who)),
            Err(e) => Err(AuthRefusal::new(e, debtor_sign_in(parts), parts)),
        }
    }
}

/// The signed-in debtor and the claim of the route's `{id}`, only when it is theirs and this
/// session's; any other claim is "not found", exactly like one that does not exist.
pub struct DebtorClaim {
    pub who: DebtorAccess,
    pub claim: ClaimRecord,
}

impl<S: Send + Sync> FromRequestParts<S> for DebtorClaim
where
    AuthState: FromRef<S>,
{
    type Rejection = AuthRefusal;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AuthRefusal> {
        let Debtor(who) = Debtor::from_request_parts(parts, state).await?;
        let Ok(Path(id)) = Path::<ClaimId>::from_request_parts(parts, state).await else {
            return Err(AuthRefusal::new(AppError::not_found(), SignIn::Never, parts));
        };
        let auth = AuthState::from_ref(state);
        match owned_claim(&auth.store, &who, &id).await {
            Ok(claim) => Ok(DebtorClaim { who, claim }),
            Err(e) => Err(AuthRefusal::new(e, SignIn::Never, parts)),
        }
    }
}

/// A signed-in staff member (the sign-in's every step done): account, creditor and role.
#[derive(Debug, Clone)]
pub struct Staff(pub StaffAccess);

impl Deref for Staff {
    type Target = StaffAccess;
    fn deref(&self) -> &StaffAccess {
        &self.0
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Staff
where
    AuthState: FromRef<S>,
{
    type Rejection = AuthRefusal;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AuthRefusal> {
        let auth = AuthState::from_ref(state);
        match staff_from_headers(&auth.store, &auth.staff_sessions, &parts.headers, auth.clock.now()).await {
            Ok(who) => Ok(Staff(who)),
            Err(e) => Err(AuthRefusal::new(e, SignIn::WithoutSession(STAFF_SIGN_IN), parts)),
        }
    }
}

/// A signed-in administrator: the policy, staff accounts, API keys, rates and imports are theirs.
#[derive(Debug, Clone)]
pub struct Admin(pub StaffAccess);

impl Deref for Admin {
    type Target = StaffAccess;
    fn deref(&self) -> &StaffAccess {
        &self.0
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Admin
where
    AuthState: FromRef<S>,
{
    type Rejection = AuthRefusal;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AuthRefusal> {
        let Staff(who) = Staff::from_request_parts(parts, state).await?;
        match admin_only(&who) {
            Ok(()) => Ok(Admin(who)),
            Err(e) => Err(AuthRefusal::new(e, SignIn::Never, parts)),
        }
    }
}

/// A staff session whatever its sign-in still waits for (the code of two-step sign-in, the own
/// password in place of the first one): for the forms of those steps and the account page.
pub struct StaffSigningIn {
    pub account: StaffUserRecord,
    pub pending: Option<Pending>,
}

impl<S: Send + Sync> FromRequestParts<S> for StaffSigningIn
where
    AuthState: FromRef<S>,
{
    type Rejection = AuthRefusal;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AuthRefusal> {
        let auth = AuthState::from_ref(state);
        match staff_signing_in(&auth.store, &auth.staff_sessions, &parts.headers, auth.clock.now()).await {
            Ok((account, pending)) => Ok(StaffSigningIn { account, pending }),
            Err(e) => Err(AuthRefusal::new(e, SignIn::Always(STAFF_SIGN_IN), parts)),
        }
    }
}

/// An agent is refused what is an administrator's.
pub fn admin_only(who: &StaffAccess) -> Result<(), AppError> {
    match who.role {
        StaffRole::Admin => Ok(()),
        StaffRole::Agent => Err(AppError::new(PortalCode::Forbidden, "only an administrator may do this")),
    }
}

/// The API key's client: the key and its creditor. The `api::key` layer finds it first, for every
/// route under `/api/v1`, and leaves it in the request, so a handler's extraction reads no more.
impl FromRequestParts<AppState> for ApiClient {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        if let Some(client) = parts.extensions.get::<ApiClient>() {
            return Ok(client.clone());
        }
        let client = crate::server::api::client_of_key(parts, state).await?;
        parts.extensions.insert(client.clone());
        Ok(client)
    }
}

/// For server functions: the signed-in debtor, or the error their answer carries.
pub async fn current_debtor() -> Result<DebtorAccess, AppError> {
    let mut parts = request_parts()?;
    Debtor::from_request_parts(&mut parts, &AuthState::from_context()?).await.map(|d| d.0).map_err(|r| r.error)
}

/// For server functions: the signed-in staff member, or the error their answer carries.
pub async fn current_staff() -> Result<StaffAccess, AppError> {
    let mut parts = request_parts()?;
    Staff::from_request_parts(&mut parts, &AuthState::from_context()?).await.map(|s| s.0).map_err(|r| r.error)
}

/// For server functions: the staff session whatever its sign-in still waits for.
pub async fn current_staff_signing_in() -> Result<StaffSigningIn, AppError> {
    let mut parts = request_parts()?;
    StaffSigningIn::from_request_parts(&mut parts, &AuthState::from_context()?).await.map_err(|r| r.error)
}

/// leptos_axum puts the request's parts in a server function's reactive context.
fn request_parts() -> Result<Parts, AppError> {
    crate::server::app_context::app_context::<Parts>()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(method: &str, accept: &str) -> Parts {
        let req = axum::http::Request::builder().method(method).uri("/x").header("accept", accept);
        req.body(()).unwrap().into_parts().0
    }

    fn answer(r: AuthRefusal) -> (u16, Option<String>, String) {
        let res = r.into_response();
        let location = res.headers().get("location").map(|v| v.to_str().unwrap().to_owned());
        let kind = res.headers().get("content-type").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
        (res.status().as_u16(), location, kind)
    }

    #[test]
    fn a_debtors_form_post_goes_to_sign_in_and_a_download_answers_401() {
        let post = parts("POST", "text/html");
        let r = AuthRefusal::new(AppError::unauthenticated(), debtor_sign_in(&post), &post);
        assert_eq!(answer(r), (303, Some(DEBTOR_SIGN_IN.into()), String::new()));
        for accept in ["text/html", "application/json"] {
            let get = parts("GET", accept);
            let (status, location, kind) =
                answer(AuthRefusal::new(AppError::unauthenticated(), debtor_sign_in(&get), &get));
            assert_eq!((status, location), (401, None), "{accept}");
            assert!(kind.starts_with(accept), "{accept}: {kind}");
        }
    }

    #[test]
    fn only_a_missing_session_is_sent_to_sign_in() {
        let post = parts("POST", "text/html");
        let staff = |e: AppError| answer(AuthRefusal::new(e, SignIn::WithoutSession(STAFF_SIGN_IN), &post));
        assert_eq!(staff(AppError::unauthenticated()).0, 303);
        assert_eq!(staff(AppError::unauthenticated()).1.as_deref(), Some(STAFF_SIGN_IN));
        // An agent where an administrator is needed, another creditor's claim, a failing database:
        // the error page with the error's own status, never a way to sign in again.
        let agent = StaffAccess {
            staff_id: "s".parse().unwrap(),
            name: "n".into(),
            creditor_id: "c".parse().unwrap(),
            role: StaffRole::Agent,
        };
        assert_eq!(staff(admin_only(&agent).unwrap_err()).0, 403);
        assert_eq!(staff(AppError::not_found()).0, 404);
        assert_eq!(staff(AppError::internal()).0, 500);
        assert_eq!(staff(AppError::not_found()).1, None);
        // A step of the staff sign-in starts over whatever failed.
        let step = answer(AuthRefusal::new(AppError::internal(), SignIn::Always(STAFF_SIGN_IN), &post));
        assert_eq!((step.0, step.1.as_deref()), (303, Some(STAFF_SIGN_IN)));
    }

    #[test]
    fn an_administrator_passes_the_admin_check() {
        let admin = StaffAccess {
            staff_id: "s".parse().unwrap(),
            name: "n".into(),
            creditor_id: "c".parse().unwrap(),
            role: StaffRole::Admin,
        };
        assert!(admin_only(&admin).is_ok());
    }
}
