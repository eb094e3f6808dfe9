-- Rollback for 20251113_003_add_webhooks.sql
DROP INDEX IF EXISTS idx_webhook_active;
DROP INDEX IF EXISTS idx_webhook_created_at;
DROP INDEX IF EXISTS idx_webhook_url;
DROP INDEX IF EXISTS idx_webhook_status;
DROP INDEX IF EXISTS idx_webhook_org_id;
DROP TABLE IF EXISTS webhooks;
