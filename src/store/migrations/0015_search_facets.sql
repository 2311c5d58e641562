-- 0015: case search with list filters (status, district, category, registration date) without
-- reading case rows: a sixth indexed column `facets` of case_fts holds a case's facet tokens
-- (src/search/facets.h; computed by case_facets(), the same C++ function the store uses when it
-- writes a case), so FTS5 intersects the filter's tokens with the query's words. Open statuses
-- share one token ("open"), so a case is re-indexed only when it closes or reopens, not on every
-- step of its handling; the store tests the exact open status on the cases found.
--
-- The index is rebuilt: the old one has no facets column. It is emptied here and every case is
-- put in the search backlog (0012), which `hotline serve` indexes in the background, newest first;
-- until then q= finds only the cases already re-indexed and the list says how many are waiting.
DROP TABLE case_fts;
DROP VIEW case_search_src;

CREATE VIEW case_search_src AS
SELECT
  id,
  title,
  content,
  case_replies(doc) AS replies,
  IFNULL(json_extract(doc, '$.location.address'), '') AS address,
  number,
  case_facets(status, district_id, category_id, created_at) AS facets
FROM cases;

CREATE VIRTUAL TABLE case_fts USING fts5(
  title, content, replies, address, number, facets,
  content = 'case_search_src', content_rowid = 'id',
  tokenize = 'hotline', detail = full);

DELETE FROM search_backlog;
INSERT INTO search_backlog(from_id, to_id) SELECT MIN(id), MAX(id) FROM cases HAVING COUNT(*) > 0;
