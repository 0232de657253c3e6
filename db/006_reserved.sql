-- claimtrack schema 6: reserved. Number 6 belongs to the framing migration
-- of a sibling branch (issue 17's helpers work side by side); this
-- placeholder keeps the numbers without gaps on this branch and is
-- replaced by that migration when the branches merge.
SELECT 1;
