-- claimtrack schema 9: the claims follow the rules, and reviewers'
-- corrections outlast them.
--
-- Each document records the rule set its claims were made with: the exact
-- version (id, rev, fingerprint) of every proposition it was matched
-- against. `claimtrack rematch` compares that with the rules loaded now
-- and matches again only what changed, one document per transaction, so
-- that an interrupted run continues where it stopped. Documents stored
-- before this schema count as matched with the latest version of every
-- proposition the database had.
--
-- A claim the rules no longer find (its proposition removed, or a new
-- version that does not match its sentence) is not deleted: it moves to
-- retired_claims, with its id, so the record keeps what an older rule
-- found. So does a claim a reviewer rejects.
--
-- A review (`claimtrack review`) is keyed by what survives matching again
-- (the document, the sentence's span and the proposition), not by the
-- claim's id. Its value is written into the claim (claims.reviewed = 1),
-- so that every reader - listings, the record, reports, exports - sees the
-- reviewed value; rematch writes it again over what the rules find.

CREATE TABLE rule_sets (
	id           INTEGER PRIMARY KEY,
	digest       TEXT NOT NULL UNIQUE,         -- sha256 of its propositions' pks, or
	                                           -- 'schema-7' for the documents before
	first_seen   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE TABLE rule_set_propositions (
	rule_set_id    INTEGER NOT NULL REFERENCES rule_sets(id) ON DELETE CASCADE,
	proposition_pk INTEGER NOT NULL REFERENCES propositions(pk),
	PRIMARY KEY (rule_set_id, proposition_pk)
) WITHOUT ROWID;

-- rule_sets(id), or NULL when unknown; `db check` checks it (no REFERENCES
-- clause, so that the column can be dropped again).
ALTER TABLE documents ADD COLUMN rule_set_id INTEGER;
CREATE INDEX documents_by_rule_set ON documents(rule_set_id);

-- The documents stored before: the latest version of each proposition.
INSERT INTO rule_sets (digest) SELECT 'schema-7' WHERE EXISTS (SELECT 1 FROM documents);
INSERT INTO rule_set_propositions (rule_set_id, proposition_pk)
	SELECT r.id, p.pk FROM rule_sets r, propositions p
	WHERE r.digest = 'schema-7' AND p.pk = (SELECT p2.pk FROM propositions p2
		WHERE p2.id = p.id ORDER BY p2.rev DESC, p2.pk DESC LIMIT 1);
UPDATE documents SET rule_set_id = (SELECT id FROM rule_sets WHERE digest = 'schema-7');

-- 1 when a review set one of the claim's values (reviews holds which).
ALTER TABLE claims ADD COLUMN reviewed INTEGER NOT NULL DEFAULT 0 CHECK (reviewed IN (0, 1));

-- The claims' columns, in the same order, then why and when it retired.
CREATE TABLE retired_claims (
	id             INTEGER PRIMARY KEY,        -- the id it had in claims
	document_id    INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
	seq            INTEGER NOT NULL,
	proposition    TEXT NOT NULL,
	proposition_pk INTEGER NOT NULL REFERENCES propositions(pk),
	stance         TEXT NOT NULL,
	hedged         INTEGER NOT NULL,
	negated        INTEGER NOT NULL,
	denied         INTEGER NOT NULL,
	sentence       TEXT NOT NULL,
	sentence_start INTEGER NOT NULL,
	sentence_end   INTEGER NOT NULL,
	match          TEXT NOT NULL,
	match_start    INTEGER NOT NULL,
	match_end      INTEGER NOT NULL,
	negation_cue   TEXT,
	denial_cue     TEXT,
	hedge_cue      TEXT,
	speaker_id     INTEGER REFERENCES speakers(id),
	speaker_kind   TEXT NOT NULL,
	mention        TEXT,
	role           TEXT,
	quote_kind     TEXT,
	cue            TEXT,
	via_outlet_id  INTEGER REFERENCES outlets(id),
	date           TEXT,
	statement_date TEXT,
	rule_file      TEXT NOT NULL,
	rule_line      INTEGER NOT NULL,
	polarity       TEXT NOT NULL,
	pattern        TEXT NOT NULL,
	framing        TEXT,
	reviewed       INTEGER NOT NULL DEFAULT 0,
	retired_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
	reason         TEXT NOT NULL CHECK (reason IN ('removed', 'replaced', 'rejected'))
	                                           -- its proposition left the rules; a new
	                                           -- version no longer finds it; a reviewer
);
CREATE INDEX retired_claims_by_document ON retired_claims(document_id, proposition);

CREATE TABLE reviews (
	id             INTEGER PRIMARY KEY,
	-- The claim reviewed: what stays the same when it is matched again.
	document_id    INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
	proposition    TEXT NOT NULL,
	sentence_start INTEGER NOT NULL,
	sentence_end   INTEGER NOT NULL,
	claim_id       INTEGER NOT NULL,           -- the id it had then (ids of claims
	                                           -- found again by a new rule change)
	field          TEXT NOT NULL CHECK (field IN ('speaker', 'stance', 'hedged', 'verdict')),
	value          TEXT,                       -- a speaker's name; 'supports', 'refutes';
	                                           -- '1', '0'; 'rejected', 'accepted'
	old_value      TEXT,                       -- what the claim said before this review
	machine_value  TEXT,                       -- what the rules say: the value an undo
	machine_kind   TEXT,                       -- restores (and the speaker's kind)
	note           TEXT,
	reviewer       TEXT NOT NULL,
	reviewed_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
	undone_at      TEXT,                       -- `review --undo`: kept, no longer applied
	undone_by      TEXT
);
CREATE INDEX reviews_by_claim ON reviews(document_id, proposition, sentence_start, sentence_end);
