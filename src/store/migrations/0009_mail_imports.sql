-- The email channel (issue 4): every imported message, by key, written in the same transaction as
-- the case it made, so that a message becomes a case exactly once (a re-import, or a crash between
-- the commit and moving the file in the maildir, finds the key and makes nothing).
CREATE TABLE mail_imports (
  key TEXT PRIMARY KEY,         -- "mid:<Message-ID>", or "sha256:<hash of the raw message>"
  message_id TEXT NOT NULL,     -- may be empty
  case_id TEXT NOT NULL,
  case_number TEXT NOT NULL,
  attachments INTEGER NOT NULL DEFAULT 0,
  imported_at INTEGER NOT NULL
) WITHOUT ROWID;
