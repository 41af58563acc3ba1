-- Money is BIGINT minor units (öre/øre). Dates are ISO 'YYYY-MM-DD' text, instants are Unix
-- seconds: both read the same through sqlx's Any driver on SQLite and PostgreSQL. Rates are exact
-- decimal text, never floating point. Identifiers that appear in URLs are 128-bit random.

CREATE TABLE creditors (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    org_number TEXT NOT NULL,
    country TEXT NOT NULL CHECK (country IN ('SE', 'NO')),
    currency TEXT NOT NULL CHECK (currency IN ('SEK', 'NOK')),
    bankgiro TEXT,
    account_number TEXT,
    reference_scheme TEXT NOT NULL CHECK (reference_scheme IN ('se-ocr', 'se-ocr-length', 'no-kid-mod10', 'no-kid-mod11')),
    rate_table TEXT NOT NULL,
    max_installments BIGINT NOT NULL CHECK (max_installments BETWEEN 1 AND 120),
    min_installment BIGINT NOT NULL CHECK (min_installment >= 0),
    max_days_to_first_due BIGINT NOT NULL CHECK (max_days_to_first_due >= 0),
    plan_fee BIGINT NOT NULL CHECK (plan_fee >= 0),
    auto_approve_max_installments BIGINT NOT NULL CHECK (auto_approve_max_installments >= 1),
    auto_approve_min_installment BIGINT NOT NULL CHECK (auto_approve_min_installment >= 0),
    max_deferral_days BIGINT NOT NULL CHECK (max_deferral_days >= 0),
    created_at BIGINT NOT NULL,
    CHECK (bankgiro IS NOT NULL OR account_number IS NOT NULL)
);

CREATE TABLE debtors (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    language TEXT NOT NULL CHECK (language IN ('sv', 'nb', 'en')),
    email TEXT,
    phone TEXT,
    address TEXT,
    created_at BIGINT NOT NULL
);

CREATE TABLE claims (
    id TEXT PRIMARY KEY,
    case_number TEXT NOT NULL UNIQUE,
    creditor_id TEXT NOT NULL REFERENCES creditors (id),
    debtor_id TEXT NOT NULL REFERENCES debtors (id),
    concerns TEXT NOT NULL,
    original_invoice TEXT NOT NULL,
    principal BIGINT NOT NULL CHECK (principal >= 0),
    due_date TEXT NOT NULL CHECK (length(due_date) = 10),
    interest_kind TEXT NOT NULL CHECK (interest_kind IN ('statutory', 'fixed', 'none')),
    interest_rate TEXT NOT NULL,
    day_count TEXT NOT NULL CHECK (day_count IN ('act/365', 'act/act')),
    status TEXT NOT NULL CHECK (status IN ('demand_sent', 'plan_proposed', 'plan_active', 'disputed', 'paid', 'closed')),
    reference_base TEXT NOT NULL,
    access_code_hash TEXT NOT NULL,
    demand_sent_on TEXT NOT NULL CHECK (length(demand_sent_on) = 10),
    created_at BIGINT NOT NULL
);
CREATE INDEX claims_debtor ON claims (debtor_id);
CREATE INDEX claims_creditor ON claims (creditor_id);

CREATE TABLE fees (
    id TEXT PRIMARY KEY,
    claim_id TEXT NOT NULL REFERENCES claims (id),
    position BIGINT NOT NULL,
    kind TEXT NOT NULL,
    amount BIGINT NOT NULL CHECK (amount > 0),
    charged_on TEXT NOT NULL CHECK (length(charged_on) = 10),
    UNIQUE (claim_id, position)
);

CREATE TABLE payments (
    id TEXT PRIMARY KEY,
    claim_id TEXT NOT NULL REFERENCES claims (id),
    position BIGINT NOT NULL,
    amount BIGINT NOT NULL CHECK (amount > 0),
    paid_on TEXT NOT NULL CHECK (length(paid_on) = 10),
    reference TEXT,
    UNIQUE (claim_id, position)
);

CREATE TABLE reference_rates (
    rate_table TEXT NOT NULL,
    valid_from TEXT NOT NULL CHECK (length(valid_from) = 10),
    rate TEXT NOT NULL,
    PRIMARY KEY (rate_table, valid_from)
);

CREATE TABLE staff_users (
    id TEXT PRIMARY KEY,
    creditor_id TEXT REFERENCES creditors (id),
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('creditor_staff', 'agency_admin')),
    password_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    subject_kind TEXT NOT NULL CHECK (subject_kind IN ('debtor', 'staff')),
    subject_id TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL
);

CREATE TABLE audit_log (
    id BIGSERIAL PRIMARY KEY,
    at BIGINT NOT NULL,
    actor_kind TEXT NOT NULL,
    actor_id TEXT,
    action TEXT NOT NULL,
    subject TEXT,
    detail TEXT NOT NULL
);

-- Append-only: the database itself refuses to rewrite history.
CREATE FUNCTION audit_log_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_refuse();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse();
