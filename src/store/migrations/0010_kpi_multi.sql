-- 0010: multi-dimension KPI rollup shapes (issue 6; docs/kpis.md "How the counters are kept").
--
-- kpi_day_multi / kpi_month_multi hold, for every combination of two, three or four of the five
-- rollup dimensions (unit, district, category, channel, type), the counters summed over the other
-- dimensions: one row per (shape, period, values). `shape` is the bit mask of the dimensions kept
-- (unit 1, district 2, category 4, channel 8, type 16); v1..v4 are their values in the fixed order
-- channel, type, district, unit, category (the dimensions the shape keeps, in that order; unused
-- ones 0). A query that combines dimensions reads the shape of exactly its dimensions, seeking on
-- every value it filters or groups by, instead of the full cube. Kept by the same code as
-- kpi_day/kpi_month: through kpi_pending (below) for case events, directly by `hotline kpi
-- rebuild` and by the bulk RollupBatch of `hotline seed`.

CREATE TABLE kpi_day_multi (
  shape INTEGER NOT NULL,
  day INTEGER NOT NULL,
  v1 INTEGER NOT NULL,
  v2 INTEGER NOT NULL,
  v3 INTEGER NOT NULL,
  v4 INTEGER NOT NULL,
  received INTEGER NOT NULL DEFAULT 0,
  excluded INTEGER NOT NULL DEFAULT 0,
  answered INTEGER NOT NULL DEFAULT 0,
  repeated INTEGER NOT NULL DEFAULT 0,
  dispatched INTEGER NOT NULL DEFAULT 0,
  signed INTEGER NOT NULL DEFAULT 0,
  signed_on_time INTEGER NOT NULL DEFAULT 0,
  replied INTEGER NOT NULL DEFAULT 0,
  replied_on_time INTEGER NOT NULL DEFAULT 0,
  contacted_on_time INTEGER NOT NULL DEFAULT 0,
  returned INTEGER NOT NULL DEFAULT 0,
  redone INTEGER NOT NULL DEFAULT 0,
  rated INTEGER NOT NULL DEFAULT 0,
  satisfied INTEGER NOT NULL DEFAULT 0,
  basically_satisfied INTEGER NOT NULL DEFAULT 0,
  resolved INTEGER NOT NULL DEFAULT 0,
  closed INTEGER NOT NULL DEFAULT 0,
  handle_seconds INTEGER NOT NULL DEFAULT 0,
  overdue INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (shape, day, v1, v2, v3, v4)
) WITHOUT ROWID;

CREATE TABLE kpi_month_multi (
  shape INTEGER NOT NULL,
  month INTEGER NOT NULL,
  v1 INTEGER NOT NULL,
  v2 INTEGER NOT NULL,
  v3 INTEGER NOT NULL,
  v4 INTEGER NOT NULL,
  received INTEGER NOT NULL DEFAULT 0,
  excluded INTEGER NOT NULL DEFAULT 0,
  answered INTEGER NOT NULL DEFAULT 0,
  repeated INTEGER NOT NULL DEFAULT 0,
  dispatched INTEGER NOT NULL DEFAULT 0,
  signed INTEGER NOT NULL DEFAULT 0,
  signed_on_time INTEGER NOT NULL DEFAULT 0,
  replied INTEGER NOT NULL DEFAULT 0,
  replied_on_time INTEGER NOT NULL DEFAULT 0,
  contacted_on_time INTEGER NOT NULL DEFAULT 0,
  returned INTEGER NOT NULL DEFAULT 0,
  redone INTEGER NOT NULL DEFAULT 0,
  rated INTEGER NOT NULL DEFAULT 0,
  satisfied INTEGER NOT NULL DEFAULT 0,
  basically_satisfied INTEGER NOT NULL DEFAULT 0,
  resolved INTEGER NOT NULL DEFAULT 0,
  closed INTEGER NOT NULL DEFAULT 0,
  handle_seconds INTEGER NOT NULL DEFAULT 0,
  overdue INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (shape, month, v1, v2, v3, v4)
) WITHOUT ROWID;


