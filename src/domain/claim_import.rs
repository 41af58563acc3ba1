//! Claims a creditor sends in as CSV (the import page and `debtor-portal import-claims`): the file
//! read whole, every line checked, and either every claim valid or a list of what to correct, each
//! with its line number. Nothing is stored from a file with a single problem (all or nothing).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use super::claim::{Claim, Fee, FeeKind, KnownFee};
use super::fee_law::{check_fees, DebtorKind, FeeLimit, FeeReason};
use super::interest::{DayCount, InterestTerms, RateTable};
use super::money::form_amount;
use super::text_code::text_code;
use super::{Country, Language, Money};

/// The most claims one file may hold: every one gets an argon2-hashed access code.
pub const MAX_IMPORT_ROWS: usize = 1_000;
/// How many problems are reported; a file with more is most likely the wrong file.
pub const MAX_PROBLEMS: usize = 50;
/// Lag (1981:739) 4 § 2: the most a Swedish inkassokrav may charge.
pub const SE_COLLECTION_FEE_CAP: Money = Money::from_minor(18_000);
/// Fees a line may itemise besides `collection_fee` (`fee_1_kind`, `fee_1_amount`, `fee_1_date`, …):
/// Swedish law allows three kinds, Norwegian two notices and a salær.
pub const MAX_FEES: usize = 4;
text_code! {
    /// A column of the file, as its header names it; also the API's field names for a claim.
    pub enum ImportColumn("import column") {
        DebtorName = "debtor_name",
        Concerns = "concerns",
        OriginalInvoice = "original_invoice",
        Principal = "principal",
        DueDate = "due_date",
        DebtorAddress = "debtor_address",
        DebtorRef = "debtor_ref",
        DebtorEmail = "debtor_email",
        DebtorPhone = "debtor_phone",
        DebtorLanguage = "debtor_language",
        Interest = "interest",
        InterestRate = "interest_rate",
        CollectionFee = "collection_fee",
        DemandSentOn = "demand_sent_on",
        DebtorKind = "debtor_kind",
        InterestMarginAgreed = "interest_margin_agreed",
        Fee1Kind = "fee_1_kind",
        Fee1Amount = "fee_1_amount",
        Fee1Date = "fee_1_date",
        Fee2Kind = "fee_2_kind",
        Fee2Amount = "fee_2_amount",
        Fee2Date = "fee_2_date",
        Fee3Kind = "fee_3_kind",
        Fee3Amount = "fee_3_amount",
        Fee3Date = "fee_3_date",
        Fee4Kind = "fee_4_kind",
        Fee4Amount = "fee_4_amount",
        Fee4Date = "fee_4_date",
    }
}

impl ImportColumn {
    /// Only the first six must be in the header (`debtor_address` may be empty).
    pub fn is_required(self) -> bool {
        use ImportColumn::*;
        matches!(self, DebtorName | Concerns | OriginalInvoice | Principal | DueDate | DebtorAddress)
    }
}

/// The columns, in the order the documentation lists them (and the API's `NewClaim::fields` gives
/// its values in).
pub const COLUMNS: &[ImportColumn] = ImportColumn::ALL;

/// The itemised fees' columns: kind, amount and date of `fee_1_…` to `fee_4_…`.
const FEE_COLUMNS: [[ImportColumn; 3]; MAX_FEES] = {
    use ImportColumn::*;
    [
        [Fee1Kind, Fee1Amount, Fee1Date],
        [Fee2Kind, Fee2Amount, Fee2Date],
        [Fee3Kind, Fee3Amount, Fee3Date],
        [Fee4Kind, Fee4Amount, Fee4Date],
    ]
};

