//! The parsers that take outside input (the CSV import, the multipart reader, the form parsers, the
//! API's JSON bodies, `X-Forwarded-For`), on random and on structured input. The invariants are
//! `tests/fuzz/src/targets.rs`, the very checks the AFL++ targets run, so a property failing here
//! and a crash there are the same finding; the tests here add that well-formed input is accepted
//! and read as written. `PARSER_PROPTEST_CASES` sets the number of cases (default 256).
#![cfg(feature = "ssr")]

#[path = "fuzz/src/targets.rs"]
mod targets;

use std::net::IpAddr;
use std::sync::OnceLock;

use chrono::{Days, NaiveDate};
use debtor_portal::domain::claim_import::{read_import, read_records, ImportCode, ImportProblem, COLUMNS};
use debtor_portal::domain::decision::{DisputeDecision, PlanDecision};
use debtor_portal::domain::deferral::requested_date;
use debtor_portal::domain::dispute::Explanation;
use debtor_portal::domain::hardship::{HardshipStatement, Situation};
use debtor_portal::domain::policy::PolicyTerms;
use debtor_portal::domain::policy_form::PolicyFields;
use debtor_portal::domain::proposal::{ChosenSize, PlanChoice};
use debtor_portal::domain::{form_amount, format_amount, Country, InputError, Money};
use debtor_portal::server::api::claims::claims_of;
use debtor_portal::server::api::NewClaim;
use debtor_portal::server::client_address::client_ip;
use proptest::prelude::*;
use serde_json::{json, Value};
use targets::{today, BOUNDARY, COUNTRIES, PEERS};

fn config() -> ProptestConfig {
    let cases = std::env::var("PARSER_PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256);
    ProptestConfig::with_cases(cases)
}

fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RT.get_or_init(|| tokio::runtime::Builder::new_current_thread().build().expect("a runtime"))
}

/// Text as people and programs send it: plain words, Nordic letters, the characters CSV and forms
/// treat specially, control characters, and anything at all.
fn hostile_text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[A-Za-z0-9 åäöÅÄÖæøÆØ.,-]{0,24}",
        2 => "[ ,\"\r\n\t;0-9.-]{0,12}",
        1 => "[\u{0}-\u{1f}\u{7f}\u{85}\u{a0}\u{202f}\u{feff} x]{0,6}",
        1 => any::<String>(),
    ]
}

/// An amount as typed, valid or nearly.
fn amount_text() -> impl Strategy<Value = String> {
    prop_oneof![
        (0i64..100_000_000).prop_map(|m| Money::from_minor(m).to_string()),
        (0i64..100_000_000).prop_map(|m| format_amount(Money::from_minor(m), true)),
        (0i64..100_000_000).prop_map(|m| format_amount(Money::from_minor(m), false)),
        "-?[0-9 ]{0,12}([.,][0-9]{0,4})?",
        Just("92233720368547758.07".to_owned()),
        Just("92233720368547758.08".to_owned()),
        Just("79228162514264337593543950335".to_owned()),
        Just("1e5".to_owned()),
        hostile_text(),
    ]
}

fn date_text() -> impl Strategy<Value = String> {
    prop_oneof![
        (-400i64..400).prop_map(|d| (today() + chrono::Duration::days(d)).to_string()),
        "[+-]?[0-9]{1,6}-[0-9]{1,2}-[0-9]{1,2}",
        Just("2026-02-29".to_owned()),
        Just("+262143-12-31".to_owned()),
        hostile_text(),
    ]
}

/// One form field: what some form somewhere expects, or noise.
fn field() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "illness",
            "other",
            "installments",
            "amount",
            "approved",
            "declined",
            "withdrawn",
            "reduced",
            "rejected",
            "granted",
            "too_long",
            "not_my_debt",
            "admin",
            "agent",
            "on",
            "12",
            "0",
            "121",
            "365",
        ])
        .prop_map(str::to_owned),
        amount_text(),
        date_text(),
        hostile_text(),
    ]
}

fn quoted(cell: &str) -> String {
    format!("\"{}\"", cell.replace('"', "\"\""))
}

