-- A partnership's own heading profile: what its officers taught the plan importer on the
-- review page ("headings like 'Strategic objective 1: …' are items"), kept for its next plan.
-- The rules are the profile file's JSON (cypp_plan_reader::profile::Rules).
CREATE TABLE partnership_profiles (
    partnership_id UUID PRIMARY KEY REFERENCES partnerships (id) ON DELETE CASCADE,
    rules TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    updated_at TIMESTAMPTZ NOT NULL
);
