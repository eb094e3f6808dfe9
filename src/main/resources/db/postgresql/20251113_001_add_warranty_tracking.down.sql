-- Rollback for 20251113_001_add_warranty_tracking.sql
DROP INDEX IF EXISTS idx_warranty_expiring_soon;
DROP INDEX IF EXISTS idx_warranty_status;
DROP INDEX IF EXISTS idx_warranty_expiration;
DROP INDEX IF EXISTS idx_warranty_boat_id;
DROP TABLE IF EXISTS warranty_tracking;
