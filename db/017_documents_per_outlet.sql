-- claimtrack schema 17: the same body published by another outlet is
-- another document (issue 21). documents.hash was UNIQUE, so a wire story
-- carried by three outlets word for word was stored once, the two other
-- copies reported "already ingested" and their outlets lost ("carried by
-- 1 outlet"). A document is now the same one when its url is, or its body
-- hash and its outlet are (no outlet is the same as no outlet): a unique
-- index on (hash, coalesce(outlet_id, 0)) in place of the column's UNIQUE.
--
-- SQLite cannot drop a column's UNIQUE in place: documents is rebuilt by
-- the documented procedure (a new table, the rows copied with their ids,
-- the old one dropped, the new one renamed, its indexes made again), as
-- db/015 did for claims and speakers. Many tables refer to documents, by
-- name, so this runs with foreign keys off and checks them before it
-- commits (src/store/store.c); no trigger or view refers to documents.
-- The columns are those of schema 16 (001, then rule_set_id from 009 and
-- copy_of from 012), in the same order, with the same checks.

CREATE TABLE documents_16 (
	id           INTEGER PRIMARY KEY,
	url          TEXT UNIQUE,                  -- NULL when unknown
	hash         TEXT NOT NULL,                -- FNV-1a 64 of the body, hex
	title        TEXT,
	outlet_id    INTEGER REFERENCES outlets(id),
	date         TEXT CHECK (date IS NULL OR date GLOB
	                 '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
	author       TEXT,
	lang         TEXT,
	source       TEXT,                         -- path, '-' or URL it was read from
	body_len     INTEGER NOT NULL CHECK (body_len >= 0),
	n_sentences  INTEGER NOT NULL CHECK (n_sentences >= 0),
	n_claims     INTEGER NOT NULL CHECK (n_claims >= 0),  -- claims written with it
	n_replaced   INTEGER NOT NULL DEFAULT 0,   -- invalid UTF-8 bytes replaced
	n_nul        INTEGER NOT NULL DEFAULT 0,   -- NUL bytes dropped
	version      TEXT NOT NULL,                -- claimtrack version that stored it
	ingested_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
	rule_set_id  INTEGER,                      -- 009
	copy_of      INTEGER                       -- 012
);

INSERT INTO documents_16 (id, url, hash, title, outlet_id, date, author, lang, source,
	body_len, n_sentences, n_claims, n_replaced, n_nul, version, ingested_at,
	rule_set_id, copy_of)
SELECT id, url, hash, title, outlet_id, date, author, lang, source,
	body_len, n_sentences, n_claims, n_replaced, n_nul, version, ingested_at,
	rule_set_id, copy_of
FROM documents ORDER BY id;

DROP TABLE documents;
ALTER TABLE documents_16 RENAME TO documents;

-- The indexes of schema 16 (001, 009 and 012), as they were.
CREATE INDEX documents_by_outlet ON documents(outlet_id, date);
CREATE INDEX documents_by_date ON documents(date);
CREATE INDEX documents_by_rule_set ON documents(rule_set_id);
CREATE INDEX documents_by_copy_of ON documents(copy_of) WHERE copy_of IS NOT NULL;
-- One document per body and outlet; the look for a duplicate uses it.
CREATE UNIQUE INDEX documents_by_hash ON documents(hash, coalesce(outlet_id, 0));
