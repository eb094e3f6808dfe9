-- Migration (SQLite): 20251125_001_add_delivery_in_flight_index.sql
-- Purpose: on PostgreSQL several instances share one database, and a claim counts an endpoint's
-- attempts in flight from the database (rows 'delivering' with a live lease, per webhook) under
-- the endpoint's claim lock (issue 7); this partial index holds only the few rows in flight.
-- SQLite runs one worker per file and keeps that count in memory, so the index is not read
-- here; it exists on both so that the two schemas stay one (it costs one small index entry per
-- delivery while it is in flight).
CREATE INDEX IF NOT EXISTS idx_delivery_webhook_delivering
  ON webhook_deliveries(webhook_id, lease_expires_at) WHERE status = 'delivering';
