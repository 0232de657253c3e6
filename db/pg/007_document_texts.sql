-- claimtrack schema 7: the text of every document, so that the archive can
-- be read in context (`claimtrack show`) and matched again when the rules
-- change, with what ingest read besides the documents row.
--
-- One row per document stored since this schema; documents stored before
-- have none (the text was never kept) until the next ingest of the same
-- source, which stores it. A table of its own, not columns of documents:
-- the report's and the listings' scans of documents stay as small as
-- before.

CREATE TABLE document_texts (
	document_id  bigint PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
	codec        text COLLATE "C" NOT NULL CHECK (codec IN ('zstd')),
	body         bytea NOT NULL,                -- the body, compressed: the bytes
	                                           -- every offset of its claims indexes
	body_len     bigint NOT NULL CHECK (body_len >= 0),   -- decompressed
	outlet       text COLLATE "C",                         -- the outlet as the document gave it,
	                                           -- before the rules made it canonical
	canonical    text COLLATE "C",                         -- a page's canonical link not trusted
	                                           -- as its url (see README, HTML pages)
	stored_at    text COLLATE "C" NOT NULL DEFAULT (to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
);
