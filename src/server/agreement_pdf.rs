//! `GET /claims/{id}/plan/agreement.pdf`: the active plan's agreement as a PDF, in the reader's
//! language. The 14 standard PDF fonts need no embedding, so the file stays a few kilobytes; their
//! WinAnsi encoding holds every letter of Swedish, Norwegian and English.

use crate::domain::ids::ClaimId;
use crate::server::path_id::PathId;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use pdf_writer::{Content, Name, Pdf, Rect, Ref, Str, TextStr};

use super::auth::Debtor;
use super::http::AppState;
use super::plans::agreement_for_debtor;
use crate::components::agreement_text::{agreement_text, AgreementText};

pub async fn agreement_pdf(
    State(state): State<AppState>,
    Debtor(who): Debtor,
    PathId(id): PathId<ClaimId>,
    headers: HeaderMap,
) -> Response {
    let agreement = match agreement_for_debtor(&state.store, &who, &id, &state.clock).await {
        Ok(a) => a,
        Err(e) => return super::error_page::respond(&headers, e),
    };
    let locale = crate::components::format::locale_of(super::error_page::language_of(&headers));
    let bytes = render(&agreement_text(locale, &agreement));
    let mut res = bytes.into_response();
    let name = format!("attachment; filename=\"plan-{}.pdf\"", agreement.case_number);
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/pdf"));
    if let Ok(v) = HeaderValue::from_str(&name) {
        res.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    res
}

/// Text as WinAnsiEncoding bytes. The few characters outside it that our texts use are mapped to
/// their nearest; anything else becomes `?` rather than garbage.
fn win_ansi(s: &str) -> Vec<u8> {
    s.chars()
        .map(|c| match c {
            ' '..='~' => c as u8,
            '\u{a0}'..='\u{ff}' => c as u32 as u8,
            '\u{202f}' | '\u{2009}' => b' ',
            '–' => 0x96,
            '—' => 0x97,
            '‘' => 0x91,
            '’' => 0x92,
            '“' => 0x93,
            '”' => 0x94,
            '…' => 0x85,
            '€' => 0x80,
            _ => b'?',
        })
        .collect()
}

const A4: (f32, f32) = (595.0, 842.0);
const MARGIN: f32 = 50.0;
const REGULAR: Name = Name(b"F1");
const BOLD: Name = Name(b"F2");
/// Left edges of the schedule's seven columns.
const COLUMNS: [f32; 7] = [50.0, 78.0, 150.0, 225.0, 290.0, 360.0, 440.0];

/// Writes lines top to bottom, starting a new page when one is full.
struct Pages {
    done: Vec<Content>,
    page: Content,
    y: f32,
}

impl Pages {
    fn new() -> Self {
        Self { done: Vec::new(), page: Content::new(), y: A4.1 - MARGIN }
    }

    fn need(&mut self, height: f32) {
        if self.y - height < MARGIN {
            let full = std::mem::replace(&mut self.page, Content::new());
            self.done.push(full);
            self.y = A4.1 - MARGIN;
        }
    }

    fn text(&mut self, x: f32, font: Name, size: f32, s: &str) {
        self.page.begin_text();
        self.page.set_font(font, size);
        self.page.next_line(x, self.y);
        self.page.show(Str(&win_ansi(s)));
        self.page.end_text();
    }

    fn line(&mut self, font: Name, size: f32, s: &str) {
        for part in wrap(s, size) {
            self.need(size * 1.4);
            self.text(MARGIN, font, size, &part);
            self.y -= size * 1.4;
        }
    }

    fn gap(&mut self, h: f32) {
        self.y -= h;
    }

    fn row(&mut self, font: Name, cells: &[String; 7]) {
        self.need(13.0);
        for (x, c) in COLUMNS.iter().zip(cells) {
            self.text(*x, font, 9.0, c);
        }
        self.y -= 13.0;
    }

    fn finish(mut self) -> Vec<Content> {
        self.done.push(self.page);
        self.done
    }
}

/// Breaks a paragraph into lines that fit the page at `size` (Helvetica averages about half an em
/// a character; a little less fits, so it errs on the safe side).
fn wrap(s: &str, size: f32) -> Vec<String> {
    let width = A4.0 - 2.0 * MARGIN;
    let max = (width / (size * 0.52)) as usize;
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in s.split(' ') {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > max {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(line);
    lines
}

pub fn render(t: &AgreementText) -> Vec<u8> {
    let mut w = Pages::new();
    w.line(BOLD, 16.0, &t.title);
    w.gap(6.0);
    w.line(BOLD, 12.0, &t.parties_title);
    for (k, v) in &t.parties {
        w.line(REGULAR, 10.0, &format!("{k}: {v}"));
    }
    w.gap(6.0);
    w.line(BOLD, 12.0, &t.plan_title);
    for l in &t.plan {
        w.line(REGULAR, 10.0, l);
    }
    w.gap(6.0);
    w.line(BOLD, 10.0, &t.schedule_caption);
    w.row(BOLD, &t.columns);
    for r in &t.rows {
        w.row(REGULAR, r);
    }
    w.gap(6.0);
    w.line(BOLD, 12.0, &t.terms_title);
    for l in &t.terms {
        w.line(REGULAR, 10.0, l);
    }
    let contents = w.finish();

    let mut pdf = Pdf::new();
    let catalog = Ref::new(1);
    let tree = Ref::new(2);
    let regular = Ref::new(3);
    let bold = Ref::new(4);
    let info = Ref::new(5);
    let first = 6;
    let page_ids: Vec<Ref> = (0..contents.len()).map(|k| Ref::new(first + 2 * k as i32)).collect();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree).kids(page_ids.iter().copied()).count(page_ids.len() as i32);
    pdf.document_info(info).title(TextStr(&t.title));
    for (id, name) in [(regular, "Helvetica"), (bold, "Helvetica-Bold")] {
        pdf.type1_font(id).base_font(Name(name.as_bytes())).encoding_predefined(Name(b"WinAnsiEncoding"));
    }
    for (k, content) in contents.into_iter().enumerate() {
        let page_id = page_ids[k];
        let content_id = Ref::new(page_id.get() + 1);
        let mut page = pdf.page(page_id);
        page.media_box(Rect::new(0.0, 0.0, A4.0, A4.1));
        page.parent(tree);
        page.contents(content_id);
        let mut resources = page.resources();
        let mut fonts = resources.fonts();
        fonts.pair(REGULAR, regular);
        fonts.pair(BOLD, bold);
        drop(fonts);
        drop(resources);
        drop(page);
        pdf.stream(content_id, &content.finish());
    }
    pdf.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nordic_letters_are_win_ansi() {
        assert_eq!(win_ansi("Gäldenär Skyldner ø æ å"), b"G\xe4lden\xe4r Skyldner \xf8 \xe6 \xe5".to_vec());
        assert_eq!(win_ansi("1\u{202f}234,50 kr – ✓"), b"1 234,50 kr \x96 ?".to_vec());
    }

    #[test]
    fn long_schedules_run_onto_more_pages() {
        let row = |n: usize| {
            [n.to_string(), "2027-01-01".into(), "1,00".into(), "0".into(), "0".into(), "1".into(), "0".into()]
        };
        let t = AgreementText {
            title: "Avtal".into(),
            parties_title: "Parter".into(),
            parties: vec![("Gäldenär".into(), "Anna Andersson".into())],
            plan_title: "Planen".into(),
            plan: vec!["x ".repeat(200)],
            schedule_caption: "Plan".into(),
            columns: row(0),
            rows: (1..=120).map(row).collect(),
            terms_title: "Villkor".into(),
            terms: vec![],
        };
        let pdf = render(&t);
        assert!(pdf.starts_with(b"%PDF-"));
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.contains("/Count 3"), "120 rows of 13 pt need three A4 pages");
        // Strings with letters beyond ASCII are written in hex: "Gäldenär: Anna Andersson" in WinAnsi.
        let hex: String = win_ansi("Gäldenär: Anna Andersson").iter().map(|b| format!("{b:02X}")).collect();
        assert!(text.contains(&format!("<{hex}>")), "the text, uncompressed and WinAnsi");
    }
}
