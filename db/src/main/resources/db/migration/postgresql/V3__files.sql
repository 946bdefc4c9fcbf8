-- Files of users: uploads and tool artifacts (twin of the sqlite flavour). The bytes live on disk under
-- <data-dir>/files/<user_id>/<id>/<stored_name>; this table is what makes them reachable.
-- Times are epoch milliseconds.
CREATE TABLE files (
    id          TEXT   NOT NULL PRIMARY KEY,
    user_id     TEXT   NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    filename    TEXT   NOT NULL,
    stored_name TEXT   NOT NULL,
    purpose     TEXT   NOT NULL,
    media_type  TEXT   NOT NULL,
    bytes       BIGINT NOT NULL,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT
);
CREATE INDEX files_user_created ON files (user_id, created_at, id);
CREATE INDEX files_expires ON files (expires_at);
