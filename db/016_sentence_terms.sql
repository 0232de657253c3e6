-- claimtrack schema 16: the sentence index (db/010) holds claimtrack's own
-- terms of each sentence, so that `similar` ranks alike on both backends.
--
-- Before, SQLite's FTS5 split and stemmed the sentences (porter
-- unicode61) and ranked them with bm25, PostgreSQL's 'english'
-- configuration did (Snowball) and ranked with ts_rank: the same query
-- gave another order below the first few sentences (130 of the 134
-- paraphrases of tests/similar). Now claimtrack splits a sentence into
-- words, drops stop words, stems (Porter) and keeps each term once
-- (src/store/store_sentences.c); the index only finds the sentences that
-- have a term, and claimtrack ranks them itself with one BM25
-- (src/store/store_similar.c) from what both backends count alike: which
-- sentences have each term, the number of a sentence's terms, and the
-- count of indexed sentences and terms kept here (the average length).
--
-- SQLite: FTS5 without content, its 'ascii' tokenizer, which splits the
-- stored terms at the spaces and changes none of them; the index's own
-- bm25 is no longer used. The index is emptied and every stored text
-- queued (db/011): the next reader (`similar`, `rules coverage`,
-- `nightly`, `ingest --index`) indexes them again.

DROP TABLE sentence_index;
CREATE VIRTUAL TABLE sentence_index USING fts5(
	terms,
	content = '',
	tokenize = 'ascii'
);

CREATE TABLE sentence_index_stats (
	sentences  INTEGER NOT NULL,    -- sentences in the index
	terms      INTEGER NOT NULL     -- their terms, each counted once a sentence
);
INSERT INTO sentence_index_stats (sentences, terms) VALUES (0, 0);

DELETE FROM sentence_index_pending;
INSERT INTO sentence_index_pending (document_id) SELECT document_id FROM document_texts;
