-- 0014: counts for GET /api/v1/stats (the dashboards: cases registered in a period by status, type,
-- channel, category, district, unit, rating and day) that do not grow with the cases in the period.
--
-- case_counts holds, per hour of registration (UTC hours: created_at / 3,600,000, so that any time
-- zone with whole-hour offsets gets exact local days), how many cases have each value of each
-- dimension:
--   dim 1 status, 2 type, 3 channel, 4 category_id, 5 district_id (every case once per dim),
--   6 unit_id (each case_units row: every unit that holds or held the case),
--   7 rating.satisfaction (rated cases only);
-- and for the dimension with many values (hundreds of categories), also per UTC day
-- (created_at / 86,400,000 in `hour`), so that a month reads days, not hours:
--   14 category_id by day.
-- Triggers keep it exact in the transaction of every write to cases and case_units, whoever
-- writes (the engine, bulk seeds, imports); a count may reach 0 and stay as a row.
CREATE TABLE case_counts (
  dim INTEGER NOT NULL,
  hour INTEGER NOT NULL,
  key TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (dim, hour, key)
) WITHOUT ROWID;

-- bulk = 1 while a bulk load (`hotline seed`) writes cases with the triggers idle; the store then
-- recounts every case in one pass (SqliteStore's RecountCases, via WriteTx::SetCaseCountsMode) and
-- sets it back to 0. A store opened with bulk = 1 (a load that died, or this migration: it starts
-- at 1 so that the cases already there are counted by that same recount) recounts at open.
CREATE TABLE case_counts_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  bulk INTEGER NOT NULL
);
INSERT INTO case_counts_state(id, bulk) VALUES (1, 1);

-- A new case: one count in each dimension (its units follow as case_units rows).
CREATE TRIGGER case_counts_insert AFTER INSERT ON cases
WHEN (SELECT bulk FROM case_counts_state) = 0
BEGIN
  INSERT INTO case_counts(dim, hour, key, n) VALUES
    (1, new.created_at / 3600000, new.status, 1),
    (2, new.created_at / 3600000, new.type, 1),
    (3, new.created_at / 3600000, new.channel, 1),
    (4, new.created_at / 3600000, new.category_id, 1),
    (5, new.created_at / 3600000, new.district_id, 1),
    (14, new.created_at / 86400000, new.category_id, 1)
  ON CONFLICT(dim, hour, key) DO UPDATE SET n = n + excluded.n;
END;
-- A case registered with a rating (imports): only then is the document parsed.
CREATE TRIGGER case_counts_insert_rating AFTER INSERT ON cases
WHEN instr(new.doc, '"satisfaction"') AND (SELECT bulk FROM case_counts_state) = 0
BEGIN
  INSERT INTO case_counts(dim, hour, key, n)
    SELECT 7, new.created_at / 3600000, s, 1
    FROM (SELECT json_extract(new.doc, '$.rating.satisfaction') AS s) WHERE s IS NOT NULL
  ON CONFLICT(dim, hour, key) DO UPDATE SET n = n + excluded.n;
END;

-- The common change: only the status moves (every workflow action).
CREATE TRIGGER case_counts_status AFTER UPDATE OF status ON cases
WHEN old.status <> new.status AND old.type = new.type AND old.channel = new.channel
  AND old.category_id = new.category_id AND old.district_id = new.district_id
  AND old.created_at = new.created_at AND (SELECT bulk FROM case_counts_state) = 0
BEGIN
  INSERT INTO case_counts(dim, hour, key, n) VALUES
    (1, old.created_at / 3600000, old.status, -1),
    (1, new.created_at / 3600000, new.status, 1)
  ON CONFLICT(dim, hour, key) DO UPDATE SET n = n + excluded.n;
END;

-- A rating given, changed or cleared (callback, reopen), the rest unchanged.
CREATE TRIGGER case_counts_rating AFTER UPDATE OF doc ON cases
WHEN (instr(old.doc, '"satisfaction"') OR instr(new.doc, '"satisfaction"'))
  AND old.type = new.type AND old.channel = new.channel
  AND old.category_id = new.category_id AND old.district_id = new.district_id
  AND old.created_at = new.created_at
  AND json_extract(old.doc, '$.rating.satisfaction') IS NOT
      json_extract(new.doc, '$.rating.satisfaction')
  AND (SELECT bulk FROM case_counts_state) = 0
BEGIN
  INSERT INTO case_counts(dim, hour, key, n)
    SELECT 7, old.created_at / 3600000, s, -1
    FROM (SELECT json_extract(old.doc, '$.rating.satisfaction') AS s) WHERE s IS NOT NULL
  ON CONFLICT(dim, hour, key) DO UPDATE SET n = n + excluded.n;
  INSERT INTO case_counts(dim, hour, key, n)
    SELECT 7, new.created_at / 3600000, s, 1
    FROM (SELECT json_extract(new.doc, '$.rating.satisfaction') AS s) WHERE s IS NOT NULL
  ON CONFLICT(dim, hour, key) DO UPDATE SET n = n + excluded.n;
END;

-- Anything else that moves a case between counts (reclassified, another district, another
-- registration time): the whole case out of its old counts and into the new ones.
CREATE TRIGGER case_counts_reclassify
AFTER UPDATE OF type, channel, category_id, district_id, created_at ON cases
WHEN NOT (old.type = new.type AND old.channel = new.channel
  AND old.category_id = new.category_id AND old.district_id = new.district_id
  AND old.created_at = new.created_at)
  AND (SELECT bulk FROM case_counts_state) = 0
