-- Operator limits (issue 14): limits set through the admin API on API keys and users. One SQLite file means
-- one instance, so its buckets live in memory; limit_buckets exists only in the PostgreSQL flavour.
CREATE TABLE rate_limits (
    scope               TEXT    NOT NULL CHECK (scope IN ('key', 'user')),
    subject             TEXT    NOT NULL,
    requests_per_minute INTEGER,
    tokens_per_minute   INTEGER,
    token_budget        INTEGER,
    budget_period       TEXT    CHECK (budget_period IN ('day', 'month')),
    updated_at          INTEGER NOT NULL,
    PRIMARY KEY (scope, subject)
);

-- Budgets sum a period's usage per key and per model (per user already has usage_records_user).
CREATE INDEX usage_records_key ON usage_records (api_key_id, created_at);
CREATE INDEX usage_records_model ON usage_records (model, created_at);
