-- claimtrack schema 8: reports keep the outlets asserting in their own voice
-- (claims of speaker kind 'narrator') apart from the speakers, so the
-- report's scan reads each claim's speaker kind; the covering index of the
-- scan takes it too, so that the scan still needs no lookups into the
-- claims table.
DROP INDEX claims_by_speaker;
CREATE INDEX claims_by_speaker ON claims(speaker_id, proposition, date, stance, hedged,
	statement_date, document_id, speaker_kind);
