-- Rollback: 20251127_001_lean_delivery_indexes.sql (PostgreSQL twin)
DROP INDEX IF EXISTS idx_delivery_succeeded;