text_code! {
    /// What can be wrong with an import file or one of its lines.
    pub enum ImportCode("import problem") {
        /// Not UTF-8 text, or a quoted field never closed.
        NotCsv = "not_csv",
        /// RFC 4180: a quote inside a field that does not start with one, or text after a quoted
        /// field's closing quote (`"ab"cd`).
        QuoteMisplaced = "quote_misplaced",
        /// No header line, or no claim after it.
        Empty = "empty",
        TooManyRows = "too_many_rows",
        ColumnMissing = "column_missing",
        ColumnUnknown = "column_unknown",
        /// A line with another number of fields than the header.
        FieldCount = "field_count",
        ValueMissing = "value_missing",
        /// Longer than 200 characters, or holding control characters.
        TextInvalid = "text_invalid",
        AmountInvalid = "amount_invalid",
        DateInvalid = "date_invalid",
        /// Not `statutory`, `fixed` or `none`, or a rate that is no percentage from 0 to 100.
        InterestInvalid = "interest_invalid",
        LanguageInvalid = "language_invalid",
        /// Above the law's cap on a fee of its kind on its date (the problem names the cap and rule).
        FeeAboveCap = "fee_above_cap",
        /// One more fee of a kind than the law allows per claim.
        FeeTooMany = "fee_too_many",
        /// A fee the country's law does not allow.
        FeeNotAllowed = "fee_not_allowed",
        /// A fee dated before the first rule of its kind.
        FeeNoRuleForDate = "fee_no_rule_for_date",
        /// A statutory margin above the law's (Sweden 8 points, Norway 0) without
        /// `interest_margin_agreed` = `yes`.
        MarginNotAgreed = "margin_not_agreed",
        /// Not one of the column's values (`debtor_kind`: consumer or business; yes or no).
        ValueInvalid = "value_invalid",
        /// Statutory interest from a due date before the first rate the portal holds.
        DueBeforeRates = "due_before_rates",
        /// A due date or demand date after the day of the import, or a demand before the due date.
        DateOrder = "date_order",
        /// The same invoice twice in the file.
        DuplicateInvoice = "duplicate_invoice",
        /// A claim of the creditor's with this invoice is registered already: the same file or
        /// request sent again (a double submit, a retry after a lost answer).
        InvoiceRegistered = "invoice_registered",
    }
}

/// One thing to correct: the file's line (1 is the header), the column, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportProblem {
    pub line: usize,
    /// The column's name as the header spells it (an unknown one as the creditor wrote it).
    pub column: Option<String>,
    pub code: ImportCode,
    /// For a refused fee: the rule, and the cap it is above.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<FeeLimit>,
    /// Where on the line a file stops being CSV (`not_csv`, `quote_misplaced`): the character,
    /// 1 the first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub character: Option<usize>,
}

impl ImportProblem {
    pub fn new(line: usize, column: Option<String>, code: ImportCode) -> Self {
        Self { line, column, code, limit: None, character: None }
    }

    /// A problem with the file's text itself, at a line and character.
    pub fn at(line: usize, character: usize, code: ImportCode) -> Self {
        Self { character: Some(character), ..Self::new(line, None, code) }
    }
}

/// The debtor of an imported claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportDebtor {
    /// The creditor's own reference for the person: lines with the same one are one debtor.
    pub reference: Option<String>,
    pub name: String,
    pub language: Language,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
}

/// One valid line: a claim the engine accepts and its debtor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedClaim {
    pub line: usize,
    pub debtor: ImportDebtor,
    pub concerns: String,
    pub original_invoice: String,
    pub claim: Claim,
    pub demand_sent_on: NaiveDate,
    /// Sizes a Norwegian salær; checked here, not stored.
    pub debtor_kind: DebtorKind,
}

