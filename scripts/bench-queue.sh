#!/bin/sh
# Wall time of the demo compare: in process, then --queue with 1 and 2 workers (Redis on 127.0.0.1:6379),
# and whether the outputs are byte-identical. Run: sh scripts/bench-queue.sh [city folder] [results folder]
# (the city from pnpm demo:city --out <city folder>).
set -e
cd "$(dirname "$0")/.."
D=${1:-runs/demo-city/input}; R=${2:-/tmp/payesh-bench-queue}; rm -rf $R; mkdir -p $R
A="--before $D/before.tif --after $D/after.tif --parcels $D/parcels.geojson --permits $D/permits.csv --quiet"
Q="--queue redis://127.0.0.1:6379 --queue-prefix payesh-bench"
t() { s=$(date +%s.%N); "$@" > /dev/null; e=$(date +%s.%N); echo "$(echo "$e - $s" | bc) s"; }
echo "in-process: $(t ./payesh compare $A --out $R/inproc)"
for n in 1 2; do
  pids=""
  for i in $(seq $n); do node --import tsx packages/cli/src/bin.ts worker $Q --quiet 2>/dev/null & pids="$pids $!"; done
  sleep 3
  echo "queue, $n worker(s): $(t ./payesh compare $A --out $R/queue$n $Q)"
  kill $pids; wait $pids 2>/dev/null || true
  for f in change-score.tif change-mask.tif changes.geojson flags.geojson flags.csv; do cmp -s $R/inproc/$f $R/queue$n/$f || echo "DIFFERENT $f"; done
done
redis-cli --scan --pattern 'payesh-bench:*' | xargs -r redis-cli del > /dev/null
uptime
