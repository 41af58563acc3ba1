//! The plan calculator: an island that computes the schedule, its totals, a chart and the creditor's
//! answer in the browser, with `crate::domain`, on every change of input, without asking the server.
//!
//! Without JavaScript the same markup is a plain form: the server renders the island for the choice
//! in the query string, so the schedule shown is the server's own preview, and "Send proposal"
//! posts the choice (`server::plans`). The hidden `shown` field carries the digest of the schedule
//! on screen; when the server's recomputation differs, it shows its schedule to confirm first.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::components::format;
use crate::domain::ids::ClaimId;
use crate::domain::plan::{owed_without_plan, plan_cost, Plan};
use crate::domain::policy::{PolicyOutcome, Reason};
use crate::domain::proposal::{ChosenSize, PlanChoice, PlanInputs, PlanMode, Proposal};
use crate::domain::{Currency, DomainError, Language, Money};
use crate::i18n::Locale;

/// Every word the island shows, translated on the server (the bundle carries no translation
/// tables). `{count}`, `{amount}`, `{date}` and `{start}` are filled in by the island.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanTexts {
    pub mode_legend: String,
    pub mode_installments: String,
    pub mode_amount: String,
    pub count_label: String,
    pub amount_label: String,
    pub first_due_label: String,
    pub first_due_hint: String,
    pub send: String,
    pub schedule_caption: String,
    pub columns: [String; 7],
    /// The per-row disclosure of an installment's split.
    pub split: String,
    pub owed_today: String,
    pub plan_fee: String,
    pub plan_interest: String,
    pub pay_in_total: String,
    pub plan_cost: String,
    pub totals_title: String,
    pub chart_title: String,
    /// "The balance falls from {start} to zero in {count} installments; the last is due {date}."
    pub chart_summary: String,
    pub legend: [String; 4],
    pub verdict_auto: String,
    pub verdict_review: String,
    pub verdict_rejected: String,
    pub reasons: Vec<(Reason, String)>,
    /// "{count} installments of {amount}, the first due {date}"
    pub nearest: String,
    pub nearest_intro: String,
    pub use_nearest: String,
    pub errors: Vec<(DomainError, String)>,
    pub error_other: String,
}

fn fill(template: &str, pairs: &[(&str, &str)]) -> String {
    pairs.iter().fold(template.to_owned(), |s, (k, v)| s.replace(&format!("{{{k}}}"), v))
}

/// The schedule's rows as HTML: one string set at once is far cheaper for a phone than 840 cells
/// made one by one, and the table is rebuilt whole on every change anyway.
///
/// Plain cells: on a throttled phone, parsing the markup of 120 rows is a large part of the time from a
/// change to the new schedule, so every attribute per cell costs. Their text is digits, separators
/// and dates of our own formatting, with nothing to escape.
fn schedule_rows(plan: &Plan, locale: Locale, columns: &[String; 7], split: &str) -> String {
    use std::fmt::Write;
    // One line per installment (number, date, amount) fits a 360 px screen; the split into fees,
    // interest and principal, and the balance after, open per row.
    let mut out = String::with_capacity(plan.installments.len() * 480);
    for i in &plan.installments {
        let _ = write!(
            out,
            "<li class=\"installment\"><div class=\"installment-line\"><span class=\"installment-n\">{}</span>\
             <time datetime=\"{}\">{}</time><span class=\"amount\" data-field=\"amount\">{}</span></div>\
             <details class=\"installment-split\"><summary>{split}</summary><dl class=\"facts\">",
            i.n,
            i.due_date,
            format::date(locale, i.due_date),
            format::number(locale, i.amount),
        );
        for (label, (field, m)) in columns[3..].iter().zip([
            ("fees", i.fees),
            ("interest", i.interest),
            ("principal", i.principal),
            ("balance", i.balance_after),
        ]) {
            let _ = write!(
                out,
                "<dt>{label}</dt><dd class=\"amount\" data-field=\"{field}\">{}</dd>",
                format::number(locale, m)
            );
        }
        out.push_str("</dl></details></li>");
    }
    out
}

