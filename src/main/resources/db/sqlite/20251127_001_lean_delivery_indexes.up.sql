-- Migration: 20251127_001_lean_delivery_indexes.sql
-- Purpose: fewer index entries to maintain per delivery (issue 3, engine throughput). Every
-- delivery row is inserted, claimed (pending -> delivering) and finished (-> succeeded), and each
-- of those writes updated every index whose columns or partial condition changed.
-- * idx_delivery_due (next_attempt_at WHERE pending) serves no query any more: claims walk
--   idx_delivery_webhook_due (webhook_id, next_attempt_at WHERE pending) since 20251121_001.
-- * idx_delivery_status_completed (status, completed_at) covered every row and changed on every
--   status change. Its users: the retention purge (succeeded rows by completed_at) gets the
--   partial index below; pending rows are found through idx_delivery_webhook_due, delivering
--   ones through idx_delivery_lease (both partial), so a claim now touches two indexes, not four.
-- * idx_delivery_webhook_delivering (20251125_001) serves PostgreSQL's cross-instance in-flight
--   count; SQLite keeps that count in the worker's memory and never reads it.
DROP INDEX IF EXISTS idx_delivery_due;
DROP INDEX IF EXISTS idx_delivery_webhook_delivering;
DROP INDEX IF EXISTS idx_delivery_status_completed;
CREATE INDEX idx_delivery_succeeded ON webhook_deliveries(completed_at) WHERE status = 'succeeded';
