-- A partnership's own heading profile: what its officers taught the plan importer on the
-- review page ("headings like 'Strategic objective 1: …' are items"), kept for its next plan.
-- The rules are the profile file's JSON (cypp_plan_reader::profile::Rules).
CREATE TABLE partnership_profiles (
    partnership_id BLOB PRIMARY KEY REFERENCES partnerships (id) ON DELETE CASCADE,
    rules TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL
);
