-- The item or action in the previous revision that a record continues, recorded by the annual
-- refresh so that two revisions can be compared. No foreign key: the origin may be deleted
-- with its revision while the refresh lives on.
ALTER TABLE plan_items ADD COLUMN origin_id BLOB;
ALTER TABLE actions ADD COLUMN origin_id BLOB;