/// CSV-shaped text: a header of known and unknown columns, then lines of cells of any kind,
/// quoted or not, with any line ending.
fn csv_text() -> impl Strategy<Value = String> {
    let column = prop_oneof![
        8 => prop::sample::select(COLUMNS.to_vec()).prop_map(|c| c.to_string()),
        1 => Just(" Principal ".to_owned()),
        1 => "[a-z_]{0,8}",
    ];
    let cell = prop_oneof![field(), Just("2026-10-01".to_owned()), Just("180".to_owned())];
    (
        prop::collection::vec(column, 0..16),
        prop::collection::vec(prop::collection::vec((cell, any::<bool>()), 0..16), 0..6),
        prop::sample::select(vec!["\n", "\r\n", "\r"]),
        any::<bool>(),
    )
        .prop_map(|(header, lines, end, bom)| {
            let mut text = if bom { "\u{feff}".to_owned() } else { String::new() };
            text.push_str(&header.join(","));
            for line in lines {
                text.push_str(end);
                let cells: Vec<String> = line.iter().map(|(c, q)| if *q { quoted(c) } else { c.clone() }).collect();
                text.push_str(&cells.join(","));
            }
            text
        })
}

/// A line of a valid file, with what the import must make of it.
#[derive(Debug, Clone)]
struct ValidLine {
    name: String,
    address: String,
    principal: Money,
    principal_text: String,
    due_days_ago: u64,
    demand_days_later: u64,
    fee: Money,
}

fn valid_line() -> impl Strategy<Value = ValidLine> {
    (
        "[A-ZÅÄÖ][a-zåäöæø]{1,12}( [A-ZÅÄÖ][a-zåäö\"-]{1,12}){0,2} ?",
        "[A-Za-z0-9åäö ,.\"-]{0,60}",
        1i64..10_000_000_000,
        0usize..3,
        0u64..2_000,
        0u64..2_000,
        // Lawful in both countries whatever the principal: the smallest Norwegian salær cap is
        // 175 kr (a claim up to 500 kr, sats 700), the Swedish collection fee's 180 kr.
        0i64..=17_500,
    )
        .prop_map(|(name, address, minor, style, due, later, fee)| {
            let principal = Money::from_minor(minor);
            let principal_text = match style {
                0 => principal.to_string(),
                1 => format_amount(principal, true),
                _ => principal.to_string().replace('.', ","),
            };
            ValidLine {
                name,
                address,
                principal,
                principal_text,
                due_days_ago: due,
                demand_days_later: later.min(due),
                fee: Money::from_minor(fee),
            }
        })
}

fn valid_file(lines: &[ValidLine]) -> String {
    let mut file = "debtor_name,debtor_address,concerns,original_invoice,principal,due_date,collection_fee,\
                    demand_sent_on\r\n"
        .to_owned();
    for (i, l) in lines.iter().enumerate() {
        let due = today() - Days::new(l.due_days_ago);
        let demand = due + Days::new(l.demand_days_later);
        let fee = if l.fee.is_zero() { String::new() } else { format_amount(l.fee, true) };
        let cells = [
            quoted(&l.name),
            quoted(&l.address),
            "Elräkning".to_owned(),
            format!("F-{i}"),
            quoted(&l.principal_text),
            due.to_string(),
            quoted(&fee),
            demand.to_string(),
        ];
        file.push_str(&cells.join(","));
        file.push_str("\r\n");
    }
    file
}

fn multipart_part(name: &str, file_name: Option<&str>, content: &[u8]) -> Vec<u8> {
    let disposition = match file_name {
        Some(f) => format!("form-data; name=\"{name}\"; filename=\"{f}\"\r\nContent-Type: application/pdf"),
        None => format!("form-data; name=\"{name}\""),
    };
    let mut part = format!("--{BOUNDARY}\r\nContent-Disposition: {disposition}\r\n\r\n").into_bytes();
    part.extend_from_slice(content);
    part.extend_from_slice(b"\r\n");
    part
}

