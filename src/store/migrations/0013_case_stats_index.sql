-- 0013: GET /api/v1/stats (the dashboards' counts by status, type, channel, category, district and
-- day over a period of registration) reads only this index, never the case rows (3–4 KB each):
-- a covering index led by created_at. It also serves every lookup cases_created served (its
-- prefix), so that one goes.
CREATE INDEX cases_stats ON cases (created_at, status, type, channel, category_id, district_id);
DROP INDEX cases_created;
