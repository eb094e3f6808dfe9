-- Rollback for 20251120_004_add_webhook_secrets.sql
DROP INDEX IF EXISTS idx_webhook_secrets_expires;
DROP TABLE IF EXISTS webhook_secrets;
