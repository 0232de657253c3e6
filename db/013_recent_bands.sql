-- claimtrack schema 13: the band keys of recently stored documents are
-- written to a small table of their own, which the look-up for copies
-- reads as well, and merged into document_bands in key order by
-- `claimtrack db maintain` and at the end of `nightly`.
--
-- Why (bench/README.md, "ingest into 1,000,000 fingerprinted documents"):
-- each new document's 42 keys land at random places of document_bands, so
-- in a database of a million documents (42 million keys, a 1.2 GB index)
-- a batch of 1,024 documents rewrote some 43,000 of its pages and ingest
-- ran 2.3 times slower than into an empty one. Keys written here stay in
-- a few hot pages; a merge writes each page of the big index once for all
-- the keys it takes in.
--
-- Nothing to move: an existing database's keys are all in document_bands.

CREATE TABLE document_bands_recent (
	key          INTEGER NOT NULL,
	document_id  INTEGER NOT NULL,
	PRIMARY KEY (key, document_id)
) WITHOUT ROWID;
