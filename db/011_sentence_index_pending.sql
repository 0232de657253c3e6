-- claimtrack schema 11: the sentence index (db/010) brought up to date
-- when it is read, not at ingest.
--
-- Indexing every sentence with its text cost ingest 46-69 % more
-- instructions (bench/README.md, "Similar sentences"). A stored text now
-- only queues its document here (the trigger below, in the text's own
-- transaction); `similar`, `rules coverage`, `db reindex` and the end of
-- `nightly` index the queued texts first, a chunk of them a transaction
-- (src/store/store_sentences.c), or `ingest --index` does at once.
--
-- A queue rather than a high-water mark of document ids: a text may be
-- stored later for a document stored before (ct_store_fill_text()), and
-- on PostgreSQL ids from a sequence commit out of order, so "every id
-- above the mark" would miss texts. A queued id is indexed by whoever
-- deletes it from the queue, in the transaction that indexes it: on SQLite
-- the write transaction serialises two catching up; on PostgreSQL each
-- takes its chunk with FOR UPDATE SKIP LOCKED. FTS5's contentless table
-- cannot tell a sentence indexed twice, so nothing else may index a
-- queued text. Applied to a database whose index is empty (upgraded from
-- before schema 10, which no longer indexes at once), the texts stored
-- before are queued (ct_store_migrated()).

CREATE TABLE sentence_index_pending (
	document_id  INTEGER PRIMARY KEY REFERENCES document_texts(document_id) ON DELETE CASCADE
);

CREATE TRIGGER sentence_index_queue AFTER INSERT ON document_texts
BEGIN
	INSERT OR IGNORE INTO sentence_index_pending (document_id) VALUES (NEW.document_id);
END;
