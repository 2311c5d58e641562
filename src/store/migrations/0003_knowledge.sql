-- Knowledge base (知识库): articles, their revisions (every edit is a revision that goes through
-- review), full-text index of each article's current text, and expiry reminders for the owner unit.

-- One row per article. The text columns hold what search shows: the published (live) revision
-- once there is one, else the working draft. working_rev/working_status: an edit not yet live.
CREATE TABLE knowledge_articles (
  id INTEGER PRIMARY KEY,
  unit_id TEXT NOT NULL,            -- the owning unit
  status TEXT NOT NULL,             -- draft | in_review | published | retired
  title TEXT NOT NULL,
  body TEXT NOT NULL,               -- Markdown
  category TEXT NOT NULL DEFAULT '',
  tags TEXT NOT NULL DEFAULT '[]',  -- JSON array of strings
  audience TEXT NOT NULL,           -- internal | public
  valid_from TEXT NOT NULL DEFAULT '',   -- YYYY-MM-DD or '' (always)
  valid_until TEXT NOT NULL DEFAULT '',  -- YYYY-MM-DD (inclusive) or '' (no end)
  live_rev INTEGER NOT NULL DEFAULT 0,   -- the published revision; 0 = never published
  working_rev INTEGER NOT NULL DEFAULT 0,
  working_status TEXT NOT NULL DEFAULT '',  -- '' | draft | in_review
  usage_count INTEGER NOT NULL DEFAULT 0,
  remind_state TEXT NOT NULL DEFAULT '',    -- '' | expiring | expired (reminders already sent)
  version INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  created_by_name TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  published_at INTEGER
);
CREATE INDEX knowledge_articles_status ON knowledge_articles (status, updated_at);
CREATE INDEX knowledge_articles_unit ON knowledge_articles (unit_id, updated_at);
CREATE INDEX knowledge_articles_review ON knowledge_articles (working_status) WHERE working_status <> '';
CREATE INDEX knowledge_articles_expiry ON knowledge_articles (valid_until)
  WHERE status = 'published' AND valid_until <> '';

-- Every revision ever written; the history. status: draft | in_review | published | superseded.
CREATE TABLE knowledge_revisions (
  article_id INTEGER NOT NULL,
  rev INTEGER NOT NULL,
  status TEXT NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  category TEXT NOT NULL,
  tags TEXT NOT NULL,
  audience TEXT NOT NULL,
  valid_from TEXT NOT NULL,
  valid_until TEXT NOT NULL,
  author_id TEXT NOT NULL,
  author_name TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  submitted_at INTEGER,
  reviewer_id TEXT NOT NULL DEFAULT '',
  reviewer_name TEXT NOT NULL DEFAULT '',
  reviewed_at INTEGER,
  review_note TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (article_id, rev)
) WITHOUT ROWID;

-- Full text of each article's current text (external content: the articles table), tokenized by
-- the CJK-aware "hotline" tokenizer (src/search). Kept in step by the triggers below.
CREATE VIRTUAL TABLE knowledge_fts USING fts5(
  title, tags, category, body,
  content='knowledge_articles', content_rowid='id', tokenize='hotline', detail=full);

CREATE TRIGGER knowledge_fts_insert AFTER INSERT ON knowledge_articles BEGIN
  INSERT INTO knowledge_fts(rowid, title, tags, category, body)
    VALUES (new.id, new.title, new.tags, new.category, new.body);
END;
CREATE TRIGGER knowledge_fts_delete AFTER DELETE ON knowledge_articles BEGIN
  INSERT INTO knowledge_fts(knowledge_fts, rowid, title, tags, category, body)
    VALUES ('delete', old.id, old.title, old.tags, old.category, old.body);
END;
CREATE TRIGGER knowledge_fts_update AFTER UPDATE OF title, tags, category, body ON knowledge_articles BEGIN
  INSERT INTO knowledge_fts(knowledge_fts, rowid, title, tags, category, body)
    VALUES ('delete', old.id, old.title, old.tags, old.category, old.body);
  INSERT INTO knowledge_fts(rowid, title, tags, category, body)
    VALUES (new.id, new.title, new.tags, new.category, new.body);
END;

-- Reminders to an article's owner unit (expiring within 7 days, expired). Never deleted.
CREATE TABLE knowledge_reminders (
  id INTEGER PRIMARY KEY,
  article_id INTEGER NOT NULL,
  unit_id TEXT NOT NULL,
  kind TEXT NOT NULL,         -- expiring | expired
  title TEXT NOT NULL,
  valid_until TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX knowledge_reminders_unit ON knowledge_reminders (unit_id, id);