/// Bars: each installment split into fees, interest and principal (one path per part, so a schedule
/// of 120 is four shapes to draw, not 361); a line: the balance after each.
fn chart_svg(plan: &Plan) -> String {
    const W: i64 = 320;
    const H: i64 = 140;
    let n = plan.installments.len().max(1) as i64;
    let top = plan.start.total.minor().max(plan.installment_amount.minor()).max(1);
    let y = |minor: i64| H - minor.clamp(0, top) * H / top;
    let tenths = |v: i64| format!("{}.{}", v / 10, v % 10);
    let bar = tenths((W * 10 / n * 8 / 10).max(1));
    let mut paths = [String::new(), String::new(), String::new()];
    for (k, i) in plan.installments.iter().enumerate() {
        let x = tenths(k as i64 * W * 10 / n);
        let mut base = 0;
        for (path, part) in paths.iter_mut().zip([i.principal, i.interest, i.fees]) {
            let h = part.minor() * H / top;
            if h > 0 {
                path.push_str(&format!("M{x} {}h{bar}v{h}h-{bar}Z", H - base - h));
            }
            base += h;
        }
    }
    let mut points = format!("0,{}", y(plan.start.total.minor()));
    for (k, i) in plan.installments.iter().enumerate() {
        points.push_str(&format!(" {},{}", tenths((k as i64 + 1) * W * 10 / n), y(i.balance_after.minor())));
    }
    let [principal, interest, fees] = paths;
    format!(
        "<svg viewBox=\"0 0 {W} {H}\" preserveAspectRatio=\"none\" aria-hidden=\"true\">\
         <path class=\"c-principal\" d=\"{principal}\"/><path class=\"c-interest\" d=\"{interest}\"/>\
         <path class=\"c-fees\" d=\"{fees}\"/><polyline class=\"c-balance\" fill=\"none\" points=\"{points}\"/></svg>"
    )
}

#[island]
pub fn PlanCalculatorIsland(
    claim_id: ClaimId,
    inputs: PlanInputs,
    initial: PlanChoice,
    texts: PlanTexts,
    language: Language,
    currency: Currency,
) -> impl IntoView {
    let locale = format::locale_of(language);
    let (hydrated, set_hydrated) = signal(false);
    Effect::new(move |_| set_hydrated.set(true));
    let (first, last) = inputs.basis().first_due_window();
    let max_installments = inputs.policy.terms().max_installments;
    let inputs = StoredValue::new(inputs);
    let texts = StoredValue::new(texts);

    let (count0, amount0) = match initial.size {
        ChosenSize::Installments { count } => (count.to_string(), String::new()),
        ChosenSize::Amount { amount } => (String::new(), amount.to_string()),
    };
    let mode0 = initial.mode();
    let mode = RwSignal::new(mode0);
    let count = RwSignal::new(count0.clone());
    let amount = RwSignal::new(amount0.clone());
    let first_due = RwSignal::new(initial.first_due.to_string());

    let result = Memo::new(move |_| {
        let choice = PlanChoice::from_fields(mode.get().as_str(), &count.get(), &amount.get(), &first_due.get())?;
        inputs.with_value(|i| i.basis().propose(choice))
    });
    let fingerprint = move || result.with(|r| r.as_ref().map(|p| p.plan.fingerprint()).unwrap_or_default());
    let rejected =
        move || !matches!(result.get(), Ok(Proposal { verdict, .. }) if verdict.outcome != PolicyOutcome::Rejected);

    // Switching mode carries the plan on screen over: its amount, or its number of installments.
    let set_mode = move |m: PlanMode| {
        if let Ok(p) = result.get_untracked() {
            match m {
                PlanMode::Amount => amount.set(p.plan.installment_amount.to_string()),
                PlanMode::Installments => count.set(p.plan.installments.len().to_string()),
            }
        }
        mode.set(m);
    };
    let use_choice = move |c: PlanChoice| {
        match c.size {
            ChosenSize::Installments { count: n } => {
                count.set(n.to_string());
                mode.set(PlanMode::Installments);
            }
            ChosenSize::Amount { amount: a } => {
                amount.set(a.to_string());
                mode.set(PlanMode::Amount);
            }
        }
        first_due.set(c.first_due.to_string());
    };

    let t = move |f: fn(&PlanTexts) -> String| texts.with_value(f);
    let hidden_unless = move |m: PlanMode| move || hydrated.get() && mode.get() != m;

    view! {
        <form method="post" action=format!("/claims/{claim_id}/plan") class="card plan-form">
            <fieldset>
                <legend>{t(|t| t.mode_legend.clone())}</legend>
                <label class="choice">
                    <input type="radio" name="mode" value="installments" checked=mode0 == PlanMode::Installments
                        prop:checked=move || mode.get() == PlanMode::Installments
                        on:change=move |_| set_mode(PlanMode::Installments)/>
                    " " {t(|t| t.mode_installments.clone())}
                </label>
                <label class="choice">
                    <input type="radio" name="mode" value="amount" checked=mode0 == PlanMode::Amount
                        prop:checked=move || mode.get() == PlanMode::Amount
                        on:change=move |_| set_mode(PlanMode::Amount)/>
                    " " {t(|t| t.mode_amount.clone())}
                </label>
            </fieldset>
            <div class="field" hidden=hidden_unless(PlanMode::Installments)>
                <label id="plan-count-label" for="plan-count">{t(|t| t.count_label.clone())}</label>
                <Show when=move || hydrated.get()>
                    <input type="range" id="plan-count-slider" min="1" max=max_installments.to_string()
                        aria-labelledby="plan-count-label"
                        prop:value=move || count.get()
                        on:input=move |ev| count.set(event_target_value(&ev))/>
                </Show>
                <input type="number" id="plan-count" name="count" min="1" max="120" inputmode="numeric"
                    value=count0 prop:value=move || count.get()
                    on:input=move |ev| count.set(event_target_value(&ev))/>
            </div>
            <div class="field" hidden=hidden_unless(PlanMode::Amount)>
                <label for="plan-amount">{t(|t| t.amount_label.clone())}" ("{currency.as_str()}")"</label>
                <input type="text" id="plan-amount" name="amount" inputmode="decimal" autocomplete="off"
                    value=amount0 prop:value=move || amount.get()
                    on:input=move |ev| amount.set(event_target_value(&ev))/>
            </div>
            <div class="field">
                <label for="plan-first-due">{t(|t| t.first_due_label.clone())}</label>
                <input type="date" id="plan-first-due" name="first_due" required
                    min=first.to_string() max=last.to_string() aria-describedby="plan-first-due-hint"
                    value=initial.first_due.to_string() prop:value=move || first_due.get()
                    on:input=move |ev| first_due.set(event_target_value(&ev))/>
                <p class="hint" id="plan-first-due-hint">
                    {fill(&t(|t| t.first_due_hint.clone()), &[("from", &format::date(locale, first)), ("to", &format::date(locale, last))])}
                </p>
            </div>
            <input type="hidden" name="shown" value=fingerprint prop:value=fingerprint/>
            <div class="verdict" role="status" data-testid="verdict">
                {move || verdict_view(result.get(), texts, locale, currency, inputs, use_choice, hydrated)}
            </div>
            <button type="submit" class="primary" disabled=move || hydrated.get() && rejected()>
                {t(|t| t.send.clone())}
            </button>
        </form>
        {move || result.get().ok().map(|p| plan_view(&p.plan, p.plan_fee, texts, locale, currency))}
    }
}

