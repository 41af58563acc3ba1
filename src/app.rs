//! The HTML shell, the router of every page and the language provider.

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, Meta, MetaTags};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

use crate::components::layout::Layout;
use crate::i18n::*;
use crate::pages::{
    agreement::AgreementPage, claim::ClaimPage, claims::ClaimsPage, dispute::DisputePage, hardship::HardshipPage,
    home::HomePage, my_data::MyDataPage, not_found::NotFound, plan::PlanPage, staff_account::StaffAccountPage,
    staff_accounts::StaffAccountsPage, staff_api_keys::StaffApiKeysPage, staff_deferral::StaffDeferralPage,
    staff_dispute::StaffDisputePage, staff_import::StaffImportPage, staff_policy::StaffPolicyPage,
    staff_proposal::StaffProposalPage, staff_queue::StaffQueuePage, staff_rates::StaffRatesPage,
    staff_review::StaffReviewPage, staff_second_factor::StaffSecondFactorPage, staff_sign_in::StaffSignInPage,
};

/// The HTML document around every page. `lang` is set on `<html>` by the i18n provider.
///
/// Islands mode: the head carries no hydration scripts. A component that holds islands renders the
/// loader beside them (`components::islands::IslandScripts`), so a page without islands loads no
/// JavaScript or wasm.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::components::islands::prepare_page(&options);
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <HashedStylesheet id="leptos" options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <I18nContextProvider enable_cookie=false ssr_lang_header_getter=language_source()>
            <Meta name="description" content="Debtor self-service portal"/>
            <Router>
                <Layout>
                    <Routes fallback=NotFound>
                        <Route path=path!("/") view=HomePage/>
                        // Async: the whole page is rendered before it is sent, so it is complete
                        // without JavaScript (streamed fragments would need a script to be placed).
                        <Route path=path!("/claims") view=ClaimsPage ssr=SsrMode::Async/>
                        <Route path=path!("/claims/:id") view=ClaimPage ssr=SsrMode::Async/>
                        <Route path=path!("/claims/:id/plan") view=PlanPage ssr=SsrMode::Async/>
                        <Route path=path!("/claims/:id/plan/agreement") view=AgreementPage ssr=SsrMode::Async/>
                        <Route path=path!("/claims/:id/dispute") view=DisputePage ssr=SsrMode::Async/>
                        <Route path=path!("/hardship") view=HardshipPage ssr=SsrMode::Async/>
                        <Route path=path!("/my-data") view=MyDataPage ssr=SsrMode::Async/>
                        <Route path=path!("/staff") view=StaffSignInPage/>
                        <Route path=path!("/staff/second-factor") view=StaffSecondFactorPage/>
                        <Route path=path!("/staff/account") view=StaffAccountPage ssr=SsrMode::Async/>
                        <Route path=path!("/staff/queue") view=StaffQueuePage ssr=SsrMode::Async/>
                        <Route path=path!("/staff/policy") view=StaffPolicyPage ssr=SsrMode::Async/>
                        <Route path=path!("/staff/rates") view=StaffRatesPage ssr=SsrMode::Async/>
                        <Route path=path!("/staff/accounts") view=StaffAccountsPage ssr=SsrMode::Async/>
                        <Route path=path!("/staff/api-keys") view=StaffApiKeysPage ssr=SsrMode::Async/>
                        <Route path=path!("/staff/import") view=StaffImportPage ssr=SsrMode::Async/>
                        <Route path=path!("/staff/proposals/:id") view=StaffProposalPage ssr=SsrMode::Async/>
                        <Route path=path!("/staff/disputes/:id") view=StaffDisputePage ssr=SsrMode::Async/>
                        <Route path=path!("/staff/deferrals/:id") view=StaffDeferralPage ssr=SsrMode::Async/>
                        <Route path=path!("/staff/reviews/:id") view=StaffReviewPage ssr=SsrMode::Async/>
                    </Routes>
                </Layout>
            </Router>
        </I18nContextProvider>
    }
}

/// Where a page's language comes from: the cookie that the language links set (`/language/{code}`,
/// the only writer), else the browser's Accept-Language. leptos_i18n's own cookie is off: it wrote
/// the language it detected back into a cookie on every page, and under concurrent requests browsers
/// were seen receiving another request's language that way (parallel browser journeys).
fn language_source() -> leptos_use::UseLocalesOptions {
    leptos_use::UseLocalesOptions::default().ssr_lang_header_getter(|| {
        #[cfg(feature = "ssr")]
        {
            use crate::server::{http::LANGUAGE_COOKIE, request_cookies::request_cookie};
            let parts = use_context::<axum::http::request::Parts>()?;
            let chosen = request_cookie(&parts.headers, LANGUAGE_COOKIE)
                .and_then(|c| c.value().parse::<crate::domain::Language>().ok());
            if let Some(language) = chosen {
                return Some(language.as_str().to_owned());
            }
            parts.headers.get(axum::http::header::ACCEPT_LANGUAGE)?.to_str().ok().map(str::to_owned)
        }
        #[cfg(not(feature = "ssr"))]
        None
    })
}
