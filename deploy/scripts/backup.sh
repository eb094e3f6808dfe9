#!/usr/bin/env bash
# Pre-migration backup (the seed's "Data Backup Strategy"): an online backup of the SQLite
# database, PRAGMA integrity_check on the copy, a manifest beside it (date, source, file, size,
# SHA-256, integrity, tables) and the retention policy (gzip after 7 days, delete after 30).
# The service may keep running: the copy is one consistent snapshot (VACUUM INTO).
#
# Usage: backup.sh            (settings from the environment, see common.sh)
set -euo pipefail
. "$(dirname "$0")/common.sh"

[ -f "$DB_FILE" ] || fail "database file not found: $DB_FILE"
say "Backing up $DB_FILE into $BACKUP_DIR ..."
out="$(navidocs backup --dir "$BACKUP_DIR")" || fail "backup failed: $out"
say "$out"
file="$(printf '%s\n' "$out" | sed -n 's/^backup taken: \(.*\) ([0-9]* bytes.*/\1/p')"
manifest="$(printf '%s\n' "$out" | sed -n 's/^manifest: //p')"
[ -f "$file" ] || fail "backup file not found after backup: $file"
[ -f "$manifest" ] || fail "manifest not found after backup: $manifest"
# Check the copy independently of the service's own check, with the sqlite3 CLI as the seed does.
if command -v "$SQLITE3" >/dev/null 2>&1; then
  integrity="$(integrity_of "$file")"
  [ "$integrity" = "ok" ] || fail "backup $file failed PRAGMA integrity_check: $integrity"
  say "✓ sqlite3 integrity_check: ok ($("$SQLITE3" "file:$file?mode=ro" ".tables" | wc -w) tables)"
fi
sum="$(sha256sum "$file" | cut -d' ' -f1)"
grep -q "^SHA-256: $sum\$" "$manifest" || fail "manifest $manifest does not match $file"
say "✓ backup verified: $file"
