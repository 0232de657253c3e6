-- claimtrack schema 1: documents, outlets, speakers, propositions, claims.
--
-- Applied by src/store.c inside one transaction, which then sets
-- PRAGMA user_version = 1. A later change is a new file, 002_….sql; this one
-- is never edited once released.
--
-- Conventions: dates are TEXT 'YYYY-MM-DD' (or NULL when unknown); times
-- are TEXT ISO 8601 UTC; booleans are 0/1; byte offsets index the
-- document's body (its text after the header lines, repaired to UTF-8).

-- 'ClTk': marks the file as a claimtrack database.
PRAGMA application_id = 1131174987;

CREATE TABLE outlets (
	id           INTEGER PRIMARY KEY,
	name         TEXT NOT NULL UNIQUE COLLATE NOCASE,
	from_rules   INTEGER NOT NULL DEFAULT 0 CHECK (from_rules IN (0, 1))
);

-- Other names of an outlet, from the `outlet` blocks of the rules.
CREATE TABLE outlet_aliases (
	alias        TEXT PRIMARY KEY COLLATE NOCASE,
	outlet_id    INTEGER NOT NULL REFERENCES outlets(id) ON DELETE CASCADE
);
CREATE INDEX outlet_aliases_by_outlet ON outlet_aliases(outlet_id);

CREATE TABLE documents (
	id           INTEGER PRIMARY KEY,
	url          TEXT UNIQUE,                  -- NULL when unknown
	hash         TEXT NOT NULL UNIQUE,         -- FNV-1a 64 of the body, hex
	title        TEXT,
	outlet_id    INTEGER REFERENCES outlets(id),
	date         TEXT CHECK (date IS NULL OR date GLOB
	                 '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
	author       TEXT,
	lang         TEXT,
	source       TEXT,                         -- path, '-' or URL it was read from
	body_len     INTEGER NOT NULL CHECK (body_len >= 0),
	n_sentences  INTEGER NOT NULL CHECK (n_sentences >= 0),
	n_claims     INTEGER NOT NULL CHECK (n_claims >= 0),  -- claims written with it
	n_replaced   INTEGER NOT NULL DEFAULT 0,   -- invalid UTF-8 bytes replaced
	n_nul        INTEGER NOT NULL DEFAULT 0,   -- NUL bytes dropped
	version      TEXT NOT NULL,                -- claimtrack version that stored it
	ingested_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX documents_by_outlet ON documents(outlet_id, date);
CREATE INDEX documents_by_date ON documents(date);

CREATE TABLE speakers (
	id           INTEGER PRIMARY KEY,
	name         TEXT NOT NULL UNIQUE COLLATE NOCASE,   -- canonical name
	kind         TEXT NOT NULL CHECK (kind IN
	                 ('narrator', 'person', 'organization', 'group')),
	role         TEXT,                         -- from a `speaker` block
	org          TEXT,                         -- from a `speaker` block
	from_rules   INTEGER NOT NULL DEFAULT 0 CHECK (from_rules IN (0, 1))
);

-- Other names of a speaker, from the `speaker` blocks of the rules: a claim
-- whose speaker is an alias is stored under the canonical speaker.
CREATE TABLE speaker_aliases (
	alias        TEXT PRIMARY KEY COLLATE NOCASE,
	speaker_id   INTEGER NOT NULL REFERENCES speakers(id) ON DELETE CASCADE
);
CREATE INDEX speaker_aliases_by_speaker ON speaker_aliases(speaker_id);

-- One row per version of a proposition: a new rev or a change to its
-- patterns (fingerprint) is a new row, so every claim names the exact rule
-- set that found it.
CREATE TABLE propositions (
	pk           INTEGER PRIMARY KEY,
	id           TEXT NOT NULL,                -- 'af.terrorist-presence'
	rev          INTEGER NOT NULL,
	fingerprint  TEXT NOT NULL,
	title        TEXT NOT NULL,
	tags         TEXT NOT NULL DEFAULT '',
	file         TEXT,
	line         INTEGER,
	first_seen   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
	UNIQUE (id, rev, fingerprint)
);

CREATE TABLE claims (
	id             INTEGER PRIMARY KEY,
	document_id    INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
	seq            INTEGER NOT NULL,           -- order within the document
	proposition    TEXT NOT NULL,              -- propositions.id, for the indexes
	proposition_pk INTEGER NOT NULL REFERENCES propositions(pk),
	stance         TEXT NOT NULL CHECK (stance IN ('supports', 'refutes')),
	hedged         INTEGER NOT NULL CHECK (hedged IN (0, 1)),
	negated        INTEGER NOT NULL CHECK (negated IN (0, 1)),
	denied         INTEGER NOT NULL CHECK (denied IN (0, 1)),
	sentence       TEXT NOT NULL,              -- body[sentence_start, sentence_end)
	sentence_start INTEGER NOT NULL,
	sentence_end   INTEGER NOT NULL,
	match          TEXT NOT NULL,              -- body[match_start, match_end)
	match_start    INTEGER NOT NULL,
	match_end      INTEGER NOT NULL,
	negation_cue   TEXT,                       -- the cue as written, when set
	denial_cue     TEXT,
	hedge_cue      TEXT,
	speaker_id     INTEGER REFERENCES speakers(id),   -- NULL: unknown
	speaker_kind   TEXT NOT NULL CHECK (speaker_kind IN
	                   ('narrator', 'person', 'organization', 'group')),
	mention        TEXT,                       -- the speaker as written
	role           TEXT,                       -- as given in this document
	quote_kind     TEXT,                       -- 'direct', 'indirect', 'according_to'
	cue            TEXT,                       -- 'said', 'according to', …
	via_outlet_id  INTEGER REFERENCES outlets(id),
	date           TEXT,                       -- the document's publication date
	statement_date TEXT,                       -- when the text dates the statement
	rule_file      TEXT NOT NULL,
	rule_line      INTEGER NOT NULL,
	polarity       TEXT NOT NULL CHECK (polarity IN ('supports', 'refutes')),
	pattern        TEXT NOT NULL,
	UNIQUE (document_id, seq)
);
-- Report queries: per proposition over time, per speaker, per relaying outlet.
CREATE INDEX claims_by_proposition ON claims(proposition, date);
CREATE INDEX claims_by_speaker ON claims(speaker_id, proposition, date);
CREATE INDEX claims_by_via ON claims(via_outlet_id) WHERE via_outlet_id IS NOT NULL;
CREATE INDEX claims_by_proposition_pk ON claims(proposition_pk);
