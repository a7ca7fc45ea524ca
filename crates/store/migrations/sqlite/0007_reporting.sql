-- What a round asks for: the items and actions whose leads are to report, by identity (the id
-- each had in the first revision it appeared in), as a JSON list of {"item": id} and
-- {"action": id}. An empty list: every item and action that has a lead.
ALTER TABLE rounds ADD COLUMN asked TEXT NOT NULL DEFAULT '[]';

-- An update's place in its round (draft, submitted, accepted, returned), the officer's
-- decision ({"by", "at", "comment"}), and every earlier version of it, oldest first, as JSON.
-- Updates from before held only what leads had submitted.
ALTER TABLE updates ADD COLUMN status TEXT NOT NULL DEFAULT 'submitted';
ALTER TABLE updates ADD COLUMN review TEXT;
ALTER TABLE updates ADD COLUMN versions TEXT NOT NULL DEFAULT '[]';

-- The partner organisation a person works for, chosen by their admin.
ALTER TABLE users ADD COLUMN organisation_id BLOB REFERENCES organisations (id) ON DELETE SET NULL;

-- One-time links to set a password: for a person just added, or one who forgot theirs. The
-- link holds a random token; this holds its hash. Used once, then kept as used.
CREATE TABLE password_resets (
    id TEXT PRIMARY KEY,
    user_id BLOB NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT
);
CREATE INDEX password_resets_user ON password_resets (user_id);

-- Each reminder sent: to whom, about which item or action (by identity, "item:{id}"), before
-- or after the due date. The key makes sure nobody is reminded twice about the same thing in
-- the same round, however many servers send.
CREATE TABLE reminders_sent (
    round_id BLOB NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    ask TEXT NOT NULL,
    kind TEXT NOT NULL,
    sent_at TEXT NOT NULL,
    PRIMARY KEY (round_id, email, ask, kind)
);
