#!/usr/bin/env bash
# Admin API at a fixed 1,000 requests/s, without and with the worker delivering; several service
# configurations compared interleaved (round 1 of every configuration, then round 2, ...), so a
# change in the machine's other load hits all of them alike. See docs/benchmarks.md, "Admin API".
#
# usage: docs/admin-api-bench.sh ROUNDS CONFIG...
#   CONFIG = LABEL:JAR:MODE[:JAVA_OPTIONS]
#     MODE one   = `run` (API and worker in one process, the default deployment)
#          split = `run --only api` + `run --only worker` under `nice -n 10` (docs/operations.md)
#   e.g. docs/admin-api-bench.sh 3 main:/tmp/main.jar:one new:target/navidocs-webhooks.jar:one \
#          split:target/navidocs-webhooks.jar:split "zgc:target/navidocs-webhooks.jar:one:-XX:+UseZGC"
# Needs: the jars built (./mvnw -B -q package -DskipTests), this checkout's test classes
# (./mvnw -B -q test-compile: FixedRateLoad), node (receiver), python3 (outbox feeder), curl.
# Every process is its own: service(s), receiver (Node.js), feeder (Python), load generator (JVM);
# on a 2-core machine they still share the CPU. Writes $OUT/results.txt and prints medians.
set -u
ROUNDS=$1; shift
REPO=$(cd "$(dirname "$0")/.." && pwd)
OUT=${OUT:-/tmp/admin-api-bench}; P=${PORT:-18580}; R=$((P + 1)); W=$((P + 2))
T=bench-admin-token-0123456789abcdef0123
RATE=${RATE:-1000}
rm -rf "$OUT"; mkdir -p "$OUT"
node -e "let n=0;require('http').createServer((q,s)=>{q.on('data',()=>{});q.on('end',()=>{n++;s.writeHead(204);s.end();});}).listen($R,'127.0.0.1');setInterval(()=>require('fs').writeFileSync('$OUT/received',String(n)),200);" &
RECV=$!
trap 'kill $RECV 2>/dev/null' EXIT

received() { cat "$OUT/received" 2>/dev/null || echo 0; }
# CPU seconds (user+system) used so far by the given processes.
cpu() { for p in "$@"; do awk '{print $14+$15}' /proc/$p/stat; done | awk -v hz="$(getconf CLK_TCK)" '{s+=$1} END {printf "%.2f", s/hz}'; }
load() { # LABEL ROUND PHASE SECONDS WARMUP PRIMING PIDS...
  local label=$1 round=$2 phase=$3 secs=$4 warm=$5 prime=$6; shift 6
  local b c0 s line a c1 e
  b=$(received); c0=$(cpu "$@"); s=$(date +%s.%N)
  line=$(FIXED_RATE_PRIMING=$prime java -cp "$REPO/target/test-classes:$JAR" \
    io.navidocs.webhooks.api.FixedRateLoad "http://127.0.0.1:$P/api/webhooks?limit=20" $T $RATE $secs $warm)
  a=$(received); c1=$(cpu "$@"); e=$(date +%s.%N)
  echo "$label round=$round $phase $line deliveries/s=$(python3 -c "print(round(($a-$b)/($e-$s)))") service_cpu=$(python3 -c "print(round(($c1-$c0)/($e-$s)*100))")%" | tee -a "$OUT/results.txt"
}