type Texts = StoredValue<PlanTexts>;

fn error_text(texts: Texts, e: DomainError) -> String {
    texts.with_value(|t| {
        t.errors.iter().find(|(code, _)| *code == e).map(|(_, s)| s.clone()).unwrap_or_else(|| t.error_other.clone())
    })
}

fn choice_text(texts: Texts, p: &Proposal, locale: Locale, currency: Currency) -> String {
    let count = p.plan.installments.len().to_string();
    let amount = format::money(locale, p.plan.installment_amount, currency);
    let date = format::date(locale, p.choice.first_due);
    texts.with_value(|t| fill(&t.nearest, &[("count", &count), ("amount", &amount), ("date", &date)]))
}

fn verdict_view(
    result: Result<Proposal, DomainError>,
    texts: Texts,
    locale: Locale,
    currency: Currency,
    inputs: StoredValue<PlanInputs>,
    use_choice: impl Fn(PlanChoice) + Copy + Send + Sync + 'static,
    hydrated: ReadSignal<bool>,
) -> AnyView {
    let p = match result {
        Ok(p) => p,
        Err(e) => return view! { <p class="notice error" data-outcome="error">{error_text(texts, e)}</p> }.into_any(),
    };
    let reasons = texts.with_value(|t| {
        p.verdict
            .reasons
            .iter()
            .filter_map(|r| t.reasons.iter().find(|(code, _)| code == r).map(|(_, s)| s.clone()))
            .collect::<Vec<_>>()
    });
    let reason_list = (!reasons.is_empty()).then(|| {
        view! { <ul class="reasons">{reasons.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}</ul> }
    });
    match p.verdict.outcome {
        PolicyOutcome::AutoApproved => {
            view! { <p class="notice ok" data-outcome="auto_approved">{texts.with_value(|t| t.verdict_auto.clone())}</p> }
                .into_any()
        }
        PolicyOutcome::NeedsReview => view! {
            <div class="notice" data-outcome="needs_review">
                <p>{texts.with_value(|t| t.verdict_review.clone())}</p>
                {reason_list}
            </div>
        }
        .into_any(),
        PolicyOutcome::Rejected => {
            let nearest = inputs.with_value(|i| i.basis().nearest_acceptable(p.choice));
            let nearest = nearest.map(|n| {
                let text = choice_text(texts, &n, locale, currency);
                let choice = n.choice;
                view! {
                    <p data-testid="nearest">{texts.with_value(|t| t.nearest_intro.clone())}" "<strong>{text}</strong></p>
                    <Show when=move || hydrated.get()>
                        <button type="button" class="secondary" on:click=move |_| use_choice(choice)>
                            {texts.with_value(|t| t.use_nearest.clone())}
                        </button>
                    </Show>
                }
            });
            view! {
                <div class="notice error" data-outcome="rejected">
                    <p>{texts.with_value(|t| t.verdict_rejected.clone())}</p>
                    {reason_list}
                    {nearest}
                </div>
            }
            .into_any()
        }
    }
}

