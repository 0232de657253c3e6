-- claimtrack schema 4: what was fetched from each URL. A re-run sends the
-- validators back (If-None-Match, If-Modified-Since) and skips what has
-- not changed (304); a URL whose document is stored is not fetched again.

CREATE TABLE fetches (
	url           TEXT PRIMARY KEY,            -- as requested: an argument, a sources line, a feed's item
	final_url     TEXT,                        -- where redirects ended
	etag          TEXT,                        -- validators of the last answer that was used whole
	last_modified TEXT,
	status        INTEGER NOT NULL DEFAULT 0,  -- the last HTTP status; 0 when there was no answer
	error         TEXT,                        -- why the last fetch failed; NULL when it worked
	document_id   INTEGER REFERENCES documents(id) ON DELETE SET NULL,   -- stored from it
	fetched_at    TEXT NOT NULL                -- the last attempt, UTC, ISO 8601
);
CREATE INDEX fetches_by_document ON fetches(document_id) WHERE document_id IS NOT NULL;
