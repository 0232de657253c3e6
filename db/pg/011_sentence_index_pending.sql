-- claimtrack schema 11: the sentence index (db/pg/010) brought up to date
-- when it is read, not at ingest. See db/011_sentence_index_pending.sql:
-- a stored text queues its document; whoever deletes a queued id indexes
-- its text in the same transaction (FOR UPDATE SKIP LOCKED, so that two
-- catching up at once take different texts).

CREATE TABLE sentence_index_pending (
	document_id  bigint PRIMARY KEY REFERENCES document_texts(document_id) ON DELETE CASCADE
);

CREATE FUNCTION sentence_index_queue() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO sentence_index_pending (document_id) VALUES (NEW.document_id)
		ON CONFLICT DO NOTHING;
	RETURN NULL;
END
$$;

CREATE TRIGGER sentence_index_queue AFTER INSERT ON document_texts
	FOR EACH ROW EXECUTE FUNCTION sentence_index_queue();
