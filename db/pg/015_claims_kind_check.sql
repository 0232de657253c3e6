-- claimtrack schema 15, in step with db/015_claims_kind_check.sql: there
-- SQLite's claims and speakers tables are rebuilt so that a speaker's kind
-- is checked by comparisons rather than an IN list, which SQLite checked
-- by building a temporary b-tree for every claim and speaker inserted.
-- PostgreSQL checks an IN list as an array comparison, with nothing built
-- per row: its tables stay as they are, and this number only keeps the
-- two schemas' versions the same.
SELECT 1;
