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
set -- $(python3 -c 'import socket
s=[socket.socket() for _ in range(3)]
[x.bind(("127.0.0.1",0)) for x in s]
print(*[x.getsockname()[1] for x in s])') "$@"
http=$1 ingest=$2 frames=$3
shift 3
# the rtsp path's camera: GStreamer's RTSP server encoding the probe's raw pictures, which it
# reads from g2g.mjs over TCP; the relay pulls it on demand, once the page opens its tile
rtsp_out=$(mktemp)
sleep 86400 | /usr/bin/python3 src/test/resources/rtsp/rtsp_server.py 0 --probe-launch \
  "( tcpclientsrc host=127.0.0.1 port=$frames ! rawvideoparse width=640 height=360 format=rgb framerate=30/1 \
  ! videoconvert ! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=60 \
  ! video/x-h264,profile=constrained-baseline ! rtph264pay name=pay0 pt=96 config-interval=-1 )" \
  > "$rtsp_out" 2>/tmp/camrelay-g2g-rtsp.log &
rtsp=$!
for i in $(seq 50); do grep -q '^PORT' "$rtsp_out" && break; sleep 0.2; done
rtsp_port=$(sed -n 's/^PORT //p' "$rtsp_out")
java -Xmx256m -jar target/camrelay.jar --http.port="$http" --ingest.port="$ingest" --ingest.host=127.0.0.1 \
  --source.g2g-rtsp="rtsp://127.0.0.1:$rtsp_port/probe" --source.g2g-rtsp.on-demand=true \
  > /tmp/camrelay-g2g.log 2>&1 &
relay=$!
trap 'kill $relay $rtsp 2>/dev/null || true; pkill -P $$ sleep 2>/dev/null || true; rm -f "$rtsp_out"' EXIT
for i in $(seq 100); do curl -fs "http://127.0.0.1:$http/readyz" >/dev/null && break; sleep 0.2; done
out="bench/results/g2g-$(date -u +%Y%m%d).jsonl"
mkdir -p bench/results
meta="\"date\":\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\",\"cpus\":$(nproc),\"cpu\":\"$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')\",\"commit\":\"$(git rev-parse --short HEAD)\",\"label\":\"${LABEL:-}\""
G2G_FRAME_PORT=$frames node bench/g2g.mjs "$http" "$ingest" "$SECS" "$@" | while read -r line; do
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  echo "{$meta,\"load\":\"$load\",${line#\{}" | tee -a "$out"
done
