-- "You said, we did": what children and young people asked for (entries of young_people_asked
-- of the action's item or an item above it, in their words) that an action answers, as a JSON
-- list of strings.
ALTER TABLE actions ADD COLUMN answers JSONB NOT NULL DEFAULT '[]';
