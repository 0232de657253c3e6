-- claimtrack schema 10: every stored sentence in a full-text index, for
-- `claimtrack similar` (sentences ranked by their likeness to one) and
-- `rules coverage` (what the patterns miss).
--
-- Every sentence of every stored text, not only the claims' sentences:
-- the sentences no rule matched are what a rule author looks for. A
-- sentence's key is its document's id times 2^32 plus its start offset in
-- the body (bodies are below 2^32 bytes: 30 MB at most), so that the
-- index holds no copy of the text: `similar` reads each sentence found
-- from its document's stored text, and whether a rule matched it from
-- claims (claims.sentence_start).
--
-- SQLite: an FTS5 table without content (db/010). PostgreSQL: the
-- sentence's to_tsvector('english', ...) with a GIN index, ranked with
-- ts_rank. 'english', not 'simple': it stems as SQLite's porter tokenizer
-- does ("regrouping" finds "regrouped"), and it drops stop words, which
-- ts_rank (no inverse document frequency, unlike bm25) would otherwise
-- weigh as much as "Taliban". The texts stored before this schema are
-- indexed when it is applied (src/store/store_sentences.c, in the
-- migration's transaction). pg_schema.py lets the two differ here alone.

CREATE TABLE sentence_index (
	id   bigint PRIMARY KEY,                   -- document_id * 2^32 + start
	tsv  tsvector NOT NULL
);
CREATE INDEX sentence_index_tsv ON sentence_index USING gin (tsv);
