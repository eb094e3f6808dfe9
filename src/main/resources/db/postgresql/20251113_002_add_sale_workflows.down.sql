-- Rollback for 20251113_002_add_sale_workflows.sql
DROP INDEX IF EXISTS idx_sale_created_at;
DROP INDEX IF EXISTS idx_sale_download_token;
DROP INDEX IF EXISTS idx_sale_initiated_by;
DROP INDEX IF EXISTS idx_sale_buyer_email;
DROP INDEX IF EXISTS idx_sale_status;
DROP INDEX IF EXISTS idx_sale_boat_id;
DROP TABLE IF EXISTS sale_workflows;
