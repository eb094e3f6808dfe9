-- Migration (PostgreSQL): 20251120_002_add_webhook_deliveries.sql
-- One row per (event, webhook); see the SQLite twin for the column meanings. Times: Unix ms.
CREATE TABLE IF NOT EXISTS webhook_deliveries (
id TEXT PRIMARY KEY,
event_id BIGINT NOT NULL,
webhook_id TEXT NOT NULL,
organization_id TEXT NOT NULL,
event_type TEXT NOT NULL,
status TEXT NOT NULL DEFAULT 'pending'
  CHECK(status IN ('pending', 'delivering', 'succeeded', 'failed', 'cancelled')),
attempt_count INTEGER NOT NULL DEFAULT 0,
next_attempt_at BIGINT NOT NULL,
lease_owner TEXT,
lease_expires_at BIGINT,
last_http_status INTEGER,
last_error TEXT,
created_at BIGINT NOT NULL,
updated_at BIGINT NOT NULL,
completed_at BIGINT,
UNIQUE(event_id, webhook_id),
FOREIGN KEY (event_id) REFERENCES domain_events(id) ON DELETE CASCADE
);
CREATE INDEX idx_delivery_due ON webhook_deliveries(next_attempt_at) WHERE status = 'pending';
CREATE INDEX idx_delivery_lease ON webhook_deliveries(lease_expires_at) WHERE status = 'delivering';
CREATE INDEX idx_delivery_webhook ON webhook_deliveries(webhook_id, created_at);
CREATE INDEX idx_delivery_status_completed ON webhook_deliveries(status, completed_at);
