#!/usr/bin/env bash
# Post-migration smoke test (the seed's test/migrations/post-migration-smoke.sh): tables and
# indexes exist, no foreign key violation, PRAGMA integrity_check is ok; then the service's own
# `verify`, which checks every table, index and trigger of this build. Exits 1 on any failure.
#
# Usage: smoke-test.sh        (settings from the environment, see common.sh;
#                              SMOKE_SKIP_VERIFY=1 runs only the sqlite3 checks)
set -uo pipefail
. "$(dirname "$0")/common.sh"

failures=0
bad() { printf '✗ %s\n' "$*"; failures=$((failures + 1)); }
[ -f "$DB_FILE" ] || fail "database file not found: $DB_FILE"
db() { "$SQLITE3" "file:$DB_FILE?mode=ro" "$@" 2>&1; }

say "Running post-migration smoke tests on $DB_FILE ..."
# Test 1: all tables exist (the seed's five and the worker's own).
for table in warranty_tracking sale_workflows webhooks notification_templates notifications \
    domain_events webhook_deliveries webhook_delivery_attempts; do
  if count="$(db "SELECT COUNT(*) FROM ${table};")" && [[ "$count" =~ ^[0-9]+$ ]]; then
    say "✓ Table '${table}' exists (rows: ${count})"
  else
    bad "Table '${table}' missing or unreadable: ${count}"
  fi
done
# Test 2: the seed's indexes exist.
indexes="$(db "SELECT name FROM sqlite_master WHERE type = 'index';")"
for index in idx_warranty_boat_id idx_sale_status idx_webhook_active idx_notification_user_unread \
    idx_webhook_org_id idx_template_lookup; do
  if printf '%s\n' "$indexes" | grep -qx "${index}"; then
    say "✓ Index '${index}' exists"
  else
    bad "Index '${index}' missing"
  fi
done
# Test 3: foreign key integrity.
fk="$(db "PRAGMA foreign_key_check;")"
if [ -z "$fk" ]; then
  say "✓ All foreign key relationships valid"
else
  bad "Foreign key violations detected:"; printf '%s\n' "$fk"
fi
# Test 4: database integrity.
integrity="$(integrity_of "$DB_FILE")"
if [ "$integrity" = "ok" ]; then
  say "✓ Database integrity check passed"
else
  bad "Database integrity check FAILED: $integrity"
fi
# Test 5: the service's own verification of this build's schema.
if [ "${SMOKE_SKIP_VERIFY:-0}" != "1" ]; then
  if out="$(navidocs verify 2>&1)"; then
    say "✓ navidocs-webhooks verify: $(printf '%s\n' "$out" | tail -1)"
  else
    bad "navidocs-webhooks verify failed:"; printf '%s\n' "$out" | grep -v '^\[ok\]'
  fi
fi

if [ "$failures" -gt 0 ]; then
  say "$failures smoke test(s) FAILED"
  exit 1
fi
say "All smoke tests passed!"
