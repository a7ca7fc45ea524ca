-- What the officer writes for a round's committee progress report around the leads' updates
-- (the heading table, summary, recommendations, finance, risks, implications, background
-- papers, contact), with who saved it when and every earlier save, as JSON. NULL: not written.
ALTER TABLE rounds ADD COLUMN report JSONB;
