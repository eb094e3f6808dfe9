-- Rollback: 20251127_001_lean_delivery_indexes.sql (the indexes of 20251120_002 as they were)
DROP INDEX IF EXISTS idx_delivery_succeeded;
CREATE INDEX IF NOT EXISTS idx_delivery_due ON webhook_deliveries(next_attempt_at) WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS idx_delivery_status_completed ON webhook_deliveries(status, completed_at);
