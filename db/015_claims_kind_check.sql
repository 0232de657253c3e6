-- claimtrack schema 15: a speaker's kind checked by comparisons, not by an
-- IN list, in claims.speaker_kind and speakers.kind. SQLite checks
-- `x IN (a, b, c, d)` (more than two values) by building a temporary
-- b-tree of the list each time the statement runs, and the insert of a
-- claim runs once per claim, that of a speaker once per new speaker: that
-- b-tree was about 45% of SQLite's instructions for a claim row
-- (bench/README.md, "The writer"). The same four values are allowed,
-- compared the same way (BINARY); nothing else changes.
--
-- SQLite cannot change a CHECK in place: each table is rebuilt (the
-- documented procedure: a new table, the rows copied with their ids, the
-- old one dropped, the new one renamed, its indexes made again). No table,
-- trigger or view refers to claims; speakers is referred to by claims,
-- retired_claims and speaker_aliases, by name, so this runs with foreign
-- keys off and checks them before it commits (src/store/store.c). The
-- columns are those of schema 14 (claims: 001, then framing from 006 and
-- reviewed from 009), in the same order.

CREATE TABLE claims_13 (
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
	-- Comparisons: an IN list of more than two values costs a b-tree a row.
	speaker_kind   TEXT NOT NULL CHECK (speaker_kind = 'narrator' OR speaker_kind = 'person' OR
	                   speaker_kind = 'organization' OR speaker_kind = 'group'),
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
	framing        TEXT CHECK (framing IS NULL OR framing IN ('disputed')),   -- 006
	reviewed       INTEGER NOT NULL DEFAULT 0 CHECK (reviewed IN (0, 1)),    -- 009
	UNIQUE (document_id, seq)
);

INSERT INTO claims_13 (id, document_id, seq, proposition, proposition_pk, stance, hedged,
	negated, denied, sentence, sentence_start, sentence_end, match, match_start, match_end,
	negation_cue, denial_cue, hedge_cue, speaker_id, speaker_kind, mention, role, quote_kind,
	cue, via_outlet_id, date, statement_date, rule_file, rule_line, polarity, pattern,
	framing, reviewed)
SELECT id, document_id, seq, proposition, proposition_pk, stance, hedged,
	negated, denied, sentence, sentence_start, sentence_end, match, match_start, match_end,
	negation_cue, denial_cue, hedge_cue, speaker_id, speaker_kind, mention, role, quote_kind,
	cue, via_outlet_id, date, statement_date, rule_file, rule_line, polarity, pattern,
	framing, reviewed
FROM claims ORDER BY id;

DROP TABLE claims;
ALTER TABLE claims_13 RENAME TO claims;

-- The indexes of schema 14 (001, 003, 005 and 008), as they were.
CREATE INDEX claims_by_proposition ON claims(proposition, date);
CREATE INDEX claims_by_via ON claims(via_outlet_id) WHERE via_outlet_id IS NOT NULL;
CREATE INDEX claims_by_proposition_pk ON claims(proposition_pk);
CREATE INDEX claims_by_stance ON claims(proposition, stance, coalesce(statement_date, date));
CREATE INDEX claims_by_speaker ON claims(speaker_id, proposition, date, stance, hedged,
	statement_date, document_id, speaker_kind);

CREATE TABLE speakers_13 (
	id           INTEGER PRIMARY KEY,
	name         TEXT NOT NULL UNIQUE COLLATE NOCASE,   -- canonical name
	kind         TEXT NOT NULL CHECK (kind = 'narrator' OR kind = 'person' OR
	                 kind = 'organization' OR kind = 'group'),
	role         TEXT,                         -- from a `speaker` block
	org          TEXT,                         -- from a `speaker` block
	from_rules   INTEGER NOT NULL DEFAULT 0 CHECK (from_rules IN (0, 1))
);
INSERT INTO speakers_13 (id, name, kind, role, org, from_rules)
SELECT id, name, kind, role, org, from_rules FROM speakers ORDER BY id;
DROP TABLE speakers;
ALTER TABLE speakers_13 RENAME TO speakers;
