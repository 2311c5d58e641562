-- 0008: hot issues (热点难点), surge alerts (突发聚集) and caller flags (重复/恶意来电).

-- Small named values of the hot-issue module: the surge watcher's cursor (the last case id it
-- has looked at) and the admin's hot-issue configuration (JSON).
CREATE TABLE hot_state (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

-- Per-day term counts (document frequency) of a filter, the baseline of burst scores. `key` names
-- the filter ('' = the whole city, 'd:<district>' …); `day` is the local date YYYY-MM-DD; `term`
-- a bigram, or '@d:<id>' / '@s:<id>' for a district / street. A day is recomputed when it was
-- computed before it ended. Read by term over a range of days, hence the key order.
CREATE TABLE hot_days (
  key TEXT NOT NULL,
  day TEXT NOT NULL,
  cases INTEGER NOT NULL,
  computed_at INTEGER NOT NULL,
  PRIMARY KEY (key, day)
) WITHOUT ROWID;
CREATE TABLE hot_day_terms (
  key TEXT NOT NULL,
  day TEXT NOT NULL,
  term TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (key, term, day)
) WITHOUT ROWID;

-- A surge: many cases about one thing in one place within a short window, raised once; later
-- cases join it while it is open.
CREATE TABLE surges (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL,              -- what the cases share: 'c:<category>|<place>' or 't:<term>|<place>'
  label TEXT NOT NULL,            -- e.g. 停水 · 马王堆街道
  category_id TEXT NOT NULL DEFAULT '',
  term TEXT NOT NULL DEFAULT '',
  place_unit_id TEXT NOT NULL DEFAULT '',   -- the street (or district) where the cases are
  district_id TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,           -- open | acknowledged | escalated | closed
  case_count INTEGER NOT NULL,
  window_minutes INTEGER NOT NULL,
  threshold INTEGER NOT NULL,
  first_case_at INTEGER NOT NULL,
  last_case_at INTEGER NOT NULL,
  raised_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  version INTEGER NOT NULL
);
CREATE INDEX surges_status ON surges (status, raised_at);
CREATE INDEX surges_raised ON surges (raised_at);

CREATE TABLE surge_cases (
  surge_id INTEGER NOT NULL,
  case_id INTEGER NOT NULL,
  joined_at INTEGER NOT NULL,
  PRIMARY KEY (surge_id, case_id)
) WITHOUT ROWID;
CREATE INDEX surge_cases_case ON surge_cases (case_id);

-- The escalation trail of a surge: raised, acknowledged, escalated, closed (with who and a note).
CREATE TABLE surge_trail (
  id INTEGER PRIMARY KEY,
  surge_id INTEGER NOT NULL,
  at INTEGER NOT NULL,
  actor_id TEXT NOT NULL,
  actor_name TEXT NOT NULL,
  action TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX surge_trail_surge ON surge_trail (surge_id, id);

-- Callers flagged by staff as malicious (恶意来电), by keyed phone hash; never the phone itself.
CREATE TABLE caller_flags (
  id INTEGER PRIMARY KEY,
  phone_hash TEXT NOT NULL,
  case_id TEXT NOT NULL,          -- the case the flag was raised from (shows the masked phone)
  kind TEXT NOT NULL,             -- malicious
  reason TEXT NOT NULL,
  flagged_by TEXT NOT NULL,
  flagged_by_name TEXT NOT NULL,
  flagged_at INTEGER NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  cleared_by TEXT NOT NULL DEFAULT '',
  cleared_at INTEGER,
  clear_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX caller_flags_phone ON caller_flags (phone_hash, active);
