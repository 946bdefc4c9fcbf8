-- Knowledge collections (also served as OpenAI vector stores) and the files added to them. The vectors
-- themselves live in the vector store (files under <data-dir>/vectors, or pgvector). Times are epoch milliseconds.
CREATE TABLE knowledge_collections (
    id              TEXT    NOT NULL PRIMARY KEY,
    owner_id        TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name            TEXT    NOT NULL,
    description     TEXT,
    shared          INTEGER NOT NULL DEFAULT 0,
    embedding_model TEXT    NOT NULL,
    metadata        TEXT,
    created_at      INTEGER NOT NULL,
    last_active_at  INTEGER
);
-- Names address collections (the rag tool): unique among a user's own, and among the shared ones.
CREATE UNIQUE INDEX knowledge_collections_own_name ON knowledge_collections (owner_id, name) WHERE shared = 0;
CREATE UNIQUE INDEX knowledge_collections_shared_name ON knowledge_collections (name) WHERE shared = 1;

CREATE TABLE knowledge_files (
    collection_id TEXT    NOT NULL REFERENCES knowledge_collections (id) ON DELETE CASCADE,
    file_id       TEXT    NOT NULL,
    filename      TEXT    NOT NULL,
    added_by      TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    status        TEXT    NOT NULL CHECK (status IN ('in_progress', 'completed', 'failed', 'cancelled')),
    usage_bytes   INTEGER NOT NULL DEFAULT 0,
    chunks        INTEGER NOT NULL DEFAULT 0,
    chunk_size    INTEGER NOT NULL,
    attributes    TEXT,
    error_code    TEXT,
    error_message TEXT,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    PRIMARY KEY (collection_id, file_id)
);
CREATE INDEX knowledge_files_status ON knowledge_files (status);
