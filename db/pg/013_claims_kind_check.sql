-- claimtrack schema 13, in step with db/013_claims_kind_check.sql: there
-- SQLite's claims table is rebuilt so that speaker_kind is checked by
-- comparisons rather than an IN list, which SQLite checked by building a
-- temporary b-tree for every claim inserted. PostgreSQL checks an IN list
-- as an array comparison, with nothing built per row: its table stays as
-- it is, and this number only keeps the two schemas' versions the same.
SELECT 1;
