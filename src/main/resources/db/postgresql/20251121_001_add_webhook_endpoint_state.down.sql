-- Rollback: 20251121_001_add_webhook_endpoint_state.sql
DROP INDEX IF EXISTS idx_delivery_webhook_due;
DROP TABLE IF EXISTS webhook_endpoint_state;
