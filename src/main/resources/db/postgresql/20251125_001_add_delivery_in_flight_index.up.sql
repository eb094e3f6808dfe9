-- Migration (PostgreSQL): 20251125_001_add_delivery_in_flight_index.sql
-- Purpose: several instances share one database, so a claim counts an endpoint's attempts in
-- flight from the database (rows 'delivering' with a live lease, per webhook) under the
-- endpoint's claim lock (issue 7). Without this index that count intersected the lease index
-- with idx_delivery_webhook, which holds every delivery the webhook ever had; this one holds
-- only the few rows in flight.
CREATE INDEX IF NOT EXISTS idx_delivery_webhook_delivering
  ON webhook_deliveries(webhook_id, lease_expires_at) WHERE status = 'delivering';
