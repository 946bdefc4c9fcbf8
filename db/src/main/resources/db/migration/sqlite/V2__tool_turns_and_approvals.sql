-- The tool loop's state at a pending approval, the approvals themselves, and every tool invocation.
CREATE TABLE tool_turns (
    id         TEXT    NOT NULL PRIMARY KEY,
    user_id    TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    session_id TEXT,
    status     TEXT    NOT NULL CHECK (status IN ('waiting', 'running', 'done', 'failed')),
    state      TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX tool_turns_user ON tool_turns (user_id, status);

CREATE TABLE approvals (
    id               TEXT    NOT NULL PRIMARY KEY,
    turn_id          TEXT    NOT NULL REFERENCES tool_turns (id) ON DELETE CASCADE,
    user_id          TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    session_id       TEXT,
    tool             TEXT    NOT NULL,
    tool_call_id     TEXT    NOT NULL,
    arguments        TEXT    NOT NULL,
    arguments_sha256 TEXT    NOT NULL,
    status           TEXT    NOT NULL CHECK (status IN ('pending', 'approved', 'denied', 'expired')),
    reason           TEXT,
    decided_by       TEXT,
    decided_at       INTEGER,
    expires_at       INTEGER NOT NULL,
    created_at       INTEGER NOT NULL
);
CREATE INDEX approvals_user_status ON approvals (user_id, status);

CREATE TABLE tool_invocations (
    id               INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    turn_id          TEXT,
    user_id          TEXT    NOT NULL,
    session_id       TEXT,
    tool             TEXT    NOT NULL,
    tool_call_id     TEXT    NOT NULL,
    arguments_sha256 TEXT    NOT NULL,
    outcome          TEXT    NOT NULL,
    result_chars     INTEGER NOT NULL,
    duration_ms      INTEGER NOT NULL,
    created_at       INTEGER NOT NULL
);
CREATE INDEX tool_invocations_user ON tool_invocations (user_id, created_at);
