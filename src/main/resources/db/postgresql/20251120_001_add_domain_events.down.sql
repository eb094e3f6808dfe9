-- Rollback for 20251120_001_add_domain_events.sql
DROP INDEX IF EXISTS idx_domain_events_org_status;
DROP INDEX IF EXISTS idx_domain_events_created_at;
DROP INDEX IF EXISTS idx_domain_events_pending;
DROP TABLE IF EXISTS domain_events;
