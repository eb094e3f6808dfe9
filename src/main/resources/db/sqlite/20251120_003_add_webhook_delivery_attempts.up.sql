-- Migration: 20251120_003_add_webhook_delivery_attempts.sql
-- Purpose: one row per HTTP attempt (SPEC §3). Times are Unix MILLISECONDS.
CREATE TABLE IF NOT EXISTS webhook_delivery_attempts (
id INTEGER PRIMARY KEY AUTOINCREMENT,
delivery_id TEXT NOT NULL,              -- webhook_deliveries(id)
number INTEGER NOT NULL,                -- 1 for the first attempt
started_at INTEGER NOT NULL,            -- Unix ms
duration_ms INTEGER NOT NULL,
http_status INTEGER,                    -- null when no response came back
outcome TEXT NOT NULL                   -- the metric label of SPEC §7
  CHECK(outcome IN ('success', 'http_error', 'timeout', 'network_error', 'blocked')),
error TEXT,                             -- error class and short message when no 2xx
response_body TEXT,                     -- first 4 KiB of the response body
UNIQUE(delivery_id, number),
FOREIGN KEY (delivery_id) REFERENCES webhook_deliveries(id) ON DELETE CASCADE
);
CREATE INDEX idx_attempt_started_at ON webhook_delivery_attempts(started_at);