run_config() { # LABEL JAR MODE JAVA_OPTIONS ROUND
  local label=$1 mode=$3 opts=$4 round=$5 d="$OUT/$1-$5" svc wrk="" feed i
  JAR=$(realpath "$2")
  mkdir -p "$d"; cd "$d"   # no config/application.yaml here: every run starts from the defaults
  export NAVIDOCS_DB_URL=jdbc:sqlite:$d/bench.db NAVIDOCS_ADMIN_TOKEN=$T \
    NAVIDOCS_API_RATE_LIMIT_PER_MINUTE=1000000 NAVIDOCS_DELIVERY_ALLOW_HTTP=true \
    NAVIDOCS_DELIVERY_ALLOWED_NETWORKS=127.0.0.1/32
  if [ "$mode" = split ]; then
    NAVIDOCS_HTTP_PORT=$P java -Xlog:gc:file=$d/gc-api.log:uptime $opts -jar "$JAR" run --only api > "$d/api.log" 2>&1 &
    svc=$!
  else
    NAVIDOCS_HTTP_PORT=$P java -Xlog:gc:file=$d/gc.log:uptime $opts -jar "$JAR" run > "$d/service.log" 2>&1 &
    svc=$!
  fi
  for i in $(seq 1 120); do curl -sf http://127.0.0.1:$P/api/health > /dev/null && break; sleep 0.5; done
  if [ "$mode" = split ]; then
    NAVIDOCS_HTTP_PORT=$W NAVIDOCS_DB_MIGRATE_ON_START=false nice -n 10 \
      java -Xlog:gc:file=$d/gc-worker.log:uptime $opts -jar "$JAR" run --only worker > "$d/worker.log" 2>&1 &
    wrk=$!
    for i in $(seq 1 120); do curl -sf http://127.0.0.1:$W/api/health > /dev/null && break; sleep 0.5; done
  fi
  python3 -c "import sqlite3;c=sqlite3.connect('$d/bench.db');c.execute(\"INSERT INTO organizations VALUES ('org-1','One',1,1)\");c.commit()"
  for i in $(seq 1 10); do curl -s -o /dev/null -H "Authorization: Bearer $T" -H 'Content-Type: application/json' \
    -d "{\"organization_id\":\"org-1\",\"url\":\"http://127.0.0.1:$R/h$i\",\"topics\":[\"*\"]}" http://127.0.0.1:$P/api/webhooks; done
  # JIT warm-up of the API (closed-loop priming, then 8 s at the fixed rate), no delivery load.
  FIXED_RATE_PRIMING=20000 java -cp "$REPO/target/test-classes:$JAR" io.navidocs.webhooks.api.FixedRateLoad \
    "http://127.0.0.1:$P/api/webhooks?limit=20" $T $RATE 8 0 > "$d/warmup.txt"
  load "$label" "$round" idle 10 2 3000 $svc
  # 200 outbox events/s (10 every 50 ms) for 10 webhooks: ~2,000 deliveries/s offered.
  python3 - "$d/bench.db" 32 > "$d/feed.log" <<'PY' &
import sqlite3,time,sys
c=sqlite3.connect(sys.argv[1],timeout=5); c.execute('PRAGMA busy_timeout=5000')
end=time.time()+float(sys.argv[2]); n=0
while time.time()<end:
    t=time.time()
    c.executemany("INSERT INTO domain_events(organization_id,event_type,payload) VALUES('org-1','DOCUMENT_UPLOADED','{\"document_id\":\"d\"}')",[()]*10); c.commit(); n+=10
    d=0.05-(time.time()-t)
    if d>0: time.sleep(d)
print("events",n)
PY
  feed=$!
  sleep 5   # delivery reaches steady state (and its JIT warms up)
  load "$label" "$round" delivering 12 3 3000 $svc $wrk
  wait $feed
  kill $svc $wrk 2>/dev/null; wait $svc $wrk 2>/dev/null
}

for round in $(seq 1 "$ROUNDS"); do
  for config in "$@"; do
    IFS=: read -r label jar mode opts <<< "$config"
    run_config "$label" "$jar" "$mode" "${opts:-}" "$round"
  done
done

python3 - "$OUT/results.txt" <<'PY'
import re,sys,statistics,collections
rows=collections.defaultdict(list)
for line in open(sys.argv[1]):
    f=line.split(); key=(f[0],f[2]); kv=dict(x.split('=',1) for x in f[3:] if '=' in x)
    rows[key].append({k:float(re.sub(r'[^0-9.]','',v)) for k,v in kv.items() if k in('p50','p99','achieved','deliveries/s','service_cpu')})
print(f"\n{'config':14s} {'phase':11s} {'runs':>4s} {'achieved':>9s} {'p50 ms':>8s} {'p99 ms':>8s} {'p99 of runs':>24s} {'deliveries/s':>12s} {'service CPU':>11s}")
for (label,phase),rs in rows.items():
    med=lambda k: statistics.median(r[k] for r in rs)
    each=' / '.join('%.1f' % r['p99'] for r in rs)
    print(f"{label:14s} {phase:11s} {len(rs):4d} {med('achieved'):9.0f} {med('p50'):8.2f} {med('p99'):8.2f} {each:>24s} {med('deliveries/s'):12.0f} {med('service_cpu'):10.0f}%")
PY