fn pdf() -> Vec<u8> {
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".to_vec()
}

/// A PDF, PNG or JPEG start, then `tail`.
fn document_with(tail: impl Strategy<Value = Vec<u8>>) -> impl Strategy<Value = Vec<u8>> {
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    let jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F'];
    (prop::sample::select(vec![pdf(), png, jpeg]), tail).prop_map(|(mut head, tail)| {
        head.extend(tail);
        head
    })
}

/// A JPEG as a phone writes one: start of image, then segments (APP0, EXIF, IPTC, a table, start of
/// scan) each with its length, then whatever follows.
fn jpeg() -> impl Strategy<Value = Vec<u8>> {
    let segment =
        (prop::sample::select(vec![0xE0u8, 0xE1, 0xED, 0xDB, 0xDA]), prop::collection::vec(any::<u8>(), 0..12))
            .prop_map(|(marker, data)| {
                let mut s = vec![0xFF, marker];
                s.extend(u16::try_from(data.len() + 2).expect("a short segment").to_be_bytes());
                s.extend(data);
                s
            });
    (prop::collection::vec(segment, 0..4), prop::collection::vec(any::<u8>(), 0..8)).prop_map(|(segments, tail)| {
        let mut jpeg = vec![0xFF, 0xD8];
        jpeg.extend(segments.concat());
        jpeg.extend(tail);
        jpeg
    })
}

/// A PNG: its signature, then chunks (the header, EXIF, text, picture data) each with its length,
/// type and a CRC nobody checks, then whatever follows.
fn png() -> impl Strategy<Value = Vec<u8>> {
    let chunk = (
        prop::sample::select(vec![*b"IHDR", *b"eXIf", *b"tEXt", *b"iTXt", *b"IDAT"]),
        prop::collection::vec(any::<u8>(), 0..12),
    )
        .prop_map(|(kind, data)| {
            let mut c = u32::try_from(data.len()).expect("a short chunk").to_be_bytes().to_vec();
            c.extend(kind);
            c.extend(data);
            c.extend([0; 4]);
            c
        });
    (prop::collection::vec(chunk, 0..4), prop::collection::vec(any::<u8>(), 0..8)).prop_map(|(chunks, tail)| {
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        png.extend(chunks.concat());
        png.extend(tail);
        png
    })
}

/// A part of a form: a text field or a file of any content under any name.
fn any_part() -> impl Strategy<Value = Vec<u8>> {
    let name = prop_oneof![Just("files".to_owned()), Just("explanation".to_owned()), "[a-z\"; ]{0,8}"];
    // Photos with segments and chunks for the reader to cut out (EXIF, text), and anything else.
    let content = prop_oneof![
        document_with(prop::collection::vec(any::<u8>(), 0..64)),
        jpeg(),
        png(),
        prop::collection::vec(any::<u8>(), 0..64),
    ];
    (name, prop::option::of("[a-zA-Z0-9./\\\\ åä\"]{0,20}"), content)
        .prop_map(|(n, f, c)| multipart_part(&n, f.as_deref(), &c))
}

/// A JSON value of any shape.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        field().prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::from),
            prop::collection::vec(("[a-z_]{1,16}", inner), 0..6).prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// A body the API documents, with some of its values swapped for hostile ones or dropped.
fn api_body() -> impl Strategy<Value = Value> {
    let claim = json!({
        "debtor_name": "Eva Berg", "concerns": "Elavtal oktober 2026", "original_invoice": "F-1001",
        "principal": "12000.00", "due_date": "2026-09-30", "debtor_address": "Storgatan 1, 111 22 Stockholm",
        "debtor_language": "en", "collection_fee": "180.00", "demand_sent_on": "2026-10-15",
        "interest": "fixed", "interest_rate": "12,5"
    });
    let bodies = vec![
        claim.clone(),
        json!([claim.clone(), claim]),
        json!({ "amount": "500.00", "paid_on": "2026-11-20", "reference": "4001000123" }),
        json!({ "outcome": "declined", "reason": "too_long", "note": "At most 12 months, please." }),
        json!({ "outcome": "reduced", "new_principal": "800.00", "note": "Corrected to the delivery note." }),
    ];
    (prop::sample::select(bodies), prop::collection::vec((0usize..16, any_json(), any::<bool>()), 0..4)).prop_map(
        |(mut body, changes)| {
            for (at, value, drop) in changes {
                let object = match &mut body {
                    Value::Array(items) => items[0].as_object_mut(),
                    other => other.as_object_mut(),
                };
                let Some(object) = object else { continue };
                let Some(key) = object.keys().nth(at % object.len().max(1)).cloned() else { continue };
                if drop {
                    object.remove(&key);
                } else {
                    object.insert(key, value);
                }
            }
            body
        },
    )
}

