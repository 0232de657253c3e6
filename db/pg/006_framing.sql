-- claimtrack schema 6: a claim's framing, the outlet's own judgement of a
-- speaker's claim in the same sentence ("Kane falsely claimed that ...",
-- "... without evidence"): 'disputed', or NULL when the outlet's words do
-- not judge it (always NULL for the narrator). Claims stored before have
-- NULL until re-matched.
ALTER TABLE claims ADD COLUMN framing text COLLATE "C" CHECK (framing IS NULL OR framing IN ('disputed'));
