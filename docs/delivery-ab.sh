#!/bin/bash
# Interleaved A/B of the delivery benchmark: a baseline commit and the working tree, one
# throughput run each per round, so that both see the same (noisy, shared) machine.
# Usage: bash docs/delivery-ab.sh BASE_REF [ROUNDS=3] [EVENTS=20000] [WEBHOOKS=16]
# Prints "base run 1: N deliveries/s" / "new run 1: N deliveries/s" per round (a warm-up round
# precedes each measured run inside DeliveryBenchmark).
set -euo pipefail
base_ref=${1:?usage: delivery-ab.sh BASE_REF [ROUNDS] [EVENTS] [WEBHOOKS]}
rounds=${2:-3}; events=${3:-20000}; webhooks=${4:-16}
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/delivery-ab.XXXXXX)
trap 'git -C "$here" worktree remove --force "$work/base" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git -C "$here" worktree add --detach "$work/base" "$base_ref" >/dev/null
(cd "$work/base" && ./mvnw -B -q test-compile)
(cd "$here" && ./mvnw -B -q test-compile \
  && ./mvnw -B -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test)
cp=$(cat "$here/target/cp.txt")
run() { # dir label
  (cd "$1" && java -cp "target/test-classes:target/classes:$cp" \
    io.navidocs.webhooks.delivery.DeliveryBenchmark 1 "$webhooks" "$events" throughput-only 2>&1 \
    | grep -E '^run' | sed "s/^/$2 /")
}
for r in $(seq 1 "$rounds"); do
  echo "== round $r $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)"
  run "$work/base" base
  run "$here" new
done
