-- claimtrack schema 5: the report's scan of every claim in speaker order
-- reads only this index (it covers the columns the scan needs), so a report
-- over a million claims needs no lookups into the claims table.
DROP INDEX claims_by_speaker;
CREATE INDEX claims_by_speaker ON claims(speaker_id, proposition, date, stance, hedged,
	statement_date, document_id);
