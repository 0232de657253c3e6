-- claimtrack schema 3: claims by proposition, stance and the date a claim
-- is dated by (its statement date when the text gives one, else its
-- document's publication date).
--
-- What `check` asks for each claim it finds (the record: the newest claims
-- that agree and that contradict, and how many there are on each side)
-- becomes a short walk down this index instead of a scan and sort of every
-- claim on the proposition: on 1,000,000 stored claims, milliseconds
-- instead of seconds. Queries use the same expression to be served by it.
CREATE INDEX claims_by_stance ON claims(proposition, stance, coalesce(statement_date, date));
