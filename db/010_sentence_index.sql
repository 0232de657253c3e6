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
-- SQLite: an FTS5 table without content (content=''), ranked with bm25;
-- the porter stemmer on unicode61 words, so that "regrouping" finds
-- "regrouped". PostgreSQL: a tsvector of to_tsvector('english', ...) with
-- a GIN index (db/pg/010), ranked with ts_rank. The texts stored before
-- this schema are indexed when it is applied (src/store/store_sentences.c,
-- in the migration's transaction).

CREATE VIRTUAL TABLE sentence_index USING fts5(
	text,
	content = '',
	tokenize = 'porter unicode61 remove_diacritics 2'
);
