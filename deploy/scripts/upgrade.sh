#!/usr/bin/env bash
# Upgrade with a safety net (the seed's "Migration Deployment Checklist"): pre-migration backup,
# stop the service, install the new jar, apply migrations, post-migration smoke test, start,
# wait for health. If any step after the backup fails, the previous jar and the backup are put
# back (rollback.sh) and the script exits 1.
#
# Usage: upgrade.sh [NEW_JAR]
#   NEW_JAR is copied over INSTALL_JAR (the previous one is kept as INSTALL_JAR.previous);
#   without it only migrations and checks run (e.g. after installing a package).
#   Settings from the environment, see common.sh.
set -euo pipefail
. "$(dirname "$0")/common.sh"
here="$(cd "$(dirname "$0")" && pwd)"
new_jar="${1:-}"
INSTALL_JAR="${INSTALL_JAR:-/opt/navidocs-webhooks/navidocs-webhooks.jar}"

say "== 1. Pre-migration backup"
backup_out="$(bash "$here/backup.sh")" || { printf '%s\n' "$backup_out"; fail "backup failed; nothing changed"; }
printf '%s\n' "$backup_out"
backup_file="$(printf '%s\n' "$backup_out" | sed -n 's/^✓ backup verified: //p')"
[ -f "$backup_file" ] || fail "cannot tell which backup was taken"

restore() {
  say "== Upgrade failed: $1; rolling back"
  if [ -n "$new_jar" ] && [ -f "$INSTALL_JAR.previous" ]; then
    cp "$INSTALL_JAR.previous" "$INSTALL_JAR"
    say "previous jar restored"
  fi
  bash "$here/rollback.sh" "$backup_file" || say "ROLLBACK FAILED: restore $backup_file by hand (docs/operations.md)"
  exit 1
}

say "== 2. Stopping $SERVICE_NAME"
$SERVICE_CTL stop "$SERVICE_NAME"
if [ -n "$new_jar" ]; then
  say "== 3. Installing $new_jar"
  [ -f "$INSTALL_JAR" ] && cp -p "$INSTALL_JAR" "$INSTALL_JAR.previous"
  cp "$new_jar" "$INSTALL_JAR.new" && mv -f "$INSTALL_JAR.new" "$INSTALL_JAR" || restore "cannot install $new_jar"
fi
say "== 4. Applying migrations"
navidocs migrate up || restore "migrate up failed"
navidocs migrate status || restore "migrate status reports a changed or unknown migration"
say "== 5. Post-migration smoke test"
bash "$here/smoke-test.sh" || restore "smoke test failed"
say "== 6. Starting $SERVICE_NAME"
$SERVICE_CTL start "$SERVICE_NAME"
wait_healthy || restore "$HEALTH_URL did not answer 200 within ${HEALTH_TIMEOUT_S} s"
say "✓ Upgrade completed; backup taken before it: $backup_file"
