-- claimtrack schema 19: every statement that writes band keys counts
-- itself in document_bands_writes (a trigger, whoever writes them: ingest,
-- `db maintain`, `db copy`), so that a writer that reads the count where
-- it left it knows that no other writer added keys meanwhile. Such a
-- writer looks for the copies of a new document among the keys it wrote
-- itself, kept in memory, and asks the server only for keys that were
-- there before it began (src/store/store_bands.c).
--
-- Why (bench/README.md, "PostgreSQL: the band keys a writer wrote are
-- looked up in its memory"): one process's ingest asked the server for all
-- 35,000 keys of each batch, and a third of the server's time went to
-- finding, in document_bands_recent, the keys that the same process had
-- written there itself.
--
-- A sequence is not transactional: a count that a rolled-back statement
-- took stays taken, which only makes a writer ask the server again.

CREATE SEQUENCE document_bands_writes;

CREATE FUNCTION document_bands_written() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM nextval('document_bands_writes');
	RETURN NULL;
END
$$;

CREATE TRIGGER document_bands_recent_written AFTER INSERT ON document_bands_recent
	FOR EACH STATEMENT EXECUTE FUNCTION document_bands_written();
CREATE TRIGGER document_bands_written AFTER INSERT ON document_bands
	FOR EACH STATEMENT EXECUTE FUNCTION document_bands_written();
