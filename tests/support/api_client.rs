//! A creditor's system calling `/api/v1` over real HTTP: a key made as an administrator makes one
//! (stored hashed), and JSON requests with it. Answers come back as (status, JSON).

#![allow(dead_code)]

use debtor_portal::server::api::{generate_key, key_hash, KEY_PREFIX_CHARS};
use reqwest::header::HeaderMap;
use serde_json::Value;

use super::app;

pub const NORDLJUS_ADMIN: &str = "admin@nordljus.example";
pub const KVIKK_AGENT_EMAIL: &str = "inkasso@kvikkmobil.example";

pub struct Api<'a> {
    pub app: &'a app::App,
    pub key: String,
}

/// A new key of the creditor whose staff member has `email`, named `name`.
pub async fn key_for<'a>(app: &'a app::App, email: &str, name: &str) -> Api<'a> {
    let staff = app.state.store.staff_user_by_email(email).await.unwrap().expect("demo staff");
    let key = generate_key();
    let prefix: String = key.chars().take(KEY_PREFIX_CHARS).collect();
    app.state.store.add_api_key(&staff.id, &staff.creditor_id, name, &key_hash(&key), &prefix).await.unwrap();
    Api { app, key }
}

pub struct Answer {
    pub status: u16,
    pub json: Value,
    pub headers: HeaderMap,
}

impl Answer {
    pub fn error(&self) -> &str {
        self.json["error"].as_str().unwrap_or_default()
    }
}

async fn answer(r: reqwest::Response) -> Answer {
    let (status, headers) = (r.status().as_u16(), r.headers().clone());
    let text = r.text().await.unwrap();
    let json = serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON ({status}): {text}"));
    Answer { status, json, headers }
}

impl Api<'_> {
    fn url(&self, path: &str) -> String {
        format!("{}/api/v1{path}", self.app.base)
    }

    pub async fn get(&self, path: &str) -> Answer {
        answer(self.app.client.get(self.url(path)).bearer_auth(&self.key).send().await.unwrap()).await
    }

    pub async fn post(&self, path: &str, body: &Value) -> Answer {
        self.post_raw(path, body.to_string(), None).await
    }

    pub async fn post_once(&self, path: &str, body: &Value, idempotency_key: &str) -> Answer {
        self.post_raw(path, body.to_string(), Some(idempotency_key)).await
    }

    pub async fn post_raw(&self, path: &str, body: String, idempotency_key: Option<&str>) -> Answer {
        let mut req = self.app.client.post(self.url(path)).bearer_auth(&self.key).body(body);
        req = req.header("content-type", "application/json");
        if let Some(k) = idempotency_key {
            req = req.header("idempotency-key", k);
        }
        answer(req.send().await.unwrap()).await
    }
}

/// A claim as a creditor's system sends it; `invoice` must differ within one request.
pub fn claim_json(invoice: &str, debtor: &str, principal: &str) -> Value {
    serde_json::json!({
        "debtor_name": debtor,
        "concerns": "Elavtal oktober 2026",
        "original_invoice": invoice,
        "principal": principal,
        "due_date": "2026-09-30",
        "debtor_address": "Storgatan 1, 111 22 Stockholm",
        "debtor_language": "en",
        "collection_fee": "180.00",
        "demand_sent_on": "2026-10-15"
    })
}
