-- The easy read: an item's and the plan's own text in easy words (its heading on the first
-- line, one short sentence a line), and the picture an officer chose for an item (a name from
-- cypp's pictures; NULL: chosen from the words). An update's easy words go with its public
-- summary, in updates.public.
ALTER TABLE plan_items ADD COLUMN easy_words TEXT;
ALTER TABLE plan_items ADD COLUMN picture TEXT;
ALTER TABLE plan_revisions ADD COLUMN easy_words TEXT;
