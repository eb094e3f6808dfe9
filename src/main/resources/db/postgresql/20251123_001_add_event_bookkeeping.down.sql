-- Rollback for 20251123_001_add_event_bookkeeping.sql
DROP TABLE IF EXISTS job_leases;
DROP INDEX IF EXISTS idx_notification_events_processed;
DROP INDEX IF EXISTS idx_notification_events_errors;
DROP TABLE IF EXISTS notification_events;
DROP TABLE IF EXISTS notification_cursor;
DROP TABLE IF EXISTS warranty_alerts;
