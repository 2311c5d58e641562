-- 0001: the whole first schema. Ids are integer keys; the domain sees them as decimal strings.
-- Times are UTC milliseconds since the epoch.

CREATE TABLE units (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  name_en TEXT NOT NULL DEFAULT '',
  parent_id TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL,
  can_dispatch INTEGER NOT NULL DEFAULT 0,
  contact_phone TEXT NOT NULL DEFAULT '',
  contact_email TEXT NOT NULL DEFAULT '',
  disabled INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE categories (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  name_en TEXT NOT NULL DEFAULT '',
  parent_id TEXT NOT NULL DEFAULT '',
  level INTEGER NOT NULL,
  default_lead_unit_id TEXT NOT NULL DEFAULT '',
  street_level INTEGER NOT NULL DEFAULT 0,
  keywords TEXT NOT NULL DEFAULT '[]',
  disabled INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE routing_rules (
  id INTEGER PRIMARY KEY,
  category_id TEXT NOT NULL DEFAULT '',
  district_id TEXT NOT NULL DEFAULT '',
  lead_unit_id TEXT NOT NULL,
  co_unit_ids TEXT NOT NULL DEFAULT '[]'
);

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE COLLATE NOCASE,
  name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  roles TEXT NOT NULL,
  unit_id TEXT NOT NULL DEFAULT '',
  disabled INTEGER NOT NULL DEFAULT 0,
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until INTEGER,
  created_at INTEGER NOT NULL
);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE sla_policies (id TEXT PRIMARY KEY, json TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE calendar_years (year INTEGER PRIMARY KEY, json TEXT NOT NULL);
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE case_numbers (day TEXT PRIMARY KEY, last INTEGER NOT NULL) WITHOUT ROWID;

CREATE TABLE cases (
  id INTEGER PRIMARY KEY,
  number TEXT NOT NULL UNIQUE,
  status TEXT NOT NULL,
  type TEXT NOT NULL,
  channel TEXT NOT NULL,
  category_id TEXT NOT NULL DEFAULT '',
  district_id TEXT NOT NULL DEFAULT '',
  urgent INTEGER NOT NULL DEFAULT 0,
  phone_hash TEXT,
  parent_id TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  due_at INTEGER,
  next_sla_at INTEGER,
  version INTEGER NOT NULL,
  title TEXT NOT NULL,
  content TEXT NOT NULL,
  doc TEXT NOT NULL,        -- everything else, as JSON; never personal data
  citizen BLOB,             -- personal data, sealed (secretbox)
  last_seq INTEGER NOT NULL DEFAULT 0,
  last_hash TEXT NOT NULL DEFAULT ''
);
CREATE INDEX cases_created ON cases (created_at);
CREATE INDEX cases_status ON cases (status, created_at);
CREATE INDEX cases_phone ON cases (phone_hash, created_at) WHERE phone_hash IS NOT NULL;
CREATE INDEX cases_next_sla ON cases (next_sla_at) WHERE next_sla_at IS NOT NULL;
CREATE INDEX cases_parent ON cases (parent_id) WHERE parent_id <> '';

-- Which units hold (or held) a case: data scope and unit queues.
CREATE TABLE case_units (
  unit_id TEXT NOT NULL,
  case_id INTEGER NOT NULL,
  active INTEGER NOT NULL,
  status TEXT NOT NULL,
  warn_at INTEGER,
  due_at INTEGER,
  PRIMARY KEY (unit_id, case_id)
) WITHOUT ROWID;
CREATE INDEX case_units_case ON case_units (case_id);

-- The history: case events (case_id > 0), hash-chained per case; admin events have case_id 0.
CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  at INTEGER NOT NULL,
  actor_id TEXT NOT NULL,
  actor_name TEXT NOT NULL,
  actor_unit_id TEXT NOT NULL DEFAULT '',
  action TEXT NOT NULL,
  data TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE UNIQUE INDEX events_case_seq ON events (case_id, seq) WHERE case_id > 0;
CREATE INDEX events_at ON events (at);

CREATE TABLE idempotency (
  scope TEXT NOT NULL,
  key TEXT NOT NULL,
  result_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (scope, key)
) WITHOUT ROWID;

CREATE TABLE attachments (
  id INTEGER PRIMARY KEY,
  case_id TEXT NOT NULL,
  name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  uploaded_by TEXT NOT NULL,
  uploaded_at INTEGER NOT NULL
);
CREATE INDEX attachments_case ON attachments (case_id);