-- The per-event write path's queue: each case event's deltas land here (one cheap append in the
-- event's own transaction) and the store's writer folds them into every shape above in batches,
-- deleting what it folded in the same transaction, so nothing is counted twice or lost (a crash
-- leaves them here, folded after the restart). Queries add the rows still queued, so the figures
-- are always current. Usually holds at most a second's worth of events.
CREATE TABLE kpi_pending (
  id INTEGER PRIMARY KEY,
  day INTEGER NOT NULL,
  unit INTEGER NOT NULL,
  district INTEGER NOT NULL,
  category INTEGER NOT NULL,
  channel INTEGER NOT NULL,
  type INTEGER NOT NULL,
  received INTEGER NOT NULL DEFAULT 0,
  excluded INTEGER NOT NULL DEFAULT 0,
  answered INTEGER NOT NULL DEFAULT 0,
  repeated INTEGER NOT NULL DEFAULT 0,
  dispatched INTEGER NOT NULL DEFAULT 0,
  signed INTEGER NOT NULL DEFAULT 0,
  signed_on_time INTEGER NOT NULL DEFAULT 0,
  replied INTEGER NOT NULL DEFAULT 0,
  replied_on_time INTEGER NOT NULL DEFAULT 0,
  contacted_on_time INTEGER NOT NULL DEFAULT 0,
  returned INTEGER NOT NULL DEFAULT 0,
  redone INTEGER NOT NULL DEFAULT 0,
  rated INTEGER NOT NULL DEFAULT 0,
  satisfied INTEGER NOT NULL DEFAULT 0,
  basically_satisfied INTEGER NOT NULL DEFAULT 0,
  resolved INTEGER NOT NULL DEFAULT 0,
  closed INTEGER NOT NULL DEFAULT 0,
  handle_seconds INTEGER NOT NULL DEFAULT 0,
  overdue INTEGER NOT NULL DEFAULT 0
);

-- Existing rollups: every shape is a sum of the full cube (same deltas), so it is filled from it.
INSERT INTO kpi_day_multi(shape, day, v1, v2, v3, v4, received, excluded, answered, repeated, dispatched, signed, signed_on_time, replied, replied_on_time, contacted_on_time, returned, redone, rated, satisfied, basically_satisfied, resolved, closed, handle_seconds, overdue)
  SELECT 3, day, district, unit, 0, 0, SUM(received), SUM(excluded), SUM(answered), SUM(repeated), SUM(dispatched), SUM(signed), SUM(signed_on_time), SUM(replied), SUM(replied_on_time), SUM(contacted_on_time), SUM(returned), SUM(redone), SUM(rated), SUM(satisfied), SUM(basically_satisfied), SUM(resolved), SUM(closed), SUM(handle_seconds), SUM(overdue)
  FROM kpi_day GROUP BY day, district, unit;
INSERT INTO kpi_day_multi(shape, day, v1, v2, v3, v4, received, excluded, answered, repeated, dispatched, signed, signed_on_time, replied, replied_on_time, contacted_on_time, returned, redone, rated, satisfied, basically_satisfied, resolved, closed, handle_seconds, overdue)
  SELECT 5, day, unit, category, 0, 0, SUM(received), SUM(excluded), SUM(answered), SUM(repeated), SUM(dispatched), SUM(signed), SUM(signed_on_time), SUM(replied), SUM(replied_on_time), SUM(contacted_on_time), SUM(returned), SUM(redone), SUM(rated), SUM(satisfied), SUM(basically_satisfied), SUM(resolved), SUM(closed), SUM(handle_seconds), SUM(overdue)
  FROM kpi_day GROUP BY day, unit, category;
INSERT INTO kpi_day_multi(shape, day, v1, v2, v3, v4, received, excluded, answered, repeated, dispatched, signed, signed_on_time, replied, replied_on_time, contacted_on_time, returned, redone, rated, satisfied, basically_satisfied, resolved, closed, handle_seconds, overdue)
  SELECT 9, day, channel, unit, 0, 0, SUM(received), SUM(excluded), SUM(answered), SUM(repeated), SUM(dispatched), SUM(signed), SUM(signed_on_time), SUM(replied), SUM(replied_on_time), SUM(contacted_on_time), SUM(returned), SUM(redone), SUM(rated), SUM(satisfied), SUM(basically_satisfied), SUM(resolved), SUM(closed), SUM(handle_seconds), SUM(overdue)
  FROM kpi_day GROUP BY day, channel, unit;
INSERT INTO kpi_day_multi(shape, day, v1, v2, v3, v4, received, excluded, answered, repeated, dispatched, signed, signed_on_time, replied, replied_on_time, contacted_on_time, returned, redone, rated, satisfied, basically_satisfied, resolved, closed, handle_seconds, overdue)
  SELECT 17, day, type, unit, 0, 0, SUM(received), SUM(excluded), SUM(answered), SUM(repeated), SUM(dispatched), SUM(signed), SUM(signed_on_time), SUM(replied), SUM(replied_on_time), SUM(contacted_on_time), SUM(returned), SUM(redone), SUM(rated), SUM(satisfied), SUM(basically_satisfied), SUM(resolved), SUM(closed), SUM(handle_seconds), SUM(overdue)
  FROM kpi_day GROUP BY day, type, unit;
INSERT INTO kpi_day_multi(shape, day, v1, v2, v3, v4, received, excluded, answered, repeated, dispatched, signed, signed_on_time, replied, replied_on_time, contacted_on_time, returned, redone, rated, satisfied, basically_satisfied, resolved, closed, handle_seconds, overdue)
  SELECT 6, day, district, category, 0, 0, SUM(received), SUM(excluded), SUM(answered), SUM(repeated), SUM(dispatched), SUM(signed), SUM(signed_on_time), SUM(replied), SUM(replied_on_time), SUM(contacted_on_time), SUM(returned), SUM(redone), SUM(rated), SUM(satisfied), SUM(basically_satisfied), SUM(resolved), SUM(closed), SUM(handle_seconds), SUM(overdue)
  FROM kpi_day GROUP BY day, district, category;
INSERT INTO kpi_day_multi(shape, day, v1, v2, v3, v4, received, excluded, answered, repeated, dispatched, signed, signed_on_time, replied, replied_on_time, contacted_on_time, returned, redone, rated, satisfied, basically_satisfied, resolved, closed, handle_seconds, overdue)
  SELECT 10, day, channel, district, 0, 0, SUM(received), SUM(excluded), SUM(answered), SUM(repeated), SUM(dispatched), SUM(signed), SUM(signed_on_time), SUM(replied), SUM(replied_on_time), SUM(contacted_on_time), SUM(returned), SUM(redone), SUM(rated), SUM(satisfied), SUM(basically_satisfied), SUM(resolved), SUM(closed), SUM(handle_seconds), SUM(overdue)
  FROM kpi_day GROUP BY day, channel, district;
INSERT INTO kpi_day_multi(shape, day, v1, v2, v3, v4, received, excluded, answered, repeated, dispatched, signed, signed_on_time, replied, replied_on_time, contacted_on_time, returned, redone, rated, satisfied, basically_satisfied, resolved, closed, handle_seconds, overdue)
  SELECT 18, day, type, district, 0, 0, SUM(received), SUM(excluded), SUM(answered), SUM(repeated), SUM(dispatched), SUM(signed), SUM(signed_on_time), SUM(replied), SUM(replied_on_time), SUM(contacted_on_time), SUM(returned), SUM(redone), SUM(rated), SUM(satisfied), SUM(basically_satisfied), SUM(resolved), SUM(closed), SUM(handle_seconds), SUM(overdue)
  FROM kpi_day GROUP BY day, type, district;
INSERT INTO kpi_day_multi(shape, day, v1, v2, v3, v4, received, excluded, answered, repeated, dispatched, signed, signed_on_time, replied, replied_on_time, contacted_on_time, returned, redone, rated, satisfied, basically_satisfied, resolved, closed, handle_seconds, overdue)
  SELECT 12, day, channel, category, 0, 0, SUM(received), SUM(excluded), SUM(answered), SUM(repeated), SUM(dispatched), SUM(signed), SUM(signed_on_time), SUM(replied), SUM(replied_on_time), SUM(contacted_on_time), SUM(returned), SUM(redone), SUM(rated), SUM(satisfied), SUM(basically_satisfied), SUM(resolved), SUM(closed), SUM(handle_seconds), SUM(overdue)
  FROM kpi_day GROUP BY day, channel, category;
INSERT INTO kpi_day_multi(shape, day, v1, v2, v3, v4, received, excluded, answered, repeated, dispatched, signed, signed_on_time, replied, replied_on_time, contacted_on_time, returned, redone, rated, satisfied, basically_satisfied, resolved, closed, handle_seconds, overdue)
  SELECT 20, day, type, category, 0, 0, SUM(received), SUM(excluded), SUM(answered), SUM(repeated), SUM(dispatched), SUM(signed), SUM(signed_on_time), SUM(replied), SUM(replied_on_time), SUM(contacted_on_time), SUM(returned), SUM(redone), SUM(rated), SUM(satisfied), SUM(basically_satisfied), SUM(resolved), SUM(closed), SUM(handle_seconds), SUM(overdue)
  FROM kpi_day GROUP BY day, type, category;
INSERT INTO kpi_day_multi(shape, day, v1, v2, v3, v4, received, excluded, answered, repeated, dispatched, signed, signed_on_time, replied, replied_on_time, contacted_on_time, returned, redone, rated, satisfied, basically_satisfied, resolved, closed, handle_seconds, overdue)
  SELECT 24, day, channel, type, 0, 0, SUM(received), SUM(excluded), SUM(answered), SUM(repeated), SUM(dispatched), SUM(signed), SUM(signed_on_time), SUM(replied), SUM(replied_on_time), SUM(contacted_on_time), SUM(returned), SUM(redone), SUM(rated), SUM(satisfied), SUM(basically_satisfied), SUM(resolved), SUM(closed), SUM(handle_seconds), SUM(overdue)
  FROM kpi_day GROUP BY day, channel, type;
INSERT INTO kpi_day_multi(shape, day, v1, v2, v3, v4, received, excluded, answered, repeated, dispatched, signed, signed_on_time, replied, replied_on_time, contacted_on_time, returned, redone, rated, satisfied, basically_satisfied, resolved, closed, handle_seconds, overdue)
  SELECT 7, day, district, unit, category, 0, SUM(received), SUM(excluded), SUM(answered), SUM(repeated), SUM(dispatched), SUM(signed), SUM(signed_on_time), SUM(replied), SUM(replied_on_time), SUM(contacted_on_time), SUM(returned), SUM(redone), SUM(rated), SUM(satisfied), SUM(basically_satisfied), SUM(resolved), SUM(closed), SUM(handle_seconds), SUM(overdue)
  FROM kpi_day GROUP BY day, district, unit, category;
INSERT INTO kpi_day_multi(shape, day, v1, v2, v3, v4, received, excluded, answered, repeated, dispatched, signed, signed_on_time, replied, replied_on_time, contacted_on_time, returned, redone, rated, satisfied, basically_satisfied, resolved, closed, handle_seconds, overdue)
  SELECT 11, day, channel, district, unit, 0, SUM(received), SUM(excluded), SUM(answered), SUM(repeated), SUM(dispatched), SUM(signed), SUM(signed_on_time), SUM(replied), SUM(replied_on_time), SUM(contacted_on_time), SUM(returned), SUM(redone), SUM(rated), SUM(satisfied), SUM(basically_satisfied), SUM(resolved), SUM(closed), SUM(handle_seconds), SUM(overdue)
  FROM kpi_day GROUP BY day, channel, district, unit;
INSERT INTO kpi_day_multi(shape, day, v1, v2, v3, v4, received, excluded, answered, repeated, dispatched, signed, signed_on_time, replied, replied_on_time, contacted_on_time, returned, redone, rated, satisfied, basically_satisfied, resolved, closed, handle_seconds, overdue)
  SELECT 19, day, type, district, unit, 0, SUM(received), SUM(excluded), SUM(answered), SUM(repeated), SUM(dispatched), SUM(signed), SUM(signed_on_time), SUM(replied), SUM(replied_on_time), SUM(contacted_on_time), SUM(returned), SUM(redone), SUM(rated), SUM(satisfied), SUM(basically_satisfied), SUM(resolved), SUM(closed), SUM(handle_seconds), SUM(overdue)
  FROM kpi_day GROUP BY day, type, district, unit;
INSERT INTO kpi_day_multi(shape, day, v1, v2, v3, v4, received, excluded, answered, repeated, dispatched, signed, signed_on_time, replied, replied_on_time, contacted_on_time, returned, redone, rated, satisfied, basically_satisfied, resolved, closed, handle_seconds, overdue)
  SELECT 13, day, channel, unit, category, 0, SUM(received), SUM(excluded), SUM(answered), SUM(repeated), SUM(dispatched), SUM(signed), SUM(signed_on_time), SUM(replied), SUM(replied_on_time), SUM(contacted_on_time), SUM(returned), SUM(redone), SUM(rated), SUM(satisfied), SUM(basically_satisfied), SUM(resolved), SUM(closed), SUM(handle_seconds), SUM(overdue)
  FROM kpi_day GROUP BY day, channel, unit, category;
INSERT INTO kpi_day_multi(shape, day, v1, v2, v3, v4, received, excluded, answered, repeated, dispatched, signed, signed_on_time, replied, replied_on_time, contacted_on_time, returned, redone, rated, satisfied, basically_satisfied, resolved, closed, handle_seconds, overdue)
  SELECT 21, day, type, unit, category, 0, SUM(received), SUM(excluded), SUM(answered), SUM(repeated), SUM(dispatched), SUM(signed), SUM(signed_on_time), SUM(replied), SUM(replied_on_time), SUM(contacted_on_time), SUM(returned), SUM(redone), SUM(rated), SUM(satisfied), SUM(basically_satisfied), SUM(resolved), SUM(closed), SUM(handle_seconds), SUM(overdue)
  FROM kpi_day GROUP BY day, type, unit, category;
INSERT INTO kpi_day_multi(shape, day, v1, v2, v3, v4, received, excluded, answered, repeated, dispatched, signed, signed_on_time, replied, replied_on_time, contacted_on_time, returned, redone, rated, satisfied, basically_satisfied, resolved, closed, handle_seconds, overdue)
  SELECT 25, day, channel, type, unit, 0, SUM(received), SUM(excluded), SUM(answered), SUM(repeated), SUM(dispatched), SUM(signed), SUM(signed_on_time), SUM(replied), SUM(replied_on_time), SUM(contacted_on_time), SUM(returned), SUM(redone), SUM(rated), SUM(satisfied), SUM(basically_satisfied), SUM(resolved), SUM(closed), SUM(handle_seconds), SUM(overdue)
  FROM kpi_day GROUP BY day, channel, type, unit;
INSERT INTO kpi_day_multi(shape, day, v1, v2, v3, v4, received, excluded, answered, repeated, dispatched, signed, signed_on_time, replied, replied_on_time, contacted_on_time, returned, redone, rated, satisfied, basically_satisfied, resolved, closed, handle_seconds, overdue)
  SELECT 14, day, channel, district, category, 0, SUM(received), SUM(excluded), SUM(answered), SUM(repeated), SUM(dispatched), SUM(signed), SUM(signed_on_time), SUM(replied), SUM(replied_on_time), SUM(contacted_on_time), SUM(returned), SUM(redone), SUM(rated), SUM(satisfied), SUM(basically_satisfied), SUM(resolved), SUM(closed), SUM(handle_seconds), SUM(overdue)
  FROM kpi_day GROUP BY day, channel, district, category;
INSERT INTO kpi_day_multi(shape, day, v1, v2, v3, v4, received, excluded, answered, repeated, dispatched, signed, signed_on_time, replied, replied_on_time, contacted_on_time, returned, redone, rated, satisfied, basically_satisfied, resolved, closed, handle_seconds, overdue)
  SELECT 22, day, type, district, category, 0, SUM(received), SUM(excluded), SUM(answered), SUM(repeated), SUM(dispatched), SUM(signed), SUM(signed_on_time), SUM(replied), SUM(replied_on_time), SUM(contacted_on_time), SUM(returned), SUM(redone), SUM(rated), SUM(satisfied), SUM(basically_satisfied), SUM(resolved), SUM(closed), SUM(handle_seconds), SUM(overdue)
  FROM kpi_day GROUP BY day, type, district, category;
INSERT INTO kpi_day_multi(shape, day, v1, v2, v3, v4, received, excluded, answered, repeated, dispatched, signed, signed_on_time, replied, replied_on_time, contacted_on_time, returned, redone, rated, satisfied, basically_satisfied, resolved, closed, handle_seconds, overdue)
  SELECT 26, day, channel, type, district, 0, SUM(received), SUM(excluded), SUM(answered), SUM(repeated), SUM(dispatched), SUM(signed), SUM(signed_on_time), SUM(replied), SUM(replied_on_time), SUM(contacted_on_time), SUM(returned), SUM(redone), SUM(rated), SUM(satisfied), SUM(basically_satisfied), SUM(resolved), SUM(closed), SUM(handle_seconds), SUM(overdue)
  FROM kpi_day GROUP BY day, channel, type, district;
INSERT INTO kpi_day_multi(shape, day, v1, v2, v3, v4, received, excluded, answered, repeated, dispatched, signed, signed_on_time, replied, replied_on_time, contacted_on_time, returned, redone, rated, satisfied, basically_satisfied, resolved, closed, handle_seconds, overdue)
  SELECT 28, day, channel, type, category, 0, SUM(received), SUM(excluded), SUM(answered), SUM(repeated), SUM(dispatched), SUM(signed), SUM(signed_on_time), SUM(replied), SUM(replied_on_time), SUM(contacted_on_time), SUM(returned), SUM(redone), SUM(rated), SUM(satisfied), SUM(basically_satisfied), SUM(resolved), SUM(closed), SUM(handle_seconds), SUM(overdue)
  FROM kpi_day GROUP BY day, channel, type, category;
INSERT INTO kpi_day_multi(shape, day, v1, v2, v3, v4, received, excluded, answered, repeated, dispatched, signed, signed_on_time, replied, replied_on_time, contacted_on_time, returned, redone, rated, satisfied, basically_satisfied, resolved, closed, handle_seconds, overdue)
  SELECT 15, day, channel, district, unit, category, SUM(received), SUM(excluded), SUM(answered), SUM(repeated), SUM(dispatched), SUM(signed), SUM(signed_on_time), SUM(replied), SUM(replied_on_time), SUM(contacted_on_time), SUM(returned), SUM(redone), SUM(rated), SUM(satisfied), SUM(basically_satisfied), SUM(resolved), SUM(closed), SUM(handle_seconds), SUM(overdue)
  FROM kpi_day GROUP BY day, channel, district, unit, category;
INSERT INTO kpi_day_multi(shape, day, v1, v2, v3, v4, received, excluded, answered, repeated, dispatched, signed, signed_on_time, replied, replied_on_time, contacted_on_time, returned, redone, rated, satisfied, basically_satisfied, resolved, closed, handle_seconds, overdue)
  SELECT 23, day, type, district, unit, category, SUM(received), SUM(excluded), SUM(answered), SUM(repeated), SUM(dispatched), SUM(signed), SUM(signed_on_time), SUM(replied), SUM(replied_on_time), SUM(contacted_on_time), SUM(returned), SUM(redone), SUM(rated), SUM(satisfied), SUM(basically_satisfied), SUM(resolved), SUM(closed), SUM(handle_seconds), SUM(overdue)
  FROM kpi_day GROUP BY day, type, district, unit, category;
INSERT INTO kpi_day_multi(shape, day, v1, v2, v3, v4, received, excluded, answered, repeated, dispatched, signed, signed_on_time, replied, replied_on_time, contacted_on_time, returned, redone, rated, satisfied, basically_satisfied, resolved, closed, handle_seconds, overdue)
  SELECT 27, day, channel, type, district, unit, SUM(received), SUM(excluded), SUM(answered), SUM(repeated), SUM(dispatched), SUM(signed), SUM(signed_on_time), SUM(replied), SUM(replied_on_time), SUM(contacted_on_time), SUM(returned), SUM(redone), SUM(rated), SUM(satisfied), SUM(basically_satisfied), SUM(resolved), SUM(closed), SUM(handle_seconds), SUM(overdue)
  FROM kpi_day GROUP BY day, channel, type, district, unit;
INSERT INTO kpi_day_multi(shape, day, v1, v2, v3, v4, received, excluded, answered, repeated, dispatched, signed, signed_on_time, replied, replied_on_time, contacted_on_time, returned, redone, rated, satisfied, basically_satisfied, resolved, closed, handle_seconds, overdue)
  SELECT 29, day, channel, type, unit, category, SUM(received), SUM(excluded), SUM(answered), SUM(repeated), SUM(dispatched), SUM(signed), SUM(signed_on_time), SUM(replied), SUM(replied_on_time), SUM(contacted_on_time), SUM(returned), SUM(redone), SUM(rated), SUM(satisfied), SUM(basically_satisfied), SUM(resolved), SUM(closed), SUM(handle_seconds), SUM(overdue)
  FROM kpi_day GROUP BY day, channel, type, unit, category;
INSERT INTO kpi_day_multi(shape, day, v1, v2, v3, v4, received, excluded, answered, repeated, dispatched, signed, signed_on_time, replied, replied_on_time, contacted_on_time, returned, redone, rated, satisfied, basically_satisfied, resolved, closed, handle_seconds, overdue)
  SELECT 30, day, channel, type, district, category, SUM(received), SUM(excluded), SUM(answered), SUM(repeated), SUM(dispatched), SUM(signed), SUM(signed_on_time), SUM(replied), SUM(replied_on_time), SUM(contacted_on_time), SUM(returned), SUM(redone), SUM(rated), SUM(satisfied), SUM(basically_satisfied), SUM(resolved), SUM(closed), SUM(handle_seconds), SUM(overdue)
  FROM kpi_day GROUP BY day, channel, type, district, category;
INSERT INTO kpi_month_multi(shape, month, v1, v2, v3, v4, received, excluded, answered, repeated, dispatched, signed, signed_on_time, replied, replied_on_time, contacted_on_time, returned, redone, rated, satisfied, basically_satisfied, resolved, closed, handle_seconds, overdue)
  SELECT 3, month, district, unit, 0, 0, SUM(received), SUM(excluded), SUM(answered), SUM(repeated), SUM(dispatched), SUM(signed), SUM(signed_on_time), SUM(replied), SUM(replied_on_time), SUM(contacted_on_time), SUM(returned), SUM(redone), SUM(rated), SUM(satisfied), SUM(basically_satisfied), SUM(resolved), SUM(closed), SUM(handle_seconds), SUM(overdue)
  FROM kpi_month GROUP BY month, district, unit;
INSERT INTO kpi_month_multi(shape, month, v1, v2, v3, v4, received, excluded, answered, repeated, dispatched, signed, signed_on_time, replied, replied_on_time, contacted_on_time, returned, redone, rated, satisfied, basically_satisfied, resolved, closed, handle_seconds, overdue)
  SELECT 5, month, unit, category, 0, 0, SUM(received), SUM(excluded), SUM(answered), SUM(repeated), SUM(dispatched), SUM(signed), SUM(signed_on_time), SUM(replied), SUM(replied_on_time), SUM(contacted_on_time), SUM(returned), SUM(redone), SUM(rated), SUM(satisfied), SUM(basically_satisfied), SUM(resolved), SUM(closed), SUM(handle_seconds), SUM(overdue)
  FROM kpi_month GROUP BY month, unit, category;
INSERT INTO kpi_month_multi(shape, month, v1, v2, v3, v4, received, excluded, answered, repeated, dispatched, signed, signed_on_time, replied, replied_on_time, contacted_on_time, returned, redone, rated, satisfied, basically_satisfied, resolved, closed, handle_seconds, overdue)
  SELECT 9, month, channel, unit, 0, 0, SUM(received), SUM(excluded), SUM(answered), SUM(repeated), SUM(dispatched), SUM(signed), SUM(signed_on_time), SUM(replied), SUM(replied_on_time), SUM(contacted_on_time), SUM(returned), SUM(redone), SUM(rated), SUM(satisfied), SUM(basically_satisfied), SUM(resolved), SUM(closed), SUM(handle_seconds), SUM(overdue)
  FROM kpi_month GROUP BY month, channel, unit;
INSERT INTO kpi_month_multi(shape, month, v1, v2, v3, v4, received, excluded, answered, repeated, dispatched, signed, signed_on_time, replied, replied_on_time, contacted_on_time, returned, redone, rated, satisfied, basically_satisfied, resolved, closed, handle_seconds, overdue)
  SELECT 17, month, type, unit, 0, 0, SUM(received), SUM(excluded), SUM(answered), SUM(repeated), SUM(dispatched), SUM(signed), SUM(signed_on_time), SUM(replied), SUM(replied_on_time), SUM(contacted_on_time), SUM(returned), SUM(redone), SUM(rated), SUM(satisfied), SUM(basically_satisfied), SUM(resolved), SUM(closed), SUM(handle_seconds), SUM(overdue)
  FROM kpi_month GROUP BY month, type, unit;
INSERT INTO kpi_month_multi(shape, month, v1, v2, v3, v4, received, excluded, answered, repeated, dispatched, signed, signed_on_time, replied, replied_on_time, contacted_on_time, returned, redone, rated, satisfied, basically_satisfied, resolved, closed, handle_seconds, overdue)
  SELECT 6, month, district, category, 0, 0, SUM(received), SUM(excluded), SUM(answered), SUM(repeated), SUM(dispatched), SUM(signed), SUM(signed_on_time), SUM(replied), SUM(replied_on_time), SUM(contacted_on_time), SUM(returned), SUM(redone), SUM(rated), SUM(satisfied), SUM(basically_satisfied), SUM(resolved), SUM(closed), SUM(handle_seconds), SUM(overdue)
  FROM kpi_month GROUP BY month, district, category;
INSERT INTO kpi_month_multi(shape, month, v1, v2, v3, v4, received, excluded, answered, repeated, dispatched, signed, signed_on_time, replied, replied_on_time, contacted_on_time, returned, redone, rated, satisfied, basically_satisfied, resolved, closed, handle_seconds, overdue)
  SELECT 10, month, channel, district, 0, 0, SUM(received), SUM(excluded), SUM(answered), SUM(repeated), SUM(dispatched), SUM(signed), SUM(signed_on_time), SUM(replied), SUM(replied_on_time), SUM(contacted_on_time), SUM(returned), SUM(redone), SUM(rated), SUM(satisfied), SUM(basically_satisfied), SUM(resolved), SUM(closed), SUM(handle_seconds), SUM(overdue)
  FROM kpi_month GROUP BY month, channel, district;
INSERT INTO kpi_month_multi(shape, month, v1, v2, v3, v4, received, excluded, answered, repeated, dispatched, signed, signed_on_time, replied, replied_on_time, contacted_on_time, returned, redone, rated, satisfied, basically_satisfied, resolved, closed, handle_seconds, overdue)
  SELECT 18, month, type, district, 0, 0, SUM(received), SUM(excluded), SUM(answered), SUM(repeated), SUM(dispatched), SUM(signed), SUM(signed_on_time), SUM(replied), SUM(replied_on_time), SUM(contacted_on_time), SUM(returned), SUM(redone), SUM(rated), SUM(satisfied), SUM(basically_satisfied), SUM(resolved), SUM(closed), SUM(handle_seconds), SUM(overdue)
  FROM kpi_month GROUP BY month, type, district;
INSERT INTO kpi_month_multi(shape, month, v1, v2, v3, v4, received, excluded, answered, repeated, dispatched, signed, signed_on_time, replied, replied_on_time, contacted_on_time, returned, redone, rated, satisfied, basically_satisfied, resolved, closed, handle_seconds, overdue)
  SELECT 12, month, channel, category, 0, 0, SUM(received), SUM(excluded), SUM(answered), SUM(repeated), SUM(dispatched), SUM(signed), SUM(signed_on_time), SUM(replied), SUM(replied_on_time), SUM(contacted_on_time), SUM(returned), SUM(redone), SUM(rated), SUM(satisfied), SUM(basically_satisfied), SUM(resolved), SUM(closed), SUM(handle_seconds), SUM(overdue)
  FROM kpi_month GROUP BY month, channel, category;
INSERT INTO kpi_month_multi(shape, month, v1, v2, v3, v4, received, excluded, answered, repeated, dispatched, signed, signed_on_time, replied, replied_on_time, contacted_on_time, returned, redone, rated, satisfied, basically_satisfied, resolved, closed, handle_seconds, overdue)
  SELECT 20, month, type, category, 0, 0, SUM(received), SUM(excluded), SUM(answered), SUM(repeated), SUM(dispatched), SUM(signed), SUM(signed_on_time), SUM(replied), SUM(replied_on_time), SUM(contacted_on_time), SUM(returned), SUM(redone), SUM(rated), SUM(satisfied), SUM(basically_satisfied), SUM(resolved), SUM(closed), SUM(handle_seconds), SUM(overdue)
  FROM kpi_month GROUP BY month, type, category;
INSERT INTO kpi_month_multi(shape, month, v1, v2, v3, v4, received, excluded, answered, repeated, dispatched, signed, signed_on_time, replied, replied_on_time, contacted_on_time, returned, redone, rated, satisfied, basically_satisfied, resolved, closed, handle_seconds, overdue)
  SELECT 24, month, channel, type, 0, 0, SUM(received), SUM(excluded), SUM(answered), SUM(repeated), SUM(dispatched), SUM(signed), SUM(signed_on_time), SUM(replied), SUM(replied_on_time), SUM(contacted_on_time), SUM(returned), SUM(redone), SUM(rated), SUM(satisfied), SUM(basically_satisfied), SUM(resolved), SUM(closed), SUM(handle_seconds), SUM(overdue)
  FROM kpi_month GROUP BY month, channel, type;
INSERT INTO kpi_month_multi(shape, month, v1, v2, v3, v4, received, excluded, answered, repeated, dispatched, signed, signed_on_time, replied, replied_on_time, contacted_on_time, returned, redone, rated, satisfied, basically_satisfied, resolved, closed, handle_seconds, overdue)
  SELECT 7, month, district, unit, category, 0, SUM(received), SUM(excluded), SUM(answered), SUM(repeated), SUM(dispatched), SUM(signed), SUM(signed_on_time), SUM(replied), SUM(replied_on_time), SUM(contacted_on_time), SUM(returned), SUM(redone), SUM(rated), SUM(satisfied), SUM(basically_satisfied), SUM(resolved), SUM(closed), SUM(handle_seconds), SUM(overdue)
  FROM kpi_month GROUP BY month, district, unit, category;
INSERT INTO kpi_month_multi(shape, month, v1, v2, v3, v4, received, excluded, answered, repeated, dispatched, signed, signed_on_time, replied, replied_on_time, contacted_on_time, returned, redone, rated, satisfied, basically_satisfied, resolved, closed, handle_seconds, overdue)
  SELECT 11, month, channel, district, unit, 0, SUM(received), SUM(excluded), SUM(answered), SUM(repeated), SUM(dispatched), SUM(signed), SUM(signed_on_time), SUM(replied), SUM(replied_on_time), SUM(contacted_on_time), SUM(returned), SUM(redone), SUM(rated), SUM(satisfied), SUM(basically_satisfied), SUM(resolved), SUM(closed), SUM(handle_seconds), SUM(overdue)
  FROM kpi_month GROUP BY month, channel, district, unit;
INSERT INTO kpi_month_multi(shape, month, v1, v2, v3, v4, received, excluded, answered, repeated, dispatched, signed, signed_on_time, replied, replied_on_time, contacted_on_time, returned, redone, rated, satisfied, basically_satisfied, resolved, closed, handle_seconds, overdue)
  SELECT 19, month, type, district, unit, 0, SUM(received), SUM(excluded), SUM(answered), SUM(repeated), SUM(dispatched), SUM(signed), SUM(signed_on_time), SUM(replied), SUM(replied_on_time), SUM(contacted_on_time), SUM(returned), SUM(redone), SUM(rated), SUM(satisfied), SUM(basically_satisfied), SUM(resolved), SUM(closed), SUM(handle_seconds), SUM(overdue)
  FROM kpi_month GROUP BY month, type, district, unit;
INSERT INTO kpi_month_multi(shape, month, v1, v2, v3, v4, received, excluded, answered, repeated, dispatched, signed, signed_on_time, replied, replied_on_time, contacted_on_time, returned, redone, rated, satisfied, basically_satisfied, resolved, closed, handle_seconds, overdue)
  SELECT 13, month, channel, unit, category, 0, SUM(received), SUM(excluded), SUM(answered), SUM(repeated), SUM(dispatched), SUM(signed), SUM(signed_on_time), SUM(replied), SUM(replied_on_time), SUM(contacted_on_time), SUM(returned), SUM(redone), SUM(rated), SUM(satisfied), SUM(basically_satisfied), SUM(resolved), SUM(closed), SUM(handle_seconds), SUM(overdue)
  FROM kpi_month GROUP BY month, channel, unit, category;
INSERT INTO kpi_month_multi(shape, month, v1, v2, v3, v4, received, excluded, answered, repeated, dispatched, signed, signed_on_time, replied, replied_on_time, contacted_on_time, returned, redone, rated, satisfied, basically_satisfied, resolved, closed, handle_seconds, overdue)
  SELECT 21, month, type, unit, category, 0, SUM(received), SUM(excluded), SUM(answered), SUM(repeated), SUM(dispatched), SUM(signed), SUM(signed_on_time), SUM(replied), SUM(replied_on_time), SUM(contacted_on_time), SUM(returned), SUM(redone), SUM(rated), SUM(satisfied), SUM(basically_satisfied), SUM(resolved), SUM(closed), SUM(handle_seconds), SUM(overdue)
  FROM kpi_month GROUP BY month, type, unit, category;
INSERT INTO kpi_month_multi(shape, month, v1, v2, v3, v4, received, excluded, answered, repeated, dispatched, signed, signed_on_time, replied, replied_on_time, contacted_on_time, returned, redone, rated, satisfied, basically_satisfied, resolved, closed, handle_seconds, overdue)
  SELECT 25, month, channel, type, unit, 0, SUM(received), SUM(excluded), SUM(answered), SUM(repeated), SUM(dispatched), SUM(signed), SUM(signed_on_time), SUM(replied), SUM(replied_on_time), SUM(contacted_on_time), SUM(returned), SUM(redone), SUM(rated), SUM(satisfied), SUM(basically_satisfied), SUM(resolved), SUM(closed), SUM(handle_seconds), SUM(overdue)
  FROM kpi_month GROUP BY month, channel, type, unit;
INSERT INTO kpi_month_multi(shape, month, v1, v2, v3, v4, received, excluded, answered, repeated, dispatched, signed, signed_on_time, replied, replied_on_time, contacted_on_time, returned, redone, rated, satisfied, basically_satisfied, resolved, closed, handle_seconds, overdue)
  SELECT 14, month, channel, district, category, 0, SUM(received), SUM(excluded), SUM(answered), SUM(repeated), SUM(dispatched), SUM(signed), SUM(signed_on_time), SUM(replied), SUM(replied_on_time), SUM(contacted_on_time), SUM(returned), SUM(redone), SUM(rated), SUM(satisfied), SUM(basically_satisfied), SUM(resolved), SUM(closed), SUM(handle_seconds), SUM(overdue)
  FROM kpi_month GROUP BY month, channel, district, category;
INSERT INTO kpi_month_multi(shape, month, v1, v2, v3, v4, received, excluded, answered, repeated, dispatched, signed, signed_on_time, replied, replied_on_time, contacted_on_time, returned, redone, rated, satisfied, basically_satisfied, resolved, closed, handle_seconds, overdue)
  SELECT 22, month, type, district, category, 0, SUM(received), SUM(excluded), SUM(answered), SUM(repeated), SUM(dispatched), SUM(signed), SUM(signed_on_time), SUM(replied), SUM(replied_on_time), SUM(contacted_on_time), SUM(returned), SUM(redone), SUM(rated), SUM(satisfied), SUM(basically_satisfied), SUM(resolved), SUM(closed), SUM(handle_seconds), SUM(overdue)
  FROM kpi_month GROUP BY month, type, district, category;
INSERT INTO kpi_month_multi(shape, month, v1, v2, v3, v4, received, excluded, answered, repeated, dispatched, signed, signed_on_time, replied, replied_on_time, contacted_on_time, returned, redone, rated, satisfied, basically_satisfied, resolved, closed, handle_seconds, overdue)
  SELECT 26, month, channel, type, district, 0, SUM(received), SUM(excluded), SUM(answered), SUM(repeated), SUM(dispatched), SUM(signed), SUM(signed_on_time), SUM(replied), SUM(replied_on_time), SUM(contacted_on_time), SUM(returned), SUM(redone), SUM(rated), SUM(satisfied), SUM(basically_satisfied), SUM(resolved), SUM(closed), SUM(handle_seconds), SUM(overdue)
  FROM kpi_month GROUP BY month, channel, type, district;
INSERT INTO kpi_month_multi(shape, month, v1, v2, v3, v4, received, excluded, answered, repeated, dispatched, signed, signed_on_time, replied, replied_on_time, contacted_on_time, returned, redone, rated, satisfied, basically_satisfied, resolved, closed, handle_seconds, overdue)
  SELECT 28, month, channel, type, category, 0, SUM(received), SUM(excluded), SUM(answered), SUM(repeated), SUM(dispatched), SUM(signed), SUM(signed_on_time), SUM(replied), SUM(replied_on_time), SUM(contacted_on_time), SUM(returned), SUM(redone), SUM(rated), SUM(satisfied), SUM(basically_satisfied), SUM(resolved), SUM(closed), SUM(handle_seconds), SUM(overdue)
  FROM kpi_month GROUP BY month, channel, type, category;
INSERT INTO kpi_month_multi(shape, month, v1, v2, v3, v4, received, excluded, answered, repeated, dispatched, signed, signed_on_time, replied, replied_on_time, contacted_on_time, returned, redone, rated, satisfied, basically_satisfied, resolved, closed, handle_seconds, overdue)
  SELECT 15, month, channel, district, unit, category, SUM(received), SUM(excluded), SUM(answered), SUM(repeated), SUM(dispatched), SUM(signed), SUM(signed_on_time), SUM(replied), SUM(replied_on_time), SUM(contacted_on_time), SUM(returned), SUM(redone), SUM(rated), SUM(satisfied), SUM(basically_satisfied), SUM(resolved), SUM(closed), SUM(handle_seconds), SUM(overdue)
  FROM kpi_month GROUP BY month, channel, district, unit, category;
INSERT INTO kpi_month_multi(shape, month, v1, v2, v3, v4, received, excluded, answered, repeated, dispatched, signed, signed_on_time, replied, replied_on_time, contacted_on_time, returned, redone, rated, satisfied, basically_satisfied, resolved, closed, handle_seconds, overdue)
  SELECT 23, month, type, district, unit, category, SUM(received), SUM(excluded), SUM(answered), SUM(repeated), SUM(dispatched), SUM(signed), SUM(signed_on_time), SUM(replied), SUM(replied_on_time), SUM(contacted_on_time), SUM(returned), SUM(redone), SUM(rated), SUM(satisfied), SUM(basically_satisfied), SUM(resolved), SUM(closed), SUM(handle_seconds), SUM(overdue)
  FROM kpi_month GROUP BY month, type, district, unit, category;
INSERT INTO kpi_month_multi(shape, month, v1, v2, v3, v4, received, excluded, answered, repeated, dispatched, signed, signed_on_time, replied, replied_on_time, contacted_on_time, returned, redone, rated, satisfied, basically_satisfied, resolved, closed, handle_seconds, overdue)
  SELECT 27, month, channel, type, district, unit, SUM(received), SUM(excluded), SUM(answered), SUM(repeated), SUM(dispatched), SUM(signed), SUM(signed_on_time), SUM(replied), SUM(replied_on_time), SUM(contacted_on_time), SUM(returned), SUM(redone), SUM(rated), SUM(satisfied), SUM(basically_satisfied), SUM(resolved), SUM(closed), SUM(handle_seconds), SUM(overdue)
  FROM kpi_month GROUP BY month, channel, type, district, unit;
INSERT INTO kpi_month_multi(shape, month, v1, v2, v3, v4, received, excluded, answered, repeated, dispatched, signed, signed_on_time, replied, replied_on_time, contacted_on_time, returned, redone, rated, satisfied, basically_satisfied, resolved, closed, handle_seconds, overdue)
  SELECT 29, month, channel, type, unit, category, SUM(received), SUM(excluded), SUM(answered), SUM(repeated), SUM(dispatched), SUM(signed), SUM(signed_on_time), SUM(replied), SUM(replied_on_time), SUM(contacted_on_time), SUM(returned), SUM(redone), SUM(rated), SUM(satisfied), SUM(basically_satisfied), SUM(resolved), SUM(closed), SUM(handle_seconds), SUM(overdue)
  FROM kpi_month GROUP BY month, channel, type, unit, category;
INSERT INTO kpi_month_multi(shape, month, v1, v2, v3, v4, received, excluded, answered, repeated, dispatched, signed, signed_on_time, replied, replied_on_time, contacted_on_time, returned, redone, rated, satisfied, basically_satisfied, resolved, closed, handle_seconds, overdue)
  SELECT 30, month, channel, type, district, category, SUM(received), SUM(excluded), SUM(answered), SUM(repeated), SUM(dispatched), SUM(signed), SUM(signed_on_time), SUM(replied), SUM(replied_on_time), SUM(contacted_on_time), SUM(returned), SUM(redone), SUM(rated), SUM(satisfied), SUM(basically_satisfied), SUM(resolved), SUM(closed), SUM(handle_seconds), SUM(overdue)
  FROM kpi_month GROUP BY month, channel, type, district, category;
