#!/usr/bin/env bash
# Rollback by restore (the seed's scripts/rollback-migration.sh, with systemd instead of pm2):
# check the backup (manifest SHA-256, PRAGMA integrity_check), stop the service, keep the current
# database as <db>.failed-<time>, restore the backup, check the restored file, start the service
# and wait for /api/health to answer 200.
#
# Usage: rollback.sh [BACKUP_FILE]
#   Without an argument the newest backup in BACKUP_DIR is used (a .gz one is decompressed).
#   Settings from the environment, see common.sh.
set -euo pipefail
. "$(dirname "$0")/common.sh"

backup="${1:-${BACKUP_FILE:-}}"
if [ -z "$backup" ]; then
  backup="$(ls -1t "$BACKUP_DIR"/*.backup-* 2>/dev/null | grep -v '\.partial$' | head -1 || true)"
  [ -n "$backup" ] || fail "no backup found in $BACKUP_DIR"
fi
[ -f "$backup" ] || fail "backup file not found: $backup"
say "Starting rollback of $DB_FILE from $backup ..."

# Step 1: check the backup before touching anything.
work="$(mktemp -d "${TMPDIR:-/tmp}/navidocs-rollback.XXXXXX")"
trap 'rm -rf "$work"' EXIT
candidate="$work/restore.db"
case "$backup" in
  *.gz) gzip -dc "$backup" > "$candidate" ;;
  *) cp "$backup" "$candidate" ;;
esac
base="$(basename "${backup%.gz}")"
manifest="$(dirname "$backup")/manifest-${base#*.backup-}.txt"
if [ -f "$manifest" ]; then
  expected="$(sed -n 's/^SHA-256: //p' "$manifest")"
  actual="$(sha256sum "$candidate" | cut -d' ' -f1)"
  [ "$expected" = "$actual" ] || fail "backup does not match its manifest $manifest (SHA-256 $actual, expected $expected)"
  say "1. ✓ backup matches its manifest"
else
  say "1. (no manifest for this backup; relying on the integrity check)"
fi
integrity="$(integrity_of "$candidate")"
[ "$integrity" = "ok" ] || fail "backup failed PRAGMA integrity_check: $integrity; nothing changed"
say "   ✓ backup integrity_check: ok"

# Step 2: stop the service (the database must not change under the restore).
say "2. Stopping $SERVICE_NAME ..."
$SERVICE_CTL stop "$SERVICE_NAME"

# Step 3: keep the current database (and its WAL) for analysis, then restore.
stamp="$(date +%s)"
failed="${DB_FILE}.failed-${stamp}"
if [ -f "$DB_FILE" ]; then
  cp -p "$DB_FILE" "$failed"
  for ext in -wal -shm; do
    if [ -f "${DB_FILE}${ext}" ]; then mv "${DB_FILE}${ext}" "${failed}${ext}"; fi
  done
fi
say "3. Restoring the database ..."
# A stale -wal beside the restored file would be replayed into it: it was moved away above.
cp "$candidate" "${DB_FILE}.restoring"
if [ -f "$failed" ]; then
  chown --reference="$failed" "${DB_FILE}.restoring" 2>/dev/null || true
  chmod --reference="$failed" "${DB_FILE}.restoring" 2>/dev/null || true
fi
mv -f "${DB_FILE}.restoring" "$DB_FILE"

# Step 4: verify the restored database before starting anything on it.
say "4. Verifying the restored database ..."
integrity="$(integrity_of "$DB_FILE")"
if [ "$integrity" != "ok" ]; then
  fail "restored database failed PRAGMA integrity_check: $integrity; the service stays stopped (previous database: $failed)"
fi
say "   ✓ integrity_check: ok"

# Step 5: restart and wait for health.
say "5. Starting $SERVICE_NAME ..."
$SERVICE_CTL start "$SERVICE_NAME"
say "6. Health check ($HEALTH_URL, up to ${HEALTH_TIMEOUT_S} s) ..."
wait_healthy || fail "health check failed: $HEALTH_URL did not answer 200 within ${HEALTH_TIMEOUT_S} s"
say "✓ Rollback completed successfully!"
[ -f "$failed" ] && say "  Failed database saved: $failed"
say "  Restored from: $backup"
