-- Rollback: 20251127_001_lean_delivery_indexes.sql (the indexes as 20251120_002 and 20251125_001 left them)
DROP INDEX IF EXISTS idx_delivery_succeeded;
CREATE INDEX IF NOT EXISTS idx_delivery_due ON webhook_deliveries(next_attempt_at) WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS idx_delivery_status_completed ON webhook_deliveries(status, completed_at);
CREATE INDEX IF NOT EXISTS idx_delivery_webhook_delivering
  ON webhook_deliveries(webhook_id, lease_expires_at) WHERE status = 'delivering';
