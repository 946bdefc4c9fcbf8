-- Twin of the sqlite flavour.
-- External users are keyed by their issuer's (iss, sub), never by name: a token naming "admin" must not
-- reach the local admin. Both are null for local users; unique together, so one (iss, sub) has one account.
ALTER TABLE users ADD COLUMN external_issuer TEXT;
ALTER TABLE users ADD COLUMN external_subject TEXT;
CREATE UNIQUE INDEX users_external_identity ON users (external_issuer, external_subject);

-- Raised on every password change, role change and disabling; the gateway's tokens carry the version they
-- were issued at, and a token with an older one is refused.
ALTER TABLE users ADD COLUMN token_version BIGINT NOT NULL DEFAULT 0;
