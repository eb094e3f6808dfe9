-- Rollback for 20251123_003_seed_notification_templates.sql: removes exactly the template rows
-- the up migration inserted (never rows the NaviDocs app had made).
DELETE FROM notification_templates WHERE id IN (SELECT id FROM notification_template_seeds);
DROP TABLE IF EXISTS notification_template_seeds;
