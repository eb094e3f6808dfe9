-- Rollback: 20251127_002_drop_attempt_started_at_index.sql (the index as 20251120_003 created it)
CREATE INDEX IF NOT EXISTS idx_attempt_started_at ON webhook_delivery_attempts(started_at);
