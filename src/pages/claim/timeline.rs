//! What has happened to the claim and what comes next, by date.

use leptos::prelude::*;

use crate::components::{format, labels};
use crate::domain::timeline::Step;
use crate::i18n::*;

#[component]
pub(super) fn Timeline(steps: Vec<Step>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card" aria-labelledby="timeline-title">
            <h2 id="timeline-title">{t!(i18n, timeline_title)}</h2>
            <ol class="timeline">
                {steps.into_iter().map(|Step { date, kind, done }| {
                    let class = if done { "done" } else { "upcoming" };
                    view! {
                        <li class=class data-testid="step" data-kind=format!("{kind:?}")>
                            <span class="visually-hidden">{move || if done { t_string!(i18n, step_done) } else { t_string!(i18n, step_upcoming) }}": "</span>
                            <time datetime=date.to_string()>{move || format::date(i18n.get_locale(), date)}</time>
                            " "
                            <span>{move || labels::step(i18n, kind)}</span>
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}
