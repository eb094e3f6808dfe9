-- Rollback (PostgreSQL) for 20251123_002_add_domain_event_triggers.sql
DROP TRIGGER IF EXISTS trg_documents_deleted ON documents;
DROP TRIGGER IF EXISTS trg_documents_uploaded ON documents;
DROP TRIGGER IF EXISTS trg_warranty_tracking_status ON warranty_tracking;
DROP TRIGGER IF EXISTS trg_sale_workflows_status ON sale_workflows;
DROP TRIGGER IF EXISTS trg_sale_workflows_initiated ON sale_workflows;
DROP FUNCTION IF EXISTS navidocs_documents_event();
DROP FUNCTION IF EXISTS navidocs_warranty_tracking_event();
DROP FUNCTION IF EXISTS navidocs_sale_workflows_event();
