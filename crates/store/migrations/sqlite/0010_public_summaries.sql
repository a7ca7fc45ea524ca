-- What the public site says of an accepted update, where an admin has put it there: the
-- summary, who put it there and when, as JSON ({"text", "by", "at"}). NULL: not public.
ALTER TABLE updates ADD COLUMN public TEXT;
