-- claimtrack schema 16: the sentence index (db/pg/010) holds claimtrack's
-- own terms of each sentence, so that `similar` ranks alike on both
-- backends. See db/016_sentence_terms.sql: the tsvector is now made of
-- the terms claimtrack computed (array_to_tsvector, no positions), not of
-- to_tsvector('english', ...), and claimtrack ranks the sentences found
-- itself (no ts_rank). The index is emptied and every stored text queued
-- (db/pg/011), to be indexed again by the next reader.

DELETE FROM sentence_index;

CREATE TABLE sentence_index_stats (
	sentences  bigint NOT NULL,     -- sentences in the index
	terms      bigint NOT NULL      -- their terms, each counted once a sentence
);
INSERT INTO sentence_index_stats (sentences, terms) VALUES (0, 0);

INSERT INTO sentence_index_pending (document_id) SELECT document_id FROM document_texts
	ON CONFLICT DO NOTHING;
