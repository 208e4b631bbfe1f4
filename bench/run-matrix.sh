#!/bin/sh
# Runs the issue-6 scenario matrix, one load at a time, appending one JSON line per run to
# bench/results/matrix-<date>.jsonl. Usage: bench/run-matrix.sh [mjpeg|h264|ts ...]  (default: mjpeg h264 ts)
# Builds the bench and its own relay jar first (bench/target/camrelay.jar, from the working tree).
set -eu
cd "$(dirname "$0")/.."
mvn -q -Pbench -Dmaven.test.skip=true package
out="bench/results/matrix-$(date -u +%Y%m%dT%H%M%SZ).jsonl"
mkdir -p bench/results
SECS=${SECS:-20}
# max.viewers above the relay's default 500, so the late joiners (5 per run) are not refused
run() { timeout 120 mvn -q -Pbench exec:java -Dexec.args="--seconds $SECS --out $out --server-args --max.viewers=2000 $*" | grep -v '^{' || true; }
for f in ${*:-mjpeg h264 ts}; do
  case "$f" in mjpeg) V=--viewers ;; *) V=--ws-viewers ;; esac
  run --format "$f" $V 1
  run --format "$f" $V 200
  run --format "$f" $V 500
  run --format "$f" $V 1000
  run --format "$f" --streams 8 $V 20
  run --format "$f" $V 50
  run --format "$f" $V 50 --stalled 2
done
if [ "${1:-mjpeg}" = mjpeg ]; then
  run --format mjpeg --viewers 0 --ws-viewers 200 --label mjpeg-ws-1x200
  # calibration: the same 1000-viewer load against FloorServer, a bare one-thread NIO sender: what the bytes alone cost here
  java -Xmx128m -cp bench/target/classes dev.camrelay.bench.FloorServer --mode write > /tmp/camrelay-floor.log 2>&1 &
  floor=$!
  spec=""
  for i in $(seq 50); do spec=$(grep -o -- '--connect [0-9.:]*' /tmp/camrelay-floor.log | cut -d' ' -f2); [ -n "$spec" ] && break; sleep 0.2; done
  run --format mjpeg --viewers 1000 --connect "$spec" --label floor-write-1x1000
  kill "$floor"
fi
echo "results: $out"
