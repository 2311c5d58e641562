-- The public site: files citizens upload with the mailbox form, and published letters (信件公开).

-- A file uploaded from the public form before the submission that carries it (two-step upload).
-- `token_hash` is SHA-256 of the claim ticket handed to the browser; the file itself lives
-- content-addressed under files/. `case_id` is set, once, by the submission that binds it.
CREATE TABLE public_uploads (
  token_hash TEXT PRIMARY KEY,
  sha256 TEXT NOT NULL,
  name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  client TEXT NOT NULL,          -- the uploader's address (rate limits, abuse review); not shown
  created_at INTEGER NOT NULL,
  case_id TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX public_uploads_created ON public_uploads (created_at);

-- A closed case published with staff-edited text that carries no personal data. One row per case;
-- unpublishing keeps the row (unpublished_at set) so the history stays with the case events.
CREATE TABLE published_letters (
  id INTEGER PRIMARY KEY,
  case_id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  category_id TEXT NOT NULL DEFAULT '',
  district_id TEXT NOT NULL DEFAULT '',
  unit_id TEXT NOT NULL DEFAULT '',      -- the lead unit that replied (a unit name is public)
  title TEXT NOT NULL,
  question TEXT NOT NULL,
  reply TEXT NOT NULL,
  received_at INTEGER NOT NULL,          -- when the case was registered
  replied_at INTEGER,                    -- when the reply went to the citizen (closed_at)
  published_at INTEGER NOT NULL,
  published_by TEXT NOT NULL,
  unpublished_at INTEGER,                -- NULL while published
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX published_letters_list ON published_letters (published_at DESC, id DESC)
  WHERE unpublished_at IS NULL;
