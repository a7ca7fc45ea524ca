-- Where a figure stands among other areas' for the same period, from files of every area
-- (LAIT, Explore Education Statistics, Fingertips): among every English local authority, with
-- the quartiles that cut the bands, and among the area and its statistical neighbours. Kept
-- as counts above and below, so which way is better is applied when read.
ALTER TABLE data_points ADD COLUMN england_of INTEGER;
ALTER TABLE data_points ADD COLUMN england_higher INTEGER;
ALTER TABLE data_points ADD COLUMN england_lower INTEGER;
ALTER TABLE data_points ADD COLUMN quartile_lower REAL;
ALTER TABLE data_points ADD COLUMN quartile_median REAL;
ALTER TABLE data_points ADD COLUMN quartile_upper REAL;
ALTER TABLE data_points ADD COLUMN neighbours_of INTEGER;
ALTER TABLE data_points ADD COLUMN neighbours_higher INTEGER;
ALTER TABLE data_points ADD COLUMN neighbours_lower INTEGER;
