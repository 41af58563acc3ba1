//! The debtor's rights under the creditor's country's law.

use leptos::prelude::*;

use crate::domain::Country;
use crate::i18n::*;

#[component]
pub(super) fn Rights(country: Country) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card" aria-labelledby="rights-claim-title">
            <h2 id="rights-claim-title">{t!(i18n, rights_title)}</h2>
            {match country {
                Country::Se => view! { <p>{t!(i18n, rights_dispute_se)}</p><p>{t!(i18n, rights_complain_se)}</p> }.into_any(),
                Country::No => view! { <p>{t!(i18n, rights_dispute_no)}</p><p>{t!(i18n, rights_complain_no)}</p> }.into_any(),
            }}
        </section>
    }
}
