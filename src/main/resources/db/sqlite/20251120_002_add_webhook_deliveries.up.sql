-- Migration: 20251120_002_add_webhook_deliveries.sql
-- Purpose: one row per (event, webhook) (SPEC §3, §5). Times are Unix MILLISECONDS.
-- webhook_id has no foreign key on purpose: deleting a webhook cancels its deliveries and
-- keeps them for the record instead of deleting them.
CREATE TABLE IF NOT EXISTS webhook_deliveries (
id TEXT PRIMARY KEY,                    -- dlv_<hex>, sent as X-NaviDocs-Delivery
event_id INTEGER NOT NULL,              -- domain_events(id)
webhook_id TEXT NOT NULL,               -- webhooks(id)
organization_id TEXT NOT NULL,
event_type TEXT NOT NULL,
status TEXT NOT NULL DEFAULT 'pending'
  CHECK(status IN ('pending', 'delivering', 'succeeded', 'failed', 'cancelled')),
attempt_count INTEGER NOT NULL DEFAULT 0,
next_attempt_at INTEGER NOT NULL,       -- Unix ms: not attempted before this
lease_owner TEXT,                       -- worker instance holding it while delivering
lease_expires_at INTEGER,               -- Unix ms: after this another worker may reclaim it
last_http_status INTEGER,               -- status of the last attempt; 0 when none came back
last_error TEXT,                        -- short reason of the last failed attempt
created_at INTEGER NOT NULL,
updated_at INTEGER NOT NULL,
completed_at INTEGER,                   -- Unix ms when it became succeeded, failed or cancelled
UNIQUE(event_id, webhook_id),
FOREIGN KEY (event_id) REFERENCES domain_events(id) ON DELETE CASCADE
);
CREATE INDEX idx_delivery_due ON webhook_deliveries(next_attempt_at) WHERE status = 'pending';
CREATE INDEX idx_delivery_lease ON webhook_deliveries(lease_expires_at) WHERE status = 'delivering';
CREATE INDEX idx_delivery_webhook ON webhook_deliveries(webhook_id, created_at);
CREATE INDEX idx_delivery_status_completed ON webhook_deliveries(status, completed_at);
