-- claimtrack schema 18: on SQLite, a new document's band keys are not
-- written as 42 rows of document_bands_recent each: the writer keeps them
-- in memory, where the next documents' look-ups for copies find them, and
-- notes the document here; every 8,192 documents, and when the store is
-- closed, it writes the keys of those noted into document_bands_recent in
-- key order and forgets them here (src/store/store_bands.c). The keys are
-- those of the document's signature (ct_fingerprint_bands()): a writer
-- that starts while documents are noted (one stopped by a crash, or
-- another process writing meanwhile) reads them from the signatures.
--
-- Why (bench/README.md, "Band keys kept in memory"): each document's 42
-- keys fell on up to 42 pages of document_bands_recent, a b-tree of 900,000
-- rows after 100 MB of bench text, and each batch wrote all those pages
-- again; those inserts were the largest single cost of ingest.
--
-- PostgreSQL, with several writers at once, writes the keys as before;
-- the table is there so that the schemas stay one, and `db copy` writes
-- the keys of the documents noted in it.

CREATE TABLE document_bands_pending (
	document_id  INTEGER PRIMARY KEY REFERENCES document_signatures(document_id) ON DELETE CASCADE
);
