-- Migration: 20251127_002_drop_attempt_started_at_index.sql
-- Purpose: one index entry fewer per HTTP attempt (issue 3, engine throughput). Every attempt
-- row is inserted once and read only through its delivery (UNIQUE(delivery_id, number): the API's
-- delivery detail, the retention purge's cascade). No query filters or orders attempts by
-- started_at, so idx_attempt_started_at was maintained on every insert for no reader.
DROP INDEX IF EXISTS idx_attempt_started_at;