/// One hop as a proxy or a client writes it.
fn hop() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "203.0.113.7",
            "10.0.0.9",
            "10.1.1.1",
            "2001:db8::1",
            "fd00::9",
            "::ffff:203.0.113.7",
            "::ffff:10.0.0.8",
            "198.51.100.9",
            "garbage",
            "",
            " 1.2.3.4 ",
            "1.2.3.4:80",
            "[2001:db8::1]",
            "unknown",
        ])
        .prop_map(str::to_owned),
        any::<[u8; 4]>().prop_map(|o| IpAddr::from(o).to_string()),
        any::<[u8; 16]>().prop_map(|o| IpAddr::from(o).to_string()),
    ]
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn csv_import_takes_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        targets::csv_import(&bytes);
    }

    #[test]
    fn csv_import_takes_any_csv(text in csv_text()) {
        targets::csv_import(text.as_bytes());
    }

    #[test]
    fn a_valid_csv_file_is_imported_as_written(lines in prop::collection::vec(valid_line(), 1..8)) {
        let file = valid_file(&lines);
        targets::csv_import(file.as_bytes());
        for country in COUNTRIES {
            let claims = read_import(file.as_bytes(), country, today());
            prop_assert!(claims.is_ok(), "{country:?} refused {file:?}: {claims:?}");
            let claims = claims.unwrap_or_default();
            prop_assert_eq!(claims.len(), lines.len());
            for (c, l) in claims.iter().zip(&lines) {
                prop_assert_eq!(c.debtor.name.as_str(), l.name.trim());
                prop_assert_eq!(c.debtor.address.as_deref().unwrap_or(""), l.address.trim());
                prop_assert_eq!(c.claim.principal(), l.principal);
                prop_assert_eq!(c.claim.due_date(), today() - Days::new(l.due_days_ago));
                prop_assert_eq!(c.claim.fees().iter().map(|f| f.amount).next(), Some(l.fee).filter(|f| !f.is_zero()));
            }
        }
    }

    /// RFC 4180: a quote inside a field that does not start with one refuses the file, at the
    /// quote's line and character (the reader before took it as part of the text).
    #[test]
    fn a_quote_inside_an_unquoted_field_is_refused_where_it_is(
        lines in prop::collection::vec(valid_line(), 1..8),
        which in any::<prop::sample::Index>(),
        into in 1usize..4,
    ) {
        let i = which.index(lines.len());
        let file = valid_file(&lines);
        let record = file.split("\r\n").nth(i + 1).expect("the claim's line");
        // `F-{i}`, unquoted; the name and address before it are quoted, so the last match is it.
        let invoice = format!("F-{i}");
        let at = record.rfind(&format!(",{invoice},")).expect("the invoice") + 1 + into.min(invoice.len());
        let line_start = file.match_indices("\r\n").nth(i).expect("a line break").0 + 2;
        let broken = format!("{}\"{}", &file[..line_start + at], &file[line_start + at..]);
        let character = record[..at].chars().count() + 1;
        for country in COUNTRIES {
            let refused = ImportProblem::at(i + 2, character, ImportCode::QuoteMisplaced);
            prop_assert_eq!(read_import(broken.as_bytes(), country, today()), Err(vec![refused]));
        }
        targets::csv_import(broken.as_bytes());
    }

    #[test]
    fn form_parsers_take_any_fields(fields in prop::collection::vec(field(), 0..8)) {
        targets::forms(fields.join("\0").as_bytes());
    }

    #[test]
    fn form_parsers_take_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        targets::forms(&bytes);
    }

    #[test]
    fn an_amount_is_read_as_typed(minor in 0i64..=i64::MAX, style in 0usize..5, pad in "[ \u{a0}\u{202f}]{0,2}") {
        let m = Money::from_minor(minor);
        let typed = match style {
            0 => m.to_string(),
            1 => format_amount(m, true),
            2 => m.to_string().replace('.', ","),
            3 => format_amount(m, true).replace('\u{202f}', " "),
            _ => format_amount(m, true).replace('\u{202f}', "\u{a0}"),
        };
        let typed = format!("{pad}{typed}{pad}");
        targets::amount_field(&typed);
        prop_assert_eq!(form_amount(&typed), Ok(Some(m)), "{:?}", typed);
    }

    #[test]
    fn free_text_is_kept_as_it_reads_back(text in hostile_text()) {
        targets::forms(format!("illness\0{text}\0\0\0{text}\0on").as_bytes());
        targets::decision_forms("rejected", "", &text);
        targets::decision_forms("declined", "other", &text);
        targets::decision_forms(&text, "", "");
    }

    #[test]
    fn a_valid_hardship_form_is_taken(
        situation in prop::sample::select(Situation::ALL.to_vec()),
        income in prop::option::of(0i64..=1_000_000_000),
        household in prop::option::of(1u32..=20),
        words in "[A-Za-zåäö][A-Za-zåäö .,\n]{0,200}",
    ) {
        let income_text = income.map_or(String::new(), |m| format_amount(Money::from_minor(m), true));
        let household_text = household.map_or(String::new(), |n| n.to_string());
        let s = HardshipStatement::from_fields(situation.as_str(), &income_text, "", &household_text, &words, true);
        let s = s.map_err(|e| TestCaseError::fail(format!("a valid form refused: {e}")))?;
        targets::hardship_form(situation.as_str(), &income_text, "", &household_text, &words, true);
        prop_assert_eq!(
            (s.situation, s.monthly_income, s.household_size),
            (situation, income.map(Money::from_minor), household)
        );
        prop_assert_eq!(s.explanation.as_str(), words.trim());
        prop_assert_eq!(Explanation::new(&words), Ok(s.explanation));
    }

    #[test]
    fn a_valid_policy_form_is_saved(
        max in 1u32..=120,
        auto in any::<prop::sample::Index>(),
        min in 0i64..1_000_000,
        auto_extra in 0i64..1_000_000,
        fee in 0i64..=17_000,
        days in (0u32..=365, 0u32..=365),
        follow_up in (0u32..=364, 0u32..=364),
        new_plan in any::<bool>(),
    ) {
        let auto = 1 + u32::try_from(auto.index(max as usize)).expect("at most 120");
        let terms = PolicyTerms {
            max_installments: max,
            min_installment: Money::from_minor(min),
            max_days_to_first_due: days.0,
            plan_fee: Money::from_minor(fee),
            auto_approve_max_installments: auto,
            auto_approve_min_installment: Money::from_minor(min + auto_extra),
            max_deferral_days: days.1,
            arrears_grace_days: follow_up.0.min(follow_up.1),
            lapse_days: follow_up.0.max(follow_up.1) + 1,
            new_plan_after_lapse: new_plan,
        };
        // As an administrator types it: amounts as the Swedish pages show them.
        let mut fields = PolicyFields::of(&terms);
        fields.min_installment = format_amount(terms.min_installment, true);
        fields.plan_fee = format!(" {} ", format_amount(terms.plan_fee, true));
        targets::policy_form(&fields);
        for country in COUNTRIES {
            let policy = fields.policy(country);
            if country == Country::No && fee > 0 {
                // Norway has no separate plan fee.
                prop_assert_eq!(policy, Err(InputError::PlanFeeNotInNorway));
            } else {
                prop_assert_eq!(policy.map(|p| p.terms().clone()), Ok(terms.clone()));
            }
        }
    }

    #[test]
    fn a_valid_plan_choice_and_date_are_taken(count in 1u32..=120, minor in 1i64..100_000_000, days in 0u64..400) {
        let first_due = today() + Days::new(days);
        let amount = format_amount(Money::from_minor(minor), true);
        let by_count = PlanChoice::from_fields("installments", &format!(" {count} "), "junk", &first_due.to_string());
        prop_assert_eq!(by_count, Ok(PlanChoice { size: ChosenSize::Installments { count }, first_due }));
        let by_amount = PlanChoice::from_fields("amount", "junk", &amount, &first_due.to_string());
        let size = ChosenSize::Amount { amount: Money::from_minor(minor) };
        prop_assert_eq!(by_amount, Ok(PlanChoice { size, first_due }));
        targets::plan_choice_form("amount", "", &amount, &first_due.to_string());
        prop_assert_eq!(requested_date(&format!(" {first_due} ")), Ok(first_due));
    }

    #[test]
    fn multipart_reader_takes_any_body(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = targets::multipart(runtime(), &bytes);
    }

    #[test]
    fn multipart_reader_takes_any_parts(
        parts in prop::collection::vec(any_part(), 0..8),
        end in prop::sample::select(vec!["--\r\n", "--", "\r\n", ""]),
        cut in any::<prop::sample::Index>(),
        whole in any::<bool>(),
    ) {
        let mut body = parts.concat();
        body.extend_from_slice(format!("--{BOUNDARY}{end}").as_bytes());
        if !whole {
            body.truncate(cut.index(body.len() + 1));
        }
        let _ = targets::multipart(runtime(), &body);
    }

    #[test]
    fn a_valid_form_with_files_is_read_whole(
        words in "[A-Za-zåäö .,]{1,100}",
        // Tails of letters hold no metadata segment or chunk, so each file must arrive unchanged.
        files in prop::collection::vec(
            (document_with("[A-Za-z]{0,64}".prop_map(String::into_bytes)), "[a-zA-Z0-9 ._-]{0,20}"),
            0..=5,
        ),
    ) {
        let mut body = multipart_part("reason", None, b"wrong_amount");
        body.extend(multipart_part("explanation", None, words.as_bytes()));
        for (content, name) in &files {
            body.extend(multipart_part("files", Some(name), content));
        }
        body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
        let read = targets::multipart(runtime(), &body);
        let s = read.map_err(|e| TestCaseError::fail(format!("a valid form refused: {e}")))?;
        prop_assert_eq!((s.field("reason"), s.field("explanation")), ("wrong_amount", words.as_str()));
        let contents: Vec<&Vec<u8>> = s.files.iter().map(|f| &f.content).collect();
        prop_assert_eq!(contents, files.iter().map(|(c, _)| c).collect::<Vec<_>>());
    }

    #[test]
    fn api_bodies_take_any_json(body in any_json()) {
        targets::api_json(body.to_string().as_bytes());
    }

    #[test]
    fn api_bodies_take_documented_json_changed(body in api_body()) {
        targets::api_json(body.to_string().as_bytes());
    }

    #[test]
    fn api_bodies_take_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        targets::api_json(&bytes);
    }

    #[test]
    fn valid_api_claims_are_accepted(lines in prop::collection::vec(valid_line(), 1..6)) {
        let body: Vec<Value> = lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let due = today() - Days::new(l.due_days_ago);
                json!({
                    "debtor_name": l.name, "concerns": "Elräkning", "original_invoice": format!("F-{i}"),
                    "principal": l.principal.to_string(), "due_date": due.to_string(),
                    "debtor_address": l.address, "demand_sent_on": (due + Days::new(l.demand_days_later)).to_string(),
                    "collection_fee": l.fee.to_string()
                })
            })
            .collect();
        let claims = claims_of(Value::from(body.clone()));
        let claims = claims.map_err(|e| TestCaseError::fail(format!("a documented body refused: {e}")))?;
        targets::new_claims(claims);
        for country in COUNTRIES {
            let claims = claims_of(Value::from(body.clone())).unwrap_or_default();
            let records: Vec<(usize, Vec<String>)> = claims.into_iter().map(NewClaim::fields).enumerate().collect();
            let checked = read_records(COLUMNS, &records, country, today());
            prop_assert_eq!(checked.map(|c| c.len()), Ok(lines.len()), "{:?}", country);
        }
        targets::api_json(Value::from(body).to_string().as_bytes());
    }

    #[test]
    fn api_decisions_are_read_as_the_forms_read_them(note in "[A-Za-z][A-Za-z .]{0,40}", minor in 1i64..1_250_050) {
        let decline = json!({ "outcome": "declined", "reason": "other", "note": note }).to_string();
        targets::api_json(decline.as_bytes());
        prop_assert!(PlanDecision::from_fields("declined", "other", &note).is_ok());
        let new_principal = Money::from_minor(minor).to_string();
        let reduce = json!({ "outcome": "reduced", "new_principal": new_principal }).to_string();
        targets::api_json(reduce.as_bytes());
        let d = DisputeDecision::from_fields("reduced", &new_principal, "", targets::DISPUTED_PRINCIPAL);
        prop_assert_eq!(d.map(|d| d.new_principal()), Ok(Some(Money::from_minor(minor))));
    }

    #[test]
    fn forwarded_for_answers_the_peer_or_a_listed_address(
        peer in any::<u8>(),
        lines in prop::collection::vec(prop::collection::vec(hop(), 0..5), 0..4),
    ) {
        let lines: Vec<String> = lines.iter().map(|hops| hops.join(",")).collect();
        let mut data = vec![peer];
        data.extend_from_slice(lines.join("\n").as_bytes());
        targets::forwarded_for(&data);
    }

    #[test]
    fn forwarded_for_takes_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..128)) {
        targets::forwarded_for(&bytes);
    }

    #[test]
    fn behind_trusted_proxies_the_client_is_found(
        client in any::<[u8; 4]>().prop_filter("outside 10/8", |o| o[0] != 10),
        claimed in prop::collection::vec(hop(), 0..3),
        proxies in prop::collection::vec(any::<[u8; 3]>(), 0..4),
        split in any::<bool>(),
    ) {
        let client = IpAddr::from(client);
        // What the client claims comes first, then its address as our first proxy saw it, then
        // each further proxy of ours.
        let mut hops: Vec<String> = claimed;
        hops.push(client.to_string());
        hops.extend(proxies.iter().map(|p| format!("10.{}.{}.{}", p[0], p[1], p[2])));
        let mut headers = axum::http::HeaderMap::new();
        let values = if split { hops.clone() } else { vec![hops.join(", ")] };
        for v in values {
            headers.append("x-forwarded-for", axum::http::HeaderValue::from_str(&v).expect("a header value"));
        }
        let peer = PEERS[0].parse().expect("a socket address");
        // Whatever the client wrote to the left of its address, garbage included, changes nothing.
        prop_assert_eq!(client_ip(peer, &headers, &targets::trusted_sets()[1]), client);
        prop_assert_eq!(client_ip(peer, &headers, &[]), "10.0.0.5".parse::<IpAddr>().expect("an address"));
    }
}

/// The values the CSV import documents in the README are taken as documented.
#[test]
fn the_readme_example_is_imported() {
    let file = "debtor_name,debtor_address,concerns,original_invoice,principal,due_date,collection_fee\n\
                Eva Berg,\"Storgatan 1, 111 22 Stockholm\",Elräkning oktober,NE-9001,1250.50,2026-10-01,180\n";
    targets::csv_import(file.as_bytes());
    let claims = read_import(file.as_bytes(), Country::Se, today()).expect("the README's file");
    assert_eq!(claims[0].claim.principal(), Money::from_minor(125_050));
    assert_eq!(claims[0].debtor.address.as_deref(), Some("Storgatan 1, 111 22 Stockholm"));
    assert_eq!(NaiveDate::from_ymd_opt(2026, 10, 1), Some(claims[0].claim.due_date()));
}
