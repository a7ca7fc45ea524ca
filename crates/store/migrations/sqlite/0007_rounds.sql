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
