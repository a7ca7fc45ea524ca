-- A plan document read in the web app, waiting for the admin who uploaded it to check, correct
-- and confirm it: the source lines, where each went, and the draft plan (JSON). Nothing is in
-- the plan tables until it is confirmed; an unconfirmed one is forgotten after a day.
CREATE TABLE pending_plans (
    id UUID PRIMARY KEY,
    user_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    file_name TEXT NOT NULL,
    review TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX pending_plans_user ON pending_plans (user_id);