/// Reads a whole file for a creditor in `country`, as of `today`.
pub fn read_import(bytes: &[u8], country: Country, today: NaiveDate) -> Result<Vec<ImportedClaim>, Vec<ImportProblem>> {
    let whole = |code| vec![ImportProblem::new(1, None, code)];
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let valid = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
        vec![Lines::new(valid).problem(valid.len(), ImportCode::NotCsv)]
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let records = parse_csv(text).map_err(|p| vec![p])?;
    let Some(((_, header), lines)) = records.split_first() else { return Err(whole(ImportCode::Empty)) };
    let header: Vec<String> = header.iter().map(|h| h.trim().to_lowercase()).collect();
    let mut problems = Vec::new();
    let mut columns = Vec::with_capacity(header.len());
    for h in &header {
        match h.parse::<ImportColumn>() {
            Ok(c) => columns.push(c),
            Err(_) => problems.push(ImportProblem::new(1, Some(h.clone()), ImportCode::ColumnUnknown)),
        }
    }
    for c in COLUMNS.iter().filter(|c| c.is_required()) {
        if !columns.contains(c) {
            problems.push(ImportProblem::new(1, Some(c.to_string()), ImportCode::ColumnMissing));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let lines: Vec<(usize, Vec<String>)> =
        lines.iter().filter(|(_, f)| f.iter().any(|v| !v.trim().is_empty())).cloned().collect();
    if lines.is_empty() {
        return Err(whole(ImportCode::Empty));
    }
    if lines.len() > MAX_IMPORT_ROWS {
        return Err(whole(ImportCode::TooManyRows));
    }
    read_records(&columns, &lines, country, today)
}

/// Claims given field by field (the CSV's lines, or the API's JSON objects with the same names):
/// `header` names the fields, each record has its number (`line`) and one value per name. Every
/// record is checked as a file's line is; any problem and nothing is returned but the problems.
pub fn read_records(
    header: &[ImportColumn],
    records: &[(usize, Vec<String>)],
    country: Country,
    today: NaiveDate,
) -> Result<Vec<ImportedClaim>, Vec<ImportProblem>> {
    let mut problems = Vec::new();
    let mut claims = Vec::with_capacity(records.len());
    let mut invoices = std::collections::HashSet::new();
    for (line, fields) in records {
        // Checked first: a line with the wrong number of fields skips the rest of the loop's body,
        // and the list must stop at the bound all the same (fuzzing found 51).
        if problems.len() >= MAX_PROBLEMS {
            break;
        }
        if fields.len() != header.len() {
            problems.push(ImportProblem::new(*line, None, ImportCode::FieldCount));
            continue;
        }
        let row = Row { line: *line, header, fields };
        match row.claim(country, today) {
            Ok(c) if !invoices.insert(c.original_invoice.clone()) => problems.push(ImportProblem::new(
                *line,
                Some(ImportColumn::OriginalInvoice.to_string()),
                ImportCode::DuplicateInvoice,
            )),
            Ok(c) => claims.push(c),
            Err(p) => problems.push(p),
        }
    }
    if problems.is_empty() {
        Ok(claims)
    } else {
        Err(problems)
    }
}

/// Claims with statutory interest from a day before the first rate of `table` (interest runs from
/// the day after the due date): the engine could never compute their interest, so they are refused
/// at the door (column `due_date`).
pub fn due_before_rates(claims: &[ImportedClaim], table: &RateTable) -> Vec<ImportProblem> {
    claims
        .iter()
        .filter(|c| matches!(c.claim.interest(), InterestTerms::Statutory { .. }))
        .filter(|c| c.claim.due_date().succ_opt().is_none_or(|first| table.in_force(first).is_none()))
        .take(MAX_PROBLEMS)
        .map(|c| ImportProblem::new(c.line, Some(ImportColumn::DueDate.to_string()), ImportCode::DueBeforeRates))
        .collect()
}

/// A line's fields by column name.
struct Row<'a> {
    line: usize,
    header: &'a [ImportColumn],
    fields: &'a [String],
}

impl Row<'_> {
    fn problem(&self, column: ImportColumn, code: ImportCode) -> ImportProblem {
        ImportProblem::new(self.line, Some(column.to_string()), code)
    }

    /// The trimmed value, `None` when the column is absent or the cell empty.
    fn get(&self, column: ImportColumn) -> Result<Option<String>, ImportProblem> {
        let Some(i) = self.header.iter().position(|h| *h == column) else { return Ok(None) };
        // Composed (NFC), as the portal's own forms send text: a name imported as "o" and a
        // combining diaeresis is then found by an agent who types "ö".
        let v: String = self.fields[i].trim().nfc().collect();
        if v.chars().count() > 200 || v.chars().any(char::is_control) {
            return Err(self.problem(column, ImportCode::TextInvalid));
        }
        Ok((!v.is_empty()).then_some(v))
    }

    fn required(&self, column: ImportColumn) -> Result<String, ImportProblem> {
        self.get(column)?.ok_or_else(|| self.problem(column, ImportCode::ValueMissing))
    }

    fn amount(&self, column: ImportColumn) -> Result<Option<Money>, ImportProblem> {
        match self.get(column)? {
            Some(v) => form_amount(&v).map_err(|_| self.problem(column, ImportCode::AmountInvalid)),
            None => Ok(None),
        }
    }

    fn date(&self, column: ImportColumn) -> Result<Option<NaiveDate>, ImportProblem> {
        match self.get(column)? {
            Some(v) => v.parse().map(Some).map_err(|_| self.problem(column, ImportCode::DateInvalid)),
            None => Ok(None),
        }
    }

    fn claim(&self, country: Country, today: NaiveDate) -> Result<ImportedClaim, ImportProblem> {
        use ImportColumn as C;
        let name = self.required(C::DebtorName)?;
        let concerns = self.required(C::Concerns)?;
        let original_invoice = self.required(C::OriginalInvoice)?;
        let principal =
            self.amount(C::Principal)?.ok_or_else(|| self.problem(C::Principal, ImportCode::ValueMissing))?;
        if !principal.is_positive() {
            return Err(self.problem(C::Principal, ImportCode::AmountInvalid));
        }
        let due_date = self.date(C::DueDate)?.ok_or_else(|| self.problem(C::DueDate, ImportCode::ValueMissing))?;
        let demand_sent_on = self.date(C::DemandSentOn)?.unwrap_or(today);
        if due_date > today {
            return Err(self.problem(C::DueDate, ImportCode::DateOrder));
        }
        if demand_sent_on > today || demand_sent_on < due_date {
            return Err(self.problem(C::DemandSentOn, ImportCode::DateOrder));
        }
        let language = match self.get(C::DebtorLanguage)? {
            Some(l) => {
                l.to_lowercase().parse().map_err(|_| self.problem(C::DebtorLanguage, ImportCode::LanguageInvalid))?
            }
            None => match country {
                Country::Se => Language::Sv,
                Country::No => Language::Nb,
            },
        };
        let interest = self.interest(country)?;
        let debtor_kind = match self.get(C::DebtorKind)? {
            Some(k) => k.to_lowercase().parse().map_err(|_| self.problem(C::DebtorKind, ImportCode::ValueInvalid))?,
            None => DebtorKind::Consumer,
        };
        // Each fee with the column a refusal names: the amount's, the kind's, the date's.
        let mut fees: Vec<(Fee, [ImportColumn; 3])> = Vec::new();
        if let Some(fee) = self.amount(C::CollectionFee)?.filter(|f| !f.is_zero()) {
            let kind = match country {
                Country::Se => KnownFee::Collection,
                Country::No => KnownFee::Inkassosalaer,
            };
            let date = demand_sent_on;
            fees.push((Fee { kind: kind.into(), amount: fee, date }, [C::CollectionFee; 3]));
        }
        for [kind_col, amount_col, date_col] in FEE_COLUMNS {
            let kind = self.get(kind_col)?;
            let Some(amount) = self.amount(amount_col)?.filter(|a| !a.is_zero()) else {
                if kind.is_some() {
                    return Err(self.problem(amount_col, ImportCode::ValueMissing));
                }
                continue;
            };
            let kind: FeeKind =
                kind.ok_or_else(|| self.problem(kind_col, ImportCode::ValueMissing))?.to_lowercase().as_str().into();
            let date = self.date(date_col)?.unwrap_or(demand_sent_on);
            if date > today {
                return Err(self.problem(date_col, ImportCode::DateOrder));
            }
            fees.push((Fee { kind, amount, date }, [amount_col, kind_col, date_col]));
        }
        let only: Vec<Fee> = fees.iter().map(|(f, _)| f.clone()).collect();
        if let Err(refused) = check_fees(country, &only, principal, debtor_kind, demand_sent_on) {
            let [amount_col, kind_col, date_col] = fees[refused.index].1;
            let (column, code) = match refused.reason {
                FeeReason::AboveCap => (amount_col, ImportCode::FeeAboveCap),
                FeeReason::TooMany => (kind_col, ImportCode::FeeTooMany),
                FeeReason::NotAllowed => (kind_col, ImportCode::FeeNotAllowed),
                FeeReason::NoRuleForDate => (date_col, ImportCode::FeeNoRuleForDate),
            };
            return Err(ImportProblem { limit: Some(refused.limit), ..self.problem(column, code) });
        }
        let fees = only;
        let claim = Claim::new(principal, due_date, interest, fees, Vec::new())
            .map_err(|_| self.problem(C::Principal, ImportCode::AmountInvalid))?;
        let debtor = ImportDebtor {
            reference: self.get(C::DebtorRef)?,
            name,
            language,
            email: self.get(C::DebtorEmail)?,
            phone: self.get(C::DebtorPhone)?,
            address: self.get(C::DebtorAddress)?,
        };
        Ok(ImportedClaim { line: self.line, debtor, concerns, original_invoice, claim, demand_sent_on, debtor_kind })
    }

    /// `statutory` (the default: the reference rate plus `interest_rate` points, 8 in Sweden and 0
    /// in Norway when empty), `fixed` (`interest_rate` percent a year) or `none`.
    fn interest(&self, country: Country) -> Result<InterestTerms, ImportProblem> {
        use ImportColumn as C;
        let bad = || self.problem(C::Interest, ImportCode::InterestInvalid);
        let rate = match self.get(C::InterestRate)? {
            Some(r) => {
                let r: Decimal = r.replace(',', ".").parse().map_err(|_| bad())?;
                if r < Decimal::ZERO || r > Decimal::ONE_HUNDRED {
                    return Err(bad());
                }
                Some(r)
            }
            None => None,
        };
        // Räntelagen 6 §: the reference rate + 8 points.
        const SE_STATUTORY_MARGIN: Decimal = Decimal::from_parts(8, 0, 0, false, 0);
        let day_count = match country {
            Country::Se => DayCount::Act365,
            Country::No => DayCount::ActAct,
        };
        let default_margin = match country {
            Country::Se => SE_STATUTORY_MARGIN,
            Country::No => Decimal::ZERO,
        };
        let agreed = match self.get(C::InterestMarginAgreed)?.map(|a| a.to_lowercase()).as_deref() {
            None | Some("no") => false,
            Some("yes") => true,
            Some(_) => return Err(self.problem(C::InterestMarginAgreed, ImportCode::ValueInvalid)),
        };
        match self.get(C::Interest)?.as_deref().map(str::to_lowercase).as_deref() {
            None | Some("statutory") => {
                let margin = rate.unwrap_or(default_margin);
                // More than the law's own rate needs an agreement: in Sweden räntelagen's 8 points
                // over the reference rate, in Norway forsinkelsesrenten itself (margin 0).
                if margin > default_margin && !agreed {
                    return Err(self.problem(C::InterestRate, ImportCode::MarginNotAgreed));
                }
                Ok(InterestTerms::Statutory { margin, day_count })
            }
            Some("fixed") => Ok(InterestTerms::Fixed { rate: rate.ok_or_else(bad)?, day_count }),
            Some("none") => Ok(InterestTerms::None { day_count }),
            Some(_) => Err(bad()),
        }
    }
}