BEGIN
  INSERT INTO case_counts(dim, hour, key, n) VALUES
    (1, old.created_at / 3600000, old.status, -1),
    (2, old.created_at / 3600000, old.type, -1),
    (3, old.created_at / 3600000, old.channel, -1),
    (4, old.created_at / 3600000, old.category_id, -1),
    (5, old.created_at / 3600000, old.district_id, -1),
    (14, old.created_at / 86400000, old.category_id, -1),
    (1, new.created_at / 3600000, new.status, 1),
    (2, new.created_at / 3600000, new.type, 1),
    (3, new.created_at / 3600000, new.channel, 1),
    (4, new.created_at / 3600000, new.category_id, 1),
    (5, new.created_at / 3600000, new.district_id, 1),
    (14, new.created_at / 86400000, new.category_id, 1)
  ON CONFLICT(dim, hour, key) DO UPDATE SET n = n + excluded.n;
  INSERT INTO case_counts(dim, hour, key, n)
    SELECT 7, old.created_at / 3600000, s, -1
    FROM (SELECT json_extract(old.doc, '$.rating.satisfaction') AS s) WHERE s IS NOT NULL
  ON CONFLICT(dim, hour, key) DO UPDATE SET n = n + excluded.n;
  INSERT INTO case_counts(dim, hour, key, n)
    SELECT 7, new.created_at / 3600000, s, 1
    FROM (SELECT json_extract(new.doc, '$.rating.satisfaction') AS s) WHERE s IS NOT NULL
  ON CONFLICT(dim, hour, key) DO UPDATE SET n = n + excluded.n;
  INSERT INTO case_counts(dim, hour, key, n)
    SELECT 6, old.created_at / 3600000, unit_id, -1 FROM case_units
    WHERE case_id = old.id AND old.created_at <> new.created_at
  ON CONFLICT(dim, hour, key) DO UPDATE SET n = n + excluded.n;
  INSERT INTO case_counts(dim, hour, key, n)
    SELECT 6, new.created_at / 3600000, unit_id, 1 FROM case_units
    WHERE case_id = new.id AND old.created_at <> new.created_at
  ON CONFLICT(dim, hour, key) DO UPDATE SET n = n + excluded.n;
END;

-- A case removed: out of every count, with the units that still hold it (a case_units row removed
-- after its case finds no case and counts nothing: see case_counts_unit_delete).
CREATE TRIGGER case_counts_delete AFTER DELETE ON cases
WHEN (SELECT bulk FROM case_counts_state) = 0
BEGIN
  INSERT INTO case_counts(dim, hour, key, n) VALUES
    (1, old.created_at / 3600000, old.status, -1),
    (2, old.created_at / 3600000, old.type, -1),
    (3, old.created_at / 3600000, old.channel, -1),
    (4, old.created_at / 3600000, old.category_id, -1),
    (5, old.created_at / 3600000, old.district_id, -1),
    (14, old.created_at / 86400000, old.category_id, -1)
  ON CONFLICT(dim, hour, key) DO UPDATE SET n = n + excluded.n;
  INSERT INTO case_counts(dim, hour, key, n)
    SELECT 7, old.created_at / 3600000, s, -1
    FROM (SELECT json_extract(old.doc, '$.rating.satisfaction') AS s) WHERE s IS NOT NULL
  ON CONFLICT(dim, hour, key) DO UPDATE SET n = n + excluded.n;
  INSERT INTO case_counts(dim, hour, key, n)
    SELECT 6, old.created_at / 3600000, unit_id, -1 FROM case_units WHERE case_id = old.id
  ON CONFLICT(dim, hour, key) DO UPDATE SET n = n + excluded.n;
END;

-- Units: a unit takes (or no longer holds) a case. Counted at the case's hour of registration.
CREATE TRIGGER case_counts_unit_insert AFTER INSERT ON case_units
WHEN (SELECT bulk FROM case_counts_state) = 0
BEGIN
  INSERT INTO case_counts(dim, hour, key, n)
    SELECT 6, created_at / 3600000, new.unit_id, 1 FROM cases WHERE id = new.case_id
  ON CONFLICT(dim, hour, key) DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER case_counts_unit_delete AFTER DELETE ON case_units
WHEN (SELECT bulk FROM case_counts_state) = 0
BEGIN
  INSERT INTO case_counts(dim, hour, key, n)
    SELECT 6, created_at / 3600000, old.unit_id, -1 FROM cases WHERE id = old.case_id
  ON CONFLICT(dim, hour, key) DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER case_counts_unit_move AFTER UPDATE OF unit_id, case_id ON case_units
WHEN (old.unit_id <> new.unit_id OR old.case_id <> new.case_id) AND (SELECT bulk FROM case_counts_state) = 0
BEGIN
  INSERT INTO case_counts(dim, hour, key, n)
    SELECT 6, created_at / 3600000, old.unit_id, -1 FROM cases WHERE id = old.case_id
  ON CONFLICT(dim, hour, key) DO UPDATE SET n = n + excluded.n;
  INSERT INTO case_counts(dim, hour, key, n)
    SELECT 6, created_at / 3600000, new.unit_id, 1 FROM cases WHERE id = new.case_id
  ON CONFLICT(dim, hour, key) DO UPDATE SET n = n + excluded.n;
END;

-- The SLA counts (open assignments: ok / warning / overdue, and overdue by unit) read only the
-- open assignments, from this index alone (`active` is in it so that SQLite need not read the row
-- to check it), never the closed ones.
CREATE INDEX case_units_open ON case_units (active, due_at, warn_at) WHERE active = 1;
