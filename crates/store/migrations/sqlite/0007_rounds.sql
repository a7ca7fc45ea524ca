-- What a round asks for: the items and actions whose leads are to report, by identity (the id
-- each had in the first revision it appeared in), as a JSON list of {"item": id} and
-- {"action": id}. An empty list: every item and action that has a lead.
ALTER TABLE rounds ADD COLUMN asked TEXT NOT NULL DEFAULT '[]';
