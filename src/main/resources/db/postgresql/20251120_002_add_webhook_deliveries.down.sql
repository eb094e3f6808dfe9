-- Rollback for 20251120_002_add_webhook_deliveries.sql
DROP INDEX IF EXISTS idx_delivery_status_completed;
DROP INDEX IF EXISTS idx_delivery_webhook;
DROP INDEX IF EXISTS idx_delivery_lease;
DROP INDEX IF EXISTS idx_delivery_due;
DROP TABLE IF EXISTS webhook_deliveries;
