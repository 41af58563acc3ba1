//! The one page shell: title, way back, heading, loading and error notice around what a page's
//! server function loads.

use leptos::prelude::*;

use crate::components::error_notice::ErrorNotice;
use crate::components::page_title::PageTitle;
use crate::error::AppError;
use crate::i18n::*;

/// Where a page's "back" link leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BackTo {
    /// The debtor's list of claims.
    Claims,
    /// One claim of the debtor's (its id).
    Claim(String),
    /// The staff work queue.
    Queue,
}

/// The shell of every page that shows what one server function loads: the page's title, the way
/// back, the heading, "loading" until the data is there, then the page's content (`children`, given
/// the data) or the error, translated, with the way on.
///
/// `heading`: the page's `<h1>` is its title, above the content (pages whose content has no heading
/// of its own). `staff`: a staff page, whose content starts with the staff bar and its own heading;
/// its error still says which page failed, and leads to the staff sign-in or the queue.
#[component]
pub fn DataPage<T, F, V>(
    /// The page's name in the browser's title bar; without one, the content sets it (the claim page
    /// is named after the claim).
    #[prop(optional, into)]
    title: Option<String>,
    #[prop(optional)] back: Option<BackTo>,
    #[prop(optional)] heading: bool,
    #[prop(optional)] staff: bool,
    data: Resource<Result<T, AppError>>,
    children: F,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    F: Fn(T) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let i18n = use_i18n();
    let back = back.map(|to| {
        let (href, words) = match to {
            BackTo::Claims => ("/claims".to_owned(), t_string!(i18n, back_to_claims).to_string()),
            BackTo::Claim(id) => (format!("/claims/{id}"), t_string!(i18n, back_to_claim).to_string()),
            BackTo::Queue => ("/staff/queue".to_owned(), t_string!(i18n, back_to_queue).to_string()),
        };
        view! { <p class="back"><a href=href>{words}</a></p> }
    });
    let h1 = title.clone().filter(|_| heading).map(|t| view! { <h1>{t}</h1> });
    let error_h1 = title.clone().filter(|_| staff);
    let page = view! {
        {title.map(|text| view! { <PageTitle text/> })}
        {back}
        {h1}
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || {
                let (content, error_h1) = (children.clone(), error_h1.clone());
                Suspend::new(async move {
                    match data.await {
                        Ok(d) => content(d).into_any(),
                        Err(e) => view! {
                            {error_h1.map(|t| view! { <h1>{t}</h1> })}
                            <ErrorNotice error=e staff/>
                        }
                        .into_any(),
                    }
                })
            }}
        </Suspense>
    };
    // Staff work at a desk: their pages take the screen's width (style/main.css, "Staff workspace"),
    // the debtor's keep the phone-sized column.
    if staff {
        view! { <div class="staff-page">{page}</div> }.into_any()
    } else {
        page.into_any()
    }
}
