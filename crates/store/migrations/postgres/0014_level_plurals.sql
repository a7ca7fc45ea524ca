-- What several of each level of the plan are called ("Priority areas"), beside what one is
-- called (level_names), in the same order. Empty for a revision saved before plurals were kept.
ALTER TABLE plan_revisions ADD COLUMN level_plurals JSONB NOT NULL DEFAULT '[]'::jsonb;
