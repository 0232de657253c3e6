-- claimtrack schema 17, in step with db/017_documents_per_outlet.sql: the
-- same body published by another outlet is another document (issue 21).
-- A document is the same one when its url is, or its body hash and its
-- outlet are (no outlet is the same as no outlet): the UNIQUE of
-- documents.hash gives way to a unique index on (hash, coalesce(outlet_id,
-- 0)). PostgreSQL drops the constraint in place; SQLite rebuilds the table.

ALTER TABLE documents DROP CONSTRAINT documents_hash_key;
CREATE UNIQUE INDEX documents_by_hash ON documents(hash, coalesce(outlet_id, 0));
