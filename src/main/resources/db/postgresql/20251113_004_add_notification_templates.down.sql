-- Rollback for 20251113_004_add_notification_templates.sql
DROP INDEX IF EXISTS idx_template_context;
DROP INDEX IF EXISTS idx_template_lookup;
DROP INDEX IF EXISTS idx_template_active;
DROP INDEX IF EXISTS idx_template_type;
DROP INDEX IF EXISTS idx_template_event_type;
DROP TABLE IF EXISTS notification_templates;
