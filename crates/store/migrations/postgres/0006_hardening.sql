-- The revision a measure was added in, so that a measure added to a refresh still in draft is
-- kept out of the public edition. NULL: the plan has had it from its first revision.
ALTER TABLE measures ADD COLUMN since_revision BIGINT;

-- Every attempt to sign in, kept for the audit of who tried and for throttling: the state is in
-- the database so that several app servers count the same attempts.
CREATE TABLE sign_in_attempts (
    id UUID PRIMARY KEY,
    at TIMESTAMPTZ NOT NULL,
    email TEXT NOT NULL,
    address TEXT NOT NULL,
    succeeded BOOLEAN NOT NULL
);
CREATE INDEX sign_in_attempts_email ON sign_in_attempts (email, at);
CREATE INDEX sign_in_attempts_address ON sign_in_attempts (address, at);

-- A visitor who has not signed in yet: the sign-in form's CSRF token is bound to one of these,
-- made by the server, so a visitor cannot bring a cookie and token pair of their own choosing.
-- The browser holds the token; this holds its hash.
CREATE TABLE pre_sessions (
    id TEXT PRIMARY KEY,
    csrf_token TEXT NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX pre_sessions_expiry ON pre_sessions (expires_at);

-- One row, written by the health check while writes are failing, to find out whether the
-- database can be written again.
CREATE TABLE health_checks (
    id BIGINT PRIMARY KEY,
    checked_at TIMESTAMPTZ NOT NULL
);
