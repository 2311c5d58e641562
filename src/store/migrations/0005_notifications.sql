-- Notifications (issue 4): the outbox, the admin's message templates and the recipients.

-- Durable side effects: one row per message, written in the same transaction as the event that
-- causes it, delivered by the dispatcher (src/notify). `id` is the stable message id, sent as the
-- gateway's Idempotency-Key and the email's Message-ID. Recipient and body are sealed (secretbox):
-- a phone number or address is personal data and the citizen's body holds the query code.
CREATE TABLE outbox (
  seq INTEGER PRIMARY KEY,           -- delivery order
  id TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,                -- sms | email
  audience TEXT NOT NULL,            -- citizen | unit | leader
  recipient BLOB NOT NULL,           -- sealed
  recipient_hint TEXT NOT NULL,      -- masked, for the admin's view (138****5678, z***@x.cn)
  template_key TEXT NOT NULL,
  lang TEXT NOT NULL,
  subject TEXT NOT NULL DEFAULT '',
  body BLOB NOT NULL,                -- sealed
  case_id TEXT NOT NULL DEFAULT '',
  case_number TEXT NOT NULL DEFAULT '',
  event_seq INTEGER NOT NULL DEFAULT 0,
  unit_id TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL,               -- pending | sending | sent | failed
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,  -- pending: not before; sending: the lease ends
  last_error TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  sent_at INTEGER
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE state IN ('pending', 'sending');
CREATE INDEX outbox_case ON outbox (case_id, seq);
CREATE INDEX outbox_state ON outbox (state, seq);

-- The admin's version of a template (defaults live in src/notify/templates.cc).
CREATE TABLE notify_templates (
  key TEXT NOT NULL,
  lang TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  updated_by TEXT NOT NULL DEFAULT '',
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (key, lang)
) WITHOUT ROWID;

-- Who is told: a unit's duty officers (on dispatch, warning, overdue) and leaders (on escalation).
-- Work contact details of officials, edited by the admin.
CREATE TABLE notify_contacts (
  id INTEGER PRIMARY KEY,
  unit_id TEXT NOT NULL,
  role TEXT NOT NULL,                -- duty | leader
  name TEXT NOT NULL,
  phone TEXT NOT NULL DEFAULT '',    -- mobile, for SMS
  email TEXT NOT NULL DEFAULT '',
  lang TEXT NOT NULL DEFAULT 'zh-CN',
  disabled INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX notify_contacts_unit ON notify_contacts (unit_id, role);
