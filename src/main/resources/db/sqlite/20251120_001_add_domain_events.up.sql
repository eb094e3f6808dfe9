-- Migration: 20251120_001_add_domain_events.sql
-- Purpose: the transactional outbox (SPEC §3). Any writer may insert
--   INSERT INTO domain_events (organization_id, event_type, payload) VALUES (?, ?, ?)
-- inside its own transaction; event_id and created_at fill themselves in.
-- Times in the worker's own tables are Unix MILLISECONDS (the seed's tables keep seconds).
CREATE TABLE IF NOT EXISTS domain_events (
id INTEGER PRIMARY KEY AUTOINCREMENT,   -- poll order; AUTOINCREMENT: ids are never reused after a purge
event_id TEXT NOT NULL UNIQUE
  DEFAULT ('evt_' || lower(hex(randomblob(16)))), -- public id, the delivered body's `id` and webhook-id
organization_id TEXT NOT NULL,          -- the organization whose webhooks may receive it
event_type TEXT NOT NULL,               -- one of SPEC §4's event types
payload TEXT NOT NULL,                  -- JSON object: the delivered body's `data`
boat_id TEXT,                           -- optional: entities(id) of the boat concerned
source TEXT NOT NULL DEFAULT 'outbox'   -- who wrote it: outbox (app, triggers), api, scanner, worker
  CHECK(source IN ('outbox', 'api', 'scanner', 'worker')),
status TEXT NOT NULL DEFAULT 'pending'  -- pending: not yet fanned out; accepted; rejected (see reason)
  CHECK(status IN ('pending', 'accepted', 'rejected')),
reason TEXT,                            -- why it was rejected (unknown type, invalid JSON, unknown org)
deliveries INTEGER NOT NULL DEFAULT 0,  -- deliveries created when it was accepted
created_at INTEGER NOT NULL
  DEFAULT (CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)), -- Unix ms
processed_at INTEGER                    -- Unix ms when accepted or rejected
);
CREATE INDEX idx_domain_events_pending ON domain_events(id) WHERE status = 'pending';
CREATE INDEX idx_domain_events_created_at ON domain_events(created_at);
CREATE INDEX idx_domain_events_org_status ON domain_events(organization_id, status, id);