/// `plan_fee` is the creditor's, included in `plan.start`: what is owed today is the rest.
fn plan_view(plan: &Plan, plan_fee: Money, texts: Texts, locale: Locale, currency: Currency) -> impl IntoView {
    let money = |m: Money| format::money(locale, m, currency);
    // Differences of amounts the engine checked: they cannot overflow, so no error to show.
    let owed_today = owed_without_plan(plan.start.total, plan_fee).unwrap_or(plan.start.total);
    let cost = plan_cost(plan.totals.amount, plan.start.total, plan_fee).unwrap_or(Money::ZERO);
    // Only the interest the plan adds: the interest owed today is already in what is owed today.
    let added_interest = plan.totals.amount.checked_sub(plan.start.total).unwrap_or(Money::ZERO);
    let last = plan.installments.last().map(|i| i.due_date).unwrap_or(plan.start.date);
    let summary = texts.with_value(|t| {
        fill(
            &t.chart_summary,
            &[
                ("start", &money(plan.start.total)),
                ("count", &plan.installments.len().to_string()),
                ("date", &format::date(locale, last)),
            ],
        )
    });
    let legend = texts.with_value(|t| t.legend.clone());
    let row = |label: String, m: Money, id: &'static str| {
        view! { <dt>{label}</dt><dd class="amount" data-testid=id data-amount=m.to_string()>{money(m)}</dd> }
    };
    view! {
        <section class="card" aria-labelledby="plan-totals-title">
            <h2 id="plan-totals-title">{texts.with_value(|t| t.totals_title.clone())}</h2>
            <dl class="facts plan-totals">
                {row(texts.with_value(|t| t.owed_today.clone()), owed_today, "plan-owed-today")}
                {row(texts.with_value(|t| t.plan_fee.clone()), plan_fee, "plan-fee")}
                {row(texts.with_value(|t| t.plan_interest.clone()), added_interest, "plan-interest")}
                {row(texts.with_value(|t| t.pay_in_total.clone()), plan.totals.amount, "plan-total")}
                {row(texts.with_value(|t| t.plan_cost.clone()), cost, "plan-cost")}
            </dl>
        </section>
        <section class="card" aria-labelledby="plan-chart-title">
            <h2 id="plan-chart-title">{texts.with_value(|t| t.chart_title.clone())}</h2>
            <figure class="plan-chart" role="img" aria-labelledby="plan-chart-summary" inner_html=chart_svg(plan)></figure>
            <p id="plan-chart-summary" data-testid="chart-summary">{summary}</p>
            <ul class="legend" aria-hidden="true">
                <li><span class="swatch c-principal"></span>{legend[0].clone()}</li>
                <li><span class="swatch c-interest"></span>{legend[1].clone()}</li>
                <li><span class="swatch c-fees"></span>{legend[2].clone()}</li>
                <li><span class="swatch c-balance"></span>{legend[3].clone()}</li>
            </ul>
        </section>
        <section class="card" aria-labelledby="plan-schedule-caption">
            <h3 id="plan-schedule-caption">{texts.with_value(|t| t.schedule_caption.clone())}" ("{currency.as_str()}")"</h3>
            <ol class="schedule-list" data-testid="schedule" aria-labelledby="plan-schedule-caption"
                inner_html=texts.with_value(|t| schedule_rows(plan, locale, &t.columns, &t.split))></ol>
        </section>
    }
}
