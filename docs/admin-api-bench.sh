#!/usr/bin/env bash
# Admin API benchmark at a fixed rate while the worker delivers; see docs/benchmarks.md "Admin API (issue 4)".
# usage: docs/admin-api-bench.sh REPO_DIR LABEL [JAR]   (packaged jar + test classes built; needs node, python3, curl)
set -u
REPO=$1; LABEL=$2; JAR=${3:-$1/target/navidocs-webhooks.jar}; D=/tmp/apiperf/run; P=18580; R=18581
rm -rf $D; mkdir -p $D; cd $D
T=bench-admin-token-0123456789abcdef0123
CP=$REPO/target/test-classes:$REPO/target/navidocs-webhooks.jar
node -e "let n=0;require('http').createServer((q,s)=>{q.on('data',()=>{});q.on('end',()=>{n++;s.writeHead(204);s.end();});}).listen($R,'127.0.0.1');setInterval(()=>require('fs').writeFileSync('$D/received',String(n)),1000);" &
RECV=$!
NAVIDOCS_DB_URL=jdbc:sqlite:$D/bench.db NAVIDOCS_HTTP_PORT=$P NAVIDOCS_ADMIN_TOKEN=$T \
NAVIDOCS_API_RATE_LIMIT_PER_MINUTE=1000000 NAVIDOCS_DELIVERY_ALLOW_HTTP=true \
NAVIDOCS_DELIVERY_ALLOWED_NETWORKS=127.0.0.1/32 java -jar $JAR run > svc.log 2>&1 &
SVC=$!
for i in $(seq 1 60); do curl -sf http://127.0.0.1:$P/api/health >/dev/null && break; sleep 0.5; done
python3 -c "import sqlite3;c=sqlite3.connect('bench.db');c.execute(\"INSERT INTO organizations VALUES ('org-1','One',1,1)\");c.commit()"
for i in $(seq 1 10); do curl -s -o /dev/null -H "Authorization: Bearer $T" -H 'Content-Type: application/json' \
  -d "{\"organization_id\":\"org-1\",\"url\":\"http://127.0.0.1:$R/h$i\",\"topics\":[\"*\"]}" http://127.0.0.1:$P/api/webhooks; done
URL="http://127.0.0.1:$P/api/webhooks?limit=20"
java -cp $CP io.navidocs.webhooks.api.FixedRateLoad "$URL" $T 1000 10 2 > warmup.txt   # JIT warm-up, no delivery load
cat > feed.py <<PY
import sqlite3,time,sys
c=sqlite3.connect('$D/bench.db',timeout=5); c.execute('PRAGMA busy_timeout=5000')
end=time.time()+float(sys.argv[1]); n=0
while time.time()<end:
    t=time.time()
    c.executemany("INSERT INTO domain_events(organization_id,event_type,payload) VALUES('org-1','DOCUMENT_UPLOADED','{\"document_id\":\"d\"}')",[()]*10); c.commit(); n+=10
    d=0.05-(time.time()-t)
    if d>0: time.sleep(d)
print("events",n)
PY
python3 feed.py 80 > feed.log &
FEED=$!
sleep 5   # let delivery reach steady state
for run in 1 2 3; do
  B=$(cat received 2>/dev/null || echo 0); S=$(date +%s.%N)
  FIXED_RATE_PRIMING=3000 java -cp $CP io.navidocs.webhooks.api.FixedRateLoad "$URL" $T 1000 12 3 | tee -a result.txt
  A=$(cat received 2>/dev/null || echo 0); E=$(date +%s.%N)
  echo "  deliveries/s during run: $(python3 -c "print(round(($A-$B)/($E-$S)))")" | tee -a result.txt
done
wait $FEED; cat feed.log
echo "warm-up (no delivery): $(cat warmup.txt)"
kill $SVC $RECV; wait $SVC $RECV 2>/dev/null
cp result.txt /tmp/apiperf/result-$LABEL.txt
