-- 0004: Open311 GeoReport v2 (issue 4). API keys issued by the admin (only a hash of the secret is
-- kept), and what an Open311 client sent with each request that a case does not hold itself.

CREATE TABLE open311_keys (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,              -- who the key is for, e.g. "江城随手拍 App"
  key_hash TEXT NOT NULL UNIQUE,   -- SHA-256 (hex) of the secret; the secret is shown once
  prefix TEXT NOT NULL,            -- the secret's first 8 characters, to recognise it in lists
  created_by TEXT NOT NULL,        -- admin user id, or "cli"
  created_at INTEGER NOT NULL,
  revoked_at INTEGER               -- NULL while the key works
);

-- One row per case created through POST /open311/v2/requests, in the same transaction as the case.
CREATE TABLE open311_requests (
  case_id INTEGER PRIMARY KEY,
  token TEXT NOT NULL UNIQUE,      -- for GET tokens/{token}
  key_id TEXT NOT NULL,            -- the API key that created it
  fingerprint TEXT NOT NULL,       -- SHA-256 of the normalised submission (double-submit guard)
  service_code TEXT NOT NULL,
  address_id TEXT NOT NULL DEFAULT '',
  media_url TEXT NOT NULL DEFAULT '',
  device_id TEXT NOT NULL DEFAULT '',
  account_id TEXT NOT NULL DEFAULT '',
  attributes TEXT NOT NULL DEFAULT '{}',  -- {"code": "value" | ["v1","v2"]}
  created_at INTEGER NOT NULL
);
CREATE INDEX open311_requests_dup ON open311_requests (key_id, fingerprint, created_at);

-- updated_after / updated_before on GET requests.
CREATE INDEX cases_updated ON cases (updated_at);
