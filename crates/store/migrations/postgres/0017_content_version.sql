-- What the site shows has changed: one counter, raised by every write transaction as it
-- commits (`Tx::commit`), in the same transaction as the change. Each app server keeps the pages
-- it rendered for anonymous visitors under the counter it read before rendering them, and reads
-- the counter again on each request, so a page kept on any server is never older than the last
-- committed change.
CREATE TABLE content_version (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO content_version (id, version) VALUES (1, 0);
