-- Where a figure stands among other areas' for the same period, from files of every area
-- (LAIT, Explore Education Statistics, Fingertips): among every English local authority, with
-- the quartiles that cut the bands, and among the area and its statistical neighbours. Kept
-- as counts above and below, so which way is better is applied when read.
ALTER TABLE data_points ADD COLUMN england_of BIGINT;
ALTER TABLE data_points ADD COLUMN england_higher BIGINT;
ALTER TABLE data_points ADD COLUMN england_lower BIGINT;
ALTER TABLE data_points ADD COLUMN quartile_lower DOUBLE PRECISION;
ALTER TABLE data_points ADD COLUMN quartile_median DOUBLE PRECISION;
ALTER TABLE data_points ADD COLUMN quartile_upper DOUBLE PRECISION;
ALTER TABLE data_points ADD COLUMN neighbours_of BIGINT;
ALTER TABLE data_points ADD COLUMN neighbours_higher BIGINT;
ALTER TABLE data_points ADD COLUMN neighbours_lower BIGINT;