/// RFC 4180 records, each with the line it starts on. The csv crate splits the text: fields by
/// commas, quoted ones holding commas, doubled quotes and line breaks; a line ends with CRLF, LF or
/// CR; empty lines are skipped. It is lenient by design and never refuses text (`"ab"cd` reads as
/// `abcd`, `ab"cd` keeps its quote), so each record is held against the text it came from: a field
/// is written either as its value with no quote in it, or quoted with its quotes doubled. Anything
/// else is refused at its line and character: `quote_misplaced`, or `not_csv` for a quote never
/// closed.
fn parse_csv(text: &str) -> Result<Vec<(usize, Vec<String>)>, ImportProblem> {
    let bytes = text.as_bytes();
    let mut lines = Lines::new(text);
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(bytes);
    let mut records = Vec::new();
    let mut at = 0;
    for record in reader.records() {
        // The text is UTF-8 and in memory: the reader has nothing else to fail on.
        let record = record.map_err(|_| lines.problem(at, ImportCode::NotCsv))?;
        while bytes.get(at).is_some_and(|b| matches!(b, b'\r' | b'\n')) {
            at += 1;
        }
        let start = at;
        for (i, value) in record.iter().enumerate() {
            if i > 0 {
                // The reader ended the field before at a comma; anything else and the two disagree.
                if bytes.get(at) != Some(&b',') {
                    return Err(lines.problem(at, ImportCode::NotCsv));
                }
                at += 1;
            }
            at = field_end(bytes, at, value).map_err(|(at, code)| lines.problem(at, code))?;
        }
        if !matches!(bytes.get(at), None | Some(b'\r' | b'\n')) {
            return Err(lines.problem(at, ImportCode::NotCsv));
        }
        records.push((lines.locate(start).0, record.iter().map(str::to_owned).collect()));
    }
    Ok(records)
}

