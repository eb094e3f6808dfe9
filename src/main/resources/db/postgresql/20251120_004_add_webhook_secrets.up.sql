-- Migration (PostgreSQL): 20251120_004_add_webhook_secrets.sql
-- Previous secrets signing during a rotation's grace period; see the SQLite twin. Times: Unix ms.
CREATE TABLE IF NOT EXISTS webhook_secrets (
webhook_id TEXT NOT NULL,
secret TEXT NOT NULL,
expires_at BIGINT NOT NULL,
created_at BIGINT NOT NULL,
PRIMARY KEY (webhook_id, secret),
FOREIGN KEY (webhook_id) REFERENCES webhooks(id) ON DELETE CASCADE
);
CREATE INDEX idx_webhook_secrets_expires ON webhook_secrets(expires_at);
