-- Whether cypp computed a figure's intervals from its numerator and denominator (the source
-- gave none), so pages and exports can say so.
ALTER TABLE data_points ADD COLUMN ci_computed BOOLEAN NOT NULL DEFAULT FALSE;