/// Where the field read as `value` ends in `bytes` from `start`, if it is written there as RFC 4180
/// writes it; else the byte where it stops being so, and what is wrong.
fn field_end(bytes: &[u8], start: usize, value: &str) -> Result<usize, (usize, ImportCode)> {
    if bytes.get(start) != Some(&b'"') {
        // Unquoted: the reader kept the text as it stands, a quote in it too.
        return match value.find('"') {
            Some(quote) => Err((start + quote, ImportCode::QuoteMisplaced)),
            None => Ok(start + value.len()),
        };
    }
    let doubled = value.bytes().flat_map(|b| (b == b'"').then_some(b'"').into_iter().chain([b]));
    let written = std::iter::once(b'"').chain(doubled).chain([b'"']);
    let mut at = start;
    for wanted in written {
        match bytes.get(at) {
            Some(b) if *b == wanted => at += 1,
            // The reader took everything to the end as the field.
            None => return Err((start, ImportCode::NotCsv)),
            // A quote that closed the field, and more text after it.
            Some(b'"') => return Err((at + 1, ImportCode::QuoteMisplaced)),
            Some(_) => return Err((at, ImportCode::QuoteMisplaced)),
        }
    }
    Ok(at)
}

/// The line and character of byte offsets met in increasing order. A line ends as the csv crate
/// ends a record: CRLF, LF or CR.
struct Lines<'a> {
    text: &'a str,
    at: usize,
    line: usize,
    line_start: usize,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        Self { text, at: 0, line: 1, line_start: 0 }
    }

    /// 1-based line and character of the byte `offset` (a character's first byte).
    fn locate(&mut self, offset: usize) -> (usize, usize) {
        let bytes = self.text.as_bytes();
        while self.at < offset.min(bytes.len()) {
            let ends_line = match bytes[self.at] {
                b'\n' => true,
                b'\r' => bytes.get(self.at + 1) != Some(&b'\n'),
                _ => false,
            };
            self.at += 1;
            if ends_line {
                self.line += 1;
                self.line_start = self.at;
            }
        }
        let before = self.text.get(self.line_start..offset).map_or(0, |s| s.chars().count());
        (self.line, before + 1)
    }

    fn problem(&mut self, offset: usize, code: ImportCode) -> ImportProblem {
        let (line, character) = self.locate(offset);
        ImportProblem::at(line, character, code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    const HEADER: &str = "debtor_name,debtor_address,concerns,original_invoice,principal,due_date";

    #[test]
    fn problems_stop_at_the_bound_even_when_every_line_has_too_few_fields() {
        let file = format!("{HEADER}\n{}", "Eva,x\n".repeat(80));
        let problems = read_import(file.as_bytes(), Country::Se, today()).unwrap_err();
        assert_eq!(problems.len(), MAX_PROBLEMS);
        assert!(problems.iter().all(|p| p.code == ImportCode::FieldCount));
    }

    #[test]
    fn quoted_fields_hold_commas_quotes_and_line_breaks() {
        let rows = parse_csv("a,\"b, \"\"c\"\"\",d\r\n\"e\nf\",g,\n\n\"\"\r\"x\"\r\n").unwrap();
        let text = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            rows,
            vec![
                (1, text(&["a", "b, \"c\"", "d"])),
                (2, text(&["e\nf", "g", ""])),
                // The empty line 4 is skipped; a lone CR ends a line too.
                (5, text(&[""])),
                (6, text(&["x"])),
            ]
        );
        assert_eq!(parse_csv("a\n\"never closed\n"), Err(ImportProblem::at(2, 1, ImportCode::NotCsv)));
    }

    /// RFC 4180 allows a quote only around a whole field, doubled inside it: `"ab"cd` is not `abcd`.
    #[test]
    fn a_quote_out_of_place_is_refused_at_its_line_and_character() {
        let misplaced = |line, character| Err(ImportProblem::at(line, character, ImportCode::QuoteMisplaced));
        assert_eq!(parse_csv("name,x\nEva,\"ab\"cd\n"), misplaced(2, 9));
        assert_eq!(parse_csv("name,x\r\nEva,ab\"cd\r\n"), misplaced(2, 7));
        assert_eq!(parse_csv("\"a\" ,b\n"), misplaced(1, 4));
        assert_eq!(parse_csv(" \"a\",b\n"), misplaced(1, 2));
        // Characters, not bytes: "Elräkning" is nine.
        assert_eq!(parse_csv("a\n\"x\ny\",Elräkning\"\n"), misplaced(3, 13));
        let file = format!("{HEADER}\nEva,x,El,\"F-1\"2,100,2026-10-01\n");
        assert_eq!(
            read_import(file.as_bytes(), Country::Se, today()),
            Err(vec![ImportProblem::at(2, 15, ImportCode::QuoteMisplaced)])
        );
        let bytes = [b"a,b\nx,\xc3".as_slice()].concat();
        assert_eq!(read_import(&bytes, Country::Se, today()), Err(vec![ImportProblem::at(2, 3, ImportCode::NotCsv)]));
    }

    #[test]
    fn a_valid_file_gives_every_claim() {
        let file = format!(
            "{HEADER},debtor_ref,interest,interest_rate,collection_fee\n\
             Eva Berg,\"Storgatan 1, 111 22 Stockholm\",Elräkning,F-1,\"1 250,50\",2026-10-01,K1,,,180\n\
             Eva Berg,\"Storgatan 1, 111 22 Stockholm\",Gasräkning,F-2,300,2026-10-15,K1,fixed,\"12,5\",\n"
        );
        let claims = read_import(file.as_bytes(), Country::Se, today()).unwrap();
        assert_eq!(claims.len(), 2);
        assert_eq!((claims[0].line, claims[0].claim.principal()), (2, Money::from_minor(125_050)));
        assert_eq!(claims[0].claim.fees()[0].amount, SE_COLLECTION_FEE_CAP);
        assert_eq!(claims[0].debtor.address.as_deref(), Some("Storgatan 1, 111 22 Stockholm"));
        assert_eq!((claims[1].debtor.reference.as_deref(), claims[1].debtor.language), (Some("K1"), Language::Sv));
        assert_eq!(
            claims[1].claim.interest(),
            &InterestTerms::Fixed { rate: Decimal::new(125, 1), day_count: DayCount::Act365 }
        );
        assert_eq!(claims[1].demand_sent_on, today());
    }

    #[test]
    fn text_is_stored_composed() {
        let file = format!("{HEADER}\nEva Sjo\u{308}berg,Storgatan 1,Elra\u{308}kning,F-1,300,2026-10-01\n");
        let claims = read_import(file.as_bytes(), Country::Se, today()).unwrap();
        assert_eq!(
            (claims[0].debtor.name.as_str(), claims[0].concerns.as_str()),
            ("Eva Sj\u{f6}berg", "Elr\u{e4}kning")
        );
    }

    #[test]
    fn every_problem_has_its_line_and_column() {
        let file = format!(
            "{HEADER},collection_fee,interest\n\
             ,x,Elräkning,F-1,100,2026-10-01,,\n\
             Eva,x,Elräkning,F-2,hundra,2026-10-01,,\n\
             Eva,x,Elräkning,F-3,100,1 oktober,,\n\
             Eva,x,Elräkning,F-4,100,2026-10-01,181,\n\
             Eva,x,Elräkning,F-5,100,2026-12-01,,\n\
             Eva,x,Elräkning,F-6,100,2026-10-01,,sometimes\n\
             Eva,x,Elräkning,F-7,100\n\
             Eva,x,Elräkning,F-8,100,2026-10-01,,\n\
             Eva,x,Elräkning,F-8,100,2026-10-01,,\n"
        );
        let problems = read_import(file.as_bytes(), Country::Se, today()).unwrap_err();
        let got: Vec<(usize, Option<&str>, ImportCode)> =
            problems.iter().map(|p| (p.line, p.column.as_deref(), p.code)).collect();
        assert_eq!(
            got,
            vec![
                (2, Some("debtor_name"), ImportCode::ValueMissing),
                (3, Some("principal"), ImportCode::AmountInvalid),
                (4, Some("due_date"), ImportCode::DateInvalid),
                (5, Some("collection_fee"), ImportCode::FeeAboveCap),
                (6, Some("due_date"), ImportCode::DateOrder),
                (7, Some("interest"), ImportCode::InterestInvalid),
                (8, None, ImportCode::FieldCount),
                (10, Some("original_invoice"), ImportCode::DuplicateInvoice),
            ]
        );
    }

    #[test]
    fn the_header_is_checked_first() {
        let problems = read_import(b"debtor_name,concerns,colour\nEva,x,red\n", Country::No, today()).unwrap_err();
        assert_eq!(problems[0], ImportProblem::new(1, Some("colour".into()), ImportCode::ColumnUnknown));
        assert!(problems
            .iter()
            .any(|p| p.code == ImportCode::ColumnMissing && p.column.as_deref() == Some("principal")));
        let only_header = format!("{HEADER}\n");
        assert_eq!(read_import(only_header.as_bytes(), Country::No, today()).unwrap_err()[0].code, ImportCode::Empty);
        assert_eq!(read_import(&[0xff, 0xfe], Country::No, today()).unwrap_err()[0].code, ImportCode::NotCsv);
        // A Norwegian claim: bokmål, act/act, no margin, the fee is inkassosalær: light, sats 750.
        let file = format!("{HEADER},collection_fee\nKari,x,Telt,FS-1,5890,2026-10-01,600\n");
        let c = &read_import(file.as_bytes(), Country::No, today()).unwrap()[0];
        assert_eq!(c.debtor.language, Language::Nb);
        assert_eq!(
            c.claim.interest(),
            &InterestTerms::Statutory { margin: Decimal::ZERO, day_count: DayCount::ActAct }
        );
    }

    fn refused(country: Country, extra_header: &str, extra: &str) -> ImportProblem {
        let file = format!("{HEADER},{extra_header}\nEva,x,Räkning,F-1,5890,2026-10-01,{extra}\n");
        let mut problems = read_import(file.as_bytes(), country, today()).unwrap_err();
        assert_eq!(problems.len(), 1);
        problems.remove(0)
    }

    #[test]
    fn fees_are_checked_against_the_law_with_column_cap_and_rule() {
        use super::super::fee_law::FeeRule;
        let salaer = refused(Country::No, "collection_fee", "1050");
        assert_eq!(
            (salaer.line, salaer.column.as_deref(), salaer.code),
            (2, Some("collection_fee"), ImportCode::FeeAboveCap)
        );
        let limit = salaer.limit.unwrap();
        assert_eq!(
            (limit.rule, limit.cap, limit.sats),
            (FeeRule::NoSalaerLight, Some(Money::from_minor(60_000)), Some(Money::from_minor(75_000)))
        );
        let fees = "fee_1_kind,fee_1_amount,fee_1_date,fee_2_kind,fee_2_amount,fee_2_date";
        let p = refused(Country::Se, fees, "reminder,60,2026-10-10,reminder,10,2026-10-20");
        assert_eq!((p.column.as_deref(), p.code), (Some("fee_2_kind"), ImportCode::FeeTooMany));
        let p = refused(Country::Se, fees, "reminder,60.01,2026-10-10,,,");
        assert_eq!(
            (p.column.as_deref(), p.code, p.limit.unwrap().cap),
            (Some("fee_1_amount"), ImportCode::FeeAboveCap, Some(Money::from_minor(6_000)))
        );
        let p = refused(Country::Se, fees, "porto,10,2026-10-10,,,");
        assert_eq!((p.column.as_deref(), p.code), (Some("fee_1_kind"), ImportCode::FeeNotAllowed));
        let p = refused(Country::No, fees, "inkassovarsel,37.50,2016-10-10,,,");
        assert_eq!((p.column.as_deref(), p.code), (Some("fee_1_date"), ImportCode::FeeNoRuleForDate));
        let p = refused(Country::No, fees, "purregebyr,,,,,");
        assert_eq!((p.column.as_deref(), p.code), (Some("fee_1_amount"), ImportCode::ValueMissing));
        let p = refused(Country::No, "debtor_kind", "company");
        assert_eq!((p.column.as_deref(), p.code), (Some("debtor_kind"), ImportCode::ValueInvalid));
        // A business may be charged 1.5 × 600.
        let ok = format!("{HEADER},debtor_kind,collection_fee\nKari,x,Telt,FS-1,5890,2026-10-01,business,900\n");
        assert_eq!(read_import(ok.as_bytes(), Country::No, today()).unwrap()[0].debtor_kind, DebtorKind::Business);
    }

    #[test]
    fn a_swedish_margin_above_8_points_needs_the_agreement_column() {
        let p = refused(Country::Se, "interest_rate", "8.01");
        assert_eq!((p.column.as_deref(), p.code), (Some("interest_rate"), ImportCode::MarginNotAgreed));
        let agreed = format!("{HEADER},interest_rate,interest_margin_agreed\nEva,x,R,F-1,100,2026-10-01,12,yes\nEva,x,R,F-2,100,2026-10-01,8,\n");
        assert_eq!(read_import(agreed.as_bytes(), Country::Se, today()).unwrap().len(), 2);
        let p = refused(Country::Se, "interest_margin_agreed", "maybe");
        assert_eq!(p.code, ImportCode::ValueInvalid);
        // Norway: anything above forsinkelsesrenten itself (margin 0) needs the agreement too.
        let p = refused(Country::No, "interest_rate", "0.01");
        assert_eq!((p.column.as_deref(), p.code), (Some("interest_rate"), ImportCode::MarginNotAgreed));
        let no = format!("{HEADER},interest_rate,interest_margin_agreed\nKari,x,R,F-1,100,2026-10-01,0,\nKari,x,R,F-2,100,2026-10-01,9,yes\n");
        assert_eq!(read_import(no.as_bytes(), Country::No, today()).unwrap().len(), 2);
    }

    #[test]
    fn statutory_interest_before_the_first_rate_is_refused() {
        use super::super::interest::RateEntry;
        let table =
            RateTable::new(vec![RateEntry { from: "2022-01-01".parse().unwrap(), rate: Decimal::TWO }]).unwrap();
        let file = format!(
            "{HEADER},interest\nEva,x,R,F-1,100,2021-12-31,\nEva,x,R,F-2,100,2021-12-30,\nEva,x,R,F-3,100,2021-06-01,none\n"
        );
        let claims = read_import(file.as_bytes(), Country::Se, today()).unwrap();
        assert_eq!(
            due_before_rates(&claims, &table),
            vec![ImportProblem::new(3, Some("due_date".into()), ImportCode::DueBeforeRates)]
        );
    }
}
