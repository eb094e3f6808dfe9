-- Rollback for 20251123_002_add_domain_event_triggers.sql: the NaviDocs tables stop emitting.
DROP TRIGGER IF EXISTS trg_documents_deleted;
DROP TRIGGER IF EXISTS trg_documents_uploaded;
DROP TRIGGER IF EXISTS trg_warranty_tracking_status;
DROP TRIGGER IF EXISTS trg_sale_workflows_status;
DROP TRIGGER IF EXISTS trg_sale_workflows_initiated;
