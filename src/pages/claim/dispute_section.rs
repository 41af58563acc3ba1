//! The claim page's notice of a dispute, or the way to send one.

use leptos::prelude::*;

use crate::claim_data::DisputeSummary;
use crate::components::labels;
use crate::dispute_data::PartView;
use crate::domain::ids::ClaimId;
use crate::domain::{Country, Currency};
use crate::i18n::*;

/// The claim's dispute, or the way to send one. A disputed claim says so first of all; a contested
/// one (its dispute rejected) says what the creditor may do next in its country.
#[component]
pub(super) fn DisputeSection(
    dispute: Option<DisputeSummary>,
    can_dispute: bool,
    claim_id: ClaimId,
    contested: Option<Country>,
    currency: Currency,
) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("/claims/{claim_id}/dispute");
    let contested = contested.map(|country| {
        let words = move || match country {
            Country::No => t_string!(i18n, contested_notice_no),
            Country::Se => t_string!(i18n, contested_notice_se),
        };
        view! { <p data-testid="contested-notice" data-country=country.as_str()>{words}</p> }
    });
    match dispute {
        Some(DisputeSummary { reference, open: true, part: PartView::Whole }) => view! {
            <div class="notice" role="status" data-testid="dispute-notice">
                <p>{move || t_string!(i18n, dispute_open_notice, reference = reference.clone()).to_string()}</p>
                <p><a href=href>{t!(i18n, dispute_see)}</a></p>
            </div>
        }
        .into_any(),
        Some(DisputeSummary { reference, open: true, part }) => view! {
            <div class="notice" role="status" data-testid="dispute-notice" data-part="partial">
                <p>
                    {move || {
                        let part = labels::disputed_part(i18n, &part, currency);
                        t_string!(i18n, dispute_part_open_notice, reference = reference.clone(), part = part).to_string()
                    }}
                </p>
                <p><a href=href>{t!(i18n, dispute_see)}</a></p>
            </div>
        }
        .into_any(),
        Some(DisputeSummary { reference, open: false, .. }) => view! {
            <div class="notice" data-testid="dispute-answered">
                <p>{move || t_string!(i18n, dispute_answered_notice, reference = reference.clone()).to_string()}</p>
                {contested}
                <p><a href=format!("{href}#answer")>{t!(i18n, dispute_see_answer)}</a></p>
            </div>
        }
        .into_any(),
        _ if can_dispute => view! {
            <p class="dispute-link"><a class="button-link secondary" href=href>{t!(i18n, dispute_link)}</a></p>
        }
        .into_any(),
        _ => ().into_any(),
    }
}
