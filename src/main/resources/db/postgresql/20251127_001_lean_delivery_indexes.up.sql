-- Migration: 20251127_001_lean_delivery_indexes.sql (PostgreSQL twin)
-- On SQLite this migration drops idx_delivery_due and idx_delivery_status_completed (index
-- maintenance per delivery on the single writer, issue 3). On PostgreSQL the engine's claim
-- queries are another helper's work in progress (issue 7) and may use them, so the PostgreSQL
-- schema keeps both and only gains the partial index the retention purge uses.
CREATE INDEX IF NOT EXISTS idx_delivery_succeeded ON webhook_deliveries(completed_at) WHERE status = 'succeeded';
