-- How each measure's SPC chart is drawn (NHS Making Data Count defaults when unset).
-- spc_rebase_at is a JSON array of period codes at which the limits start again.
ALTER TABLE measures ADD COLUMN spc_rebase_at TEXT;
ALTER TABLE measures ADD COLUMN spc_fix_after BIGINT;
ALTER TABLE measures ADD COLUMN spc_screen_outliers BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE measures ADD COLUMN spc_run_length BIGINT NOT NULL DEFAULT 7;

-- The 99.8% interval where a source gives it beside the 95% one (Fingertips does).
ALTER TABLE data_points ADD COLUMN ci998_lower DOUBLE PRECISION;
ALTER TABLE data_points ADD COLUMN ci998_upper DOUBLE PRECISION;

-- A file read in the web app and shown for checking, waiting for its confirmation. figures is
-- the JSON of what will be written; nothing reaches data_points until it is confirmed.
CREATE TABLE pending_imports (
    id UUID PRIMARY KEY,
    user_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    measure_id UUID NOT NULL REFERENCES measures (id) ON DELETE CASCADE,
    file_name TEXT NOT NULL,
    figures TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX pending_imports_user ON pending_imports (user_id);
