-- The content version a signed-in person has last written (`Tx::commit` returns it). With a read
-- replica (`--database-replica`), that person's pages are read from the replica only once it
-- has replayed at least this version, and from the primary until then, so they see their own
-- change at once on every app server.
ALTER TABLE sessions ADD COLUMN read_floor INTEGER NOT NULL DEFAULT 0;
