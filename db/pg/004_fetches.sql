-- claimtrack schema 4: what was fetched from each URL. A re-run sends the
-- validators back (If-None-Match, If-Modified-Since) and skips what has
-- not changed (304); a URL whose document is stored is not fetched again.

CREATE TABLE fetches (
	url           text COLLATE "C" PRIMARY KEY,            -- as requested: an argument, a sources line, a feed's item
	final_url     text COLLATE "C",                        -- where redirects ended
	etag          text COLLATE "C",                        -- validators of the last answer that was used whole
	last_modified text COLLATE "C",
	status        bigint NOT NULL DEFAULT 0,  -- the last HTTP status; 0 when there was no answer
	error         text COLLATE "C",                        -- why the last fetch failed; NULL when it worked
	document_id   bigint REFERENCES documents(id) ON DELETE SET NULL,   -- stored from it
	fetched_at    text COLLATE "C" NOT NULL                -- the last attempt, UTC, ISO 8601
);
CREATE INDEX fetches_by_document ON fetches(document_id) WHERE document_id IS NOT NULL;
