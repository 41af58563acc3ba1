//! What staff narrow their work queue to: one kind of item, a search (a case number, the
//! creditor's own invoice number or part of the debtor's name), how long an item has waited at
//! least, and the claim's principal from and to. Checked here, once, from the queue page's form;
//! the store only binds what this holds.

use super::decision::ItemKind;
use super::input_error::InputError;
use super::money::form_amount;
use super::text_code::text_code;
use super::Money;
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

/// The longest search, in characters: a name or a number, never a paragraph.
pub const MAX_SEARCH_CHARS: usize = 100;

/// Items a queue page lists: a screenful on a desktop, and every page the same cost to read.
pub const QUEUE_PAGE_SIZE: usize = 50;

/// The most plans in arrears the queue lists: the oldest arrears are the ones to act on first.
pub const ARREARS_LISTED: usize = 50;

/// How far the queue counts each kind: past it a kind shows "1000+". Counting every one of a
/// hundred thousand waiting items on each view of the queue is what made it slow at a million
/// claims (README, "Running in production"); no agent acts on the difference between 1,001 and
/// 90,000, and a search or a filter brings the number back within reach.
pub const COUNTED_UP_TO: usize = 1000;

/// How many items wait (or match): exactly, or more than the queue counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Tally {
    Exactly(usize),
    /// More than [`COUNTED_UP_TO`].
    Beyond,
}

impl Tally {
    /// The tally of `n` items counted, of at most [`COUNTED_UP_TO`] + 1 read.
    pub fn of(n: usize) -> Self {
        if n > COUNTED_UP_TO {
            Tally::Beyond
        } else {
            Tally::Exactly(n)
        }
    }

    /// The tally of two kinds together: exact when both are (each kind counted up to the limit,
    /// so the sum of four is known up to four times it), beyond when either is.
    pub fn plus(self, other: Tally) -> Self {
        match (self, other) {
            (Tally::Exactly(a), Tally::Exactly(b)) => Tally::Exactly(a + b),
            _ => Tally::Beyond,
        }
    }

    /// As the queue shows it: "7", or "1000+".
    pub fn shown(self) -> String {
        match self {
            Tally::Exactly(n) => n.to_string(),
            Tally::Beyond => format!("{COUNTED_UP_TO}+"),
        }
    }
}

text_code! {
    /// "Waited at least": the ages an agent works by.
    pub enum Waited("waiting time") {
        Day = "1d",
        ThreeDays = "3d",
        Week = "7d",
        Month = "30d",
    }
}

impl Waited {
    pub fn seconds(self) -> i64 {
        let days = match self {
            Waited::Day => 1,
            Waited::ThreeDays => 3,
            Waited::Week => 7,
            Waited::Month => 30,
        };
        days * 86_400
    }
}

/// What an item of the queue asks the creditor for, as its row says it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum QueueAsk {
    /// A plan: this much a month, this much in all.
    Plan { installment: Money, total: Money },
    /// The whole claim disputed.
    DisputeWhole,
    /// Part of the principal disputed.
    DisputeAmount(Money),
    /// A fee line disputed.
    DisputeFee,
    /// A later pay-by date.
    Deferral { pay_by: chrono::NaiveDate },
    /// A person's review of an automatic decision.
    Review,
}

/// A search as typed: composed (NFC), trimmed, each run of spaces one space (a pasted name keeps
/// its double space, the stored one has one), never empty, one line of at most [`MAX_SEARCH_CHARS`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueSearch(String);

impl QueueSearch {
    /// `None` for an empty field: no search.
    pub fn new(text: &str) -> Result<Option<Self>, InputError> {
        if text.chars().any(|c| c.is_control() && c != '\t') {
            return Err(InputError::SearchInvalid);
        }
        // Composed (NFC) as stored names are: a phone may send "ö" as "o" and a combining diaeresis.
        let t = text.nfc().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ");
        if t.is_empty() {
            return Ok(None);
        }
        if t.chars().count() > MAX_SEARCH_CHARS {
            return Err(InputError::SearchInvalid);
        }
        Ok(Some(Self(t)))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The queue's filter, whole and consistent: the lowest principal is never above the highest.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueueFilter {
    kind: Option<ItemKind>,
    search: Option<QueueSearch>,
    waited: Option<Waited>,
    principal_from: Option<Money>,
    principal_to: Option<Money>,
}

/// The queue form's fields as the address gives them; an absent field is empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueueForm<'a> {
    pub kind: &'a str,
    pub search: &'a str,
    pub waited: &'a str,
    pub principal_from: &'a str,
    pub principal_to: &'a str,
}

