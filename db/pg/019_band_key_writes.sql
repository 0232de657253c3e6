-- claimtrack schema 19: every statement that writes band keys logs the
-- documents it wrote them for (a trigger, whoever writes them: ingest,
-- `db maintain`, `db copy`), numbered by a sequence. A writer that knows
-- which keys the server held when it began (src/store/store_bands.c)
-- reads, before each batch's look-up for copies, the log's rows it has
-- not read, and holds the keys of their documents in memory, read from
-- their signatures: it then looks for copies among the keys it holds and
-- asks the server only about keys that were there before it began.
--
-- Why (bench/README.md, "A writer's look-up for copies in memory"): one
-- process's ingest asked the server for all 35,000 keys of each batch,
-- and over a quarter of the server's time went to finding, in
-- document_bands_recent, keys that the same process had written itself.
--
-- A sequence number a rolled-back statement took is missing from the log
-- for good; a row is there once its statement's transaction commits.
-- Each row is the documents' ids, 8 bytes each, big-endian, ascending.

CREATE SEQUENCE document_bands_writes;

CREATE TABLE document_bands_log (
	seq   bigint PRIMARY KEY,
	docs  bytea NOT NULL
);
ALTER TABLE document_bands_log ALTER COLUMN docs SET STORAGE EXTERNAL;

CREATE FUNCTION document_bands_logged() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO document_bands_log (seq, docs)
		SELECT nextval('document_bands_writes'),
		       coalesce(string_agg(int8send(d), ''::bytea ORDER BY d), ''::bytea)
		FROM (SELECT DISTINCT document_id AS d FROM written) AS x;
	RETURN NULL;
END
$$;

CREATE TRIGGER document_bands_recent_logged AFTER INSERT ON document_bands_recent
	REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION document_bands_logged();
CREATE TRIGGER document_bands_logged AFTER INSERT ON document_bands
	REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION document_bands_logged();
