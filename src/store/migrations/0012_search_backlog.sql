-- 0012: cases a bulk load (`hotline seed`) wrote without their search index entries, as id ranges
-- (from_id..to_id, inclusive), recorded in the same transaction as the cases. `hotline serve`
-- indexes them in the background, oldest first, in small write transactions
-- (WriteTx::IndexSearchBacklog), and drops each range once it is done. Until then such a case is
-- not found by q= (the list response says how many cases are still waiting), and UpdateCase leaves
-- the index alone for it (the backlog job indexes its text as it is then).
CREATE TABLE search_backlog (
  from_id INTEGER PRIMARY KEY,
  to_id INTEGER NOT NULL CHECK (to_id >= from_id)
);
