-- 0017: which rows point at a stored file (files/<sha256>), so the sweep of unclaimed public
-- uploads (api/upload_sweep.h) can tell, per file, whether anything still needs it.
CREATE INDEX attachments_sha ON attachments (sha256);
CREATE INDEX public_uploads_sha ON public_uploads (sha256);
