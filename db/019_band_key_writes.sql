-- claimtrack schema 19: on PostgreSQL every statement that writes band
-- keys logs the documents it wrote them for, so that a writer finds the
-- keys other writers wrote since it last looked, and looks for copies
-- among keys it holds in memory instead of asking the server for each
-- (db/pg/019_band_key_writes.sql, src/store/store_bands.c). SQLite has one
-- writer at a time and PRAGMA data_version: the table stays empty here,
-- so that the schemas stay one.

CREATE TABLE document_bands_log (
	seq   INTEGER PRIMARY KEY,
	docs  BLOB NOT NULL
);
