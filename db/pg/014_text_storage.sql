-- claimtrack schema 14: the stored texts are compressed already (zstd,
-- db/007): PostgreSQL should not try to compress them again.
--
-- A bytea column's storage is EXTENDED by default: a value over about
-- 2 kB is first compressed (pglz), which on zstd's output only costs the
-- attempt, then moved out of line. EXTERNAL moves it out of line as it
-- is. Rows stored before keep the form they were stored in; both read
-- the same.

ALTER TABLE document_texts ALTER COLUMN body SET STORAGE EXTERNAL;
