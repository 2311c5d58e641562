-- 0007: KPI rollups, the per-unit fact ledger behind them, assessment configs and runs, and stored
-- reports (docs/kpis.md). Kept current in the same write transaction as each case event.
--
-- kpi_day / kpi_month: one row per (period, unit, district, category, channel, type) with the
-- counters of docs/kpis.md. day = YYYYMMDD and month = YYYYMM in the city's time zone; unit,
-- district and category are the integer ids (0 = none); channel and type are enum ordinals.
CREATE TABLE kpi_day (
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
  overdue INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (day, unit, district, category, channel, type)
) WITHOUT ROWID;

CREATE TABLE kpi_month (
  month INTEGER NOT NULL,
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
  overdue INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (month, unit, district, category, channel, type)
) WITHOUT ROWID;

-- Two narrower views of the same counters, so that the common queries read few rows: by unit only
-- (KPI cards, trends, rankings, units' own views), and by one case dimension at a time (dim1: each
-- delta is added once under its district, once under its category, once under its channel and once
-- under its type; the centre's breakdowns). Same counters, same deltas.
CREATE TABLE kpi_day_unit (
  day INTEGER NOT NULL,
  unit INTEGER NOT NULL,
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
  PRIMARY KEY (day, unit)
) WITHOUT ROWID;

CREATE TABLE kpi_day_dim1 (
  day INTEGER NOT NULL,
  dim INTEGER NOT NULL,    -- 1 district, 2 category, 3 channel, 4 type
  value INTEGER NOT NULL,  -- the id or ordinal
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
  PRIMARY KEY (day, dim, value)
) WITHOUT ROWID;

CREATE TABLE kpi_month_unit (
  month INTEGER NOT NULL,
  unit INTEGER NOT NULL,
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
  PRIMARY KEY (month, unit)
) WITHOUT ROWID;

CREATE TABLE kpi_month_dim1 (
  month INTEGER NOT NULL,
  dim INTEGER NOT NULL,    -- 1 district, 2 category, 3 channel, 4 type
  value INTEGER NOT NULL,  -- the id or ordinal
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
  PRIMARY KEY (month, dim, value)
) WITHOUT ROWID;

-- The ledger: which case event gave which counters to which unit on which day. Assessment
-- drill-down (case by case) reads it; the rollups are its sums (plus the unit-less intake rows).
CREATE TABLE kpi_facts (
  unit INTEGER NOT NULL,
  day INTEGER NOT NULL,
  case_id INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  action TEXT NOT NULL,
  deltas TEXT NOT NULL,  -- JSON object {counter: value}
  PRIMARY KEY (unit, day, case_id, seq)
) WITHOUT ROWID;

-- Assessment weights and tiers, versioned: a month's ranking records the version it used.
CREATE TABLE assessment_configs (
  version INTEGER PRIMARY KEY,
  json TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  created_by TEXT NOT NULL
);

-- A finished month's ranking, frozen the first time it is read after the month ended.
CREATE TABLE assessment_runs (
  month INTEGER PRIMARY KEY,
  config_version INTEGER NOT NULL,
  json TEXT NOT NULL,
  computed_at INTEGER NOT NULL
);

-- Stored reports (the 07:00 daily briefing and any report built on request), by kind and period.
CREATE TABLE reports (
  kind TEXT NOT NULL,        -- daily | weekly | monthly
  period TEXT NOT NULL,      -- YYYY-MM-DD (daily, weekly: the Monday) or YYYY-MM (monthly)
  json TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (kind, period)
) WITHOUT ROWID;
