-- claimtrack schema 12: copies of one story (a wire story carried by many
-- outlets) are found when they are stored and linked to the story's first
-- document, so that reports count its claims once.
--
-- Each document's body has a fingerprint (MinHash of shingles of words,
-- include/claimtrack/text.h): its signature, and the keys of its bands in
-- an index where a new document finds the few earlier ones it may copy
-- (those sharing a key) at the same cost among ten or ten million. A copy
-- points at its story's root: the first document of the story ingested
-- (the lowest id), which has copy_of NULL; so a story is
-- coalesce(copy_of, id), and a copy of a copy points at the same root.
--
-- The documents stored before this schema get their fingerprints from
-- their stored texts at the first open by a writing command (copy_fill
-- says which are left; src/store/store_copies.c), in the order they were
-- stored, so they are linked as if ingested now.

CREATE TABLE document_signatures (
	document_id  bigint PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
	n_shingles   bigint NOT NULL CHECK (n_shingles >= 0),   -- 0: no words, copies nothing
	signature    bytea NOT NULL                  -- 128 minimums, 32-bit little-endian
);

-- 42 keys a document (none for one without words). No REFERENCES clause:
-- a cascade would need a second index; `db check` checks it.
CREATE TABLE document_bands (
	key          bigint NOT NULL,
	document_id  bigint NOT NULL,
	PRIMARY KEY (key, document_id)
);

-- The story's root document, or NULL for a root (and for a document
-- without a fingerprint). No REFERENCES clause: `db check` checks it.
ALTER TABLE documents ADD COLUMN copy_of bigint;
CREATE INDEX documents_by_copy_of ON documents(copy_of) WHERE copy_of IS NOT NULL;

-- The stored texts still to fingerprint, by document id: a single row
-- while some are left.
CREATE TABLE copy_fill (
	next_id      bigint NOT NULL,
	last_id      bigint NOT NULL
);
INSERT INTO copy_fill (next_id, last_id)
	SELECT min(document_id), max(document_id) FROM document_texts HAVING count(*) > 0;
