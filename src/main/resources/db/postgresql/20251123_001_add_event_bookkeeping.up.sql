-- Migration (PostgreSQL): 20251123_001_add_event_bookkeeping.sql; see the SQLite twin.
-- Purpose: the worker's own bookkeeping for the warranty scanner and in-app notifications
-- (SPEC §4, §8: the seed's tables keep exactly their columns). Times are Unix MILLISECONDS.

-- One row per warranty, expiration date and threshold the scanner has dealt with: 90, 30, 14
-- (days before expiration_date; WARRANTY_EXPIRING) and 0 (the warranty expired;
-- WARRANTY_EXPIRED). The primary key is what makes each alert happen at most once, also across
-- restarts and concurrent scanners: the mark and its event are written in one transaction, and
-- only the writer whose mark was inserted writes the event. event_id is null for a larger
-- threshold that was crossed in the same scan as a smaller one (SPEC §8: it counts as done).
-- Keyed by expiration_date too, so that a warranty whose date the app moves gets its alerts
-- again for the new date.
CREATE TABLE IF NOT EXISTS warranty_alerts (
warranty_id TEXT NOT NULL,              -- warranty_tracking(id); no foreign key: marks outlive rows
expiration_date TEXT NOT NULL,          -- the warranty's expiration_date when the mark was made
threshold INTEGER NOT NULL              -- days before expiration_date; 0 = expired
  CHECK(threshold IN (0, 14, 30, 90)),
event_id TEXT,                          -- domain_events.event_id written for it, null when implied
sent_at BIGINT NOT NULL,               -- Unix ms
PRIMARY KEY (warranty_id, expiration_date, threshold)
);

-- Where the in-app notifier has got to in domain_events (its own cursor, independent of the
-- delivery engine's).
CREATE TABLE IF NOT EXISTS notification_cursor (
name TEXT PRIMARY KEY,                  -- 'in_app'
last_event_id BIGINT NOT NULL,         -- domain_events.id of the last event handled
updated_at BIGINT NOT NULL             -- Unix ms
);

-- What the notifier did with each event it handled: how many notifications it wrote, or why it
-- wrote none (no template; a template variable missing from the event's data; invalid event).
CREATE TABLE IF NOT EXISTS notification_events (
event_id BIGINT PRIMARY KEY,           -- domain_events.id
outcome TEXT NOT NULL
  CHECK(outcome IN ('notified', 'no_template', 'render_error', 'invalid')),
template_id TEXT,                       -- notification_templates.id used, when one was found
notifications INTEGER NOT NULL DEFAULT 0, -- notifications rows inserted (0 on redelivery)
error TEXT,                             -- why, for render_error and invalid
processed_at BIGINT NOT NULL           -- Unix ms
);
CREATE INDEX IF NOT EXISTS idx_notification_events_errors ON notification_events(outcome)
WHERE outcome IN ('render_error', 'invalid');
CREATE INDEX IF NOT EXISTS idx_notification_events_processed ON notification_events(processed_at);

-- A lease that lets one instance at a time run a periodic job (the warranty scanner, the
-- notification purge). Correctness never depends on it (warranty_alerts' key and the
-- notifications' deterministic ids prevent duplicates); it only saves duplicate work.
CREATE TABLE IF NOT EXISTS job_leases (
name TEXT PRIMARY KEY,                  -- 'warranty_scanner'
holder TEXT NOT NULL,                   -- ServiceContext.instanceId of the holder
expires_at BIGINT NOT NULL             -- Unix ms
);
