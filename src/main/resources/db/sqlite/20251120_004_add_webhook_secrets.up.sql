-- Migration: 20251120_004_add_webhook_secrets.sql
-- Purpose: previous secrets that keep signing during a rotation's grace period (SPEC §4, §6).
-- The current secret stays in webhooks.secret (the seed's column); the seed's tables keep
-- exactly the seed's columns (SPEC §8). Times are Unix MILLISECONDS.
CREATE TABLE IF NOT EXISTS webhook_secrets (
webhook_id TEXT NOT NULL,
secret TEXT NOT NULL,
expires_at INTEGER NOT NULL,            -- Unix ms: stops signing after this
created_at INTEGER NOT NULL,
PRIMARY KEY (webhook_id, secret),
FOREIGN KEY (webhook_id) REFERENCES webhooks(id) ON DELETE CASCADE
);
CREATE INDEX idx_webhook_secrets_expires ON webhook_secrets(expires_at);
