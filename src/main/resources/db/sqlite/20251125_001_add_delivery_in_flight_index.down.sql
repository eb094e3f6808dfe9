-- Rollback: 20251125_001_add_delivery_in_flight_index.sql
DROP INDEX IF EXISTS idx_delivery_webhook_delivering;
