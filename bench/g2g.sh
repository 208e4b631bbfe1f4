#!/bin/sh
# Glass-to-glass probe (never part of mvn verify): builds the relay jar from the working tree,
# starts it on free loopback ports, runs bench/g2g.mjs (a stamping camera through ffmpeg,
# the relay's own pages in headless Chromium) and appends its JSON lines, with the machine and the
# load average, to bench/results/g2g-<date>.jsonl. Usage: [LABEL=text] bench/g2g.sh [SECONDS] [path...]
set -eu
cd "$(dirname "$0")/.."
SECS=${1:-20}
[ $# -gt 0 ] && shift
mvn -q -o -Dmaven.test.skip=true package
[ -d node_modules/puppeteer-core ] || npm ci --no-audit --no-fund   # the project's npm packages
ports=$(python3 -c 'import socket
s=[socket.socket() for _ in range(2)]
[x.bind(("127.0.0.1",0)) for x in s]
print(*[x.getsockname()[1] for x in s])')
http=${ports% *}
ingest=${ports#* }
java -Xmx256m -jar target/camrelay.jar --http.port="$http" --ingest.port="$ingest" --ingest.host=127.0.0.1 \
  > /tmp/camrelay-g2g.log 2>&1 &
relay=$!
trap 'kill $relay 2>/dev/null || true' EXIT
for i in $(seq 100); do curl -fs "http://127.0.0.1:$http/readyz" >/dev/null && break; sleep 0.2; done
out="bench/results/g2g-$(date -u +%Y%m%d).jsonl"
mkdir -p bench/results
meta="\"date\":\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\",\"cpus\":$(nproc),\"cpu\":\"$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')\",\"commit\":\"$(git rev-parse --short HEAD)\",\"label\":\"${LABEL:-}\""
node bench/g2g.mjs "$http" "$ingest" "$SECS" "$@" | while read -r line; do
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  echo "{$meta,\"load\":\"$load\",${line#\{}" | tee -a "$out"
done
