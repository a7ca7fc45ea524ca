-- A partnership's own list of jargon for the plain-English check (empty: cypp's default list).
CREATE TABLE jargon_words (
    id UUID PRIMARY KEY,
    partnership_id UUID NOT NULL REFERENCES partnerships (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    word TEXT NOT NULL,
    instead TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX jargon_words_partnership ON jargon_words (partnership_id);
