-- Rollback for 20251120_003_add_webhook_delivery_attempts.sql
DROP INDEX IF EXISTS idx_attempt_started_at;
DROP TABLE IF EXISTS webhook_delivery_attempts;
