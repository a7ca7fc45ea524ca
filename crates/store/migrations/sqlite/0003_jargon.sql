-- A partnership's own list of jargon for the plain-English check (empty: cypp's default list).
CREATE TABLE jargon_words (
    id BLOB PRIMARY KEY,
    partnership_id BLOB NOT NULL REFERENCES partnerships (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    word TEXT NOT NULL,
    instead TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX jargon_words_partnership ON jargon_words (partnership_id);
