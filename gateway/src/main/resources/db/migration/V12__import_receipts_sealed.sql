-- An import job is named by the hash of its Idempotency-Key, never by the key, and its rows' receipt codes are sealed
-- under a key derived from it, as the idempotency store's values are (migration V8): whoever reads these tables, their
-- backups or PostgreSQL's files cannot open them; the importing client opens them by sending its key again.
ALTER TABLE import_job RENAME COLUMN idempotency_key TO key_hash;
UPDATE import_job
SET key_hash = encode(sha256(convert_to('wipetrace.idempotency.id.v1|' || organisation || '|' || key_hash, 'UTF8')),
    'hex');
-- Codes kept in clear before cannot be sealed without the key, which was never stored: they go now rather than at the
-- end of their retention.
UPDATE import_row SET receipt_code = NULL WHERE receipt_code IS NOT NULL;
UPDATE import_job SET receipts_purged_at = now() WHERE receipts_purged_at IS NULL;
