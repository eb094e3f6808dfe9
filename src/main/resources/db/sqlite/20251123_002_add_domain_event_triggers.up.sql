-- Migration: 20251123_002_add_domain_event_triggers.sql
-- Purpose: domain events at the source (SPEC §3). These triggers append to the outbox
-- (domain_events) inside the writer's own transaction, so the NaviDocs app produces events
-- without changing a line, whichever process or connection writes.
-- Payload: the delivered body's `data` (json_object). The organization comes from
-- entities.organization_id for boats and from documents.organization_id for documents.
-- The boat is looked up with subqueries (not joins) so that an event is never lost when the
-- writer runs without foreign keys and the boat is missing: the row then carries an empty
-- organization_id, which the delivery engine rejects visibly ("unknown organization").
-- Secrets stay out of payloads: sale_workflows.download_token is never copied.

-- sale_workflows insert -> SALE_INITIATED
CREATE TRIGGER IF NOT EXISTS trg_sale_workflows_initiated
AFTER INSERT ON sale_workflows
BEGIN
  INSERT INTO domain_events (organization_id, event_type, payload, boat_id, source)
  VALUES (
    COALESCE((SELECT organization_id FROM entities WHERE id = NEW.boat_id), ''),
    'SALE_INITIATED',
    json_object(
      'sale_id', NEW.id,
      'boat_id', NEW.boat_id,
      'boat_name', (SELECT name FROM entities WHERE id = NEW.boat_id),
      'organization_id', (SELECT organization_id FROM entities WHERE id = NEW.boat_id),
      'buyer_email', NEW.buyer_email,
      'initiated_by', NEW.initiated_by,
      'status', NEW.status,
      'created_at', NEW.created_at),
    NEW.boat_id,
    'outbox');
END;

-- sale_workflows status change -> SALE_PACKAGE_GENERATED / SALE_TRANSFERRED / SALE_COMPLETED,
-- chosen by the new status. A change back to 'initiated' has no event type and emits nothing.
CREATE TRIGGER IF NOT EXISTS trg_sale_workflows_status
AFTER UPDATE OF status ON sale_workflows
WHEN OLD.status IS NOT NEW.status
  AND NEW.status IN ('package_generated', 'transferred', 'completed')
BEGIN
  INSERT INTO domain_events (organization_id, event_type, payload, boat_id, source)
  VALUES (
    COALESCE((SELECT organization_id FROM entities WHERE id = NEW.boat_id), ''),
    CASE NEW.status
      WHEN 'package_generated' THEN 'SALE_PACKAGE_GENERATED'
      WHEN 'transferred' THEN 'SALE_TRANSFERRED'
      ELSE 'SALE_COMPLETED'
    END,
    json_object(
      'sale_id', NEW.id,
      'boat_id', NEW.boat_id,
      'boat_name', (SELECT name FROM entities WHERE id = NEW.boat_id),
      'organization_id', (SELECT organization_id FROM entities WHERE id = NEW.boat_id),
      'buyer_email', NEW.buyer_email,
      'previous_status', OLD.status,
      'status', NEW.status,
      'transfer_date', NEW.transfer_date,
      'expiration_date', NEW.expiration_date,
      'documents_generated', NEW.documents_generated,
      'package_file_size', NEW.package_file_size,
      'updated_at', NEW.updated_at),
    NEW.boat_id,
    'outbox');
END;

-- warranty_tracking status change -> WARRANTY_CLAIMED (new status 'claimed') or
-- WARRANTY_STATUS_CHANGED (any other change). Not emitted for the warranty scanner's own
-- active -> expired change: the scanner records its expiry mark (warranty_alerts, threshold 0,
-- for this warranty and this expiration_date) in the same transaction before the update and
-- emits WARRANTY_EXPIRED itself, so a second event about the same fact would be a duplicate.
-- The NaviDocs app expiring a warranty by hand still produces WARRANTY_STATUS_CHANGED.
CREATE TRIGGER IF NOT EXISTS trg_warranty_tracking_status
AFTER UPDATE OF status ON warranty_tracking
WHEN OLD.status IS NOT NEW.status
  AND NOT (NEW.status = 'expired' AND EXISTS (
    SELECT 1 FROM warranty_alerts a
    WHERE a.warranty_id = NEW.id AND a.expiration_date = NEW.expiration_date AND a.threshold = 0))
BEGIN
  INSERT INTO domain_events (organization_id, event_type, payload, boat_id, source)
  VALUES (
    COALESCE((SELECT organization_id FROM entities WHERE id = NEW.boat_id), ''),
    CASE WHEN NEW.status = 'claimed' THEN 'WARRANTY_CLAIMED' ELSE 'WARRANTY_STATUS_CHANGED' END,
    json_object(
      'warranty_id', NEW.id,
      'boat_id', NEW.boat_id,
      'boat_name', (SELECT name FROM entities WHERE id = NEW.boat_id),
      'organization_id', (SELECT organization_id FROM entities WHERE id = NEW.boat_id),
      'item_name', NEW.item_name,
      'provider', NEW.provider,
      'expiration_date', NEW.expiration_date,
      'coverage_amount', NEW.coverage_amount,
      'previous_status', OLD.status,
      'status', NEW.status,
      'updated_at', NEW.updated_at),
    NEW.boat_id,
    'outbox');
END;

-- documents insert -> DOCUMENT_UPLOADED
CREATE TRIGGER IF NOT EXISTS trg_documents_uploaded
AFTER INSERT ON documents
BEGIN
  INSERT INTO domain_events (organization_id, event_type, payload, boat_id, source)
  VALUES (
    NEW.organization_id,
    'DOCUMENT_UPLOADED',
    json_object(
      'document_id', NEW.id,
      'organization_id', NEW.organization_id,
      'boat_id', NEW.entity_id,
      'boat_name', (SELECT name FROM entities WHERE id = NEW.entity_id),
      'title', NEW.title,
      'file_name', NEW.file_name,
      'file_size', NEW.file_size,
      'mime_type', NEW.mime_type,
      'uploaded_by', NEW.uploaded_by,
      'created_at', NEW.created_at),
    NEW.entity_id,
    'outbox');
END;

-- documents delete -> DOCUMENT_DELETED
CREATE TRIGGER IF NOT EXISTS trg_documents_deleted
AFTER DELETE ON documents
BEGIN
  INSERT INTO domain_events (organization_id, event_type, payload, boat_id, source)
  VALUES (
    OLD.organization_id,
    'DOCUMENT_DELETED',
    json_object(
      'document_id', OLD.id,
      'organization_id', OLD.organization_id,
      'boat_id', OLD.entity_id,
      'boat_name', (SELECT name FROM entities WHERE id = OLD.entity_id),
      'title', OLD.title,
      'file_name', OLD.file_name,
      'file_size', OLD.file_size,
      'mime_type', OLD.mime_type,
      'uploaded_by', OLD.uploaded_by),
    OLD.entity_id,
    'outbox');
END;
