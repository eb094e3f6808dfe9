-- Migration (PostgreSQL): 20251121_001_add_webhook_endpoint_state.sql
-- Purpose: the delivery engine's endpoint backoff gate (SPEC §5, endpoint health), kept in the
-- database so that several workers sharing it agree: while a webhook has consecutive failures,
-- at most one probe is in flight to it and the next one waits until next_probe_at.
-- Times are Unix MILLISECONDS.
CREATE TABLE IF NOT EXISTS webhook_endpoint_state (
webhook_id TEXT PRIMARY KEY,            -- webhooks(id)
next_probe_at BIGINT NOT NULL DEFAULT 0, -- Unix ms: no attempt to this endpoint before this while it is failing
probe_delivery_id TEXT,                 -- the delivery currently probing the failing endpoint
probe_expires_at BIGINT,               -- Unix ms: the probe's lease; after it another probe may start
last_failure_at BIGINT,                -- Unix ms when the last counted failure was recorded
updated_at BIGINT NOT NULL,
FOREIGN KEY (webhook_id) REFERENCES webhooks(id) ON DELETE CASCADE
);
-- Claiming walks each active endpoint's due deliveries in time order.
CREATE INDEX idx_delivery_webhook_due ON webhook_deliveries(webhook_id, next_attempt_at)
  WHERE status = 'pending';
