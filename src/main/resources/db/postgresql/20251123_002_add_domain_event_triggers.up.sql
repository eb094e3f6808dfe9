-- Migration (PostgreSQL): 20251123_002_add_domain_event_triggers.sql; see the SQLite twin for
-- the events, payloads and decisions. Trigger functions in PL/pgSQL (a trusted language: an
-- ordinary role that owns the database may create them). The rows are written inside the
-- writer's own transaction.

CREATE OR REPLACE FUNCTION navidocs_sale_workflows_event() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  org TEXT;
  boat TEXT;
  kind TEXT;
  data JSON;
BEGIN
  SELECT e.organization_id, e.name INTO org, boat FROM entities e WHERE e.id = NEW.boat_id;
  IF TG_OP = 'INSERT' THEN
    kind := 'SALE_INITIATED';
    data := json_build_object(
      'sale_id', NEW.id, 'boat_id', NEW.boat_id, 'boat_name', boat, 'organization_id', org,
      'buyer_email', NEW.buyer_email, 'initiated_by', NEW.initiated_by, 'status', NEW.status,
      'created_at', NEW.created_at);
  ELSE
    kind := CASE NEW.status
      WHEN 'package_generated' THEN 'SALE_PACKAGE_GENERATED'
      WHEN 'transferred' THEN 'SALE_TRANSFERRED'
      WHEN 'completed' THEN 'SALE_COMPLETED'
    END;
    IF kind IS NULL THEN
      RETURN NULL;
    END IF;
    data := json_build_object(
      'sale_id', NEW.id, 'boat_id', NEW.boat_id, 'boat_name', boat, 'organization_id', org,
      'buyer_email', NEW.buyer_email, 'previous_status', OLD.status, 'status', NEW.status,
      'transfer_date', NEW.transfer_date, 'expiration_date', NEW.expiration_date,
      'documents_generated', NEW.documents_generated,
      'package_file_size', NEW.package_file_size, 'updated_at', NEW.updated_at);
  END IF;
  INSERT INTO domain_events (organization_id, event_type, payload, boat_id, source)
  VALUES (COALESCE(org, ''), kind, data::text, NEW.boat_id, 'outbox');
  RETURN NULL;
END;
$$;

CREATE TRIGGER trg_sale_workflows_initiated AFTER INSERT ON sale_workflows
FOR EACH ROW EXECUTE FUNCTION navidocs_sale_workflows_event();

CREATE TRIGGER trg_sale_workflows_status AFTER UPDATE OF status ON sale_workflows
FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status)
EXECUTE FUNCTION navidocs_sale_workflows_event();

CREATE OR REPLACE FUNCTION navidocs_warranty_tracking_event() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  org TEXT;
  boat TEXT;
BEGIN
  -- The scanner's own expiry (its mark for this warranty and date exists): it writes
  -- WARRANTY_EXPIRED itself.
  IF NEW.status = 'expired' AND EXISTS (
      SELECT 1 FROM warranty_alerts a WHERE a.warranty_id = NEW.id
        AND a.expiration_date = NEW.expiration_date AND a.threshold = 0) THEN
    RETURN NULL;
  END IF;
  SELECT e.organization_id, e.name INTO org, boat FROM entities e WHERE e.id = NEW.boat_id;
  INSERT INTO domain_events (organization_id, event_type, payload, boat_id, source)
  VALUES (
    COALESCE(org, ''),
    CASE WHEN NEW.status = 'claimed' THEN 'WARRANTY_CLAIMED' ELSE 'WARRANTY_STATUS_CHANGED' END,
    json_build_object(
      'warranty_id', NEW.id, 'boat_id', NEW.boat_id, 'boat_name', boat, 'organization_id', org,
      'item_name', NEW.item_name, 'provider', NEW.provider,
      'expiration_date', NEW.expiration_date, 'coverage_amount', NEW.coverage_amount,
      'previous_status', OLD.status, 'status', NEW.status, 'updated_at', NEW.updated_at)::text,
    NEW.boat_id,
    'outbox');
  RETURN NULL;
END;
$$;

CREATE TRIGGER trg_warranty_tracking_status AFTER UPDATE OF status ON warranty_tracking
FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status)
EXECUTE FUNCTION navidocs_warranty_tracking_event();

CREATE OR REPLACE FUNCTION navidocs_documents_event() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  doc documents%ROWTYPE;
  boat TEXT;
  data JSON;
BEGIN
  IF TG_OP = 'DELETE' THEN
    doc := OLD;
  ELSE
    doc := NEW;
  END IF;
  SELECT e.name INTO boat FROM entities e WHERE e.id = doc.entity_id;
  data := json_build_object(
    'document_id', doc.id, 'organization_id', doc.organization_id, 'boat_id', doc.entity_id,
    'boat_name', boat, 'title', doc.title, 'file_name', doc.file_name,
    'file_size', doc.file_size, 'mime_type', doc.mime_type, 'uploaded_by', doc.uploaded_by);
  IF TG_OP = 'INSERT' THEN
    data := (data::jsonb || jsonb_build_object('created_at', doc.created_at))::json;
  END IF;
  INSERT INTO domain_events (organization_id, event_type, payload, boat_id, source)
  VALUES (doc.organization_id,
    CASE WHEN TG_OP = 'DELETE' THEN 'DOCUMENT_DELETED' ELSE 'DOCUMENT_UPLOADED' END,
    data::text, doc.entity_id, 'outbox');
  RETURN NULL;
END;
$$;

CREATE TRIGGER trg_documents_uploaded AFTER INSERT ON documents
FOR EACH ROW EXECUTE FUNCTION navidocs_documents_event();

CREATE TRIGGER trg_documents_deleted AFTER DELETE ON documents
FOR EACH ROW EXECUTE FUNCTION navidocs_documents_event();
