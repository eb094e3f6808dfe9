-- Migration (PostgreSQL): 20251123_003_seed_notification_templates.sql; see the SQLite twin.
-- Purpose: default notification templates. The two WARRANTY_EXPIRING e-mail templates nt-001 and
-- nt-002 exactly as the seed's testing checklist gives them, and one in_app template per event
-- type that is worth a notification (the in-app notifier renders these; SPEC §4).
-- Rows that already exist (the app may have seeded nt-001 itself) are left alone, and only the
-- rows this migration really inserted are remembered, so the down migration removes exactly those.
-- In-app templates: `subject` is the notification's title, `body` its message; `variables`
-- lists every {{placeholder}} they use (all present in the event's data as the triggers and the
-- scanner write it).
CREATE TABLE IF NOT EXISTS notification_template_seeds (
id TEXT PRIMARY KEY                     -- notification_templates.id inserted by this migration
);

INSERT INTO notification_template_seeds (id)
SELECT v.id FROM (VALUES
  ('nt-001'), ('nt-002'),
  ('nt-inapp-warranty-expiring-90'), ('nt-inapp-warranty-expiring-30'),
  ('nt-inapp-warranty-expiring-14'), ('nt-inapp-warranty-expired'),
  ('nt-inapp-warranty-claimed'), ('nt-inapp-warranty-status-changed'),
  ('nt-inapp-document-uploaded'), ('nt-inapp-document-deleted'),
  ('nt-inapp-sale-initiated'), ('nt-inapp-sale-package-generated'),
  ('nt-inapp-sale-transferred'), ('nt-inapp-sale-completed'))
  AS v(id)
WHERE v.id NOT IN (SELECT id FROM notification_templates);

-- The seed's two e-mail templates, verbatim (ids, text, variables, context keys, timestamps).
INSERT INTO notification_templates (
id, event_type, type, subject, body, variables, is_active, context_key,
created_at, updated_at
) VALUES
('nt-001', 'WARRANTY_EXPIRING', 'email',
'Warranty expiring in 90 days: {{item_name}}',
'Your {{item_name}} warranty expires on {{expiration_date}} (90 days from now). Plan ahead for renewal or coverage gap.',
'["item_name", "expiration_date", "boat_name"]', 1, '90_days',
1699888800, 1699888800),
('nt-002', 'WARRANTY_EXPIRING', 'email',
'Warranty expiring in 30 days: {{item_name}}',
'URGENT: Your {{item_name}} warranty expires on {{expiration_date}} (30 days). Take action now.',
'["item_name", "expiration_date", "boat_name", "claim_deadline"]', 1, '30_days',
1699888800, 1699888800)
ON CONFLICT DO NOTHING;

INSERT INTO notification_templates (
id, event_type, type, subject, body, variables, description, is_active, context_key,
created_at, updated_at
) VALUES
('nt-inapp-warranty-expiring-90', 'WARRANTY_EXPIRING', 'in_app',
'{{item_name}} warranty expires in {{days_until_expiration}} days',
'The {{item_name}} warranty on {{boat_name}} expires on {{expiration_date}}. Plan ahead for renewal or a coverage gap.',
'["item_name", "boat_name", "expiration_date", "days_until_expiration"]',
'In-app notice 90 days before a warranty expires', 1, '90_days', 1763856000, 1763856000),
('nt-inapp-warranty-expiring-30', 'WARRANTY_EXPIRING', 'in_app',
'{{item_name}} warranty expires in {{days_until_expiration}} days',
'The {{item_name}} warranty on {{boat_name}} expires on {{expiration_date}}. Take action now.',
'["item_name", "boat_name", "expiration_date", "days_until_expiration"]',
'In-app notice 30 days before a warranty expires', 1, '30_days', 1763856000, 1763856000),
('nt-inapp-warranty-expiring-14', 'WARRANTY_EXPIRING', 'in_app',
'Last call: {{item_name}} warranty expires in {{days_until_expiration}} days',
'The {{item_name}} warranty on {{boat_name}} expires on {{expiration_date}}. File any claim before then.',
'["item_name", "boat_name", "expiration_date", "days_until_expiration"]',
'In-app notice 14 days before a warranty expires', 1, '14_days', 1763856000, 1763856000),
('nt-inapp-warranty-expired', 'WARRANTY_EXPIRED', 'in_app',
'{{item_name}} warranty has expired',
'The {{item_name}} warranty on {{boat_name}} expired on {{expiration_date}}.',
'["item_name", "boat_name", "expiration_date"]',
'In-app notice when the scanner marks a warranty expired', 1, NULL, 1763856000, 1763856000),
('nt-inapp-warranty-claimed', 'WARRANTY_CLAIMED', 'in_app',
'Warranty claim filed: {{item_name}}',
'A claim was filed on the {{item_name}} warranty on {{boat_name}}.',
'["item_name", "boat_name"]',
'In-app notice when a warranty becomes claimed', 1, NULL, 1763856000, 1763856000),
('nt-inapp-warranty-status-changed', 'WARRANTY_STATUS_CHANGED', 'in_app',
'{{item_name}} warranty is now {{status}}',
'The {{item_name}} warranty on {{boat_name}} changed from {{previous_status}} to {{status}}.',
'["item_name", "boat_name", "previous_status", "status"]',
'In-app notice for other warranty status changes', 1, NULL, 1763856000, 1763856000),
('nt-inapp-document-uploaded', 'DOCUMENT_UPLOADED', 'in_app',
'New document: {{title}}',
'{{title}} was uploaded.',
'["title"]',
'In-app notice when a document is uploaded', 1, NULL, 1763856000, 1763856000),
('nt-inapp-document-deleted', 'DOCUMENT_DELETED', 'in_app',
'Document deleted: {{title}}',
'{{title}} was deleted.',
'["title"]',
'In-app notice when a document is deleted', 1, NULL, 1763856000, 1763856000),
('nt-inapp-sale-initiated', 'SALE_INITIATED', 'in_app',
'Sale started: {{boat_name}}',
'A sale of {{boat_name}} to {{buyer_email}} was initiated.',
'["boat_name", "buyer_email"]',
'In-app notice when a sale workflow starts', 1, NULL, 1763856000, 1763856000),
('nt-inapp-sale-package-generated', 'SALE_PACKAGE_GENERATED', 'in_app',
'Sale package ready: {{boat_name}}',
'The document package for the sale of {{boat_name}} to {{buyer_email}} is ready.',
'["boat_name", "buyer_email"]',
'In-app notice when the as-built package is generated', 1, NULL, 1763856000, 1763856000),
('nt-inapp-sale-transferred', 'SALE_TRANSFERRED', 'in_app',
'Documents transferred: {{boat_name}}',
'The documents of {{boat_name}} were transferred to {{buyer_email}}.',
'["boat_name", "buyer_email"]',
'In-app notice when documents are transferred to the buyer', 1, NULL, 1763856000, 1763856000),
('nt-inapp-sale-completed', 'SALE_COMPLETED', 'in_app',
'Sale completed: {{boat_name}}',
'The sale of {{boat_name}} to {{buyer_email}} is complete.',
'["boat_name", "buyer_email"]',
'In-app notice when a sale completes', 1, NULL, 1763856000, 1763856000)
ON CONFLICT DO NOTHING;

-- An id remembered above whose insert was ignored (another active template already holds its
-- event_type/type/context_key) was not inserted by us: forget it.
DELETE FROM notification_template_seeds
WHERE id NOT IN (SELECT id FROM notification_templates);
