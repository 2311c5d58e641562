-- 0002: full-text search over cases (src/search, tokenizer "hotline").
--
-- case_search_src is the ONE definition of the text a case is found by: title, content, the
-- replies (the lead unit's reply, the reply the citizen was told when it differs, co-handling
-- units' replies), the address and the case number. case_fts indexes it as an external-content
-- FTS5 table: the index only, no second copy of the text (the text stays in `cases`). The store
-- keeps it current in the same transaction as every case write (sqlite_store.cc: the old row is
-- removed with the 'delete' command using the same view, before the case row changes).
-- detail=full: the queries are phrases (query.h), which need positions. case_replies(doc) is a
-- function of the store (sqlite/db.cc, registered on every connection like the tokenizer): FTS5
-- reads its content without virtual tables, so json_each cannot be used here.
CREATE VIEW case_search_src AS
SELECT
  id,
  title,
  content,
  case_replies(doc) AS replies,
  IFNULL(json_extract(doc, '$.location.address'), '') AS address,
  number
FROM cases;

CREATE VIRTUAL TABLE case_fts USING fts5(
  title, content, replies, address, number,
  content = 'case_search_src', content_rowid = 'id',
  tokenize = 'hotline', detail = full);

-- Existing data directories: index every case now.
INSERT INTO case_fts(case_fts) VALUES ('rebuild');

-- Phone fragments, for the roles that see citizens' phone numbers (agents, callback staff): the
-- keyed hash (PiiCipher, under the data directory's key; never the digits) of every run of 4 or
-- more consecutive digits of a phone number, mapped to the keyed hash of the whole number
-- (cases.phone_hash). One set per distinct number, not per case. `frag` is the first 60 bits of
-- the fragment's keyed hash.
CREATE TABLE phone_fragments (
  frag INTEGER NOT NULL,
  phone_hash TEXT NOT NULL,
  PRIMARY KEY (frag, phone_hash)
) WITHOUT ROWID;

-- One-off jobs the store finishes at start-up because SQL cannot do them (the key is not in the
-- database): 'phone_fragments' fills phone_fragments from the sealed phone numbers of existing
-- cases.
CREATE TABLE search_backfill (name TEXT PRIMARY KEY, done INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO search_backfill(name, done) VALUES ('phone_fragments', 0);
