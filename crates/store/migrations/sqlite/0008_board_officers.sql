-- The officer of a board: the email of the person who reviews the updates on what the board
-- leads (accepts them, or returns them to their lead with a comment), besides the editors.
ALTER TABLE boards ADD COLUMN officer_email TEXT;
