# Shared settings of the deploy scripts; sourced, not run. Every value can be overridden from the
# environment (tests replace NAVIDOCS_CMD, SERVICE_CTL and HEALTH_URL).

# How to run the service's CLI. Tests use: java -cp <class path> io.navidocs.webhooks.app.Main
NAVIDOCS_CMD="${NAVIDOCS_CMD:-java -jar /opt/navidocs-webhooks/navidocs-webhooks.jar}"
# Configuration file passed to every CLI call (empty: the CLI's own default and environment).
NAVIDOCS_CONFIG="${NAVIDOCS_CONFIG:-}"
# The SQLite database file (the path inside NAVIDOCS_DB_URL).
DB_FILE="${DB_FILE:-/var/lib/navidocs-webhooks/navidocs.db}"
# Where backups and their manifests go.
BACKUP_DIR="${BACKUP_DIR:-/var/backups/navidocs-webhooks}"
# The service manager command and unit ("systemctl" with "navidocs-webhooks").
SERVICE_CTL="${SERVICE_CTL:-systemctl}"
SERVICE_NAME="${SERVICE_NAME:-navidocs-webhooks}"
# Health endpoint checked after a restart, and how long to wait for it to answer 200.
HEALTH_URL="${HEALTH_URL:-http://127.0.0.1:8080/api/health}"
HEALTH_TIMEOUT_S="${HEALTH_TIMEOUT_S:-60}"
SQLITE3="${SQLITE3:-sqlite3}"

say() { printf '%s\n' "$*"; }
fail() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# Runs the CLI with the configured --config; word splitting of NAVIDOCS_CMD is intended.
navidocs() {
  if [ -n "$NAVIDOCS_CONFIG" ]; then
    # shellcheck disable=SC2086
    $NAVIDOCS_CMD "$@" --config "$NAVIDOCS_CONFIG"
  else
    # shellcheck disable=SC2086
    $NAVIDOCS_CMD "$@"
  fi
}

# Prints "ok" for a sound SQLite file, else what is wrong (never fails the shell).
integrity_of() {
  "$SQLITE3" "file:$1?mode=ro" "PRAGMA integrity_check;" 2>&1 | tr '\n' ' ' | sed 's/ $//' || true
}

# Waits until HEALTH_URL answers 200, at most HEALTH_TIMEOUT_S seconds.
wait_healthy() {
  local deadline=$(( $(date +%s) + HEALTH_TIMEOUT_S ))
  while :; do
    if curl -fsS --max-time 5 "$HEALTH_URL" >/dev/null 2>&1; then
      return 0
    fi
    [ "$(date +%s)" -ge "$deadline" ] && return 1
    sleep 1
  done
}
