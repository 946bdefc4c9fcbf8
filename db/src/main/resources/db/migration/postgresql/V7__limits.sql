-- Operator limits (issue 14): limits set through the admin API on API keys and users, and the shared
-- Bucket4j buckets that make rate limits hold across gateway instances on one database.
CREATE TABLE rate_limits (
    scope               TEXT    NOT NULL CHECK (scope IN ('key', 'user')),
    subject             TEXT    NOT NULL,
    requests_per_minute BIGINT,
    tokens_per_minute   BIGINT,
    token_budget        BIGINT,
    budget_period       TEXT    CHECK (budget_period IN ('day', 'month')),
    updated_at          BIGINT  NOT NULL,
    PRIMARY KEY (scope, subject)
);

-- Bucket4j's PostgreSQL proxy manager (select for update): one row per bucket, its state serialized.
CREATE TABLE limit_buckets (
    id         TEXT   NOT NULL PRIMARY KEY,
    state      BYTEA,
    expires_at BIGINT
);

-- Budgets sum a period's usage per key and per model (per user already has usage_records_user).
CREATE INDEX usage_records_key ON usage_records (api_key_id, created_at);
CREATE INDEX usage_records_model ON usage_records (model, created_at);
