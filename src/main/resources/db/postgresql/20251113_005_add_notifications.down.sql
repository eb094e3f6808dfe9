-- Rollback for 20251113_005_add_notifications.sql
DROP INDEX IF EXISTS idx_notification_type;
DROP INDEX IF EXISTS idx_notification_expires_at;
DROP INDEX IF EXISTS idx_notification_user_recent;
DROP INDEX IF EXISTS idx_notification_user_unread;
DROP INDEX IF EXISTS idx_notification_created_at;
DROP INDEX IF EXISTS idx_notification_is_read;
DROP INDEX IF EXISTS idx_notification_user_id;
DROP TABLE IF EXISTS notifications;
