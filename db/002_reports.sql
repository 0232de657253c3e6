-- claimtrack schema 2: the reports that were written, so that the next one
-- can say what is new and `nightly` knows where it left off.

CREATE TABLE report_runs (
	id           INTEGER PRIMARY KEY,
	kind         TEXT NOT NULL CHECK (kind IN ('report', 'nightly')),
	generated_at TEXT NOT NULL,                -- UTC, ISO 8601
	since        TEXT,                         -- the period, when one was asked for
	until        TEXT,
	max_claim    INTEGER NOT NULL,             -- highest claim id it covered
	out          TEXT                          -- the folder it wrote
);
CREATE INDEX report_runs_by_kind ON report_runs(kind, id);