impl QueueFilter {
    pub fn from_form(f: &QueueForm<'_>) -> Result<Self, InputError> {
        let code = |t: &str| (!t.trim().is_empty()).then(|| t.trim().to_owned());
        let kind = code(f.kind).map(|k| k.parse().map_err(|_| InputError::QueueKindInvalid)).transpose()?;
        let waited = code(f.waited).map(|w| w.parse().map_err(|_| InputError::WaitedInvalid)).transpose()?;
        let (principal_from, principal_to) = (form_amount(f.principal_from)?, form_amount(f.principal_to)?);
        if let (Some(from), Some(to)) = (principal_from, principal_to) {
            if from > to {
                return Err(InputError::AmountRangeInverted);
            }
        }
        Ok(Self { kind, search: QueueSearch::new(f.search)?, waited, principal_from, principal_to })
    }

    pub fn kind(&self) -> Option<ItemKind> {
        self.kind
    }
    pub fn search(&self) -> Option<&QueueSearch> {
        self.search.as_ref()
    }
    pub fn waited(&self) -> Option<Waited> {
        self.waited
    }
    pub fn principal_from(&self) -> Option<Money> {
        self.principal_from
    }
    pub fn principal_to(&self) -> Option<Money> {
        self.principal_to
    }

    /// Anything beyond the kind: the counts then say how many match, not how many wait.
    pub fn narrows(&self) -> bool {
        self.search.is_some() || self.waited.is_some() || self.principal_from.is_some() || self.principal_to.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form<'a>(search: &'a str, waited: &'a str, from: &'a str, to: &'a str) -> QueueForm<'a> {
        QueueForm { kind: "", search, waited, principal_from: from, principal_to: to }
    }

    #[test]
    fn a_decomposed_letter_is_searched_as_the_composed_one() {
        let typed = QueueSearch::new("Sjo\u{308}berg").unwrap().unwrap();
        assert_eq!(typed.as_str(), "Sj\u{f6}berg");
    }

    #[test]
    fn a_tally_counts_up_to_its_limit_and_says_beyond() {
        assert_eq!(Tally::of(0), Tally::Exactly(0));
        assert_eq!(Tally::of(1000), Tally::Exactly(1000));
        assert_eq!(Tally::of(1001), Tally::Beyond);
        assert_eq!(Tally::of(600).plus(Tally::of(401)), Tally::Exactly(1001));
        assert_eq!(Tally::of(0).plus(Tally::Beyond), Tally::Beyond);
        assert_eq!(Tally::Exactly(7).shown(), "7");
        assert_eq!(Tally::Beyond.shown(), "1000+");
    }

    #[test]
    fn an_empty_form_filters_nothing() {
        let f = QueueFilter::from_form(&form("  ", "", "", "")).unwrap();
        assert_eq!(f, QueueFilter::default());
        assert!(!f.narrows());
    }

    #[test]
    fn each_field_is_read_and_checked() {
        let f = QueueFilter::from_form(&QueueForm {
            kind: "dispute",
            search: " Anna Berg ",
            waited: "7d",
            principal_from: "1 000",
            principal_to: "2500,50",
        })
        .unwrap();
        assert_eq!(f.kind(), Some(ItemKind::Dispute));
        assert_eq!(f.search().map(QueueSearch::as_str), Some("Anna Berg"));
        assert_eq!(f.waited().map(Waited::seconds), Some(604_800));
        assert_eq!(f.principal_from(), Some(Money::from_minor(100_000)));
        assert_eq!(f.principal_to(), Some(Money::from_minor(250_050)));
        assert!(f.narrows());
    }

    #[test]
    fn bad_fields_are_refused_with_their_own_code() {
        let long = "x".repeat(MAX_SEARCH_CHARS + 1);
        let cases = [
            (form(&long, "", "", ""), InputError::SearchInvalid),
            (form("a\u{7}b", "", "", ""), InputError::SearchInvalid),
            (form("", "2d", "", ""), InputError::WaitedInvalid),
            (form("", "", "ten", ""), InputError::AmountInvalid),
            (form("", "", "", "-5"), InputError::AmountInvalid),
            (form("", "", "300", "299.99"), InputError::AmountRangeInverted),
        ];
        for (f, code) in cases {
            assert_eq!(QueueFilter::from_form(&f), Err(code), "{f:?}");
        }
        let bad_kind = QueueForm { kind: "letters", ..QueueForm::default() };
        assert_eq!(QueueFilter::from_form(&bad_kind), Err(InputError::QueueKindInvalid));
        assert!(QueueSearch::new(&"å".repeat(MAX_SEARCH_CHARS)).unwrap().is_some(), "characters, not bytes");
        assert!(QueueFilter::from_form(&form("", "", "300", "300")).is_ok(), "from may equal to");
        // Spaces as a paste brings them are one space; a tab is a space, not an error.
        assert_eq!(QueueSearch::new(" eva \t nilsson ").unwrap().unwrap().as_str(), "eva nilsson");
    }
}
